"""Textspeak read as the words it stands for, token by token, so offsets stay exact.

Agents on social media write "ty for ur patience", "pls be advised", "hav a gr8 day". Each such
token is given the match key (and lowercase form) of the word it abbreviates; the spaCy ``Doc``
and its character offsets are untouched, so a finding still points at the characters written
("ty for ur patience", not an expanded copy). Only one-token, one-word abbreviations whose reading
is unambiguous in support writing are listed: "atm" (cash machine) and "r" (a letter) are not.
"""

from __future__ import annotations

from collections.abc import Sequence

#: Lowercase textspeak token -> (match key, lowercase word it stands for).
TEXTSPEAK: dict[str, tuple[str, str]] = {
    "u": ("you", "you"),
    "ya": ("you", "you"),
    "ur": ("your", "your"),
    "yr": ("your", "your"),
    "pls": ("please", "please"),
    "plz": ("please", "please"),
    "plse": ("please", "please"),
    "ty": ("thank", "thank"),
    "thx": ("thank", "thanks"),
    "thnx": ("thank", "thanks"),
    "thanx": ("thank", "thanks"),
    "tks": ("thank", "thanks"),
    "msg": ("message", "message"),
    "msgs": ("message", "messages"),
    "gr8": ("great", "great"),
    "b4": ("before", "before"),
    "hav": ("have", "have"),
    "abt": ("about", "about"),
    "sry": ("sorry", "sorry"),
    "srry": ("sorry", "sorry"),
    "acct": ("account", "account"),
    "attn": ("attention", "attention"),
    "w/": ("with", "with"),
    "thru": ("through", "through"),
    "info": ("information", "information"),
    "appt": ("appointment", "appointment"),
    "wud": ("would", "would"),
    "cud": ("could", "could"),
    "2day": ("today", "today"),
    "tmrw": ("tomorrow", "tomorrow"),
    "pmt": ("payment", "payment"),
    "asst": ("assistance", "assistance"),
    "tysm": ("thank", "thanks"),
    "tyvm": ("thank", "thanks"),
    "thnks": ("thank", "thanks"),
    "thks": ("thank", "thanks"),
    "tnx": ("thank", "thanks"),
    "hv": ("have", "have"),
    "gd": ("good", "good"),
    "nite": ("night", "night"),
    "wk": ("week", "week"),
    "wknd": ("weekend", "weekend"),
    "dept": ("department", "department"),
    "svc": ("service", "service"),
    "cust": ("customer", "customer"),
    "ppl": ("people", "people"),
    "bc": ("because", "because"),
    "cuz": ("because", "because"),
    "tmr": ("tomorrow", "tomorrow"),
    "2morrow": ("tomorrow", "tomorrow"),
    "luv": ("love", "love"),
    "pleas": ("please", "please"),
    # Digits read as words only count where they complete a stock phrase ("thx 4 ur patience",
    # "here 2 help"); a number elsewhere is still a number to every other rule.
    "4": ("for", "for"),
    "2": ("to", "to"),
}


def normalise(keys: Sequence[str], lowers: Sequence[str]) -> tuple[list[str], list[str]] | None:
    """Keys and lowercase forms with textspeak tokens read as their words, or None when the
    document has no textspeak (the common case: callers keep their own lists)."""
    hits = [i for i, lower in enumerate(lowers) if lower in TEXTSPEAK]
    if not hits:
        return None
    new_keys, new_lowers = list(keys), list(lowers)
    for i in hits:
        new_keys[i], new_lowers[i] = TEXTSPEAK[lowers[i]]
    return new_keys, new_lowers
