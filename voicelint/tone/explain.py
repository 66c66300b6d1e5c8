"""Human explanations of tone scores: why a score is low or high, and each dimension's documentation.

The formula text is rendered from :data:`voicelint.tone.dimensions.FORMULAS`, so what a user reads
in ``voicelint explain tone.<dimension>`` is exactly what is computed.
"""

from __future__ import annotations

from dataclasses import dataclass

from voicelint.tone.dimensions import FORMULAS, Formula
from voicelint.tone.model import DimensionScore


@dataclass(frozen=True)
class Guidance:
    meaning: str  # what a high score means (CONTRACT.md section 5)
    raise_it: str
    lower_it: str
    sources: str
    examples: tuple[tuple[int, str], ...]  # (approximate score, text); checked by tests/tone


GUIDANCE: dict[str, Guidance] = {
    "formality": Guidance(
        "formal register: no contractions, long Latinate words, full sentences, impersonal constructions",
        "write full forms (\"we have\" for \"we've\"), full sentences, precise nouns; drop slang, emoji and "
        "exclamation marks",
        "use contractions, shorter words and sentences, and talk to the person (\"you\", \"we\"); replace "
        "formulas like \"please be advised\" with plain words",
        "F-score: Heylighen & Dewaele (2002), \"Variation in the contextuality of language\". Features that "
        "predict human formality ratings (contractions, slang, punctuation, word and sentence length): "
        "Pavlick & Tetreault (2016), \"An empirical analysis of formality in online communication\". "
        "Lists: data/informal.txt, data/formal.txt (written for voicelint).",
        (
            (20, "Thanks! We've refunded the order, you'll see it in 3-5 days."),
            (40, "We have processed your refund. It should reach your account in a few days."),
            (70, "Your refund has been processed and will appear on your statement within five business days."),
        ),
    ),
    "warmth": Guidance(
        "empathy, gratitude, addressing the person, acknowledging feelings, friendliness",
        "open with what you understood of their problem, thank them, use their name, and offer help "
        "(\"happy to help\")",
        "keep one thank-you and one acknowledgement; cut stacked pleasantries and get to the answer sooner",
        "Politeness strategies (gratitude, greeting, apologizing, deference, indirect requests, please, "
        "second person): Danescu-Niculescu-Mizil et al. (2013), \"A computational approach to politeness\". "
        "Lists: data/warmth.yaml (written for voicelint).",
        (
            (20, "Reset your password from the sign-in page."),
            (85, "Thanks for your message! The refund was issued today."),
            (95, "Hi Maria, thanks so much for your patience, and I'm sorry for the trouble! I've issued your "
                 "refund today."),
        ),
    ),
    "negativity": Guidance(
        "focus on what cannot be done: \"unfortunately\", \"unable\", \"not possible\", refusals, blame",
        "(a low score is the usual goal)",
        "say what you can do and when (\"we can X as soon as Y\"), drop \"unfortunately\", and turn refusals "
        "into alternatives",
        "Valence: the VADER lexicon (Hutto & Gilbert 2014, MIT licence), read from the installed vaderSentiment "
        "package; negation handling after VADER (a negated positive word is flipped, x -0.74). Refusal and "
        "blame phrases: data/negativity.yaml (written for voicelint).",
        (
            (10, "We can refund the order as soon as the item is back with us."),
            (20, "We can't refund the order until the item is returned."),
            (65, "Unfortunately we are unable to refund this order, and we cannot make an exception."),
        ),
    ),
    "enthusiasm": Guidance(
        "exclamation marks, intensifiers, excitement, emoji",
        "share good news with energy: one exclamation mark, a word like \"great\" or \"love\", an emoji where "
        "the channel allows",
        "use one exclamation mark at most, drop intensifiers (\"so\", \"super\", \"absolutely\") and stacked emoji",
        "Intensifiers: the booster list of VADER (Hutto & Gilbert 2014) and Hyland's (2005) boosters; valence: "
        "VADER lexicon. Lists: data/enthusiasm.yaml (written for voicelint).",
        (
            (15, "Your order has shipped."),
            (50, "Your order has shipped, we hope you enjoy it!"),
            (80, "Woohoo, your order is on its way! We're so excited for you to try it! 🎉"),
        ),
    ),
    "hedging": Guidance(
        "tentative, uncertain wording: \"I think\", \"maybe\", \"it seems\", \"might possibly\"",
        "(a low score is the usual goal) when you are unsure, say what you will check and when",
        "state what you know plainly and remove hedges you don't need; keep one where you are really unsure",
        "Hedges: Hyland (1998, 2005) categories (epistemic verbs, adverbs, approximators, shields) and the "
        "\"hedges\" politeness strategy of Danescu-Niculescu-Mizil et al. (2013); boosters (Hyland 2005) "
        "lower the score. Lists: data/hedges.txt, data/boosters.txt (written for voicelint).",
        (
            (12, "The update fixes the crash."),
            (85, "The update fixes the crash in most cases, I believe."),
            (99, "It seems the update may possibly fix the crash, but I'm not sure."),
        ),
    ),
    "personal": Guidance(
        "one human voice: \"I\", a name or sign-off, contractions, concrete actions — as opposed to a "
        "corporate, passive, third-person voice",
        "write as one person (\"I've checked ...\"), say who did what in the active voice, sign with your name",
        "use \"we\" for the team, and drop the personal asides",
        "First person, sign-offs and contractions versus passive voice and third-person self-reference: the "
        "personal/impersonal contrast of Heylighen & Dewaele (2002) and Pavlick & Tetreault (2016). "
        "Passives are found from tags (BE/GET + optional adverbs + VBN, stative participles excluded). "
        "List: data/self_reference.txt (written for voicelint).",
        (
            (20, "The refund has been issued."),
            (50, "We have issued the refund, and it will reach you this week."),
            (90, "I've issued your refund today. - Sam"),
        ),
    ),
}


