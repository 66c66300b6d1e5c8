"""What a rule is: metadata, declared options, and a ``check`` over one parsed document.

A rule class is documentation too: its docstring explains why the rule exists, and
``bad_example`` / ``good_example`` show it (``voicelint explain``). Rules are built once per
guide, so anything expensive (matchers, lemmatised phrase lists) is compiled in ``__init__``.
Rule modules must not import spaCy at module level: ``voicelint rules`` and ``explain`` start
without it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from voicelint.document import Document
from voicelint.guide.model import ChannelPolicy, Guide
from voicelint.guide.schema import Spec
from voicelint.report import Finding
from voicelint.vocabulary import Severity

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from voicelint.settings import EffectiveSetting

T = TypeVar("T")


@dataclass
class DocumentContext:
    """One parsed document as every rule sees it, with shared analyses computed at most once."""

    doc: Doc
    channel: ChannelPolicy
    guide: Guide
    record_id: str | None = None
    #: The pipeline that parsed ``doc`` (for analyses that compile patterns on first use).
    nlp: Language | None = None
    _analyses: dict[Any, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The document text (read once: ``Doc.text`` rebuilds the string on every access)."""
        from voicelint.token_table import token_table

        return token_table(self.doc).text

    def doc_span(self) -> tuple[int, int]:
        """The span of the whole document without surrounding whitespace (document-level findings)."""
        text = self.text
        start = len(text) - len(text.lstrip())
        return start, max(start, len(text.rstrip()))

    def memo(self, key: Any, compute: Callable[[], T]) -> T:
        """``compute()``, memoised per document under ``key`` (analyses that need more than the Doc)."""
        if key not in self._analyses:
            self._analyses[key] = compute()
        result: T = self._analyses[key]
        return result

    def analysis(self, compute: Callable[[Doc], T]) -> T:
        """``compute(doc)``, memoised per document so rules and scorers share the work."""
        if compute not in self._analyses:
            self._analyses[compute] = compute(self.doc)
        result: T = self._analyses[compute]
        return result


class Rule:
    """Base class of every rule. Subclasses set the class attributes and implement :meth:`check`."""

    code: ClassVar[str]
    name: ClassVar[str]
    category: ClassVar[str]
    summary: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    #: What the rule reads from the spaCy Doc (see :data:`voicelint.nlp.FEATURES`).
    needs: ClassVar[frozenset[str]] = frozenset({"lemma", "sents"})
    #: Options a guide may set under ``rules: {<rule>: {...}}``, validated by the guide loader.
    options: ClassVar[Mapping[str, Spec]] = {}
    defaults: ClassVar[Mapping[str, Any]] = {}
    #: How literal this rule's suggestions are (docs/reference.md section 7): ``safe`` (meaning
    #: kept), ``unsafe`` (literal text to read first) or ``display`` (advice). A suggestion with a
    #: ``{slot}`` is always ``display``.
    fix_applicability: ClassVar[str] = "unsafe"
    #: The title of a fix built from a suggestion; ``{replacement}`` is filled in.
    fix_title: ClassVar[str] = "Replace with '{replacement}'"
    bad_example: ClassVar[str] = ""
    good_example: ClassVar[str] = ""

    #: Whether findings describe the whole document (tone range, grade level, length) rather than
    #: words in it; a brand rule's finding never hides a document-level one.
    document_level: ClassVar[bool] = False
    #: The guide section whose ``severity`` key sets this rule's severity per channel (e.g.
    #: ``"boilerplate"``); None when the rule has no section of its own. See :mod:`voicelint.settings`.
    severity_section: ClassVar[str | None] = None

    def __init__(self, guide: Guide, setting: EffectiveSetting, nlp: Language | None) -> None:
        """``setting`` comes from :func:`voicelint.settings.effective_setting`. Rules never decide
        a finding's severity themselves: a finding carries only its matched entry's own severity
        (or None), and the engine resolves the rest per channel."""
        self.guide = guide
        self.setting = setting
        self.nlp = nlp
        self.option_values: dict[str, Any] = dict(setting.options)

    def option(self, name: str) -> Any:
        return self.option_values.get(name)

    def check(self, ctx: DocumentContext) -> Iterable[Finding]:
        raise NotImplementedError

    @classmethod
    def aliases(cls) -> tuple[str, ...]:
        """Every way a user may name this rule: code, name, and ``category.name``."""
        return (cls.code, cls.name, f"{cls.category}.{cls.name}")

    @classmethod
    def documentation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or cls.summary)


