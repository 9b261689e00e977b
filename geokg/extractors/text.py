"""Sentences and tokens with character offsets into the cleaned text."""

from __future__ import annotations

import re
from dataclasses import dataclass

# "Korea's" splits into "Korea" + "'s" so that possessors match the gazetteer; "Jum'at" stays whole.
_TOKEN = re.compile(r"\w+?(?=['’]s\b)|['’]s\b|\w+(?:['’]\w+)*|[^\w\s]")
_BOUNDARY = re.compile(r"[.!?]+[\"”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
QUOTES = frozenset('"“”‘’«»')


@dataclass(slots=True)
class Token:
    text: str
    lower: str
    start: int
    end: int


@dataclass(slots=True)
class Sentence:
    text: str
    start: int
    end: int
    paragraph: int
    tokens: list[Token]


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Words and punctuation with offsets.

    >>> [t.text for t in tokenize("Korut kritik AS, kata Kim.")]
    ['Korut', 'kritik', 'AS', ',', 'kata', 'Kim', '.']
    """
    return [Token(m.group(), m.group().lower().replace("’", "'"), m.start() + offset, m.end() + offset)
            for m in _TOKEN.finditer(text)]


def tokenize_phrase(phrase: str) -> tuple[str, ...]:
    """A data-file phrase as the lowercase token tuple that matching compares against.

    >>> tokenize_phrase("U.S. Security Council")
    ('u', '.', 's', '.', 'security', 'council')
    """
    return tuple(t.lower for t in tokenize(phrase))


def split_sentences(text: str, abbreviations: frozenset[str] = frozenset()) -> list[Sentence]:
    """Split cleaned text into sentences: at line breaks, and after . ! ? before a capital.

    An abbreviation ("Mr.", "U.S.") or an initial does not end a sentence.

    >>> [s.text for s in split_sentences("Mr. Blinken met Wang. They talked.\\nNext line", frozenset({"mr"}))]
    ['Mr. Blinken met Wang.', 'They talked.', 'Next line']
    """
    out: list[Sentence] = []
    paragraph = 0
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        if not line.strip():
            paragraph += 1
            continue
        cuts = [0]
        for m in _BOUNDARY.finditer(line):
            word = re.search(r"([\w.]+)\.*$", line[:m.start() + 1])
            w = word.group(1).lower().rstrip(".") if word else ""
            if w in abbreviations or (len(w) == 1 and w.isalpha()):
                continue
            cuts.append(m.end())
        cuts.append(len(line))
        for a, b in zip(cuts, cuts[1:]):
            seg = line[a:b]
            stripped = seg.strip()
            if not stripped:
                continue
            s = line_start + a + (len(seg) - len(seg.lstrip()))
            out.append(Sentence(stripped, s, s + len(stripped), paragraph, tokenize(stripped, s)))
        paragraph += 1
    return out
