"""The web API and dashboard: ``create_app(store_uri)`` (FastAPI) and ``geokg serve``.

FastAPI is imported on first use, so that the command line does not pay for it on every call.

>>> from geokg.web import create_app
>>> callable(create_app)
True
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from geokg.web.app import create_app  # noqa: PLC0415

        return create_app
    raise AttributeError(name)
