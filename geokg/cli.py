"""The ``geokg`` command: a thin layer that parses arguments, calls the library and formats output.

Every :class:`geokg.errors.GeokgError` becomes one line on stderr and exit status 2.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from collections.abc import Iterable
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any, Optional

import typer

from geokg.errors import GeokgError, InputError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Geopolitical event knowledge graph: news articles to coded, dated events.")


class Format(str, Enum):
    jsonl = "jsonl"
    json = "json"
    table = "table"
    csv = "csv"
    parquet = "parquet"   # a dataset folder (--out), not a stream: see _extract_dataset


def _version(value: bool) -> None:
    if value:
        from geokg import __version__  # noqa: PLC0415

        typer.echo(f"geokg {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main_options(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                               help="Print the version and exit.")) -> None:
    """Geopolitical event knowledge graph: news articles to coded, dated events."""


def _fail(msg: str, code: int = 2) -> None:
    typer.echo(f"geokg: error: {msg}", err=True)
    raise typer.Exit(code)


def _published(value: Optional[str]) -> Optional[date]:
    if value is None:
        return None
    from geokg.schema.models import check_day  # noqa: PLC0415

    try:
        return check_day(date.fromisoformat(value), "--published")  # relative dates count from it
    except ValueError as exc:
        if "--published" in str(exc):
            raise InputError(str(exc)) from None
        raise InputError(f"--published must be a date like 2023-08-16, got {value!r}") from None


def _progress(total: int, unit: str = "files"):
    """A progress bar on stderr, only on a terminal and for work worth one (5 files, or 1 MB)."""
    from rich.progress import (BarColumn, DownloadColumn, MofNCompleteColumn, Progress, TextColumn,  # noqa: PLC0415
                               TimeRemainingColumn, TransferSpeedColumn)
    from rich.console import Console  # noqa: PLC0415

    console = Console(stderr=True)
    small = total < (1 << 20 if unit == "bytes" else 5)
    counts = (DownloadColumn(), TransferSpeedColumn()) if unit == "bytes" else (MofNCompleteColumn(),)
    return Progress(TextColumn("{task.description}"), BarColumn(), *counts, TimeRemainingColumn(),
                    console=console, disable=small or not console.is_terminal, transient=True)


def _prepare_summaries(store: Any) -> None:
    """Bring an embedded store's query summaries up to date, saying so on stderr (a minute per
    million new events): on a terminal a status line names the table being built."""
    from rich.console import Console  # noqa: PLC0415

    from geokg.queries.embedded import prepare  # noqa: PLC0415

    console, t0 = Console(stderr=True), time.perf_counter()
    if console.is_terminal:
        with console.status("preparing the query summaries ...") as status:
            prepare(store, on_step=lambda table, i, n: status.update(
                f"preparing the query summaries: {table} ({i}/{n})"))
    else:
        typer.echo("preparing the query summaries ...", err=True)
        prepare(store)
    typer.echo(f"query summaries ready in {time.perf_counter() - t0:.1f} s", err=True)


_JOBS_HELP = ("Processes extracting articles (default: one per core, up to 8, for input of 1 MB or more; "
              "else 1). The output does not depend on it.")

CSV_COLUMNS = ["event_id", "article_id", "date", "date_precision", "cameo", "quad_class", "goldstein", "plover",
               "source_id", "source_name", "source_country", "source_sector", "target_id", "target_name",
               "target_country", "target_sector", "factuality", "confidence", "evidence_start", "evidence_end", "evidence_text"]


def _flat(e: dict) -> dict:
    s, t = e.get("source") or {}, e.get("target") or {}
    ev = e.get("evidence") or {}
    return {**{k: e.get(k) for k in CSV_COLUMNS if k in e},
            "source_id": s.get("id"), "source_name": s.get("name"), "source_country": s.get("country"),
            "source_sector": s.get("sector"),
            "target_id": t.get("id"), "target_name": t.get("name"), "target_country": t.get("country"),
            "target_sector": t.get("sector"),
            "evidence_start": ev.get("start"), "evidence_end": ev.get("end"), "evidence_text": ev.get("text")}


def write_events(events: Iterable[dict], fmt: Format, out=None) -> None:
    """Print events in a format: JSON lines, a JSON array, CSV or a table for people."""
    out = out or sys.stdout
    if fmt is Format.jsonl:
        for e in events:
            out.write(json.dumps(e, ensure_ascii=False) + "\n")
    elif fmt is Format.json:
        json.dump(list(events), out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt is Format.csv:
        w = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
        w.writeheader()
        for e in events:
            w.writerow(_flat(e))
    else:
        from rich.console import Console  # noqa: PLC0415
        from rich.table import Table  # noqa: PLC0415

        table = Table(show_lines=False)
        for col in ("date", "source", "cameo", "target", "factuality", "conf", "evidence"):
            table.add_column(col, overflow="fold")
        def name(a: dict) -> str:
            # "Georgia police (GEO, COP)": the sector tells the parts of one country apart.
            if not a:
                return "-"
            where = ", ".join(x for x in (a.get("country") or a.get("id"), a.get("sector")) if x)
            return f"{a.get('name')} ({where})"

        for e in events:
            s, t = e.get("source") or {}, e.get("target") or {}
            table.add_row(e.get("date") or "-", name(s), f"{e['cameo']} {e['plover']}", name(t),
                          e["factuality"], f"{e['confidence']:.2f}", (e.get("evidence") or {}).get("text", "")[:160])
        Console(file=out, width=200 if not getattr(out, "isatty", lambda: False)() else None).print(table)


_STRICT_HELP = ("Stop at the first input that cannot be read or extracted (default: skip it, say why on "
                "stderr, go on, and exit with status 2 at the end).")
_PUBLISHED_FROM_HELP = ("TSV of publication dates: a header 'file<TAB>published' (or 'id'), one row per file "
                        "name, path or article id. A folder's own published.tsv is used without it.")


def _batch_report(strict: bool):
    """The report a batch tells its skipped inputs and warnings to, printed as they come."""
    from geokg.extractors.report import BatchReport  # noqa: PLC0415

    return BatchReport(strict=strict,
                       on_skip=lambda s: typer.echo(f"geokg: skipped {s.message}", err=True),
                       on_warning=lambda w: typer.echo(f"geokg: warning: {w}", err=True))


def _finish(report) -> None:
    """The batch's closing lines on stderr; exit status 2 if any input was skipped."""
    for line in (report.summary(), report.undated_line()):
        if line:
            typer.echo(f"geokg: {line}", err=True)
    if report.skipped:
        raise typer.Exit(2)


