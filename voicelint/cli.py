"""The ``voicelint`` command: check, fix, rules, explain. Thin: parse options, call the API, format.

Heavy imports (spaCy, the engine) happen inside ``check`` only, so ``--help``, ``--version``,
``rules`` and ``explain`` start fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

import click

from voicelint import __version__
from voicelint.display import for_terminal
from voicelint.formatters import formatters

if TYPE_CHECKING:
    from voicelint.baseline import Baseline, BaselineWriter
    from voicelint.guide.model import Guide
    from voicelint.pipeline import LintOptions
    from voicelint.report import DocumentResult

EXIT_OK, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2
FAIL_ON = ("error", "warning", "info", "never")


def _split(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _fail(message: str) -> NoReturn:
    click.echo(f"voicelint: error: {for_terminal(message)}", err=True)
    sys.exit(EXIT_ERROR)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="voicelint")
@click.pass_context
def main(ctx: click.Context) -> None:
    """voicelint: a brand voice linter for customer-support writing.

    Checks draft replies and canned-response libraries against a YAML brand style guide (tone,
    banned phrases, terminology, readability, length, scripted boilerplate) and reports every
    violation with its exact location and suggested rewrites.

    \b
    Examples:
      voicelint check draft.txt
      echo "Per our policy we cannot refund." | voicelint check --channel chat
      voicelint check macros/ --guide voicelint.yaml --format json
      voicelint fix --diff macros/
      voicelint rules
      voicelint explain banned-phrase
    """
    from voicelint.signals import install

    # SIGTERM (a CI cancel) and SIGINT stop a command with one note and exit 143 / 130 (never 1),
    # terminating worker processes on the way out; the previous handlers return afterwards.
    ctx.call_on_close(install())


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=True, allow_dash=True))
@click.option("--guide", "guide_path", metavar="FILE", help=(
    "Style guide YAML or a built-in preset name. Default: voicelint.yaml or .voicelint.yaml in the "
    "current folder or a parent, else [tool.voicelint] guide in pyproject.toml, else 'support-default'."))
@click.option("--channel", metavar="NAME", help=(
    "Channel of every document (email, chat, social, or one the guide defines). A record's own "
    "channel field wins. Default: the guide's default_channel."))
@click.option("--format", "output_format", type=click.Choice(sorted(formatters())), default="text",
              show_default=True, help="Report format.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="error", show_default=True,
              help="Lowest severity that makes the exit status 1.")
@click.option("--select", multiple=True, metavar="X,Y",
              help="Only these rules: codes, code prefixes (VL1), names, or categories.")
@click.option("--ignore", multiple=True, metavar="X,Y", help="Skip these rules (same forms as --select).")
@click.option("--output", "-o", "output_path", metavar="FILE", type=click.Path(dir_okay=False),
              help="Write the report to FILE instead of standard output (e.g. with --format html).")
@click.option("--quiet", "-q", is_flag=True, help="Print the summary line only (text format).")
@click.option("--statistics", is_flag=True,
              help="End the text report with the number of violations per rule and per file, most first.")
@click.option("--text-field", metavar="FIELD",
              help="Record field holding the reply text in YAML/JSON/CSV libraries.")
@click.option("--model", metavar="NAME",
              help="spaCy model package or path (default: $VOICELINT_SPACY_MODEL, else en_core_web_sm).")
@click.option("--max-doc-chars", type=click.IntRange(min=1), default=1_000_000, show_default=True,
              help="Longer documents are reported as input errors instead of being linted.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes for large inputs (default: the number of cores). Small inputs stay "
              "in one process; the report is the same whatever N is.")
@click.option("--cache/--no-cache", "use_cache", default=True, show_default=True,
              help="Reuse results of unchanged documents from the cache folder.")
@click.option("--cache-dir", metavar="DIR", help=(
    "Result cache folder (default: $VOICELINT_CACHE_DIR, else .voicelint_cache in the current folder)."))
@click.option("--server", "use_server", is_flag=True, help=(
    "Lint on a running `voicelint server` (also when $VOICELINT_SERVER is set); lints in-process, "
    "with a note, when none answers."))
@click.option("--follow-symlinks", is_flag=True, help=(
    "Follow symbolic links met while walking folders (default: skip them; a link named on the "
    "command line is always read)."))
@click.option("--exclude", "exclude", multiple=True, metavar="GLOB", help=(
    "Skip files and folders matching GLOB (repeatable), matched against the path relative to the "
    "walked folder or any trailing part of it (the file name too); ** matches any folders. Also skips a file named "
    "explicitly. The guide's files.exclude adds to it. Folder walks also skip LICENSE*, "
    "CHANGELOG*, CONTRIBUTING*, README*, package.json and lock files."))
@click.option("--baseline", "baseline_path", metavar="FILE", type=click.Path(dir_okay=False), help=(
    "Report only violations not recorded in FILE (see --write-baseline): the others are left out of "
    "every format, the exit status and the voice scores; the summary counts them."))
@click.option("--write-baseline", "write_baseline_path", metavar="FILE", type=click.Path(dir_okay=False), help=(
    "Record the current violations in FILE (replacing it) and report none of them. With --baseline, "
    "keep only the entries still found: the baseline shrinks as findings are fixed, and never grows."))
@click.option("--min-score", type=click.FloatRange(min=0, max=100), default=None, metavar="N", help=(
    "Exit 1 when a document's voice score (scores.voice, 0-100) is below N; the text report names them."))
@click.option("--color/--no-color", default=None, help="Force colour on or off (default: when a terminal).")
def check(
    paths: tuple[str, ...],
    guide_path: str | None,
    channel: str | None,
    output_format: str,
    fail_on: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    output_path: str | None,
    quiet: bool,
    statistics: bool,
    text_field: str | None,
    model: str | None,
    max_doc_chars: int,
    jobs: int | None,
    use_cache: bool,
    cache_dir: str | None,
    use_server: bool,
    follow_symlinks: bool,
    exclude: tuple[str, ...],
    baseline_path: str | None,
    write_baseline_path: str | None,
    min_score: float | None,
    color: bool | None,
) -> None:
    """Lint drafts and libraries: files, folders (recursively), or "-" for stdin.

    With no PATH, text piped on stdin is linted. Supported files: .txt, .md, and libraries in
    .yaml/.yml, .json and .csv (each record is its own document).

    Exit status: 0 nothing at or above --fail-on (and no document below --min-score); 1 at least
    one such violation or document; 2 a usage, style-guide, baseline or input error (the other
    files are still linted).
    """
    from voicelint.api import LintOptions, iter_results
    from voicelint.cache import resolve_cache_dir
    from voicelint.engine import UnknownChannelError
    from voicelint.nlp import ModelNotFoundError
    from voicelint.pipeline import rules_that_run
    from voicelint.report import ReportError, RuleInfo, RunInfo, RunSummary
    from voicelint.rules import UnknownSelectorError

    stdin_text = None
    if not paths:
        if sys.stdin is None or sys.stdin.isatty():
            _fail("no input: give files or folders to check, or pipe text in (see `voicelint check --help`)")
        paths = ("-",)
    if "-" in paths:
        stdin_text = _read_stdin()
    gate = _BaselineGate.open(baseline_path, write_baseline_path)
    formatter = formatters()[output_format](_output(output_path), quiet=quiet, color=color, statistics=statistics)
    summary = RunSummary(baseline=gate.active, min_score=min_score)
    remote = None
    # The server protocol carries no --exclude globs nor files to skip: with them, lint in-process.
    if (use_server or os.environ.get("VOICELINT_SERVER")) and model is None and not exclude and not gate.active:
        remote = _lint_on_server(
            paths, stdin_text, guide_path, channel, select, ignore, text_field, max_doc_chars, follow_symlinks
        )
    try:
        rules: tuple[RuleInfo, ...] = ()
        ranges: dict[str, dict[str, tuple[float, float]]] = {}
        if remote is not None:
            guide_name, shown_path, results = remote.guide_name, remote.guide_path, iter(remote.results)
        else:
            guide = _load_guide_or_fail(guide_path)
            options = LintOptions(
                channel=channel,
                select=_split(select),
                ignore=_split(ignore),
                model=model,
                text_field=text_field,
                max_doc_chars=max_doc_chars,
                follow_symlinks=follow_symlinks,
                exclude=exclude,
                jobs=jobs or os.cpu_count() or 1,
                cache_dir=str(resolve_cache_dir(cache_dir)) if use_cache else None,
                skip_files=gate.files,
            )
            guide_name, shown_path = guide.name, guide.path
            ranges = {name: dict(policy.tone) for name, policy in guide.channels.items()}
            # Usage errors (unknown channel or rule) surface here, before the report has begun.
            rules = rules_that_run(guide, options)
            results = iter_results(list(paths), guide, options, stdin_text)
        formatter.begin(RunInfo(guide_name, shown_path, __version__, rules, ranges, fail_on))
        for result in results:
            if isinstance(result, ReportError):
                summary.add_error(result)
                click.echo(f"voicelint: error: {for_terminal(str(result))}", err=True)
                formatter.error(result)
            else:
                result = gate.apply(result)
                summary.baselined += gate.dropped
                summary.add_document(result)
                formatter.document(result)
    except (UnknownChannelError, UnknownSelectorError, ModelNotFoundError) as exc:
        _fail(str(exc))
    formatter.end(summary)
    gate.finish(summary.errors)
    sys.exit(summary.exit_code(fail_on))


class _BaselineGate:
    """``--baseline`` and ``--write-baseline`` for one run: drops accepted violations from each
    result (rescoring it), records what the written baseline accepts, and writes it at the end."""

    def __init__(self, path: str | None, baseline: Baseline | None, writer: BaselineWriter | None) -> None:
        self.path = path
        self.baseline = baseline
        self.writer = writer
        #: Violations the last :meth:`apply` left out.
        self.dropped = 0

    @classmethod
    def open(cls, baseline_path: str | None, write_path: str | None) -> _BaselineGate:
        """Load ``--baseline`` up front: a missing or malformed file is a usage error (exit 2)."""
        from voicelint.baseline import Baseline, BaselineError, BaselineWriter

        baseline = None
        if baseline_path is not None:
            try:
                baseline = Baseline.load(baseline_path)
            except BaselineError as exc:
                _fail(str(exc))
        writer = BaselineWriter(write_path, keep_only=baseline) if write_path is not None else None
        return cls(baseline_path, baseline, writer)

    @property
    def active(self) -> bool:
        return self.baseline is not None or self.writer is not None

    @property
    def files(self) -> tuple[str, ...]:
        """The baseline files, which the run must not lint as a JSON library."""
        written = os.fspath(self.writer.path) if self.writer is not None else None
        return tuple(path for path in (self.path, written) if path is not None)

    def apply(self, result: DocumentResult) -> DocumentResult:
        """``result`` without the violations accepted (by ``--baseline``, else by the baseline being
        written), with its voice score computed again from what is left."""
        import dataclasses

        from voicelint.voice_score import with_voice_score

        self.dropped = 0
        if not self.active or not result.violations:
            return result
        if self.writer is not None:
            self.writer.add(result)
        if self.baseline is not None:
            kept, dropped = self.baseline.split(result)
            self.dropped = len(dropped)
        else:
            kept, self.dropped = dataclasses.replace(result, violations=()), len(result.violations)
        return with_voice_score(kept) if self.dropped else result

    def finish(self, input_errors: int) -> None:
        """Write ``--write-baseline`` (after the last result), with a note on stderr."""
        from voicelint.baseline import BaselineError

        if self.writer is None:
            return
        try:
            accepted = self.writer.write()
        except BaselineError as exc:
            _fail(str(exc))
        note = f"wrote the baseline {self.writer.path}: {accepted} violation(s) accepted"
        if input_errors:
            note += f"; the {input_errors} input error(s) above kept files out of it"
        click.echo(f"voicelint: note: {for_terminal(note)}", err=True)


def _output(path: str | None) -> TextIO:
    """Where the report goes: standard output, or the ``-o`` file (UTF-8, closed when the command ends)."""
    if path is None:
        return sys.stdout
    try:
        out = open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed with the click context
    except OSError as exc:
        _fail(f"{path}: cannot write the report: {exc.strerror or exc}")
    click.get_current_context().call_on_close(out.close)
    return out


def _paths_or_stdin(paths: Sequence[str], no_input: str) -> tuple[tuple[str, ...], str | None]:
    """The paths to read (``-`` when text is piped in and no path is given) and the piped text."""
    if not paths:
        if sys.stdin is None or sys.stdin.isatty():
            _fail(no_input)
        paths = ("-",)
    return tuple(paths), (_read_stdin() if "-" in paths else None)


def _read_options(
    channel: str | None,
    model: str | None,
    text_field: str | None,
    max_doc_chars: int,
    follow_symlinks: bool,
    exclude: tuple[str, ...],
    jobs: int | None,
    cache_dir: str | None,
    use_cache: bool,
) -> LintOptions:
    """How `profile` and `calibrate` read and lint their inputs: `check`'s input options, all rules."""
    from voicelint.api import LintOptions
    from voicelint.cache import resolve_cache_dir

    return LintOptions(
        channel=channel,
        model=model,
        text_field=text_field,
        max_doc_chars=max_doc_chars,
        follow_symlinks=follow_symlinks,
        exclude=exclude,
        jobs=jobs or os.cpu_count() or 1,
        cache_dir=str(resolve_cache_dir(cache_dir)) if use_cache else None,
    )


