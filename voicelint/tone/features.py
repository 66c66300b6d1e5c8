"""One cheap pass over a parsed ``Doc`` that counts every tone cue the dimension formulas use.

Each cue is a :class:`Signal`: a weighted count plus the spans that produced it, so that every
score can point at its words. Nothing here re-parses the text: token attributes come from the
shared spaCy pass (tagger, lemmatizer, senter) and phrase lists are matched on ``doc.text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from voicelint.tone.lexicons import Lexicons, PhraseSet, load, normalise
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
#: Trailing matter after a signature in social replies: links, "(1/2)", "2/2", "&gt;&gt;".
_TRAILER = re.compile(r"(?:\s+(?:https?://\S+|\(?\d/\d\)?|(?:&gt;)+|>+))+\s*$")
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


def is_emoji_token(text: str) -> bool:
    return bool(text) and (any(is_emoji_char(ch) for ch in text) or bool(_EMOTICON.match(text)))


def is_word(token: Token) -> bool:
    """A token that counts as a word: not punctuation, space, URL, @handle, emoji or a number."""
    text = token.text
    return (
        not token.is_punct
        and not token.is_space
        and not token.like_url
        and not text.startswith("@")
        and "&" not in text  # HTML entities left in exported text ("&gt;" may tokenise as "gt;&gt")
        and ";" not in text
        and any(ch.isalpha() for ch in text)
        and not is_emoji_token(text)
    )


def is_shouted(token: Token, acronyms: frozenset[str]) -> bool:
    """An ALL-CAPS word of three letters or more that is not a known acronym."""
    text = token.text
    return len(text) >= 3 and text.isalpha() and text.isupper() and text not in acronyms


@dataclass
class Signal:
    """A weighted count of one cue and the spans that produced it."""

    label: str
    count: float = 0.0
    spans: list[tuple[int, int, str]] = field(default_factory=list)

    def add(self, start: int, end: int, text: str, weight: float = 1.0) -> None:
        self.count += weight
        self.spans.append((start, end, text))

    def evidence(self, direction: int) -> list[Evidence]:
        return [Evidence(f"{self.label}: '{text}'", s, e, direction) for s, e, text in self.spans]


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


def _match_into(features: ToneFeatures, name: str, label: str, phrases: PhraseSet, norm: str,
                weight: float = 1.0, exclude: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    spans = []
    for m in phrases.finditer(norm):
        if exclude and any(s <= m.start < e for s, e in exclude):
            continue
        features.signal(name, label).add(m.start, m.end, features.text[m.start:m.end], m.weight * weight)
        spans.append((m.start, m.end))
    return spans


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _passives(doc: Doc, features: ToneFeatures) -> None:
    """Passive voice from tags alone: a form of BE/GET, optional adverbs or negation, then a VBN.

    Stative participles ("I'm interested", "we're located") and "been" itself ("it's been great")
    are not counted.
    """
    sig = features.signal("passive", "passive voice")
    tokens = list(doc)
    used: set[int] = set()
    for i, tok in enumerate(tokens):
        if tok.lemma_.lower() not in ("be", "get") or i in used:
            continue
        j = i + 1
        while j < len(tokens) and (tokens[j].tag_ in ("RB", "RBR", "RBS") or tokens[j].lower_ in ("been", "being")):
            j += 1
        if j >= len(tokens) or tokens[j].tag_ != "VBN":
            continue
        used.update(range(i, j + 1))
        participle = tokens[j]
        if participle.lower_ in STATIVE_PARTICIPLES:
            continue
        if tok.lemma_.lower() == "get" and participle.lower_ in ("started", "ready", "back", "rid"):
            continue
        sig.add(tok.idx, participle.idx + len(participle.text), doc.text[tok.idx:participle.idx + len(participle.text)])


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


def _vocative_names(doc: Doc, features: ToneFeatures, lex: Lexicons) -> None:
    """The reader's name used in address: "Hi Tom,", "thanks, Maria!", "Great question, Alex!"."""
    sig = features.signal("name", "name")
    tokens = list(doc)
    for i, tok in enumerate(tokens):
        if i == 0 or not tok.text[:1].isupper() or not tok.text.isalpha() or len(tok.text) < 2 or tok.text.isupper():
            continue
        if tok.lower_ in NOT_A_NAME or tok.lower_ in lex.valence:
            continue
        prev = tokens[i - 1]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        before_ok = prev.lower_ in GREETING_BEFORE_NAME or prev.text == ","
        after_ok = nxt is None or nxt.text in (",", "!", ".", "?", "!!", ":") or nxt.is_space
        if before_ok and after_ok and (tok.tag_ in ("NNP", "NNPS") or prev.lower_ in GREETING_BEFORE_NAME):
            sig.add(tok.idx, tok.idx + len(tok.text), tok.text)


