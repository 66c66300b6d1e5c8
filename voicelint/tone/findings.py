"""Sentence-level tone findings: blame, condescension, over-apology, negative framing, passive
evasion and shouting, each pointing at the offending words with rewrites of exactly that span.

Patterns work on tokens and tags from the shared spaCy pass; phrase patterns live in
``data/findings.yaml`` so that they can be extended without code.
"""

from __future__ import annotations

import importlib.resources
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from voicelint.fast_yaml import load_data
from voicelint.tone.features import is_shouted
from voicelint.tone.lexicons import PhraseSet, load, normalise

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

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


def _token_at(doc: Doc, char: int) -> Token | None:
    for tok in doc:
        if tok.idx <= char < tok.idx + len(tok.text):
            return tok
    return None


def _phrase_findings(doc: Doc, norm: str) -> list[ToneFinding]:
    found = []
    for rule in _phrase_rules():
        for m in rule.phrases.finditer(norm):
            key = " ".join(m.text.split())
            original = doc.text[m.start:m.end]
            if key in ("simply", "clearly", "just"):
                # Only when it belittles an instruction: "simply restart", "clearly, ..." at a start.
                tok = _token_at(doc, m.start)
                if tok is None:
                    continue
                nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
                if key == "clearly" and not (tok.is_sent_start and nxt is not None and nxt.text == ","):
                    continue
                if key != "clearly" and not (nxt is not None and nxt.tag_ == "VB"):
                    continue
            suggestions = tuple(_match_case(s, original) for s in rule.suggestions.get(key, ("",)))
            found.append(ToneFinding(rule.kind, m.start, m.end, f"'{original}' {rule.why}", suggestions))
    return found


APOLOGY = re.compile(r"(?<![\w'])(?:sorry|apologi[sz]\w*|apologies|apology|my bad|we regret|i regret)(?![\w'])")
APOLOGY_SHORT_WORDS = 80


def _over_apology(doc: Doc, norm: str) -> list[ToneFinding]:
    """Every apology after the first, in a reply of at most 80 words (or the third in a longer one)."""
    matches = list(APOLOGY.finditer(norm))
    words = sum(1 for t in doc if t.is_alpha)
    allowed = 1 if words <= APOLOGY_SHORT_WORDS else 2
    found = []
    for number, m in enumerate(matches[allowed:], start=allowed + 1):
        original = doc.text[m.start():m.end()]
        found.append(
            ToneFinding(
                "over-apology", m.start(), m.end(),
                f"'{original}' is apology number {number} in a {words}-word reply: apologise once, "
                "then say what you are doing about it",
                ("thank you for your patience", ""),
            )
        )
    return found


_NEGATED_MODAL = {
    "ca": "can", "can": "can", "wo": "will", "will": "will", "could": "could", "would": "would", "is": "is",
    "are": "are", "was": "was", "were": "were", "do": "", "does": "", "did": "", "should": "should",
}
_CONDITION = {"until": "as soon as", "unless": "once", "till": "as soon as"}


def _negative_framing(doc: Doc) -> list[ToneFinding]:
    """``<modal> not X ... until/unless Y`` in one sentence -> ``<modal> X ... as soon as/once Y``."""
    found = []
    for sent in doc.sents:
        tokens = list(sent)
        for i, tok in enumerate(tokens):
            neg_end = None
            positive = None
            low = tok.lower_
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if low == "cannot":
                neg_end, positive = i, "can"
            elif low in _NEGATED_MODAL and nxt is not None and nxt.lower_ in ("not", "n't"):
                neg_end, positive = i + 1, _NEGATED_MODAL[low]
            elif low == "unable" and nxt is not None and nxt.lower_ == "to":
                neg_end, positive = i, "able"
            if neg_end is None or positive is None:
                continue
            cond = next((j for j in range(neg_end + 1, len(tokens)) if tokens[j].lower_ in _CONDITION), None)
            if cond is None:
                continue
            start = tok.idx
            end = tokens[cond].idx + len(tokens[cond].text)
            middle = doc.text[tokens[neg_end].idx + len(tokens[neg_end].text):tokens[cond].idx]
            head = positive
            rewritten = (head + middle).strip() if head else middle.strip()
            suggestion = f"{rewritten} {_CONDITION[tokens[cond].lower_]}".strip()
            if head and tok.text[:1].isupper():
                suggestion = suggestion[0].upper() + suggestion[1:]
            original = doc.text[start:end]
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


