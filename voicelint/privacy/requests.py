"""Requests for data: where a reply asks the customer to give us something, and what.

A request is a data item (``lexicon.yaml`` ``kinds``) inside the reach of an asking cue in the same
sentence: an imperative asking verb ("send us", "reply with", "DM us", "let us know"), a question
put to the customer ("can you share", "could you tell us", "would you mind sharing"), a statement
of need ("we'll need", "may we have") or a question word ("what's your ..."). A cue reaches to the
end of its clause ("so we can ...", "and we'll ..." start a new one), and a negation between the
cue and the item ("don't share", "we never ask for", "without revealing") cancels it. A verbless
sentence ("Acct # pls?") asks when it says please or ends in a question mark.

Whether the request goes to a private channel is recorded per sentence (``private``: the sentence
names a DM, private message, form, link or phone call; ``public``: it says reply, tweet, here,
below); the rules decide what that means for their channel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from voicelint.privacy.lexicon import Kind, Lexicon, PhraseTrie, normalise
from voicelint.token_table import TokenTable

#: Tokens dropped from the word sequence (they join words, they do not separate clauses).
_JOINERS = frozenset({"-", "–", "/", "'", "&"})
#: Tokens after which a new clause (and so a new imperative) may start.
_BOUNDARY = frozenset({",", ";", ":", "!", "?", ".", "(", ")", "-", "—", "–", "...", "…", '"', "“", "”", "*", "~"})
#: Tokens that end a cue's reach inside a sentence.
_SCOPE_END_PUNCT = frozenset({";", "!", "?", "."})
_SCOPE_END_WORDS = frozenset(
    {
        "so",
        "because",
        "if",
        "when",
        "while",
        "once",
        "after",
        "before",
        "which",
        "where",
        "since",
        "until",
        "unless",
        "but",
        "whether",
        "cause",
        "coz",
        "cuz",
    }
)
#: A subject that starts a new clause after "and" or a comma ("..., and we'll check").
_SUBJECTS = frozenset({"we", "i", "you", "u", "they", "it", "this", "that", "our", "he", "she"})
#: A new subject after the cue starts a new clause ("DM us a screenshot of the error you get
#: when you reset your password" does not ask for the password).
_NEW_SUBJECT = frozenset({"you", "u", "we", "i", "they", "he", "she", "you're", "everytime", "whenever"})
_YOU = frozenset({"you", "u", "ya", "y'all", "yall"})
_PLEASE = frozenset({"please", "pls", "plz", "pleas", "plse"})
_NEED_SKIP = frozenset(
    {
        "'ll",
        "ll",
        "will",
        "would",
        "'d",
        "d",
        "just",
        "also",
        "still",
        "only",
        "really",
        "first",
        "then",
        "may",
        "might",
        "do",
        "definitely",
        "",
        "now",
    }
)


@dataclass(frozen=True)
class Item:
    """A data item asked for: token range in the Doc and its kind."""

    start: int
    end: int
    kind: Kind


@dataclass(frozen=True)
class Request:
    """The data one sentence asks for (``cue`` is the token index where the asking starts)."""

    sentence: int
    cue: int
    items: tuple[Item, ...]
    private: bool
    public: bool


@dataclass(frozen=True)
class SentenceMarks:
    """What each sentence says about the channel: a private one, the public thread, or neither."""

    private: tuple[bool, ...]
    public: tuple[bool, ...]


class _Sentence:
    """One sentence as normalised words: ``forms[i]`` are word ``i``'s forms, ``tok[i]`` its token."""

    def __init__(self, table: TokenTable, start: int, end: int) -> None:
        self.forms: list[tuple[str, ...]] = []
        self.tok: list[int] = []
        self.punct: list[bool] = []
        self.url = False
        for i in range(start, end):
            text = table.texts[i]
            if table.is_space[i]:
                if "\n" in text:
                    self._add(("\n",), i, True)
                continue
            if table.like_url[i] or table.like_email[i]:
                self.url = self.url or bool(table.like_url[i])
                self._add(("<link>",), i, True)
                continue
            if text in _JOINERS:
                continue
            if text[0] in "@^" and len(text) > 1:
                self._add(("<handle>",), i, True)
                continue
            if table.is_punct[i] and text in _BOUNDARY:
                self._add((text,), i, True)
                continue
            form = normalise(text)
            if not form:
                continue
            lemma = normalise(table.lemmas[i])
            self._add((form, lemma) if lemma and lemma != form else (form,), i, False)
        self.verbless = not any(table.tags[i].startswith(("VB", "MD")) for i in range(start, end))

    def _add(self, forms: tuple[str, ...], index: int, punct: bool) -> None:
        self.forms.append(forms)
        self.tok.append(index)
        self.punct.append(punct)

    def __len__(self) -> int:
        return len(self.forms)

    def first(self, i: int) -> str:
        return self.forms[i][0]

    def has_phrase(self, trie: PhraseTrie[bool], start: int = 0, end: int | None = None) -> bool:
        stop = len(self) if end is None else end
        return any(trie.match_at(self.forms, i) for i in range(start, stop))