def extract(doc: Doc) -> ToneFeatures:
    """Every tone cue of ``doc`` (one pass over the tokens, one regex pass per phrase list)."""
    lex = load()
    text = doc.text
    norm = normalise(text)
    f = ToneFeatures(text=text)

    # Phrase lists on the text.
    idioms = [(m.start, m.end) for m in lex.neutral_idioms.finditer(norm)]
    _match_into(f, "hedge", "hedge", lex.hedges, norm)
    _match_into(f, "booster", "booster", lex.boosters, norm)
    _match_into(f, "informal", "informal word", lex.informal, norm)
    _match_into(f, "formal", "formal phrasing", lex.formal, norm)
    _match_into(f, "self_reference", "impersonal self-reference", lex.self_reference, norm)
    for name, cat in lex.warmth.items():
        _match_into(f, name, cat.label, cat.phrases, norm, cat.weight)
    refusal_spans: list[tuple[int, int]] = []
    for name, cat in lex.negativity.items():
        refusal_spans += _match_into(f, name, cat.label, cat.phrases, norm, cat.weight, exclude=idioms)
    for name, cat in lex.enthusiasm.items():
        _match_into(f, name, cat.label, cat.phrases, norm, cat.weight, exclude=idioms if name != "excitement" else None)

    # One pass over the tokens.
    tokens = list(doc)
    valence_pos = f.signal("positive_valence", "positive word")
    valence_neg = f.signal("negative_valence", "negative word")
    for i, tok in enumerate(tokens):
        low = normalise(tok.text)
        start, end = tok.idx, tok.idx + len(tok.text)
        if tok.text.startswith("!"):
            f.signal("exclamation", "exclamation mark").add(start, end, tok.text, min(tok.text.count("!"), 3))
            continue
        if is_emoji_token(tok.text):
            f.signal("emoji", "emoji").add(start, end, tok.text, min(len(tok.text), 3) if not tok.text.isascii() else 1)
            continue
        if not is_word(tok):
            continue
        f.n_words += 1
        f.n_chars_in_words += len(tok.text)
        f.pos[tok.pos_] = f.pos.get(tok.pos_, 0) + 1
        if low in ARTICLES:
            f.pos["ART"] = f.pos.get("ART", 0) + 1
        if len(low) >= 7 and low.endswith(LATINATE_SUFFIXES):
            f.signal("latinate", "Latinate word").add(start, end, tok.text)
        if low in CLITICS and tok.tag_ != "POS":
            prev = tokens[i - 1] if i else tok
            c_start = prev.idx if (i and not prev.whitespace_) else start
            f.signal("contraction", "contraction").add(c_start, end, text[c_start:end])
        if low in FIRST_SINGULAR:
            f.signal("first_singular", "first person").add(start, end, tok.text)
            if tok.text == "i":
                f.signal("informal", "informal word").add(start, end, tok.text, 0.8)
        elif low in FIRST_PLURAL:
            f.signal("first_plural", "we").add(start, end, tok.text)
        elif low in SECOND_PERSON:
            f.signal("second_person", "you").add(start, end, tok.text)
        if is_shouted(tok, lex.acronyms):
            f.signal("caps", "ALL CAPS").add(start, end, tok.text)
        if low in lex.intensifiers and i + 1 < len(tokens) and tokens[i + 1].pos_ in ("ADJ", "ADV", "VERB"):
            f.signal("intensifier", "intensifier").add(start, end, tok.text, 0.7)
        if tok.is_sent_start and tok.text[:1].islower() and tok.text.isalpha():
            f.signal("lowercase_start", "lower-case sentence start").add(start, end, tok.text, 0.5)
        if _inside(start, idioms):
            continue
        if low in NEGATORS:
            if not _inside(start, refusal_spans):
                f.signal("negation", "negation").add(start, end, tok.text)
            continue
        valence = lex.valence.get(low)
        if valence is None or (low == "like" and tok.pos_ != "VERB"):
            continue
        window = [normalise(t.text) for t in tokens[max(0, i - 3):i]]
        if any(w in NEGATORS for w in window):
            # VADER flips a negated word (* -0.74). We flip only positive words: in support
            # replies "doesn't cover damage" is not praise, so a negated negative word is dropped.
            valence = valence * -0.74 if valence > 0 else 0.0
        if tok.pos_ in ("NOUN", "PROPN"):
            valence *= 0.5  # nouns name the topic ("damage", "error"); framing lives in the other words
        if valence > 0:
            valence_pos.add(start, end, tok.text, valence / 2)
        elif valence < 0 and not _inside(start, refusal_spans):
            valence_neg.add(start, end, tok.text, -valence / 2)

    for sent in doc.sents:
        if any(is_word(t) for t in sent):
            f.n_sents += 1
        first = next((t for t in sent if is_word(t)), None)
        if first is not None and first.tag_ == "VB" and first.lower_ not in ("please", "thank", "let", "have", "enjoy"):
            f.signal("imperative", "bare command").add(first.idx, first.idx + len(first.text), first.text)
    _passives(doc, f)
    _vocative_names(doc, f, lex)
    signature = _signature(text)
    if signature:
        f.signal("signature", "sign-off").add(*signature)
    return f
