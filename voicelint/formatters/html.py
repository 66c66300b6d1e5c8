"""``--format html``: one self-contained page for a support lead (docs/reference.md section 12).

``check --format html`` and ``profile --format html`` (:func:`render_profile`) write a single
file with no network access, no JavaScript and no external font: a summary, the tone of each
channel and agent against the guide's ranges (SVG charts from :mod:`.html_charts`), the most
frequent findings, the worst documents with their location, and the consistency view.

The page needs every result before it can be written, so the formatter keeps only what it shows,
in memory that does not grow with the documents' text: per-group score samples (a reservoir of at
most :data:`SAMPLE` documents a group, enough for quartiles to a point), counts per rule and
category, the first example of each rule and the :data:`WORST` worst documents.

Every string that comes from an input or a guide (paths, ids, agents, channels, messages, matches)
is shown through :func:`voicelint.display.for_terminal` (control and bidi characters made visible)
and then HTML-escaped; a Content-Security-Policy forbids scripts and every network fetch, so even a
mistake here could not run code or call out.
"""

from __future__ import annotations

import heapq
import html
import math
import random
import statistics
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from voicelint.display import for_terminal
from voicelint.formatters import Formatter, register_formatter
from voicelint.report import DocumentResult, ReportError, RunInfo, RunSummary, Violation
from voicelint.vocabulary import TONE_DIMENSIONS

#: Documents sampled per group for its quartiles (reservoir sampling beyond this).
SAMPLE = 4000
#: Worst documents listed.
WORST = 10
#: Rules listed under "most frequent findings".
TOP_RULES = 15
#: Groups drawn in one chart (the largest by documents; the table says how many were left out).
CHART_GROUPS = 20
#: Input errors listed (their count is always complete).
LISTED = 20
_METRICS = (*TONE_DIMENSIONS, "scriptedness", "grade")
_SEVERITIES = ("error", "warning", "info")


class Html(str):
    """A string that is already HTML (never escaped again)."""


def esc(value: object) -> Html:
    """Text from an input shown as text: control and bidi characters visible, then HTML-escaped."""
    if isinstance(value, Html):
        return value
    return Html(html.escape(for_terminal(str(value)), quote=True))


def _number(value: float | None, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.{digits}f}"


