"""Which language a document is written in, told conservatively (docs/reference.md section 13).

The tone, readability and boilerplate rules were built and fitted on English: on a Spanish or
German reply they give English verdicts ("use contractions"; German "die" counted as negative).
:func:`detect` says when a document is clearly in another language than the guide's, so the
engine can give it one ``VL002`` instead.

A false "other language" is the costly error: it silences every English rule on that reply. So
the rule is conservative, and a text too short or too uncertain to tell is in the guide's
language:

- only words are evidence (:func:`evidence`): URLs, e-mail addresses, @handles, #hashtags,
  placeholders (already masked to ``Xxxx`` stand-ins by the engine, or still raw), code in
  backticks, HTML entities, agent initials (``^RR``, ``*TAC``, ``/SD``) and anything with a digit
  are dropped;
- under :data:`MIN_LETTERS` letters of evidence, the answer is the guide's language;
- otherwise the detector (py3langid, a maintained fork of langid.py with its model embedded: no
  download, about 1 ms per reply) ranks the languages of :data:`CANDIDATES`; another language is
  the answer only if its probability is at least :data:`MIN_CONFIDENCE`.

Both thresholds were chosen on the fit half of a labelled set of real and written support replies
and checked on the held-out half (``benchmarks/language_quality.py``, labels in
``benchmarks/language/``). The detector is imported on first use only, never by ``--help``,
``rules`` or ``explain``.
"""

from __future__ import annotations

import os
import re
import threading
from functools import lru_cache
from typing import Any

#: The language of a guide that does not say (ISO 639-1).
DEFAULT_LANGUAGE = "en"

#: Fewer letters of evidence than this and the text is taken to be in the guide's language.
MIN_LETTERS = 20
#: How sure the detector must be that the text is NOT in the guide's language.
MIN_CONFIDENCE = 0.9

#: Only the start of a long document is read: a few thousand characters tell its language.
MAX_CHARS = 5_000

#: The languages the detector chooses among: the widely used ones with Latin, Cyrillic, Greek,
#: Arabic, Hebrew, Indic and East Asian scripts that support teams write in. Restricting the
#: choice keeps short English from being read as a rare language close to it in letter statistics
#: (langid's full set of 97 includes Latin, Volapük and Xhosa). A guide's own language is always
#: among them.
CANDIDATES: tuple[str, ...] = (
    "en", "es", "fr", "de", "it", "pt", "nl", "sv", "da", "no", "fi", "pl", "cs", "sk", "hu", "ro",
    "hr", "sl", "et", "lv", "lt", "el", "tr", "ru", "uk", "bg", "sr", "ar", "he", "fa", "hi", "bn",
    "th", "vi", "id", "ms", "tl", "zh", "ja", "ko", "ca", "eu", "gl", "af", "sw",
)  # fmt: skip

_NOISE = re.compile(
    r"https?://\S+|www\.\S+"  # URLs
    r"|\S+@\S+\.\w+"  # e-mail addresses
    r"|[@#]\w+"  # handles and hashtags
    r"|`[^`]*`"  # inline code
    r"|&#?\w+;"  # HTML entities (&gt;)
    r"|[\^*/~]\w+"  # agent initials (^RR, *TAC, /SD) and path parts
    r"|\bXxxx\b"  # the engine's placeholder stand-in (voicelint.placeholders.STAND_IN)
    r"|\{\{[^}]*\}\}|\{[^}\s]*\}|\[[A-Z_ ]+\]|%[sd]"  # raw placeholders
    r"|\S*\d\S*"  # anything with a digit: numbers, codes, order ids
)
#: A word: letters, with inner apostrophes or hyphens.
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
#: UTF-8 read as Windows-1252 (``Weâ€™re``, ``ðŸŽƒ``): letters that say nothing of the language.
_MOJIBAKE = re.compile("[ÃÂâðÐÑØÙ][\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")
#: What ends a sentence: the next word starts one.
_SENTENCE_END = frozenset(".!?¡¿:;\n")


def evidence(text: str) -> str:
    """The words of ``text`` that say something about its language, joined by spaces.

    Besides the noise (URLs, handles, placeholders, code, numbers), names and acronyms are no
    evidence: a capitalised word inside a sentence (``Hi Aditya``, ``Jakarta``, ``Soekarno Hatta``)
    and a word in capitals (``DM``, ``CGK``, ``IBAN``) are dropped; so is mojibake. German nouns
    are dropped with them, which leaves German's many lower-case words.
    """
    cleaned = _NOISE.sub(" ", text)
    words = []
    for match in _WORD.finditer(cleaned):
        word = match.group()
        if _MOJIBAKE.search(cleaned, match.start(), match.end() + 1):
            continue
        if word[0].isupper() and ((len(word) > 1 and word.isupper()) or not _starts_sentence(cleaned, match.start())):
            continue
        words.append(word)
    return " ".join(words)


