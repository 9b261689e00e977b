"""Which supported language an article is in, from its share of each language's function words.

Fast enough to run on every article (one pass over the first 300 tokens); the word lists are the
languages' ``stopwords`` data.
"""

from __future__ import annotations

import re
from functools import lru_cache

import yaml

from geokg.errors import LanguageError
from geokg.extractors.lang import LANG_DIR, available_languages, load_language

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_SHARE = 0.05
_NAMES = {"fr": "French", "de": "German", "es": "Spanish", "pt": "Portuguese", "it": "Italian", "nl": "Dutch"}


@lru_cache(maxsize=1)
def _other_stopwords() -> dict[str, frozenset[str]]:
    data = yaml.safe_load((LANG_DIR / "other_stopwords.yaml").read_text(encoding="utf-8"))
    return {code: frozenset(str(w) for w in words) for code, words in data.items()}


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
    tables = {code: load_language(code).stopwords for code in candidates or available_languages()}
    if candidates is None:
        tables.update({c: w for c, w in _other_stopwords().items() if c not in tables})
    best, best_share = None, 0.0
    for code, stop in tables.items():
        share = sum(w in stop for w in words) / len(words)
        if share > best_share:
            best, best_share = code, share
    if best in _NAMES and best not in available_languages():
        raise LanguageError(f"the text looks {_NAMES[best]} ({best}), which is not supported "
                            f"(supported: {', '.join(available_languages())})")
    if best is None or best_share < MIN_SHARE:
        raise LanguageError(f"could not detect a supported language (supported: {', '.join(available_languages())}); "
                            "pass --lang if the text is in one of them")
    return best
