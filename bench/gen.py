"""Deterministic generator of realistic extracted events, shared by the store benchmarks and tests.

``generate_events(n, seed)`` yields the :class:`~geokg.schema.models.Event` records an extractor
would emit for a news stream reporting **n distinct happenings** (n events once a store has
deduplicated them): every happening is reported by 1 to 50 articles (Pareto-tailed, mean about
2.1, two thirds reported once), so it yields about 2.1 x n records, article by article in order
of publication. The world behind it:

* about 5,000 actors: the 249 ISO 3166 states, about 300 organisations, groups and media (real
  international ones plus ministries, armed forces and opposition of the 60 most active states) and
  about 4,450 persons, each acting for a state with a role. Agencies, international bodies, media
  and persons carry a CAMEO sector (GOV, MIL, OPP, IGO, MED, LEG ...), states none. Activity is Zipf-like: a few states
  and their people make most of the news.
* CAMEO codes from :mod:`geokg.schema.codebook` with GDELT-like root frequencies (statements,
  consultations and cooperation dominate; mass violence is rare) and the generic "x0" codes most
  frequent within a root; a small built-in table if the codebook is absent.
* dates from 2015-01-01 to 2026-12-31 in stream order: 82% day precision, 12% month, 4% year,
  2% undated. Happening keys (actors, root, date) never repeat, and an undated happening's dyad and
  root is used by no other happening (a store matches undated reports by date window within their
  dyad and root), so a store holds exactly n events.
* per mention variation that must not split a happening: a person reported as their state
  ("Putin said" / "Moscow said"), a sibling code of the same root, alleged vs denied readings.

>>> evs = list(generate_events(200, seed=1))
>>> len(evs) > 200, evs[0] == list(generate_events(200, seed=1))[0]
(True, True)
"""

from __future__ import annotations

import math
import random
from bisect import bisect
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import accumulate

from geokg.queries.results import row_maker
from geokg.schema.models import Actor, Event, Evidence, stable_id

__all__ = ["generate_events", "actors", "codes"]

START = date(2015, 1, 1)
END = date(2026, 12, 31)
_CHUNK = 2000  # happenings per block of articles

# Most newsworthy states first (weights fall off Zipf-like along this list).
_ACTIVE = ("USA RUS CHN UKR ISR IRN GBR FRA DEU TUR IND PRK KOR JPN SYR PAK IRQ AFG SAU EGY PSE LBN IDN "
           "YEM VEN BLR POL QAT ARE CAN AUS BRA MEX NGA ETH SDN LBY ITA ESP NLD PHL VNM MYS THA MMR TWN "
           "GEO ARM AZE KAZ SRB HUN CUB COL ZAF KEN SOM MLI JOR").split()
_QIDS = {"USA": "Q30", "RUS": "Q159", "CHN": "Q148", "UKR": "Q212", "ISR": "Q801", "IRN": "Q794",
         "GBR": "Q145", "FRA": "Q142", "DEU": "Q183", "TUR": "Q43", "IND": "Q668", "PRK": "Q423",
         "KOR": "Q884", "JPN": "Q17", "SYR": "Q858", "PAK": "Q843", "IRQ": "Q796", "AFG": "Q889",
         "SAU": "Q851", "EGY": "Q79", "IDN": "Q252"}
