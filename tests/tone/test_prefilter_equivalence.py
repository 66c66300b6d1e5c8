"""Every shortcut of the tone code gives exactly what the full computation gives.

The scorer skips work it has shown cannot matter: words that can fire no word-level cue
(``features._has_cue``), phrase lists none of whose phrases has all its words in the text
(``PhraseIndex.possible`` for the tone lists, ``PhraseSet._may_match`` for the findings' lists),
tokens that cannot open a negated modal (``findings._NEGATION_OPENERS``), plus precomputed word
flags, an emoji character class and an inlined density. A shortcut that drops a case changes
scores silently (dropping the negators from ``_has_cue`` moved a negativity score from 62.0 to
46.7 and every other test passed), so here each shortcut is switched off, or replaced by its
plain definition, and every feature, score, piece of evidence and finding must be identical, on a
corpus of realistic support replies (``tests/data/tone/replies_equivalence.txt``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from voicelint.token_table import token_table
from voicelint.tone import features, findings
from voicelint.tone.dimensions import FORMULAS, _sigmoid, score_features
from voicelint.tone.features import (
    _EMOJI_CHAR,
    _EMOTICON,
    _EMOTICON_START,
    ARTICLES,
    CLITICS,
    LATINATE_SUFFIXES,
    NEGATORS,
    ToneFeatures,
    extract,
    is_emoji_char,
    is_emoji_token,
    is_shouted_text,
    is_word,
    word_flags,
)
from voicelint.tone.lexicons import PhraseIndex, PhraseSet, load, normalise, word_runs
from voicelint.tone.model import Evidence

CORPUS = Path(__file__).resolve().parents[1] / "data" / "tone" / "replies_equivalence.txt"


def load_replies() -> list[str]:
    chunks = CORPUS.read_text(encoding="utf-8").split("\n---\n")
    assert chunks[0].startswith("#")  # the header
    return [chunk.strip("\n") for chunk in chunks[1:]]


REPLIES = load_replies()


class _Everything:
    """A container holding everything: "may this list match?" -> yes."""

    def __contains__(self, item: object) -> bool:
        return True


@contextmanager
def full_computation(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every gate of the tone code says "yes": each word gets every test, each list its regex."""
    with monkeypatch.context() as m:
        m.setattr(features, "_has_cue", lambda text: True)
        m.setattr(PhraseIndex, "possible", lambda self, words: _Everything())
        m.setattr(PhraseSet, "_may_match", lambda self, words: True)
        m.setattr(findings, "_NEGATION_OPENERS", _Everything())
        yield


@pytest.fixture(scope="module")
def docs(nlp: Any) -> list[Any]:
    return list(nlp.pipe(REPLIES))


def _signal_diff(fast: ToneFeatures, full: ToneFeatures) -> list[str]:
    diff = []
    for name in sorted(set(fast.signals) | set(full.signals)):
        a, b = fast.signals.get(name), full.signals.get(name)
        if a != b:
            diff.append(f"{name}: {a and (a.count, a.spans)} != full {b and (b.count, b.spans)}")
    for attr in ("n_words", "n_sents", "n_chars_in_words", "pos"):
        if getattr(fast, attr) != getattr(full, attr):
            diff.append(f"{attr}: {getattr(fast, attr)} != full {getattr(full, attr)}")
    return diff


@pytest.mark.parametrize("number", range(len(REPLIES)))
def test_features_scores_and_findings_equal_the_full_computation(
    docs: list[Any], monkeypatch: pytest.MonkeyPatch, number: int
) -> None:
    doc = docs[number]
    fast_features = extract(doc)
    fast_scores = score_features(fast_features)
    fast_findings = findings.find_tone_issues(doc)
    with full_computation(monkeypatch):
        full_features = extract(doc)
        full_scores = score_features(full_features)
        full_findings = findings.find_tone_issues(doc)
    assert fast_features == full_features, (REPLIES[number], _signal_diff(fast_features, full_features))
    assert fast_scores.scores == full_scores.scores, REPLIES[number]
    assert fast_scores == full_scores, REPLIES[number]  # inputs of every formula, evidence
    assert fast_findings == full_findings, REPLIES[number]