def _table(
    headers: Sequence[str], rows: Iterable[Sequence[object]], *, numeric: Sequence[int] = (), paths: Sequence[int] = ()
) -> Html:
    """A table; ``numeric`` columns align right, ``paths`` columns (file locations) break anywhere."""

    def cls(i: int) -> str:
        return " class=num" if i in numeric else " class=loc" if i in paths else ""

    head = "".join(f"<th{cls(i)}>{esc(h)}</th>" for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(f"<td{cls(i)}>{esc(c)}</td>" for i, c in enumerate(row)) + "</tr>" for row in rows)
    return Html(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def _section(heading: str, *parts: str, anchor: str) -> Html:
    return Html(f'<section id="{anchor}"><h2>{esc(heading)}</h2>{"".join(parts)}</section>')


def _para(text: object) -> Html:
    return Html(f"<p>{esc(text)}</p>")


def _cards(items: Sequence[tuple[str, object, str]]) -> Html:
    """Big-number cards: (label, value, css class)."""
    cards = "".join(
        f'<div class="card {cls}"><div class="value">{esc(value)}</div><div class="label">{esc(label)}</div></div>'
        for label, value, cls in items
    )
    return Html(f'<div class="cards">{cards}</div>')


_CSS = """
:root{--ink:#1d2733;--muted:#5b6776;--line:#dde3ea;--error:#c0392b;--warning:#b9770e;--info:#2471a3}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);
margin:0;background:#f6f8fa}
main{max-width:1100px;margin:0 auto;padding:24px 28px 48px;background:#fff;min-height:100vh}
header h1{margin:0 0 4px;font-size:26px}header p{margin:0;color:var(--muted)}
h2{font-size:19px;margin:32px 0 10px;padding-bottom:4px;border-bottom:2px solid var(--line)}
h3{font-size:15px;margin:18px 0 6px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{flex:1 1 130px;border:1px solid var(--line);border-radius:8px;padding:10px 14px;background:#fbfcfd}
.card .value{font-size:26px;font-weight:600}.card .label{color:var(--muted);font-size:13px}
.card.error .value{color:var(--error)}.card.warning .value{color:var(--warning)}.card.info .value{color:var(--info)}
table{border-collapse:collapse;width:100%;margin:8px 0 4px;font-size:13.5px}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top;
overflow-wrap:break-word}
th{background:#f0f3f6;font-weight:600}td.num,th.num{text-align:right;white-space:nowrap}
td.loc{width:24%;overflow-wrap:anywhere}
.note{color:var(--muted);font-size:13px}
svg.chart{width:100%;height:auto;display:block;margin:6px 0}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px;background:#f0f3f6;
padding:0 3px;border-radius:3px}
footer{margin-top:36px;color:var(--muted);font-size:12px}
"""


def page(title: str, subtitle: str, sections: Sequence[str], tool_version: str) -> str:
    """The whole HTML document: no script, no fetch (the CSP says so to the browser too)."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        'img-src data:">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="icon" href="data:,">'
        f"<title>{esc(title)}</title><style>{_CSS}</style></head><body><main>"
        f"<header><h1>{esc(title)}</h1><p>{esc(subtitle)}</p></header>"
        + "".join(sections)
        + f"<footer>Written by voicelint {esc(tool_version)}. Charts drawn with matplotlib.</footer>"
        "</main></body></html>\n"
    )


def _quartiles(values: Sequence[float]) -> tuple[float, float, float] | None:
    clean = [v for v in values if not math.isnan(v)]
    if not clean:
        return None
    if len(clean) == 1:
        return clean[0], clean[0], clean[0]
    q1, median, q3 = statistics.quantiles(clean, n=4, method="inclusive")
    return q1, median, q3


class _Group:
    """Score samples and counts of one group (a channel or an agent), in bounded memory."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.documents = 0
        self.violations = 0
        self.channels: Counter[str] = Counter()
        self.samples = {metric: array("f") for metric in _METRICS}
        self._rng = random.Random(name)

    def add(self, result: DocumentResult) -> None:
        self.documents += 1
        self.violations += len(result.violations)
        self.channels[result.channel] += 1
        row = _metric_values(result.scores)
        if self.documents <= SAMPLE:
            for metric, value in zip(_METRICS, row, strict=True):
                self.samples[metric].append(value)
            return
        slot = self._rng.randrange(self.documents)
        if slot < SAMPLE:
            for metric, value in zip(_METRICS, row, strict=True):
                self.samples[metric][slot] = value

    def spread(self, metric: str) -> tuple[float, float, float] | None:
        return _quartiles(self.samples[metric])


def _metric_values(scores: Mapping[str, Any]) -> list[float]:
    tone = scores.get("tone") or {}
    readability = scores.get("readability") or {}
    values: list[float] = []
    for metric in _METRICS:
        if metric == "scriptedness":
            value = scores.get("scriptedness")
        elif metric == "grade":
            value = readability.get("fk_grade")
        else:
            value = tone.get(metric)
        values.append(float(value) if isinstance(value, int | float) else math.nan)
    return values


@dataclass(order=True, slots=True)
class _Worst:
    """A document kept among the worst: ordered by (errors, warnings, infos), earlier first on ties."""

    key: tuple[int, int, int, int]
    path: str = field(compare=False)
    line: int = field(compare=False)
    id: str | None = field(compare=False)
    agent: str | None = field(compare=False)
    channel: str = field(compare=False)
    findings: tuple[str, ...] = field(compare=False)
    voice: float | None = field(compare=False, default=None)


@dataclass(slots=True)
class _RuleCount:
    code: str
    name: str
    category: str
    count: int = 0
    by_severity: Counter[str] = field(default_factory=Counter)
    example: str = ""


def _where(path: str, line: int, record_id: str | None) -> str:
    return f"{path}:{line}" + (f" ({record_id})" if record_id else "")


def _clip(text: str, limit: int = 220) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _finding_line(v: Violation) -> str:
    return f"{v.line}:{v.column} {v.severity} {v.rule} {_clip(v.message, 160)}"


def _spread_text(spread: tuple[float, float, float] | None) -> Html:
    """A median with its interquartile range on a second, smaller line."""
    if spread is None:
        return Html("–")
    q1, median, q3 = spread
    return Html(f'{median:.1f}<br><span class="note">{q1:.0f}–{q3:.0f}</span>')


def _group_rows(groups: Sequence[_Group], ranges: Mapping[str, Mapping[str, Sequence[float]]]) -> list[Any]:
    from voicelint.formatters.html_charts import GroupRow, Spread

    rows = []
    for group in groups:
        tone = {}
        for dimension in TONE_DIMENSIONS:
            spread = group.spread(dimension)
            if spread is not None:
                tone[dimension] = Spread(*spread)
        channel = group.channels.most_common(1)[0][0] if group.channels else ""
        bands = {dim: (float(b[0]), float(b[1])) for dim, b in (ranges.get(channel) or {}).items()}
        rows.append(GroupRow(group.name, group.documents, tone, bands))
    return rows


def _chart(rows: Sequence[Any], chart_id: str) -> Html:
    """The chart of ``rows`` in a figure, or a sentence when there is no group to draw."""
    from voicelint.formatters.html_charts import range_chart

    if not rows:
        return _para("No document was checked, so there is nothing to draw.")

    return Html(f'<figure id="{chart_id}">{range_chart(rows, chart_id)}</figure>')


@register_formatter
class HtmlFormatter(Formatter):
    name = "html"
    description = "one self-contained HTML page with charts, for a support lead (no network)"

    def begin(self, run: RunInfo) -> None:
        super().begin(run)
        self._channels: dict[str, _Group] = {}
        self._agents: dict[str, _Group] = {}
        self._rules: dict[str, _RuleCount] = {}
        self._categories: dict[str, Counter[str]] = {}
        self._worst: list[_Worst] = []
        self._clean = 0
        self._voices: list[float] = []
        self._seq = 0
        self._errors: list[ReportError] = []

    def document(self, result: DocumentResult) -> None:
        self._seq += 1
        self._channels.setdefault(result.channel, _Group(result.channel)).add(result)
        if result.agent:
            self._agents.setdefault(result.agent, _Group(result.agent)).add(result)
        counts = Counter(str(v.severity) for v in result.violations)
        voice = result.scores.get("voice")
        voice = float(voice) if isinstance(voice, int | float) else None
        if voice is not None:
            self._voices.append(voice)
        if not result.violations:
            self._clean += 1
        for v in result.violations:
            self._count(result, v)
        key = (counts["error"], counts["warning"], counts["info"], -self._seq)
        if result.violations and (len(self._worst) < WORST or key > self._worst[0].key):
            ordered = sorted(result.violations, key=lambda v: (-v.severity, v.line, v.column))
            worst = _Worst(
                key,
                result.path,
                result.line,
                result.id,
                result.agent,
                result.channel,
                tuple(_finding_line(v) for v in ordered[:3]),
                voice,
            )
            if len(self._worst) < WORST:
                heapq.heappush(self._worst, worst)
            else:
                heapq.heapreplace(self._worst, worst)

    def _count(self, result: DocumentResult, v: Violation) -> None:
        rule = self._rules.get(v.rule)
        if rule is None:
            where = _where(result.path, v.line, result.id)
            match = f" — “{_clip(v.match, 80)}”" if v.match else ""
            rule = self._rules[v.rule] = _RuleCount(
                v.rule, v.name, v.category, example=f"{where}: {_clip(v.message)}{match}"
            )
        rule.count += 1
        rule.by_severity[str(v.severity)] += 1
        self._categories.setdefault(v.category, Counter())[str(v.severity)] += 1

    def error(self, error: ReportError) -> None:
        if len(self._errors) < LISTED:
            self._errors.append(error)

    def end(self, summary: RunSummary) -> None:
        run = self.run
        guide = run.guide_name + (f" ({run.guide_path})" if run.guide_path else "")
        sections = [
            self._summary(summary),
            self._tone("Tone by channel", self._channels, "channels", "channel"),
        ]
        if self._agents:
            sections.append(self._tone("Tone by agent", self._agents, "agents", "agent"))
        sections += [self._frequent(), self._worst_section(), self._consistency_section()]
        if summary.errors:
            sections.append(self._errors_section(summary.errors))
        subtitle = f"Style guide: {guide} · {summary.documents} document(s) checked"
        self.out.write(page("voicelint check report", subtitle, sections, run.tool_version))

    def _summary(self, summary: RunSummary) -> Html:
        cards = _cards(
            [
                ("documents", summary.documents, ""),
                ("without findings", self._clean, ""),
                ("errors", summary.by_severity["error"], "error"),
                ("warnings", summary.by_severity["warning"], "warning"),
                ("info", summary.by_severity["info"], "info"),
                ("input errors", summary.errors, "error" if summary.errors else ""),
                *((("mean voice score", _number(statistics.fmean(self._voices)), ""),) if self._voices else ()),
            ]
        )
        rows = [
            (category, *(counts[s] for s in _SEVERITIES), sum(counts.values()))
            for category, counts in sorted(self._categories.items(), key=lambda kv: -sum(kv[1].values()))
        ]
        table = (
            _table(("category", *_SEVERITIES, "total"), rows, numeric=(1, 2, 3, 4)) if rows else _para("No findings.")
        )
        return _section("Summary", cards, "<h3>Findings by category</h3>", table, anchor="summary")

    def _tone(self, heading: str, groups: Mapping[str, _Group], anchor: str, kind: str) -> Html:
        ordered = sorted(groups.values(), key=lambda g: (-g.documents, g.name))
        shown = ordered[:CHART_GROUPS]
        ranges = self.run.ranges
        parts: list[str] = []
        if kind == "agent" and ranges:
            parts.append(_para("Each agent is drawn against the range of the channel most of their documents use."))
        if not ranges:
            parts.append(
                _para("The guide's ranges are not known for this run (linted on a server): no bands are drawn.")
            )
        parts.append(_chart(_group_rows(shown, ranges), f"chart-{anchor}"))
        if len(ordered) > len(shown):
            parts.append(_para(f"The chart shows the {len(shown)} largest of {len(ordered)} {kind}s."))
        headers = (kind, "documents", "findings", *TONE_DIMENSIONS, "scriptedness", "grade")
        rows = [
            (g.name, g.documents, g.violations, *(_spread_text(g.spread(m)) for m in _METRICS))
            for g in ordered[: LISTED * 2]
        ]
        parts.append(Html('<p class="note">Median of each score, with the first–third quartile below it.</p>'))
        parts.append(_table(headers, rows, numeric=(1, 2)))
        return _section(heading, *parts, anchor=anchor)

    def _frequent(self) -> Html:
        rules = sorted(self._rules.values(), key=lambda r: (-r.count, r.code))[:TOP_RULES]
        if not rules:
            return _section("Most frequent findings", _para("No findings."), anchor="findings")
        rows = [
            (
                f"{r.code} {r.name}",
                r.category,
                ", ".join(f"{r.by_severity[s]} {s}" for s in _SEVERITIES if r.by_severity[s]),
                r.count,
                r.example,
            )
            for r in rules
        ]
        return _section(
            "Most frequent findings",
            _table(("rule", "category", "severity", "count", "example"), rows, numeric=(3,)),
            anchor="findings",
        )

    def _worst_section(self) -> Html:
        worst = sorted(self._worst, reverse=True)
        if not worst:
            return _section("Worst documents", _para("No document has a finding."), anchor="worst")
        agents = any(w.agent for w in worst)
        rows = [
            (
                f"{w.path}:{w.line}",
                w.id or "",
                *((w.agent or "",) if agents else ()),
                w.channel,
                w.key[0],
                w.key[1],
                w.key[2],
                _number(w.voice),
                Html("<br>".join(esc(f) for f in w.findings)),
            )
            for w in worst
        ]
        headers = ("location", "id", *(("agent",) if agents else ()), "channel", "errors", "warnings", "info", "voice")
        first = len(headers) - 4
        numeric = (first, first + 1, first + 2, first + 3)
        table = _table((*headers, "first findings"), rows, numeric=numeric, paths=(0,))
        return _section("Worst documents", table, anchor="worst")

    def _consistency_section(self) -> Html:
        rules = sorted(
            (r for r in self._rules.values() if r.category == "consistency"), key=lambda r: (-r.count, r.code)
        )
        if not rules:
            return _section(
                "Consistency",
                _para(
                    "No consistency findings (category consistency) in this run. "
                    "`voicelint profile` measures how consistent the voice is across agents and channels."
                ),
                anchor="consistency",
            )
        total = sum(r.count for r in rules)
        rows = [(f"{r.code} {r.name}", r.count, r.example) for r in rules]
        return _section(
            "Consistency",
            _para(
                f"{total} finding(s) across the library (category consistency); "
                "`voicelint profile` measures how consistent the voice is across agents and channels."
            ),
            _table(("rule", "count", "example"), rows, numeric=(1,)),
            anchor="consistency",
        )

    def _errors_section(self, count: int) -> Html:
        items = "".join(f"<li>{esc(str(e))}</li>" for e in self._errors)
        return _section(
            "Input errors",
            _para(f"{count} input error(s) kept something from being checked:"),
            Html(f"<ul>{items}</ul>"),
            anchor="errors",
        )


# --- profile ----------------------------------------------------------------------------------


def _profile_spread(data: Mapping[str, Any] | None) -> tuple[float, float, float] | None:
    if not data or data.get("median") is None:
        return None
    median = float(data["median"])
    return float(data.get("q1", median)), median, float(data.get("q3", median))


def _top_forms(counts: Mapping[str, int] | None, limit: int = 4) -> str:
    if not counts:
        return "–"
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    shown = ", ".join(f"{form} ×{n}" for form, n in ordered[:limit])
    return shown + (f", +{len(ordered) - limit} more" if len(ordered) > limit else "")


def render_profile(profile: Mapping[str, Any]) -> str:
    """The HTML page of a profile (the JSON of ``voicelint profile --format json``, section 12)."""
    from voicelint import __version__
    from voicelint.formatters.html_charts import GroupRow, Spread

    by = str(profile.get("by", "group"))
    groups = sorted(profile.get("groups") or [], key=lambda g: (-int(g.get("documents", 0)), str(g.get("name"))))
    ranges: Mapping[str, Mapping[str, Sequence[float]]] = profile.get("ranges") or {}
    consistency = profile.get("consistency") or {}
    guide = profile.get("guide") or {}
    guide_text = str(guide.get("name", "")) + (f" ({guide['path']})" if guide.get("path") else "")

    index = consistency.get("index")
    cards = _cards(
        [
            ("consistency index (0–100)", _number(index) if isinstance(index, int | float) else "–", ""),
            ("documents", profile.get("documents", 0), ""),
            (f"{by}s", len(groups), ""),
            ("outliers", len(profile.get("outliers") or []), "warning" if profile.get("outliers") else ""),
        ]
    )
    summary = _section("Summary", cards, _para(f"Consistency index: {consistency.get('method', '')}"), anchor="summary")

    def bands_for(name: str) -> dict[str, tuple[float, float]]:
        if by == "channel" and name in ranges:
            chosen = ranges[name]
        elif len(ranges) == 1:
            chosen = next(iter(ranges.values()))
        else:
            return {}
        return {dim: (float(b[0]), float(b[1])) for dim, b in chosen.items()}

    rows = [
        GroupRow(
            str(g.get("name")),
            int(g.get("documents", 0)),
            {
                dim: Spread(*s)
                for dim in TONE_DIMENSIONS
                if (s := _profile_spread((g.get("tone") or {}).get(dim))) is not None
            },
            bands_for(str(g.get("name"))),
        )
        for g in groups[:CHART_GROUPS]
    ]
    tone_parts: list[str] = []
    if by != "channel" and len(ranges) > 1:
        tone_parts.append(_para("The input spans several channels: the guide's range of each is in the table below."))
    tone_parts.append(_chart(rows, "chart-profile"))
    if len(groups) > len(rows):
        tone_parts.append(_para(f"The chart shows the {len(rows)} largest of {len(groups)} {by}s."))
    tone = _section(f"Tone by {by}", *tone_parts, anchor="tone")

    group_rows = []
    for g in groups:
        terms = g.get("terms") or {}
        group_rows.append(
            (
                g.get("name"),
                g.get("documents", 0),
                _spread_text(_profile_spread(g.get("scriptedness"))),
                _spread_text(_profile_spread(g.get("grade"))),
                _top_forms(g.get("greetings")),
                _top_forms(g.get("sign_offs")),
                _top_forms(terms.get("preferred")),
                _top_forms(terms.get("avoided")),
            )
        )
    table = _table(
        (by, "documents", "scriptedness", "grade", "greetings", "sign-offs", "preferred terms", "avoided terms"),
        group_rows,
        numeric=(1,),
    )
    voice = _section(
        "Voice of each group",
        Html('<p class="note">Median, with the first–third quartile below it.</p>'),
        table,
        anchor="groups",
    )

    outliers = profile.get("outliers") or []
    outlier_rows = [
        (
            o.get("group"),
            o.get("dimension"),
            _number(o.get("value")),
            "–".join(_number(t) for t in (o.get("typical") or [])),
            o.get("why", ""),
        )
        for o in outliers
    ]
    outlier_part = (
        _table(("group", "dimension", "value", "typical", "why"), outlier_rows, numeric=(2,))
        if outlier_rows
        else _para("No outliers: every group is within the typical range.")
    )
    consistency_section = _section("Consistency and outliers", outlier_part, anchor="consistency")

    range_rows = [
        (channel, *("–".join(_number(v, 0) for v in bounds.get(dim, ())) or "–" for dim in TONE_DIMENSIONS))
        for channel, bounds in sorted(ranges.items())
    ]
    range_section = (
        _section("The guide's tone ranges", _table(("channel", *TONE_DIMENSIONS), range_rows), anchor="ranges")
        if range_rows
        else Html("")
    )
    subtitle = f"Style guide: {guide_text} · {profile.get('documents', 0)} document(s) by {by}"
    return page(
        "voicelint voice profile", subtitle, [summary, tone, voice, consistency_section, range_section], __version__
    )
