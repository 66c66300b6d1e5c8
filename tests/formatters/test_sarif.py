"""``--format sarif``: valid against the OASIS SARIF 2.1.0 schema shipped in tests/data/sarif, with
rule help, repository-relative URIs, code-point columns, stable fingerprints, literal fixes, input
errors as notifications, and GitHub code scanning's limit of results kept."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from voicelint.cli import main
from voicelint.explain import measured_precision
from voicelint.fingerprints import fingerprinted
from voicelint.formatters import formatters
from voicelint.formatters import sarif as sarif_format
from voicelint.formatters.repository import repository_root
from voicelint.report import DocumentResult, Fix, ReportError, RuleInfo, RunInfo, RunSummary, Violation
from voicelint.rules import find_rule
from voicelint.vocabulary import Severity

DATA = Path(__file__).resolve().parents[1] / "data" / "sarif"
SCHEMA_SHA256 = "80cd7ffb9b62a4162d541aa9170862dd264f6cce0f04c57f1ac9f2337b808958"
REPO = Path(__file__).resolve().parents[2]

# A reply whose finding ("log in") comes after an emoji (two UTF-16 units, one code point) and CJK.
REPLY = "# Refund\n\nHi Ana 😀 你好! Please log in to see your refund.\n"
LIBRARY = """\
- id: refund-delay
  text: |
    Please log in to the portal. We regret to inform you that the refund is late.
- id: "address-change"
  text: "Update your address after you log in."
"""


def _validator() -> jsonschema.Draft7Validator:
    raw = (DATA / "sarif-schema-2.1.0.json").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == SCHEMA_SHA256, "the shipped schema must stay the published file"
    schema = json.loads(raw)
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def _valid(log: dict[str, Any]) -> None:
    errors = sorted(_validator().iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def _project(tmp_path: Path) -> Path:
    """A repository (``.git``) with a Markdown reply, a YAML library and a broken JSON file."""
    (tmp_path / ".git").mkdir()
    docs = tmp_path / "help center"
    docs.mkdir()
    (docs / "reply.md").write_text(REPLY, encoding="utf-8")
    (docs / "macros.yaml").write_text(LIBRARY, encoding="utf-8")
    (docs / "broken.json").write_text('[{"text": "Hi"', encoding="utf-8")
    return docs


def _check(*args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(main, ["check", "--no-cache", "-j", "1", "--format", "sarif", *args])
    return result.exit_code, json.loads(result.stdout)


def _results_by(log: dict[str, Any], uri_end: str) -> list[dict[str, Any]]:
    return [
        r
        for r in log["runs"][0]["results"]
        if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(uri_end)
    ]


def test_the_shipped_schema_is_the_published_one_and_rejects_a_bad_log() -> None:
    validator = _validator()
    assert validator.schema["$id"].endswith("/sarif-schema-2.1.0.json")
    good = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "voicelint"}}, "results": []}]}
    assert validator.is_valid(good)
    assert not validator.is_valid({"runs": []}), "version is required"
    bad_level = {
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "level": "info"}]}],
    }
    assert not validator.is_valid(bad_level), "SARIF has no level 'info' (voicelint's info is 'note')"


def test_a_realistic_run_is_valid_sarif_with_relative_uris_records_fixes_and_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = _project(tmp_path)
    monkeypatch.chdir(docs)  # URIs are relative to the repository root, not to where voicelint runs
    code, log = _check(".")
    assert code == 2
    _valid(log)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    [run] = log["runs"]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": tmp_path.as_uri() + "/"}}
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert uris == {"help%20center/reply.md", "help%20center/macros.yaml"}
    assert all(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%" for r in run["results"]
    )
    # the library's records are named
    records = {r["properties"]["recordId"] for r in _results_by(log, "macros.yaml")}
    assert records == {"refund-delay", "address-change"}
    for result in _results_by(log, "macros.yaml"):
        [logical] = result["locations"][0]["logicalLocations"]
        assert logical["name"] == result["properties"]["recordId"]
        assert result["properties"]["channel"]
    assert all("recordId" not in r["properties"] for r in _results_by(log, "reply.md"))
    # the input error is a notification at its place, and the run did not succeed
    [invocation] = run["invocations"]
    assert invocation["executionSuccessful"] is False
    [notice] = invocation["toolExecutionNotifications"]
    assert notice["level"] == "error"
    assert notice["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "help%20center/broken.json"
    assert notice["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    # every result names a rule of the driver by id and index, at a SARIF level
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in {"error", "warning", "note"}
        assert list(result["partialFingerprints"]) == ["voicelintFingerprint/v1"]


def test_fixes_are_the_literal_fixes_replacing_the_finding_in_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = _project(tmp_path)
    monkeypatch.chdir(tmp_path)
    _, log = _check(str(docs / "reply.md"), str(docs / "macros.yaml"))
    json_report = json.loads(
        CliRunner()
        .invoke(
            main,
            ["check", "--no-cache", "-j", "1", "--format", "json", str(docs / "reply.md"), str(docs / "macros.yaml")],
        )
        .stdout
    )
    violations = [v for d in json_report["documents"] for v in d["violations"]]
    results = log["runs"][0]["results"]
    assert len(results) == len(violations)
    with_fixes = 0
    for result, violation in zip(results, violations, strict=True):
        literal = [f for f in violation["fixes"] if f["applicability"] in ("safe", "unsafe")]
        fixes = result.get("fixes", [])
        assert len(fixes) <= len(literal), "display fixes are never offered"
        text = (
            tmp_path / Path(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].replace("%20", " "))
        ).read_text(encoding="utf-8")
        for fix in fixes:
            [change] = fix["artifactChanges"]
            [replacement] = change["replacements"]
            region = replacement["deletedRegion"]
            assert _utf16_slice(text, region["charOffset"], region["charLength"]) == violation["match"]
            assert replacement["insertedContent"]["text"] in {f["replacement"] for f in literal}
            assert fix["properties"]["applicability"] in ("safe", "unsafe")
            with_fixes += 1
    assert with_fixes >= 2, "the preferred term and the banned phrase come with fixes"


def _utf16_slice(text: str, start: int, length: int) -> str:
    """``text``'s ``length`` UTF-16 code units from unit ``start``, as a viewer slices it."""
    return text.encode("utf-16-le")[2 * start : 2 * (start + length)].decode("utf-16-le")


