"""The reply-structure detectors on the forms support writers use, and on the text that only looks like them."""

from __future__ import annotations

import pytest

from voicelint.placeholders import mask
from voicelint.structure.closing import find_greeting, find_sign_off
from voicelint.structure.next_step import find_next_step, is_next_step
from voicelint.structure.signature import find_signature


@pytest.mark.parametrize(
    ("text", "signed", "kind", "tag"),
    [
        ("@dana We've sent you a DM. ^JS", "^JS", "initials", True),
        ("@dana Which device? -JS", "-JS", "initials", True),
        ("@dana Which device? /JS", "/JS", "initials", True),
        ("@dana Which device? ~JS", "~JS", "initials", True),
        ("@dana Which device? *SR", "*SR", "initials", True),
        ("@dana Which device? ^RR", "^RR", "initials", True),
        ("@dana Send us a DM. -Jazz", "-Jazz", "name", True),
        ("@dana Send us a DM. – Sam", "– Sam", "name", True),
        ("@dana Kindly check your DM :) Thanks-Sha", "-Sha", "name", True),
        ("@dana Can you DM us? We'll look /GN https://t.co/ldFdZRiNAt", "/GN", "initials", True),
        ("@dana The fix ships Monday. Cheers, Sam", "Sam", "name", False),
        ("Hi Ana,\n\nDone.\n\nBest,\nSam", "Sam", "name", False),
        ("Hi Ana,\n\nDone.\n\nCheers,\nSR", "SR", "initials", False),
        ("Hi Ana,\n\nDone.\n\nThanks,\nElena from Acme", "Elena from Acme", "name", False),
        ("Sam from Acme here. I've refunded the charge.", "Sam", "name", False),
        ("Hi there, I'm Sam from Acme. What can I help with?", "Sam", "name", False),
        ("Your order ships tomorrow.\n\nSam", "Sam", "name", False),
    ],
)
def test_human_signatures(text: str, signed: str, kind: str, tag: bool) -> None:
    found = find_signature(text)
    assert found is not None
    assert text[found.start : found.end] == signed
    assert found.human and found.kind == kind and found.tag is tag


@pytest.mark.parametrize(
    ("text", "team"),
    [
        ("@dana We're on it. - The Support Team", "- The Support Team"),
        ("@dana Glad it's working again. Customer Care", "Customer Care"),
        ("@dana Thanks for the feedback. Acme Support", "Acme Support"),
        ("@dana Please DM us. Thanks, Acme Support", "Acme Support"),
        ("Hello,\n\nWe will reply soon.\n\nKind regards,\nThe Support Team", "The Support Team"),
        ("We'll call you Wednesday.\n\nAcme Home Services", "Acme Home Services"),
        ("Your order has shipped.\n\nThanks,\nYour friends at Acme", "Your friends at Acme"),
    ],
)
def test_faceless_signatures_are_teams(text: str, team: str) -> None:
    found = find_signature(text)
    assert found is not None and not found.human and found.kind == "team"
    assert text[found.start : found.end] == team


@pytest.mark.parametrize(
    "text",
    [
        "The warranty does not cover:\n- water damage\n- Accessories",  # a bulleted list, not a signature
        "@ray 2^10 is 1024, so the plan gives you 1,024 GB.",
        "@dot ^ this. Thanks for helping out another customer!",
        "@lara -_- we know, we're not happy about it either",
        "Our app works on iOS 15 and later. -",
        "That only works on Wi-Fi",
        "The new release is out today on Acme Studio",
        "Acme Pro includes priority support.\n\nAcme Pro",  # a product on the last line
        "@deb Thanks for sharing, Deborah!",  # thanks the customer by name
        "Greetings,\n\nMaintenance is on Sunday.\n\nRegards",
    ],
)
def test_what_only_looks_like_a_signature(text: str) -> None:
    assert find_signature(text) is None


@pytest.mark.parametrize(
    ("text", "greeting"),
    [
        ("Hi Ana,\n\nDone.", "Hi Ana,"),
        (mask("Hi {{first_name}},\n\nDone."), "Hi Xxxx          ,"),
        ("Hey there! Done.", "Hey there!"),
        ("Hello Ana, done.", "Hello Ana,"),
        ("Good morning, the engineer is booked.", "Good morning,"),
        ("@dana Hi! Done.", "Hi!"),
        ("@dana @acme Hey Anton - could you try again?", "Hey Anton"),
        ("Dear Mr Jones,\n\nDone.", "Dear Mr Jones,"),
        ("Dear customer, done.", "Dear customer,"),
    ],
)
def test_greetings(text: str, greeting: str) -> None:
    found = find_greeting(text)
    assert found is not None and text[found[0] : found[1]] == greeting


