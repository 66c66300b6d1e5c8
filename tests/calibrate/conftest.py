"""Approved-reply fixtures written for these tests: one brand's voice, built from a few parts so
there are enough replies (calibrate needs 30 per channel) that still read like real ones."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

OPENERS = ["Thanks for reaching out!", "Happy to look into this.", "Good question!", "Thanks for the details."]
BODIES = [
    "You can log in from the app and open Settings, then Billing to see the charge.",
    "Your order left our warehouse this morning and should arrive by Friday.",
    "I've reset the download on our side, so please try it again now.",
    "The update is rolling out this week; it'll show up in the app soon.",
    "Please log in on the website and we'll check the account together.",
    "I've added a note to your account so the team can follow up tomorrow.",
    "The refund is on its way and should reach your card in three days.",
    "Could you send us the order number so we can check where it is?",
    "We've fixed the sync issue, so your playlists should be back now.",
    "Try restarting the app; if that doesn't help, we'll dig deeper.",
]
INITIALS = ["^JS", "^AR", "^MK", "^TL"]


def approved_replies(count: int = 40, signed_every: int = 1) -> list[str]:
    """``count`` replies, every ``signed_every``-th signed with initials (1: all of them)."""
    parts = itertools.cycle(itertools.product(BODIES, OPENERS))
    replies = []
    for i in range(count):
        body, opener = next(parts)
        text = f"@{1000 + i} Hi there! {opener} {body}"
        if i % signed_every == 0:
            text += f" {INITIALS[i % len(INITIALS)]}"
        replies.append(text)
    return replies


def write_library(path: Path, replies: list[str], channel: str = "social") -> Path:
    records = [{"id": f"r{i}", "channel": channel, "text": text} for i, text in enumerate(replies)]
    path.write_text(json.dumps(records, indent=1), encoding="utf-8")
    return path


@pytest.fixture()
def approved(tmp_path: Path) -> Path:
    return write_library(tmp_path / "approved.json", approved_replies())
