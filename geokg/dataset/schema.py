"""The Parquet event dataset's columns: one row per event mention, every field of the extraction
contract flattened, and the rows' way back to :class:`~geokg.schema.models.Event` objects.

A dataset folder holds two tables, both partitioned by publication month (``month=2023-08``,
``month=undated``; Hive style, so DuckDB, pandas, polars and Spark read the month as a column):
``events/`` (:data:`EVENT_COLUMNS`) and ``articles/`` (:data:`ARTICLE_COLUMNS`: every article read,
also those with no event, so that a store loaded from the dataset counts the same articles).

Rows keep the input order (``shard``, ``article_seq``, ``event_seq``), so that a dataset is loaded
into a store in the order in which an article-by-article ingest would have given the same items.

>>> from geokg.schema.models import Actor, Event, Evidence
>>> e = Event(article_id="a1", cameo="112", quad_class=3, goldstein=-2.0, plover="ACCUSE",
...           evidence=Evidence(text="Russia accused Japan.", start=0, end=21), confidence=0.8,
...           source=Actor(id="RUS", name="Russia", kind="state", country="RUS"), published="2023-08-16")
>>> row = event_row(e, shard="sh_1", article_seq=0, event_seq=0)
>>> row["source_name"], row["target_id"], row["published"]
('Russia', None, datetime.date(2023, 8, 16))
>>> row_event(row) == e
True
"""

from __future__ import annotations

from datetime import date
from typing import Any

from geokg.schema.models import Actor, Article, Event

__all__ = ["EVENT_COLUMNS", "ARTICLE_COLUMNS", "ACTOR_FIELDS", "event_row", "row_event", "article_row",
           "row_article", "month_of", "arrow_schema", "schema_markdown", "SCHEMA_VERSION"]

#: Bumped when columns change meaning; a dataset records the version it was written with.
SCHEMA_VERSION = 1

#: Fields of an actor, each a column ``source_<field>`` and ``target_<field>``.
ACTOR_FIELDS = ("id", "name", "kind", "country", "wikidata", "role", "sector")

# (column, Arrow type name, description). The order is the files' column order.
_EVENT = [
    ("event_id", "string", "the extraction contract's event id (stable for the same input)"),
    ("article_id", "string", "the article's own id (JSONL `id`), else the file name without extension"),
    ("date", "string", "the event's own date: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; null when the text gives none"),
    ("date_precision", "string", "`day`, `month`, `year` or null"),
    ("cameo", "string", "CAMEO code, 3 or 4 digits"),
    ("quad_class", "int8", "QuadClass 1-4"),
    ("goldstein", "float64", "Goldstein scale, -10 to 10"),
    ("plover", "string", "PLOVER category"),
    *[(f"{side}_{f}", "string", f"{side} actor's {f}" + (" (null: no {side})".format(side=side) if f == "id" else ""))
      for side in ("source", "target") for f in ACTOR_FIELDS],
    ("factuality", "string", "asserted, denied, alleged, planned, hypothetical or negated"),
    ("evidence_text", "string", "the sentence the event was read from"),
    ("evidence_start", "int64", "its first character's offset in the cleaned article text"),
    ("evidence_end", "int64", "the offset just after its last character"),
    ("confidence", "float64", "the extractor's confidence, 0-1"),
    ("trigger", "string", "the word that triggered the event"),
    ("lang", "string", "the language the article was read in (`id`, `en`)"),
    ("published", "date32", "the article's publication date (null when unknown)"),
    ("url", "string", "the article's URL"),
    ("title", "string", "the article's title"),
    ("published_source", "string", "where the publication date came from (`record`, `byline`, `option`, ...)"),
    ("shard", "string", "the input shard the row came from (its key in the manifest)"),
    ("article_seq", "int32", "the article's position in its shard"),
    ("event_seq", "int32", "the event's position among its article's events"),
]
_ARTICLE = [
    ("article_id", "string", "the article's id"),
    ("url", "string", "its URL"),
    ("title", "string", "its title"),
    ("published", "date32", "its publication date (null when unknown)"),
    ("lang", "string", "the language its input gave (null when detected)"),
    ("source", "string", "the file, record (`file:line`) or table row it was read from"),
    ("published_source", "string", "where the publication date came from"),
    ("events", "int32", "how many event rows it has in `events/`"),
    ("shard", "string", "the input shard it came from"),
    ("article_seq", "int32", "its position in the shard"),
]

#: Column names of ``events/`` in file order.
EVENT_COLUMNS: tuple[str, ...] = tuple(c for c, _, _ in _EVENT)
#: Column names of ``articles/`` in file order.
ARTICLE_COLUMNS: tuple[str, ...] = tuple(c for c, _, _ in _ARTICLE)


def arrow_schema(table: str = "events") -> Any:
    """The pyarrow schema of ``events`` or ``articles`` (pyarrow is imported only here).

    >>> arrow_schema("articles").field("published").type
    DataType(date32[day])
    """
    import pyarrow as pa  # noqa: PLC0415 - the scale extra; the core does not need it

    cols = _EVENT if table == "events" else _ARTICLE
    return pa.schema([pa.field(name, getattr(pa, kind)()) for name, kind, _ in cols])


