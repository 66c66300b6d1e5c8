"""What one reply shows of its writer: greeting, sign-off and signature forms, preferred terms."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from voicelint.guide.model import Term
from voicelint.profile.forms import NONE, FormReader

READER = FormReader([Term("sign in", ("log in",)), Term("C++", ("cpp",)), Term("a.b", ("ab",))])


def test_greetings_are_normalised_to_their_formula() -> None:
    assert READER.read("@123 Hi Ana, we sorted it.").greeting == "Hi"
    assert READER.read("Hey there! On it.").greeting == "Hey"
    assert READER.read("Good Morning Sam, on it.").greeting == "Good morning"
    assert READER.read("Hello Kitty mugs are back in stock.").greeting == NONE


def test_initials_and_names_count_by_shape_while_the_signer_names_the_agent() -> None:
    initials = READER.read("@123 We've fixed it. Thanks! ^RR")
    assert initials.sign_offs == ("Thanks", "^XX") and initials.signer == "^RR"
    name = READER.read("@123 We're on it -Jazz")
    assert name.sign_offs == ("-Name",) and name.signer == "-Jazz"
    em_dash = READER.read("@123 We're on it — Jazz")
    assert em_dash.signer == "-Jazz"
    block = READER.read("Hello Sam,\nYour refund is on its way.\n\nBest,\nSam")
    assert block.sign_offs == ("Best", "Name") and block.signer == "Sam"


def test_a_team_signature_names_no_agent() -> None:
    team = READER.read("We are looking into it. - The Support Team")
    assert team.sign_offs == ("Team",) and team.signer is None
    assert READER.read("We are looking into it.").sign_offs == (NONE,)


def test_preferred_terms_are_counted_as_literal_words() -> None:
    assert READER.read("Please sign in, then Sign-in again. Signing in fails?").preferred == {"sign in": 2}
    assert READER.read("We use C++ here, not axb.").preferred == {"C++": 1}


def test_a_run_of_joined_emoji_before_a_signature_is_read_in_linear_time(
    deadline: Callable[[int], AbstractContextManager[None]],
) -> None:
    """A real Walmart reply: seven runner emoji (ZWJ sequences) then ``-Rad`` took 2^n steps to scan."""
    with deadline(20):
        forms = READER.read("@294979 Sweet! " + "\U0001f3c3\u200d\u2640\ufe0f" * 40 + " -Rad")
    assert forms.signer == "-Rad"
