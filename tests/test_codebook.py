"""The shipped CAMEO codebook and its loader."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from geokg.errors import DataFileError
from geokg.schema import codebook
from geokg.schema.codebook import (
    NO_PLOVER, PLOVER_CATEGORIES, CameoCode, _codebook, _load, all_codes, children, get,
    lookup, plover_of, quad_class_of, roots, search,
)

HEADER = "code\tname\tgoldstein\tquad_class\tplover\tdescription\n"


def test_every_row_loads() -> None:
    counts = Counter(len(c.code) for c in all_codes())
    assert counts == {2: 20, 3: 147, 4: 144}
    assert len({c.code for c in all_codes()}) == 311


def test_exactly_twenty_roots() -> None:
    assert [r.code for r in roots()] == [f"{i:02d}" for i in range(1, 21)]


# Expected values read from the source tables (GDELT Goldstein and name lookups,
# CAMEO2PLOVER-2021.txt), not from cameo.tsv.
@pytest.mark.parametrize("code, name, goldstein, quad, plover", [
    ("112", "Accuse, not specified below", -2.0, 3, "ACCUSE"),
    ("0214", "Appeal for intelligence", 3.4, 1, "REQUEST"),            # 02 → REQUEST rule
    ("010", "Make statement, not specified below", 0.0, 1, NO_PLOVER),  # 01 dropped by PLOVER
    ("057", "Sign formal agreement", 8.0, 1, "SUPPORT"),
    ("090", "Investigate, not specified below", -2.0, 2, "ACCUSE"),
    ("0813", "Ease curfew", 5.0, 2, "RETREAT"),                        # per-code, root 08 is CONCEDE
    ("0874", "Retreat or surrender militarily", 10.0, 2, "RETREAT"),
    ("106", "Demand withdrawal", -5.0, 3, "REQUEST"),                  # repaired merged line; DEMAND→REQUEST
    ("13", "THREATEN", -6.0, 3, "THREATEN"),                           # root's own value, not 130's -4.4
    ("145", "Protest violently, riot", -7.5, 3, "PROTEST"),
    ("163", "Impose embargo, boycott, or sanctions", -8.0, 4, "COERCE"),
    ("1823", "Kill by physical assault", -10.0, 4, "ASSAULT"),
    ("044", "Meet at a 'third' location", 2.5, 1, "CONSULT"),          # repaired mojibake
])
def test_known_values(code: str, name: str, goldstein: float, quad: int, plover: str) -> None:
    c = lookup(code)
    assert (c.name, c.goldstein, c.quad_class, c.plover) == (name, goldstein, quad, plover)
    assert quad_class_of(code) == quad and plover_of(code) == plover


def test_hierarchy_is_complete() -> None:
    codes = {c.code for c in all_codes()}
    for c in all_codes():
        if len(c.code) == 4:
            assert c.code[:3] in codes, c.code
        if len(c.code) == 3:
            assert c.code[:2] in codes, c.code


def test_quad_class_follows_root() -> None:
    expected = {**dict.fromkeys(range(1, 6), 1), **dict.fromkeys(range(6, 10), 2),
                **dict.fromkeys(range(10, 15), 3), **dict.fromkeys(range(15, 21), 4)}
    for c in all_codes():
        assert c.quad_class == expected[int(c.root)] == lookup(c.root).quad_class, c.code


def test_plover_values() -> None:
    assert len(PLOVER_CATEGORIES) == 16 and NO_PLOVER not in PLOVER_CATEGORIES
    for c in all_codes():
        assert c.plover in PLOVER_CATEGORIES or c.plover == NO_PLOVER
        assert (c.plover == NO_PLOVER) == (c.root == "01"), c.code
    # Every PLOVER category is used by at least one code.
    assert {c.plover for c in all_codes()} == set(PLOVER_CATEGORIES) | {NO_PLOVER}


def test_goldstein_in_range() -> None:
    assert all(-10.0 <= c.goldstein <= 10.0 for c in all_codes())


def test_lookup_and_get() -> None:
    assert isinstance(lookup("01"), CameoCode) and lookup("1123").root == "11"
    assert get("1") is None and get("0") is None and get("21") is None
    with pytest.raises(KeyError, match="unknown CAMEO code '2050'"):
        lookup("2050")
    with pytest.raises(KeyError):
        lookup("1")  # roots are two digits; no padding is done


def test_children() -> None:
    assert [c.code for c in children("10")] == [f"10{i}" for i in range(9)]
    assert [c.code for c in children("101")] == ["1011", "1012", "1013", "1014"]
    assert children("2042") == []
    assert sum(len(children(r.code)) for r in roots()) == 147
    with pytest.raises(KeyError):
        children("99")


def test_search() -> None:
    assert "112" in [c.code for c in search("accuse")]
    assert [c.code for c in search("Veto")] == ["129"]
    assert [c.code for c in search("refuse de-escalate")] == ["1246"]
    assert {c.code for c in search("19")} == {"19", "190", "191", "192", "193", "194", "195", "196"}
    assert all(c.plover == "MOBILIZE" for c in search("mobilize"))
    assert search("") == [] and search("  ") == [] and search("zzzz") == []


def test_loaded_once() -> None:
    assert _codebook() is _codebook()
    assert codebook._codebook.cache_info().misses <= 1


# --- the loader on broken files -------------------------------------------------

GOOD = HEADER + "01\tMAKE PUBLIC STATEMENT\t0.0\t1\tDROPPED\t\n010\tMake statement\t0.0\t1\tDROPPED\t\n"


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "cameo.tsv"
    p.write_text(text, encoding="utf-8")
    return p


def test_load_small_valid_file(tmp_path: Path) -> None:
    codes = _load(_write(tmp_path, GOOD + "\n"))
    assert list(codes) == ["01", "010"] and codes["010"].name == "Make statement"


@pytest.mark.parametrize("row, line, message", [
    ("011\tDecline comment\tlots\t1\tDROPPED\t\n", 4, "goldstein is not a number"),
    ("011\tDecline comment\t-11\t1\tDROPPED\t\n", 4, r"goldstein must be in \[-10, 10\]"),
    ("011\tDecline comment\tnan\t1\tDROPPED\t\n", 4, "goldstein must be in"),
    ("011\tDecline comment\t-0.1\t5\tDROPPED\t\n", 4, "quad_class must be 1-4"),
    ("011\tDecline comment\t-0.1\t3\tDROPPED\t\n", 4, "does not match root 01"),
    ("011\tDecline comment\t-0.1\t1\t\t\n", 4, "plover must be"),
    ("011\tDecline comment\t-0.1\t1\tSHOUT\t\n", 4, "plover must be"),
    ("211\tNo such root\t-0.1\t1\tAGREE\t\n", 4, "root 01-20"),
    ("01a\tBad code\t-0.1\t1\tAGREE\t\n", 4, "2-4 digits"),
    ("011\tDecline comment\t-0.1\t1\n", 4, "expected 6 tab-separated fields, got 4"),
    ("010\tAgain\t0.0\t1\tDROPPED\t\n", 4, "duplicate code '010' \\(first on line 3\\)"),
    ("0111\tOrphan\t0.0\t1\tDROPPED\t\n", 4, "parent code 011 is missing"),
    ("\n\n021\tOrphan\t3.4\t1\tREQUEST\t\n", 6, "parent code 02 is missing"),
])
def test_broken_row_names_file_and_line(tmp_path: Path, row: str, line: int, message: str) -> None:
    p = _write(tmp_path, GOOD + row)
    with pytest.raises(DataFileError, match=f"^{re.escape(str(p))}:{line}: .*{message}"):
        _load(p)


def test_bad_header(tmp_path: Path) -> None:
    p = _write(tmp_path, "code\tname\n01\tX\n")
    with pytest.raises(DataFileError, match=f"^{re.escape(str(p))}:1: header"):
        _load(p)


def test_empty_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=":1: header"):
        _load(_write(tmp_path, ""))
    with pytest.raises(DataFileError, match=":1: no codes"):
        _load(_write(tmp_path, HEADER))
    with pytest.raises(DataFileError, match="cannot read"):
        _load(tmp_path / "absent.tsv")
    bad = tmp_path / "latin1.tsv"
    bad.write_bytes(HEADER.encode() + "01\tN\xe9\t0\t1\tDROPPED\t\n".encode("latin-1"))
    with pytest.raises(DataFileError, match="not UTF-8"):
        _load(bad)
