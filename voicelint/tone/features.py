"""One cheap pass over a parsed ``Doc`` that counts every tone cue the dimension formulas use.

Each cue is a :class:`Signal`: a weighted count plus the spans that produced it, so that every
score can point at its words. Nothing here re-parses the text: token attributes come from the
shared spaCy pass (tagger, lemmatizer, senter) and phrase lists are matched on ``doc.text``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING

from voicelint.token_table import TokenTable, token_table
from voicelint.tone.lexicons import Lexicons, PhraseIndex, PhraseSet, load, normalise, word_runs
from voicelint.tone.model import Evidence

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

DENSITY_PRIOR = 8.0
DENSITY_REFERENCE = 28.0
DENSITY_TEMPER = 0.25
NEGATORS = frozenset(
    {"not", "n't", "no", "never", "nothing", "none", "nobody", "nowhere", "neither", "nor", "cannot", "without"}
)
FIRST_SINGULAR = frozenset({"i", "me", "my", "mine", "myself"})
FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
SECOND_PERSON = frozenset({"you", "your", "yours", "yourself", "yourselves", "u", "ur", "ya"})
CLITICS = frozenset({"'s", "'re", "'ve", "'ll", "'d", "'m", "n't"})
ARTICLES = frozenset({"a", "an", "the"})
#: Epistemic modals: "may" and "might" make a claim tentative ("it may be"). Tagged MD, so the
#: month ("in May 2005") is not one; "may you" / "might I" (requests) are not counted. "could" and
#: "would" are left out: in replies they mostly make requests or conditionals, not doubt.
EPISTEMIC_MODALS = frozenset({"may", "might"})
#: Words that open a direct question (Danescu-Niculescu-Mizil et al. 2013: "direct question",
#: a marker of impoliteness in requests).
WH_WORDS = frozenset({"what", "why", "how", "where", "who", "when", "which"})
#: Sentence openers that make a request blunt (the same paper's "direct start": "So ...", "And ...").
DIRECT_STARTS = frozenset({"so", "then", "and", "but", "or"})
#: Words before "kind of" / "sort of" that make it a noun phrase ("what kind of issue", "this sort
#: of thing"), not the adverbial hedge ("it's kind of slow").
NOMINAL_KIND_OF = frozenset(
    {"what", "which", "this", "that", "these", "those", "the", "a", "an", "any", "some", "every", "each",
     "same", "different", "one", "no", "other", "another", "all", "many", "several", "our", "your", "their",
     "his", "her", "its", "my", "right", "wrong", "whatever"}
)
#: Participles after "be" that mostly describe a state, not an action done to someone.
STATIVE_PARTICIPLES = frozenset(
    {
        "interested", "excited", "pleased", "delighted", "concerned", "worried", "located", "based",
        "supposed", "used", "involved", "married", "tired", "bored", "scared", "satisfied", "thrilled",
        "disappointed", "surprised", "confused", "frustrated", "annoyed", "upset", "sorted", "done",
        "gone", "finished", "closed", "open", "welcome", "allowed", "required", "entitled", "qualified",
        "committed", "dedicated", "prepared", "set", "covered", "connected", "signed", "logged",
        "subscribed", "stuck", "lost", "been", "known", "unable", "amazed", "honoured", "honored",
    }
)
LATINATE_SUFFIXES = ("tion", "sion", "ment", "ance", "ence", "ity", "ive", "ous", "ible", "able", "ize", "ise",
                     "ify", "ial", "ical", "ure", "ency", "ancy", "ate")
SIGN_OFF_WORDS = ("cheers", "best", "thanks", "regards", "kind regards", "best regards", "warm regards",
                  "best wishes", "many thanks", "thank you", "take care", "all the best", "speak soon", "love")
#: Final capitalised words that are not a signature (a reply may end "... today. Thanks").
NOT_A_NAME = frozenset(
    {
        "thanks", "cheers", "regards", "best", "bye", "enjoy", "noted", "done", "sorry", "yes", "no", "okay",
        "ok", "thank", "welcome", "hi", "hello", "hey", "please", "sure", "great", "perfect", "amazing",
        "congrats", "congratulations", "team", "support", "services", "service", "help", "dm", "us", "you",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "settings", "today",
        "tomorrow", "soon", "again", "there", "everyone", "all", "anytime", "goodbye", "love", "apologies",
    }
)
GREETING_BEFORE_NAME = frozenset(
    {"hi", "hello", "hey", "dear", "thanks", "thank", "morning", "afternoon", "evening", "welcome", "congrats",
     "congratulations", "birthday", "hiya", "heya", "sorry", "bye", "night"}
)
_EMOTICON = re.compile(r"^(?:[:;=8xX][-'^o]?[)(\]\[dDpP3/\\|*oO]+|<3+|\^_*\^|[(]?[:;][)]|xD+)$")
_SIGN_OFF_MARK = re.compile(r"(?:^|[\s.!?,)])([-–—~^*/]\s?[A-Z][A-Za-z]{0,14})\s*$")
_SIGN_OFF_PHRASE = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in SIGN_OFF_WORDS) + r")\s*[,!.\-–—]?\s*([A-Z][a-z]{1,14})\s*$",
    re.IGNORECASE,
)
#: Trailing matter after a signature in social replies: links, "(1/2)", "2/2", "&gt;&gt;". It starts
#: where a run of whitespace starts (the leftmost match does anyway): tried inside the run too, the
#: pattern cost time quadratic in the run's length (3 s for 10,000 spaces).
_TRAILER = re.compile(r"(?<!\s)(?:\s+(?:https?://\S+|\(?\d/\d\)?|(?:&gt;)+|>+))+\s*$")
_FINAL_NAME = re.compile(r"[.!?;]\s+([A-Z][a-z]{1,14})\s*$")


def is_emoji_char(ch: str) -> bool:
    """True for pictographic emoji and symbols (not for letters, digits or ordinary punctuation)."""
    cp = ord(ch)
    return (
        0x1F300 <= cp <= 0x1FAFF
        or 0x2600 <= cp <= 0x27BF
        or 0x1F000 <= cp <= 0x1F2FF
        or 0x2B00 <= cp <= 0x2BFF
        or cp in (0x2764, 0x2728, 0x263A, 0x2665)
    )


#: Every emoji code point :func:`is_emoji_char` accepts, as one character class (the listed single
#: code points all lie inside the 0x2600-0x27BF range).
_EMOJI_CHAR = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF\U0001F000-\U0001F2FF\u2B00-\u2BFF]")
#: First characters an emoticon can start with (see ``_EMOTICON``).
_EMOTICON_START = frozenset(":;=8xX<^(")


def is_emoji_token(text: str) -> bool:
    if not text:
        return False
    if not text.isascii() and _EMOJI_CHAR.search(text):  # emoji are never ASCII
        return True
    return text[0] in _EMOTICON_START and bool(_EMOTICON.match(text))


@lru_cache(maxsize=65536)
def _wordlike(text: str) -> bool:
    """The part of :func:`is_word` that depends on the text alone (cached: token texts repeat)."""
    return (
        not text.startswith("@")
        and "&" not in text  # HTML entities left in exported text ("&gt;" may tokenise as "gt;&gt")
        and ";" not in text
        and any(ch.isalpha() for ch in text)
        and not is_emoji_token(text)
    )


def is_word(token: Token) -> bool:
    """A token that counts as a word: not punctuation, space, URL, @handle, emoji or a number."""
    return not token.is_punct and not token.is_space and not token.like_url and _wordlike(token.text)


def is_shouted(token: Token, acronyms: frozenset[str]) -> bool:
    """An ALL-CAPS word of three letters or more that is not a known acronym."""
    return is_shouted_text(token.text, acronyms)


def is_shouted_text(text: str, acronyms: frozenset[str]) -> bool:
    """:func:`is_shouted` of a token's text."""
    return len(text) >= 3 and text.isalpha() and text.isupper() and text not in acronyms