_INPUT_OPTIONS = [
    click.option("--text-field", metavar="FIELD", help="Record field holding the reply text in libraries."),
    click.option("--model", metavar="NAME", help="spaCy model package or path."),
    click.option("--max-doc-chars", type=click.IntRange(min=1), default=1_000_000, show_default=True,
                 help="Longer documents are reported as input errors."),
    click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
                 help="Worker processes for large inputs (default: the number of cores)."),
    click.option("--cache/--no-cache", "use_cache", default=True, show_default=True,
                 help="Reuse the scores of unchanged documents from the cache folder."),
    click.option("--cache-dir", metavar="DIR", help="Result cache folder (as for check)."),
    click.option("--follow-symlinks", is_flag=True, help="Follow symbolic links met while walking folders."),
    click.option("--exclude", "exclude", multiple=True, metavar="GLOB", help="Skip files and folders matching GLOB."),
]


def _input_options(command: Callable[..., None]) -> Callable[..., None]:
    """The reading options `profile` and `calibrate` share (their values go to :func:`_read_options`)."""
    for option in reversed(_INPUT_OPTIONS):
        command = option(command)
    return command


def _profile_formats() -> tuple[str, ...]:
    """text and json; html too once a renderer module (voicelint.formatters.html) is installed."""
    from importlib.util import find_spec

    return ("text", "json", "html") if find_spec("voicelint.formatters.html") is not None else ("text", "json")


