"""One line of progress on stderr while shards are extracted: shards done, articles/s, events, errors.

On a terminal the line is rewritten in place a few times a second; elsewhere (a log file, CI) a
line is printed at most every *every* seconds and once at the end, so that logs stay short.

>>> import io
>>> out = io.StringIO()
>>> p = ShardProgress(total=4, out=out, every=0, clock=iter([0.0, 2.0, 2.0]).__next__)
>>> p.done({"articles": 100, "events": 450, "skipped": [["x: empty file", "empty"]]})
>>> print(out.getvalue().strip())
geokg: shards 1/4, 100 articles (50 articles/s), 450 events, 1 error
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any, TextIO

__all__ = ["ShardProgress"]


class ShardProgress:
    """Counts finished shards and prints the progress line (see the module doc)."""

    def __init__(self, total: int, *, out: TextIO | None = None, every: float = 10.0, done_before: int = 0,
                 clock: Callable[[], float] = time.perf_counter) -> None:
        self.out = out or sys.stderr
        self.total, self.shards = total, done_before
        self.articles = self.events = self.errors = 0
        self.clock = clock
        self.t0 = clock()
        self.tty = bool(getattr(self.out, "isatty", lambda: False)())
        self.every = 0.2 if self.tty else every
        self.last = float("-inf")

    def line(self) -> str:
        """The progress line as it stands.

        >>> ShardProgress(total=3, clock=iter([0.0, 1.0]).__next__).line()
        'geokg: shards 0/3, 0 articles (0 articles/s), 0 events, 0 errors'
        """
        elapsed = max(self.clock() - self.t0, 1e-9)
        err = f"{self.errors:,} error{'s' if self.errors != 1 else ''}"
        return (f"geokg: shards {self.shards:,}/{self.total:,}, {self.articles:,} articles "
                f"({self.articles / elapsed:,.0f} articles/s), {self.events:,} events, {err}")

    def done(self, entry: dict[str, Any] | None, errors: int = 0) -> None:
        """One shard finished (*entry*: its manifest entry), or failed (None, with *errors*)."""
        self.shards += 1
        if entry is not None:
            self.articles += entry.get("articles", 0)
            self.events += entry.get("events", 0)
            self.errors += len(entry.get("skipped", ()))
        self.errors += errors
        now = self.clock()
        if now - self.last >= self.every or self.shards == self.total:
            self.last = now
            self._show(self.line())

    def _show(self, text: str) -> None:
        if self.tty:
            self.out.write("\r\x1b[2K" + text)
            if self.shards == self.total:
                self.out.write("\n")
        else:
            self.out.write(text + "\n")
        self.out.flush()

    def say(self, text: str) -> None:
        """Print another line (a skipped input's) without mixing it into the progress line."""
        if self.tty:
            self.out.write("\r\x1b[2K" + text + "\n")
            if self.last > float("-inf") and self.shards != self.total:
                self.out.write(self.line())
        else:
            self.out.write(text + "\n")
        self.out.flush()
