"""The actor gazetteer: countries, organisations and people (with dated roles) as data files,
plus per-language aliases (``lang/<code>/actors.tsv``) and role nouns (``lang/<code>/agents.tsv``).

Files are read once and checked; an invalid row raises :class:`geokg.errors.DataFileError` naming
the file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

from geokg.errors import DataFileError
from geokg.extractors.lang import LANG_DIR, _tsv_rows
from geokg.extractors.text import tokenize_phrase
from geokg.schema.models import Actor
from geokg.schema.sectors import SECTORS

GAZ_DIR = Path(str(resources.files("geokg.extractors.gazetteer")))
_KINDS = {"state", "person", "organisation", "group", "media", "other"}


@dataclass(frozen=True)
class Role:
    role: str
    country: str | None
    org: str | None
    start: str | None
    end: str | None

    def covers(self, day: date) -> bool:
        """Whether the role is held on ``day`` (partial dates cover their whole month or year)."""
        d = day.isoformat()
        return (not self.start or self.start[:len(d)] <= d[:len(self.start)]) and \
               (not self.end or d[:len(self.end)] <= self.end)


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    kind: str
    country: str | None
    wikidata: str | None
    capital: str | None = None
    roles: tuple[Role, ...] = ()
    aliases: tuple[str, ...] = ()

    def actor(self, on: date | None = None, role: str | None = None) -> Actor:
        """This entity as an :class:`Actor`; a person acts for the state of the role held ``on`` that day.

        >>> g = load_gazetteer()
        >>> g.entities["sergei_shoigu"].actor(date(2023, 7, 27)).role
        'defence minister'
        """
        country, r = self.country, role
        if self.roles:
            held = self.role_on(on)
            if held:
                # a role in an organisation (NATO secretary-general) acts for it, not for a state
                country = held.country if (held.country or held.org) else country
                r = r or held.role
        sector = role_sectors().get(r) if self.kind == "person" and r else None
        return Actor(id=self.id, name=self.name, kind=self.kind, country=country, wikidata=self.wikidata, role=r,
                     sector=sector)

    def role_on(self, on: date | None) -> Role | None:
        """The role held on a day; else the nearest earlier one; else the first."""
        if not self.roles:
            return None
        if on is None:
            return self.roles[-1]
        held = [r for r in self.roles if r.covers(on)]
        if held:
            return held[0]
        before = [r for r in self.roles if r.start and r.start <= on.isoformat()]
        return before[-1] if before else self.roles[0]


@dataclass
class Gazetteer:
    entities: dict[str, Entity]
    # per language: token tuple -> list of (entity id, exact-case surface or None)
    aliases: dict[str, dict[tuple[str, ...], list[tuple[str, str | None]]]]
    agents: dict[str, dict[tuple[str, ...], tuple[str, str]]]
    max_alias: int
    # (country, role) -> people holding it, for "Presiden Rusia" -> Putin on the day
    holders: dict[tuple[str, str], list[Entity]]
    # per language: word sequences that contain an alias but name nobody ("dolar AS")
    blocked: dict[str, frozenset[tuple[str, ...]]] = field(default_factory=dict)
    _starts: dict[str, frozenset[str]] = field(default_factory=dict)
    _titled: dict[str, list[Entity]] = field(default_factory=dict)  # role -> every holder, any state

    def alias_starts(self, code: str) -> frozenset[str]:
        """First words of every alias of a language, for a one-lookup rejection of most tokens."""
        if code not in self._starts:
            self._starts[code] = frozenset(k[0] for k in self.aliases.get(code, {}))
        return self._starts[code]

    def holder(self, country: str, role: str, on: date | None) -> Entity | None:
        """Who held ``role`` for ``country`` on a day (None when unknown or ambiguous).

        >>> load_gazetteer().holder("RUS", "head of state", date(2023, 8, 15)).id
        'vladimir_putin'
        """
        if on is None:
            return None
        found = [e for e in self.holders.get((country, role), ())
                 if any(r.country == country and r.role == role and r.covers(on) for r in e.roles)]
        return found[0] if len(found) == 1 else None


    def titled(self, role: str, name: str, on: date | None) -> Entity | None:
        """The one person holding ``role`` on a day (for any state) whose name has the word ``name``:
        "Presiden Lai" in 2024 is Lai Ching-te, though a bare "Lai" names several people.

        >>> load_gazetteer().titled("head of state", "Lai", date(2024, 5, 23)).id
        'lai_ching_te'
        """
        if on is None:
            return None
        word = name.lower()
        if not self._titled:
            for (_, r), people in self.holders.items():
                self._titled.setdefault(r, []).extend(people)
        found = {e.id: e for e in self._titled.get(role, ())
                 if word in e.name.lower().replace("-", " ").split() and
                 any(r.role == role and r.covers(on) for r in e.roles)}
        return next(iter(found.values())) if len(found) == 1 else None


def _check(path: Path, lineno: int, cond: bool, msg: str) -> None:
    if not cond:
        raise DataFileError(f"{path}:{lineno}: {msg}")


def _opt(v: str) -> str | None:
    v = v.strip()
    return v or None


@lru_cache(maxsize=None)
def role_sectors() -> dict[str, str]:
    """Role -> CAMEO sector code, from ``gazetteer/sectors.tsv``.

    >>> role_sectors()["police"], role_sectors()["foreign minister"]
    ('COP', 'GOV')
    """
    path = GAZ_DIR / "sectors.tsv"
    out: dict[str, str] = {}
    for ln, row in _tsv_rows(path):
        if row and row[0] == "role":
            continue
        _check(path, ln, len(row) == 2 and row[1] in SECTORS, f"expected role<TAB>sector code, got {row!r}")
        out[row[0]] = row[1]
    return out


def _read(path: Path, ncols: int) -> list[tuple[int, list[str]]]:
    rows = []
    for lineno, row in _tsv_rows(path):
        if row and row[0] in ("iso3", "id"):
            continue  # header
        row = row + [""] * (ncols - len(row))
        _check(path, lineno, len(row) == ncols, f"expected {ncols} tab-separated columns, got {len(row)}")
        rows.append((lineno, row))
    return rows


_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _load_entities(folder: Path) -> dict[str, Entity]:
    ents: dict[str, Entity] = {}
    path = folder / "countries.tsv"
    for ln, (iso3, name, qid, capital, kind) in _read(path, 5):
        _check(path, ln, bool(re.fullmatch(r"[A-Z]{3}", iso3)), f"bad ISO3 {iso3!r}")
        _check(path, ln, not qid or bool(re.fullmatch(r"Q\d+", qid)), f"bad QID {qid!r}")
        ents[iso3] = Entity(iso3, name, kind or "state", iso3, _opt(qid), _opt(capital))
    path = folder / "organisations.tsv"
    for ln, (oid, name, kind, country, qid, _parent) in _read(path, 6):
        _check(path, ln, kind in _KINDS, f"unknown kind {kind!r}")
        _check(path, ln, not qid or bool(re.fullmatch(r"Q\d+", qid)), f"bad QID {qid!r}")
        ents[oid] = Entity(oid, name, kind, _opt(country), _opt(qid))
    path = folder / "people.tsv"
    people: dict[str, dict] = {}
    for ln, (pid, name, qid, role, country, org, start, end, aliases) in _read(path, 9):
        for d in (start, end):
            _check(path, ln, not d or bool(_DATE.match(d)), f"bad date {d!r}")
        _check(path, ln, not qid or bool(re.fullmatch(r"Q\d+", qid)), f"bad QID {qid!r}")
        p = people.setdefault(pid, {"name": name, "qid": _opt(qid), "roles": [], "aliases": set()})
        p["roles"].append(Role(role, _opt(country), _opt(org), _opt(start), _opt(end)))
        p["aliases"] |= {a.strip() for a in aliases.split("|") if a.strip()}
    for pid, p in people.items():
        roles = tuple(sorted(p["roles"], key=lambda r: r.start or ""))
        country = roles[-1].country if roles else None
        ents[pid] = Entity(pid, p["name"], "person", country, p["qid"], None, roles, tuple(sorted(p["aliases"])))
    return ents


def town_at(words: list[str], start: int, end: int, longest: int = 4) -> tuple[str, int] | None:
    """(state, length) of the longest town name in ``words`` (lower-cased tokens) that starts at
    ``start`` and ends by ``end``, hyphens ignored, else None.

    >>> town_at(["strikes", "on", "khan", "younis"], 2, 4)
    ('PSE', 2)
    """
    towns = load_places()
    for n in range(min(longest, end - start), 0, -1):
        state = towns.get(tuple(w for w in words[start:start + n] if w != "-"))
        if state is not None:
            return state, n
    return None


def _common_words() -> frozenset[str]:
    """Words of the language data that are also names of some town: stopwords, the words of role
    nouns, place heads and compass words, month and weekday names, in every language."""
    from geokg.extractors.lang import available_languages, load_language  # noqa: PLC0415 - lazy, one use

    words: set[str] = set()
    for code in available_languages():
        lang = load_language(code)
        words |= set(lang.stopwords)
        for kind in ("place_heads", "state_nouns", "place_modifiers", "determiners", "quantities"):
            words |= {w for p in lang.phrases[kind] for w in p}
        words |= set(lang.dates.months) | set(lang.dates.weekdays)
        path = LANG_DIR / code / "agents.tsv"
        if path.is_file():
            words |= {w for _, row in _tsv_rows(path) if row and row[0] != "phrase" for w in row[0].lower().split()}
    return frozenset(words)


@lru_cache(maxsize=None)
def load_places() -> dict[tuple[str, ...], str]:
    """Towns and cities (lower-cased tokens) -> the state they lie in, from ``places.tsv``; loaded on
    first use, for only a force act or an arrest with no target asks for it.

    >>> load_places()[("kharkiv",)], load_places()[("khan", "younis")], load_places()[("deir", "el", "balah")]
    ('UKR', 'PSE', 'PSE')
    """
    path = GAZ_DIR / "places.tsv"
    out: dict[tuple[str, ...], str] = {}
    common = _common_words()
    for ln, (name, state, _pop) in _read(path, 3):
        if name == "name" or name.lower() in common:
            continue  # "Police" (Poland), "Kota" (India), "Para" (Brazil): words first, towns never
        _check(path, ln, bool(re.fullmatch(r"[A-Z]{3}", state)), f"bad ISO3 {state!r}")
        out[tuple(w for w in tokenize_phrase(name) if w != "-")] = state  # "El-Fasher" and "El Fasher" alike
    return out


@lru_cache(maxsize=None)
def load_gazetteer() -> Gazetteer:
    """Load the shipped gazetteer (all languages).

    >>> g = load_gazetteer()
    >>> g.entities["PRK"].name, g.entities["PRK"].wikidata
    ('North Korea', 'Q423')
    """
    ents = _load_entities(GAZ_DIR)
    aliases: dict[str, dict[tuple[str, ...], list[tuple[str, str | None]]]] = {}
    agents: dict[str, dict[tuple[str, ...], tuple[str, str]]] = {}
    shared: dict[tuple[str, ...], list[tuple[str, str | None]]] = {}
    blocked: dict[str, set[tuple[str, ...]]] = {}
    for e in ents.values():  # names of people and organisations hold in every language
        for name in (e.name, *e.aliases):
            exact = name if len(name) <= 3 else None
            shared.setdefault(tokenize_phrase(name), []).append((e.id, exact))
    for folder in sorted(p for p in LANG_DIR.iterdir() if p.is_dir()):
        table = {k: list(v) for k, v in shared.items()}
        path = folder / "actors.tsv"
        if path.is_file():
            for ln, (alias, actor, case) in _read(path, 3):
                _check(path, ln, actor in ents or actor == "-", f"unknown actor {actor!r}")
                _check(path, ln, case in ("exact", "fold", ""), f"case must be exact or fold, got {case!r}")
                key = tokenize_phrase(alias)
                if actor == "-":
                    blocked.setdefault(folder.name, set()).add(key)
                    continue
                entry = (actor, alias if case == "exact" else None)
                if entry not in table.setdefault(key, []):
                    table[key].append(entry)
        for e in ents.values():  # every country's English name and capital, whatever the file forgot
            if e.kind == "state":
                for nm in (e.name, e.capital):
                    if nm:
                        table.setdefault(tokenize_phrase(nm), [(e.id, None)])
        aliases[folder.name] = table
        apath = folder / "agents.tsv"
        agents[folder.name] = {}
        if apath.is_file():
            for ln, (phrase, role, kind) in _read(apath, 3):
                _check(apath, ln, kind in _KINDS, f"unknown kind {kind!r}")
                key = tokenize_phrase(phrase)
                agents[folder.name][key] = (role, kind)
                if folder.name == "en" and kind == "person" and key[-1].isalpha():  # "foreign ministers of the G7"
                    last = key[-1]
                    plural = last[:-1] + "ies" if last.endswith("y") else last + ("es" if last.endswith("s") else "s")
                    agents[folder.name].setdefault(key[:-1] + (plural,), (role, kind))
    holders: dict[tuple[str, str], list[Entity]] = {}
    for e in ents.values():
        for r in e.roles:
            if r.country and e not in holders.setdefault((r.country, r.role), []):
                holders[(r.country, r.role)].append(e)
    max_alias = max(len(k) for t in list(aliases.values()) + list(agents.values()) for k in t)
    return Gazetteer(ents, aliases, agents, max_alias, holders,
                     blocked={k: frozenset(v) for k, v in blocked.items()})