def _hint(formula: Formula, signal: str) -> str:
    return next((t.hint for t in formula.terms if t.signal == signal), signal)


def _quotes(score: DimensionScore, direction: int, limit: int = 5) -> list[str]:
    """Distinct evidence labels pointing ``direction``, in text order."""
    seen: list[str] = []
    for ev in score.evidence:
        if ev.direction == direction and ev.label not in seen:
            seen.append(ev.label)
    return seen[:limit]


#: How a measure reads above and below its centre (a measure not listed reads as its hint).
_MEASURE_WORDS: dict[str, tuple[str, str]] = {
    "f_score": ("noun-heavy wording", "verb- and pronoun-heavy wording"),
    "mean_word_length": ("long words", "short words"),
    "latinate_rate": ("Latinate words (-tion, -ment, -ity)", "few Latinate words"),
    "mean_sentence_words": ("long sentences", "short sentences"),
}

#: A measure's pull (weight x distance from its centre, in z units) worth naming.
MEASURE_PULL = 0.15


def _measures(score: DimensionScore, direction: int, limit: int = 2) -> list[str]:
    """The continuous measures (word length, sentence length ...) that pushed the score ``direction``,
    strongest first, with their value and the centre of the formula: "mean word length 5.4 (typical 4.5)"."""
    pulls = []
    for m in FORMULAS[score.name].measures:
        value = score.features.get(m.name)
        if value is None:
            continue
        pull = m.weight * (value - m.centre)
        if pull * direction >= MEASURE_PULL:
            high, low = _MEASURE_WORDS.get(m.name, (m.hint.split(" (")[0], m.hint.split(" (")[0]))
            label = high if value > m.centre else low
            pulls.append((abs(pull), f"{label} ({m.name.replace('_', ' ')} {value:.3g}, typical {m.centre:g})"))
    return [label for _, label in sorted(pulls, reverse=True)[:limit]]


