"""Documents not in the guide's language (docs/reference.md section 13): detected, reported as
``language`` and one ``VL002``, and given no English verdicts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from voicelint import engine, language, parallel
from voicelint.api import LintOptions, iter_results, lint_text, load_guide
from voicelint.guide.loader import GuideError, load_guide_text
from voicelint.language import detect, evidence
from voicelint.report import DocumentResult

REPLIES = yaml.safe_load((Path(__file__).parent / "replies.yml").read_text(encoding="utf-8"))
OTHER = [pytest.param(r["text"], r["language"], id=f"{r['language']}-{i}") for i, r in enumerate(REPLIES["other"])]
ENGLISH_CATEGORIES = {"tone", "readability", "boilerplate"}
#: support-default with every English rule on at warning: the preset ships the imprecise ones off
#: or as info (the precision gate), and these tests need them all running.
EVERY_ENGLISH_RULE = load_guide_text(
    "version: 1\nextends: support-default\nboilerplate: {severity: warning}\nrules: {"
    + ", ".join(f"VL{code}: warning" for code in (201, 202, 401, 402, 403, 404, 405, 406, 411, 412, 413, 414, 415, 416))
    + "}\n"
)


@pytest.mark.parametrize(("text", "expected"), OTHER)
def test_other_languages_are_detected(text: str, expected: str) -> None:
    assert detect(text) == expected


@pytest.mark.parametrize("text", REPLIES["english"])
def test_short_and_tricky_english_stays_english(text: str) -> None:
    assert detect(text) == "en"


def test_names_acronyms_handles_placeholders_and_code_are_no_evidence() -> None:
    words = evidence("Hi Aditya, DM @soporte_es {{first_name}} https://x.es/hola `rm -rf` 12345 ^RR. Gracias amigo")
    assert words == "Hi Gracias amigo"


def test_a_guide_language_the_detector_does_not_know_is_never_contradicted() -> None:
    assert detect("Hola Marta, gracias por escribirnos. Ya revisamos tu pedido.", "gn") == "gn"


@pytest.mark.parametrize(("text", "expected"), OTHER)
def test_another_language_gets_one_vl002_and_no_english_verdicts(text: str, expected: str) -> None:
    report = lint_text(text, guide=EVERY_ENGLISH_RULE)
    (document,) = report.to_dict()["documents"]
    assert document["language"] == expected
    assert [v["rule"] for v in document["violations"] if v["rule"] == "VL002"] == ["VL002"]
    vl002 = next(v for v in document["violations"] if v["rule"] == "VL002")
    assert vl002["severity"] == "info" and vl002["category"] == "consistency"
    assert not {v["category"] for v in document["violations"]} & ENGLISH_CATEGORIES
    assert not {"tone", "readability", "scriptedness"} & set(document["scores"])


def test_without_detection_these_replies_would_get_english_verdicts(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fixtures matter: read as English, they draw tone, readability or boilerplate findings."""
    monkeypatch.setattr(language, "detect", lambda text, expected="en": expected)
    flagged = 0
    for param in OTHER:
        text = param.values[0]
        document = lint_text(str(text), guide=EVERY_ENGLISH_RULE).to_dict()["documents"][0]
        assert document["language"] == "en"
        # read as English, every one gets English tone and readability scores ...
        assert {"tone", "readability"} <= set(document["scores"])
        flagged += bool({v["category"] for v in document["violations"]} & ENGLISH_CATEGORIES)
    # ... and some draw English findings (the test above is not vacuous)
    assert flagged >= 1


@pytest.mark.parametrize("text", REPLIES["english"])
def test_english_documents_report_en_and_keep_their_scores(text: str) -> None:
    document = lint_text(text, guide="support-default").to_dict()["documents"][0]
    assert document["language"] == "en"
    assert "VL002" not in {v["rule"] for v in document["violations"]}
    assert "tone" in document["scores"]


def test_english_rules_still_run_on_english() -> None:
    document = lint_text("Per our policy, you should have read the FAQ.", guide="support-default").to_dict()
    categories = {v["category"] for v in document["documents"][0]["violations"]}
    assert "tone" in categories


GUIDE = """\
version: 1
language: {language}
banned:
  - phrase: lamentamos las molestias
    reason: Demasiado formal.
"""


def test_brand_phrases_and_placeholders_still_apply_to_another_language() -> None:
    guide = load_guide_text(GUIDE.format(language="en"))
    text = "Hola {{nombre}, lamentamos las molestias. Ya revisamos tu pedido y el reembolso llegará pronto."
    rules = [v.rule for v in lint_text(text, guide=guide).violations]
    assert sorted(rules) == ["VL002", "VL101", "VL701"]


