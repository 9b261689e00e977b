"""Actor resolution: aliases in both languages, metonymy, role phrases, dated roles, coreference."""

from datetime import date

import pytest

from geokg.errors import DataFileError
from geokg.extractors import gazetteer as gz
from geokg.extractors.gazetteer import load_gazetteer
from tests.helpers import node, run


def test_every_gazetteer_file_loads_and_links():
    g = load_gazetteer()
    assert len([e for e in g.entities.values() if e.kind == "state"]) >= 240
    assert {"UN", "UNSC", "NATO", "ASEAN", "EU", "IAEA", "KCNA"} <= set(g.entities)
    for code, table in g.aliases.items():
        for key, cands in table.items():
            for eid, _ in cands:
                assert eid in g.entities or eid == "-", (code, key, eid)  # "-": words that name nobody


def test_bad_row_names_file_and_line(tmp_path, monkeypatch):
    for name in ("countries.tsv", "organisations.tsv", "people.tsv"):
        (tmp_path / name).write_text((gz.GAZ_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    with (tmp_path / "people.tsv").open("a", encoding="utf-8") as fh:
        fh.write("someone\tSome One\tQ1\tminister\tRUS\t\tyesterday\t\t\n")
    with pytest.raises(DataFileError, match=r"people\.tsv:\d+: bad date"):
        gz._load_entities(tmp_path)


@pytest.mark.parametrize("lang,text,expected", [
    ("id", "Korut mengkritik AS.", ("PRK", "USA")),
    ("id", "Korea Utara mengecam Amerika Serikat.", ("PRK", "USA")),
    ("id", "Pyongyang mengecam Washington.", ("PRK", "USA")),        # capitals as metonyms
    ("id", "Moskow mengkritik Kyiv.", ("RUS", "UKR")),
    ("id", "Tiongkok mengecam Jepang.", ("CHN", "JPN")),
    ("en", "The DPRK criticised the U.S.", ("PRK", "USA")),
    ("en", "The Kremlin condemned Washington.", ("RUS", "USA")),
    ("en", "Beijing criticised Tokyo.", ("CHN", "JPN")),
    ("en", "North Korean state media KCNA criticised Seoul.", ("KCNA", "KOR")),
    ("en", "The premier of British Columbia criticised India.", ("CAN", "IND")),   # a province, not Britain
])
def test_aliases_and_metonyms(lang, text, expected):
    events = run(text, lang=lang)
    assert {(node(e.source), node(e.target)) for e in events} == {expected}


@pytest.mark.parametrize("lang, text", [
    ("en", "North Korea fired a ballistic missile into the Sea of Japan."),
    ("id", "Korea Utara menembakkan rudal balistik ke arah Laut Jepang."),
    ("en", "China condemned the Philippine drills in the South China Sea."),
    ("id", "China mengecam latihan militer Filipina di Laut China Selatan."),
])
def test_a_sea_named_after_a_country_is_not_that_country(lang, text):
    evs = run(text, lang=lang)
    assert evs and not [e for e in evs if node(e.target) in ("JPN", "CHN") or node(e.source) == "JPN"]


@pytest.mark.parametrize("lang, text", [
    ("en", "The leaders of Japan, South Korea and the United States met in Vilnius."),
    ("id", "Para pemimpin Jepang, Korea Selatan, dan Amerika Serikat bertemu di Vilnius."),
])
def test_several_actors_meeting_somewhere_meet_each_other(lang, text):
    found = {(node(e.source), node(e.target)) for e in run(text, lang=lang) if e.root == "04"}
    members = ("JPN", "KOR", "USA")
    assert found == {(a, b) for a in members for b in members if a != b}


def test_un_security_council_in_both_languages():
    ev_id = run("Jepang meminta Dewan Keamanan PBB bersidang.", lang="id")
    ev_en = run("Japan asked the UN Security Council to meet.", lang="en")
    for evs in (ev_id, ev_en):
        assert any(e.target and e.target.id == "UNSC" and e.target.wikidata == "Q37470" for e in evs)


def test_role_phrase_resolves_to_office_holder_on_the_day():
    # Shoigu was Russia's defence minister until May 2024; Belousov after
    before = run("Menteri Pertahanan Rusia mengunjungi Pyongyang bulan lalu.", published="2023-08-16", lang="id")
    after = run("Menteri Pertahanan Rusia mengunjungi Pyongyang bulan lalu.", published="2024-09-20", lang="id")
    assert before[0].source.id == "sergei_shoigu"
    assert after[0].source.id == "andrei_belousov"
    assert before[0].source.country == after[0].source.country == "RUS"


def test_person_acts_for_state_of_role_held_on_event_date():
    g = load_gazetteer()
    blinken = next(e for e in g.entities.values() if e.name == "Antony Blinken")
    assert blinken.actor(date(2023, 6, 18)).country == "USA"
    assert blinken.actor(date(2023, 6, 18)).role == "foreign minister"  # the data files name roles across states alike


def test_appositive_unknown_name_becomes_a_person_of_that_state():
    evs = run("Juru bicara Kementerian Luar Negeri Malaysia, Ahmad Fauzi Rahman, mengecam Israel.", lang="id")
    assert evs[0].source.kind == "person" and evs[0].source.country == "MYS"
    assert evs[0].source.name == "Ahmad Fauzi Rahman" and evs[0].source.role == "spokesperson"


def test_pronoun_and_both_leaders_coreference():
    text = ("Presiden Prancis bertemu dengan Kanselir Jerman di Berlin pada hari Senin. "
            "Kedua pemimpin sepakat memperkuat kerja sama pertahanan. Dia juga mengkritik Rusia.")
    evs = run(text, lang="id", published="2023-05-10")
    agree = [e for e in evs if e.root == "03"]
    assert {(node(e.source), node(e.target)) for e in agree} == {("FRA", "DEU"), ("DEU", "FRA")}
    assert all(e.date == "2023-05-08" for e in agree)  # the antecedent's date
    crit = [e for e in evs if e.root == "11"]
    assert crit and node(crit[0].target) == "RUS"


@pytest.mark.parametrize("lang, text", [
    ("en", "The European Union halted its aid to Niger. On Sunday thousands of protesters rallied in Niamey, "
           "and some of them attacked the French embassy."),
    ("id", "Uni Eropa menghentikan bantuannya kepada Niger. Pada hari Minggu ribuan demonstran berkumpul di Niamey, "
           "dan sebagian dari mereka menyerang Kedutaan Besar Prancis."),
])
def test_some_of_them_is_part_of_a_group_not_the_last_actor(lang, text):
    evs = run(text, lang=lang, published="2023-07-31")
    assert [e for e in evs if node(e.source) == "EU" and e.root == "16"]   # the first sentence is read
    assert not [e for e in evs if node(e.source) == "EU" and node(e.target) == "FRA"]


def test_short_name_after_full_name():
    evs = run("Vladimir Putin menerima Kim Jong Un. Kemudian Kim mengkritik Amerika Serikat.", lang="id")
    crit = [e for e in evs if e.root == "11"]
    assert crit[0].source.id == "kim_jong_un" and crit[0].source.country == "PRK"
