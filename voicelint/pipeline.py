"""The one run pipeline: discover -> read -> file cache -> lint -> voice scores -> collect.

Used by the CLI (``check``), the Python API (:mod:`voicelint.api`) and the server, so the same
input gives the same results whichever way it arrives. Each step has its own module (discovery
and readers in :mod:`voicelint.sources`, the cache in :mod:`voicelint.cache`, linting in
:mod:`voicelint.engine`); this module only wires them in order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from voicelint import __version__
from voicelint.document import Document, SourceFile
from voicelint.engine import DEFAULT_MAX_DOC_CHARS, LintedDocument, Linter
from voicelint.guide.model import Guide
from voicelint.parallel import Executor
from voicelint.report import DocumentResult, Report, ReportError, RuleInfo
from voicelint.voice_score import with_voice_scores

if TYPE_CHECKING:
    from voicelint.cache import ResultCache
    from voicelint.sources import ReadOptions


@dataclass(frozen=True)
class LintOptions:
    """How documents are linted; the same for the CLI and the API."""

    channel: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    model: str | None = None
    #: The record field holding the text in libraries (default: the guide's, else the usual names).
    text_field: str | None = None
    max_doc_chars: int = DEFAULT_MAX_DOC_CHARS
    #: Worker processes for large inputs (1: this process only). The results are the same.
    jobs: int = 1
    #: Folder of the per-document result cache; None (the API's default) means no cache.
    cache_dir: str | None = None
    #: Follow symbolic links met while walking folders (a link named explicitly is always read).
    follow_symlinks: bool = False
    #: ``--exclude`` globs (the guide's ``files.exclude`` applies too); see voicelint.sources.exclusions.
    exclude: tuple[str, ...] = ()
    #: Files never read as inputs, like the guide's own file: the ``--baseline`` files, which a
    #: folder walk would otherwise lint as a JSON library.
    skip_files: tuple[str, ...] = ()


@lru_cache(maxsize=8)
def _linter(
    guide: Guide, select: tuple[str, ...], ignore: tuple[str, ...], model: str | None, max_chars: int
) -> Linter:
    return Linter(guide, select=select, ignore=ignore, model=model, max_doc_chars=max_chars)


def linter_for(guide: Guide, options: LintOptions) -> Linter:
    """A (cached) linter, so repeated API calls reuse the compiled rules and the pipeline."""
    return _linter(guide, options.select, options.ignore, options.model, options.max_doc_chars)


def read_options_for(guide: Guide, options: LintOptions) -> ReadOptions:
    """How libraries are read under this guide and these options (text, id and channel fields)."""
    from voicelint.sources import DEFAULT_ID_FIELDS, DEFAULT_TEXT_FIELDS, ReadOptions
    from voicelint.sources.base import DEFAULT_AGENT_FIELDS, where_conditions

    text_field = options.text_field or guide.library.get("text_field")
    id_field = guide.library.get("id_field")
    # The guide's schema checked these: a mapping of conditions, a name or a list of names.
    library: dict[str, object] = dict(guide.library)
    where = library.get("where")
    agent_field = library.get("agent_field")
    agent_fields = [agent_field] if isinstance(agent_field, str) else agent_field
    return ReadOptions(
        text_fields=(text_field,) if text_field else DEFAULT_TEXT_FIELDS,
        id_fields=(id_field,) if id_field else DEFAULT_ID_FIELDS,
        channel_field=guide.library.get("channel_field", "channel"),
        markdown=guide.library.get("markdown", "auto"),
        where=where_conditions(where) if isinstance(where, dict) else (),
        agent_fields=tuple(map(str, agent_fields)) if isinstance(agent_fields, list) else DEFAULT_AGENT_FIELDS,
    )


def _discover(paths: Sequence[str], guide: Guide, options: LintOptions) -> Iterator[str | ReportError]:
    """The files to read, in order; the guide's own file is never linted as a library."""
    from voicelint import sources
    from voicelint.sources.exclusions import guide_excludes

    return sources.discover(
        list(paths),
        exclude=[*([guide.path] if guide.path else []), *options.skip_files],
        follow_symlinks=options.follow_symlinks,
        globs=(*options.exclude, *guide_excludes(guide.data)),
    )


def read_inputs(
    paths: Sequence[str],
    guide: Guide,
    options: LintOptions,
    stdin_text: str | None = None,
    texts: Mapping[str, str] | None = None,
) -> Iterator[Document | ReportError]:
    """Documents from files, folders and stdin (``-``), with input errors in their place.

    ``texts`` stand in for the contents of the files they name (``voicelint fix`` lints its fixed
    text before anything is written).
    """
    from voicelint import sources

    read_options = read_options_for(guide, options)
    for entry in _discover(paths, guide, options):
        if not isinstance(entry, str):
            yield entry
            continue
        if texts is not None and entry in texts:
            reader = sources.read_text(entry, texts[entry], read_options)
        elif entry == "-":
            reader = sources.read_text("-", stdin_text or "", read_options)
        else:
            reader = sources.read_file(entry, read_options)
        yield from reader


