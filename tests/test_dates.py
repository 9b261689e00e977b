"""Every kind of date expression, resolved against the publication date (Wednesday 2023-08-16)."""

from datetime import date

import pytest

from geokg.extractors.dates import find_dates
from geokg.extractors.lang import load_language
from geokg.extractors.text import tokenize
from tests.helpers import run

PUB = date(2023, 8, 16)  # a Wednesday


def _assert_all_dated(evs, day: str) -> None:
    """Some events were found, and every one is dated ``day``."""
    assert evs and all(e.date == day for e in evs), [(e.cameo, e.date) for e in evs]


@pytest.mark.parametrize("lang,text,value,precision,future", [
    ("id", "pada 15/8/2023", "2023-08-15", "day", False),
    ("id", "Selasa (15/8)", "2023-08-15", "day", False),
    ("id", "pada 15 Agustus 2023", "2023-08-15", "day", False),
    ("id", "pada 2 Juli", "2023-07-02", "day", False),
    ("id", "pada hari Selasa", "2023-08-15", "day", False),       # the Tuesday on or before publication
    ("id", "pada hari Rabu", "2023-08-16", "day", False),         # the publication day itself
    ("id", "Jumat lalu", "2023-08-11", "day", False),
    ("id", "kemarin", "2023-08-15", "day", False),
    ("id", "dua hari lalu", "2023-08-14", "day", False),
    ("id", "bulan lalu", "2023-07", "month", False),
    ("id", "pada Juli 2023", "2023-07", "month", False),
    ("id", "tahun lalu", "2022", "year", False),
    ("id", "sejak 2017", "2017", "year", False),
    ("id", "hari Kamis ini", "2023-08-17", "day", True),          # this week's Thursday: still ahead
    ("id", "Kamis depan", "2023-08-24", "day", True),
    ("id", "pekan lalu", "2023-08", "month", False),
    ("id", "pada November mendatang", "2023-11", "month", True),  # the next November, not the last
    ("id", "pada Maret depan", "2024-03", "month", True),
    ("en", "on Aug. 15, 2023", "2023-08-15", "day", False),
    ("en", "on August 15", "2023-08-15", "day", False),
    ("en", "on 15 August 2023", "2023-08-15", "day", False),
    ("en", "on Tuesday", "2023-08-15", "day", False),
    ("en", "last Friday", "2023-08-11", "day", False),
    ("en", "yesterday", "2023-08-15", "day", False),
    ("en", "two days ago", "2023-08-14", "day", False),
    ("en", "last month", "2023-07", "month", False),
    ("en", "in June 2022", "2022-06", "month", False),
    ("en", "since 2017", "2017", "year", False),
    ("en", "this Thursday", "2023-08-17", "day", True),
    ("en", "next Monday", "2023-08-21", "day", True),
    ("en", "on 8/15/2023", "2023-08-15", "day", False),
])
def test_date_expression(lang, text, value, precision, future):
    found = find_dates(tokenize(text), load_language(lang), PUB)
    assert [(d.value, d.precision, d.future) for d in found] == [(value, precision, future)]


def test_a_week_across_two_months_or_years_is_its_year():
    # published Wednesday 2023-09-06: last week ran from Monday 28 August to Sunday 3 September
    found = find_dates(tokenize("pekan lalu"), load_language("id"), date(2023, 9, 6))
    assert [(d.value, d.precision) for d in found] == [("2023", "year")]
    # published Friday 2024-01-05: last week ran from Monday 25 December 2023 to Sunday 31 December
    found = find_dates(tokenize("last week"), load_language("en"), date(2024, 1, 5))
    assert [(d.value, d.precision) for d in found] == [("2023-12", "month")]
    # published Thursday 2025-01-02: this week runs from 30 December 2024 to 5 January 2025 (Thursday in 2025)
    found = find_dates(tokenize("this week"), load_language("en"), date(2025, 1, 2))
    assert [(d.value, d.precision) for d in found] == [("2025", "year")]
    # the event takes that year, not the date of the sentence before
    evs = run("Pada Rabu (6/9/2023), Jokowi bertemu Li Qiang. Pekan lalu, Filipina menolak peta baru China.",
              lang="id", published="2023-09-06")
    assert [(e.cameo[:2], e.date) for e in evs if e.source and e.source.id == "PHL"] == [("12", "2023")]


