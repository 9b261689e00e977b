"""Which supported language an article is in, from its share of each language's function words.

Fast enough to run on every article (one pass over the first 300 tokens); the word lists are the
languages' ``stopwords`` data.
"""

from __future__ import annotations

import re

from geokg.errors import LanguageError
from geokg.extractors.lang import available_languages, load_language

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_SHARE = 0.12


def detect_language(text: str, candidates: list[str] | None = None) -> str:
    """The language code of ``text``; raises :class:`LanguageError` when no supported language fits.

    >>> detect_language("Presiden Rusia mengatakan bahwa kedua negara akan bekerja sama dalam semua bidang.")
    'id'
    >>> detect_language("The president said that both countries would cooperate in all areas.")
    'en'
    """
    words = [w.lower() for w in _WORD.findall(text[:4000])][:300]
    if len(words) < 3:
        raise LanguageError("text too short to detect its language; pass --lang")
    best, best_share = None, 0.0
    for code in candidates or available_languages():
        stop = load_language(code).stopwords
        share = sum(w in stop for w in words) / len(words)
        if share > best_share:
            best, best_share = code, share
    if best is None or best_share < MIN_SHARE:
        raise LanguageError(f"could not detect a supported language (supported: {', '.join(available_languages())}); "
                            "pass --lang if the text is in one of them")
    return best
