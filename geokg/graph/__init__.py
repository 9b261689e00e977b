"""Graph stores behind one interface, opened by URI (see :func:`open_store`)."""

from geokg.graph.base import (ActorFilter, EventFilter, GraphStore, IngestReport, StoredActor,
                              StoredEvent, actor_key, happening_id, mention_id)
from geokg.graph.registry import default_store_uri, open_store, register_store

__all__ = ["ActorFilter", "EventFilter", "GraphStore", "IngestReport", "StoredActor", "StoredEvent",
           "actor_key", "default_store_uri", "happening_id", "mention_id", "open_store", "register_store"]
