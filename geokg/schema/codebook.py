"""The CAMEO event codebook (as used by GDELT) with Goldstein scores, quad classes and PLOVER categories.

The table ships as ``geokg/schema/data/cameo.tsv``; where each column comes from, and the
rules used to fill gaps, are in ``data/SOURCES.md``. It is read once, on first use.

>>> lookup("112").name
'Accuse, not specified below'
>>> [c.code for c in children("11")][:3]
['110', '111', '112']
"""

from __future__ import annotations

import csv
import functools
import math
import os
import re
from dataclasses import dataclass
from importlib import resources

from geokg.errors import DataFileError

__all__ = [
    "PLOVER_CATEGORIES", "NO_PLOVER", "CameoCode", "lookup", "get", "roots", "children",
    "all_codes", "search", "quad_class_of", "plover_of",
]

#: The 16 PLOVER event categories, in the order of the PLOVER manual.
PLOVER_CATEGORIES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)

#: Marker in the ``plover`` column for codes PLOVER does not code (CAMEO 01, public statements).
NO_PLOVER = "DROPPED"

# Roots whose acts can be one-sided, with nobody on the receiving end (shared/eval/CODING.md: "fired a
# missile into the sea", "called for restraint", protests, exercises). Every other root is an interaction:
# with no target found, the extractor has not understood the sentence, and says nothing. Force (18-20) is
# an interaction too: "he kicked the book", "drones struck a depot" with no owner or place found name what
# was hit but not whom, and coding them as attacks on nobody cost precision on every evaluation set.
ONE_SIDED_ROOTS = frozenset({"02", "13", "14", "15"})

_COLUMNS = ("code", "name", "goldstein", "quad_class", "plover", "description")
_CODE_RE = re.compile(r"\d{2,4}")
_WORD_RE = re.compile(r"[a-z0-9]+")