@pytest.mark.parametrize(
    "text",
    [
        "Hello Kitty mugs are back in stock.",
        "Hi-res images are in the app.",
        "Morning flights are full.",
        "Thanks for reaching out! Done.",
        "@hi_there Your refund is sent.",
    ],
)
def test_what_only_looks_like_a_greeting(text: str) -> None:
    assert find_greeting(text) is None


@pytest.mark.parametrize(
    ("text", "closing"),
    [
        ("Hi,\n\nDone.\n\nBest,\nSam", "Best"),
        ("Done.\n\nKind regards", "Kind regards"),
        ("@dana Which version? Thanks! /KL", "Thanks!"),
        ("You're all set! Have a great day.", "Have a great day."),
        ("Please visit https://acme.com/help Thanks! ^RR", "Thanks!"),
        ("Let us know. Cheers.", "Cheers."),
    ],
)
def test_sign_offs(text: str, closing: str) -> None:
    signature = find_signature(text)
    found = find_sign_off(text, signature.start if signature else None)
    assert found is not None and text[found[0] : found[1]] == closing


@pytest.mark.parametrize(
    "text", ["Got it, thanks.", "Thanks for the feedback.", "We appreciate you. Thanks for sharing it with us"]
)
def test_what_only_looks_like_a_sign_off(text: str) -> None:
    assert find_sign_off(text) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "We'll email you by Friday.",
        "Our team will follow up within 24 hours.",
        "Please DM us your order number and we'll check.",
        "Which device are you using?",
        "Try signing out and back in.",
        "If that doesn't help, follow the prompts on this page.",
        "Here's how: https://help.acme.com/reset",
        "You'll see the refund in 3-5 days.",
        "We're checking with the warehouse.",
        "Your replacement ships tomorrow.",
        "You can change this in Settings.",
    ],
)
def test_next_steps(sentence: str) -> None:
    assert is_next_step(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "We're sorry to hear this.",
        "Have a great weekend!",
        "We've passed your feedback to the team.",
        "We appreciate your loyalty and look forward to serving you again.",
        "Really sorry for the delay.",
        "Our opening hours are 9-5: https://acme.com/hours",
    ],
)
def test_not_next_steps(sentence: str) -> None:
    assert not is_next_step(sentence)


def test_the_signature_and_sign_off_are_not_read_as_the_next_step() -> None:
    assert find_next_step("@dana Thanks for the kind words. Take care! ^JS") is None
    text = "@dana Thanks! Can you DM us? ^JS"
    found = find_next_step(text)
    assert found is not None and text[found[0] : found[1]] == "Can you DM us?"


@pytest.mark.parametrize(
    "text",
    [
        "@dana Try this link. Thanks, Rahul - HP Social Media Support.",
        "@dana Let me know how that goes.\n\nRoopa-HP Social Media Support.",
        "@dana Fill in the web form.\n\nThanks\nSusan-HP Social Media Tech Support",
    ],
)
def test_a_person_signing_for_a_team_is_a_person(text: str) -> None:
    found = find_signature(text)
    assert found is not None and found.human


def test_a_thank_you_that_opens_a_reply_is_no_sign_block() -> None:
    text = "@sam Thank you.\n\nLet's take a look at the article below.\n\nDM us if that doesn't help."
    assert find_signature(text) is None


def test_a_help_link_masked_by_the_record_reader_is_a_next_step() -> None:
    from voicelint.sources.markdown import mask_markdown

    text = mask_markdown("@dana More info here: https://support.acme.com/answer/6013276", front_matter=False)
    assert find_next_step(text) is not None
    text = mask_markdown("@dana This may help: https://support.acme.com/articles/360000031747 *MS", front_matter=False)
    assert find_next_step(text) is not None


def test_a_masked_link_after_a_full_stop_stays_with_the_sentence_that_introduced_it() -> None:
    from voicelint.sources.markdown import mask_markdown

    raw = (
        "@dana More information can be found on our help site. https://help.acme.com/hc/en-us/articles/360037725571 ^JR"
    )
    text = mask_markdown(raw, front_matter=False)
    found = find_next_step(text)
    assert found is not None and text[found[0] : found[1]].startswith("More information")
    assert find_next_step("@dana Our opening hours are 9-5. We are closed on Sundays.") is None


def test_an_introduction_does_not_end_the_body() -> None:
    text = "Hi there, I'm Sam from Acme. What can I help you with today?"
    signature = find_signature(text)
    assert signature is not None and not signature.closing
    assert find_next_step(text) is not None
    assert is_next_step("We'd recommend calling them back.")


def test_a_question_before_a_link_is_a_question() -> None:
    assert is_next_step("Have you already submitted this as a feature request? https://acme.com/ideas and more")
    assert not is_next_step("Our FAQ (what is it?) is online")
