"""Extraction of many articles, on several cores.

Extraction is pure Python and holds the GIL, so more cores need more processes. Worker processes
are started with ``spawn`` (not ``fork``: the caller may have threads, such as a progress bar's, and
open database connections), each loads the shipped dictionaries once, and articles go to them a few
at a time: at most :data:`WINDOW_PER_JOB` per worker are read ahead, so a feed of any size streams,
and results come back in input order, so the output does not depend on the number of jobs.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice

from geokg.extractors.pipeline import extract
from geokg.schema.models import Article, Event

__all__ = ["extract_many", "default_jobs", "WINDOW_PER_JOB", "PARALLEL_MIN_BYTES"]

#: Articles read ahead per worker: enough to keep each busy while the caller stores results.
WINDOW_PER_JOB = 8
#: Several workers only for input at least this large (about 650 articles): starting one costs about 1 s.
PARALLEL_MIN_BYTES = 1 << 20


def default_jobs(input_bytes: int) -> int:
    """Workers for an input of *input_bytes*: every core for large input, none (in-process) for small.

    >>> default_jobs(1000)
    1
    >>> default_jobs(10 * PARALLEL_MIN_BYTES) == max(1, min(os.cpu_count() or 1, 8))
    True
    """
    if input_bytes < PARALLEL_MIN_BYTES:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def extract_many(articles: Iterable[Article], lang: str | None = None,
                 jobs: int = 1) -> Iterator[tuple[Article, list[Event]]]:
    """``(article, its events)`` for each article, in input order, using *jobs* processes.

    ``jobs <= 1`` extracts in this process. An error raised for an article (e.g. a language
    that cannot be detected) is raised here, at that article, as it would be without workers.

    >>> from datetime import date
    >>> a = Article(id="t", text="Jakarta - Korea Utara mengkritik Amerika Serikat pada hari Senin.",
    ...             published=date(2023, 8, 16))
    >>> [(art.id, [e.cameo for e in evs]) for art, evs in extract_many([a])]
    [('t', ['111'])]
    """
    if jobs <= 1:
        for art in articles:
            yield art, extract(art, lang)
        return
    it = iter(articles)
    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        pending: deque = deque((a, pool.apply_async(extract, (a, lang))) for a in islice(it, jobs * WINDOW_PER_JOB))
        while pending:
            art, result = pending.popleft()
            events = result.get()
            for nxt in islice(it, 1):
                pending.append((nxt, pool.apply_async(extract, (nxt, lang))))
            yield art, events
