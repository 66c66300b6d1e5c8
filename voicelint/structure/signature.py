"""Who signed a reply: a person (``^JS``, ``-Jazz``, ``Cheers, Sam``, ``Sam from Acme``) or nobody in
particular (``The Support Team``, ``Customer Care``, ``Acme Support``).

Social customer service signs public replies with the agent's initials or first name so the
customer knows a person answered (Comcast's ``^JS``; Spotify's ``/KL``; RBC's ``^JL``; Walmart's
``-Danny``). A signature is looked for only where signatures go, in this order:

1. **The tag** at the very end (after trailing links, emoji and ``(1/2)`` counters): a marker
   ``^ ~ * / - – —`` then initials or a first name, or a team name (``- The Acme Team``). The marker
   must follow a space, punctuation or a thank-you (``Thanks-Sha``), so ``Wi-Fi``, ``TCP/IP`` and
   ``2^10`` are not signatures, and a ``-`` that starts one line of a bulleted list is a list item.
2. **A sign block** after a closing formula: ``Best,\\nSam``, ``Kind regards,\\nThe Support Team``,
   ``Cheers, Sam`` on one line (the comma is required there: ``Thanks, Deborah!`` thanks the customer).
3. **A last line** on its own: one capitalised first name (``\\n\\nSam``) or a team (``Acme Home
   Services``); two words that are no team are not read as a name (``\\n\\nAcme Pro`` is a product).
4. **A trailing team name** after the last sentence of a one-line reply (``... again. Customer Care``).
5. **An introduction** near the start: ``Sam from Acme here``, ``I'm Sam from Acme``.

The signer is a team when its words name one (support, care, team, service, help, desk...) or it
starts with "The"/"Your"/"Team"; a person otherwise. Initials are one to three capitals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from voicelint.structure.closing import VALEDICTIONS
from voicelint.structure.text import body_end, body_start

#: Words that make a signer a team rather than a person.
TEAM_WORDS = frozenset(
    """team teams support care cares service services help helpdesk desk center centre crew squad staff
    department dept customer customers billing returns claims admin office hq experts advisors
    advisers agents helpers people friends folks""".split()  # noqa: SIM905 - a word list reads better as words
)
_TEAM_STARTS = ("the", "your", "team", "all", "everyone", "us")
#: Capitalised words that end a reply after a dash without being anyone's name.
_NOT_NAMES = frozenset(
    """thanks thank cheers sorry enjoy yes no ok okay again here there please soon today now more info
    details this that hope help love best xo xoxo lol hmm note update edit ps fyi dm link tip yay""".split()  # noqa: SIM905
)

_WORD = r"[A-Za-z][\w'’.&]*"
_TAG = re.compile(rf"(?P<marker>[\^~*/]|[-–—]{{1,2}})[ \t]?(?P<who>{_WORD}(?:[ \t]+{_WORD}){{0,3}})[ \t]*\Z")
_THANKS_BEFORE = re.compile(r"(?i:thanks|thank you|thx|ty|cheers|regards)\s*\Z")
_VALEDICTION_LINE = re.compile(rf"\s*(?i:{VALEDICTIONS})\s*[,.!:;~]*\s*")
_INLINE = re.compile(
    rf"(?:\A|(?<=[.!?)\n])\s*|(?<=[.!?)]\s))(?i:{VALEDICTIONS})"
    rf"[ \t]*,[ \t]*(?P<who>{_WORD}(?:[ \t]+{_WORD}){{0,3}})[ \t]*\Z"
)
_TRAILING_TEAM = re.compile(
    r"(?:(?<=[.!?)])|(?<=[.!?)]\s)|\A)\s*(?P<who>[A-Z][\w'’&]*(?:[ \t]+(?:[A-Z][\w'’&]*|&|of|at)){0,4})[ \t]*\Z"
)
_INTRO = re.compile(
    r"(?:\b(?i:i'm|i am|this is|it's|my name is)\s+(?P<who>[A-Z][a-z]+)(?:\s+from\s+(?:the\s+)?[A-Z][\w&]*)?"
    r"|(?:\A|(?<=[\s,.!]))(?P<who2>[A-Z][a-z]+)\s+from\s+(?:the\s+)?[A-Z][\w&]*(?:\s+[A-Z][\w&]*)?\s+here\b)"
)
_NAME_BEFORE_DASH = re.compile(r"(?:^|[\s,.!])(?P<name>[A-Z][a-z]+)[ \t]*\Z")
_NAME = re.compile(r"[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?|[A-Z]{1,2}[A-Z][a-z]+|[A-Z][a-z]+[A-Z][a-z]+")
_INITIALS = re.compile(r"[A-Z]{1,3}")


@dataclass(frozen=True, slots=True)
class Signature:
    """A signature found in a reply: where it is, who signed, and how."""

    start: int
    end: int
    signer: str
    #: A person (initials or a name), not a team or brand.
    human: bool
    #: Signed with one to three capitals (``^JS``, ``-AR``, ``SR`` under ``Cheers,``).
    initials: bool
    #: The tag form of social replies: a marker then initials or a first name (``^JS``, ``-Jazz``).
    tag: bool
    #: Whether it closes the reply (everything but an introduction, ``Sam from Acme here``): what
    #: comes before it is the body, and a sign-off or next step is looked for there.
    closing: bool = True

    @property
    def kind(self) -> str:
        """``initials``, ``name`` or ``team`` (what the benchmark labels)."""
        if not self.human:
            return "team"
        return "initials" if self.initials else "name"


def _is_team(words: list[str]) -> bool:
    lowered = [w.lower().strip(".,'’") for w in words]
    return bool(lowered) and (lowered[0] in _TEAM_STARTS or any(w in TEAM_WORDS for w in lowered))


def classify(who: str, *, lowercase_ok: bool = False) -> tuple[bool, bool] | None:
    """``(human, initials)`` for a signer's words, or None when they name nobody.

    ``Sam``, ``NKush``, ``Sam Rivera``, ``Elena from Acme``, ``Owen | Acme Support`` are people;
    ``JS`` is a person's initials; ``The Support Team``, ``Acme Care`` are teams. A lowercase name
    (``mariya``) is accepted only where the position already says signature (``lowercase_ok``).
    """
    # "Owen | Acme Support", "Sam, Acme Support", "Elena from Acme", "Rahul - HP Support", "Roopa-HP Support"
    person = re.split(
        r"\s*(?:\||,|\(|\bfrom\b|\s[-–—]\s|(?<=[a-z])[-–—](?=[A-Z][\w.]*\s))\s*", who.strip(), maxsplit=1
    )[0].strip()
    words = who.split()
    if _is_team(person.split()) or (person == who.strip() and _is_team(words)):
        return (False, False)
    parts = person.split()
    if not parts or len(parts) > 3:
        return None
    if len(parts) == 1 and _INITIALS.fullmatch(parts[0]):
        return (True, True)
    if parts[0].lower() in _NOT_NAMES:
        return None
    if all(_NAME.fullmatch(p) for p in parts) and (len(parts) == 1 or person != who.strip() or len(parts) == 2):
        return (True, False)
    if lowercase_ok and len(parts) == 1 and re.fullmatch(r"[a-z]{2,15}", parts[0]):
        return (True, False)
    return None


def _is_list_item(text: str, marker_at: int, marker: str) -> bool:
    line_start = text.rfind("\n", 0, marker_at) + 1
    if text[line_start:marker_at].strip() or marker not in "-*•":
        return False
    return len(re.findall(rf"(?m)^[ \t]*{re.escape(marker)}", text)) > 1


def _tag(text: str, start: int, end: int) -> Signature | None:
    position = start
    while True:
        match = _TAG.search(text, position, end)
        if match is None:
            return None
        at = match.start()
        before = text[start:at]
        marker = match["marker"]
        thanks = bool(_THANKS_BEFORE.search(before))
        boundary = not before or before[-1].isspace() or before[-1] in ".!?,;:)]\"'" or thanks
        if boundary and not _is_list_item(text, at, marker):
            kind = classify(match["who"], lowercase_ok=thanks or (bool(before) and before.rstrip()[-1:] in ".!?"))
            signer = _NAME_BEFORE_DASH.search(before) if marker in "-–—" else None
            if kind == (False, False) and signer and classify(signer["name"]) == (True, False):
                # "Thanks, Rahul - HP Social Media Support": the person, then the team
                at = start + signer.start("name")
                return Signature(at, match.end("who"), text[at : match.end("who")], True, False, False)
            if kind is not None:
                return Signature(at, match.end("who"), match["who"], kind[0], kind[1], kind[0])
        position = at + 1


def _block(text: str, start: int, end: int) -> Signature | None:
    """A sign block: a closing-formula line followed by one to three lines, the first naming the signer."""
    region = text[start:end]
    lines = region.split("\n")
    offsets = [start]
    for line in lines[:-1]:
        offsets.append(offsets[-1] + len(line) + 1)
    filled = [i for i, line in enumerate(lines) if line.strip()]
    for i in filled[-4:-1]:
        # a closing formula closes something: not the first line, and the signer is a short line
        if i != filled[0] and _VALEDICTION_LINE.fullmatch(lines[i]):
            after = [j for j in filled if j > i]
            if not after or len(after) > 3:
                continue
            first = after[0]
            who = lines[first].strip()
            if len(who.split()) > 6:
                continue
            kind = classify(who, lowercase_ok=True)
            if kind is None:
                continue
            at = offsets[first] + lines[first].index(who)
            return Signature(at, offsets[after[-1]] + len(lines[after[-1]].rstrip()), who, kind[0], kind[1], False)
    return None


def _last_line(text: str, start: int, end: int) -> Signature | None:
    region = text[start:end]
    cut = region.rfind("\n")
    if cut < 0:
        return None
    who = region[cut + 1 :].strip()
    words = who.split()
    if not words or len(words) > 5 or not all(w[:1].isupper() or w in ("&", "of", "at") for w in words):
        return None
    at = start + cut + 1 + region[cut + 1 :].index(who)
    if _is_team(words):
        kind = classify(who)  # "Roopa-HP Social Media Support." is Roopa, of that team
        return Signature(at, at + len(who), who, kind == (True, False), False, False)
    if _VALEDICTION_LINE.fullmatch(who):
        return None
    if (
        len(words) == 1
        and _NAME.fullmatch(who)
        and who.lower() not in _NOT_NAMES
        and region[:cut].rstrip()[-1:] in ".!?,"
    ):
        return Signature(at, at + len(who), who, True, False, False)
    return None


def _inline(text: str, start: int, end: int) -> Signature | None:
    match = _INLINE.search(text, start, end)
    if match is None:
        return None
    kind = classify(match["who"])
    if kind is None:
        return None
    return Signature(match.start("who"), match.end("who"), match["who"], kind[0], kind[1], False)


def _trailing_team(text: str, start: int, end: int) -> Signature | None:
    match = _TRAILING_TEAM.search(text, start, end)
    if match is None or match.start("who") == start:
        return None
    words = match["who"].split()
    if not _is_team(words) or (words[0].lower() in ("the",) and len(words) < 2):
        return None
    return Signature(match.start("who"), match.end("who"), match["who"], False, False, False)


def _intro(text: str, start: int, end: int) -> Signature | None:
    match = _INTRO.search(text, start, min(end, start + 160))
    if match is None:
        return None
    group = "who" if match["who"] else "who2"
    who = match[group]
    if who.lower() in _NOT_NAMES or _is_team([who]):
        return None
    return Signature(match.start(group), match.end(group), who, True, False, False, closing=False)


def find_signature(text: str) -> Signature | None:
    """The reply's signature (see the module docstring for where it is looked for), or None."""
    start, end = body_start(text), body_end(text)
    if end <= start:
        return None
    for finder in (_tag, _block, _inline, _last_line, _trailing_team, _intro):
        found = finder(text, start, end)
        if found is not None:
            return found
    return None
