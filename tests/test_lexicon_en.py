"""The English event lexicon: the file built from PETRARCH2 loads and keeps to the codebook, and the
vocabulary of expulsions, recalls, pacts, tariffs, ceasefires, swaps, airspace, exits, clashes and
refused deportations gives the expected events (sentences written for this test)."""

from __future__ import annotations

from datetime import date

import pytest

from geokg.extractors.lang import LANG_DIR, _lexicon_rows, _tsv_rows, lexicon_files, load_language
from geokg.extractors.pipeline import extract
from geokg.schema import codebook
from geokg.schema.models import Article

EN = LANG_DIR / "en"
BUILT = EN / "events_cameo2.tsv"


def test_built_lexicon_is_read():
    assert BUILT in lexicon_files(EN)
    rows = _tsv_rows(BUILT)
    assert len(rows) > 5000
    assert all(len(r) == 4 and r[3].startswith("PETRARCH ") for _, r in rows)
    lang = load_language("en")
    assert any(t.pattern == "establish diplomatic relations" for t, _ in lang.triggers["established"])


def test_every_code_is_in_the_codebook():
    known = {c.code for c in codebook.all_codes()}
    for path in lexicon_files(EN):
        for lineno, row in _tsv_rows(path):
            assert row[1] == "-" or row[1] in known, f"{path.name}:{lineno}: {row[1]}"


def test_curated_rows_win_over_built_ones():
    seen: dict[str, str] = {}
    for path, _, row in _lexicon_rows(EN):
        key = " ".join(row[0].split())
        assert path.name == "events.tsv" or key not in seen, key
        seen.setdefault(key, path.name)


def test_generic_verbs_are_not_events_alone():
    lang = load_language("en")
    for form in ("said", "told", "went", "made", "took", "got", "gave", "came", "saw", "called", "held", "armed"):
        singles = [t.pattern for t, _ in lang.triggers.get(form, ()) if not t.rest and t.cameo != "-"]
        assert not singles, (form, singles)


CASES = [
    ("Poland expelled two Belarusian diplomats on Monday over the border incident.", "POL", "BLR", "16"),
    ("Estonia declared a Russian diplomat persona non grata on Tuesday.", "EST", "RUS", "16"),
    ("Lithuania recalled its envoy from China after the dispute over Taiwan.", "LTU", "CHN", "16"),
    ("Peru withdrew its ambassador from Mexico on Thursday.", "PER", "MEX", "16"),
    ("Bolivia summoned a Chilean diplomat over the remarks.", "BOL", "CHL", "11"),
    ("Germany summoned the Iranian ambassador on Monday.", "DEU", "IRN", "11"),
    ("Armenia and Azerbaijan inked a peace deal in Washington on Friday.", "ARM", "AZE", "05"),
    ("Japan signed a defence pact with the Philippines on Monday.", "JPN", "PHL", "05"),
    ("The United States imposed visa restrictions on Nicaragua on Wednesday.", "USA", "NIC", "16"),
    ("Canada imposed tariffs on China over electric vehicles.", "CAN", "CHN", "16"),
    ("Israel and Hamas agreed to a ceasefire on Sunday.", "ISR", "PSE", "08"),
    ("Russia and Ukraine swapped prisoners on Saturday.", "RUS", "UKR", "08"),
    ("Armenia and Azerbaijan exchanged prisoners on Sunday.", "AZE", "ARM", "08"),
    ("Canada closed its airspace to Russian aircraft on Sunday.", "CAN", "RUS", "16"),
    ("Belarus closed its airspace to Lithuanian airlines on Monday.", "BLR", "LTU", "16"),
    ("Mali quit the ECOWAS bloc on Sunday.", "MLI", "ECOWAS", "16"),
    ("Nicaragua withdrew its membership of the Organization of American States.", "NIC", "OAS", "16"),
    ("Indian and Chinese troops clashed along the border on Friday.", "IND", "CHN", "19"),
    ("Azerbaijani forces clashed with Armenian troops overnight.", "AZE", "ARM", "19"),
    ("Colombia refused deportation flights from the United States on Sunday.", "COL", "USA", "12"),
]


def _key(actor) -> str | None:
    return None if actor is None else (actor.country or actor.id)


@pytest.mark.parametrize("text,source,target,root", CASES, ids=[c[0][:40] for c in CASES])
def test_news_vocabulary(text, source, target, root):
    events = extract(Article(id="t", text="Headline\n\n" + text, published=date(2025, 3, 3)), "en")
    got = {(_key(e.source), _key(e.target), e.cameo[:2]) for e in events if e.factuality == "asserted"}
    assert (source, target, root) in got, got
