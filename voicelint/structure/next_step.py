"""Whether a reply says what happens next: who does what (and when), or one clear question.

A customer should finish reading a support reply knowing what happens now. This is decided per
sentence (a plain split on end punctuation and line breaks, after the @mentions, the signature
and the closing formula are set aside); a reply has a next step when one sentence is any of:

1. **a question** to the customer (it ends with ``?``): "Which device are you on?";
2. **a commitment**: someone will do something, "We'll email you by Friday", "Our team will follow
   up", "You'll see the refund in 3-5 days", "It'll arrive Thursday" (``will``/``'ll``/``going to``
   with a subject, not ``won't``), or the brand at work now, "We're checking with the warehouse";
3. **a time-bound step**: "within 24 hours", "by Friday", "tomorrow", "later today";
4. **an action for the customer**: a sentence that starts with an action verb ("DM us your order
   number", "Try signing out", "Head to Settings"), possibly after "please", "just", "kindly", "if
   that fails," or "then"; a request anywhere ("please send", "let us know", "feel free to",
   "you can/could/may/might want to...", "we recommend..."); a help link introduced as one
   ("Here's how: URL", "follow the steps here: URL").

Closing wishes look like commands and are not steps: "Have a great day", "Enjoy", "Take care".
What is not a next step: an apology, thanks, a statement of fact or policy, a past action alone
("We've passed it on"). The rule that reads this (VL904) flags only replies with none of the
above, so when in doubt the detector says "there is a step": a wrong flag costs more than a miss.
"""

from __future__ import annotations

import re

from voicelint.structure.closing import find_sign_off
from voicelint.structure.signature import find_signature
from voicelint.structure.text import MASKED_LINK, URL, body_start, links, sentences

_ACTION_VERBS = (
    r"dm|pm|message|send|reply|respond|tell|let|try|check|head|go|visit|click|tap|select|open|restart|reboot"
    r"|update|upgrade|sign|log|contact|call|phone|email|e-mail|text|drop|give|follow|use|reach|submit|create"
    r"|fill|confirm|make\s+sure|look(?!\s+forward)|see|find|choose|pop|shoot|hit|swipe|turn|clear|reinstall|uninstall|delete|remove"
    r"|install|download|print|pull|attach|refer|share|ping|start|review|reset|enable|disable|switch|unplug"
    r"|plug|power|hold|press|navigate|search|read|watch|provide|include|forward|complete|book|order|return"
    r"|bring|take\s+a\s+look|take\s+a\s+moment|keep\s+(?:an\s+eye|checking|trying)|consider|double-check|re-?(?:sync|send|connect|launch|try|enter|apply|add|download|log|install|start|boot|pair)|note|ensure|verify|add"
    r"|request|apply|register|join|chat|speak|talk|ask|allow|wait|hang\s+tight|stand\s+by|sit\s+tight"
)
_LEAD = r"(?:(?:so|just|please|kindly|now|first|then|next|simply|also|and|but|meanwhile|in\s+the\s+meantime),?\s+)*"
_STARTS_WITH_ACTION = re.compile(rf"{_LEAD}(?:{_ACTION_VERBS})\b(?!\s+(?:a\s+)?(?:great|good|nice|lovely)\b)", re.I)
_AFTER_CLAUSE = re.compile(rf"(?:,|;|\bthen|\band)\s+{_LEAD}(?:please\s+)?(?:{_ACTION_VERBS})\b", re.I)
_REQUEST = re.compile(
    r"\b(?:please|kindly|pls|plz)\s+(?:\w+\s+)?(?!accept|note\s+that|be\s+advised)\w+"
    r"|\blet\s+(?:us|me)\s+know\b|\blet's\s+\w+|\bfeel\s+free\s+to\b|\bdon't\s+hesitate\s+to\b"
    r"|\byou\s+(?:can|could|may|might\s+want\s+to|might|should|need\s+to|will\s+need\s+to|'ll\s+need\s+to"
    r"|’ll\s+need\s+to|'ll\s+want\s+to|’ll\s+want\s+to|just\s+need\s+to)\s+\w+"
    r"|\b(?:we|i)(?:\s+would\s+|'d\s+|’d\s+|\s+)(?:recommend|suggest|advise)\b|\bwould\s+you\s+mind\b"
    r"|\b(?:dm|message|email|call|contact)\s+us\b|\ba\s+dm\s+away\b|\bgive\s+us\s+a\s+(?:shout|call|ring)\b"
    r"|\breach(?:ing)?\s+out\b|\bget(?:ting)?\s+in\s+touch\b|\bcontacting\s+us\b|\bcheck\s+your\s+(?:dm|inbox|email)",
    re.I,
)
_COMMITMENT = re.compile(
    r"\b(?:we|i|you|they|he|she|it|that|this|someone|somebody|[\w&-]+(?:\s+[\w&-]+){0,3}?)"
    r"\s*(?:'ll|’ll|\s+will|\s+shall|\s+(?:is|are|am)\s+going\s+to|'re\s+going\s+to|’re\s+going\s+to)"
    r"\s+(?!not\b|never\b|be\s+(?:sorry|sad|glad)\b)\w+"
    r"|\b(?:we're|we’re|we\s+are|i'm|i’m|i\s+am|our\s+[\w\s]{1,30}?\s+(?:is|are))\s+(?:now\s+|already\s+|currently\s+)?"
    r"(?:looking|checking|sending|working|passing|escalating|investigating|reviewing|following|arranging"
    r"|processing|reaching|fixing|sorting|on\s+it|transferring|forwarding|calling|emailing|contacting"
    r"|testing|monitoring|preparing|booking|refunding|replacing|shipping|chasing|tracking)\b"
    r"|\b(?:we've|we’ve|we\s+have|i've|i’ve|i\s+have)\s+(?:just\s+)?sent\s+you\b"
    r"|\b(?:you\s+(?:don't|don’t|do\s+not)\s+need\s+to\s+do\s+anything|nothing\s+(?:else\s+)?for\s+you\s+to\s+do)\b"
    r"|\bexpect\s+(?:an?\s+|to\s+)\w+|\b(?:is|are)\s+on\s+(?:its|their)\s+way\b|\bshould\s+(?:arrive|be\s+with\s+you|reach)",
    re.I,
)
_WHEN = re.compile(
    r"\b(?:within\s+(?:the\s+next\s+)?(?:\d+|an?|one|two|three|a\s+few|24|48)\b|by\s+(?:monday|tuesday|wednesday|thursday"
    r"|friday|saturday|sunday|tomorrow|tonight|noon|midday|the\s+end\s+of|end\s+of|\d|this\s+(?:weekend|week)"
    r"|the\s+weekend|next\s+week)|tomorrow|later\s+today"
    r"|this\s+(?:afternoon|evening)|in\s+the\s+next\s+\w+)",
    re.I,
)
_LINK_INTRO = re.compile(
    r"\b(?:here|how|steps?|guide|article|link|form|page|instructions|tips|info|information|details|more|help"
    r"|helpful|read|see|visit|check|learn|find|below|following)\b",
    re.I,
)
_WISHES = re.compile(r"(?:have|enjoy|take\s+care|stay|treat|happy|good\s+luck)\b", re.I)