def _absent(score: DimensionScore, direction: int, limit: int = 2) -> list[str]:
    """Cues that would have pulled against ``direction`` but are missing: "no contractions"."""
    return [
        "no " + _without_article(t.hint.split(" (")[0])
        for t in FORMULAS[score.name].terms
        if t.weight * direction < 0 and score.features.get(t.signal, 0) == 0
    ][:limit]


def explain_low(score: DimensionScore) -> str:
    """"warmth 18 is low: no thanks, no greeting ...; lowered by ...; consider ...\"."""
    formula = FORMULAS[score.name]
    missing = [
        _without_article(t.hint.split(" (")[0])
        for t in formula.terms
        if t.weight > 0 and score.features.get(t.signal, 0) == 0
    ]
    parts = [f"{score.name} {score.score:g} is low"]
    if missing:
        parts.append("no " + ", no ".join(missing[:4]))
    lowered = _quotes(score, -1) + _measures(score, -1)
    if lowered:
        parts.append("lowered by " + ", ".join(lowered))
    if len(parts) == 1:  # every cue present and none against: the cues are too few or too weak
        raised = _quotes(score, +1)
        parts.append("raised only by " + ", ".join(raised) if raised else "no single cue; the wording overall")
    return "; ".join(parts) + f". To raise it: {GUIDANCE[score.name].raise_it}."


def _without_article(hint: str) -> str:
    """``"a greeting"`` -> ``"greeting"``, so that "no " + hint reads as English."""
    for article in ("a ", "an ", "the "):
        if hint.startswith(article):
            return hint[len(article) :]
    return hint


def explain_high(score: DimensionScore) -> str:
    """"negativity 72 is high: driven by refusal: 'unfortunately', ...; to lower it: ...\"."""
    causes = _quotes(score, +1) + _measures(score, +1)
    if not causes:
        causes = _absent(score, +1)
    text = f"{score.name} {score.score:g} is high"
    if causes:
        text += ": driven by " + ", ".join(causes)
    else:
        text += ": no single cue; the wording overall"
    return text + f". To lower it: {GUIDANCE[score.name].lower_it}."


def render_formula(name: str) -> str:
    """The formula of ``name`` as text, with every weight."""
    formula = FORMULAS[name]
    lines = [f"z = {formula.bias:+g}"]
    for term in formula.terms:
        kind = "[present]" if term.presence else "per 10 words"
        lines.append(f"    {term.weight:+g} x {term.signal} ({kind}): {term.hint}")
    for m in formula.measures:
        lines.append(f"    {m.weight:+g} x ({m.name} - {m.centre:g}): {m.hint}")
    lines.append("score = 100 / (1 + exp(-z))")
    return "\n".join(lines)


def explain_dimension(name: str) -> str:
    """Documentation of one dimension: meaning, exact formula, sources, examples, how to move it."""
    if name not in GUIDANCE:
        raise KeyError(f"unknown tone dimension {name!r}; known: {', '.join(GUIDANCE)}")
    g = GUIDANCE[name]
    examples = "\n".join(f"- about {s}: \"{text}\"" for s, text in g.examples)
    return (
        f"# tone.{name}\n\n"
        f"High means: {g.meaning}.\n\n"
        f"## Formula\n\n"
        "A density is weighted cues per 10 words, 10 * cues / (words + 8) * ((words + 8) / 28) ** 0.25:\n"
        "8 pseudo-words keep one-line replies from jumping to extremes, and the 0.25 power keeps a long\n"
        "email with the same tone on the same scale.\n\n"
        f"```\n{render_formula(name)}\n```\n\n"
        f"## Sources\n\n{g.sources}\n\n"
        f"## What scores look like\n\n{examples}\n\n"
        f"## How to move it\n\n- raise: {g.raise_it}\n- lower: {g.lower_it}\n"
    )
