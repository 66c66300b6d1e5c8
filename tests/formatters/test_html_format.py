"""``--format html`` and :func:`render_profile`: one self-contained page a support lead can open.

What matters: the page fetches nothing and runs nothing, it shows the run's counts, the most
frequent findings and the worst documents with their location, its charts place each group
against the guide's range for its channel, it keeps bounded memory on a large run, nothing from
an input can become markup, and matplotlib is loaded only when a page is written.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import voicelint.cli
from voicelint.cli import main
from voicelint.formatters import formatters
from voicelint.formatters.html import SAMPLE, WORST, render_profile
from voicelint.formatters.html_charts import MEDIAN_OUT
from voicelint.report import DocumentResult, RunInfo, RunSummary, Violation
from voicelint.vocabulary import TONE_DIMENSIONS, Severity

HtmlFormatter = formatters()["html"]
PAYLOAD = '<script>alert(1)</script>"onload=alert(2) <img src=x onerror=alert(3)>'


class _Elements(HTMLParser):
    """Every start tag with its attributes, as a browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(page)
    return parser.tags


def assert_self_contained(page: str) -> None:
    """No script, no event handler, nothing fetched: every link is a fragment or a data: URL."""
    for tag, attrs in elements(page):
        assert tag not in ("script", "iframe", "object", "embed", "img", "image"), tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src", "xlink:href", "action"):
                assert value is not None and value.startswith(("#", "data:")), (tag, name, value)
    assert "@import" not in page
    assert "url(http" not in page and "url(//" not in page
    assert "default-src 'none'" in page  # the CSP: the browser itself refuses any fetch or script


def violation(
    rule: str = "VL101",
    severity: Severity = Severity.ERROR,
    *,
    line: int = 1,
    message: str = "bad",
    category: str = "banned",
    match: str = "x",
) -> Violation:
    return Violation(
        rule=rule,
        name=f"name-{rule}",
        category=category,
        severity=severity,
        message=message,
        line=line,
        column=1,
        end_line=line,
        end_column=2,
        offset=0,
        length=1,
        match=match,
    )


def result(
    index: int,
    violations: tuple[Violation, ...] = (),
    *,
    agent: str | None = None,
    channel: str = "email",
    formality: float = 50.0,
    path: str = "lib.json",
    voice: float | None = None,
) -> DocumentResult:
    tone = dict.fromkeys(TONE_DIMENSIONS, 40.0) | {"formality": formality}
    scores: dict[str, object] = {
        "tone": tone, "readability": {"fk_grade": 6.0, "words": 20, "sentences": 2}, "scriptedness": 10.0
    }
    if voice is not None:
        scores["voice"] = voice
    return DocumentResult(
        path=path, id=f"r{index}", channel=channel, line=index + 1, scores=scores, violations=violations, agent=agent
    )


def render(results: list[DocumentResult], ranges: dict[str, dict[str, tuple[float, float]]] | None = None) -> str:
    out = io.StringIO()
    formatter = HtmlFormatter(out)
    formatter.begin(RunInfo("Acme", "/g/acme.yaml", "9.9", (), ranges or {}))
    summary = RunSummary()
    for item in results:
        summary.add_document(item)
        formatter.document(item)
    formatter.end(summary)
    return out.getvalue()


def medians_outside(chart: str) -> int:
    """How many medians a chart draws in the outside-the-range colour (the legend shows one more)."""
    return chart.count(f"fill: {MEDIAN_OUT}") - 1


def section(page: str, anchor: str) -> str:
    start = page.index(f'<section id="{anchor}">')
    return page[start : page.index("</section>", start)]


# --- check ------------------------------------------------------------------------------------


