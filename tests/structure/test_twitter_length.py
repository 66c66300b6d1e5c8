"""Counting as Twitter counts: links are 23, leading @mentions are free, CJK and emoji weigh 2."""

from __future__ import annotations

from voicelint.structure.twitter import URL_LENGTH, twitter_length


def test_a_link_counts_23_however_long() -> None:
    long_link = "https://web.archive.org/web/20200401/https://support.google.com/youtube/answer/185111"
    assert twitter_length(f"Here's how: {long_link}") == len("Here's how: ") + URL_LENGTH
    assert twitter_length("See https://t.co/x.") == len("See ") + URL_LENGTH + 1  # the final "." is not the link's


def test_leading_mentions_are_not_counted_but_later_ones_are() -> None:
    assert twitter_length("@dana @acme_help  Refund sent.") == len("Refund sent.")
    assert twitter_length("Refund sent, @dana.") == len("Refund sent, @dana.")


def test_cjk_counts_double_and_latin_punctuation_single() -> None:
    assert twitter_length("退款已发送") == 10
    assert twitter_length("“Done” — café") == len("“Done” — café")
    assert twitter_length("…") == 2  # U+2026 is outside Twitter's light ranges


def test_an_emoji_sequence_counts_two() -> None:
    assert twitter_length("👍") == 2
    assert twitter_length("👍🏽") == 2  # with a skin tone
    assert twitter_length("👨‍👩‍👧‍👦") == 2  # a ZWJ family
    assert twitter_length("🇬🇧") == 2  # a flag
    assert twitter_length("❤️") == 2  # with a variation selector


def test_escaped_entities_count_as_the_character() -> None:
    assert twitter_length("Q&amp;A") == 3


def test_a_link_masked_by_the_record_reader_still_counts_23() -> None:
    from voicelint.sources.markdown import mask_markdown

    text = "@dana Here's how: https://web.archive.org/web/2020/https://support.acme.com/answer/185111 Also, DM us."
    masked = mask_markdown(text, front_matter=False, indented_code=False)
    assert "https" not in masked and len(masked) == len(text)
    assert twitter_length(masked) == twitter_length(text) == len("Here's how:  Also, DM us.") + 23