def word_flags(table: TokenTable) -> list[bool]:
    """:func:`is_word` of every token (computed once per Doc, shared by the tone analyses)."""

    def compute(t: TokenTable) -> list[bool]:
        return [
            not (punct or space or url) and _wordlike(text)
            for text, punct, space, url in zip(t.texts, t.is_punct, t.is_space, t.like_url, strict=True)
        ]

    return table.derived(word_flags, compute)


@dataclass
class Signal:
    """A weighted count of one cue and the spans that produced it."""

    label: str
    count: float = 0.0
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    #: direction -> (number of spans, evidence): several dimensions quote the same cue.
    _evidence: dict[int, tuple[int, tuple[Evidence, ...]]] = field(default_factory=dict, repr=False, compare=False)

    def add(self, start: int, end: int, text: str, weight: float = 1.0) -> None:
        self.count += weight
        self.spans.append((start, end, text))

    def evidence(self, direction: int) -> tuple[Evidence, ...]:
        """The spans as :class:`Evidence` (built once per direction; Evidence is immutable)."""
        cached = self._evidence.get(direction)
        if cached is None or cached[0] != len(self.spans):
            items = tuple(Evidence(f"{self.label}: '{text}'", s, e, direction) for s, e, text in self.spans)
            cached = self._evidence[direction] = (len(self.spans), items)
        return cached[1]