@pytest.mark.parametrize("lang, text", [
    ("en", "Trade talks were paused earlier this month, and Trudeau met Modi in New Delhi on Sept 10."),
    ("id", "Perundingan dagang ditunda awal bulan ini, dan Jokowi bertemu Xi Jinping di Beijing pada 10 September."),
])
def test_a_date_in_the_events_own_clause_wins(lang, text):
    evs = [e for e in run(text, lang=lang, published="2023-09-19") if e.root == "04"]
    assert evs and {e.date for e in evs} == {"2023-09-10"}


def test_future_cue_turns_a_bare_weekday_forward():
    lang = load_language("id")
    toks = tokenize("pertemuan akan digelar pada hari Jumat")
    assert find_dates(toks, lang, PUB, forward_at=[1])[0].value == "2023-08-18"


def test_relative_dates_need_a_publication_date():
    assert find_dates(tokenize("kemarin"), load_language("id"), None) == []
    assert find_dates(tokenize("pada 15 Agustus 2023"), load_language("id"), None)[0].value == "2023-08-15"


@pytest.mark.parametrize("lang,text", [
    ("en", "the wreckage lay some 9.5 km inside the border"),
    ("id", "kerugian mencapai 1.3 miliar rupiah"),
])
def test_a_decimal_number_is_no_date(lang, text):
    assert find_dates(tokenize(text), load_language(lang), PUB) == []


def test_a_dotted_date_with_its_year_is_a_date():
    found = find_dates(tokenize("pada 15.8.2023"), load_language("id"), PUB)
    assert [d.value for d in found] == ["2023-08-15"]


def test_event_without_a_date_in_its_text_has_null_date():
    evs = run("Korea Utara mengkritik Amerika Serikat.", lang="id")
    assert evs and all(e.date is None and e.date_precision is None for e in evs)


def test_future_date_makes_the_event_planned():
    evs = run("Menlu Jepang akan mengunjungi Beijing pada hari Jumat.", lang="id")
    assert [(e.date, e.factuality) for e in evs] == [("2023-08-18", "planned")]


def test_done_event_does_not_take_a_future_date_of_its_sentence():
    evs = run("Sidang itu diminta oleh Prancis, rencananya akan digelar hari Kamis ini.", lang="id")
    assert evs and all(e.date is None for e in evs if e.root == "02")


def test_at_that_time_takes_the_previous_sentence_date():
    evs = run("Bulan lalu Menhan Rusia tiba di Pyongyang. Saat itu ia juga mengunjungi Korea Utara.",
              lang="id")
    assert evs and all(e.date == "2023-07" for e in evs)


@pytest.mark.parametrize("lang,text", [
    ("id", "Korea Utara mengkritik Amerika Serikat pada hari Selasa. Sebelumnya, Jepang mengecam Korea Utara."),
    ("en", "North Korea criticised the United States on Tuesday. Earlier, Japan condemned North Korea."),
    ("en", "North Korea criticised the United States on Tuesday. Japan had previously condemned North Korea."),
])
def test_earlier_is_before_the_story_not_its_date(lang, text):
    # "Sebelumnya"/"earlier" points before the story's date: the earlier act is not dated by it
    evs = {(e.source.country, e.target.country): e for e in run(text, lang=lang)}
    assert evs[("PRK", "USA")].date == "2023-08-15"
    assert evs[("JPN", "PRK")].date is None