def is_next_step(sentence: str) -> bool:
    """Whether one sentence says what happens next (the module docstring lists what counts)."""
    stripped = sentence.strip().strip("\"'“”()[]")
    without_urls = URL.sub(" ", stripped).strip()
    if re.search(r"\?[!?\"'”’]*(?:\s|$)", without_urls):  # not "(what is it?)", which is an aside
        return True
    if (URL.search(stripped) or MASKED_LINK.search(sentence)) and _LINK_INTRO.search(without_urls):
        return True
    if not without_urls or _WISHES.match(without_urls):
        return False
    return bool(
        _STARTS_WITH_ACTION.match(without_urls)
        or _AFTER_CLAUSE.search(without_urls)
        or _REQUEST.search(without_urls)
        or _COMMITMENT.search(without_urls)
        or _WHEN.search(without_urls)
    )


def find_next_step(text: str) -> tuple[int, int] | None:
    """The first sentence that is a next step, as ``(start, end)``; None when the reply has none."""
    start = body_start(text)
    signature = find_signature(text)
    # a masked link at the end is spaces, and still the reply's last words
    last = max([len(text.rstrip())] + [link_end for _, link_end in links(text)])
    end = signature.start if signature is not None and signature.closing else last
    closing = find_sign_off(text, end)
    if closing is not None and closing[0] > start:
        end = closing[0]
    introduced = False
    for s_start, s_end in sentences(text, start, end):
        sentence = text[s_start:s_end]
        if is_next_step(sentence):
            return s_start, s_end
        # "More info is on our help site. <link>": the link is where to go next
        bare = URL.sub("", MASKED_LINK.sub("", sentence)).strip(" .")
        if introduced and not bare and (URL.search(sentence) or MASKED_LINK.search(sentence)):
            return s_start, s_end
        introduced = bool(_LINK_INTRO.search(sentence))
    return None