def test_columns_and_offsets_count_utf16_code_units_as_viewers_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = _project(tmp_path)
    monkeypatch.chdir(tmp_path)
    _, log = _check(str(docs / "reply.md"))
    [run] = log["runs"]
    assert run["columnKind"] == "utf16CodeUnits"
    assert run["newlineSequences"] == ["\r\n", "\n", "\r"]
    [login] = [r for r in run["results"] if r["ruleId"] == "VL102"]
    region = login["locations"][0]["physicalLocation"]["region"]
    line = REPLY.split("\n")[region["startLine"] - 1]
    assert "😀" in line and len(line.encode("utf-16-le")) // 2 != len(line), "the line holds a non-BMP character"
    start, end = region["startColumn"] - 1, region["endColumn"] - 1
    assert _utf16_slice(line, start, end - start) == "log in"
    assert _utf16_slice(REPLY, region["charOffset"], region["charLength"]) == "log in"


def test_text_from_stdin_keeps_code_point_columns(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # stdin cannot be read again to count UTF-16 units: its positions stay voicelint's own.
    monkeypatch.chdir(tmp_path)
    text = "Thanks 😀 please log in again.\n"
    result = CliRunner().invoke(
        main, ["check", "--no-cache", "--format", "sarif", "-"], input=text
    )
    [login] = [r for r in json.loads(result.stdout)["runs"][0]["results"] if r["ruleId"] == "VL102"]
    region = login["locations"][0]["physicalLocation"]["region"]
    assert text[region["startColumn"] - 1 : region["endColumn"] - 1] == "log in"


def test_rules_carry_help_links_levels_tags_and_measured_precision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = _project(tmp_path)
    monkeypatch.chdir(tmp_path)
    _, log = _check(str(docs / "reply.md"))
    rules = {rule["id"]: rule for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    listed = CliRunner().invoke(main, ["rules"]).stdout
    assert "VL102" in rules and all(code in listed for code in rules)
    assert len(rules) == len(log["runs"][0]["tool"]["driver"]["rules"]), "each rule once"
    term = rules["VL102"]
    assert term["name"] == "preferred-term"
    assert term["shortDescription"]["text"] and term["fullDescription"]["text"]
    assert term["help"]["text"].startswith("VL102 preferred-term")
    assert "Bad:" in term["help"]["text"] and "Sign in to your account" in term["help"]["text"]
    assert term["help"]["markdown"].startswith("**VL102 preferred-term**")
    assert "- Sign in to your account" in term["help"]["markdown"]
    assert term["helpUri"].startswith(sarif_format.REPOSITORY_URL)
    assert term["defaultConfiguration"]["level"] == "warning"
    assert term["properties"]["tags"] == ["terminology"]
    assert term["properties"]["measuredPrecision"] == measured_precision()["VL102"]["precision"]
    assert term["properties"]["precision"] in {"very-high", "high"}
    # a rule measured under the gate is not called precise
    low = [
        code
        for code, entry in measured_precision().items()
        if code in rules
        and entry.get("precision") is not None
        and entry["precision"] < 0.5
        and entry.get("gate") != "entries"
    ]
    assert low and all(rules[code]["properties"]["precision"] == "low" for code in low)
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "voicelint" and driver["semanticVersion"] == driver["version"]
    assert driver["informationUri"] == sarif_format.REPOSITORY_URL


def test_the_links_are_the_projects_urls() -> None:
    urls = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]
    assert urls["Repository"] == sarif_format.REPOSITORY_URL
    assert sarif_format.RULES_URL.startswith(urls["Repository"] + "/")


def test_fingerprints_survive_an_edit_elsewhere_and_are_voicelints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = _project(tmp_path)
    monkeypatch.chdir(tmp_path)
    library = docs / "macros.yaml"
    _, before = _check(str(library))
    library.write_text("- id: new-one\n  text: A plain reply about the parcel.\n" + LIBRARY, encoding="utf-8")
    _, after = _check(str(library))

    def prints(log: dict[str, Any]) -> dict[str, tuple[str, int]]:
        return {
            r["partialFingerprints"]["voicelintFingerprint/v1"]: (
                r["ruleId"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
            )
            for r in log["runs"][0]["results"]
        }

    old, new = prints(before), prints(after)
    assert old and set(old) == set(new), "the same findings keep their fingerprints"
    assert all(new[key][1] == old[key][1] + 2 for key in old), "they moved two lines down"
    # the fingerprint is voicelint's one fingerprint (as GitLab's report and the baseline use)
    json_report = json.loads(
        CliRunner().invoke(main, ["check", "--no-cache", "-j", "1", "--format", "json", str(library)]).stdout
    )
    expected = {fp for d in json_report["documents"] for fp, _ in fingerprinted(DocumentResult.from_dict(d))}
    assert expected == set(new)


# -- unit level: the formatter fed results directly (no parsing) ---------------------------------


def _violation(
    rule: str, severity: Severity, offset: int, match: str = "log in", fixes: tuple[Fix, ...] = ()
) -> Violation:
    return Violation(
        rule=rule,
        name="preferred-term",
        category="terminology",
        severity=severity,
        message=f"{rule} here",
        line=1,
        column=offset + 1,
        end_line=1,
        end_column=offset + 1 + len(match),
        offset=offset,
        length=len(match),
        match=match,
        fixes=fixes,
    )


def _format(results: list[DocumentResult | ReportError], rules: tuple[RuleInfo, ...] = ()) -> dict[str, Any]:
    out = io.StringIO()
    formatter = formatters()["sarif"](out)
    formatter.begin(RunInfo("support-default", None, "0.1.0", rules))
    for result in results:
        if isinstance(result, ReportError):
            formatter.error(result)
        else:
            formatter.document(result)
    formatter.end(RunSummary())
    log: dict[str, Any] = json.loads(out.getvalue())
    return log


def test_an_empty_run_is_valid_and_successful() -> None:
    log = _format([], rules=(RuleInfo("VL102", "preferred-term", "terminology", "warning", "A term.", ""),))
    _valid(log)
    [run] = log["runs"]
    assert run["results"] == []
    assert run["invocations"] == [{"executionSuccessful": True, "toolExecutionNotifications": []}]
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == ["VL102"]


def test_past_the_results_limit_the_most_severe_are_kept_in_report_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sarif_format, "MAX_RESULTS", 3)
    order = [Severity.INFO, Severity.ERROR, Severity.WARNING, Severity.INFO, Severity.ERROR, Severity.WARNING]
    documents: list[DocumentResult | ReportError] = [
        DocumentResult(
            path="replies.md",
            id=None,
            channel="email",
            line=1,
            scores={},
            violations=tuple(_violation(f"VL{100 + i}", severity, i * 10) for i, severity in enumerate(order)),
        )
    ]
    log = _format(documents)
    _valid(log)
    [run] = log["runs"]
    # the two errors and the first warning, in the order they were reported
    assert [r["ruleId"] for r in run["results"]] == ["VL101", "VL102", "VL104"]
    assert run["properties"] == {"resultsTotal": 6, "resultsDropped": 3}
    [warning] = run["invocations"][0]["toolExecutionNotifications"]
    assert warning["level"] == "warning" and warning["message"]["text"].startswith("3 of 6 results were left out")
    assert "--format json" in warning["message"]["text"]
    assert run["invocations"][0]["executionSuccessful"] is True, "leaving results out is no failure of the run"
    # rules seen only in results (a server run announces none) are still described
    assert {rule["id"] for rule in run["tool"]["driver"]["rules"]} >= {"VL101", "VL102", "VL104"}
    assert all(run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"])
    # described as the rule is, not by the message of its first result
    [banned] = [rule for rule in run["tool"]["driver"]["rules"] if rule["id"] == "VL101"]
    assert banned["shortDescription"]["text"] == find_rule("VL101").summary
    assert banned["help"]["text"].startswith("VL101 banned-phrase")


def test_a_fix_that_would_need_escaping_in_its_file_is_left_out() -> None:
    quote = Fix('say "sign in"', "unsafe", "Quote it")
    plain = Fix("sign in", "safe", "Use the preferred term")
    advice = Fix("Sign in, then {next step}", "display", "Rewrite")
    results: list[DocumentResult | ReportError] = [
        DocumentResult(
            path=path,
            id="r1" if path.endswith("json") else None,
            channel="email",
            line=1,
            scores={},
            violations=(_violation("VL102", Severity.WARNING, 5, fixes=(quote, plain, advice)),),
        )
        for path in ("macros.json", "reply.md")
    ]
    escaped = _violation("VL102", Severity.WARNING, 5, fixes=(plain,))
    # a span holding an escape (\u0020) in the file is longer than the text it matched
    results.append(
        DocumentResult(
            path="more.json",
            id="r2",
            channel="email",
            line=1,
            scores={},
            violations=(dataclasses.replace(escaped, length=11),),
        )
    )
    log = _format(results)
    _valid(log)
    fixes = [
        [f["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] for f in r.get("fixes", [])]
        for r in log["runs"][0]["results"]
    ]
    assert fixes == [["sign in"], ['say "sign in"', "sign in"], []]


def test_uris_outside_the_repository_are_absolute_and_stdin_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    monkeypatch.chdir(project)
    outside = tmp_path / "elsewhere" / "reply.md"
    log = _format(
        [
            DocumentResult(
                path=str(outside),
                id=None,
                channel="email",
                line=1,
                scores={},
                violations=(_violation("VL102", Severity.WARNING, 0),),
            ),
            DocumentResult(
                path="-",
                id=None,
                channel="email",
                line=1,
                scores={},
                violations=(_violation("VL102", Severity.WARNING, 0),),
            ),
        ]
    )
    _valid(log)
    first, second = (r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"])
    assert first == {"uri": outside.as_uri()}
    assert second == {"uri": "-"}
    assert repository_root(project / "sub" / "dir") == project