def month_of(published: date | str | None) -> str:
    """The partition a publication date falls in: ``YYYY-MM``, or ``undated``.

    >>> month_of(date(2023, 8, 16)), month_of("2024-01-02"), month_of(None)
    ('2023-08', '2024-01', 'undated')
    """
    if published is None:
        return "undated"
    return str(published)[:7]


def _actor_cols(side: str, a: Actor | None, row: dict[str, Any]) -> None:
    for f in ACTOR_FIELDS:
        row[f"{side}_{f}"] = getattr(a, f) if a is not None else None


def event_row(e: Event, *, shard: str, article_seq: int, event_seq: int) -> dict[str, Any]:
    """The dataset row of one event mention: actors flattened into ``source_*``/``target_*``,
    evidence into ``evidence_*``, the publication date a date; *shard*, *article_seq* and
    *event_seq* keep the input order.

    >>> from geokg.schema.models import Evidence
    >>> e = Event(article_id="a", cameo="040", quad_class=1, goldstein=1.0, plover="CONSULT",
    ...           evidence=Evidence(text="x", start=3, end=4), confidence=0.5)
    >>> row = event_row(e, shard="s", article_seq=2, event_seq=0)
    >>> row["evidence_start"], row["source_id"], row_event(row).event_id == e.event_id
    (3, None, True)
    """
    ev = e.evidence
    row: dict[str, Any] = {"event_id": e.event_id, "article_id": e.article_id, "date": e.date,
                           "date_precision": e.date_precision, "cameo": e.cameo, "quad_class": e.quad_class,
                           "goldstein": e.goldstein, "plover": e.plover}
    _actor_cols("source", e.source, row)
    _actor_cols("target", e.target, row)
    row.update(factuality=e.factuality, evidence_text=ev.text, evidence_start=ev.start, evidence_end=ev.end,
               confidence=e.confidence, trigger=e.trigger, lang=e.lang,
               published=date.fromisoformat(e.published) if e.published else None, url=e.url, title=e.title,
               published_source=e.published_source, shard=shard, article_seq=article_seq, event_seq=event_seq)
    return row


def _actor(side: str, row: dict[str, Any]) -> dict[str, Any] | None:
    if row.get(f"{side}_id") is None:
        return None
    return {f: row.get(f"{side}_{f}") for f in ACTOR_FIELDS}


def row_event(row: dict[str, Any]) -> Event:
    """The :class:`Event` a dataset row was made from, validated as a JSONL event record is.

    A row edited by hand that is no valid event raises pydantic's ValidationError.

    >>> from geokg.schema.models import Evidence
    >>> e = Event(article_id="a", cameo="112", quad_class=3, goldstein=-2.0, plover="ACCUSE", date="2023-08",
    ...           date_precision="month", evidence=Evidence(text="x", start=0, end=1), confidence=0.8)
    >>> row_event(event_row(e, shard="s", article_seq=0, event_seq=0)).date
    '2023-08'
    """
    pub = row.get("published")
    return Event.model_validate({
        "event_id": row["event_id"], "article_id": row["article_id"], "date": row.get("date"),
        "date_precision": row.get("date_precision"), "cameo": row["cameo"], "quad_class": row["quad_class"],
        "goldstein": row["goldstein"], "plover": row["plover"],
        "source": _actor("source", row), "target": _actor("target", row), "factuality": row["factuality"],
        "evidence": {"text": row["evidence_text"], "start": row["evidence_start"], "end": row["evidence_end"]},
        "confidence": row["confidence"], "trigger": row.get("trigger"), "lang": row.get("lang"),
        "published": pub.isoformat() if isinstance(pub, date) else pub, "url": row.get("url"),
        "title": row.get("title"), "published_source": row.get("published_source")})


def article_row(a: Article, *, events: int, shard: str, article_seq: int) -> dict[str, Any]:
    """The ``articles/`` row of an article (its text stays out: the events carry their sentences).

    >>> article_row(Article(id="a", text="x", lang="en"), events=2, shard="s", article_seq=3)["events"]
    2
    """
    return {"article_id": a.id, "url": a.url, "title": a.title, "published": a.published, "lang": a.lang,
            "source": a.source, "published_source": a.published_source, "events": events, "shard": shard,
            "article_seq": article_seq}


def row_article(row: dict[str, Any]) -> Article:
    """The :class:`Article` a store is given for an ``articles/`` row (with an empty text: stores
    keep no article text).

    >>> row_article(article_row(Article(id="a", text="x", url="u"), events=0, shard="s", article_seq=0)).url
    'u'
    """
    return Article.model_validate({"id": row["article_id"], "text": "", "url": row.get("url"),
                                   "title": row.get("title"), "published": row.get("published"),
                                   "lang": row.get("lang"), "source": row.get("source"),
                                   "published_source": row.get("published_source")})


def schema_markdown(table: str = "events") -> str:
    """The table's columns as a Markdown table (the README's schema section is this).

    >>> print(schema_markdown("articles").splitlines()[2])
    | `article_id` | string | the article's id |
    """
    cols = _EVENT if table == "events" else _ARTICLE
    lines = ["| column | type | meaning |", "| --- | --- | --- |"]
    lines += [f"| `{name}` | {kind} | {doc} |" for name, kind, doc in cols]
    return "\n".join(lines)