_ORGS = [  # id, name, kind, wikidata
    ("UN", "United Nations", "organisation", "Q1065"), ("UNSC", "UN Security Council", "organisation", "Q37470"),
    ("NATO", "NATO", "organisation", "Q7184"), ("EU", "European Union", "organisation", "Q458"),
    ("ASEAN", "ASEAN", "organisation", "Q7768"), ("AU", "African Union", "organisation", "Q7159"),
    ("WHO", "World Health Organization", "organisation", "Q7817"), ("IAEA", "IAEA", "organisation", "Q44713"),
    ("IMF", "International Monetary Fund", "organisation", "Q7804"), ("WB", "World Bank", "organisation", "Q7164"),
    ("OPEC", "OPEC", "organisation", "Q7795"), ("G7", "G7", "organisation", "Q1764511"),
    ("G20", "G20", "organisation", "Q19771"), ("ICC", "International Criminal Court", "organisation", "Q47488"),
    ("ICJ", "International Court of Justice", "organisation", "Q7801"), ("OSCE", "OSCE", "organisation", "Q81299"),
    ("SCO", "Shanghai Cooperation Organisation", "organisation", "Q485207"),
    ("BRICS", "BRICS", "organisation", "Q43035"), ("ARABLEAGUE", "Arab League", "organisation", "Q7172"),
    ("GCC", "Gulf Cooperation Council", "organisation", "Q161751"), ("ECOWAS", "ECOWAS", "organisation", "Q131861"),
    ("OAS", "Organization of American States", "organisation", "Q123759"),
    ("WTO", "World Trade Organization", "organisation", "Q7825"), ("UNHCR", "UNHCR", "organisation", "Q131546"),
    ("ICRC", "International Committee of the Red Cross", "organisation", "Q71367"),
    ("HAMAS", "Hamas", "group", "Q38799"), ("HEZBOLLAH", "Hezbollah", "group", "Q41053"),
    ("TALIBAN", "Taliban", "group", "Q42418"), ("ISIL", "Islamic State", "group", "Q2429253"),
    ("HOUTHIS", "Houthis", "group", "Q1125426"), ("KCNA", "KCNA", "media", "Q1142863"),
    ("TASS", "TASS", "media", "Q223799"), ("XINHUA", "Xinhua", "media", "Q204839"),
    ("YONHAP", "Yonhap", "media", "Q481025"), ("ANTARA", "Antara", "media", "Q1191567"),
    ("ALJAZEERA", "Al Jazeera", "media", "Q83156"), ("REUTERS", "Reuters", "media", "Q130879"),
]
_AGENCIES = [  # id suffix, name, kind, CAMEO sector (geokg.schema.sectors)
    ("GOV", "government", "organisation", "GOV"), ("MFA", "Ministry of Foreign Affairs", "organisation", "GOV"),
    ("MIL", "armed forces", "organisation", "MIL"), ("OPP", "opposition", "group", "OPP")]
# A person's sector follows their role, as the extractor's persons carry theirs.
_ROLE_SECTOR = {"lawmaker": "LEG", "military commander": "MIL"}
# International organisations and media carry theirs; armed and political groups are left without.
_KIND_SECTOR = {"organisation": "IGO", "media": "MED"}
_ROLES = [("head of state", 1), ("head of government", 1), ("foreign minister", 2), ("defence minister", 2),
          ("spokesperson", 4), ("ambassador", 6), ("lawmaker", 10), ("military commander", 5),
          ("minister", 8), ("envoy", 4)]
_SYL = ("ka ri mo na le vo si ta ne ju an el or is ul da mi ko ra se lo vi ga be to ha ni ma ze po"
        " fa du ki ro sa me li no te va").split()

# GDELT-like share of events per CAMEO root (01..20), in percent.
_ROOT_SHARE = {"01": 19, "02": 6, "03": 8, "04": 21, "05": 10, "06": 2.5, "07": 3, "08": 3, "09": 1,
               "10": 1.5, "11": 5, "12": 2, "13": 2, "14": 1.5, "15": 0.7, "16": 1.5, "17": 4, "18": 1.5,
               "19": 5, "20": 0.1}
