"""Extraction into a Parquet event dataset: in this process, on a local Dask cluster, or on an
existing one (Kubernetes, Slurm, YARN, hand-started: anything a ``tcp://`` scheduler address names).

:func:`extract_dataset` plans the shards (:mod:`geokg.dataset.shards`), checks the folder against
what an earlier run there asked (``_dataset.json``), leaves out the shards the manifest lists as
finished, runs the rest through an executor and reports as they finish. Executors:

* :class:`InProcess`: one shard after another here (no Dask needed);
* :class:`DaskExecutor`: ``Client(scheduler)``, or a ``LocalCluster`` of *workers* processes that
  it starts and stops. Shards are independent tasks; Dask re-runs the tasks of a worker that dies,
  and a task that fails is retried once; either way the shard's parts are replaced, not added to.

Dask is imported only by :class:`DaskExecutor` (the ``scale`` extra).

>>> import tempfile, os, json
>>> folder = tempfile.mkdtemp()
>>> p = os.path.join(folder, "a.jsonl")
>>> _ = open(p, "w").write(json.dumps({"id": "x", "published": "2023-08-16",
...     "text": "Jakarta - Korea Utara mengkritik Amerika Serikat pada hari Senin."}) + "\\n")
>>> out = os.path.join(folder, "ds")
>>> run = extract_dataset([p], out, InProcess())
>>> run.shards, run.ran, run.articles, run.events
(1, 1, 1, 1)
>>> extract_dataset([p], out, InProcess()).ran   # finished: nothing to do
0
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from geokg.dataset.schema import SCHEMA_VERSION
from geokg.dataset.shards import Shard, count_newlines, number_lines, plan_shards
from geokg.dataset.writer import finished, output_fs, read_meta, write_meta
from geokg.distributed.tasks import TaskOptions, run_shard
from geokg.errors import ClusterError, GeokgError, LanguageError, OutputError
from geokg.extractors.lang import available_languages
from geokg.extractors.report import BatchReport
from geokg.schema.models import stable_id

__all__ = ["extract_dataset", "DatasetRun", "InProcess", "DaskExecutor"]


class InProcess:
    """Runs every task here, one after another."""

    dashboard: str | None = None

    def map(self, fn: Callable, items: list) -> list:
        return [fn(x) for x in items]

    def run(self, shards: list[Shard], out: str, opts: TaskOptions) -> Iterator[tuple[Shard, Any]]:
        """(shard, its manifest entry or the exception it ended with), as shards finish."""
        for s in shards:
            try:
                yield s, run_shard(s, out, opts)
            except GeokgError as exc:
                if opts.strict:
                    raise
                yield s, exc
            except Exception as exc:  # noqa: BLE001 - a bug in one shard must not sink the others
                yield s, exc

    def close(self) -> None:
        pass

    def __enter__(self) -> "InProcess":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class DaskExecutor(InProcess):
    """Tasks on a Dask cluster: the one at *scheduler* (``tcp://host:port``), or a local cluster
    of *workers* processes started here (and stopped by :meth:`close`).

    Raises :class:`ClusterError` (one line) when the scheduler cannot be reached within *timeout*
    seconds, or has no worker within that time.
    """

    def __init__(self, scheduler: str | None = None, workers: int | None = None, timeout: float = 10.0) -> None:
        try:
            from distributed import Client, LocalCluster  # noqa: PLC0415 - the scale extra
        except ImportError:
            raise ClusterError("running on Dask needs the scale extra: pip install 'geokg[scale]'") from None
        # The scheduler's and workers' own log lines (connections, lost workers, rescheduled tasks)
        # are theirs to keep; here they would mix with the progress line.
        for name in ("distributed", "bokeh", "tornado"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
        self.cluster = None
        self._config = None
        self.where = scheduler or f"a local cluster of {workers} workers"
        try:
            if scheduler:
                self.client = Client(scheduler, timeout=timeout, set_as_default=False)
            else:
                # Dask's statistical profiler samples every worker's stack each 10 ms: measured
                # here, a tenth of the CPU of a run on pure-Python extraction, for a view nobody
                # looks at in a batch run. (On a cluster of one's own, the workers' config decides.)
                import dask  # noqa: PLC0415

                self._config = dask.config.set({"distributed.worker.profile.enabled": False})
                # One thread per worker: extraction holds the GIL, so processes are the parallelism.
                self.cluster = LocalCluster(n_workers=workers or 1, threads_per_worker=1, processes=True,
                                            host="127.0.0.1", dashboard_address="127.0.0.1:0",
                                            silence_logs=logging.CRITICAL)
                self.client = Client(self.cluster, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            self.close()
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise ClusterError(f"cannot reach the Dask scheduler at {self.where}: {reason}") from None
        try:
            self.client.wait_for_workers(1, timeout=timeout)
        except (TimeoutError, OSError):
            self.close()
            raise ClusterError(f"the Dask scheduler at {self.where} has no worker (waited {timeout:g} s)") from None
        self.dashboard = self.client.dashboard_link

    def map(self, fn: Callable, items: list) -> list:
        if not items:
            return []
        return self.client.gather(self.client.map(fn, items, pure=False))

    def run(self, shards: list[Shard], out: str, opts: TaskOptions) -> Iterator[tuple[Shard, Any]]:
        from distributed import as_completed  # noqa: PLC0415

        run_id = uuid.uuid4().hex[:8]   # task keys of this run: a repeated run never meets old keys
        futures = {self.client.submit(run_shard, s, out, opts, key=f"geokg-shard-{run_id}-{s.key}",
                                      retries=1, pure=False): s for s in shards}
        try:
            for fut in as_completed(futures, loop=self.client.loop):
                s = futures[fut]
                if fut.status == "finished":
                    yield s, fut.result()
                    continue
                exc = fut.exception()
                if opts.strict and isinstance(exc, GeokgError):
                    raise exc
                yield s, exc
        finally:
            for fut in futures:
                fut.release()

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None
        config = getattr(self, "_config", None)
        if config is not None:
            config.__exit__(None, None, None)
            self._config = None


@dataclass
class DatasetRun:
    """What :func:`extract_dataset` did: shards planned, run now and finished before; the totals
    of the whole dataset (every finished shard's entry); where the dashboard was."""

    out: str
    shards: int = 0
    ran: int = 0
    before: int = 0
    failed: int = 0
    articles: int = 0
    events: int = 0
    undated: int = 0
    skipped: Counter = field(default_factory=Counter)   # by kind: planning's, failed shards', every entry's
    dashboard: str | None = None


def _options_signature(opts: TaskOptions) -> dict[str, Any]:
    """What of the options decides the rows: a run resumed with other options would mix them."""
    table = opts.read.table
    return {"lang": opts.lang, "published": opts.read.published.isoformat() if opts.read.published else None,
            "published_from": stable_id("pt", *sorted(f"{k}={v}" for k, v in table.dates.items())) if table else None,
            "encoding": opts.read.encoding, "schema_version": SCHEMA_VERSION}


def extract_dataset(inputs: list[str], out: str, executor: InProcess, opts: TaskOptions | None = None, *,
                    shard_bytes: int | None = None, report: BatchReport | None = None,
                    on_entry: Callable[[dict[str, Any] | None, int], None] | None = None,
                    on_start: Callable[[int, int], None] | None = None) -> DatasetRun:
    """Extract *inputs* into the dataset folder *out* with *executor*; see the module doc.

    *report* hears of every skipped input (plan-time file problems and each shard's bad records;
    with ``opts.strict`` the first one raises). *on_start(shards to run, shards finished before)*
    runs once the plan is known; *on_entry(entry or None, errors)* after each shard.
    """
    from geokg import __version__  # noqa: PLC0415

    opts = opts or TaskOptions()
    report = report or BatchReport(strict=opts.strict)
    if opts.lang and opts.lang not in available_languages():   # the run's error, not each shard's
        raise LanguageError(f"unsupported language {opts.lang!r} (supported: {', '.join(available_languages())})")
    shards = plan_shards(inputs, shard_bytes, report)
    skipped = Counter(report.kinds)   # inputs left out while planning: no shard records them
    # Line numbers of byte ranges: the newlines before them, counted where the tasks run (a
    # file's last range needs no count: no range follows it).
    ranges = [s for s in shards if s.kind == "jsonl"]
    split = [s for s, nxt in zip(ranges, ranges[1:]) if nxt.url == s.url]
    counts = dict(zip((s.key for s in split), executor.map(count_newlines, split))) if split else {}
    number_lines(shards, counts)

    meta = {"format": "geokg-events", "geokg": __version__, "options": _options_signature(opts),
            "shards": [s.key for s in shards]}
    old = read_meta(out)
    if old is not None and (old.get("options") != meta["options"] or old.get("shards") != meta["shards"]):
        raise OutputError(f"{out} holds a dataset of other inputs or options; give a new --out, or remove it "
                          "to start again")
    if old is None:
        if not shards:   # nothing could be read: no dataset left behind
            return DatasetRun(out, skipped=skipped, dashboard=executor.dashboard)
        _check_new_folder(out)
        write_meta(out, meta)
    done = finished(out)
    todo = [s for s in shards if s.key not in done]
    run = DatasetRun(out, shards=len(shards), before=len(shards) - len(todo), dashboard=executor.dashboard)
    if on_start is not None:
        on_start(len(todo), run.before)
    for shard, result in executor.run(todo, out, opts):
        if isinstance(result, dict):
            run.ran += 1
            for message, kind in result["skipped"]:
                _replay(report, message, kind, shard)
            for w in result["warnings"]:
                report.warn(w)
            if on_entry is not None:
                on_entry(result, 0)
            continue
        run.failed += 1
        skipped[_kind(result)] += 1
        _replay(report, f"{shard.name}: {_why(result)}", _kind(result), shard)
        if on_entry is not None:
            on_entry(None, 1)
    for e in finished(out).values():   # the whole dataset's totals, this run's and earlier runs'
        if e["key"] in meta["shards"]:
            run.articles += e["articles"]
            run.events += e["events"]
            run.undated += e["undated"]
            skipped.update(kind for _, kind in e["skipped"])
    run.skipped = skipped
    return run


def _check_new_folder(out: str) -> None:
    """A dataset starts in a new or empty folder: never among other files (``--out .``)."""
    fs, root = output_fs(out)
    try:
        busy = fs.isfile(root) or (fs.isdir(root) and bool(fs.ls(root)))
    except OSError:
        busy = False   # then writing will say what is wrong
    if busy:
        raise OutputError(f"{out} exists and is not a geokg event dataset: give a new or empty folder")


def _replay(report: BatchReport, message: str | None, kind: str, shard: Shard) -> None:
    """Tell the client's report of a skip a task reported (counted only when it has no message)."""
    if message is None:
        report.kinds[kind] += 1
        return
    report.skip(_Skipped(message, kind=kind), file=shard.url)


class _Skipped(GeokgError):
    """A skipped input as a task reported it."""


def _kind(exc: BaseException) -> str:
    if type(exc).__name__ == "KilledWorker":
        return "worker died"
    return exc.kind if isinstance(exc, GeokgError) else "internal error"


def _why(exc: BaseException) -> str:
    """One line for a shard's failure: a lost worker, an error of geokg's, or a bug."""
    if type(exc).__name__ == "KilledWorker":
        return "its task killed the workers that ran it (too little memory?); it stays unfinished"
    text = " ".join(str(exc).split())[:300]
    if isinstance(exc, GeokgError):
        return text
    return f"internal error: {type(exc).__name__}: {text} (it stays unfinished; please report it)"