def test_the_gates_are_really_off_in_the_full_computation(docs: list[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Guards the test above: switched off, the gates let everything through."""
    words = word_runs(normalise(REPLIES[0]))
    with full_computation(monkeypatch):
        assert features._has_cue("zzzz") and 10**6 in features._phrase_lists(load()).index.possible(words)
        assert PhraseSet({"zzzz qqqq": 1.0})._may_match(words)
        assert "zzzz" in findings._NEGATION_OPENERS
    assert not features._has_cue("zzzz") and not PhraseSet({"zzzz qqqq": 1.0})._may_match(words)


def _phrase_sets() -> list[tuple[str, PhraseSet]]:
    lex = load()
    sets = [("hedges", lex.hedges), ("boosters", lex.boosters), ("informal", lex.informal),
            ("formal", lex.formal), ("self_reference", lex.self_reference), ("neutral_idioms", lex.neutral_idioms)]
    for group in (lex.warmth, lex.negativity, lex.enthusiasm):
        sets += [(name, cat.phrases) for name, cat in group.items()]
    sets += [(rule.kind, rule.phrases) for rule in findings._phrase_rules()]
    return sets


@pytest.mark.parametrize(("name", "phrases"), _phrase_sets(), ids=[name for name, _ in _phrase_sets()])
def test_phrase_set_word_gate_equals_the_bare_regex(name: str, phrases: PhraseSet) -> None:
    for reply in REPLIES:
        norm = normalise(reply)
        assert list(phrases.finditer(norm, word_runs(norm))) == list(phrases.finditer(norm)), (name, reply)


def test_phrase_index_names_every_list_that_matches() -> None:
    lists = features._phrase_lists(load())
    every = [load().neutral_idioms, *(entry[2] for entry in lists.entries)]
    gated_out = 0
    for reply in REPLIES:
        norm = normalise(reply)
        possible = lists.index.possible(word_runs(norm))
        matching = {n for n, phrases in enumerate(every) if next(phrases.finditer(norm), None) is not None}
        assert matching <= possible, (reply, sorted(matching - possible))
        gated_out += len(every) - len(possible)
    assert gated_out > len(REPLIES)  # the gate does skip lists on this corpus


def test_word_flags_equal_is_word(docs: list[Any]) -> None:
    for doc in docs:
        assert word_flags(token_table(doc)) == [is_word(token) for token in doc], doc.text


def _emoji_token_by_definition(text: str) -> bool:
    return any(is_emoji_char(ch) for ch in text) or bool(_EMOTICON.match(text))


def test_emoji_shortcuts_equal_their_definitions(docs: list[Any]) -> None:
    # the character class is exactly is_emoji_char, over every code point
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        assert bool(_EMOJI_CHAR.search(ch)) == is_emoji_char(ch), hex(cp)
    # every emoticon starts with one of the listed characters
    for cp in range(0x80):
        if chr(cp) not in _EMOTICON_START:
            assert not any(_EMOTICON.match(chr(cp) + rest) for rest in ("", ")", "-)", "3", "_^", "D", ":)")), cp
    tokens = {token.text for doc in docs for token in doc}
    for text in tokens | {"", ":)", ";-)", "<3", "^_^", "xD", "(:", "8-)", "=P", "👍🏽", "❤️", "→"}:
        assert is_emoji_token(text) == _emoji_token_by_definition(text), text
    assert sum(map(is_emoji_token, tokens)) >= 10


def test_inlined_densities_equal_tone_features_density(docs: list[Any]) -> None:
    """``score_dimension`` computes densities inline; ``ToneFeatures.density`` is the definition."""
    for doc in docs:
        f = extract(doc)
        result = score_features(f)
        for name, formula in FORMULAS.items():
            z = formula.bias
            for term in formula.terms:
                value = (1.0 if f.count(term.signal) > 0 else 0.0) if term.presence else f.density(term.signal)
                z += term.weight * value
                assert result.dimensions[name].features[term.signal] == (round(value, 3) if value else 0.0)
            for measure in formula.measures:
                z += measure.weight * (min(measure.high, max(measure.low, measure.value(f))) - measure.centre)
            assert result.dimensions[name].score == round(100.0 * _sigmoid(z), 1), (name, doc.text)
            # evidence built once per direction and reused: the same as built afresh
            for sig in f.signals.values():
                for direction in (1, -1):
                    fresh = tuple(Evidence(f"{sig.label}: '{t}'", s, e, direction) for s, e, t in sig.spans)
                    assert sig.evidence(direction) == fresh


def test_evidence_built_once_follows_later_spans() -> None:
    signal = features.Signal("hedge")
    signal.add(0, 5, "maybe")
    assert signal.evidence(1) == (Evidence("hedge: 'maybe'", 0, 5, 1),)
    signal.add(10, 15, "might")
    assert signal.evidence(1) == (Evidence("hedge: 'maybe'", 0, 5, 1), Evidence("hedge: 'might'", 10, 15, 1))
    assert signal.evidence(-1)[1] == Evidence("hedge: 'might'", 10, 15, -1)


def test_the_corpus_exercises_every_word_cue(docs: list[Any]) -> None:
    """Each kind of word the cue prefilter must let through is in the corpus (so dropping it fails)."""
    lex = load()
    lows = {normalise(token.text) for doc in docs for token in doc}
    texts = {token.text for doc in docs for token in doc}
    assert lows >= NEGATORS - {"cannot"}, sorted(NEGATORS - lows)  # spaCy splits "cannot": "can" "not"
    assert lows >= ARTICLES | CLITICS, sorted((ARTICLES | CLITICS) - lows)
    assert any(len(w) >= 7 and w.endswith(LATINATE_SUFFIXES) for w in lows)
    assert any(is_shouted_text(t, lex.acronyms) for t in texts)
    assert lows & lex.intensifiers and len(lows & set(lex.valence)) >= 50


def test_the_corpus_opens_negative_framing_with_every_opener(docs: list[Any]) -> None:
    """A negated modal of every kind before "until"/"unless", so a dropped opener changes a finding.

    ("cannot" is not among them: spaCy splits it into "can" "not".)
    """
    openers = {"unable", "ca", "wo", "is", "are", "do", "does", "did", "should", "could", "were"}
    seen = set()
    for doc in docs:
        starts = {f.start for f in findings.find_tone_issues(doc) if f.kind == "negative-framing"}
        seen |= {token.lower_ for token in doc if token.idx in starts}
    assert openers <= seen, sorted(openers - seen)
