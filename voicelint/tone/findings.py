"""Sentence-level tone findings: blame, condescension, over-apology, negative framing, passive
evasion and shouting, each pointing at the offending words with rewrites of exactly that span.

Patterns work on tokens and tags from the shared spaCy pass; phrase patterns live in
``data/findings.yaml`` so that they can be extended without code.
"""

from __future__ import annotations

import importlib.resources
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from voicelint.fast_yaml import load_data
from voicelint.token_table import TokenTable, token_table
from voicelint.tone.features import is_shouted_text
from voicelint.tone.lexicons import PhraseSet, load, normalise, word_runs

if TYPE_CHECKING:
    from spacy.tokens import Doc

FINDING_KINDS: dict[str, str] = {
    "blame": "Puts the fault on the customer (\"you should have\", \"you failed to\").",
    "condescension": "Talks down to the customer (\"as I already said\", \"obviously\", \"simply\").",
    "over-apology": "More than one apology in a short reply: apologise once, then act.",
    "negative-framing": (
        "Says what cannot happen (\"we can't X until Y\") instead of what can (\"we can X as soon as Y\")."
    ),
    "passive-evasion": "A passive that hides who made a mistake (\"mistakes were made\").",
    "shouting": "ALL CAPS or repeated exclamation marks read as shouting.",
}


@dataclass(frozen=True)
class ToneFinding:
    """One tone problem in a sentence: the offending span of ``doc.text`` and rewrites for it."""

    kind: str
    start: int
    end: int
    message: str
    suggestions: tuple[str, ...]


@dataclass(frozen=True)
class _PhraseRule:
    kind: str
    phrases: PhraseSet
    suggestions: dict[str, tuple[str, ...]]
    why: str