def _starts_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` begins a sentence (or the text)."""
    before = text[:start].rstrip(" \t\"'“«(")
    return not before or before[-1] in _SENTENCE_END


def letter_count(words: str) -> int:
    """The letters in :func:`evidence`'s result."""
    return sum(1 for char in words if char.isalpha())


_LOADING = threading.Lock()


def _new_lock_after_fork() -> None:
    """A worker forked while :func:`preload` held the lock would wait on it forever: it gets a new one."""
    global _LOADING
    _LOADING = threading.Lock()


os.register_at_fork(after_in_child=_new_lock_after_fork)


def _identifier(expected: str) -> Any:
    """py3langid's identifier restricted to :data:`CANDIDATES` and ``expected``, loaded once per
    process and guide language (under a lock: :func:`preload` may be loading it already)."""
    with _LOADING:
        return _load_identifier(expected)


@lru_cache(maxsize=8)
def _load_identifier(expected: str) -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(sorted({*CANDIDATES, expected} & set(identifier.labels)))
    return identifier


def preload(languages: set[str]) -> None:
    """Load the detector for ``languages`` in a background thread.

    Loading decompresses langid's model (about 0.9 s, in LZMA code that releases the GIL), so the
    analyzer starts it just before it loads spaCy, and the two loads overlap instead of adding up.
    """

    def load() -> None:
        for language in sorted(languages):
            _identifier(language)

    threading.Thread(target=load, name="voicelint-language-preload", daemon=True).start()


def ranked(words: str, expected: str = DEFAULT_LANGUAGE) -> list[tuple[str, float]]:
    """The candidate languages of ``words`` with their probabilities, most likely first."""
    return [(str(language), float(p)) for language, p in _identifier(expected).rank(words)]


def detect(text: str, expected: str = DEFAULT_LANGUAGE) -> str:
    """The language of ``text`` (ISO 639-1): ``expected`` unless the text clearly is in another."""
    words = evidence(text[:MAX_CHARS])
    if letter_count(words) < MIN_LETTERS or expected not in _identifier(expected).nb_classes:
        return expected  # too little to tell, or a guide language the detector does not know
    ranking = ranked(words, expected)
    if sum(p for language, p in ranking if language == expected) > 1 - MIN_CONFIDENCE:
        return expected
    return next(language for language, _ in ranking if language != expected)


#: ISO 639-1: every two-letter code with its English name (for the guide's ``language`` key and
#: its did-you-mean).
_ISO_NAMES = (
    "aa:Afar ab:Abkhazian ae:Avestan af:Afrikaans ak:Akan am:Amharic an:Aragonese ar:Arabic "
    "as:Assamese av:Avaric ay:Aymara az:Azerbaijani ba:Bashkir be:Belarusian bg:Bulgarian "
    "bi:Bislama bm:Bambara bn:Bengali bo:Tibetan br:Breton bs:Bosnian ca:Catalan ce:Chechen "
    "ch:Chamorro co:Corsican cr:Cree cs:Czech cu:Church_Slavic cv:Chuvash cy:Welsh da:Danish "
    "de:German dv:Divehi dz:Dzongkha ee:Ewe el:Greek en:English eo:Esperanto es:Spanish "
    "et:Estonian eu:Basque fa:Persian ff:Fulah fi:Finnish fj:Fijian fo:Faroese fr:French "
    "fy:Western_Frisian ga:Irish gd:Gaelic gl:Galician gn:Guarani gu:Gujarati gv:Manx ha:Hausa "
    "he:Hebrew hi:Hindi ho:Hiri_Motu hr:Croatian ht:Haitian hu:Hungarian hy:Armenian ia:Interlingua "
    "id:Indonesian ie:Interlingue ig:Igbo ii:Sichuan_Yi ik:Inupiaq io:Ido is:Icelandic it:Italian "
    "iu:Inuktitut ja:Japanese jv:Javanese ka:Georgian kg:Kongo ki:Kikuyu kj:Kuanyama kk:Kazakh "
    "kl:Kalaallisut km:Khmer kn:Kannada ko:Korean kr:Kanuri ks:Kashmiri ku:Kurdish kv:Komi "
    "kw:Cornish ky:Kirghiz la:Latin lb:Luxembourgish lg:Ganda li:Limburgan ln:Lingala lo:Lao "
    "lt:Lithuanian lu:Luba-Katanga lv:Latvian mg:Malagasy mh:Marshallese mi:Maori mk:Macedonian "
    "ml:Malayalam mn:Mongolian mr:Marathi ms:Malay mt:Maltese my:Burmese na:Nauru "
    "nb:Norwegian_Bokmal nd:North_Ndebele ne:Nepali ng:Ndonga nl:Dutch nn:Norwegian_Nynorsk "
    "no:Norwegian nr:South_Ndebele nv:Navajo ny:Chichewa oc:Occitan oj:Ojibwa om:Oromo or:Oriya "
    "os:Ossetian pa:Punjabi pi:Pali pl:Polish ps:Pashto pt:Portuguese qu:Quechua rm:Romansh "
    "rn:Rundi ro:Romanian ru:Russian rw:Kinyarwanda sa:Sanskrit sc:Sardinian sd:Sindhi "
    "se:Northern_Sami sg:Sango si:Sinhala sk:Slovak sl:Slovenian sm:Samoan sn:Shona so:Somali "
    "sq:Albanian sr:Serbian ss:Swati st:Southern_Sotho su:Sundanese sv:Swedish sw:Swahili "
    "ta:Tamil te:Telugu tg:Tajik th:Thai ti:Tigrinya tk:Turkmen tl:Tagalog tn:Tswana to:Tonga "
    "tr:Turkish ts:Tsonga tt:Tatar tw:Twi ty:Tahitian ug:Uighur uk:Ukrainian ur:Urdu uz:Uzbek "
    "ve:Venda vi:Vietnamese vo:Volapuk wa:Walloon wo:Wolof xh:Xhosa yi:Yiddish yo:Yoruba "
    "za:Zhuang zh:Chinese zu:Zulu hz:Herero"
)
ISO_639_1: dict[str, str] = {pair.split(":")[0]: pair.split(":")[1].replace("_", " ") for pair in _ISO_NAMES.split()}


def language_name(code: str) -> str:
    """The English name of an ISO 639-1 code (the code itself when unknown)."""
    return ISO_639_1.get(code, code)
