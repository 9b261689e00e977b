"""What a batch read, skipped and could not date: a scraper's folder of 10,000 pages always holds a
few bad files, and one of them must not sink the rest.

A :class:`BatchReport` goes with a batch through reading (:func:`geokg.extractors.ingest.read_articles`)
and extraction (:func:`geokg.extractors.batch.extract_many`). Each input that cannot be used is
*skipped*: reported at once through ``on_skip`` (one line naming the file, and the line of a JSONL
record) and counted by kind for the closing :meth:`BatchReport.summary`; in ``strict`` mode the
first one is raised instead, as a :class:`~geokg.errors.GeokgError`, so the batch stops there.

>>> from geokg.errors import InputError
>>> r = BatchReport(on_skip=lambda s: print("skipped", s.message))
>>> r.skip(InputError("a/empty.txt: empty file", kind="empty"), file="a/empty.txt")
skipped a/empty.txt: empty file
>>> r.articles = 20
>>> r.summary()
'read 20 articles, skipped 1: 1 empty'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from geokg.errors import GeokgError

__all__ = ["BatchReport", "Skip", "MAX_LINES_PER_FILE"]

#: Bad records of one file reported line by line; the rest are counted only (a CSV named .jsonl
#: would otherwise print a line per row).
MAX_LINES_PER_FILE = 20


@dataclass(frozen=True)
class Skip:
    """One input left out: the message names the file (and line); *kind* is its summary category."""

    message: str
    kind: str
    file: str | None = None


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else many or one + 's'}"


@dataclass
class BatchReport:
    """Counts and skipped inputs of one batch; see the module doc."""

    strict: bool = False
    on_skip: Callable[[Skip], None] | None = None
    on_warning: Callable[[str], None] | None = None
    articles: int = 0          # articles read and extracted
    events: int = 0            # records of already extracted events read (geokg ingest of event JSONL)
    undated: int = 0           # articles with no publication date from any source
    kinds: Counter = field(default_factory=Counter)
    warnings: int = 0
    _per_file: Counter = field(default_factory=Counter)

    @property
    def skipped(self) -> int:
        """Inputs (files, or records of a JSONL file) left out."""
        return sum(self.kinds.values())

    def skip(self, exc: GeokgError, file: str | None = None) -> None:
        """Leave out the input *exc* is about; raise *exc* instead in strict mode."""
        if self.strict:
            raise exc
        s = Skip(str(exc), exc.kind, file)
        self.kinds[s.kind] += 1
        if file is not None:
            self._per_file[file] += 1
            if self._per_file[file] > MAX_LINES_PER_FILE:
                return
        if self.on_skip is not None:
            if file is not None and self._per_file[file] == MAX_LINES_PER_FILE:
                s = Skip(f"{s.message} (further bad records of {file} are counted, not listed)", s.kind, file)
            self.on_skip(s)

    def warn(self, message: str) -> None:
        """Something the user should know that does not stop the input (one line naming the file)."""
        self.warnings += 1
        if self.on_warning is not None:
            self.on_warning(message)

    def summary(self) -> str | None:
        """``read 9,998 articles, skipped 2: 1 unsupported language, 1 empty`` (None when nothing was
        skipped, or when the one input there was is skipped: its own line says it all).

        >>> r = BatchReport(articles=3, events=0)
        >>> r.kinds.update({"empty": 1, "binary": 1, "unsupported language": 2})
        >>> r.summary()
        'read 3 articles, skipped 4: 2 unsupported language, 1 empty, 1 binary'
        """
        if not self.skipped or (self.skipped == 1 and not self.articles and not self.events):
            return None
        read = _n(self.articles, "article")
        if self.events:
            read += f" and {_n(self.events, 'event record')}"
        kinds = ", ".join(f"{n:,} {k}" for k, n in self.kinds.most_common())
        return f"read {read}, skipped {self.skipped:,}: {kinds}"

    def undated_line(self) -> str | None:
        """How many articles had no publication date (their relative dates stay unresolved).

        >>> BatchReport(articles=4, undated=1).undated_line()
        '1 of 4 articles had no publication date: relative dates in it ("on Tuesday", "kemarin") are left undated; give --published or --published-from'
        """
        if not self.undated:
            return None
        it = "it" if self.undated == 1 else "them"
        return (f"{self.undated:,} of {_n(self.articles, 'article')} had no publication date: relative dates in "
                f"{it} (\"on Tuesday\", \"kemarin\") are left undated; give --published or --published-from")
