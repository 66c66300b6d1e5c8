"""``voicelint profile --format text``: the profile dict as a rich table, then the outliers.

Like the check text report: bold headers, dim notes, colour only on a terminal (or when forced),
and every name from the input shown through :func:`voicelint.display.for_terminal`.
"""

from __future__ import annotations

from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from voicelint.display import for_terminal
from voicelint.vocabulary import TONE_DIMENSIONS

#: Groups shown in the table (the JSON has them all).
MAX_ROWS = 30
_SHORT = {
    "formality": "form.",
    "warmth": "warm",
    "negativity": "neg.",
    "enthusiasm": "enth.",
    "hedging": "hedge",
    "personal": "pers.",
}


def _cell(spread: dict[str, float] | None, digits: int = 0) -> str:
    if not spread:
        return "-"
    return f"{spread['median']:.{digits}f}\n{spread['q1']:.{digits}f}-{spread['q3']:.{digits}f}"


def _top(counts: dict[str, int], n: int = 3) -> str:
    return "\n".join(f"{for_terminal(form)} {count}" for form, count in list(counts.items())[:n]) or "-"


def render_text(profile: dict[str, Any], out: TextIO, *, color: bool | None = None) -> None:
    """Print ``profile`` (see :func:`voicelint.profile.profile_report`) to ``out``."""
    console = Console(
        file=out,
        highlight=False,
        force_terminal=color,
        no_color=color is False,
        width=200 if not (color or out.isatty()) else None,
    )
    guide = profile["guide"]
    shown_guide = for_terminal(guide["name"]) + (f" ({for_terminal(guide['path'])})" if guide["path"] else "")
    consistency = profile["consistency"]
    console.print(
        Text.assemble(
            ("Profile by ", "bold"),
            (for_terminal(profile["by"]), "bold"),
            (f": {profile['documents']} documents, {consistency['groups']} groups; guide {shown_guide}", ""),
        )
    )
    console.print(
        Text.assemble(
            ("Consistency index ", "bold"),
            (f"{consistency['index']:.1f}", "bold cyan"),
            (f" / 100: {consistency['method']}", "dim"),
        )
    )
    shares = consistency.get("between_share") or {}
    if shares:
        shown = ", ".join(f"{_SHORT[d]} {100 * v:.0f}%" for d, v in shares.items() if d in _SHORT)
        console.print(Text(f"Between-group share of variance (omega squared): {shown}", "dim"))
    table = Table(
        show_lines=False,
        header_style="bold",
        caption="cells: median, then interquartile range q1-q3",
        caption_style="dim",
    )
    table.add_column("group", overflow="fold")
    table.add_column("docs", justify="right")
    for dimension in TONE_DIMENSIONS:
        table.add_column(_SHORT[dimension], justify="right")
    table.add_column("script.", justify="right")
    table.add_column("grade", justify="right")
    table.add_column("greetings")
    table.add_column("sign-offs")
    table.add_column("terms")
    groups = profile["groups"]
    for group in groups[:MAX_ROWS]:
        terms = group["terms"]
        used = [f"+{for_terminal(t)} {n}" for t, n in terms["preferred"].items()]
        used += [f"-{for_terminal(t)} {n}" for t, n in terms["avoided"].items()]
        name = Text(for_terminal(group["name"]), style="" if group["attributed"] else "dim")
        table.add_row(
            name,
            str(group["documents"]),
            *(_cell(group["tone"].get(d)) for d in TONE_DIMENSIONS),
            _cell(group["scriptedness"]),
            _cell(group["grade"], 1),
            _top(group["greetings"]),
            _top(group["sign_offs"]),
            "\n".join(used[:4]) or "-",
        )
    console.print(table)
    if len(groups) > MAX_ROWS:
        console.print(Text(f"... and {len(groups) - MAX_ROWS} smaller groups (all of them: --format json)", "dim"))
    outliers = profile["outliers"]
    if not outliers:
        console.print(
            Text(
                f"No outliers: every group of {profile['min_documents']}+ documents is within the library's "
                "typical range on every dimension.",
                "green",
            )
        )
        return
    console.print(Text(f"Outliers ({len(outliers)}):", "bold"))
    for outlier in outliers:
        console.print(Text("  " + for_terminal(outlier["why"]), "yellow"))