@pytest.mark.parametrize("lang,text", [
    ("id", "Menlu Retno Marsudi bertemu Menlu China Wang Yi di Jakarta pada hari Selasa. Tahun depan kedua "
           "negara akan merayakan 75 tahun hubungan diplomatik. Wang Yi juga bertemu Presiden Joko Widodo."),
    ("en", "Foreign Minister Retno Marsudi met Chinese Foreign Minister Wang Yi in Jakarta on Tuesday. Next year "
           "the two countries will mark 75 years of ties. Wang Yi also met President Joko Widodo."),
])
def test_a_future_date_does_not_leak_into_the_next_sentence(lang, text):
    evs = [e for e in run(text, lang=lang) if e.target is not None and e.target.country == "IDN"
           and e.source.country == "CHN" and e.cameo.startswith("04")]
    _assert_all_dated(evs, "2023-08-15")


@pytest.mark.parametrize("lang,text", [
    ("en", "Russia vetoed a British draft resolution on Sudan. The vote in the Security Council on Monday ended "
           "in deadlock. Britain said it was disappointed."),
    ("id", "Rusia memveto rancangan resolusi tentang Sudan. Pemungutan suara di Dewan Keamanan pada hari Senin "
           "berakhir buntu."),
])
def test_an_undated_lead_takes_the_date_the_next_sentence_gives(lang, text):
    evs = [e for e in run(text, lang=lang) if e.source.country == "RUS" and e.cameo.startswith("12")]
    _assert_all_dated(evs, "2023-08-14")


def test_wire_dateline_is_not_an_actor_and_dates_the_story():
    evs = run("Yangon [Myanmar], August 14 (PTI): India criticised the junta of Myanmar on Monday.", lang="en")
    assert not [e for e in evs if e.source.country == "MMR"]
    assert [e for e in evs if e.source.country == "IND" and e.target and e.target.country == "MMR"]


@pytest.mark.parametrize("lang,text", [
    ("en", "Russia vetoed a British draft resolution on Sudan. The Sudanese army had been losing ground since "
           "July. The vote in the Security Council took place on Monday, after a week of talks held on Saturday."),
    ("id", "Rusia memveto rancangan resolusi tentang Sudan. Tentara Sudan kalah sejak Sabtu (12/8/2023). "
           "Pemungutan suara di Dewan Keamanan digelar pada hari Senin (14/8/2023)."),
])
def test_an_undated_lead_takes_the_latest_date_after_it(lang, text):
    # the lead tells the newest development; the sentences after it often step back in time
    evs = [e for e in run(text, lang=lang) if e.source.country == "RUS" and e.cameo.startswith("12")]
    _assert_all_dated(evs, "2023-08-14")


@pytest.mark.parametrize("lang,text", [
    ("id", "Korea Utara meluncurkan rudal balistik ke Laut Jepang pada Senin (14/8/2023). Jepang mengecam "
           "peluncuran itu, seperti dikutip kantor berita Kyodo, Selasa (15/8/2023)."),
    ("id", "Korea Utara meluncurkan rudal balistik ke Laut Jepang pada Senin (14/8/2023). Melansir Kyodo, "
           "Selasa (15/8/2023), Jepang mengecam peluncuran itu."),
])
def test_a_date_after_a_citation_is_when_another_outlet_reported(lang, text):
    evs = [e for e in run(text, lang=lang) if e.source.country == "JPN" and e.cameo.startswith("11")]
    _assert_all_dated(evs, "2023-08-14")


@pytest.mark.parametrize("lang,text", [
    ("en", "The ICC judges met in The Hague on Thursday. The ICC issued an arrest warrant for the Hamas "
           "commander over the October 7 attack."),
    ("id", "Hakim ICC bersidang di Den Haag pada Kamis. ICC mengeluarkan surat perintah penangkapan terhadap "
           "komandan Hamas atas serangan 7 Oktober."),
])
def test_a_date_of_an_event_noun_is_not_the_date_of_the_act_around_it(lang, text):
    evs = [e for e in run(text, lang=lang, published="2024-11-22") if e.cameo.startswith("17")]
    _assert_all_dated(evs, "2024-11-21")


