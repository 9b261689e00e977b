"""The web API and dashboard: ``create_app(store_uri)`` (FastAPI) and ``geokg serve``.

>>> from geokg.web import create_app
>>> callable(create_app)
True
"""

from geokg.web.app import create_app

__all__ = ["create_app"]