class LibraryRule(Rule):
    """A rule over a whole run's library: it observes each document, then reports once at the end.

    The scope is every document of one run (a folder of macro files is one library), and the
    work is split so that it survives caching and worker processes: where the Doc is parsed,
    :meth:`observation` extracts small JSON-able data from one document in its own offsets;
    :meth:`locate_observation` then adds the places in the file (this located form is what the
    whole-file cache keeps, so an unchanged file still takes part without being read again);
    finally the engine feeds the located observations to :meth:`observe`, in input order, in the
    main process. Parsed Docs are never kept, so a library of any size streams through.
    """

    def check(self, ctx: DocumentContext) -> Iterable[Finding]:
        return ()

    def observation(self, ctx: DocumentContext) -> Any:
        """What this rule needs to remember of one document (JSON-able, in document offsets)."""
        raise NotImplementedError

    def shift_observation(self, observation: Any, offset: int) -> list[Any]:
        """The observation of one piece of a long document (:mod:`voicelint.analysis`) in offsets of
        the whole text, as a list the pieces' lists are joined into."""
        raise NotImplementedError(f"no way to join {self.code}'s observations of a document's pieces")

    def locate_observation(self, observation: Any, document: Document) -> Any:
        """The observation with the file places it needs; ``document.locate(start, end)`` places a span of
        the document in its file. JSON-able, because the whole-file cache stores it."""
        raise NotImplementedError

    def start_run(self) -> None:
        raise NotImplementedError

    def observe(self, index: int, path: str, record_id: str | None, located: Any) -> None:
        """Take the ``index``-th document's located observation (``path`` and ``record_id`` name it)."""
        raise NotImplementedError

    def finish_run(self) -> Iterator[tuple[int, Finding]]:
        """Findings as ``(document index, finding)`` pairs, each already located (``span``, ``match``)."""
        raise NotImplementedError


_REGISTRY: dict[str, type[Rule]] = {}

#: A scorer adds one entry to a document's ``scores`` in the report (e.g. ``readability``).
Scorer = Callable[[DocumentContext], Any]
_SCORERS: dict[str, tuple[Scorer, frozenset[str]]] = {}


def register_scorer(name: str, needs: frozenset[str]) -> Callable[[Scorer], Scorer]:
    """Decorator: compute ``scores[name]`` for every document (``needs`` as for rules)."""

    def decorator(scorer: Scorer) -> Scorer:
        _SCORERS[name] = (scorer, needs)
        return scorer

    return decorator


def registered_scorers() -> dict[str, tuple[Scorer, frozenset[str]]]:
    return _SCORERS


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator: make a rule known to the engine, ``rules`` and ``explain``."""
    if cls.code in _REGISTRY and _REGISTRY[cls.code] is not cls:
        raise ValueError(f"rule code {cls.code} is registered twice")
    for other in _REGISTRY.values():
        if other is not cls and other.code != cls.code and other.name == cls.name:
            raise ValueError(f"rule name {cls.name!r} is registered twice ({other.code} and {cls.code})")
    _REGISTRY[cls.code] = cls
    return cls


def registered_rules() -> dict[str, type[Rule]]:
    return _REGISTRY


#: Extra ``voicelint explain`` topics (e.g. ``tone.warmth``): name -> function giving the text.
_TOPICS: dict[str, Callable[[], str]] = {}


def register_topic(name: str, render: Callable[[], str]) -> None:
    _TOPICS[name] = render


def registered_topics() -> dict[str, Callable[[], str]]:
    return _TOPICS