def _items(s: _Sentence, lex: Lexicon) -> list[tuple[int, int, Kind]]:
    """Data items in a sentence, longest first from left to right (word positions, end exclusive)."""
    found: list[tuple[int, int, Kind]] = []
    i = 0
    while i < len(s):
        hit = lex.items.match_at(s.forms, i)
        if hit is not None:
            end, kind = hit
            if kind is not None:
                found.append((i, end, kind))
            i = end
            continue
        qualified = lex.qualified.match_at(s.forms, i)
        rule = qualified[1] if qualified is not None else None
        if qualified is not None and rule is not None:
            end = qualified[0]
            before = i > 0 and any(f in rule.before for f in s.forms[i - 1])
            after = end < len(s) and rule.after.match_at(s.forms, end) is not None
            if before or after:
                found.append((i, end, rule.kind))
                i = end
                continue
        i += 1
    # "the last four digits of your card number" asks for digits, not the full card number.
    kept: list[tuple[int, int, Kind]] = []
    for item in found:
        if (
            item[2].secret
            and item[2].name == "full card number"
            and any(k.name == "card digits" and 0 <= item[0] - e <= 3 for _, e, k in kept)
        ):
            continue
        kept.append(item)
    return kept


def _walk_back(s: _Sentence, k: int, skip: frozenset[str]) -> tuple[int, bool]:
    """The word before ``k`` once ``skip`` words are passed, and whether one of them was "you"."""
    b, you = k - 1, False
    while b >= 0 and not s.punct[b] and s.first(b) in skip:
        you = you or s.first(b) in _YOU
        b -= 1
    return b, you


def _is_cue(s: _Sentence, k: int, lex: Lexicon) -> bool:
    word = s.first(k)
    if s.punct[k]:
        return False
    if word in lex.give_verbs or word in lex.gerund_verbs:
        if word in lex.gerund_verbs:
            return k > 0 and s.first(k - 1) == "mind"
        # "let us know", "let me know"; not "let's take a look" ("'s" has the lemma "us").
        if word == "let" and not (k + 1 < len(s) and s.first(k + 1) in ("us", "me")):
            return False
        b, you = _walk_back(s, k, lex.softeners)
        if b < 0 or s.punct[b]:
            return not you
        before = s.first(b)
        if before in lex.modals or before == "if":
            return you
        if before == "to":
            return any(b - j >= 0 and s.first(b - j) in (_YOU | {"free"}) for j in (1, 2))
        return False
    if word in lex.need_verbs:
        b, _ = _walk_back(s, k, _NEED_SKIP)
        return b >= 0 and s.first(b) in lex.we_words - {"us"}
    if word in lex.have_verbs:
        return k >= 2 and s.first(k - 1) in ("we", "i") and s.first(k - 2) in lex.modals
    if word in lex.wh_words:
        b, _ = _walk_back(s, k, lex.softeners)
        return b < 0 or s.punct[b]
    return False