_FALLBACK_CODES = [  # code, goldstein, quad_class, plover: when geokg.schema.codebook is absent
    ("010", 0.0, 1, "DROPPED"), ("020", 3.0, 1, "REQUEST"), ("030", 4.0, 1, "COOPERATE"),
    ("036", 4.0, 1, "CONSULT"), ("040", 1.0, 1, "CONSULT"), ("042", 1.9, 1, "CONSULT"),
    ("043", 2.8, 1, "CONSULT"), ("050", 3.5, 1, "COOPERATE"), ("057", 8.0, 1, "AGREE"),
    ("060", 6.0, 2, "COOPERATE"), ("070", 7.0, 2, "AID"), ("080", 5.0, 2, "CONCEDE"),
    ("090", -2.0, 2, "COERCE"), ("100", -5.0, 3, "REQUEST"), ("110", -2.0, 3, "ACCUSE"),
    ("111", -2.0, 3, "ACCUSE"), ("112", -2.0, 3, "ACCUSE"), ("120", -4.0, 3, "REJECT"),
    ("129", -5.0, 3, "REJECT"), ("130", -4.4, 3, "THREATEN"), ("140", -6.5, 3, "PROTEST"),
    ("150", -7.2, 4, "MOBILIZE"), ("160", -4.0, 4, "SANCTION"), ("163", -8.0, 4, "SANCTION"),
    ("170", -7.0, 4, "COERCE"), ("180", -9.0, 4, "ASSAULT"), ("190", -10.0, 4, "ASSAULT"),
    ("195", -10.0, 4, "ASSAULT"), ("200", -10.0, 4, "ASSAULT"),
]
_VERBS = {"01": "said of", "02": "appealed to", "03": "pledged to work with", "04": "held talks with",
          "05": "backed", "06": "signed a deal with", "07": "sent aid to", "08": "eased pressure on",
          "09": "investigated", "10": "demanded action from", "11": "criticised", "12": "rejected a plan by",
          "13": "threatened", "14": "protested against", "15": "mobilised against", "16": "cut ties with",
          "17": "imposed sanctions on", "18": "attacked", "19": "fought", "20": "massacred civilians of"}


def codes() -> list[tuple[str, float, int, str, float]]:
    """(code, goldstein, quad_class, plover, weight) for every 3- and 4-digit code the generator draws."""
    try:
        from geokg.schema import codebook

        table = [(c.code, c.goldstein, c.quad_class, c.plover) for c in codebook.all_codes() if len(c.code) > 2]
    except ImportError:
        table = list(_FALLBACK_CODES)
    by_root: dict[str, list] = {}
    for row in table:
        by_root.setdefault(row[0][:2], []).append(row)
    out = []
    for root, rows in sorted(by_root.items()):
        w = [5.0 if r[0] == root + "0" else 2.0 if len(r[0]) == 3 else 1.0 for r in rows]
        total = sum(w)
        out += [(*r, _ROOT_SHARE.get(root, 1.0) * wi / total) for r, wi in zip(rows, w)]
    return out


def actors(seed: int = 0) -> tuple[list[Actor], list[Actor], list[Actor], dict[str, float]]:
    """(states, organisations, persons, activity weight per state), the same for the same seed."""
    import pycountry

    rnd = random.Random(f"actors:{seed}")
    rank = {c: i for i, c in enumerate(_ACTIVE)}
    states, weight = [], {}
    for c in pycountry.countries:
        code = c.alpha_3
        states.append(Actor(id=code, name=getattr(c, "common_name", None) or c.name, kind="state",
                            country=code, wikidata=_QIDS.get(code)))
        weight[code] = 1.0 / (rank[code] + 1) ** 1.1 if code in rank else 0.004
    names = {s.id: s.name for s in states}
    orgs = [Actor(id=i, name=n, kind=k, wikidata=q, sector="NGO" if i == "ICRC" else _KIND_SECTOR.get(k))
            for i, n, k, q in _ORGS]
    for code in _ACTIVE:
        for suffix, what, kind, sector in _AGENCIES:
            orgs.append(Actor(id=code + suffix, name=f"{names[code]} {what}", kind=kind, country=code, sector=sector))
    persons = []
    role_names = [r for r, _ in _ROLES]
    role_cum = list(accumulate(w for _, w in _ROLES))
    state_ids = [s.id for s in states]
    state_cum = list(accumulate(weight[s] + 0.01 for s in state_ids))
    for i in range(4450):
        code = state_ids[bisect(state_cum, rnd.random() * state_cum[-1])]
        first = "".join(rnd.choice(_SYL) for _ in range(rnd.randint(2, 3))).capitalize()
        last = "".join(rnd.choice(_SYL) for _ in range(rnd.randint(2, 4))).capitalize()
        role = role_names[bisect(role_cum, rnd.random() * role_cum[-1])]
        persons.append(Actor(id=f"{first}_{last}_{i}".lower(), name=f"{first} {last}", kind="person",
                             country=code, role=role, sector=_ROLE_SECTOR.get(role, "GOV")))
    return states, orgs, persons, weight


