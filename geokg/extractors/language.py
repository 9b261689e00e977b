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
    shares = language_shares(text, candidates)
    if shares is None:
        raise LanguageError("text too short to detect its language; pass --lang")
    best, best_share = None, 0.0
    for code, share in shares.items():
        if share > best_share:
            best, best_share = code, share
    if best in _NAMES and best not in available_languages():
        raise LanguageError(f"the text looks {_NAMES[best]} ({best}), which is not supported "
                            f"(supported: {', '.join(available_languages())})", kind="unsupported language")
    if best is None or best_share < MIN_SHARE:
        raise LanguageError(f"could not detect a supported language (supported: {', '.join(available_languages())}); "
                            "pass --lang if the text is in one of them")
    return best


def language_shares(text: str, candidates: list[str] | None = None) -> dict[str, float] | None:
    """Each language's share of the first 300 words of *text* that are its function words: the
    supported languages (or *candidates*) and, without candidates, the unsupported ones geokg
    recognises; None for a text of fewer than 3 words.

    >>> s = language_shares("Le gouvernement a annoncé mercredi de nouvelles sanctions contre la Russie.")
    >>> max(s, key=s.get)
    'fr'
    """
    words = [w.lower() for w in _WORD.findall(text[:4000])][:300]
    if len(words) < 3:
        return None
    tables = {code: load_language(code).stopwords for code in candidates or available_languages()}
    if candidates is None:
        tables.update({c: w for c, w in _other_stopwords().items() if c not in tables})
    return {code: sum(w in stop for w in words) / len(words) for code, stop in tables.items()}


def language_mismatch(text: str, code: str) -> str | None:
    """Why *text* does not look like the language *code* forced on it, or None when it does (or is
    too short to tell): another language's function words are clearly more frequent (twice as
    many), or the forced language's are too rare to be read at all.

    >>> language_mismatch("Le gouvernement a annoncé mercredi de nouvelles sanctions contre la Russie.", "en")
    'the text does not look English (en): it looks French (fr)'
    >>> language_mismatch("Japan condemned the launch and said it threatened the peace of the region.", "en") is None
    True
    """
    shares = language_shares(text)
    if shares is None or code not in shares:
        return None
    forced = shares[code]
    best = max(shares, key=lambda c: shares[c])
    name = _name(code)
    if best != code and shares[best] >= MIN_SHARE and shares[best] >= 2 * forced:
        return f"the text does not look {name} ({code}): it looks {_name(best)} ({best})"
    if forced < MIN_SHARE:
        return f"the text does not look {name} ({code}): too few of its common words"
    return None


def _name(code: str) -> str:
    if code in _NAMES:
        return _NAMES[code]
    return load_language(code).name if code in available_languages() else code