def _group_key(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """``agent``, ``channel``, ``file`` or ``field:NAME``; anything else is a usage error with a hint."""
    from difflib import get_close_matches

    from voicelint.profile.collect import GROUP_KEYS

    if value in GROUP_KEYS or (value.startswith("field:") and value.removeprefix("field:").strip()):
        return value
    close = get_close_matches(value, [*GROUP_KEYS, "field:NAME"], n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise click.BadParameter(f"{value!r} is not one of agent, channel, file, field:NAME{hint}", ctx, param)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=True, allow_dash=True))
@click.option("--by", "by", default="agent", show_default=True, callback=_group_key, metavar="KEY",
              help="Group by agent, channel, file, or field:NAME (a record field, e.g. field:company).")
@click.option("--format", "output_format", type=click.Choice(_profile_formats()), default="text",
              show_default=True, help="Report format.")
@click.option("--output", "-o", "output", metavar="FILE", help="Write the report to FILE instead of stdout.")
@click.option("--guide", "guide_path", metavar="FILE", help="Style guide YAML or a preset name (as for check).")
@click.option("--channel", metavar="NAME", help="Channel of every document (a record's own channel field wins).")
@click.option("--min-documents", type=click.IntRange(min=1), default=5, show_default=True,
              help="Documents a group needs before it can be an outlier.")
