"""Typo-tolerant trigger lookup: news text has typos ("membatah", "tudahan"), and a missed denial
or accusation loses an event. A token within one edit of a long trigger form matches it, unless the
token is itself a real word (checked with the language's stemmer dictionary where one exists).
Only forms of the hand-curated lexicon (events.tsv) are indexed: a built lexicon's thousands of forms
would bring names and slang within one edit of some trigger ("Pedrosa" of "perkosa", "audiens" of
"audiensi").
"""

from __future__ import annotations

from collections.abc import Callable

from geokg.extractors.lang import Language, Trigger

MIN_LEN = 7


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


class FuzzyIndex:
    """One-edit neighbours of a language's trigger forms (SymSpell-style deletion index).

    >>> from geokg.extractors.lang import load_language
    >>> idx = FuzzyIndex(load_language("id"), is_word=lambda w: False)
    >>> one_word = lambda token: [t.cameo for t, _ in idx.lookup(token) if not t.rest]
    >>> one_word("membatah"), one_word("tudahan")
    (['016'], ['112'])
    """

    def __init__(self, lang: Language, is_word: Callable[[str], bool]):
        self.lang = lang
        self.is_word = is_word
        self.exact: dict[str, list[tuple[Trigger, str]]] = {}
        self.by_delete: dict[str, list[str]] = {}
        for form, entries in lang.triggers.items():
            if len(form) < MIN_LEN or form.endswith(("lah", "kah")) or not any(t.curated for t, _ in entries):
                continue
            self.exact[form] = entries
            for d in _deletes(form):
                self.by_delete.setdefault(d, []).append(form)
        self.cache: dict[str, list[tuple[Trigger, str]] | None] = {}

    def lookup(self, token: str) -> list[tuple[Trigger, str]] | None:
        if len(token) < MIN_LEN - 1 or not token.isalpha():
            return None
        if token in self.cache:
            return self.cache[token]
        cands: set[str] = set()
        cands.update(self.by_delete.get(token, ()))            # a letter missing: membatah
        for d in _deletes(token):
            if d in self.exact:                                  # a letter too many
                cands.add(d)
            cands.update(self.by_delete.get(d, ()))              # a letter changed: tudahan
        cands = {c for c in cands if c[:2] == token[:2]}
        result = None
        if cands and not self.is_word(token):
            best = sorted(cands)[0]
            result = self.exact[best]
        self.cache[token] = result
        return result
