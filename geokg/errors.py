"""One exception type per kind of failure; the CLI turns each into a one-line message and exit status 2."""


class GeokgError(Exception):
    """Base of every error geokg reports to users.

    *kind* names the kind of failure in a few words ("empty", "binary", "unsupported language"): a
    batch that goes on past a bad input counts its skipped inputs by kind in its closing summary.

    >>> InputError("a.txt: empty file", kind="empty").kind, InputError("x").kind
    ('empty', 'unreadable')
    """

    kind: str = "error"

    def __init__(self, *args: object, kind: str | None = None) -> None:
        super().__init__(*args)
        if kind is not None:
            self.kind = kind


class InputError(GeokgError):
    """An input file or record cannot be read: missing, empty, binary, malformed, too large."""

    kind = "unreadable"


class LanguageError(GeokgError):
    """The language is not supported, or cannot be detected."""

    kind = "unknown language"


class DataFileError(GeokgError):
    """A shipped or user dictionary file is invalid (names the file and line)."""


class StoreError(GeokgError):
    """A graph store cannot be opened, written or read (e.g. the server is down)."""


class ClusterError(GeokgError):
    """A Dask cluster cannot be reached, or failed while running a job (names the scheduler)."""


class QueryError(GeokgError):
    """A prepared query is unknown or got bad parameters."""


class OutputError(GeokgError):
    """An output file cannot be written (missing or read-only folder, full disk)."""


class GeokgWarning(UserWarning):
    """Something a user should know that does not stop the work (a read-only store's query
    summaries computed in memory, a write-ahead log that cannot be read). The CLI prints each as one
    ``geokg: warning:`` line on stderr; library callers get Python's :mod:`warnings`.

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warnings.warn(GeokgWarning("summaries computed in memory"))
    >>> str(caught[0].message)
    'summaries computed in memory'
    """
