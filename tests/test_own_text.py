"""The project's own texts (evaluation sets, demo articles, structure cases) are our own writing: none shares
a run of eight words with the third-party texts in ../shared (the reference sample and the development set)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
OWN = [ROOT / "tests" / "data" / "eval", ROOT / "tests" / "data" / "wire", ROOT / "tests" / "data" / "wire2",
       ROOT / "examples", ROOT / "tests" / "data" / "structure"]


def _grams(text: str, n: int = 8) -> set[str]:
    """Runs of ``n`` words, lowercased; runs made mostly of names and titles ("Duta Besar AS untuk PBB
    Linda Thomas-Greenfield") are not prose and are left out."""
    words = re.findall(r"\w+", text)
    return {" ".join(words[i:i + n]).lower() for i in range(len(words) - n + 1)
            if sum(w[:1].isupper() for w in words[i:i + n]) < n - 3}


def _third_party() -> set[str]:
    grams: set[str] = set()
    for folder in (SHARED / "samples", SHARED / "eval" / "devset"):
        for path in folder.rglob("*"):
            if path.is_file() and path.suffix in (".txt", ".html", ".htm"):
                grams |= _grams(path.read_text(encoding="utf-8", errors="replace"))
    return grams


@pytest.mark.skipif(not (SHARED / "eval" / "devset").is_dir(), reason="../shared is not checked out next to the project")
def test_no_own_text_shares_eight_words_with_third_party_text():
    third = _third_party()
    assert len(third) > 1000  # the third-party texts were found and read
    copied = {}
    for folder in OWN:
        for path in folder.rglob("*"):
            if path.is_file() and path.suffix in (".txt", ".tsv", ".md"):
                common = _grams(path.read_text(encoding="utf-8")) & third
                if common:
                    copied[str(path.relative_to(ROOT))] = sorted(common)[:3]
    assert not copied, copied


def test_wire_gold_is_complete_and_split_in_halves():
    from geokg.evaluate import load_gold

    for lang in ("en", "id"):
        folder = ROOT / "tests" / "data" / "wire" / lang
        gold = load_gold(folder / "gold.json")
        assert len(gold) == 18
        assert sorted(spec["split"] for spec in gold.values()) == ["test"] * 9 + ["tune"] * 9
        for name, spec in gold.items():
            assert (folder / name).is_file(), name
            assert name.startswith(f"{lang}_w")
            assert any(not e.get("opt") for e in spec["events"]), name


def test_fresh_wire_gold_is_complete_and_held_out():
    from geokg.evaluate import load_gold

    for lang in ("en", "id"):
        folder = ROOT / "tests" / "data" / "wire2" / lang
        gold = load_gold(folder / "gold.json")
        assert len(gold) == 10
        assert {spec["split"] for spec in gold.values()} == {"test"}  # scored only, never read while tuning
        for name, spec in gold.items():
            assert (folder / name).is_file(), name
            assert name.startswith(f"{lang}_f")
            assert any(not e.get("opt") for e in spec["events"]), name
