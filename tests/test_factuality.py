"""Factuality: asserted, denied, alleged, planned, hypothetical, negated; in both languages."""

import pytest

from tests.helpers import run


def _facts(text, lang):
    return {(e.root, e.factuality) for e in run(text, lang=lang)}


@pytest.mark.parametrize("lang,text,root,fact", [
    ("id", "Jepang mengecam Korea Utara.", "11", "asserted"),
    ("en", "Japan condemned North Korea.", "11", "asserted"),
    ("id", "Jepang tidak mengecam Korea Utara.", "11", "negated"),
    ("en", "Japan did not condemn North Korea.", "11", "negated"),
    ("id", "Jepang akan mengunjungi Korea Selatan.", "04", "planned"),
    ("en", "Japan will visit South Korea.", "04", "planned"),
    ("en", "Japan plans to impose sanctions on Iran.", "16", "planned"),
    ("id", "Jika Iran menyerang Israel, Amerika Serikat akan membalas.", "19", "hypothetical"),
    ("en", "If Iran attacks Israel, the United States would respond.", "19", "hypothetical"),
    ("en", "Canada cited allegations linking India to the killing of a Sikh leader in Canada.", "18", "alleged"),
    ("en", "The allegations by Canada were rejected by India.", "12", "asserted"),
    ("en", "Washington reminded China that an armed attack on Philippine vessels would invoke the treaty.", "19",
     "hypothetical"),
    ("id", "Korea Utara diduga memasok senjata kepada Rusia.", "07", "alleged"),
    ("en", "North Korea reportedly supplied weapons to Russia.", "07", "alleged"),
])
def test_factuality(lang, text, root, fact):
    assert (root, fact) in _facts(text, lang)


def test_accused_content_is_alleged_and_accusation_asserted():
    evs = run("Amerika Serikat menuduh Korea Utara memasok senjata kepada Rusia.", lang="id")
    got = {(e.root, e.source.country, e.target.country if e.target else None, e.factuality) for e in evs}
    assert ("11", "USA", "PRK", "asserted") in got
    assert ("07", "PRK", "RUS", "alleged") in got


def test_denied_content_is_denied_and_denial_asserted():
    evs = run("Russia denied Kyiv's accusation that it had attacked Ukrainian ports.", lang="en")
    got = {(e.root, e.factuality) for e in evs}
    assert ("01", "asserted") in got and ("19", "denied") in got


def test_requested_meeting_is_planned_not_done():
    evs = run("Jepang menyerukan pertemuan dengan Korea Selatan.", lang="id")
    got = {(e.root, e.factuality) for e in evs}
    assert ("02", "asserted") in got
    assert ("04", "asserted") not in got


def test_reciprocal_events_give_both_directions():
    for lang, text in (("id", "Kim Jong Un dan Vladimir Putin bertukar surat."),
                       ("en", "Kim Jong Un and Vladimir Putin exchanged letters.")):
        pairs = {(e.source.country, e.target.country) for e in run(text, lang=lang) if e.root == "04"}
        assert pairs == {("PRK", "RUS"), ("RUS", "PRK")}
