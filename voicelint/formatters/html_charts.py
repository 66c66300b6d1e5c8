"""Tone charts of the HTML report, drawn by matplotlib as inline SVG (no JavaScript, no network).

One chart per grouping (channels, agents, files): a panel per tone dimension, a row per group,
with the guide's ``[min, max]`` band for the group's channel, the group's middle half (first to
third quartile) as a bar and its median as a dot (red when the median is outside the band).

matplotlib is imported here, inside :func:`range_chart`, and this module is imported only when an
HTML report is written: ``--help``, ``rules``, ``explain`` and the other formats never load it.
Text in the SVG is kept as text (``svg.fonttype: none``), which keeps a chart to tens of kB;
maths parsing is off so a ``$`` in an agent's name is shown as typed. matplotlib escapes the text
it writes; element ids are prefixed per chart so several SVGs can share one page.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from voicelint.display import for_terminal
from voicelint.vocabulary import TONE_DIMENSIONS

#: Colours of the report (also used by its CSS): guide band, IQR bar, median in and out of range.
BAND = "#cfe8d5"
IQR = "#7a8fa6"
MEDIAN_IN = "#1f3b57"
MEDIAN_OUT = "#c0392b"
#: Group labels longer than this are shortened in the chart (the table shows them whole).
_LABEL_CHARS = 28
_TAG = re.compile(r"<[^>]+>")
_ID_ATTR = re.compile(r'(\s?)\b(id|xlink:href|href)="(#?)([^"]+)"')
_URL = re.compile(r"url\(#([^)]+)\)")
_HREF = re.compile(r'href="#([^"]+)"')
_DECIMALS = re.compile(r"(\d\.\d\d)\d+")
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)
_BLANK_LINES = re.compile(r"\n\s*")


@dataclass(frozen=True, slots=True)
class Spread:
    """A group's median and interquartile range on one dimension."""

    q1: float
    median: float
    q3: float


@dataclass(frozen=True, slots=True)
class GroupRow:
    """One row of a chart: a group, its spread per dimension and the guide's band for it (if known)."""

    label: str
    documents: int
    tone: Mapping[str, Spread]
    bands: Mapping[str, tuple[float, float]]


def short_label(label: str) -> str:
    """A group label short enough for a chart's axis, control and bidi characters shown as escapes."""
    label = for_terminal(label)
    return label if len(label) <= _LABEL_CHARS else label[: _LABEL_CHARS - 1] + "…"


def range_chart(rows: Sequence[GroupRow], chart_id: str) -> str:
    """An ``<svg>`` element (no XML prologue) with one panel per tone dimension and a row per group."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    with matplotlib.rc_context(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": chart_id,
            "text.parse_math": False,
            "font.family": "sans-serif",
        # One name in every text's style (the default list has eleven), then the browser's sans-serif.
        "font.sans-serif": ["DejaVu Sans"],
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    ):
        height = 1.3 + 0.26 * len(rows) * 2
        figure = Figure(figsize=(10, height), layout="constrained")
        axes = figure.subplots(2, 3, sharey=True)
        labels = [f"{short_label(row.label)} ({row.documents})" for row in rows]
        positions = list(range(len(rows)))
        for ax, dimension in zip(axes.flat, TONE_DIMENSIONS, strict=True):
            _panel(ax, rows, dimension, positions)
            ax.set_title(dimension, fontsize=10, loc="left")
        for ax in axes[:, 0]:
            ax.set_yticks(positions, labels)
        figure.legend(
            handles=[
                Patch(facecolor=BAND, label="guide range"),
                Line2D([], [], color=IQR, linewidth=6, label="middle half (Q1–Q3)"),
                Line2D([], [], color=MEDIAN_IN, marker="o", linestyle="", label="median"),
                Line2D([], [], color=MEDIAN_OUT, marker="o", linestyle="", label="median outside the range"),
            ],
            loc="outside upper center",
            ncols=4,
            frameon=False,
        )
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return _inline(buffer.getvalue(), chart_id)


def _panel(ax: object, rows: Sequence[GroupRow], dimension: str, positions: list[int]) -> None:
    from matplotlib.axes import Axes

    assert isinstance(ax, Axes)
    for y, row in zip(positions, rows, strict=True):
        band = row.bands.get(dimension)
        if band is not None:
            ax.barh(y, band[1] - band[0], left=band[0], height=0.8, color=BAND, linewidth=0)
        spread = row.tone.get(dimension)
        if spread is None:
            continue
        ax.hlines(y, spread.q1, spread.q3, colors=IQR, linewidth=5)
        outside = band is not None and not band[0] <= spread.median <= band[1]
        ax.plot(
            [spread.median], [y], marker="o", markersize=5, linestyle="", color=MEDIAN_OUT if outside else MEDIAN_IN
        )
    ax.set_xlim(0, 100)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)
    ax.set_axisbelow(True)


def _inline(svg: str, chart_id: str) -> str:
    """The ``<svg>`` element of a matplotlib SVG file, made small and unique to this chart.

    Only tags are rewritten (text nodes hold escaped labels, never markup, so a label that reads
    ``id="x"`` stays as it is): ids that something refers to are prefixed with ``chart_id`` so
    several charts share a page, the others (matplotlib names every group) are dropped, numbers
    keep two decimals (a hundredth of a point), and the RDF metadata goes.
    """
    svg = svg[svg.index("<svg") :]
    svg = _METADATA.sub("", svg)
    referenced = set(_URL.findall(svg)) | set(_HREF.findall(svg))

    def rewrite(tag: re.Match[str]) -> str:
        def attribute(m: re.Match[str]) -> str:
            space, name, hash_, value = m.groups()
            if name == "id" and value not in referenced:
                return ""
            return f'{space}{name}="{hash_}{chart_id}-{value}"'

        text = _ID_ATTR.sub(attribute, tag.group())
        text = _URL.sub(lambda m: f"url(#{chart_id}-{m.group(1)})", text)
        return _DECIMALS.sub(r"\1", text)

    svg = _TAG.sub(rewrite, svg)
    svg = _BLANK_LINES.sub("\n", svg)
    return svg.replace("<svg ", '<svg role="img" aria-label="tone chart" class="chart" ', 1)