@_input_options
@click.option("--color/--no-color", default=None, help="Force colour on or off (default: when a terminal).")
def profile(
    paths: tuple[str, ...],
    by: str,
    output_format: str,
    output: str | None,
    guide_path: str | None,
    channel: str | None,
    min_documents: int,
    text_field: str | None,
    model: str | None,
    max_doc_chars: int,
    jobs: int | None,
    use_cache: bool,
    cache_dir: str | None,
    follow_symlinks: bool,
    exclude: tuple[str, ...],
    color: bool | None,
) -> None:
    """How every agent, channel or file sounds, and whether they sound like one voice.

    Reads what `check` reads. Groups the documents --by agent (the record's agent field, else
    the person who signed the reply: ^RR, -Jazz, Sam; unsigned replies are "(unattributed)"),
    channel, file, or field:NAME. For each group: documents, median and interquartile range of
    the six tone dimensions, scriptedness and grade, greeting and sign-off forms, and the
    guide's preferred terms used (+) and avoided terms found (-, the VL102 findings).

    \b
    Consistency index (0-100) = 100 x (1 - mean over the six tone dimensions
    of omega squared), omega squared = (SSB - (k-1) MSW) / (SST + MSW) from a
    one-way ANOVA over the k attributed groups, clamped to 0-1: the share of
    variance between groups, corrected for chance. 100: who wrote a reply says
    nothing about how it sounds; lower: groups sound different.
    Outliers: groups of --min-documents or more whose median on a dimension lies
    outside the library's typical range, median +/- 1 IQR of every document
    (at least +/- 10 points), by more than 2 standard errors of the group's
    median (sqrt(pi/2) x IQR/1.349/sqrt(n)).

    \b
    Examples:
      voicelint profile --by agent --channel social replies.csv
      voicelint profile --by field:company --format json -o profile.json replies.jsonl

    Exit status: 0 profiled; 2 a usage, guide or input error, or no documents.
    """
    from voicelint.engine import UnknownChannelError
    from voicelint.nlp import ModelNotFoundError
    from voicelint.profile import profile_report
    from voicelint.report import ReportError

    paths, stdin_text = _paths_or_stdin(
        paths, "no input: give files or folders to profile, or pipe text in (see `voicelint profile --help`)"
    )
    guide = _load_guide_or_fail(guide_path)
    options = _read_options(channel, model, text_field, max_doc_chars, follow_symlinks, exclude, jobs,
                            cache_dir, use_cache)
    errors: list[ReportError] = []

    def on_error(error: ReportError) -> None:
        errors.append(error)
        click.echo(f"voicelint: error: {for_terminal(str(error))}", err=True)

    try:
        report = profile_report(list(paths), guide, options, by=by, stdin_text=stdin_text, on_error=on_error,
                                min_documents=min_documents)
    except (UnknownChannelError, ModelNotFoundError) as exc:
        _fail(str(exc))
    if not report["documents"]:
        _fail(f"no documents to profile in {', '.join(paths)} (no readable replies were found)")
    _write_profile(report, output_format, output, color)
    sys.exit(EXIT_ERROR if errors else EXIT_OK)


