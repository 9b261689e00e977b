"""Dependency parses of geokg's own tokens, English and Indonesian.

The models are small spaCy pipelines (a CNN token encoder without word vectors, a UPOS tagger and
a transition-based parser) trained on Universal Dependencies treebanks by
``training/syntax/train.py`` and shipped in ``geokg/extractors/lang/<lang>/syntax/model``; their
sources and licence are in ``SOURCES.md`` beside each model. They were trained on the treebanks
re-tokenised the way :func:`geokg.extractors.text.tokenize` cuts text, so they take geokg's tokens
as they are and never re-tokenise: the i-th :class:`Dep` describes the i-th word given, and token
offsets stay the extractor's.

spaCy is imported, and a model loaded, on the first parse of a language, once per process.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from geokg.errors import DataFileError, GeokgError, LanguageError

MODEL_LANGS = ("en", "id")
_BATCH = 64  # docs per spaCy batch: ~2x the words/s of one sentence at a time, no gain beyond


class Dep(NamedTuple):
    """One word's place in the parse.

    ``head`` is the index of the word it depends on in the same sentence, -1 for the root;
    ``rel`` its Universal Dependencies relation to that head (``root`` for the root; ``nsubj``,
    ``obj``, ``iobj``, ``obl``, ``nsubj:pass``, ``obl:agent``, ``conj``, ``acl:relcl``, ``ccomp``,
    ``xcomp``, ``nmod``, ...; ``goeswith`` for the later pieces of a word that geokg splits, such
    as "U.S."); ``upos`` its UD part of speech (``NOUN``, ``PROPN``, ``VERB``, ...).
    """

    head: int
    rel: str
    upos: str


def model_path(lang: str) -> Path:
    """Folder of the shipped model of a language.

    >>> model_path("id").parts[-4:]
    ('lang', 'id', 'syntax', 'model')
    """
    if lang not in MODEL_LANGS:
        raise LanguageError(f"no syntax model for language {lang!r} (available: {', '.join(MODEL_LANGS)})")
    return Path(str(resources.files("geokg.extractors"))) / "lang" / lang / "syntax" / "model"


_models: dict[str, Any] = {}
_lock = threading.Lock()


def load_model(lang: str) -> Any:
    """The spaCy pipeline of a language, loaded on first use and kept for the process.

    Raises :class:`~geokg.errors.LanguageError` for a language without a model and
    :class:`~geokg.errors.DataFileError` when the model folder is missing or cannot be loaded.
    """
    nlp = _models.get(lang)
    if nlp is not None:
        return nlp
    with _lock:  # two threads parsing at once should not load the same model twice
        if lang not in _models:
            _models[lang] = _load(model_path(lang))
        return _models[lang]


def _load(path: Path) -> Any:
    if not (path / "config.cfg").is_file():
        raise DataFileError(f"{path}: syntax model missing (no config.cfg); reinstall geokg or retrain it "
                            "with training/syntax/train.py")
    try:
        import spacy
    except ImportError as e:
        raise GeokgError(f"spaCy is needed for dependency parsing and is not installed ({e}); "
                         "pip install 'spacy>=3.8,<3.9'") from e
    # spaCy's own tokenizer is never used (words arrive cut), but building it from the language's
    # exception lists is most of the load time (Indonesian: ~2 of 2.5 CPU-s): load an empty one.
    spacy.registry.tokenizers.register(_NO_TOKENIZER, func=_no_tokenizer)
    try:
        nlp = spacy.load(path, exclude=["tokenizer"], config={"nlp": {"tokenizer": {"@tokenizers": _NO_TOKENIZER}}})
    except Exception as e:  # spaCy and its serialisers raise many kinds (OSError, ValueError, msgpack...)
        raise DataFileError(f"{path}: syntax model cannot be loaded: {type(e).__name__}: {e}") from e
    if "parser" not in nlp.pipe_names or "tagger" not in nlp.pipe_names:
        raise DataFileError(f"{path}: syntax model lacks a tagger or a parser (has {nlp.pipe_names})")
    return nlp


_NO_TOKENIZER = "geokg.no_tokenizer.v1"


def _no_tokenizer() -> Any:
    from spacy.tokenizer import Tokenizer

    return lambda nlp: Tokenizer(nlp.vocab)


def parse(words: Sequence[str], lang: str) -> list[Dep]:
    """Parse one sentence given as geokg's tokens.

    Parameters
    ----------
    words : sequence of str
        The sentence's tokens, in order, as :func:`geokg.extractors.text.tokenize` gives them
        (their ``.text``). They are used as they are: nothing is split or merged.
    lang : str
        ``"en"`` or ``"id"``.

    Returns
    -------
    list of Dep
        One per word: head index (-1 for the root), UD relation and UD part of speech. The words
        always form one tree with one root.

    Raises
    ------
    LanguageError
        If there is no model for ``lang``.
    DataFileError
        If the model's files are missing or broken.

    See Also
    --------
    parse_many : the same for many sentences, about twice as fast per word.

    Examples
    --------
    >>> from geokg.extractors.text import tokenize
    >>> tokens = tokenize("Japan summoned China's ambassador.")
    >>> words = [t.text for t in tokens]
    >>> deps = parse(words, "en")
    >>> [(w, d.rel, words[d.head] if d.head >= 0 else None) for w, d in zip(words, deps)]
    [('Japan', 'nsubj', 'summoned'), ('summoned', 'root', None), ('China', 'nmod:poss', 'ambassador'), ("'s", 'case', 'China'), ('ambassador', 'obj', 'summoned'), ('.', 'punct', 'summoned')]

    The i-th Dep belongs to the i-th token, so roles lead straight back to offsets in the text:

    >>> tokens = tokenize("Pada Senin, Rusia mengusir dua diplomat Jepang.")
    >>> deps = parse([t.text for t in tokens], "id")
    >>> [(t.text, t.start, d.rel) for t, d in zip(tokens, deps) if d.rel in ("nsubj", "obj")]
    [('Rusia', 12, 'nsubj'), ('diplomat', 31, 'obj')]
    """
    return parse_many([words], lang)[0]


def parser_units(words: Sequence[str]) -> list[tuple[int, int]]:
    """How the parser groups geokg's tokens: ``[start, end)`` spans covering ``words`` in order.

    geokg cuts a dotted initialism into letters and periods ("U.S." -> U . S .), which no parser
    reads well; the parser sees it as one word, and the pieces are handed back one by one. Every
    other token is a unit of its own. Training applies the same grouping, so the model has seen
    "U.S." as one word.

    >>> parser_units(["The", "U", ".", "S", ".", "and", "Plan", "B", "."])
    [(0, 1), (1, 5), (5, 6), (6, 7), (7, 8), (8, 9)]
    """
    units = []
    i, n = 0, len(words)
    while i < n:
        j = i
        while j + 1 < n and len(words[j]) == 1 and words[j].isalpha() and words[j + 1] == ".":
            j += 2
        if j - i >= 4:  # two letters at least: "U.S.", "U.N.", "E.U."; a lone "B." stays as it is
            units.append((i, j))
            i = j
        else:
            units.append((i, i + 1))
            i += 1
    return units


def parse_many(sentences: Iterable[Sequence[str]], lang: str) -> list[list[Dep]]:
    """Parse many sentences (lists of geokg tokens' texts); one list of :class:`Dep` per sentence.

    Batching is what makes spaCy fast: give it all the sentences of an article at once.

    >>> [[d.rel for d in s] for s in parse_many([["Russia", "protested", "."], ["Iran", "denied", "it"]], "en")]
    [['nsubj', 'root', 'punct'], ['nsubj', 'root', 'obj']]
    """
    from spacy.tokens import Doc

    nlp = load_model(lang)
    docs = []
    groups: list[list[tuple[int, int]] | None] = []
    empty = []
    for k, words in enumerate(sentences):
        if not words:
            empty.append(k)
            continue
        units = parser_units(words) if "." in words else None
        if units is not None and len(units) == len(words):
            units = None
        groups.append(units)
        clean = [_word(w) for w in words] if units is None else [_word("".join(words[a:b])) for a, b in units]
        # One sentence in, one tree out: every word but the first is marked "not a sentence start",
        # which the parser respects, so it cannot split the sentence into several roots.
        docs.append(Doc(nlp.vocab, words=clean, sent_starts=[True] + [False] * (len(clean) - 1)))
    out = []
    for doc, units in zip(nlp.pipe(docs, batch_size=_BATCH), groups):
        deps = [Dep(-1 if t.head.i == t.i else t.head.i, "root" if t.dep_ == "ROOT" else t.dep_, t.tag_)
                for t in doc]
        out.append(deps if units is None else _expand(deps, units))
    for k in empty:
        out.insert(k, [])
    return out


def _expand(deps: list[Dep], units: list[tuple[int, int]]) -> list[Dep]:
    """Dependencies over parser units back to one per geokg token (the first piece carries the unit's)."""
    out: list[Dep] = []
    for d, (a, b) in zip(deps, units):
        out.append(Dep(-1 if d.head == -1 else units[d.head][0], d.rel, d.upos))
        # the same shape train.py gives split words: periods as punct, letters as goeswith
        out.extend(Dep(a, "punct", "PUNCT") if k % 2 else Dep(a, "goeswith", "X") for k in range(1, b - a))
    return out


def _word(w: str) -> str:
    # spaCy gives whitespace words a role of their own; geokg tokens never hold any, a caller's might.
    parts = w.split()
    return w if parts == [w] else "_".join(parts) or "_"
