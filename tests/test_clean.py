"""Boilerplate removal on realistic scraped pages (written for the tests) and on the sample."""

from geokg.extractors.clean import clean_text
from geokg.extractors.lang import load_language
from tests.helpers import SHARED

ID_PAGE = """Menlu Retno Bertemu Wang Yi di Jakarta

Kedua menteri bahas kerja sama maritim

Jakarta, Kompas Harian - Menteri Luar Negeri Indonesia bertemu dengan Menteri Luar Negeri China di Jakarta pada hari Senin.

Baca Juga: Harga Beras Naik Lagi di Pasar Induk

Pertemuan itu membahas keamanan di Laut China Selatan.

Menlu Retno Bertemu Wang Yi di Jakartafoto(antara/Rina Sari)

Penulis: Dewi Lestari
Editor: Budi Santoso

Topik:
  • Diplomasi
Berita Terkini Lainnya"""

EN_PAGE = """Blinken lands in Seoul for talks

SEOUL, March 4 (Wire) - U.S. Secretary of State Antony Blinken arrived in Seoul on Monday.

Read also: Stocks fall on rate fears

He met South Korea's foreign minister.

By Jane Reporter
Reporting by Jane Reporter; Editing by Sam Editor
Tags: diplomacy, Korea
Copyright 2024 Wire Service. All rights reserved."""


def test_indonesian_boilerplate_is_removed():
    c = clean_text(ID_PAGE, [load_language("id")])
    assert "Baca Juga" not in c.text
    assert "Penulis" not in c.text and "Editor" not in c.text and "Topik" not in c.text
    assert "Berita Terkini" not in c.text and "antara/Rina" not in c.text
    assert "bertemu dengan Menteri Luar Negeri China" in c.text
    assert "Pertemuan itu membahas keamanan" in c.text
    assert c.title == "Menlu Retno Bertemu Wang Yi di Jakarta"
    assert c.dateline and c.dateline.startswith("Jakarta")
    assert not c.text.split("\n")[4].startswith("Jakarta, Kompas")


def test_english_boilerplate_is_removed():
    c = clean_text(EN_PAGE, [load_language("en")])
    for junk in ("Read also", "By Jane", "Reporting by", "Tags:", "Copyright"):
        assert junk not in c.text
    assert "arrived in Seoul on Monday" in c.text and "He met South Korea" in c.text
    assert c.dateline and c.dateline.startswith("SEOUL")


def test_sample_article_boilerplate():
    raw = (SHARED / "samples" / "idn_kim_putin_letters.txt").read_text(encoding="utf-8")
    c = clean_text(raw, [load_language("id")])
    for junk in ("Baca Juga", "Verified Writer", "peternak ulat", "IDN Times Community", "Topik", "Ernia Karina",
                 "Berita Terkini", "unsplash.com"):
        assert junk not in c.text, junk
    assert "telah bertukar surat" in c.text
    assert "Beijing mengecam pertemuan tersebut" in c.text
    assert "Dia juga menyoroti" in c.text  # the last body paragraph survives
    assert c.title.startswith("Ingin Hancurkan Imperalis")


def test_other_indonesian_site_furniture():
    page = ("Iran Kecam Serangan\n\nJakarta, KOMPAS.com - Iran mengecam serangan itu.\n\n"
            "SCROLL TO CONTINUE WITH CONTENT\n\nIsrael membantah.\n\n"
            "Simak breaking news dan berita pilihan kami langsung di ponselmu.\n\n(rdp/rdp)\n\nGambas: Video Terkini")
    c = clean_text(page, [load_language("id")])
    assert c.text == "Iran Kecam Serangan\n\nIran mengecam serangan itu.\n\nIsrael membantah."


def test_photo_captions_ending_in_their_credit_are_removed():
    page = ("Menlu Sugiono bertemu Menlu Jepang di Tokyo pada Senin.\n\n"
            "Menlu Sugiono (kiri) berjabat tangan dengan Menlu Jepang di Tokyo.(ANTARA FOTO/Rina Sari)\n\n"
            "Keduanya membahas kerja sama maritim. (ant/ito)")
    text = clean_text(page, [load_language("id")]).text
    assert "berjabat tangan" not in text  # the caption repeats the story under a photo
    assert "membahas kerja sama maritim" in text  # an editor's code ends a body paragraph: kept
    en = clean_text("Biden met Kishida on Friday.\n\nBiden greets Kishida at the White House. (AP Photo/Evan Vucci)",
                    [load_language("en")]).text
    assert "greets" not in en and "Biden met Kishida" in en
