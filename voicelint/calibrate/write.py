"""The learned guide as YAML text, every value preceded by a comment saying what it was learned from.

Written by hand rather than dumped, because comments are the point: a support lead reading the file
should see that ``formality: [7, 64]`` is this brand's own 2.5-97.5th percentile, not a guess.
Strings go through ``yaml.safe_dump`` so a term with a colon or quote stays one scalar.
"""

from __future__ import annotations

import yaml

from voicelint import __version__
from voicelint.calibrate.learn import Calibration, ChannelCalibration, Learned
from voicelint.vocabulary import TONE_DIMENSIONS

#: The tone range rules the preset ships off under the precision gate; a brand's own ranges are
#: what they need to be precise, so a calibrated guide turns them on.
TONE_RANGE_RULES = ("VL401", "VL402", "VL403", "VL404", "VL405", "VL406")


def _scalar(value: object) -> str:
    text = yaml.safe_dump(value, default_flow_style=True, width=10_000, allow_unicode=True)
    return text.removesuffix("\n...\n").strip()


def _comment(text: str, indent: str) -> str:
    return f"{indent}# {text.replace(chr(10), ' ')}\n"


def _entry(key: str, learned: Learned, indent: str) -> str:
    return _comment(learned.why, indent) + f"{indent}{key}: {_scalar(learned.value)}\n"


def _channel(calibration: ChannelCalibration) -> str:
    out = [f"  {calibration.channel}:\n"]
    for note in calibration.notes:
        out.append(_comment(note, "    "))
    if calibration.tone:
        out.append("    tone:\n")
        learned = [name for name in TONE_DIMENSIONS if name in calibration.tone]
        out.extend(_entry(name, calibration.tone[name], "      ") for name in learned)
    if calibration.readability:
        out.append("    readability:\n")
        out.extend(_entry(key, value, "      ") for key, value in calibration.readability.items())
    if calibration.structure:
        out.append("    structure:\n")
        out.extend(_entry(key, value, "      ") for key, value in calibration.structure.items())
    if calibration.signature is not None:
        out.append(_entry("signature", calibration.signature, "    "))
    return "".join(out)


def guide_yaml(calibration: Calibration, extends: str, sources: str) -> str:
    """The guide text; ``sources`` names what was read (shown in the header comment)."""
    counts = ", ".join(f"{c.channel} {c.documents}" for c in calibration.channels.values())
    out = [
        f"# Learned by `voicelint calibrate` (voicelint {__version__}) from approved replies: {counts}.\n",
        f"# Read: {sources.replace(chr(10), ' ')}\n",
    ]
    if calibration.other_language:
        out.append(f"# Skipped: {calibration.other_language} replies in another language (no tone scores).\n")
    for channel, count in calibration.skipped_channels.items():
        out.append(f"# Skipped channel {channel}: only {count} approved replies (30 are needed to learn from).\n")
    out.append("# Every value below says what it was learned from; edit freely, or re-run calibrate.\n")
    out.append("version: 1\n")
    out.append(f"name: {_scalar('Calibrated from approved replies')}\n")
    out.append(f"extends: {_scalar(extends)}\n")
    if len(calibration.channels) == 1:
        only = next(iter(calibration.channels))
        out.append(_comment(f"every approved reply was on {only}", ""))
        out.append(f"default_channel: {_scalar(only)}\n")
    out.append("channels:\n")
    out.extend(_channel(c) for c in calibration.channels.values())
    if calibration.terms:
        out.append("terms:\n")
        for choice in calibration.terms:
            out.append(_comment(choice.why, "  "))
            out.append(f"  - use: {_scalar(choice.use)}\n    avoid: {_scalar(list(choice.avoid))}\n")
            for preferred in choice.overrides:
                out.append(_comment(f"{extends} prefers {preferred!r}; the approved replies do not", "  "))
                out.append(f"  - use: {_scalar(preferred)}\n    avoid: []\n")
    if any(c.tone for c in calibration.channels.values()):
        out.append(
            "# The preset ships the tone range rules off (they were imprecise against its generic ranges);\n"
            "# the ranges above are this brand's own. Channels without learned ranges keep the preset's.\n"
        )
        out.append("rules:\n")
        out.extend(f"  {code}: warning\n" for code in TONE_RANGE_RULES)
    return "".join(out)
