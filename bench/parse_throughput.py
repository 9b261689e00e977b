"""Dependency parsing speed on one core: model load time and words/s per language.

    .venv/bin/python bench/parse_throughput.py [--words 50000]

The sentences are those of the evaluation articles (tests/data/eval, geokg's own text), split and
tokenised by geokg, repeated until ``--words`` words per language. Speeds are per CPU-second
(``time.process_time``), which other work on the machine barely moves; the load time is given
both ways, as the first load reads the model files from disk.

Three ways of calling are timed: ``parse_many`` over one article's worth of sentences at a time
(what the extractor is meant to do), ``parse_many`` over everything at once, and ``parse`` one
sentence at a time. "ms/article" is the parsing cost of an article of the benchmark's mean size
(bench/extract_throughput.py's articles, about 260 tokens) when a third of its words are parsed,
the share the extractor expects; the extractor's budget is 20 ms per article (50 articles/CPU-s).

Figures (2-core VM, default ``--words 50000``): ``import spacy`` 0.36 CPU-s; model load 0.06 (en)
and 0.07 (id) CPU-s, 6.8 and 7.5 MB. English 20,000 words/CPU-s per article (4.3 ms/article), the
same all at once, 10,700 one sentence at a time (8.1 ms); Indonesian 20,000 / 20,300 / 10,000.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from geokg.extractors.text import split_sentences

EVAL = Path(__file__).resolve().parents[1] / "tests" / "data" / "eval"
TOKENS_PER_ARTICLE = 260
PARSED_SHARE = 1 / 3


def sentences(lang: str) -> list[list[list[str]]]:
    """Per article, its sentences as lists of token texts."""
    out = []
    for path in sorted(EVAL.glob(f"{lang}_*.txt")):
        text = path.read_text(encoding="utf-8")
        out.append([[t.text for t in s.tokens] for s in split_sentences(text)])
    return out


def _dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=50_000, help="words parsed per language and way of calling")
    ap.add_argument("--lang", nargs="+", default=["en", "id"])
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    c0, w0 = time.process_time(), time.perf_counter()
    import spacy  # noqa: F401  (timed on its own: the first language pays for it)
    print(f"import spacy            {time.process_time() - c0:.2f} cpu-s  {time.perf_counter() - w0:.2f} s")

    from geokg.extractors import syntax

    for lang in args.lang:
        c0, w0 = time.process_time(), time.perf_counter()
        syntax.load_model(lang)
        print(f"[{lang}] model load         {time.process_time() - c0:.2f} cpu-s  {time.perf_counter() - w0:.2f} s"
              f"  ({_dir_mb(syntax.model_path(lang)):.1f} MB on disk)")
        articles = sentences(lang)
        total = sum(len(s) for a in articles for s in a)
        reps = max(1, -(-args.words // total))
        work = [a for _ in range(reps) for a in articles]
        n_words = total * reps
        n_sents = sum(len(a) for a in work)
        syntax.parse_many(articles[0], lang)  # warm-up: first-call allocations stay out of the timing

        c0 = time.process_time()
        for a in work:
            syntax.parse_many(a, lang)
        per_article = time.process_time() - c0
        c0 = time.process_time()
        syntax.parse_many([s for a in work for s in a], lang)
        all_at_once = time.process_time() - c0
        c0 = time.process_time()
        for a in work:
            for s in a:
                syntax.parse(s, lang)
        one_by_one = time.process_time() - c0

        print(f"[{lang}] {n_words} words in {n_sents} sentences ({n_words / n_sents:.1f} words/sentence)")
        for name, secs in (("parse_many per article", per_article), ("parse_many all at once", all_at_once),
                           ("parse one by one", one_by_one)):
            wps = n_words / secs
            ms = TOKENS_PER_ARTICLE * PARSED_SHARE / wps * 1000
            print(f"[{lang}]   {name:24} {wps:8,.0f} words/cpu-s  {ms:5.1f} ms/article")


if __name__ == "__main__":
    main()