@dataclass
class ToneFeatures:
    """Counts of every tone cue in one document, plus size and part-of-speech statistics."""

    text: str
    n_words: int = 0
    n_sents: int = 0
    n_chars_in_words: int = 0
    pos: dict[str, int] = field(default_factory=dict)
    signals: dict[str, Signal] = field(default_factory=dict)

    def signal(self, name: str, label: str | None = None) -> Signal:
        if name not in self.signals:
            self.signals[name] = Signal(label or name)
        return self.signals[name]

    def count(self, name: str) -> float:
        sig = self.signals.get(name)
        return sig.count if sig else 0.0

    def density(self, *names: str) -> float:
        """Weighted cues per 10 words, length-tempered: ``10 * count / (words + 8) * ((words + 8) / 28) ** 0.25``.

        The 8 pseudo-words keep a 3-word reply from exploding; the 0.25 power reflects that a longer
        reply carries more information but not proportionally fewer tone cues (a warm 60-word email
        has a greeting and a thank-you, not six of each). At 20 words this is plain per-10-words.
        """
        size = self.n_words + DENSITY_PRIOR
        return 10.0 * sum(self.count(n) for n in names) / size * (size / DENSITY_REFERENCE) ** DENSITY_TEMPER

    @property
    def mean_word_length(self) -> float:
        return self.n_chars_in_words / self.n_words if self.n_words else 4.5

    @property
    def mean_sentence_words(self) -> float:
        return self.n_words / self.n_sents if self.n_sents else 0.0