def test_check_writes_one_self_contained_page_with_the_run(tmp_path: Path) -> None:
    library = tmp_path / "replies.json"
    library.write_text(
        "[\n"
        + ",\n".join(
            json.dumps(record)
            for record in [
                {
                    "id": "refund-1",
                    "agent": "Ana",
                    "text": "Per our policy we cannot refund this order, sorry about that.",
                },
                {"id": "refund-2", "agent": "Ben", "text": "Please log in and I will refund the order today for you."},
                {"id": "thanks", "agent": "Ana", "text": "Thanks for waiting. Your refund went out this morning."},
            ]
        )
        + "\n]\n"
    )
    report = tmp_path / "report.html"
    run = CliRunner().invoke(
        main, ["check", str(library), "--format", "html", "-o", str(report), "--no-cache", "--channel", "email"]
    )
    assert run.exit_code == 1, run.output  # VL101 banned-phrase is an error
    assert run.stdout == "", "with -o the report goes to the file only"
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert_self_contained(page)
    assert "Support default" in page
    frequent = section(page, "findings")
    assert "VL101 name-" not in frequent and "VL101 banned-phrase" in frequent
    assert f"{library}:2 (refund-1)" in frequent, "each rule has an example with its location"
    worst = section(page, "worst")
    assert worst.index(f"{library}:2") < worst.index(f"{library}:3"), "the banned phrase (an error) ranks first"
    assert "refund-1" in worst and "Ana" in worst
    agents = section(page, "agents")
    assert agents.count("<svg") == 1 and "Ana" in agents and "Ben" in agents
    assert section(page, "channels").count("<svg") == 1
    assert '<div class="value">3</div><div class="label">documents</div>' in page


def test_the_charts_draw_each_group_against_its_channels_range() -> None:
    """A median outside the guide's band is drawn in the warning colour; inside it, not."""
    results = [result(i, channel="chat", formality=90.0) for i in range(5)]
    results += [result(i, channel="email", formality=50.0) for i in range(5, 10)]
    both_inside = render(results, {"chat": {"formality": (0, 95)}, "email": {"formality": (40, 60)}})
    chat_outside = render(results, {"chat": {"formality": (0, 60)}, "email": {"formality": (40, 60)}})
    assert medians_outside(section(both_inside, "channels")) == 0
    assert medians_outside(section(chat_outside, "channels")) == 1, "chat's formality, 90 against [0, 60]"
    no_ranges = render(results)
    assert "no bands are drawn" in section(no_ranges, "channels")


