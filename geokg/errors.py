"""One exception type per kind of failure; the CLI turns each into a one-line message and exit status 2."""


class GeokgError(Exception):
    """Base of every error geokg reports to users."""


class InputError(GeokgError):
    """An input file or record cannot be read: missing, empty, binary, malformed, too large."""


class LanguageError(GeokgError):
    """The language is not supported, or cannot be detected."""


class DataFileError(GeokgError):
    """A shipped or user dictionary file is invalid (names the file and line)."""


class StoreError(GeokgError):
    """A graph store cannot be opened, written or read (e.g. the server is down)."""


class QueryError(GeokgError):
    """A prepared query is unknown or got bad parameters."""


class OutputError(GeokgError):
    """An output file cannot be written (missing or read-only folder, full disk)."""