def _ends_scope(s: _Sentence, i: int) -> bool:
    word = s.first(i)
    if s.punct[i]:
        if word in _SCOPE_END_PUNCT or word == "\n":
            return True
        return word == "," and i + 1 < len(s) and s.first(i + 1) in _SUBJECTS | {"and"}
    if word in _SCOPE_END_WORDS or word in _NEW_SUBJECT:
        return True
    return word == "and" and i + 1 < len(s) and s.first(i + 1) in _SUBJECTS


def _negated(s: _Sentence, cue: int, item: int, lex: Lexicon) -> bool:
    """A negation in the clause of ``cue``, before ``item``."""
    start = cue
    while start > 0 and not s.punct[start - 1]:
        start -= 1
    return s.has_phrase(lex.negations, start, item)


def _sentence_request(s: _Sentence, index: int, lex: Lexicon) -> Request | None:
    items = _items(s, lex)
    if not items:
        return None
    cues = [k for k in range(len(s)) if _is_cue(s, k, lex)]
    asked: list[Item] = []
    first_cue: int | None = None
    for start, end, kind in items:
        cue = None
        for k in reversed(cues):
            if k < start:
                cue = k
                break
        if cue is not None and not any(_ends_scope(s, j) for j in range(cue + 1, start)):
            if _negated(s, cue, start, lex):
                continue
        elif s.verbless and any(s.first(j) in _PLEASE or s.first(j) == "?" for j in range(len(s))):
            cue = 0
            if _negated(s, 0, start, lex):
                continue
        else:
            continue
        first_cue = cue if first_cue is None else min(first_cue, cue)
        asked.append(Item(s.tok[start], s.tok[end - 1] + 1, kind))
    if not asked or first_cue is None:
        return None
    return Request(
        sentence=index,
        cue=s.tok[first_cue],
        items=tuple(asked),
        private=s.url or s.has_phrase(lex.private_markers),
        public=s.has_phrase(lex.public_markers),
    )


def find_requests(table: TokenTable, lex: Lexicon) -> tuple[list[Request], SentenceMarks]:
    """Every sentence of the Doc that asks for data, and each sentence's channel marks."""
    requests: list[Request] = []
    private: list[bool] = []
    public: list[bool] = []
    for index, (start, end) in enumerate(table.sents):
        sentence = _Sentence(table, start, end)
        private.append(sentence.url or sentence.has_phrase(lex.private_markers))
        public.append(sentence.has_phrase(lex.public_markers))
        request = _sentence_request(sentence, index, lex)
        if request is not None:
            requests.append(request)
    return requests, SentenceMarks(tuple(private), tuple(public))


def find_items(table: TokenTable, lex: Lexicon) -> list[tuple[int, int, str]]:
    """Every data item of the Doc, asked for or not, as token ranges and kind names."""
    found: list[tuple[int, int, str]] = []
    for start, end in table.sents:
        sentence = _Sentence(table, start, end)
        for first, last, kind in _items(sentence, lex):
            found.append((sentence.tok[first], sentence.tok[last - 1] + 1, kind.name))
    return found


def sent_privately(request: Request, marks: Sequence[bool] | SentenceMarks) -> bool:
    """Whether the data goes to a private channel: the sentence says so, or (when it does not point
    at the public thread) the sentence before or after it does ("What's your order number? Let
    us know in DM.")."""
    if request.private:
        return True
    if request.public:
        return False
    private = marks.private if isinstance(marks, SentenceMarks) else tuple(marks)
    return any(0 <= j < len(private) and private[j] for j in (request.sentence - 1, request.sentence + 1))
