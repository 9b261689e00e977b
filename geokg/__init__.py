"""geokg: news articles (Indonesian, English) to CAMEO-coded, dated events in a graph store.

>>> import geokg
>>> sorted(n for n in ("extract", "open_store", "read_articles") if hasattr(geokg, n))
['extract', 'open_store', 'read_articles']
"""

from geokg.extractors.ingest import read_articles
from geokg.extractors.pipeline import extract
from geokg.graph import open_store
from geokg.schema.models import Actor, Article, Event, Evidence, Mention

__version__ = "0.1.0"
__all__ = ["Actor", "Article", "Event", "Evidence", "Mention", "extract", "open_store", "read_articles"]
