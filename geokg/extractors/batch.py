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
from itertools import chain, islice

from geokg.errors import GeokgError, LanguageError
from geokg.extractors.lang import available_languages
from geokg.extractors.language import language_mismatch
from geokg.extractors.pipeline import extract
from geokg.extractors.report import BatchReport
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


def _extract_or_error(article: Article, lang: str | None) -> tuple[list[Event], list[str]] | GeokgError:
    """Events of an article with the notes on it, or the error that stopped it (returned, not
    raised: a worker process must hand it back with the file it is about, and go on)."""
    notes: list[str] = []
    try:
        return extract(article, lang, notes), notes
    except GeokgError as exc:
        where = article.source or article.id
        return type(exc)(f"{where}: {exc}", kind=exc.kind)


def extract_many(articles: Iterable[Article], lang: str | None = None, jobs: int = 1,
                 report: BatchReport | None = None) -> Iterator[tuple[Article, list[Event]]]:
    """``(article, its events)`` for each article, in input order, using *jobs* processes.

    ``jobs <= 1`` extracts in this process. An error raised for an article (e.g. a language that
    cannot be detected) names the article's file; it is raised here, at that article, as it would
    be without workers; or, with a *report* that is not strict, the article is skipped and
    reported (:class:`~geokg.extractors.report.BatchReport`), and the rest go on. The report also
    counts the articles done and those with no publication date, and warns when an article does
    not look like the language *lang* forces on it.

    >>> from datetime import date
    >>> a = Article(id="t", text="Jakarta - Korea Utara mengkritik Amerika Serikat pada hari Senin.",
    ...             published=date(2023, 8, 16))
    >>> [(art.id, [e.cameo for e in evs]) for art, evs in extract_many([a])]
    [('t', ['111'])]
    >>> fr = Article(id="fr", text="Le gouvernement a annoncé mercredi de nouvelles sanctions.", source="fr.txt")
    >>> r = BatchReport(on_skip=lambda s: print(s.message))
    >>> [art.id for art, _ in extract_many([fr, a], report=r)]
    fr.txt: the text looks French (fr), which is not supported (supported: en, id)
    ['t']
    >>> r.articles, r.skipped
    (1, 1)
    """
    if lang and lang not in available_languages():   # the run's error, not each article's
        raise LanguageError(f"unsupported language {lang!r} (supported: {', '.join(available_languages())})",
                            kind="unsupported language")
    for art, result in _results(articles, lang, jobs, report):
        if isinstance(result, GeokgError):
            if report is None:
                raise result
            report.skip(result, file=art.source)
            continue
        events, notes = result
        if report is not None:
            report.articles += 1
            report.undated += art.published is None
            for note in notes:
                report.warn(f"{art.source or art.id}: {note}")
        yield art, events


def _checked(articles: Iterable[Article], lang: str | None, report: BatchReport | None) -> Iterator[Article]:
    """The articles, with a warning for each that does not look like the language forced on it."""
    for art in articles:
        if lang and report is not None:
            why = language_mismatch(art.text, lang)
            if why:
                report.warn(f"{art.source or art.id}: {why}; read as {lang} as --lang says")
        yield art


def _results(articles: Iterable[Article], lang: str | None, jobs: int,
             report: BatchReport | None) -> Iterator[tuple[Article, tuple[list[Event], list[str]] | GeokgError]]:
    it = _checked(articles, lang, report)
    # No more processes than cores, nor than articles to give them (issue 16: "--jobs 40" on one
    # small file started 40 processes; a huge --jobs kept spawning).
    jobs = min(jobs, os.cpu_count() or 1)
    first = list(islice(it, max(1, jobs) * WINDOW_PER_JOB))
    jobs = min(jobs, len(first))
    if jobs <= 1:
        for art in chain(first, it):
            yield art, _extract_or_error(art, lang)
        return
    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        pending: deque = deque((a, pool.apply_async(_extract_or_error, (a, lang))) for a in first)
        while pending:
            art, result = pending.popleft()
            events = result.get()
            for nxt in islice(it, 1):
                pending.append((nxt, pool.apply_async(_extract_or_error, (nxt, lang))))
            yield art, events