def _write_profile(report: dict[str, Any], output_format: str, output: str | None, color: bool | None) -> None:
    """The profile in ``output_format`` on stdout or in the file ``output``."""
    import json

    from voicelint.profile.text import render_text

    stream = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115 - closed below
    try:
        if output_format == "json":
            stream.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        elif output_format == "html":
            from importlib import import_module

            render = getattr(import_module("voicelint.formatters.html"), "render_profile", None)
            if render is None:
                _fail("the html report cannot render profiles (voicelint.formatters.html has no render_profile)")
            stream.write(render(report))
        else:
            render_text(report, stream, color=False if output else color)
    except OSError as exc:
        _fail(f"{output or 'stdout'}: cannot write the report: {exc.strerror or exc}")
    finally:
        if output:
            stream.close()


def _lint_on_server(
    paths: Sequence[str],
    stdin_text: str | None,
    guide_path: str | None,
    channel: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    text_field: str | None,
    max_doc_chars: int,
    follow_symlinks: bool,
) -> Any:
    """Results from a running ``voicelint server``, or None (with a note) when none answers.

    The guide is resolved here, in the user's folder, so a server started with another default
    guide lints with the project's guide. Nothing is printed before all results arrived, so a
    fallback to in-process linting never prints anything twice.
    """
    from voicelint.client import ServerError, ServerUnavailable, lint_paths_via_server
    from voicelint.guide.loader import GuideError, discover_guide

    try:
        guide = guide_path or discover_guide()
    except GuideError as exc:
        _fail(str(exc))
    try:
        return lint_paths_via_server(
            list(paths),
            stdin_text=stdin_text,
            channel=channel,
            guide=guide,
            select=_split(select),
            ignore=_split(ignore),
            text_field=text_field,
            max_doc_chars=max_doc_chars,
            follow_symlinks=follow_symlinks,
        )
    except ServerUnavailable as exc:
        click.echo(f"voicelint: note: {for_terminal(str(exc))}; linting in-process", err=True)
        return None
    except ServerError as exc:
        _fail(exc.message)


def _read_stdin() -> str:
    from voicelint.sources import InputError, read_bytes

    data = read_bytes("-") if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
    if isinstance(data, InputError):
        _fail(str(data))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        _fail(f"-: standard input is not valid UTF-8 (byte {exc.start})")


@main.command()
@click.option("--format", "output_format", type=click.Choice(("text", "json")), default="text", show_default=True)
@click.option("--guide", "guide_path", metavar="FILE",
              help="Show each rule's severity in this guide (off when the guide turns it off).")