def rules_that_run(guide: Guide, options: LintOptions) -> tuple[RuleInfo, ...]:
    """The rules a run with these options applies, as formatters describe them.

    Raises the run's usage errors (an unknown ``--select`` rule or ``--channel``) up front, so a
    caller can refuse the run before it has printed anything.
    """
    linter = linter_for(guide, options)
    channel = linter.check_channel(options.channel)
    return tuple(
        RuleInfo(
            code=rule.code,
            name=rule.name,
            category=rule.category,
            severity=str(linter.setting(rule.code, channel).severity),
            summary=rule.summary,
            explain=f"voicelint explain {rule.name}",
        )
        for rule in linter.rule_classes
    )


def text_results(
    text: str, path: str, guide: Guide, options: LintOptions, *, by_path: bool = False
) -> Iterator[DocumentResult | ReportError]:
    """Lint results of one text that is not read from disk (the API's ``lint_text``, the server).

    ``path`` is what reports call it. With ``by_path`` the text is read as the file ``path``
    would be (Markdown, a library...); otherwise it is one plain document.
    """
    from voicelint import sources

    linter = linter_for(guide, options)
    linter.check_channel(options.channel)
    if by_path:
        documents: Iterable[Document | ReportError] = sources.read_text(path, text, read_options_for(guide, options))
    else:
        documents = [Document(text=text, source=SourceFile(path, text))]
    yield from with_voice_scores(linter.lint(documents, options.channel))


def iter_results(
    paths: Sequence[str], guide: Guide, options: LintOptions = LintOptions(), stdin_text: str | None = None
) -> Iterator[DocumentResult | ReportError]:
    """Lint results in input order as they are produced (the CLI streams these to a formatter).

    All the documents of one run are one library for the library rules (``VL601``), whether they
    come from the cache or are linted afresh. The last step gives every document its
    ``scores.voice`` from its final violations (so cached results get it too; it is never cached).
    """
    yield from with_voice_scores(_linted_results(paths, guide, options, stdin_text))


def _linted_results(
    paths: Sequence[str], guide: Guide, options: LintOptions, stdin_text: str | None
) -> Iterator[DocumentResult | ReportError]:
    from voicelint.cache import ResultCache

    linter = linter_for(guide, options)
    linter.check_channel(options.channel)
    if not options.cache_dir:
        yield from linter.lint(read_inputs(paths, guide, options, stdin_text), options.channel, jobs=options.jobs)
        return
    cache = ResultCache(Path(options.cache_dir))
    try:
        with Executor(linter, options.jobs) as executor:
            linted = _cached_results(paths, guide, options, stdin_text, linter, cache, executor)
            yield from linter.with_library_findings(linted)
    finally:
        cache.close()


def _cached_results(
    paths: Sequence[str],
    guide: Guide,
    options: LintOptions,
    stdin_text: str | None,
    linter: Linter,
    cache: ResultCache,
    executor: Executor,
) -> Iterator[LintedDocument | ReportError]:
    """File by file: a whole unchanged file comes from the cache without being read as a library;
    a changed one is linted with the per-document cache, and its results are stored for next time.

    What is stored is each document's own result and its located observations, before library
    rules have seen the run: those depend on the other files, so they are found afresh each run.
    """
    from voicelint import sources
    from voicelint.cache import file_key

    read_options = read_options_for(guide, options)
    settings = repr((read_options, options.channel, options.max_doc_chars))
    run_namespace = linter.cache_namespace()
    for entry in _discover(paths, guide, options):
        if not isinstance(entry, str):
            yield entry
            continue
        if entry == "-":
            documents = sources.read_text("-", stdin_text or "", read_options)
            yield from linter.document_results(documents, options.channel, cache=cache, executor=executor)
            continue
        data = sources.read_bytes(entry)
        if isinstance(data, ReportError):
            yield data
            continue
        key = file_key(run_namespace, f"{settings}|{sources.reader_key(entry)}", data)
        stored = _stored_results(cache.get_file(key), entry)
        if stored is not None:
            yield from stored
            continue
        text = sources.decode(entry, data)
        if isinstance(text, ReportError):
            yield text
            continue
        produced: list[dict[str, object]] = []
        documents = sources.read_text(entry, text, read_options)
        for result in linter.document_results(documents, options.channel, cache=cache, executor=executor):
            if isinstance(result, ReportError):
                produced.append({"kind": "error", "value": result.to_dict()})
            else:
                produced.append(
                    {"kind": "document", "value": result.result.to_dict(), "observations": result.observations}
                )
            yield result
        cache.put_file(key, produced)


def _stored_results(stored: list[dict[str, object]] | None, path: str) -> list[LintedDocument | ReportError] | None:
    """A file's cached results as reported under ``path``; None (lint it) when there are none or
    they do not convert (an entry the cache authenticated, but not what this code reads)."""
    if stored is None:
        return None
    results: list[LintedDocument | ReportError] = []
    try:
        for item in stored:
            value = item["value"]
            if not isinstance(value, dict):
                return None
            if item["kind"] == "error":
                results.append(dataclasses.replace(ReportError.from_dict(value), path=path))
                continue
            observations = item["observations"]
            if not isinstance(observations, dict):
                return None
            result = dataclasses.replace(DocumentResult.from_dict(value), path=path)
            results.append(LintedDocument(result, observations))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return results


def collect(guide: Guide, results: Iterable[DocumentResult | ReportError]) -> Report:
    report = Report(guide_name=guide.name, guide_path=guide.path, tool_version=__version__)
    for result in results:
        if isinstance(result, ReportError):
            report.errors.append(result)
        else:
            report.documents.append(result)
    return report