def _quad_for_root(root: int) -> int:
    # GDELT's QuadClass split (checked against real GDELT rows, see SOURCES.md); used to
    # catch a mistyped quad_class in the TSV.
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO event code.

    >>> c = CameoCode("1123", "Accuse of aggression", -2.0, 3, "ACCUSE", "")
    >>> c.root
    '11'
    """

    code: str
    name: str
    goldstein: float
    quad_class: int
    plover: str
    description: str = ""

    @property
    def root(self) -> str:
        """The two-digit root code, e.g. ``"11"`` for ``"1123"``."""
        return self.code[:2]


def _load(path: str | os.PathLike[str]) -> dict[str, CameoCode]:
    """Parse and validate a codebook TSV; keys keep file order.

    Private but path-taking so tests can feed it broken files.
    """
    def fail(line: int, msg: str) -> DataFileError:
        return DataFileError(f"{path}:{line}: {msg}")

    try:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.reader(f, delimiter="\t")
            header = next(reader, None)
            if header is None or tuple(h.strip() for h in header) != _COLUMNS:
                raise fail(1, f"header must be {'<TAB>'.join(_COLUMNS)}, got {header!r}")
            codes: dict[str, CameoCode] = {}
            lines: dict[str, int] = {}
            for row in reader:
                line = reader.line_num
                if not row or not "".join(row).strip():
                    continue  # tolerate blank lines (e.g. a trailing one)
                if len(row) != len(_COLUMNS):
                    raise fail(line, f"expected {len(_COLUMNS)} tab-separated fields, got {len(row)}")
                code, name, gold_s, quad_s, plover, desc = (v.strip() for v in row)
                if not _CODE_RE.fullmatch(code) or not 1 <= int(code[:2]) <= 20:
                    raise fail(line, f"code must be 2-4 digits with root 01-20, got {code!r}")
                if code in codes:
                    raise fail(line, f"duplicate code {code!r} (first on line {lines[code]})")
                if not name:
                    raise fail(line, f"code {code}: empty name")
                try:
                    gold = float(gold_s)
                except ValueError:
                    raise fail(line, f"code {code}: goldstein is not a number: {gold_s!r}") from None
                if math.isnan(gold) or not -10.0 <= gold <= 10.0:
                    raise fail(line, f"code {code}: goldstein must be in [-10, 10], got {gold_s!r}")
                if quad_s not in ("1", "2", "3", "4"):
                    raise fail(line, f"code {code}: quad_class must be 1-4, got {quad_s!r}")
                quad = int(quad_s)
                if quad != _quad_for_root(int(code[:2])):
                    raise fail(line, f"code {code}: quad_class {quad} does not match root "
                                     f"{code[:2]} (expected {_quad_for_root(int(code[:2]))})")
                if plover not in PLOVER_CATEGORIES and plover != NO_PLOVER:
                    raise fail(line, f"code {code}: plover must be a PLOVER category or "
                                     f"{NO_PLOVER}, got {plover!r}")
                codes[code] = CameoCode(code, name, gold, quad, plover, desc)
                lines[code] = line
    except OSError as e:
        raise DataFileError(f"{path}: cannot read CAMEO codebook: {e}") from e
    except UnicodeDecodeError as e:
        raise DataFileError(f"{path}: not UTF-8 text: {e}") from e
    except csv.Error as e:
        raise DataFileError(f"{path}: malformed TSV: {e}") from e
    if not codes:
        raise fail(1, "no codes")
    # Hierarchy check after the loop: parents need not precede children in the file.
    for code, line in lines.items():
        parent = code[:-1] if len(code) == 4 else code[:2]
        if parent != code and parent not in codes:
            raise fail(line, f"code {code}: parent code {parent} is missing")
    return codes


@functools.lru_cache(maxsize=1)
def _codebook() -> dict[str, CameoCode]:
    # as_file keeps this working if the package is ever imported from a zip.
    with resources.as_file(resources.files("geokg.schema") / "data" / "cameo.tsv") as p:
        return _load(p)


def get(code: str) -> CameoCode | None:
    """The entry for an exact CAMEO code, or ``None`` if there is none.

    >>> get("0874").goldstein
    10.0
    >>> get("999") is None
    True
    """
    return _codebook().get(code)


def lookup(code: str) -> CameoCode:
    """The entry for an exact CAMEO code (``"01"``, ``"112"``, ``"1246"``); ``KeyError`` if unknown.

    >>> lookup("112")
    CameoCode(code='112', name='Accuse, not specified below', goldstein=-2.0, quad_class=3, plover='ACCUSE', description='PLOVER mode=disapprove')
    >>> lookup("1213")  # in CAMEO-to-PLOVER tables, but not a GDELT code
    Traceback (most recent call last):
    ...
    KeyError: "unknown CAMEO code '1213'"
    >>> lookup("1").name  # roots are always two digits
    Traceback (most recent call last):
    ...
    KeyError: "unknown CAMEO code '1'"
    """
    entry = _codebook().get(code)
    if entry is None:
        raise KeyError(f"unknown CAMEO code {code!r}")
    return entry


def all_codes() -> list[CameoCode]:
    """Every code, roots first within each root's block, in codebook order.

    >>> len(all_codes()), all_codes()[0].code, all_codes()[-1].code
    (311, '01', '2042')
    """
    return list(_codebook().values())


def roots() -> list[CameoCode]:
    """The 20 root codes, ``"01"`` to ``"20"``.

    >>> [r.code for r in roots()][:3], len(roots())
    (['01', '02', '03'], 20)
    """
    return [c for c in _codebook().values() if len(c.code) == 2]


def children(code: str) -> list[CameoCode]:
    """Direct children: a root's 3-digit codes, or a 3-digit code's 4-digit codes.

    ``KeyError`` if *code* itself is unknown; a 4-digit code has no children.

    >>> [c.code for c in children("112")]
    ['1121', '1122', '1123', '1124', '1125']
    >>> children("1246")
    []
    """
    lookup(code)
    return [c for c in _codebook().values()
            if len(c.code) == len(code) + 1 and c.code.startswith(code)]


def search(query: str) -> list[CameoCode]:
    """Codes matching every word of *query*.

    A word of digits matches a code prefix; any other word matches the start of a word in
    the name, PLOVER category or description, ignoring case. An empty query matches nothing.

    >>> [c.code for c in search("veto")]
    ['129']
    >>> [c.code for c in search("accuse aggression")]
    ['1123']
    >>> [c.code for c in search("11 crime")]  # "crime" also matches "crimes"
    ['1121', '1124']
    """
    words = _WORD_RE.findall(query.lower())
    if not words:
        return []
    found = []
    for c in _codebook().values():
        text = _WORD_RE.findall(f"{c.name} {c.plover} {c.description}".lower())
        if all(c.code.startswith(w) if w.isdigit() else any(t.startswith(w) for t in text)
               for w in words):
            found.append(c)
    return found


def quad_class_of(code: str) -> int:
    """GDELT quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.

    >>> quad_class_of("057"), quad_class_of("090"), quad_class_of("145"), quad_class_of("190")
    (1, 2, 3, 4)
    """
    return lookup(code).quad_class


def plover_of(code: str) -> str:
    """PLOVER category of a code (``NO_PLOVER`` for CAMEO 01 statements, which PLOVER drops).

    >>> plover_of("112"), plover_of("1246"), plover_of("0231"), plover_of("010")
    ('ACCUSE', 'REJECT', 'REQUEST', 'DROPPED')
    """
    return lookup(code).plover
