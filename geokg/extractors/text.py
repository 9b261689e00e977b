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
    cut: bool = False  # a piece of a longer run of words (see MAX_SENTENCE_TOKENS)


#: Words and marks a sentence may hold. The engine's work grows faster than a sentence's length
#: (each trigger looks left and right for its actors), so a run of words longer than any real
#: sentence (a list, a table flattened into text, a page without full stops) is cut into pieces.
MAX_SENTENCE_TOKENS = 120
_CUT_AT = frozenset({",", ";", ":", "and", "dan", "or", "atau", "serta", "but", "tetapi", "namun"})


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
            # the word before the mark: a bounded look back (searching the whole line before every
            # mark made a long line cost its length squared)
            word = re.search(r"([\w.]+)\.*$", line[max(0, m.start() - 64):m.start() + 1])
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
            tokens = tokenize(stripped, s)
            if len(tokens) <= MAX_SENTENCE_TOKENS:
                out.append(Sentence(stripped, s, s + len(stripped), paragraph, tokens))
            else:
                out.extend(_pieces(text, tokens, paragraph))
        paragraph += 1
    return out


def _pieces(text: str, tokens: list[Token], paragraph: int) -> list[Sentence]:
    """A too long sentence as pieces of at most MAX_SENTENCE_TOKENS tokens, each cut after the last
    comma, semicolon or conjunction that leaves it at least half full (else at the limit).

    >>> toks = tokenize("A, " * 200)
    >>> [len(p.tokens) for p in _pieces("A, " * 200, toks, 0)][:3], all(p.cut for p in _pieces("A, " * 200, toks, 0))
    ([120, 120, 120], True)
    """
    out: list[Sentence] = []
    i = 0
    while i < len(tokens):
        j = min(len(tokens), i + MAX_SENTENCE_TOKENS)
        if j < len(tokens):
            cut = next((k + 1 for k in range(j - 1, i + MAX_SENTENCE_TOKENS // 2, -1) if tokens[k].lower in _CUT_AT), j)
            j = cut
        start, end = tokens[i].start, tokens[j - 1].end
        out.append(Sentence(text[start:end], start, end, paragraph, tokens[i:j], cut=True))
        i = j
    return out