class _Spans:
    """Half-open character spans that answer "is ``pos`` inside one of them?" with one bisect (the
    spans may overlap). The token pass asks this for every word; scanning the list each time made
    :func:`extract` quadratic in the length of a text with many idioms or refusals."""

    __slots__ = ("_reach", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        #: The furthest end among the spans up to each position in start order.
        self._reach = list(accumulate((end for _, end in ordered), max))

    def __bool__(self) -> bool:
        return bool(self._starts)

    def __contains__(self, pos: int) -> bool:
        k = bisect_right(self._starts, pos) - 1
        return k >= 0 and self._reach[k] > pos


def _match_into(features: ToneFeatures, name: str, label: str, phrases: PhraseSet, norm: str,
                weight: float = 1.0, exclude: _Spans | None = None,
                words: set[str] | None = None) -> list[tuple[int, int]]:
    spans = []
    for m in phrases.finditer(norm, words):
        if exclude and m.start in exclude:
            continue
        features.signal(name, label).add(m.start, m.end, features.text[m.start:m.end], m.weight * weight)
        spans.append((m.start, m.end))
    return spans


def _passives(table: TokenTable, features: ToneFeatures) -> None:
    """Passive voice from tags alone: a form of BE/GET, optional adverbs or negation, then a VBN.

    Stative participles ("I'm interested", "we're located") and "been" itself ("it's been great")
    are not counted.
    """
    sig = features.signal("passive", "passive voice")
    lemmas, tags, lowers = table.lemmas, table.tags, table.lowers
    n = len(lemmas)
    used: set[int] = set()
    for i in range(n):
        lemma = lemmas[i].lower()
        if lemma not in ("be", "get") or i in used:
            continue
        j = i + 1
        while j < n and (tags[j] in ("RB", "RBR", "RBS") or lowers[j] in ("been", "being")):
            j += 1
        if j >= n or tags[j] != "VBN":
            continue
        used.update(range(i, j + 1))
        participle = lowers[j]
        if participle in STATIVE_PARTICIPLES:
            continue
        if lemma == "get" and participle in ("started", "ready", "back", "rid"):
            continue
        start, end = table.idx[i], table.end_char(j)
        sig.add(start, end, table.text[start:end])


def _signature(text: str) -> tuple[int, int, str] | None:
    """A sign-off with a person's name or initials at the end ("-Jazz", "^RR", "Best, Tom", "... Dana")."""
    tail = _TRAILER.sub("", text.rstrip())
    for regex in (_SIGN_OFF_MARK, _SIGN_OFF_PHRASE, _FINAL_NAME):
        m = regex.search(tail)
        if m:
            name = m.group(1)
            bare = name.lstrip("-–—~^* ").lower()
            if regex is not _SIGN_OFF_MARK and bare in NOT_A_NAME:
                continue
            if regex is _FINAL_NAME and bare in load().valence:
                continue
            start = m.start(1) if regex is not _SIGN_OFF_PHRASE else m.start(0)
            return start, m.end(1), tail[start:m.end(1)]
    return None


_AFTER_NAME = frozenset({",", "!", ".", "?", "!!", ":", "..."})


def _vocative_names(table: TokenTable, features: ToneFeatures, lex: Lexicons) -> None:
    """The reader's name used in address: "Hi Tom,", "thanks, Maria!", "Great question, Alex!"."""
    sig = features.signal("name", "name")
    texts, lowers, tags = table.texts, table.lowers, table.tags
    n = len(texts)
    is_word_token = word_flags(table)
    #: Words the same text also writes in lower case are ordinary words, not a name ("Check", "Back").
    lowercase_words = {t for t, w in zip(texts, is_word_token, strict=True) if w and t.islower()}
    for i in range(1, n):
        text = texts[i]
        if not text[:1].isupper() or not text.isalpha() or len(text) < 2 or text.isupper():
            continue
        low = lowers[i]
        if low in NOT_A_NAME or low in lex.valence or low in lowercase_words:
            continue
        before = lowers[i - 1]
        before_ok = before in GREETING_BEFORE_NAME or (texts[i - 1] == "," and i >= 2 and is_word_token[i - 2])
        # A name in address ends its phrase: "Hi Tom," / "thanks, Maria!" (not "Hi Apple Music", not
        # "..., Check your settings", where the capital starts a clause).
        after_ok = i + 1 >= n or texts[i + 1] in _AFTER_NAME or (
            bool(table.is_space[i + 1]) and (i + 2 >= n or texts[i + 2] in _AFTER_NAME))
        if before_ok and after_ok and tags[i] in ("NNP", "NNPS") and not table.sent_start[i]:
            sig.add(table.idx[i], table.idx[i] + len(text), text)


@dataclass(frozen=True)
class _PhraseLists:
    """The phrase lists :func:`extract` matches, in its order, with one :class:`PhraseIndex` over
    them (position 0 is the neutral idioms, entry ``n`` is position ``n + 1``)."""

    #: (signal name, label, phrases, weight, how: "plain", "refusal" or "enthusiasm")
    entries: tuple[tuple[str, str, PhraseSet, float, str], ...]
    index: PhraseIndex


_LISTS: list[tuple[Lexicons, _PhraseLists]] = []


def _phrase_lists(lex: Lexicons) -> _PhraseLists:
    """The lists of ``lex`` (built once: :func:`load` returns the same lexicons every time)."""
    if _LISTS and _LISTS[0][0] is lex:
        return _LISTS[0][1]
    entries: list[tuple[str, str, PhraseSet, float, str]] = [
        ("hedge", "hedge", lex.hedges, 1.0, "plain"),
        ("weasel", "weasel word", lex.weasels, 1.0, "plain"),
        ("booster", "booster", lex.boosters, 1.0, "plain"),
        ("informal", "informal word", lex.informal, 1.0, "plain"),
        ("formal", "formal phrasing", lex.formal, 1.0, "plain"),
        ("self_reference", "impersonal self-reference", lex.self_reference, 1.0, "plain"),
    ]
    entries += [(name, cat.label, cat.phrases, cat.weight, "plain") for name, cat in lex.warmth.items()]
    entries += [(name, cat.label, cat.phrases, cat.weight, "refusal") for name, cat in lex.negativity.items()]
    entries += [
        (name, cat.label, cat.phrases, cat.weight, "plain" if name == "excitement" else "enthusiasm")
        for name, cat in lex.enthusiasm.items()
    ]
    lists = _PhraseLists(tuple(entries), PhraseIndex([lex.neutral_idioms, *(e[2] for e in entries)]))
    _LISTS[:] = [(lex, lists)]
    return lists


def extract(doc: Doc) -> ToneFeatures:
    """Every tone cue of ``doc`` (one pass over the tokens, one regex pass per phrase list)."""
    lex = load()
    table = token_table(doc)
    text = table.text
    norm = normalise(text)
    f = ToneFeatures(text=text)

    # Phrase lists on the text (a list's regex runs only when all words of one of its phrases are there).
    lists = _phrase_lists(lex)
    possible = lists.index.possible(word_runs(norm))
    idioms = _Spans((m.start, m.end) for m in lex.neutral_idioms.finditer(norm)) if 0 in possible else _Spans(())
    refusal_spans: list[tuple[int, int]] = []
    for n, (name, label, phrases, weight, kind) in enumerate(lists.entries, start=1):
        if n not in possible:
            continue
        if kind == "refusal":
            refusal_spans += _match_into(f, name, label, phrases, norm, weight, exclude=idioms)
        else:
            _match_into(f, name, label, phrases, norm, weight, exclude=idioms if kind == "enthusiasm" else None)
    refusals = _Spans(refusal_spans)
    if "hedge" in f.signals:
        _drop_nominal_hedges(f, norm, lex)

    # One pass over the tokens (plain lists from the token table: no Token objects).
    texts, pos, tags, idx, whitespace = table.texts, table.pos, table.tags, table.idx, table.whitespace
    sent_start = table.sent_start
    is_word_token = word_flags(table)
    lows = [_normalised(t) for t in texts]
    n = len(texts)
    is_punct = table.is_punct
    question_openers = _negated_question_openers(table, lows, is_word_token)
    valence_pos = f.signal("positive_valence", "positive word")
    valence_neg = f.signal("negative_valence", "negative word")
    for i in range(n):
        tok_text = texts[i]
        low = lows[i]
        start = idx[i]
        end = start + len(tok_text)
        if is_punct[i] and tok_text[0] in "!?." and tok_text.strip("!?.") == "" and (
                len(tok_text) >= 2 or (i and texts[i - 1][-1:] in ("!", "?", ".") and not whitespace[i - 1])):
            f.signal("punct_run", "repeated punctuation").add(start, end, tok_text)
        if tok_text.startswith("!"):
            f.signal("exclamation", "exclamation mark").add(start, end, tok_text, min(tok_text.count("!"), 3))
            continue
        if is_emoji_token(tok_text):
            weight = min(len(tok_text), 3) if not tok_text.isascii() else 1
            f.signal("emoji", "emoji").add(start, end, tok_text, weight)
            continue
        if not is_word_token[i]:
            continue
        tok_pos = pos[i]
        f.n_words += 1
        f.n_chars_in_words += len(tok_text)
        f.pos[tok_pos] = f.pos.get(tok_pos, 0) + 1
        if not _has_cue(tok_text):  # most words: none of the word-level cues below can fire
            if sent_start[i] and tok_text[:1].islower() and tok_text.isalpha():
                f.signal("lowercase_start", "lower-case sentence start").add(start, end, tok_text, 0.5)
            continue
        if low in ARTICLES:
            f.pos["ART"] = f.pos.get("ART", 0) + 1
        if len(low) >= 7 and low.endswith(LATINATE_SUFFIXES):
            f.signal("latinate", "Latinate word").add(start, end, tok_text)
        if low in CLITICS and tags[i] != "POS":
            c_start = idx[i - 1] if (i and not whitespace[i - 1]) else start
            f.signal("contraction", "contraction").add(c_start, end, text[c_start:end])
        if low in FIRST_SINGULAR:
            f.signal("first_singular", "first person").add(start, end, tok_text)
            if tok_text == "i":
                f.signal("informal", "informal word").add(start, end, tok_text, 0.8)
        elif low in FIRST_PLURAL:
            f.signal("first_plural", "we").add(start, end, tok_text)
        elif low in SECOND_PERSON:
            f.signal("second_person", "you").add(start, end, tok_text)
        if is_shouted_text(tok_text, lex.acronyms):
            f.signal("caps", "ALL CAPS").add(start, end, tok_text)
        if low in lex.intensifiers and i + 1 < n and pos[i + 1] in ("ADJ", "ADV", "VERB"):
            f.signal("intensifier", "intensifier").add(start, end, tok_text, 0.7)
        if sent_start[i] and tok_text[:1].islower() and tok_text.isalpha():
            f.signal("lowercase_start", "lower-case sentence start").add(start, end, tok_text, 0.5)
        if start in idioms:
            continue
        if low in EPISTEMIC_MODALS and tags[i] == "MD" and (i + 1 >= n or lows[i + 1] not in SECOND_PERSON):
            f.signal("modal", "epistemic modal").add(start, end, tok_text)
            continue
        if low in NEGATORS:
            # "Aren't they the best?" asks for agreement: the negation opens a question, it denies nothing.
            if start not in refusals and i not in question_openers:
                f.signal("negation", "negation").add(start, end, tok_text)
            continue
        valence = lex.valence.get(low)
        if valence is None or (low == "like" and tok_pos != "VERB"):
            continue
        if _negated(lows, is_punct, i, question_openers):
            # VADER flips a negated word (* -0.74). We flip only positive words: in support
            # replies "doesn't cover damage" is not praise, so a negated negative word is dropped.
            valence = valence * -0.74 if valence > 0 else 0.0
        if tok_pos in ("NOUN", "PROPN"):
            valence *= 0.5  # nouns name the topic ("damage", "error"); framing lives in the other words
        if valence > 0:
            valence_pos.add(start, end, tok_text, valence / 2)
        elif valence < 0 and start not in refusals:
            valence_neg.add(start, end, tok_text, -valence / 2)

    for first_token, end_token in table.sents:
        first = next((i for i in range(first_token, end_token) if is_word_token[i]), None)
        if first is None:
            continue
        f.n_sents += 1
        _sentence_opening(f, table, lows, first, end_token)
        if tags[first] == "VB" and table.lowers[first] not in ("please", "thank", "let", "have", "enjoy"):
            f.signal("imperative", "bare command").add(idx[first], idx[first] + len(texts[first]), texts[first])
    _passives(table, f)
    _vocative_names(table, f, lex)
    if f.n_words and text == text.lower():
        f.signal("all_lower", "no capital letters").count = 1.0
    signature = _signature(text)
    if signature:
        f.signal("signature", "sign-off").add(*signature)
    return f


#: How far back a negator reaches: "not very good" (2 words), not across a comma or "but".
NEGATION_SCOPE = 3
_SCOPE_BREAKS = frozenset({"but", "although", "though", "however", "because", "and"})


def _negated(lows: list[str], is_punct: list[int], i: int, question_openers: set[int]) -> bool:
    """Is word ``i`` inside the scope of a negator: one of the :data:`NEGATION_SCOPE` words before
    it, with no punctuation or clause break between (and not the negator of a negated question)."""
    for j in range(i - 1, max(-1, i - 1 - NEGATION_SCOPE), -1):
        if is_punct[j] or lows[j] in _SCOPE_BREAKS:
            return False
        if lows[j] in NEGATORS:
            return j not in question_openers
    return False


def _negated_question_openers(table: TokenTable, lows: list[str], is_word_token: list[bool]) -> set[int]:
    """Negators of questions that open with a negated auxiliary ("Aren't they the best?", "Don't
    you love it?", "Isn't that great?"): such a question asks for agreement and denies nothing."""
    found: set[int] = set()
    if "?" not in table.text:
        return found
    texts, pos = table.texts, table.pos
    for first_token, end_token in table.sents:
        first = next((i for i in range(first_token, end_token) if is_word_token[i]), None)
        if first is None or first + 1 >= end_token or pos[first] != "AUX":
            continue
        if lows[first + 1] in ("n't", "not") and any("?" in texts[j] for j in range(first + 1, end_token)):
            found.add(first + 1)
    return found


def _drop_nominal_hedges(f: ToneFeatures, norm: str, lex: Lexicons) -> None:
    """Remove "kind of" / "sort of" used as a noun phrase ("What kind of issues ...?") from the
    hedges: only the adverbial use ("it's kind of slow") softens a claim."""
    sig = f.signals["hedge"]
    kept = []
    for start, end, text in sig.spans:
        phrase = " ".join(norm[start:end].split())
        if phrase in ("kind of", "sort of", "kinds of", "sorts of"):
            before = norm[max(0, start - 20):start].split()
            if before and before[-1].strip(",.!?;:\"'") in NOMINAL_KIND_OF:
                sig.count -= lex.hedges.weight_of(phrase)
                continue
        kept.append((start, end, text))
    sig.spans[:] = kept
    sig.count = max(0.0, sig.count)


def _sentence_opening(f: ToneFeatures, table: TokenTable, lows: list[str], first: int, end: int) -> None:
    """Cues of how a sentence opens (Danescu-Niculescu-Mizil et al. 2013): a direct question
    ("What is ...?"), a blunt start ("So ..."), "you" first, "please" first, "I" first."""
    low = lows[first]
    start = table.idx[first]
    stop = start + len(table.texts[first])
    word = table.texts[first]
    if low in WH_WORDS and any("?" in table.texts[j] for j in range(first, end)):
        f.signal("direct_question", "direct question").add(start, stop, word)
    elif low in DIRECT_STARTS:
        f.signal("direct_start", "blunt sentence start").add(start, stop, word)
    elif low in ("you", "your", "u", "ur"):
        f.signal("you_start", "sentence opening with \"you\"").add(start, stop, word)
    elif low in ("please", "pls", "plz"):
        f.signal("please_start", "\"please\" opening a sentence").add(start, stop, word)
    elif low in FIRST_SINGULAR or low in FIRST_PLURAL:
        f.signal("first_person_start", "sentence opening with \"I\" or \"we\"").add(start, stop, word)


def add_piece(total: ToneFeatures, piece: ToneFeatures, offset: int) -> None:
    """Add the features of a piece of ``total.text`` that starts at character ``offset`` to ``total``.

    A long document is analysed in pieces (:mod:`voicelint.analysis`). Every count, the word and
    sentence totals and the part-of-speech table add up, and spans shift by ``offset``, so the
    scores of the sum are those of the whole text except across a piece boundary (a phrase or a
    passive split by it, a tag that differs next to it; pieces end at blank lines where they can).
    A sign-off belongs to the end of the whole text: the pieces' own are dropped and
    :func:`finish_pieces` looks for it once.
    """
    total.n_words += piece.n_words
    total.n_sents += piece.n_sents
    total.n_chars_in_words += piece.n_chars_in_words
    for tag, count in piece.pos.items():
        total.pos[tag] = total.pos.get(tag, 0) + count
    for name, signal in piece.signals.items():
        if name == "signature":
            continue
        merged = total.signal(name, signal.label)
        merged.count += signal.count
        merged.spans.extend((start + offset, end + offset, text) for start, end, text in signal.spans)


#: How far before its end the sign-off of a long text is looked for: a sign-off and the links or
#: "(1/2)" after it are a few dozen characters, and the sign-off patterns cost time quadratic in a
#: run of spaces, so the whole of a long text is not given to them.
SIGNATURE_TAIL = 2_000
_SPACE = re.compile(r"\s")


def finish_pieces(total: ToneFeatures) -> ToneFeatures:
    """``total`` once every piece is added (:func:`add_piece`), with the sign-off of its text, found
    in its last :data:`SIGNATURE_TAIL` characters (from the first word that starts there)."""
    text = total.text
    end = len(text.rstrip())
    start = max(0, end - SIGNATURE_TAIL)
    space = _SPACE.search(text, start, end) if start else None
    if space is not None:
        start = space.end()
    signature = _signature(text[start:end])
    if signature:
        first, last, found = signature
        total.signal("signature", "sign-off").add(first + start, last + start, found)
    return total


@lru_cache(maxsize=65536)
def _has_cue(text: str) -> bool:
    """Could a word with this text fire any word-level cue of :func:`extract` other than a
    lower-case sentence start (article, Latinate, clitic, person, capitals, intensifier, negator,
    valence)? Cached per text: most words of a reply fire none, and then skip every test."""
    lex = load()
    low = _normalised(text)
    return (
        low in ARTICLES
        or (len(low) >= 7 and low.endswith(LATINATE_SUFFIXES))
        or low in CLITICS
        or low in FIRST_SINGULAR
        or low in FIRST_PLURAL
        or low in SECOND_PERSON
        or is_shouted_text(text, lex.acronyms)
        or low in lex.intensifiers
        or low in NEGATORS
        or low in EPISTEMIC_MODALS
        or low in lex.valence
    )


@lru_cache(maxsize=65536)
def _normalised(text: str) -> str:
    """:func:`normalise` of a token text (cached: token texts repeat across documents)."""
    return normalise(text)