def rules(output_format: str, guide_path: str | None) -> None:
    """List every rule: code, name, category, severity, summary.

    The severity is the rule's default, or with --guide what that guide makes of it (its
    default channel; `voicelint explain RULE --guide FILE` shows every channel).
    """
    import json

    from voicelint.rules import all_rules
    from voicelint.settings import effective_setting

    guide = _load_guide_or_fail(guide_path) if guide_path else None
    rows = []
    for rule in all_rules():
        severity = str(rule.severity)
        if guide is not None:
            setting = effective_setting(rule, guide)
            severity = str(setting.severity) if setting.enabled else "off"
        rows.append(
            {"code": rule.code, "name": rule.name, "category": rule.category, "severity": severity,
             "summary": rule.summary}
        )
    if output_format == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        click.echo(f"{row['code']:<7} {row['name']:<24} {row['category']:<13} {row['severity']:<8} {row['summary']}")


def _load_guide_or_fail(guide_path: str | None) -> Guide:
    """The guide (``--guide`` or discovered), or exit 2 with every guide error on stderr."""
    from voicelint.api import load_guide
    from voicelint.guide.loader import GuideError

    try:
        return load_guide(guide_path)
    except GuideError as exc:
        for error in exc.errors:
            click.echo(f"voicelint: error: {for_terminal(str(error))}", err=True)
        sys.exit(EXIT_ERROR)


@main.command()
@click.argument("code_or_name")
@click.option("--guide", "guide_path", metavar="FILE", help="Also show this guide's voice and settings for the rule.")
def explain(code_or_name: str, guide_path: str | None) -> None:
    """Explain a rule (by code or name) or a topic such as tone.warmth, with examples."""
    from voicelint.explain import explain_text
    from voicelint.guide.loader import GuideError

    try:
        text = explain_text(code_or_name, guide_path)
    except GuideError as exc:
        _fail(str(exc))
    if text is None:
        from voicelint.explain import known_topics

        _fail(f"no rule or topic named {code_or_name!r}; known: {', '.join(known_topics())}")
    click.echo(text)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=True, allow_dash=True))
@click.option("--out", "-o", "out", metavar="GUIDE.yaml", help="Write the guide here (default: print it).")
@click.option("--extends", "extends", default="support-default", show_default=True, metavar="NAME",
              help="The preset (or guide file) the learned guide extends; its terms and channels are the base.")
@click.option("--channel", metavar="NAME", help=(
    "Channel of every reply (a record's own channel field wins). Default: the base guide's default_channel."))
@click.option("--margin", type=click.FloatRange(min=0, max=50), default=5.0, show_default=True,
              help="Points each tone range is widened by beyond the 2.5-97.5th percentiles.")
@_input_options
def calibrate(
    paths: tuple[str, ...],
    out: str | None,
    extends: str,
    channel: str | None,
    margin: float,
    text_field: str | None,
    model: str | None,
    max_doc_chars: int,
    jobs: int | None,
    use_cache: bool,
    cache_dir: str | None,
    follow_symlinks: bool,
    exclude: tuple[str, ...],
) -> None:
    """Learn a guide from replies the brand approves: tone ranges, readability, structure, terms.

    Reads the same inputs as check (files, folders, libraries, "-" for stdin). Per channel with at
    least 30 approved English replies it learns the tone ranges (2.5-97.5th percentiles widened by
    --margin), readability limits, the greeting, sign-off and signature a channel always (or never)
    uses, and the brand's choice between known term variants; it writes a guide that extends
    --extends, validates it, and says in a comment what each value was learned from.

    Exit status: 0 the guide was written; 2 too few replies, a usage error, or an input error (the
    guide is still learned from the other files and written).
    """
    from voicelint.calibrate.command import CalibrateRequest, run_calibration
    from voicelint.calibrate.learn import CalibrationError
    from voicelint.engine import UnknownChannelError
    from voicelint.guide.loader import GuideError
    from voicelint.nlp import ModelNotFoundError

    paths, stdin_text = _paths_or_stdin(
        paths, "no input: give the approved replies (files or folders), or pipe them in"
    )
    options = _read_options(channel, model, text_field, max_doc_chars, follow_symlinks, exclude, jobs,
                            cache_dir, use_cache)
    request = CalibrateRequest(list(paths), extends, out, margin, options, stdin_text)
    try:
        outcome = run_calibration(request)
    except GuideError as exc:
        for error in exc.errors:
            click.echo(f"voicelint: error: {for_terminal(str(error))}", err=True)
        sys.exit(EXIT_ERROR)
    except (CalibrationError, UnknownChannelError, ModelNotFoundError, OSError) as exc:
        _fail(str(exc))
    for input_error in outcome.errors:
        click.echo(f"voicelint: error: {for_terminal(str(input_error))}", err=True)
    for note in outcome.notes:
        click.echo(f"voicelint: note: {for_terminal(note)}", err=True)
    if out is None:
        click.echo(outcome.text, nl=False)
    if outcome.errors:
        sys.exit(EXIT_ERROR)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=True, allow_dash=True))