@lru_cache(maxsize=1)
def _phrase_rules() -> tuple[_PhraseRule, ...]:
    text = (importlib.resources.files("voicelint.tone") / "data" / "findings.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = load_data(text)
    rules = []
    for kind in ("blame", "condescension"):
        spec = data[kind]
        entries = {normalise(str(k)): tuple(str(s) for s in v) for k, v in spec["phrases"].items()}
        rules.append(_PhraseRule(kind, PhraseSet(dict.fromkeys(entries, 1.0)), entries, spec["why"]))
    return tuple(rules)


def _match_case(replacement: str, original: str) -> str:
    """Capitalise the replacement when the original started a sentence with a capital."""
    if replacement and original[:1].isupper() and not original[:2].isupper():
        return replacement[0].upper() + replacement[1:]
    return replacement


def _token_at(table: TokenTable, char: int) -> int | None:
    """Index of the token covering character ``char``, if any (tokens are in text order and do
    not overlap, so one bisect finds it; a scan per phrase was quadratic in long texts)."""
    i = bisect_right(table.idx, char) - 1
    if i >= 0 and char < table.idx[i] + len(table.texts[i]):
        return i
    return None


def _phrase_findings(table: TokenTable, norm: str, words: set[str]) -> list[ToneFinding]:
    found = []
    n = len(table)
    for rule in _phrase_rules():
        for m in rule.phrases.finditer(norm, words):
            key = " ".join(m.text.split())
            original = table.text[m.start:m.end]
            if key in ("simply", "clearly", "just"):
                # Only when it belittles an instruction: "simply restart", "clearly, ..." at a start.
                tok = _token_at(table, m.start)
                if tok is None:
                    continue
                nxt = tok + 1 if tok + 1 < n else None
                if key == "clearly" and not (table.sent_start[tok] and nxt is not None and table.texts[nxt] == ","):
                    continue
                if key != "clearly" and not (nxt is not None and table.tags[nxt] == "VB"):
                    continue
            end = m.end
            suggestions = tuple(_match_case(s, original) for s in rule.suggestions.get(key, ("",)))
            if key in _MODAL_BLAME:
                blamed = _blamed_action(table, m.end)
                if blamed is None:
                    continue  # "you should have received", "you must have access": no fault named
                participle, end = blamed
                original = table.text[m.start:end]
                suggestions = tuple(_match_case(s, original) for s in _MODAL_BLAME[key](participle))
            if "" in suggestions:
                end, suggestions = _deletion_at_start(table, m.start, end, suggestions)
            found.append(ToneFinding(rule.kind, m.start, end, f"'{original}' {rule.why}", suggestions))
    return found


def _deletion_at_start(
    table: TokenTable, start: int, end: int, suggestions: tuple[str, ...]
) -> tuple[int, tuple[str, ...]]:
    """Deleting a sentence's first words ("Simply restart ...") must leave a capitalised sentence
    ("Restart ..."), not " restart ...": the span takes the next word, and so does each rewrite."""
    first = _token_at(table, start)
    if first is None or not table.sent_start[first]:
        return end, suggestions
    nxt = _token_at(table, end)
    nxt = nxt if nxt is not None else next((i for i in range(first + 1, len(table)) if table.idx[i] >= end), None)
    while nxt is not None and nxt < len(table) and (table.is_space[nxt] or table.texts[nxt] == ","):
        nxt += 1
    if nxt is None or nxt >= len(table) or not table.is_alpha[nxt]:
        return end, suggestions
    word, between = table.texts[nxt], table.text[end:table.idx[nxt]]
    rewritten = tuple((s + between + word) if s else word[:1].upper() + word[1:] for s in suggestions)
    return table.end_char(nxt), rewritten


#: Past participles after "you should have" / "you must have" that state an expectation or a
#: feeling, not a fault: "you should have received an email", "you must have been worried".
EXPECTATION_PARTICIPLES = frozenset(
    {"received", "gotten", "got", "seen", "heard", "been", "had", "noticed", "arrived", "found", "felt"}
)


def _lemma_of(table: TokenTable, i: int) -> str:
    return table.lemmas[i].lower() or table.lowers[i]


#: Blame phrases whose rewrite needs the verb that follows: "you should have checked X" ->
#: "next time, you can check X". "you must have entered X" gets no rewrite: every softer form
#: ("perhaps you entered", "it looks like you entered") is a hedge the hedging rule would flag.
_MODAL_BLAME: dict[str, Any] = {
    "you should have": lambda verb: (f"next time, you can {verb[0]}",),
    "you should've": lambda verb: (f"next time, you can {verb[0]}",),
    "you must have": lambda verb: (),
}


def _blamed_action(table: TokenTable, after: int) -> tuple[tuple[str, str], int] | None:
    """The action participle right after a modal blame phrase ending at ``after``, as (base form,
    past form) and the character where it ends; None when no fault is named."""
    i = _token_at(table, after + 1) if after < len(table.text) else None
    if i is None or table.tags[i] != "VBN" or table.lowers[i] in EXPECTATION_PARTICIPLES:
        return None
    participle = table.lowers[i]
    return (_lemma_of(table, i), _PAST.get(participle, participle)), table.end_char(i)


APOLOGY = re.compile(r"(?<![\w'])(?:sorry|apologi[sz]\w*|apologies|apology|my bad|we regret|i regret)(?![\w'])")
APOLOGY_SHORT_WORDS = 80


def _over_apology(table: TokenTable, norm: str) -> list[ToneFinding]:
    """Every apology after the first, in a reply of at most 80 words (or the third in a longer one)."""
    return _over_apology_in(table.text, norm, sum(1 for alpha in table.is_alpha if alpha))


def _over_apology_in(text: str, norm: str, words: int) -> list[ToneFinding]:
    matches = list(APOLOGY.finditer(norm))
    allowed = 1 if words <= APOLOGY_SHORT_WORDS else 2
    found = []
    for number, m in enumerate(matches[allowed:], start=allowed + 1):
        start, end = m.start(), m.end()
        suggestions: tuple[str, ...] = ()
        sentence = _apology_sentence(text, start)
        if sentence is not None:
            # The extra apology is a sentence of its own: the fix is to drop it. Swapping it for
            # another stock line ("thank you for your patience") would only trade one script for another.
            start, end = sentence
            suggestions = ("",)
        original = text[start:end].strip()
        found.append(
            ToneFinding(
                "over-apology", start, end,
                f"'{original}' is apology number {number} in a {words}-word reply: apologise once, "
                "then say what you are doing about it",
                suggestions,
            )
        )
    return found


_SENTENCE_BOUNDARY = re.compile(r"[.!?](?:\s+|$)|\n\s*\n")
_APOLOGY_SENTENCE = re.compile(
    r"(?:(?:we|i)(?:'re| are| am|'m)?\s+)?(?:(?:so|very|truly|deeply|sincerely|really)\s+)?"
    r"(?:sorry|apologi[sz]e|apologies)\b[^,;:]*$",
    re.IGNORECASE,
)


def _apology_sentence(text: str, at: int) -> tuple[int, int] | None:
    """The span (with its trailing space) of the sentence holding the apology at ``at``, when that
    sentence is nothing but an apology ("We apologize for the inconvenience."); else None."""
    start = 0
    for m in _SENTENCE_BOUNDARY.finditer(text):
        if m.end() <= at:
            start = m.end()
        elif m.start() >= at:
            body = text[start:m.start()].strip()
            if not _APOLOGY_SENTENCE.fullmatch(body) or " but " in f" {body.lower()} ":
                return None
            lead = len(text[start:m.start()]) - len(text[start:m.start()].lstrip())
            return start + lead, m.start() + 1 if text[m.start()] in ".!?" else m.start()
    return None


_NEGATED_MODAL = {
    "ca": "can", "can": "can", "wo": "will", "will": "will", "could": "could", "would": "would", "is": "is",
    "are": "are", "was": "was", "were": "were", "do": "", "does": "", "did": "", "should": "should",
}
_CONDITION = {"until": "as soon as", "unless": "once", "till": "as soon as"}
#: Words that can open a negated modal (``cannot``, ``unable to`` or a ``_NEGATED_MODAL`` + not).
_NEGATION_OPENERS = frozenset(_NEGATED_MODAL) | {"cannot", "unable"}


def _negative_framing(table: TokenTable) -> list[ToneFinding]:
    """``<modal> not X ... until/unless Y`` in one sentence -> ``<modal> X ... as soon as/once Y``."""
    found = []
    lowers, texts, idx, text = table.lowers, table.texts, table.idx, table.text
    for sent_first, sent_end in table.sents:
        if not any(lowers[j] in _CONDITION for j in range(sent_first, sent_end)):
            continue  # no "until"/"unless" in the sentence: nothing to rewrite
        for i in range(sent_first, sent_end):
            neg_end = None
            positive = None
            low = lowers[i]
            if low not in _NEGATION_OPENERS:
                continue
            nxt = lowers[i + 1] if i + 1 < sent_end else None
            if low == "cannot":
                neg_end, positive = i, "can"
            elif low in _NEGATED_MODAL and nxt is not None and nxt in ("not", "n't"):
                neg_end, positive = i + 1, _NEGATED_MODAL[low]
            elif low == "unable" and nxt is not None and nxt == "to":
                neg_end, positive = i, "able"
            if neg_end is None or positive is None:
                continue
            cond = next((j for j in range(neg_end + 1, sent_end) if lowers[j] in _CONDITION), None)
            if cond is None:
                continue
            start = idx[i]
            end = table.end_char(cond)
            middle = text[table.end_char(neg_end):idx[cond]]
            head = positive
            rewritten = (head + middle).strip() if head else middle.strip()
            suggestion = f"{rewritten} {_CONDITION[lowers[cond]]}".strip()
            if head and texts[i][:1].isupper():
                suggestion = suggestion[0].upper() + suggestion[1:]
            original = text[start:end]
            found.append(
                ToneFinding(
                    "negative-framing", start, end,
                    f"'{original}' says what cannot happen; say what can happen and when",
                    (suggestion,),
                )
            )
            break
    return found


FAULT_NOUNS = frozenset({"mistake", "mistakes", "error", "errors", "oversight", "oversights", "misunderstanding"})
FAULT_VERBS = frozenset(
    {"lost", "misplaced", "mishandled", "overlooked", "forgotten", "missed", "damaged", "broken", "neglected",
     "misinformed", "overcharged", "miscalculated", "misdirected", "ignored", "mislaid", "decided", "determined"}
)
_PAST = {"forgotten": "forgot", "broken": "broke", "mistaken": "mistook", "given": "gave", "taken": "took",
         "done": "did", "shown": "showed", "written": "wrote", "chosen": "chose", "seen": "saw"}


def _subject_start(table: TokenTable, sent_first: int, be_index: int) -> int:
    """Index of the first word of the noun phrase before the verb at ``be_index`` (within its sentence)."""
    pos, tags = table.pos, table.tags
    i = be_index
    while i > sent_first and pos[i - 1] in ("NOUN", "PROPN", "DET", "ADJ", "PRON", "NUM") and tags[i - 1] != "WDT":
        i -= 1
        if pos[i] == "PRON" and tags[i] != "PRP$":
            break
    return i


#: Subject words that make a fault passive a reassurance ("no data was lost", "nothing is broken").
_REASSURING = frozenset({"no", "nothing", "none", "neither", "nobody"})


def _passive_evasion(table: TokenTable) -> list[ToneFinding]:
    """Agentless passives about a fault ("mistakes were made", "your parcel was lost")."""
    found = []
    lemmas, lowers, tags, texts, idx, text = table.lemmas, table.lowers, table.tags, table.texts, table.idx, table.text
    for sent_first, sent_end in table.sents:
        for i in range(sent_first, sent_end):
            if lowers[i] == "being" or lemmas[i].lower() != "be":
                continue
            j = i + 1
            while j < sent_end and (tags[j].startswith("RB") or lowers[j] in ("been", "being")):
                j += 1
            if j >= sent_end or tags[j] != "VBN":
                continue
            if any(lowers[k] in ("not", "n't", "never") for k in range(i + 1, j)):
                continue  # "your order is not lost" denies the fault; nothing is being hidden
            participle = lowers[j]
            if any(lowers[k] == "by" for k in range(j + 1, min(j + 6, sent_end))):
                continue  # the agent is named
            subj = _subject_start(table, sent_first, i)
            subject_words = range(subj, i)
            if any(lowers[k] in ("i", "we", "you") for k in subject_words):
                continue
            if any(lowers[k] in _REASSURING for k in subject_words) or (i > sent_first and tags[i - 1] == "MD"):
                continue  # "no files will be lost", "it could be damaged": a promise or a possibility
            is_fault_noun = any(lowers[k] in FAULT_NOUNS for k in subject_words)
            if not (is_fault_noun or participle in FAULT_VERBS):
                continue
            impersonal_it = bool(subject_words) and lowers[subj] == "it"
            if participle in ("decided", "determined") and not impersonal_it:
                continue
            start = idx[subj] if subject_words else idx[i]
            end = table.end_char(j)
            original = text[start:end]
            past = _PAST.get(participle, participle)
            obj = " ".join(texts[k] for k in subject_words if lowers[k] != "it")
            if obj and table.sent_start[subj]:
                obj = obj[0].lower() + obj[1:]
            active = f"{past} {obj}".strip()
            suggestions = (_match_case(f"we {active}", original), _match_case(f"{{who}} {active}", original))
            found.append(
                ToneFinding(
                    "passive-evasion", start, end,
                    f"'{original}' hides who is responsible; say who did it and what you are doing about it",
                    suggestions,
                )
            )
    return found


_BANGS = re.compile(r"[!?]*!{2,}[!?]*|[!?]*\?!+[!?]*|!{1}\?{1,}")


def _acronym_like(word: str, acronyms: frozenset[str], stop_words: frozenset[str]) -> bool:
    """Whether an all-caps word reads as a name rather than a raised voice.

    Listed acronyms, short tokens that are not everyday function words (SAML, GDPR, IBAN, PSN,
    FSAA: a reader takes a short capitalised token for an initialism, and a false "shouting" on a
    product name is worse than a missed one) and one letter repeated (YYYY, DD, XXX: a format).
    """
    if word in acronyms or len(set(word)) == 1:
        return True
    return len(word) <= 5 and word.lower() not in stop_words


def _is_banner(table: TokenTable, start: int, end: int) -> bool:
    """A run that is its line's whole content ("**TOPIC MERGED.**"): a heading or status label."""
    text = table.text
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return not any(ch.isalnum() for ch in text[line_start:start] + text[end:line_end])


def _shouting(table: TokenTable) -> list[ToneFinding]:
    """Runs of ALL-CAPS words that read as a raised voice, and three or more exclamation marks.

    A run is shouting when it holds a word that is not acronym-like and either has company ("NOT
    LOST", "DO NOT REPLY") or is four letters or more ("NEVER", "PERFECT"); a run that is a whole
    line is a heading or status label, not a voice.
    """
    from spacy.lang.en.stop_words import STOP_WORDS

    found = []
    acronyms = load().acronyms
    stop_words = frozenset(STOP_WORDS)
    texts, is_alpha = table.texts, table.is_alpha
    n = len(texts)

    def caps(i: int) -> bool:
        return bool(is_alpha[i]) and texts[i].isupper() and (len(texts[i]) >= 2 or texts[i] in ("I", "A"))

    i = 0
    while i < n:
        if not is_shouted_text(texts[i], acronyms):
            i += 1
            continue
        first, last = i, i
        while last + 1 < n and (caps(last + 1) or (table.is_punct[last + 1] and texts[last + 1] in "/&-"
                                                   and last + 2 < n and caps(last + 2))):
            last += 1
        while first > 0 and caps(first - 1):
            first -= 1
        words = [texts[k] for k in range(first, last + 1) if is_alpha[k]]
        loud = [w for w in words if not _acronym_like(w, acronyms, stop_words)]
        start, end = table.idx[first], table.end_char(last)
        if loud and (len(words) >= 2 or len(loud[0]) >= 4) and not _is_banner(table, start, end):
            original = table.text[start:end]
            lower = original.lower()
            found.append(ToneFinding("shouting", start, end, f"'{original}' in capitals reads as shouting",
                                     (lower, f"*{lower}*")))
        i = last + 1
    if "!" in table.text:
        for m in _BANGS.finditer(table.text):
            if m.group(0).count("!") + m.group(0).count("?") >= 3:
                found.append(ToneFinding("shouting", m.start(), m.end(),
                                         f"'{m.group(0)}' reads as shouting; one mark is enough", ("!", ".")))
    return found


#: Finding kinds that look at the whole document rather than one sentence: a long document analysed
#: in pieces (:mod:`voicelint.analysis`) takes the other kinds from its pieces and these from
#: :func:`document_findings` over its whole text.
DOCUMENT_KINDS = frozenset({"over-apology"})


def document_findings(text: str, alpha_words: int) -> list[ToneFinding]:
    """The findings of :data:`DOCUMENT_KINDS` in ``text``, which has ``alpha_words`` alphabetic
    tokens: the same as :func:`find_tone_issues` gives for those kinds, without a Doc."""
    return _over_apology_in(text, normalise(text), alpha_words)


def find_tone_issues(doc: Doc) -> list[ToneFinding]:
    """All sentence-level tone findings of ``doc``, in text order."""
    table = token_table(doc)
    norm = normalise(table.text)
    found = _phrase_findings(table, norm, word_runs(norm))
    found += _over_apology(table, norm)
    found += _negative_framing(table)
    found += _passive_evasion(table)
    found += _shouting(table)
    return sorted(found, key=lambda f: (f.start, f.end, f.kind))
