"""Privacy on public channels (docs/reference.md section 11): VL801-VL803.

The analyses live in :mod:`voicelint.privacy`; these rules decide, per channel, which of them is a
finding and say so in the brand's voice. Suggestions never repeat the data: they name its kind.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from voicelint.guide.schema import ListOf, Str
from voicelint.privacy.exposure import exposure_words, find_exposures
from voicelint.privacy.lexicon import Kind, lexicon
from voicelint.privacy.requests import Request, SentenceMarks, find_items, find_requests, sent_privately
from voicelint.report import Finding
from voicelint.rules.base import DocumentContext, Rule, register
from voicelint.token_table import TokenTable, token_table
from voicelint.vocabulary import Severity

#: What to do instead of asking for each secret kind.
_SECRET_ADVICE = {
    "password": "send a password-reset link instead",
    "PIN": "point them to the PIN reset in the app or at the bank instead",
    "full card number": "ask for the last 4 digits in a private message, or send a secure payment link",
    "card security code": "send a secure payment link instead",
    "security answer": "verify them through the account's own sign-in instead",
    "one-time code": "let them enter the code themselves where they sign in",
}


def _analysis(ctx: DocumentContext) -> tuple[TokenTable, list[Request], SentenceMarks]:
    table = token_table(ctx.doc)
    requests, marks = ctx.memo("privacy.requests", lambda: find_requests(table, lexicon()))
    return table, requests, marks


def _names(kinds: Sequence[Kind]) -> str:
    """ "account number", "account number and date of birth", "a, b and c" (each kind once)."""
    names = list(dict.fromkeys(k.name for k in kinds))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _sentence_span(table: TokenTable, request: Request) -> tuple[int, int]:
    start, end = table.sents[request.sentence]
    while end > start + 1 and table.is_space[end - 1]:
        end -= 1
    return table.idx[start], table.end_char(end - 1)


@register
class PublicDataRequestRule(Rule):
    """A reply on a public channel asks the customer to post personal or account data.

    Everyone can read a public reply and the customer's answer to it, so a conversation about an
    account moves to a private message. The rule finds a request (an asking verb, a question to
    the customer, "we'll need your ...") for an account or card number, date of birth, address,
    phone, email, order number and the like, unless the same sentence (or, when it does not point
    at the thread, the next or previous one) moves it to a DM, private message, form or call.
    "DM us your order number" passes; "reply with your order number" does not. Statements and
    advice ("we never ask for your password", "don't post your card number") are not requests.
    Runs only on channels with ``public: true``.
    """

    code = "VL801"
    name = "public-data-request"
    category = "privacy"
    severity = Severity.ERROR
    summary = "A public reply asks the customer to post personal or account data."
    needs = frozenset({"lemma", "sents"})
    fix_applicability = "display"
    fix_title = "Ask for it in a private message: '{replacement}'"
    bad_example = "Sorry about that! Can you reply with your full account number and date of birth?"
    good_example = "Sorry about that! Could you send us a DM with your account number and date of birth?"

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        if not ctx.channel.public:
            return
        table, requests, marks = _analysis(ctx)
        for request in requests:
            kinds = [item.kind for item in request.items if not item.kind.secret]
            if not kinds or sent_privately(request, marks):
                continue
            start, end = _sentence_span(table, request)
            what = _names(kinds)
            yield Finding(
                start=start,
                end=end,
                message=(
                    f"Asks the customer to post their {what} on {ctx.channel.name}, where everyone can "
                    "read it; ask for it in a private message."
                ),
                suggestions=(f"Could you send us a DM with your {what}?",),
            )


@register
class PublicDataExposureRule(Rule):
    """A reply on a public channel contains the customer's personal data.

    An email address, a phone number, card digits, a street address or an account value in a
    public reply is there for everyone to read. What the brand publishes is not the customer's
    data: role mailboxes (support@, help@) outside personal mail providers, the guide's own
    domains (option ``brand_domains``), toll-free numbers and numbers after "call us", and
    reference numbers the brand gives ("ticket #12345", "case 00123456"). Runs only on channels
    with ``public: true``.
    """

    code = "VL802"
    name = "public-data-exposure"
    category = "privacy"
    severity = Severity.WARNING
    summary = "A public reply contains the customer's personal data (email, phone, card digits, address)."
    needs = frozenset({"lemma", "sents"})
    fix_applicability = "display"
    options = {"brand_domains": ListOf(Str(max_length=253))}
    defaults = {"brand_domains": []}
    bad_example = "Thanks Jane! We've sent the refund to jane.doe@gmail.com and your card ending in 4532."
    good_example = "Thanks Jane! We've sent the refund to the email and card on your account."

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        if not ctx.channel.public:
            return
        table = token_table(ctx.doc)
        domains = frozenset(str(d).lower().lstrip("@") for d in (self.option("brand_domains") or ()))
        items = ctx.memo("privacy.items", lambda: find_items(table, lexicon()))
        for exposure in find_exposures(table, exposure_words(), domains, items):
            yield Finding(
                start=exposure.start,
                end=exposure.end,
                message=(
                    f"Shows {exposure.what} on {ctx.channel.name}, where everyone can read it; "
                    'refer to it without the data ("the email on your account") or move to a DM.'
                ),
            )


@register
class SecretRequestRule(Rule):
    """A reply asks for a password, PIN, full card number, CVV, security answer or one-time code.

    A legitimate company never asks for these, in any channel: customers are taught that anyone who
    does is a scammer, and an agent who does trains them to fall for one. Statements ("we'll never
    ask for your password") and advice ("don't share your PIN") are not requests. The last 4
    digits of a card are not a secret (VL801 covers asking for them publicly).
    """

    code = "VL803"
    name = "secret-request"
    category = "privacy"
    severity = Severity.ERROR
    summary = "A reply asks for a password, PIN, full card number, CVV, security answer or one-time code."
    needs = frozenset({"lemma", "sents"})
    fix_applicability = "display"
    bad_example = "To verify your account, please DM us your password and the code we just texted you."
    good_example = "We've sent a reset link to the email on your account; it expires in 24 hours."

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        table, requests, _ = _analysis(ctx)
        for request in requests:
            secrets = [item for item in request.items if item.kind.secret]
            if not secrets:
                continue
            kinds = [item.kind for item in secrets]
            advice = "; ".join(dict.fromkeys(_SECRET_ADVICE[k.name] for k in kinds if k.name in _SECRET_ADVICE))
            start = table.idx[request.cue]
            yield Finding(
                start=min(start, table.idx[secrets[0].start]),
                end=table.end_char(secrets[-1].end - 1),
                message=(
                    f"Asks for the customer's {_names(kinds)}: a legitimate company never asks for it, "
                    f"in any channel. {advice[:1].upper() + advice[1:]}."
                ),
            )
