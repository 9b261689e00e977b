"""The built Indonesian CAMEO lexicon (events_cameo.tsv): it loads, covers the codebook, and codes news
sentences written for these tests (our own words, not taken from any article)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from geokg.extractors.lang import LANG_DIR, _lexicon_rows, load_language
from geokg.schema import codebook
from tests.helpers import roots, run

ROOT = Path(__file__).resolve().parents[1]
ID = LANG_DIR / "id"


def _rows(name: str) -> list[list[str]]:
    return [row for path, _, row in _lexicon_rows(ID) if path.name == name]


def test_built_lexicon_loads_with_the_hand_one():
    lang = load_language("id")
    assert (ID / "events_cameo.tsv").is_file()
    assert lang.triggers["mengusir"] and lang.triggers["pengusiran"]
    assert any(t.pattern == "nyata persona non grata" for t, _ in lang.triggers["menyatakan"])


def test_at_least_1000_patterns_over_every_root():
    rows = [r for r in _rows("events.tsv") + _rows("events_cameo.tsv") if r[1] != "-"]
    assert len({" ".join(r[0].split()) for r in rows}) >= 1000
    assert {r[1][:2] for r in rows} == {f"{i:02d}" for i in range(1, 21)}


def test_every_code_is_in_the_codebook():
    for row in _rows("events_cameo.tsv"):
        assert row[1] == "-" or codebook.get(row[1]) is not None, row


def test_built_file_is_what_the_table_builds():
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_id_lexicon.py"), "--check"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


# (sentence, expected (source, CAMEO root, target) among the asserted events)
CASES = [
    # expulsions, persona non grata, recalls and summons
    ("Estonia mengusir dua diplomat Rusia pada hari Senin.", ("EST", "16", "RUS")),
    ("Polandia mengumumkan pengusiran seorang diplomat Belarus.", ("POL", "16", "BLR")),
    ("Kementerian Luar Negeri Latvia menyatakan seorang diplomat Rusia sebagai persona non grata.",
     ("LVA", "16", "RUS")),
    ("Ceko memanggil pulang duta besarnya dari Rusia.", ("CZE", "16", "RUS")),
    ("Kementerian Luar Negeri Jerman memanggil duta besar Iran di Berlin.", ("DEU", "11", "IRN")),
    ("Niger mendeportasi seorang wartawan Prancis.", ("NER", "17", "FRA")),
    # agreements, ceasefires, prisoner exchanges
    ("Filipina dan Jepang menandatangani pakta pertahanan di Manila.", ("PHL", "05", "JPN")),
    ("Armenia dan Azerbaijan menyepakati gencatan senjata di perbatasan.", ("ARM", "08", "AZE")),
    ("Israel dan Hamas memberlakukan gencatan senjata mulai Minggu pagi.", ("ISR", "08", "HAMAS")),
    ("Rusia dan Ukraina melakukan pertukaran tahanan perang pada Sabtu.", ("RUS", "08", "UKR")),
    ("Rusia dan Ukraina bertukar tahanan untuk kedua kalinya bulan ini.", ("UKR", "08", "RUS")),
    ("Vietnam membebaskan nelayan Filipina yang ditahan sejak bulan lalu.", ("VNM", "08", "PHL")),
    ("Iran dan Arab Saudi sepakat memulihkan hubungan diplomatik.", ("IRN", "05", "SAU")),
    # sanctions, tariffs, airspace, leaving organisations
    ("Kanada menutup wilayah udaranya bagi pesawat Rusia.", ("CAN", "16", "RUS")),
    ("Amerika Serikat mengenakan tarif 25 persen terhadap China.", ("USA", "16", "CHN")),
    ("Jepang memperketat sanksi terhadap Korea Utara.", ("JPN", "16", "PRK")),
    ("Uni Eropa memberlakukan embargo senjata terhadap Belarus.", ("EU", "16", "BLR")),
    ("Amerika Serikat keluar dari Organisasi Kesehatan Dunia.", ("USA", "16", "WHO")),
    ("Burkina Faso keluar dari keanggotaan ECOWAS.", ("BFA", "16", "ECOWAS")),
    # clashes and threats
    ("Pasukan India bentrok dengan pasukan China di perbatasan Himalaya.", ("IND", "19", "CHN")),
    ("Thailand dan Kamboja saling serang di perbatasan.", ("THA", "19", "KHM")),
    ("Iran mengancam akan menyerang Israel.", ("IRN", "13", "ISR")),
    # disapproval, appeals, rejection, aid, mediation
    ("Jepang kecewa dengan keputusan Korea Selatan.", ("JPN", "11", "KOR")),
    ("Indonesia mendesak Myanmar membebaskan para tahanan politik.", ("IDN", "02", "MMR")),
    ("Malaysia menolak membebaskan nelayan Indonesia.", ("MYS", "12", "IDN")),
    ("Armenia menolak berunding dengan Azerbaijan.", ("ARM", "12", "AZE")),
    ("Jerman mengirim tank ke Ukraina.", ("DEU", "07", "UKR")),
    ("Qatar menengahi perundingan antara Israel dan Hamas.", ("QAT", "04", "ISR")),
]


@pytest.mark.parametrize("sentence,expected", CASES, ids=[f"{c[1][1]}-{i}" for i, c in enumerate(CASES)])
def test_sentence(sentence, expected):
    found = roots(run(sentence, lang="id"))
    assert expected in found, f"expected {expected} in {found}"


@pytest.mark.parametrize("sentence,root", [
    # an appeal or a refusal is the event, not the act it asks for or refuses
    ("Indonesia mendesak Myanmar membebaskan para tahanan politik.", "08"),
    ("Malaysia menolak membebaskan nelayan Indonesia.", "08"),
    ("Armenia menolak berunding dengan Azerbaijan.", "04"),
    # "Majelis Umum": the bare word umum does not start "mengumumkan gencatan senjata"
    ("Majelis Umum PBB menyerukan gencatan senjata di Gaza.", "08"),
    # keputusan (decision) is not putus (cut relations)
    ("Keputusan Indonesia untuk memperkuat hubungan dengan Australia disambut baik.", "16"),
])
def test_no_event_of_the_embedded_or_homonymous_kind(sentence, root):
    assert not [r for r in roots(run(sentence, lang="id")) if r[1] == root]


@pytest.mark.parametrize("sentence", [
    "Sekolah menengah di kota itu ditutup.",               # menengah = secondary, not mediate
    "Harga bahan bakar naik pada pukul 12.00 waktu setempat.",  # pukul = o'clock, bakar in bahan bakar
    "Lebih lanjut, pertemuan itu membahas perdagangan.",   # lanjut does not start "melanjutkan pertemuan"
])
def test_common_words_are_not_events(sentence):
    assert not run(sentence, lang="id")


def test_a_generic_event_noun_still_refers_to_the_last_act():
    """'tindakan tersebut' names no kind of act: no built pattern may give it one."""
    lang = load_language("id")
    assert not [t for t, _ in lang.triggers.get("tindakan", []) if t.cameo != "-"]
