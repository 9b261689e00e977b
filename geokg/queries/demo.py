"""A small in-memory store shaped like the sample article, for the queries' docstring examples.

The sample (IDN Times, 16 Aug 2023): Kim Jong Un and Putin exchanged letters on Tuesday
15 August 2023 and pledged to strengthen ties; Shoigu visited Pyongyang "last month" (July 2023);
the United States accused North Korea of supplying arms to Russia, which both denied; North
Korea criticised the US for calling a Security Council meeting; Beijing condemned the meeting.
A second, English article (20 Aug) repeats the letters and reports the arms claim as alleged; its
undated report of the US accusation falls in its date window (13-20 Aug) and joins the accusation of
15 Aug (see README, "How reports merge into events").

>>> s = demo_store()
>>> s.stats()["events"], s.stats()["articles"]
(10, 2)
"""

from __future__ import annotations

from geokg.schema.models import Actor, Article, Event, Evidence

__all__ = ["demo_events", "demo_store"]

_PRK = Actor(id="PRK", name="North Korea", kind="state", country="PRK", wikidata="Q423")
_RUS = Actor(id="RUS", name="Russia", kind="state", country="RUS", wikidata="Q159")
_USA = Actor(id="USA", name="United States", kind="state", country="USA", wikidata="Q30")
_CHN = Actor(id="CHN", name="China", kind="state", country="CHN", wikidata="Q148")
_UNSC = Actor(id="UNSC", name="UN Security Council", kind="organisation", wikidata="Q37470")
_KIM = Actor(id="kim_jong_un", name="Kim Jong Un", kind="person", country="PRK", role="head of state")
_PUTIN = Actor(id="vladimir_putin", name="Vladimir Putin", kind="person", country="RUS", role="head of state")
_SHOIGU = Actor(id="sergei_shoigu", name="Sergei Shoigu", kind="person", country="RUS", role="defence minister")

_CODES = {  # cameo -> (quad_class, goldstein, plover)
    "0311": (1, 5.2, "COOPERATE"), "036": (1, 4.0, "CONSULT"), "042": (1, 1.9, "CONSULT"),
    "112": (3, -2.0, "ACCUSE"), "072": (2, 8.3, "AID"), "016": (1, -2.0, "DROPPED"),
    "111": (3, -2.0, "ACCUSE"), "020": (1, 3.0, "REQUEST"), "030": (1, 4.0, "COOPERATE"),
}

_A1 = ("idn_kim_putin_letters", "2023-08-16", "Kim Jong Un dan Putin Bertukar Surat",
       "https://www.idntimes.com/news/world/kim-putin-bertukar-surat")
_A2 = ("en_letters_followup", "2023-08-20", "Kim and Putin trade letters as arms claims swirl",
       "https://news.example.org/2023/08/kim-putin-letters")

_S_LETTERS = "KCNA reported that on Tuesday (15/8/2023) Kim Jong Un and Vladimir Putin exchanged letters."
_S_DENY = ("Pyongyang and Moscow denied the United States' accusation that North Korea has supplied "
           "weapons to Russia.")
_S_VISIT = "Last month Russia's defence minister and Kim Jong Un visited a military parade in Pyongyang."
_S_CRIT = "North Korea criticised the US for calling a Security Council meeting."
_S_CHN = "Beijing condemned the meeting called by the United States."
_S_EN_LETTERS = "Kim and Putin traded letters on Aug. 15, state media said."
_S_EN_ARMS = "Washington says Pyongyang has supplied arms to Moscow, a claim both deny."


def _ev(art: tuple, src: Actor | None, tgt: Actor | None, cameo: str, date: str | None, text: str,
        start: int, factuality: str = "asserted") -> Event:
    q, g, p = _CODES[cameo]
    prec = None if date is None else {10: "day", 7: "month", 4: "year"}[len(date)]
    return Event(article_id=art[0], published=art[1], title=art[2], url=art[3], date=date, date_precision=prec,
                 cameo=cameo, quad_class=q, goldstein=g, plover=p, source=src, target=tgt,
                 factuality=factuality, evidence=Evidence(text=text, start=start, end=start + len(text)),
                 confidence=0.8)


def demo_events() -> list[Article | Event]:
    """The articles and events of the demo store, in ingest order."""
    d = "2023-08-15"
    p1 = 120                      # where each sentence starts in the first article
    p2 = p1 + len(_S_LETTERS) + 300
    p3 = p2 + len(_S_DENY) + 600
    p4 = p3 + len(_S_VISIT) + 400
    p5 = p4 + len(_S_CRIT) + 200
    return [
        Article(id=_A1[0], text="(sample article)", published=_A1[1], title=_A1[2], url=_A1[3], lang="id"),
        Article(id=_A2[0], text="(follow-up article)", published=_A2[1], title=_A2[2], url=_A2[3], lang="en"),
        _ev(_A1, _KIM, _PUTIN, "036", d, _S_LETTERS, p1),
        _ev(_A1, _PUTIN, _KIM, "036", d, _S_LETTERS, p1),
        _ev(_A1, _USA, _PRK, "112", d, _S_DENY, p2),
        _ev(_A1, _PRK, _RUS, "072", d, _S_DENY, p2, "denied"),
        _ev(_A1, _PRK, _USA, "016", d, _S_DENY, p2),
        _ev(_A1, _RUS, _USA, "016", d, _S_DENY, p2),
        _ev(_A1, _SHOIGU, _PRK, "042", "2023-07", _S_VISIT, p3),
        _ev(_A1, _PRK, _USA, "111", d, _S_CRIT, p4),
        _ev(_A1, _USA, _UNSC, "020", d, _S_CRIT, p4),
        _ev(_A1, _CHN, _USA, "111", d, _S_CHN, p5),
        _ev(_A2, _KIM, _PUTIN, "036", d, _S_EN_LETTERS, 0),
        _ev(_A2, _PRK, _RUS, "072", d, _S_EN_ARMS, 60, "alleged"),
        _ev(_A2, _USA, _PRK, "112", None, _S_EN_ARMS, 60),
    ]


def demo_store():
    """A fresh in-memory embedded store holding :func:`demo_events`."""
    from geokg.graph.sqlite_store import SQLiteStore

    s = SQLiteStore(":memory:")
    s.ingest(demo_events())
    return s
