"""The calibrate run, start to end: load the base, read and learn, write, validate, save.

Kept out of :mod:`voicelint.cli` so the command stays a thin option parser and tests and
benchmarks can calibrate without a subprocess. The learned text is loaded with voicelint's own
guide loader before anything is written: a guide that does not validate is never saved.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from voicelint.calibrate.learn import learn
from voicelint.calibrate.samples import collect_samples
from voicelint.calibrate.variants import variant_groups
from voicelint.calibrate.write import guide_yaml
from voicelint.guide.loader import load_guide, load_guide_text, preset_names
from voicelint.pipeline import LintOptions
from voicelint.report import ReportError


@dataclass(frozen=True)
class CalibrateRequest:
    paths: list[str]
    extends: str
    out: str | None
    margin: float
    options: LintOptions
    stdin_text: str | None = None


@dataclass(frozen=True)
class CalibrateOutcome:
    text: str
    errors: list[ReportError]
    notes: list[str]


def _extends_as_written(extends: str, folder: Path) -> str:
    """A preset name as is; a guide file relative to the folder of the written guide."""
    if extends in preset_names():
        return extends
    return os.path.relpath(os.path.abspath(extends), folder)


def run_calibration(request: CalibrateRequest) -> CalibrateOutcome:
    """Learn, validate and (with ``out``) save the guide; raises GuideError / CalibrationError."""
    base = load_guide(request.extends)
    groups = variant_groups(base)
    samples = collect_samples(request.paths, base, request.options, groups, request.stdin_text)
    calibration = learn(samples, groups, request.margin)
    folder = Path(os.path.dirname(os.path.abspath(request.out))) if request.out else Path.cwd()
    extends = _extends_as_written(request.extends, folder)
    text = guide_yaml(calibration, extends, ", ".join(request.paths))
    shown = request.out or "<calibrated guide>"
    load_guide_text(text, shown, base_dir=folder)  # raises GuideError: never write an invalid guide
    notes = [
        f"{channel}: learned from {c.documents} approved replies; {calibration.outside.get(channel, 0)} of them "
        "fall outside a learned tone range (the tails beyond the percentiles)"
        for channel, c in calibration.channels.items()
    ]
    if calibration.other_language:
        notes.append(f"skipped {calibration.other_language} replies in another language (no tone scores)")
    for channel, count in calibration.skipped_channels.items():
        notes.append(f"skipped channel {channel}: only {count} approved replies")
    if request.out:
        Path(request.out).write_text(text, encoding="utf-8")
        notes.append(f"wrote {request.out}")
    return CalibrateOutcome(text, samples.errors, notes)