def _key(a: Actor | None) -> str | None:
    if a is None:
        return None
    return a.country if a.kind in ("person", "other") and a.country else a.id


def generate_events(n: int, seed: int = 0) -> Iterator[Event]:
    """Events an extractor would emit for *n* distinct happenings, deterministic for a seed.

    See the module docstring for the shape of the data; records come article by article.
    """
    rnd = random.Random(seed)
    states, orgs, persons, weight = actors(seed)
    by_id = {a.id: a for a in states}
    st_cum = list(accumulate(weight[s.id] for s in states))
    org_cum = list(accumulate((weight.get(o.country, 0.02) if o.country else 0.3) for o in orgs))
    per_cum = list(accumulate(weight[p.country] * (3.0 if p.role.startswith("head") else 1.0) for p in persons))
    code_table = codes()
    code_cum = list(accumulate(c[4] for c in code_table))
    siblings: dict[str, list] = {}
    for c in code_table:
        siblings.setdefault(c[0][:2], []).append(c)
    node_index: dict[str | None, int] = {None: 0}
    seen_keys: set[int] = set()
    dated_keys: set[int] = set()      # dyad and root of every dated happening
    undated_keys: set[int] = set()    # ... of every undated one
    span = (END - START).days
    pick = lambda cum, pool: pool[bisect(cum, rnd.random() * cum[-1])]  # noqa: E731

    def draw_actor(p_state: float, p_org: float, p_person: float) -> Actor | None:
        x = rnd.random()
        if x < p_state:
            return pick(st_cum, states)
        if x < p_state + p_org:
            return pick(org_cum, orgs)
        if x < p_state + p_org + p_person:
            return pick(per_cum, persons)
        return None

    make_event, make_evidence = row_maker(Event), row_maker(Evidence)  # checked against validation in the tests
    assert tuple(Event.model_fields) == (
        "event_id", "article_id", "date", "date_precision", "cameo", "quad_class", "goldstein", "plover",
        "source", "target", "factuality", "evidence", "confidence", "trigger", "lang", "published", "url",
        "title", "published_source"), "geokg.schema.models.Event changed: update bench/gen.py"
    made = 0
    serial = 0
    while made < n:
        m = min(_CHUNK, n - made)
        happenings = []  # (src, tgt, code row, date str, precision, factuality, n mentions)
        for j in range(m):
            day = START + timedelta(days=int(span * (made + j) / max(n, 1)) - rnd.randint(0, 20))
            if day < START:
                day = START
            while True:
                src = draw_actor(0.45, 0.20, 0.35)
                tgt = draw_actor(0.60, 0.15, 0.15)
                sk, tk = _key(src), _key(tgt)
                if sk == tk:
                    continue
                code = pick(code_cum, code_table)
                x = rnd.random()
                if x < 0.82:
                    d, prec, scope = day.isoformat(), "day", day.toordinal()
                elif x < 0.94:
                    d, prec, scope = day.isoformat()[:7], "month", 1_000_000 + day.year * 12 + day.month
                elif x < 0.98:
                    d, prec, scope = str(day.year), "year", 2_000_000 + day.year
                else:
                    d = prec = scope = None
                si = node_index.setdefault(sk, len(node_index))
                ti = node_index.setdefault(tk, len(node_index))
                dyad_root = (si * 8192 + ti) * 32 + int(code[0][:2])
                if scope is not None:
                    # A store may merge an undated report into a dated happening of its dyad and
                    # root (date windows): undated happenings get dyads and roots of their own.
                    key = (dyad_root << 22) | scope
                    if key in seen_keys or dyad_root in undated_keys:
                        continue
                    seen_keys.add(key)
                    dated_keys.add(dyad_root)
                else:
                    if dyad_root in dated_keys or dyad_root in undated_keys:
                        continue
                    undated_keys.add(dyad_root)
                break
            f = rnd.random()
            fact = ("asserted" if f < 0.85 else "alleged" if f < 0.91 else "denied" if f < 0.94
                    else "planned" if f < 0.98 else "hypothetical" if f < 0.99 else "negated")
            # An undated report cannot be matched across articles (see happening_id): one mention.
            k = min(50, int(rnd.paretovariate(1.6))) if d is not None else 1
            happenings.append((src, tgt, code, d, prec, fact, k, day))
        made += m

        # Articles of this block, in publication order; a happening is reported by k distinct
        # articles near its place in the stream.
        total = sum(h[6] for h in happenings)
        n_art = max(1, math.ceil(total / 3.5))
        reports: list[list[int]] = [[] for _ in range(n_art)]
        for j, h in enumerate(happenings):
            k = min(h[6], n_art)
            centre = int(j * n_art / m)
            w = max(k, 6)
            lo, hi = max(0, centre - w // 3), min(n_art, centre + w)
            if hi - lo < k:
                lo, hi = max(0, hi - k), max(hi, min(n_art, lo + k))
            for a in rnd.sample(range(lo, hi), k):
                reports[a].append(j)
        for a, js in enumerate(reports):
            if not js:
                continue
            serial += 1
            art = f"gen{seed}_{serial:08d}"
            last_day = max(happenings[j][7] for j in js)
            published = (last_day + timedelta(days=rnd.randint(0, 2))).isoformat()
            lang = "id" if rnd.random() < 0.3 else "en"
            first = happenings[js[0]]
            title = (f"{first[0].name if first[0] else 'Officials'} {_VERBS[first[2][0][:2]]} "
                     f"{first[1].name if first[1] else 'critics'}")
            url = f"https://news.example.org/{published[:4]}/{published[5:7]}/{art}"
            pos = rnd.randint(0, 300)
            for j in js:
                src, tgt, code, d, prec, fact, _, _ = happenings[j]
                # The same happening as another article may word it.
                if src is not None and src.kind == "person" and rnd.random() < 0.3:
                    src = by_id[src.country]
                if tgt is not None and tgt.kind == "person" and rnd.random() < 0.3:
                    tgt = by_id[tgt.country]
                if rnd.random() < 0.15:
                    code = rnd.choice(siblings[code[0][:2]])
                mfact = fact
                if fact == "alleged" and rnd.random() < 0.25:
                    mfact = "denied"
                text = (f"{src.name if src else 'Officials'} {_VERBS[code[0][:2]]} "
                        f"{tgt.name if tgt else 'the plan'}, {'reports said' if mfact != 'asserted' else 'on record'}.")
                start = pos
                end = start + len(text)
                pos = end + rnd.randint(40, 400)
                yield make_event(
                    stable_id("ev", art, src.id if src else None, tgt.id if tgt else None, code[0], d, start, mfact),
                    art, d, prec, code[0], code[2], code[1], code[3], src, tgt, mfact,
                    make_evidence(text, start, end), round(0.5 + 0.49 * rnd.random(), 2), None, lang,
                    published, url, title, "record")
