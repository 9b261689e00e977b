"""Cross-article deduplication on real extraction: the sample article ingested twice plus an article
written for this test that reports the same letters exchange twice (lead and recap)."""

from datetime import date

import geokg
from geokg.graph import EventFilter
from tests.helpers import SHARED

WIRE = """Kim and Putin trade letters on Liberation Day

PYONGYANG, Aug 16 - North Korean leader Kim Jong Un and Russian President Vladimir Putin exchanged letters on Tuesday, state media KCNA reported on Wednesday.

The letters touched on the anniversary of Korea's liberation from Japanese rule in 1945.

In a recap of the day, KCNA said the two leaders exchanged letters on Aug. 15 and pledged closer ties.
"""


def _items(path=None, text=None, aid=None):
    if path is not None:
        art = next(geokg.read_articles([str(path)]))
    else:
        art = geokg.Article(id=aid, text=text)
    art = art.model_copy(update={"published": date(2023, 8, 16)})
    return [art, *geokg.extract(art)]


def test_same_letters_exchange_is_one_event_with_two_sources_and_three_mentions(tmp_path):
    sample = SHARED / "samples" / "idn_kim_putin_letters.txt"
    with geokg.open_store(tmp_path / "g.sqlite") as store:
        store.ingest(_items(sample))
        first = store.stats()
        store.ingest(_items(sample))          # re-ingest: nothing changes
        assert store.stats() == first
        store.ingest(_items(text=WIRE, aid="wire_letters"))
        letters = [e for e in store.events(EventFilter(source="PRK", target="RUS", cameo="04"))
                   if e.date == "2023-08-15"]
        assert len(letters) == 1, letters
        ev = letters[0]
        assert ev.source_count == 2
        assert ev.mention_count == 3
        ments = store.mentions(ev.id)
        assert {m.article_id for m in ments} == {"idn_kim_putin_letters", "wire_letters"}
        assert any("bertukar surat" in m.evidence.text for m in ments)
        assert sum("exchanged letters" in m.evidence.text for m in ments) == 2