@app.command()
def extract(
    files: list[str] = typer.Argument(..., help="Article files (.txt, .html, .jsonl), folders or globs."),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD (overrides the article's)."),
    published_from: Optional[Path] = typer.Option(None, "--published-from", help=_PUBLISHED_FROM_HELP),
    lang: Optional[str] = typer.Option(None, help="Language code (id, en); detected when omitted."),
    format: Optional[Format] = typer.Option(None, "--format", "-f", help="jsonl, json, csv or table "
                                            "(default: table on a terminal, else jsonl)."),
    encoding: Optional[str] = typer.Option(None, help="Input encoding when not UTF-8, e.g. latin-1."),
    jobs: Optional[int] = typer.Option(None, min=1, help=_JOBS_HELP),
    strict: bool = typer.Option(False, "--strict", help=_STRICT_HELP),
    out: Optional[str] = typer.Option(None, "--out", help="With --format parquet: the dataset folder (a path "
                                      "or an fsspec URL such as s3://bucket/events) to write or resume."),
    scheduler: Optional[str] = typer.Option(None, help="With --format parquet: run on the Dask cluster whose "
                                            "scheduler is at this address (tcp://HOST:PORT)."),
    workers: Optional[int] = typer.Option(None, min=1, help="With --format parquet: start a local Dask cluster "
                                          "of N worker processes for the run."),
    shard_size: Optional[float] = typer.Option(None, "--shard-size", min=0.001, help="With --format parquet: MB of "
                                               "input per task; large JSONL files are split into byte ranges of "
                                               "this size (default: a 64th of the input, 1 to 8 MB)."),
    scheduler_timeout: float = typer.Option(10.0, "--scheduler-timeout", min=0.1,
                                            help="Seconds to wait for the Dask scheduler and a first worker."),
) -> None:
    """Extract coded, dated events from articles and print them (the extraction contract), or
    write them as a Parquet event dataset (--format parquet --out DIR), optionally on Dask."""
    from geokg.extractors.batch import default_jobs, extract_many  # noqa: PLC0415
    from geokg.extractors.ingest import input_size, read_articles  # noqa: PLC0415

    if format is Format.parquet or out or scheduler or workers:
        if format is not Format.parquet:
            _fail("--out, --scheduler and --workers write a Parquet event dataset: add --format parquet")
        if not out:
            _fail("--format parquet writes a dataset folder: give --out DIR")
        if scheduler and workers:
            _fail("give --scheduler (an existing Dask cluster) or --workers (a local one), not both")
        if jobs:
            _fail("--jobs is for the streamed formats; with --format parquet use --workers N")
        _extract_dataset(files, out, published=published, published_from=published_from, lang=lang,
                         encoding=encoding, strict=strict, scheduler=scheduler, workers=workers,
                         shard_bytes=int(shard_size * (1 << 20)) if shard_size else None,
                         timeout=scheduler_timeout)
        return
    fmt = format or (Format.table if sys.stdout.isatty() else Format.jsonl)
    report = _batch_report(strict)
    # Read everything first: with --strict, a bad file fails before any output.
    arts = list(read_articles(files, encoding, report=report, published=_published(published),
                              published_from=published_from))
    events: list[dict] = []
    with _progress(len(arts)) as bar:
        task = bar.add_task("extracting", total=len(arts))
        for _art, evs in extract_many(arts, lang, jobs or default_jobs(input_size(files)), report):
            events.extend(e.model_dump(mode="json") for e in evs)
            bar.advance(task)
    write_events(events, fmt)
    _finish(report)


def _extract_dataset(files: list[str], out: str, *, published: Optional[str], published_from: Optional[Path],
                     lang: Optional[str], encoding: Optional[str], strict: bool, scheduler: Optional[str],
                     workers: Optional[int], shard_bytes: Optional[int], timeout: float) -> None:
    """``geokg extract --format parquet``: shards on this process or a Dask cluster, progress on
    stderr, the closing lines of a batch; exit status 2 if any input was skipped."""
    from geokg.dataset.inputs import ReadOptions  # noqa: PLC0415
    from geokg.distributed.engine import DaskExecutor, InProcess, extract_dataset  # noqa: PLC0415
    from geokg.distributed.progress import ShardProgress  # noqa: PLC0415
    from geokg.distributed.tasks import TaskOptions  # noqa: PLC0415
    from geokg.extractors.published import read_published_table  # noqa: PLC0415

    table = read_published_table(published_from) if published_from is not None else None
    opts = TaskOptions(ReadOptions(_published(published), table, encoding), lang, strict)
    progress: Optional[ShardProgress] = None
    report = _batch_report(strict)
    report.on_skip = lambda s: (progress.say if progress else lambda t: typer.echo(t, err=True))(
        f"geokg: skipped {s.message}")
    executor = DaskExecutor(scheduler, workers, timeout) if scheduler or workers else InProcess()
    with executor:
        if executor.dashboard:
            typer.echo(f"geokg: Dask dashboard at {executor.dashboard}", err=True)

        def start(todo: int, before: int) -> None:
            nonlocal progress
            if before:
                typer.echo(f"geokg: {out}: {before:,} shards finished before; {todo:,} to go", err=True)
            progress = ShardProgress(todo + before, done_before=before)

        run = extract_dataset(files, out, executor, opts, shard_bytes=shard_bytes, report=report,
                              on_start=start, on_entry=lambda e, n: progress.done(e, n))
    if run.shards:   # (with none, nothing was written, and the lines above said why)
        typer.echo(f"geokg: {out}: {run.shards:,} shard{'s' if run.shards != 1 else ''} ({run.ran:,} run now), "
                   f"{run.articles:,} articles, {run.events:,} events", err=True)
    if run.failed:
        typer.echo(f"geokg: {run.failed:,} shards failed and stay unfinished; run the same command again to "
                   "retry them", err=True)
    # The whole dataset's counts (earlier runs' too): a finished run re-run ends as it ended.
    report.kinds, report.articles, report.undated = run.skipped, run.articles, run.undated
    _finish(report)


@app.command("eval")
def eval_(
    gold: Path = typer.Argument(..., help="Gold file in the format of shared/samples/gold.json."),
    directory: Path = typer.Argument(..., help="Folder holding the gold's articles."),
    lang: Optional[str] = typer.Option(None, help="Force a language instead of detecting it."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List misses and false positives."),
    split: Optional[str] = typer.Option(None, help="Only the articles of this split (tune or test)."),
    format: str = typer.Option("table", help="table or json"),
) -> None:
    """Score extraction against gold events: precision, recall and F1 per article, per language and
    recall per CAMEO root."""
    from geokg.evaluate import evaluate  # noqa: PLC0415

    res = evaluate(gold, directory, lang, split)
    if format == "json":
        js = {"articles": {n: {"lang": l, "precision": s.precision, "recall": s.recall, "f1": s.f1,
                               "tp": s.tp, "fp": s.fp, "hit": s.hit, "gold": s.req, "predicted": s.pred}
                           for n, (l, s) in res["articles"].items()},
              "totals": {k: {"precision": s.precision, "recall": s.recall, "f1": s.f1, "hit": s.hit,
                             "gold": s.req, "fp": s.fp,
                             "roots": {r: {"found": f, "gold": n} for r, (f, n) in sorted(s.roots.items())}}
                         for k, s in res["totals"].items()}}
        typer.echo(json.dumps(js, indent=2))
        return
    for name, (code, s) in res["articles"].items():
        typer.echo(f"{name} [{code}]: P={s.precision:.2f} R={s.recall:.2f} F1={s.f1:.2f} "
                   f"({s.hit}/{s.req} gold, {s.fp} false, {s.pred} predicted)")
        if verbose:
            for m in s.misses:
                typer.echo(f"    MISS {m}")
            for f in s.false:
                typer.echo(f"    FP   {f}")
    for code, s in sorted(res["totals"].items(), key=lambda kv: kv[0] == "all"):
        typer.echo(f"TOTAL {code}: F1={s.f1:.2f} P={s.precision:.2f} R={s.recall:.2f} "
                   f"({s.hit}/{s.req} gold, {s.fp} false)")
        typer.echo("      recall by root: " + "  ".join(f"{r}:{f}/{n}" for r, (f, n) in sorted(s.roots.items())))


@app.command()
def codes(query: Optional[str] = typer.Argument(None, help="Code prefix or words to search for."),
          format: str = typer.Option("table", help="table, json or tsv")) -> None:
    """List or search the CAMEO codebook (names, Goldstein, QuadClass, PLOVER)."""
    from geokg.schema import codebook  # noqa: PLC0415

    rows = codebook.search(query) if query else codebook.all_codes()
    if not rows:
        _fail(f"no CAMEO code matches {query!r}", 1)
    if format == "json":
        typer.echo(json.dumps([{"code": c.code, "name": c.name, "goldstein": c.goldstein,
                                "quad_class": c.quad_class, "plover": c.plover} for c in rows], indent=2))
        return
    for c in rows:
        typer.echo(f"{c.code:<5} {c.goldstein:>5.1f}  Q{c.quad_class}  {c.plover:<11} {c.name}")


@app.command()
def ingest(
    files: list[str] = typer.Argument(..., help="Article files, folders, globs; or JSONL of extracted events."),
    store: Optional[str] = typer.Option(None, help="Store URI: a path, sqlite:///path, neo4j:// or bolt://host:port "
                                        "(default: a file under the user's data directory)."),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD for all articles."),
    published_from: Optional[Path] = typer.Option(None, "--published-from", help=_PUBLISHED_FROM_HELP),
    lang: Optional[str] = typer.Option(None, help="Language code (id, en); detected when omitted."),
    encoding: Optional[str] = typer.Option(None, help="Input encoding when not UTF-8."),
    batch_size: Optional[int] = typer.Option(None, min=1, help="Items per transaction (default: the store's; "
                                             "20,000 embedded, 5,000 Neo4j)."),
    user: Optional[str] = typer.Option(None, help="Neo4j user (or GEOKG_NEO4J_USER)."),
    password: Optional[str] = typer.Option(None, help="Neo4j password (or GEOKG_NEO4J_PASSWORD)."),
    prepare_queries: bool = typer.Option(True, help="Embedded store: bring the prepared queries' summary tables "
                                         "up to date after loading, so that the first query answers at once."),
    jobs: Optional[int] = typer.Option(None, min=1, help=_JOBS_HELP),
    strict: bool = typer.Option(False, "--strict", help=_STRICT_HELP),
    writers: Optional[int] = typer.Option(None, min=1, help="A Parquet event dataset into Neo4j: writers loading "
                                          "at once (default 2; the embedded store has one)."),
) -> None:
    """Extract articles and load them (or already extracted events, or a Parquet event dataset
    written by geokg extract --format parquet) into a graph store."""
    from geokg.dataset.reader import is_dataset  # noqa: PLC0415

    if any(is_dataset(f) for f in files):
        if len(files) != 1:
            _fail("a Parquet event dataset is loaded on its own: give it as the only input")
        given = [o for o, v in (("--published", published), ("--published-from", published_from), ("--lang", lang),
                                ("--encoding", encoding), ("--jobs", jobs)) if v is not None]
        if given:   # they were the extraction's, fixed in the dataset when it was written
            _fail(f"{', '.join(given)} apply to articles, not to a Parquet event dataset (already extracted)")
        _ingest_dataset(files[0], store, _neo4j_options(user, password), batch_size, writers, prepare_queries)
        return
    from geokg.extractors.batch import default_jobs  # noqa: PLC0415
    from geokg.extractors.ingest import input_size  # noqa: PLC0415
    from geokg.graph import default_store_uri  # noqa: PLC0415
    from geokg.graph.sqlite_store import SQLiteStore  # noqa: PLC0415
    from geokg.loading import load_paths  # noqa: PLC0415

    pub = _published(published)
    report = _batch_report(strict)
    total = input_size(files)
    # By bytes of input: one JSONL file may hold a million records.
    with _progress(total, unit="bytes") as bar:
        task = bar.add_task("ingesting", total=total)
        pending = 0

        def advance(n: int) -> None:  # the bar is told every 256 KB: per line, it took a third of the time
            nonlocal pending
            pending += n
            if pending >= 1 << 18:
                bar.advance(task, pending)
                pending = 0

        def loaded(st: Any, rep: Any) -> None:
            bar.stop()   # one live display at a time: the summaries' status line follows
            if prepare_queries and rep.events_new and isinstance(st, SQLiteStore):
                _prepare_summaries(st)

        done = load_paths(files, store or default_store_uri(), store_options=_neo4j_options(user, password),
                          batch_size=batch_size, on_loaded=loaded, published=pub, published_from=published_from,
                          lang=lang, encoding=encoding, on_bytes=advance, jobs=jobs or default_jobs(total),
                          report=report)
    if done.ingest is None:
        if report.summary():   # (a single input's own line has said why)
            typer.echo(f"geokg: nothing loaded; no store written at {store or default_store_uri()}", err=True)
    else:
        r = done.ingest
        typer.echo(f"{r.articles} articles, {r.events_new} new events, {r.mentions_new} new mentions "
                   f"in {r.batches} batches -> {done.uri}", err=True)
        typer.echo(json.dumps(done.stats))
    _finish(report)


def _ingest_dataset(folder: str, store: Optional[str], options: dict, batch_size: Optional[int],
                    writers: Optional[int], prepare_queries: bool) -> None:
    """``geokg ingest DATASET``: load a Parquet event dataset, report events/s, print the counts."""
    from geokg.dataset.load import load_dataset  # noqa: PLC0415
    from geokg.graph import default_store_uri  # noqa: PLC0415
    from geokg.graph.sqlite_store import SQLiteStore  # noqa: PLC0415

    def loaded(st: Any, rep: Any) -> None:
        if prepare_queries and rep.events_new and isinstance(st, SQLiteStore):
            _prepare_summaries(st)

    done = load_dataset(folder, store or default_store_uri(), store_options=options, batch_size=batch_size,
                        writers=writers, on_loaded=loaded)
    if done.unfinished:
        typer.echo(f"geokg: warning: {folder}: {done.unfinished:,} shards are not finished and were left out; "
                   "finish them by running the same geokg extract command again", err=True)
    r = done.ingest
    typer.echo(f"geokg: {done.articles:,} articles and {done.rows:,} event rows from {done.shards:,} shards in "
               f"{done.seconds:.1f} s ({done.events_per_second:,.0f} event rows/s, {done.writers} writer"
               f"{'s' if done.writers > 1 else ''}"
               f"{f', {done.retries} chunks retried' if done.retries else ''}): {r.events_new:,} new events, "
               f"{r.mentions_new:,} new mentions -> {done.uri}", err=True)
    typer.echo(json.dumps(done.stats))


@app.command()
def stats(store: Optional[str] = typer.Option(None, help="Store URI (default: the user's data directory)."),
          format: str = typer.Option("table", help="table or json"),
          user: Optional[str] = typer.Option(None, help="Neo4j user."),
          password: Optional[str] = typer.Option(None, help="Neo4j password.")) -> None:
    """Counts of articles, events, mentions, actors and dyads in a store."""
    from geokg.graph import open_store  # noqa: PLC0415

    # read_only=None: a store this user may not write is read without changing it
    with open_store(store, create=False, read_only=None, **_neo4j_options(user, password)) as st:
        counts = st.stats()
    if format == "json":
        typer.echo(json.dumps(counts))
        return
    for k in ("articles", "events", "mentions", "actors", "dyads"):
        typer.echo(f"{k:<10} {counts.get(k, 0):>12,}")


@app.command()
def demo(folder: Path = typer.Argument(Path("examples"), help="Folder of demo articles (with published.tsv)."),
         out: Path = typer.Option(Path("out/demo"), help="Where to write the results.")) -> None:
    """Run the main job on the demo articles: extract, load, query, export; print where results are."""
    from geokg.demo import run_demo  # noqa: PLC0415

    run_demo(folder, out, say=typer.echo)


def _neo4j_options(user: Optional[str], password: Optional[str]) -> dict:
    return {k: v for k, v in (("user", user), ("password", password)) if v is not None}


def _register_plugins() -> None:
    """Commands of the optional parts (queries, exports, web), each in its own ``cli`` module."""
    import importlib  # noqa: PLC0415
    import importlib.util  # noqa: PLC0415

    for name in ("geokg.queries.cli", "geokg.export.cli", "geokg.web.cli"):
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name).register(app)


_register_plugins()


#: Rich's help panels need this many columns to show every option name whole.
RICH_HELP_MIN_COLUMNS = 100


def _fit_help_to_terminal() -> None:
    """Plain click help on a terminal narrower than :data:`RICH_HELP_MIN_COLUMNS`: rich's option
    table cut names such as ``--no-prepare-queries`` to fit 80 columns; click's list wraps only the
    help text."""
    import shutil  # noqa: PLC0415

    # The fallback is rich's own width when it finds no terminal (help piped to a file or a pager).
    if shutil.get_terminal_size((80, 24)).columns < RICH_HELP_MIN_COLUMNS:
        app.rich_markup_mode = None


def usage_error_line(exc: Exception) -> str:
    """A click usage error as one line: the message and where help is, instead of click's three
    lines (usage, a hint, the message).

    >>> import click
    >>> ctx = click.Context(click.Command("stats"), info_name="geokg stats")
    >>> usage_error_line(click.UsageError("No such option: --bogus", ctx))
    'geokg stats: error: No such option: --bogus (see geokg stats --help)'
    """
    ctx = getattr(exc, "ctx", None)
    where = ctx.command_path if ctx is not None and ctx.command_path else "geokg"
    msg = (exc.format_message() if hasattr(exc, "format_message") else str(exc)).rstrip(".")
    hint = f" (see {where} --help)" if ctx is not None else ""
    return f"{where}: error: {msg}{hint}"


def _show_warnings() -> None:
    """Print a :class:`~geokg.errors.GeokgWarning` as one ``geokg: warning:`` line on stderr (Python
    shows a warning as two lines naming the source line, which tells a user nothing); others as before."""
    import warnings  # noqa: PLC0415

    from geokg.errors import GeokgWarning  # noqa: PLC0415

    default = warnings.showwarning

    def show(message, category, filename, lineno, file=None, line=None):  # noqa: ANN001 - warnings' own signature
        if isinstance(message, GeokgWarning) or (isinstance(category, type) and issubclass(category, GeokgWarning)):
            typer.echo(f"geokg: warning: {' '.join(str(message).split())}", err=True)
        else:
            default(message, category, filename, lineno, file, line)

    warnings.showwarning = show


def main() -> None:
    """Entry point: run the app; turn known errors into one line and exit status 2."""
    import logging  # noqa: PLC0415

    # The Neo4j driver logs a failed connection at ERROR with no handler of its own, so Python's
    # last-resort handler printed it above our one-line message; the message already says it.
    logging.getLogger("neo4j").addHandler(logging.NullHandler())
    _show_warnings()
    _fit_help_to_terminal()
    try:
        rv = app(standalone_mode=False)
        sys.exit(rv if isinstance(rv, int) else 0)
    except GeokgError as exc:
        typer.echo(f"geokg: error: {exc}", err=True)
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("geokg: aborted", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        typer.echo("geokg: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except SystemExit as exc:
        # click turns a closed stdout (`geokg extract ... | head`) into exit 1 after wrapping the
        # streams so that nothing more is written; reading stopped early is not a failure.
        if exc.code == 1 and type(sys.stdout).__name__ == "PacifyFlushWrapper":
            sys.exit(0)
        raise
    except Exception as exc:  # noqa: BLE001 - a click usage error or a bug: one line, never a traceback
        # Usage errors are click's ClickException, or since typer 0.2x its vendored copy (another
        # class): told apart from bugs by what they can do, not by their class.
        show, code = getattr(exc, "show", None), getattr(exc, "exit_code", None)
        if callable(show) and isinstance(code, int):
            if type(exc).__name__ == "NoArgsIsHelpError":   # `geokg` alone: the help is the message
                show(file=sys.stderr)
            else:
                typer.echo(usage_error_line(exc), err=True)
            sys.exit(code)
        # one line even then: a pydantic ValidationError's message runs over several
        first = " ".join(str(exc).split())[:500]
        typer.echo(f"geokg: internal error: {type(exc).__name__}: {first} (please report it)", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