def test_a_spanish_guide_accepts_spanish_and_flags_english() -> None:
    guide = load_guide_text(GUIDE.format(language="es"))
    spanish = lint_text("Hola Marta, gracias por escribirnos. Ya revisamos tu pedido y el reembolso llegará pronto.",
                        guide=guide).to_dict()["documents"][0]
    assert spanish["language"] == "es"
    assert spanish["violations"] == []
    english = lint_text("Unfortunately you should have checked the size guide before you ordered it.",
                        guide=guide).to_dict()["documents"][0]
    assert english["language"] == "en"
    assert [v["rule"] for v in english["violations"]] == ["VL002"]
    assert "English (en); the guide is for Spanish (es)" in english["violations"][0]["message"]


def test_a_channel_may_have_its_own_language() -> None:
    guide = load_guide_text("version: 1\nchannels:\n  email: {}\n  chat_es: {language: es}\n")
    text = "Hola Marta, gracias por escribirnos. Ya revisamos tu pedido y el reembolso llegará pronto."
    assert [v.rule for v in lint_text(text, guide=guide, channel="chat_es").violations] == []
    assert [v.rule for v in lint_text(text, guide=guide, channel="email").violations] == ["VL002"]


@pytest.mark.parametrize(
    ("value", "hint"),
    [("spanish", "did you mean 'es'? (Spanish)"), ("pt-BR", "did you mean 'pt'?"), ("eng", "did you mean 'en'?"),
     ("xx", "")],
)
def test_a_bad_language_code_is_a_clear_error(value: str, hint: str) -> None:
    with pytest.raises(GuideError) as raised:
        load_guide_text(f"version: 1\nname: Acme\nlanguage: {value}\n", display_path="acme.yaml")
    message = str(raised.value)
    assert "acme.yaml:3:" in message and "ISO 639-1" in message
    assert hint in message


def test_a_long_document_in_another_language_is_analysed_in_pieces_without_english_verdicts() -> None:
    paragraph = "Hola Marta, gracias por escribirnos. Lamentamos mucho el retraso, ya revisamos tu pedido.\n\n"
    text = paragraph * 200  # over analysis.PIECE_CHARS
    document = lint_text(text, guide=EVERY_ENGLISH_RULE).to_dict()["documents"][0]
    assert document["language"] == "es"
    assert [v["rule"] for v in document["violations"]] == ["VL002"]


def _library(tmp_path: Path) -> Path:
    replies = [r["text"] for r in REPLIES["other"]] + ["Per our policy we cannot refund this order, sorry!"] * 3
    path = tmp_path / "macros.json"
    path.write_text(json.dumps({f"Macro {i}": t for i, t in enumerate(replies * 3)}), encoding="utf-8")
    return path


def _report(path: Path, **options: Any) -> list[dict[str, Any]]:
    guide = load_guide("support-default")
    results = iter_results([str(path)], guide, LintOptions(**options))
    return [r.to_dict() for r in results if isinstance(r, DocumentResult)]


def test_cache_and_workers_keep_the_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _library(tmp_path)
    single = _report(path, jobs=1)
    assert {d["language"] for d in single} == {"en", "es", "fr", "de", "ru", "ms"}
    cache_dir = str(tmp_path / "cache")
    assert _report(path, cache_dir=cache_dir) == single
    monkeypatch.setattr(language, "detect", lambda *a, **k: pytest.fail("a cached document was detected again"))
    assert _report(path, cache_dir=cache_dir) == single
    monkeypatch.undo()
    monkeypatch.setattr(parallel, "PARALLEL_MIN_DOCS", 10)
    monkeypatch.setattr(engine, "WINDOW_DOCS", 16)
    assert _report(path, jobs=2) == single


def test_the_guide_language_is_part_of_the_cache_key(tmp_path: Path) -> None:
    text = "Hola Marta, gracias por escribirnos. Ya revisamos tu pedido y el reembolso llegará pronto."
    cache_dir = str(tmp_path / "cache")
    english = load_guide_text("version: 1\n")
    spanish = load_guide_text("version: 1\nlanguage: es\n")
    first = lint_text(text, guide=english, cache_dir=cache_dir).to_dict()["documents"][0]["violations"]
    second = lint_text(text, guide=spanish, cache_dir=cache_dir).to_dict()["documents"][0]["violations"]
    assert [v["rule"] for v in first] == ["VL002"] and second == []


def test_fast_commands_do_not_import_the_detector() -> None:
    code = ("import sys; from voicelint.cli import main; import voicelint.rules as r; r.all_rules(); "
            "print('py3langid' in sys.modules)")
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == "False"


def _detect_in_child() -> None:
    assert detect("Hola Marta, gracias por escribirnos. Ya revisamos tu pedido.") == "es"


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="fork is POSIX-only")
def test_a_worker_forked_while_the_detector_loads_does_not_hang() -> None:
    """The preload thread holds a lock while loading; a worker forked then must not wait for it forever."""
    import multiprocessing

    with language._LOADING:  # as if the preload thread were loading at the moment of the fork
        child = multiprocessing.get_context("fork").Process(target=_detect_in_child)
        child.start()
    child.join(120)
    if child.is_alive():
        child.kill()
    assert child.exitcode == 0
