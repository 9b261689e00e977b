"""Prepared analytical queries: named, parameterised, documented, the same answers on every store.

>>> from geokg.queries.demo import demo_store
>>> store = demo_store()
>>> [r.date for r in run(store, "dyad_timeline", actor="PRK", partner="RUS").rows]
['2023-07', '2023-08-15', '2023-08-15', '2023-08-15']
>>> "dyad_timeline" in [q.name for q in list_queries()]
True
"""

from geokg.queries.registry import Query, get, list_queries, query, register, run, store_kind

__all__ = ["Query", "get", "list_queries", "query", "register", "run", "store_kind"]