@pytest.mark.parametrize("lang,text", [
    ("en", "Hamas said on Wednesday that its leader had been killed. Hours earlier, Israel killed a Hezbollah "
           "commander in an air strike on Beirut."),
    ("id", "Hamas pada Rabu menyatakan pemimpinnya tewas. Beberapa jam sebelumnya, Israel menewaskan komandan "
           "Hizbullah dalam serangan udara di Beirut."),
])
def test_hours_earlier_is_the_story_day(lang, text):
    evs = [e for e in run(text, lang=lang, published="2024-08-01") if e.source.country == "ISR"]
    _assert_all_dated(evs, "2024-07-31")


@pytest.mark.parametrize("lang,text", [
    ("id", "Panglima militer Filipina menuntut China mengembalikan senapan yang dirampas penjaga pantai China "
           "dalam insiden di Laut China Selatan awal pekan ini. \"Mereka tidak punya hak,\" ujar dia dalam jumpa "
           "pers di Manila, Rabu (19/6)."),
    ("en", "The Philippine military chief demanded that China return the rifles that its coast guard seized in "
           "an incident in the South China Sea earlier this week. \"They had no right,\" he told a news "
           "conference in Manila on Wednesday."),
])
def test_a_date_closing_a_relative_clause_is_its_act_not_the_lead(lang, text):
    evs = [e for e in run(text, lang=lang, published="2024-06-20") if e.source.country == "PHL"]
    _assert_all_dated(evs, "2024-06-19")


@pytest.mark.parametrize("lang,text", [
    ("en", "Russian missiles struck a power plant in Kharkiv on Sunday. The United Nations held an emergency "
           "meeting on Tuesday. When the attack happened, President Zelensky was in Vilnius. There he and "
           "President Gitanas Nauseda signed a defence agreement."),
    ("id", "Rudal Rusia menghantam pembangkit listrik di Kharkiv pada Minggu (13/8/2023). PBB menggelar rapat "
           "darurat pada Selasa (15/8/2023). Saat serangan itu terjadi, Presiden Zelensky berada di Vilnius. "
           "Di sana ia dan Presiden Gitanas Nauseda menandatangani perjanjian pertahanan."),
])
def test_when_the_attack_happened_is_the_attacks_day(lang, text):
    evs = [e for e in run(text, lang=lang) if e.source.country in ("UKR", "LTU") and e.cameo.startswith("05")]
    _assert_all_dated(evs, "2023-08-13")


@pytest.mark.parametrize("lang,text", [
    ("en", "The Philippine navy chief demanded compensation from China on Tuesday. According to the navy, the "
           "incident took place on Sunday near a reef. The outpost there was set up in 1999. Chinese coast "
           "guard vessels rammed two Philippine supply boats."),
    ("id", "Kepala AL Filipina menuntut ganti rugi dari China pada Selasa (15/8/2023). Menurut AL Filipina, "
           "insiden itu terjadi pada Minggu (13/8/2023) di dekat sebuah karang. Pos di sana didirikan pada "
           "1999. Kapal-kapal penjaga pantai China menabrak dua perahu pemasok Filipina."),
])
def test_the_day_an_incident_happened_holds_for_the_sentences_telling_it(lang, text):
    evs = [e for e in run(text, lang=lang) if e.source.country == "CHN" and e.cameo.startswith("18")]
    _assert_all_dated(evs, "2023-08-13")


@pytest.mark.parametrize("lang,text", [
    ("en", "Algeria closed its airspace to Malian flights on Tuesday, a day after Mali, Burkina Faso and Niger said "
           "they were recalling their ambassadors from Algiers."),
    ("id", "Aljazair menutup wilayah udaranya bagi penerbangan Mali pada Selasa, sehari setelah Mali, Burkina Faso "
           "dan Niger menyatakan mereka menarik duta besar mereka dari Aljir."),
])
def test_a_day_after_dates_its_clause_a_day_earlier(lang, text):
    evs = run(text, lang=lang)
    _assert_all_dated([e for e in evs if e.source.country == "DZA"], "2023-08-15")
    _assert_all_dated([e for e in evs if e.source.country in ("MLI", "BFA", "NER")], "2023-08-14")
