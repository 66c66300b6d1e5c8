"""The shape the code promises: no import cycles, one Doc-holding module, registries that refuse
duplicates, and extension points (rules, readers, formatters) that keep their promise."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "voicelint"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _top_level_imports(tree: ast.Module, module: str, is_package: bool) -> Iterator[str]:
    """Imports executed when the module is imported (not inside functions or TYPE_CHECKING)."""
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for child in ast.walk(node) if not isinstance(node, ast.FunctionDef | ast.ClassDef) else ():
            if isinstance(child, ast.Import):
                yield from (alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    package = module if is_package else module.rpartition(".")[0]
                    for _ in range(child.level - 1):
                        package = package.rpartition(".")[0]
                    base = f"{package}.{base}".strip(".")
                # ``from a.b import c`` depends on the module a.b.c when there is one, else on a.b
                # (not on the package a, whose __init__ runs first but is no dependency of ours).
                yield from (f"{base}.{alias.name}" for alias in child.names)
                yield base


def import_graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        targets = _top_level_imports(tree, name, path.name == "__init__.py")
        found = set(targets)
        # A module named by ``from a.b import c`` stands for a.b only when c is not a module.
        graph[name] = {
            t for t in found
            if t in modules and t != name and not any(other.startswith(t + ".") and other in modules for other in found)
        }
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_import_graph_has_no_cycles() -> None:
    graph = import_graph()
    assert graph.get("voicelint.engine"), "the graph must see real imports"
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_vocabulary_is_the_lowest_module() -> None:
    assert import_graph()["voicelint.vocabulary"] == set()


def test_only_the_analysis_module_parses_documents() -> None:
    """A spaCy Doc exists in one place: only voicelint.analysis streams texts through the pipeline,
    and the modules around it (engine, pipeline, workers, API, CLI, server) never import spaCy."""
    streamers = {_module_name(p) for p in PACKAGE.rglob("*.py") if ".pipe(" in p.read_text(encoding="utf-8")}
    # matching.py parses the guide's phrases (to compile patterns), never a document.
    assert streamers == {"voicelint.analysis", "voicelint.matching"}
    for name in ("engine", "pipeline", "parallel", "api", "cli", "server", "client", "protocol", "cache", "report"):
        tree = ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))
        imported = set(_runtime_imports(tree))
        assert not any(m == "spacy" or m.startswith("spacy.") for m in imported), name


def _runtime_imports(node: ast.AST) -> Iterator[str]:
    """Every module imported anywhere in ``node`` except under ``if TYPE_CHECKING:``."""
    if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
        return
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        yield node.module or ""
    for child in ast.iter_child_nodes(node):
        yield from _runtime_imports(child)


def test_the_client_does_not_import_the_server() -> None:
    graph = import_graph()
    assert "voicelint.server" not in graph["voicelint.client"]
    assert "voicelint.protocol" in graph["voicelint.client"]


def test_registering_a_rule_code_or_name_twice_is_an_error() -> None:
    from voicelint.rules import Rule, all_rules, register

    existing = all_rules()[0]
    clash_code = type("Clash", (Rule,), {"code": existing.code, "name": "brand-new-name", "category": "tone",
                                          "summary": "x"})
    with pytest.raises(ValueError, match="registered twice"):
        register(clash_code)
    clash_name = type("Clash2", (Rule,), {"code": "VL999", "name": existing.name, "category": "tone",
                                           "summary": "x"})
    with pytest.raises(ValueError, match="registered twice"):
        register(clash_name)


def test_registering_a_formatter_name_twice_is_an_error() -> None:
    from voicelint.formatters import Formatter, formatters, register_formatter

    formatters()
    clash = type("Clash", (Formatter,), {"name": "json", "description": "x"})
    with pytest.raises(ValueError, match="registered twice"):
        register_formatter(clash)
    assert formatters()["json"] is not clash


def test_format_choices_come_from_the_formatter_registry() -> None:
    from click.testing import CliRunner

    from voicelint.cli import main
    from voicelint.formatters import formatters

    help_text = CliRunner().invoke(main, ["check", "--help"]).output
    assert f"[{'|'.join(sorted(formatters()))}]" in help_text


def test_an_extension_has_one_reader_and_content_readers_come_first(tmp_path: Path) -> None:
    from voicelint.document import Document
    from voicelint.sources import read_text, reader_key, register, register_content, registry

    with pytest.raises(ValueError, match="already has a reader"):
        register(".json")(lambda source, options: iter(()))

    def special(source: object, options: object) -> Iterator[Document]:
        yield Document(text="Per our policy.", source=source)  # type: ignore[arg-type]

    before = reader_key("x.json")
    register_content(".json", detect=lambda text: text.startswith('{"special"'))(special)
    try:
        docs = list(read_text("x.json", '{"special": 1}'))
        assert [d.text for d in docs if isinstance(d, Document)] == ["Per our policy."]
        plain = list(read_text("x.json", '{"a": "Hello there"}'))
        assert [d.text for d in plain if isinstance(d, Document)] == ["Hello there"]
        assert reader_key("x.json") != before, "a new reader for .json changes the cache key"
    finally:
        registry._DETECTORS[".json"].remove(registry._DETECTORS[".json"][-1])


def test_the_guide_package_imports_no_rule() -> None:
    """Rules declare their guide sections; the guide package learns them without importing rules."""
    for path in (PACKAGE / "guide").glob("*.py"):
        imported = set(_runtime_imports(ast.parse(path.read_text(encoding="utf-8"))))
        bad = {m for m in imported if m.startswith(("voicelint.rules", "voicelint.boilerplate", "voicelint.tone"))}
        assert not bad, f"{path.name} imports {bad}"


def test_a_rule_with_its_own_guide_section_is_one_registration(tmp_path: Path) -> None:
    """A new section registered by a rule module is validated (with positions) and merged per channel."""
    from voicelint.guide import sections
    from voicelint.guide.loader import GuideError, load_guide_text
    from voicelint.guide.schema import Map, Str

    section = sections.GuideSection("sign_off", Map(fields={"text": Str(max_length=40)}), per_channel=True)
    sections.register_section(section)
    try:
        guide = load_guide_text(
            "version: 1\nsign_off: {text: Sam}\nchannels: {chat: {sign_off: {text: S}}, email: {}}\n",
            base_dir=tmp_path,
        )
        assert guide.channel("chat").section("sign_off") == {"text": "S"}
        assert guide.channel("email").section("sign_off") == {"text": "Sam"}
        with pytest.raises(GuideError, match=r"<string>:2:\d+: sign_off\.txt: unknown key"):
            load_guide_text("version: 1\nsign_off: {txt: Sam}\n", base_dir=tmp_path)
        with pytest.raises(ValueError, match="registered twice"):
            sections.register_section(sections.GuideSection("sign_off", Str()))
    finally:
        del sections._SECTIONS["sign_off"]