@click.option("--unsafe-fixes", is_flag=True, help=(
    "Also apply unsafe fixes: literal replacements a person should read first (a banned phrase's "
    "suggestion). Display fixes (advice with {slots}) are never applied."))
@click.option("--diff", "show_diff", is_flag=True,
              help="Print a unified diff of the fixes (--- a/PATH +++ b/PATH) and write nothing.")
@click.option("--guide", "guide_path", metavar="FILE", help="Style guide YAML or a preset name (as for check).")
@click.option("--channel", metavar="NAME", help="Channel of every document (a record's own channel field wins).")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="error", show_default=True,
              help="Lowest severity left after fixing that makes the exit status 1.")
@click.option("--select", multiple=True, metavar="X,Y", help="Only these rules (as for check).")
@click.option("--ignore", multiple=True, metavar="X,Y", help="Skip these rules (as for check).")
@_input_options
@click.option("--color/--no-color", default=None, help="Force colour on or off (default: when a terminal).")
def fix(
    paths: tuple[str, ...],
    unsafe_fixes: bool,
    show_diff: bool,
    guide_path: str | None,
    channel: str | None,
    fail_on: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    text_field: str | None,
    model: str | None,
    max_doc_chars: int,
    jobs: int | None,
    use_cache: bool,
    cache_dir: str | None,
    follow_symlinks: bool,
    exclude: tuple[str, ...],
    color: bool | None,
) -> None:
    """Apply the fixes of violations in place: files, folders, or "-" for stdin.

    Each violation's first safe fix (and unsafe ones with --unsafe-fixes) is written into the
    file it was found in, in plain text, Markdown and every library format, changing only the
    fixed spans: quoting, escapes, comments, key order, line endings and a BOM stay as they are.
    A fix the file cannot hold as it is (it would need re-quoting, or the text there is an escape
    or markup) is not applied, with a note saying why. Lint and fix repeat until nothing more
    applies, so running fix twice changes nothing the second time. With "-" the fixed text is
    printed on stdout. The violations that remain are reported as check reports them (on stderr
    when stdout carries a diff or the fixed text), then "Found N violations (M fixed, K remaining)".

    Exit status: as check, for what remains after fixing: 0 nothing at or above --fail-on;
    1 at least one such violation; 2 a usage, style-guide, input or write error.
    """
    import dataclasses

    from voicelint.engine import UnknownChannelError
    from voicelint.fix.report import write_fixes
    from voicelint.fix.run import fix_paths
    from voicelint.nlp import ModelNotFoundError
    from voicelint.pipeline import rules_that_run
    from voicelint.rules import UnknownSelectorError

    paths, stdin_text = _paths_or_stdin(
        paths, "no input: give files or folders to fix, or pipe text in (see `voicelint fix --help`)"
    )
    guide = _load_guide_or_fail(guide_path)
    options = dataclasses.replace(
        _read_options(channel, model, text_field, max_doc_chars, follow_symlinks, exclude, jobs, cache_dir,
                      use_cache),
        select=_split(select),
        ignore=_split(ignore),
    )
    try:
        rules = rules_that_run(guide, options)
        run = fix_paths(list(paths), guide, options, unsafe=unsafe_fixes, stdin_text=stdin_text)
    except (UnknownChannelError, UnknownSelectorError, ModelNotFoundError) as exc:
        _fail(str(exc))
    sys.exit(write_fixes(run, guide, rules, fail_on=fail_on, diff=show_diff, color=color))


def _register_server_command() -> None:
    from voicelint.server import server_command

    main.add_command(server_command)


_register_server_command()

if __name__ == "__main__":  # pragma: no cover
    main()