def _subject_start(sent: Span, be_index: int) -> int:
    """Index (in ``sent``) of the first word of the noun phrase before the verb at ``be_index``."""
    i = be_index
    while i > 0 and sent[i - 1].pos_ in ("NOUN", "PROPN", "DET", "ADJ", "PRON", "NUM") and sent[i - 1].tag_ != "WDT":
        i -= 1
        if sent[i].pos_ == "PRON" and sent[i].tag_ != "PRP$":
            break
    return i


def _passive_evasion(doc: Doc) -> list[ToneFinding]:
    """Agentless passives about a fault ("mistakes were made", "your parcel was lost")."""
    found = []
    for sent in doc.sents:
        tokens = list(sent)
        for i, tok in enumerate(tokens):
            if tok.lemma_.lower() != "be" or tok.lower_ in ("being",):
                continue
            j = i + 1
            while j < len(tokens) and (tokens[j].tag_.startswith("RB") or tokens[j].lower_ in ("been", "being")):
                j += 1
            if j >= len(tokens) or tokens[j].tag_ != "VBN":
                continue
            if any(t.lower_ in ("not", "n't", "never") for t in tokens[i + 1 : j]):
                continue  # "your order is not lost" denies the fault; nothing is being hidden
            participle = tokens[j]
            if any(t.lower_ == "by" for t in tokens[j + 1:j + 6]):
                continue  # the agent is named
            subj = _subject_start(sent, i)
            subject_words = [t for t in tokens[subj:i]]
            if any(t.lower_ in ("i", "we", "you") for t in subject_words):
                continue
            is_fault_noun = any(t.lower_ in FAULT_NOUNS for t in subject_words)
            if not (is_fault_noun or participle.lower_ in FAULT_VERBS):
                continue
            impersonal_it = bool(subject_words) and subject_words[0].lower_ == "it"
            if participle.lower_ in ("decided", "determined") and not impersonal_it:
                continue
            start = tokens[subj].idx if subject_words else tok.idx
            end = participle.idx + len(participle.text)
            original = doc.text[start:end]
            past = _PAST.get(participle.lower_, participle.lower_)
            obj = " ".join(t.text for t in subject_words if t.lower_ != "it")
            if obj and subject_words[0].is_sent_start:
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


def _shouting(doc: Doc) -> list[ToneFinding]:
    """Runs of ALL-CAPS words (or one long one), and three or more exclamation/question marks."""
    found = []
    lex = load()
    tokens = list(doc)
    i = 0
    while i < len(tokens):
        if is_shouted(tokens[i], lex.acronyms):
            j = i
            while j + 1 < len(tokens) and (is_shouted(tokens[j + 1], lex.acronyms)
                                           or (tokens[j + 1].text.isupper() and tokens[j + 1].is_alpha)):
                j += 1
            first = i
            while first > 0 and tokens[first - 1].is_alpha and tokens[first - 1].text.isupper() \
                    and len(tokens[first - 1].text) >= 2 and tokens[first - 1].text not in lex.acronyms:
                first -= 1  # a short capitalised word leading the run: "DO NOT REPLY"
            words = tokens[first:j + 1]
            if len(words) >= 2 or len(words[0].text) >= 4:
                start, end = words[0].idx, words[-1].idx + len(words[-1].text)
                original = doc.text[start:end]
                lower = original.lower()
                found.append(ToneFinding("shouting", start, end, f"'{original}' in capitals reads as shouting",
                                         (lower, f"*{lower}*")))
            i = j + 1
            continue
        i += 1
    for m in _BANGS.finditer(doc.text):
        if m.group(0).count("!") + m.group(0).count("?") >= 3:
            found.append(ToneFinding("shouting", m.start(), m.end(),
                                     f"'{m.group(0)}' reads as shouting; one mark is enough", ("!", ".")))
    return found


def find_tone_issues(doc: Doc) -> list[ToneFinding]:
    """All sentence-level tone findings of ``doc``, in text order."""
    norm = normalise(doc.text)
    found = _phrase_findings(doc, norm)
    found += _over_apology(doc, norm)
    found += _negative_framing(doc)
    found += _passive_evasion(doc)
    found += _shouting(doc)
    return sorted(found, key=lambda f: (f.start, f.end, f.kind))
