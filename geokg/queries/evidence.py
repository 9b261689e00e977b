"""Evidence for events: every article's report (mention) of them, read the same way from each store.

Mentions come in a fixed order, the same on every store: by the article's publication date
(undated articles last), then article id, then position in the article, then mention id.

>>> from geokg.queries.demo import demo_store
>>> s = demo_store()
>>> ev = [e for e in s.events() if e.cameo == "072"][0]
>>> [(m.article_id, m.factuality) for m in evidence_for(s, [ev.id])[ev.id]]
[('idn_kim_putin_letters', 'denied'), ('en_letters_followup', 'alleged')]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from geokg.queries.registry import store_kind
from geokg.queries.results import EvidenceRow

__all__ = ["evidence_for", "codebook_name"]

_SQL = ('SELECT m.event_id, m.article_id, a.published, a.title, a.url, m.evidence, m."start", m."end",'
        " m.factuality, m.confidence, m.source_actor, m.target_actor, m.id"
        " FROM mentions m LEFT JOIN articles a ON a.id = m.article_id WHERE m.event_id IN ({})")
# The event is matched first: a pattern that starts at (:Article) makes the test server walk
# every article (8 s instead of 20 ms for 200 events at 20k mentions).
_CYPHER = ("UNWIND $ids AS id MATCH (e:Event) WHERE e.id = id MATCH (a:Article)-[m:MENTIONS]->(e)"
           " RETURN id, a.id AS article_id, a.published AS published, a.title AS title, a.url AS url,"
           " m.text AS text, m.start AS start, m.end AS end, m.factuality AS factuality,"
           " m.confidence AS confidence, m.source_actor AS source_actor, m.target_actor AS target_actor,"
           " m.id AS mid")


def _key(r: tuple) -> tuple:
    # (published, article_id, start, end, mention id)
    return (r[2] is None, r[2] or "", r[1], r[6], r[7], r[12])


def evidence_for(store: Any, event_ids: Iterable[str], per_event: int | None = None,
                 factuality: Iterable[str] | None = None) -> dict[str, list[EvidenceRow]]:
    """event id -> its mentions as :class:`EvidenceRow` (at most *per_event* each; None = all).

    *factuality*, if given, keeps only mentions with one of those values.
    """
    ids = sorted(set(event_ids))
    out: dict[str, list[EvidenceRow]] = {i: [] for i in ids}
    if not ids or per_event == 0:
        return out
    keep = set(factuality) if factuality is not None else None
    rows: list[tuple] = []
    if store_kind(store) == "sqlite":
        c = store.connection
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            rows += c.execute(_SQL.format(",".join("?" * len(part))), part).fetchall()
    else:
        for i in range(0, len(ids), 2000):
            for r in store.read(_CYPHER, ids=ids[i:i + 2000]):
                rows.append((r["id"], r["article_id"], r["published"], r["title"], r["url"], r["text"], r["start"],
                             r["end"], r["factuality"], r["confidence"], r["source_actor"], r["target_actor"],
                             r["mid"]))
    rows.sort(key=_key)
    for r in rows:
        if keep is not None and r[8] not in keep:
            continue
        lst = out[r[0]]
        if per_event is None or len(lst) < per_event:
            lst.append(EvidenceRow(article_id=r[1], published=r[2][:10] if r[2] else None, title=r[3], url=r[4],
                                   text=r[5], start=r[6], end=r[7], factuality=r[8], confidence=r[9],
                                   source_actor=r[10], target_actor=r[11]))
    return out


def codebook_name(code: str) -> str:
    """The CAMEO code's name, or '' when the codebook does not know it."""
    from geokg.schema import codebook

    try:
        return codebook.lookup(code).name
    except Exception:  # an unknown code in a store is not worth failing a query for
        return ""
