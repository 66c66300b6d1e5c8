"""Privacy on public channels: what a reply asks the customer to post, and what it exposes itself.

A reply on a public channel is read by everyone, so a conversation about an account moves to a
private message; and no legitimate company asks for a password, PIN, full card number or one-time
code anywhere. :mod:`~voicelint.privacy.lexicon` holds the word lists (data, not regexes),
:mod:`~voicelint.privacy.requests` finds the requests and :mod:`~voicelint.privacy.exposure` the
personal data a reply contains. Everything reads the Doc through :mod:`voicelint.token_table` and is
linear in the length of the text.
"""
