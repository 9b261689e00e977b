"""Extraction throughput on one core: articles/s, sentences/s, peak memory, and CPU time per stage.

Articles are made by recombining the evaluation set's paragraphs (tests/data/eval), so that the
text is realistic news in both languages, with a fixed seed.

    .venv/bin/python bench/extract_throughput.py --articles 1000

The stage times come from a second pass with each named pipeline step wrapped in a timer (the
wrappers cost a little, so the first pass gives the throughput): clean and language (``prepare``),
sentences, actors, triggers, dates, events (arguments, factuality, speech) and output (``to_events``).
"""

from __future__ import annotations

import argparse
import functools
import os
import random
import resource
import time
from datetime import date
from pathlib import Path

from geokg.extractors import pipeline
from geokg.extractors.actors import ActorFinder
from geokg.extractors.events import SentenceEvents
from geokg.extractors.pipeline import extract, prepare
from geokg.extractors.text import split_sentences
from geokg.schema.models import Article

EVAL = Path(__file__).resolve().parents[1] / "tests" / "data" / "eval"


def make_articles(n: int, seed: int = 7) -> list[Article]:
    """``n`` articles, each a headline and 4-8 paragraphs drawn from eval articles of one language."""
    rng = random.Random(seed)
    paras: dict[str, list[str]] = {"id": [], "en": []}
    for path in sorted(EVAL.glob("*.txt")):
        lang = path.name[:2]
        body = path.read_text(encoding="utf-8").split("\n\n")[1:]
        paras[lang].extend(p.strip() for p in body if len(p.strip()) > 80)
    out = []
    for i in range(n):
        lang = "id" if i % 2 else "en"
        chosen = rng.sample(paras[lang], k=min(len(paras[lang]), rng.randint(4, 8)))
        text = f"Generated article {i}\n\n" + "\n\n".join(chosen)
        out.append(Article(id=f"bench{i}", text=text, published=date(2023, 8, 16)))
    return out


def stage_times(arts: list[Article]) -> dict[str, float]:
    """CPU seconds per pipeline stage over ``arts`` (each step's function wrapped in a timer)."""
    spent: dict[str, float] = {}

    def timed(stage: str, fn):
        @functools.wraps(fn)
        def wrapper(*a, **kw):
            c = time.process_time()
            try:
                return fn(*a, **kw)
            finally:
                spent[stage] = spent.get(stage, 0.0) + time.process_time() - c
        return wrapper

    patches = [(pipeline, "prepare", "clean+language"), (pipeline, "split_sentences", "sentences"),
               (pipeline, "find_triggers", "triggers"), (pipeline, "find_dates", "dates"),
               (pipeline, "group_mentions", "actors"), (pipeline, "to_events", "output"),
               (ActorFinder, "find", "actors"), (SentenceEvents, "run", "events")]
    saved = [(obj, name, getattr(obj, name)) for obj, name, _ in patches]
    for obj, name, stage in patches:
        setattr(obj, name, timed(stage, getattr(obj, name)))
    try:
        c0 = time.process_time()
        for a in arts:
            pipeline.extract(a)
        spent["total"] = time.process_time() - c0
    finally:
        for obj, name, fn in saved:
            setattr(obj, name, fn)
    spent["other"] = spent["total"] - sum(v for k, v in spent.items() if k != "total")
    return spent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--lang", choices=["auto", "given"], default="auto",
                    help="auto: detect each article's language (the default path); given: pass it")
    ap.add_argument("--stages", action=argparse.BooleanOptionalAction, default=True,
                    help="also time each pipeline stage (a second pass)")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    arts = make_articles(args.articles)
    extract(arts[0])  # load dictionaries and the stemmer once, outside the timing
    extract(arts[1])
    sentences = 0
    for a in arts:
        cleaned = prepare(a)[2]
        sentences += len(split_sentences(cleaned.text))
    t0 = time.perf_counter()
    c0 = time.process_time()
    events = 0
    for a in arts:
        events += len(extract(a, (a.id[-1] in "13579" and "id" or "en") if args.lang == "given" else None))
    dt = time.perf_counter() - t0
    cpu = time.process_time() - c0  # CPU time: steady when other work shares the machine
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles      {len(arts)}")
    print(f"sentences     {sentences}")
    print(f"events        {events}")
    print(f"seconds       {dt:.2f}")
    print(f"articles/s    {len(arts) / dt:.0f}")
    print(f"sentences/s   {sentences / dt:.0f}")
    print(f"cpu seconds   {cpu:.2f}")
    print(f"articles/cpu-s {len(arts) / cpu:.0f}")
    print(f"peak RSS MB   {peak:.0f}")
    if args.stages:
        spent = stage_times(arts)
        total = spent.pop("total")
        print(f"stages (CPU s, second pass with timers: {total:.2f} s)")
        for stage, secs in sorted(spent.items(), key=lambda kv: -kv[1]):
            print(f"  {stage:<15} {secs:6.2f}  {100 * secs / total:4.0f}%")


if __name__ == "__main__":
    main()