def test_cli_gives_the_formatter_the_guides_ranges(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[RunInfo] = []

    class Recording(HtmlFormatter):  # type: ignore[misc, valid-type]
        def begin(self, run: RunInfo) -> None:
            seen.append(run)
            super().begin(run)

    monkeypatch.setattr(voicelint.cli, "formatters", lambda: {**formatters(), "html": Recording})
    guide = tmp_path / "voicelint.yaml"
    guide.write_text("version: 1\nextends: support-default\nchannels:\n  chat:\n    tone: {warmth: [12, 34]}\n")
    run = CliRunner().invoke(
        main,
        ["check", "-", "--guide", str(guide), "--format", "html", "--no-cache", "-o", str(tmp_path / "r.html")],
        input="Thanks, the order is on its way.",
    )
    assert run.exit_code == 0, run.output
    assert seen[0].ranges["chat"]["warmth"] == (12.0, 34.0)
    assert seen[0].ranges["email"]["formality"] == (0.0, 80.0), "the preset's own ranges too"


def test_worst_documents_are_the_worst_few_in_order() -> None:
    results = [result(i, (violation(severity=Severity.INFO),) * (i % 4)) for i in range(40)]
    results[17] = result(17, (violation(severity=Severity.ERROR),))
    results[29] = result(29, (violation(severity=Severity.WARNING),) * 2)
    worst = section(render(results), "worst")
    rows = worst.split("<tr>")[2:]
    assert len(rows) == WORST
    assert "lib.json:18" in rows[0], "one error outranks any number of warnings"
    assert "lib.json:30" in rows[1]
    assert "lib.json:4<" in rows[2], "then the first of the documents with three infos"


def test_the_voice_score_is_in_the_summary_and_beside_each_worst_document() -> None:
    results = [result(0, (violation(),), voice=85.0), result(1, voice=100.0), result(2, voice=100.0)]
    page = render(results)
    assert '<div class="value">95.0</div><div class="label">mean voice score</div>' in section(page, "summary")
    worst = section(page, "worst")
    assert "<th class=num>voice</th>" in worst and "<td class=num>85.0</td>" in worst
    assert "mean voice score" not in section(render([result(0, (violation(),))]), "summary"), "no score, no card"


def test_the_summary_counts_findings_by_category_and_severity() -> None:
    results = [
        result(0, (violation(), violation("VL102", Severity.WARNING, category="terminology"))),
        result(1, (violation("VL102", Severity.WARNING, category="terminology"),)),
        result(2),
    ]
    summary = section(render(results), "summary")
    assert '<div class="value">1</div><div class="label">without findings</div>' in summary
    assert (
        "<td>terminology</td><td class=num>0</td><td class=num>2</td><td class=num>0</td><td class=num>2</td>"
        in summary
    )


def test_consistency_findings_have_their_own_view() -> None:
    reused = violation("VL601", Severity.INFO, category="consistency", message="This sentence is in 4 records")
    page = render([result(0, (reused,)), result(1, (reused,))])
    view = section(page, "consistency")
    assert "VL601 name-VL601" in view and "<td class=num>2</td>" in view
    assert "No consistency findings" in section(render([result(0)]), "consistency")


def test_memory_is_bounded_on_a_large_run() -> None:
    """Each group keeps a reservoir of scores, and its quartiles stay those of the whole run."""
    formatter = HtmlFormatter(io.StringIO())
    formatter.begin(RunInfo("g", None, "0", ()))
    total = SAMPLE * 3
    for i in range(total):
        formatter.document(result(i, (violation(severity=Severity.INFO),), formality=100 * i / total))
    group = formatter._channels["email"]
    assert group.documents == total and len(group.samples["formality"]) == SAMPLE
    spread = group.spread("formality")
    assert spread is not None
    q1, median, q3 = spread
    assert abs(q1 - 25) < 3 and abs(median - 50) < 3 and abs(q3 - 75) < 3
    assert len(formatter._worst) == WORST


def test_nothing_from_an_input_becomes_markup() -> None:
    bad = violation(message=f"message {PAYLOAD}", match=PAYLOAD)
    agent = f"{PAYLOAD} $x^2$"
    page = render([result(0, (bad,), agent=agent, channel=f"chat{PAYLOAD}", path=f"dir/{PAYLOAD}.json")])
    assert_self_contained(page)
    assert "<script>" not in page and '"onload=' not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;onload=alert(2)" in page
    svg = section(page, "agents")
    assert "&lt;script&gt;alert(1)" in svg[svg.index("<svg") :], "the chart's labels are escaped too"
    assert "$x^2$" in svg[svg.index("<svg") :], "maths parsing is off: a label is shown as typed"


def test_control_and_bidi_characters_are_shown_not_obeyed() -> None:
    page = render([result(0, (violation(message="a\u202eb\x1b[2Jc"),))])
    assert "\u202e" not in page and "\x1b" not in page
    assert r"a\u202eb\x1b[2Jc" in page


def test_output_file_errors_name_the_file(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "report.html"
    run = CliRunner().invoke(main, ["check", "-", "--format", "html", "-o", str(target), "--no-cache"], input="Hi.")
    assert run.exit_code == 2
    assert str(target) in run.output and "cannot write the report" in run.output


def test_output_option_works_for_every_format(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    run = CliRunner().invoke(
        main, ["check", "-", "--format", "json", "-o", str(target), "--no-cache"], input="Thanks, it is on its way."
    )
    assert run.exit_code == 0 and run.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["documents"] == 1


def test_other_commands_and_formats_do_not_import_matplotlib() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from voicelint.cli import main\n"
        "from voicelint.formatters import formatters\n"
        "formatters()\n"
        "for args in (['--help'], ['rules'], ['explain', 'VL101'], ['check', '-', '--format', 'json', '--no-cache'],\n"
        "             ['check', '-', '--format', 'text', '--no-cache']):\n"
        "    CliRunner().invoke(main, args, input='Per our policy, no.')\n"
        "print('matplotlib' in sys.modules)\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == "False"


# --- profile ----------------------------------------------------------------------------------


def spread(median: float, q1: float, q3: float) -> dict[str, float]:
    return {"median": median, "q1": q1, "q3": q3}


def sample_profile(by: str = "agent") -> dict[str, Any]:
    """A profile exactly in the shape of docs/reference.md section 12 (``profile --format json``)."""

    def group(name: str, documents: int, formality: float) -> dict[str, Any]:
        return {
            "name": name,
            "documents": documents,
            "tone": {dim: spread(formality if dim == "formality" else 30.0, 25.0, 45.0) for dim in TONE_DIMENSIONS},
            "scriptedness": spread(12.0, 5.0, 20.0),
            "grade": spread(5.5, 4.0, 7.0),
            "greetings": {"Hi": 12, "Hello": 3},
            "sign_offs": {"^JS": 3},
            "terms": {"preferred": {"sign in": 4}, "avoided": {"log in": 2}},
        }

    return {
        "version": 1,
        "by": by,
        "documents": 40,
        "guide": {"name": "Acme", "path": "/g/acme.yaml"},
        "consistency": {"index": 72.5, "method": "share of tone variation within agents rather than between them"},
        "groups": [group("^JS", 25, 35.0), group(PAYLOAD, 15, 88.0)],
        "outliers": [
            {
                "group": PAYLOAD,
                "dimension": "formality",
                "value": 88.0,
                "typical": [30.0, 40.0],
                "why": f"formality 88 is above the team's typical 30–40 {PAYLOAD}",
            }
        ],
        "ranges": {"social": {dim: [0, 70] for dim in TONE_DIMENSIONS}},
    }


def test_profile_page_shows_index_groups_and_outliers() -> None:
    page = render_profile(sample_profile())
    assert_self_contained(page)
    summary = section(page, "summary")
    assert "72.5" in summary and "share of tone variation within agents" in summary
    groups = section(page, "groups")
    assert groups.index("^JS") < groups.index("&lt;script"), "the larger group first"
    assert "Hi ×12, Hello ×3" in groups and "sign in ×4" in groups and "log in ×2" in groups
    outliers = section(page, "consistency")
    assert "formality 88 is above the team" in outliers and "30.0–40.0" in outliers
    tone = section(page, "tone")
    assert tone.count("<svg") == 1
    assert medians_outside(tone) == 1, "the one channel's range is drawn: 88 is outside [0, 70]"
    assert "<script>" not in page and '"onload=' not in page


def test_profile_by_channel_draws_each_channels_own_range() -> None:
    profile = sample_profile("channel")
    profile["groups"][0]["name"], profile["groups"][1]["name"] = "chat", "email"
    profile["ranges"] = {"chat": {"formality": [0, 100]}, "email": {"formality": [0, 100]}}
    assert medians_outside(section(render_profile(profile), "tone")) == 0
    profile["ranges"]["email"]["formality"] = [0, 50]
    assert medians_outside(section(render_profile(profile), "tone")) == 1


def test_profile_with_no_outliers_says_so() -> None:
    profile = sample_profile()
    profile["outliers"] = []
    assert "No outliers" in section(render_profile(profile), "consistency")


def test_charts_on_one_page_refer_only_to_their_own_ids() -> None:
    """Markers and clip paths are found by id: each chart's ids are unique on the page and defined."""
    import re

    page = render([result(i, agent=f"agent{i % 3}", channel=("chat", "email")[i % 2]) for i in range(12)])
    charts = re.findall(r"<svg.*?</svg>", page, re.S)
    assert len(charts) == 2
    all_ids: list[str] = []
    for chart in charts:
        ids = re.findall(r'\bid="([^"]+)"', chart)
        referenced = set(re.findall(r"url\(#([^)]+)\)", chart)) | set(re.findall(r'href="#([^"]+)"', chart))
        assert referenced and referenced <= set(ids)
        all_ids += ids
    assert len(all_ids) == len(set(all_ids))


def test_a_run_with_only_input_errors_still_writes_a_page(tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    missing = tmp_path / "missing.txt"
    run = CliRunner().invoke(main, ["check", str(missing), "--format", "html", "-o", str(report), "--no-cache"])
    assert run.exit_code == 2
    page = report.read_text(encoding="utf-8")
    assert "<svg" not in page and "nothing to draw" in section(page, "channels")
    assert f"{missing}: no such file or folder" in section(page, "errors")
    assert "Warning" not in run.stderr, run.stderr
