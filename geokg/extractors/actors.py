"""Actor mentions in a sentence: gazetteer names, role phrases ("Presiden Rusia", "Russian Foreign
Minister"), appositive names, short names, pronouns and group anaphors ("kedua pemimpin"), grouped
by coordination ("Pyongyang dan Moskow").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from geokg.extractors.gazetteer import Entity, Gazetteer, role_sectors, town_at
from geokg.extractors.lang import Language
from geokg.extractors.text import QUOTES, Token
from geokg.schema.models import Actor
from geokg.schema.sectors import OWN_ACTOR, sector_actor_id


@dataclass(slots=True)
class Ref:
    """What a mention points at: a gazetteer entity (persons resolve by date later) or a made actor."""

    entity: Entity | None = None
    actor: Actor | None = None
    role: str | None = None

    def key(self) -> str:
        if self.entity is not None:
            return self.entity.id
        return self.actor.id if self.actor else ""

    def is_person(self) -> bool:
        kind = self.entity.kind if self.entity else (self.actor.kind if self.actor else "")
        return kind == "person"

    def resolve(self, on: date | None) -> Actor:
        if self.entity is not None:
            return self.entity.actor(on, self.role)
        assert self.actor is not None
        return self.actor


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    refs: list[Ref]                 # one, or several for a resolved group anaphor ("kedua pemimpin")
    how: str                        # name, agent, short, pronoun, anaphor, speaker
    prep: str | None = None         # the preposition right before it ("kepada", "by", "di")
    in_quote: bool = False
    antecedent_date: tuple[str, str] | None = None
    posted: list[Ref] = field(default_factory=list)  # where an envoy is posted: "ambassadors to Ireland and Norway"


@dataclass
class Discourse:
    """What the article has said so far: for pronouns, short names and group anaphors."""

    published: date | None
    last_person: Ref | None = None
    last_actor: Ref | None = None
    last_state: Entity | None = None  # the state last named or acted for, whatever was named since
    last_domestic: Entity | None = None  # the state of the last part of a country named (its court, police)
    last_regime: Entity | None = None  # the state whose junta or regime was last named with it ("junta Myanmar")
    # organisations named so far, the latest last, with the words they were named by
    recent_orgs: list[tuple[Entity, frozenset[str]]] = field(default_factory=list)
    recent_states: list[Entity] = field(default_factory=list)  # states named so far, the latest last
    last_group: list[Ref] = field(default_factory=list)
    last_group_date: tuple[str, str] | None = None
    groups: list[tuple[list[Ref], tuple[str, str] | None]] = field(default_factory=list)
    group_sentence: int = -1
    last_sources: list[Ref] = field(default_factory=list)
    sources_sentence: int = -1
    short_names: dict[str, Ref] = field(default_factory=dict)


_ROLE_MODIFIERS = frozenset({"deputy", "vice", "acting", "former", "senior", "top", "chief", "assistant",
                             "then", "new", "incoming", "outgoing", "mantan", "plt", "pelaksana"})
_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "sir", "dame", "lord", "pak", "bapak", "ibu", "bu", "tuan",
                         "nyonya", "sheikh", "syekh", "president", "presiden", "general", "jenderal"})
# Roles that stand for the state they rule: a bare "junta" or "rezim" is the one last named with its state
_REGIME_ROLES = frozenset({"military government", "regime"})

_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})

# military and police ranks between a title and a name ("Panglima TNI Jenderal Agus Subiyanto")
_RANKS = frozenset({"jenderal", "general", "gen", "letjen", "mayjen", "brigjen", "laksamana", "admiral", "adm",
                    "marsekal", "marshal", "kolonel", "colonel", "col", "letnan", "lieutenant", "lt", "kapten",
                    "captain", "capt", "mayor", "major", "komjen", "irjen", "jend", "."})
_NAME = re.compile(r"^[A-Z][a-z'’\-]+$|^[A-Z]{2,}$")


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", s.lower()).strip("_")


class ActorFinder:
    """Finds actor mentions in the sentences of one article, keeping discourse state between them."""

    def __init__(self, gaz: Gazetteer, lang: Language, published: date | None):
        self.gaz = gaz
        self.lang = lang
        self.aliases = gaz.aliases.get(lang.code, {})
        self.alias_starts = gaz.alias_starts(lang.code)
        self.blocked = gaz.blocked.get(lang.code, frozenset())  # "dolar AS" is money, not the United States
        self.blocked_starts = frozenset(k[0] for k in self.blocked)
        self.agents = gaz.agents.get(lang.code, {})
        self.state = Discourse(published)
        self.sentence_index = 0
        self._current: list[Mention] = []
        self.place_modifiers = lang.first_words["place_modifiers"]
        self.quantities = lang.first_words["quantities"]
        self.preps = {p[0] for k in ("target_preps", "place_preps", "agent_markers", "genitive_preps", "list_preps")
                      for p in lang.phrases[k] if len(p) == 1}
        self.determiners = lang.phrases["determiners"]
        self.anaphor_starts = frozenset(k[0] for k in lang.group_anaphors)
        self._coordinators = frozenset(w for p in lang.phrases["coordination"] for w in p) | \
            frozenset(p[0] for p in lang.phrases["determiners"])
        self.own_state = frozenset({"negaranya", "negerinya", "his", "her"})
        self.agent_starts = frozenset(k[0] for k in self.agents) | _ROLE_MODIFIERS
        pr = lang.pronouns
        self.person_pron = pr.get("person", frozenset())
        self.plural_pron = pr.get("plural", frozenset())
        self.body_pron = pr.get("body", frozenset())
        self.body_next = pr.get("body_next", frozenset())
        self.first_pron = pr.get("first_singular", frozenset()) | pr.get("first_plural", frozenset())
        self.partitive = pr.get("partitive", frozenset())
        self.partitive_links = pr.get("partitive_links", frozenset())

    # -- lookups -----------------------------------------------------------------------------
    def _alias_at(self, toks: list[Token], i: int) -> tuple[int, Entity] | None:
        if not (toks[i].text[:1].isupper() or toks[i].text[:1].isdigit()) or toks[i].lower not in self.alias_starts:
            return None  # proper names are capitalised; this keeps "us", "as", "chad" out
        low = [t.lower for t in toks[i:i + self.gaz.max_alias]]
        for n in range(len(low), 0, -1):
            cands = self.aliases.get(tuple(low[:n]))
            if not cands:
                continue
            surface = "".join(t.text for t in toks[i:i + n])
            for eid, exact in cands:
                if exact is None or exact.replace(" ", "") == surface:
                    return n, self.gaz.entities[eid]
        return None

    def _agent_at(self, low: list[str], i: int) -> tuple[int, str, str] | None:
        if low[i] not in self.agent_starts:
            return None
        skip = 0
        while i + skip < len(low) and low[i + skip] in _ROLE_MODIFIERS:  # "deputy ambassador", "former president"
            skip += 1
        for n in range(min(6, len(low) - i - skip), 0, -1):
            hit = self.agents.get(tuple(low[i + skip:i + skip + n]))
            if hit:
                return n + skip, hit[0], hit[1]
        return None

    def _name_run(self, toks: list[Token], i: int) -> int:
        """Length of a run of 2-4 capitalised words that could be a person's name."""
        n = 0
        while i + n < len(toks) and n < 4 and _NAME.match(toks[i + n].text) and \
                toks[i + n].lower not in self.lang.stopwords and self._alias_at(toks, i + n) is None \
                and self._agent_at([t.lower for t in toks], i + n) is None:
            n += 1
        return n if n >= 2 else 0

    # -- the pass over one sentence -----------------------------------------------------------
    def find(self, toks: list[Token], speaker: list[Ref] | None = None) -> list[Mention]:
        """Mentions in a sentence, in order; updates the discourse state."""
        low = [t.lower for t in toks]
        in_quote = _quote_mask(toks)
        out: list[Mention] = []
        self._current = out
        i = 0
        n = len(toks)
        while i < n:
            m = self._mention_at(toks, low, i, in_quote, speaker)
            if m is None:
                i += 1
                continue
            if out and low[out[-1].end:m.start] == ["("] and m.end < n and low[m.end] == ")" and \
                    {r.key() for r in m.refs} == {r.key() for r in out[-1].refs}:
                out[-1].end = m.end + 1  # "Amerika Serikat (AS)": one mention
                i = m.end + 1
                continue
            j = m.start - 1
            while j >= 0 and ((low[j],) in self.determiners or low[j] in self.place_modifiers):
                j -= 1  # "against the Houthis", "in southern Lebanon"
            if j >= 0 and low[j] in self.preps and not (j > 0 and low[j - 1] in self.quantities):
                m.prep = low[j]  # ("hundreds of protesters" are the protesters: no preposition)
            if not m.refs:
                i = m.end  # words that only look like a name
                continue
            out.append(m)
            self._remember(m, toks)  # a pronoun later in this sentence may point at it
            i = m.end
        return out

    def _mention_at(self, toks, low, i, in_quote, speaker) -> Mention | None:
        st = self.state
        if low[i] in self.blocked_starts:
            for n in (3, 2):
                if tuple(low[i:i + n]) in self.blocked:
                    return Mention(i, i + n, [], "none")
        # group anaphors: "kedua pemimpin", "both leaders"
        for length in range(min(5, len(low) - i), 1, -1) if low[i] in self.anaphor_starts else ():
            kind = self.lang.group_anaphors.get(tuple(low[i:i + length]))
            pair = self._pair_in_sentence() if kind else None
            if kind == "states" and pair is not None and not self._all_states(pair[0]):
                pair = None  # "both countries" are no pair of Hamas and Iran
            pair = pair or next((g for g in reversed(st.groups) if len({r.key() for r in g[0]}) == 2
                                 and (kind != "states" or self._all_states(g[0]))), None)
            if kind and pair is not None:
                refs = pair[0] if kind == "persons" else [self._state_of(r) for r in pair[0]]
                return Mention(i, i + length, list(refs), "anaphor", in_quote=in_quote[i], antecedent_date=pair[1])
            if kind and len(st.last_group) >= 2:
                refs = st.last_group if kind == "persons" else [self._state_of(r) for r in st.last_group]
                return Mention(i, i + length, list(refs), "anaphor", in_quote=in_quote[i],
                               antecedent_date=st.last_group_date)
        # role phrase, possibly chained, then the actor it belongs to
        agent = self._agent_at(low, i)
        lead = self._alias_at(toks, i)
        if agent and (lead is None or agent[0] >= lead[0]):
            m = self._agent_mention(toks, low, i, agent, in_quote)
            if m is not None or lead is None:
                return m
            # "Kemenlu": a role word with no owner here, and a name of its own in the gazetteer
        if lead and lead[0] == 1 and lead[1].kind == "person" and i > 0 and _NAME.match(toks[i - 1].text) and \
                low[i - 1] not in self.agent_starts and low[i - 1] not in _HONORIFICS and \
                self._alias_at(toks, i - 1) is None:
            lead = None  # "Fabien Talon" is not Patrice Talon: another first name before a known surname
        if lead and lead[1].kind == "state" and self._in_facility_name(low, i, i + lead[0]):
            return Mention(i, i + lead[0], [], "none")  # "Rumah Sakit Indonesia", "the Indonesian Hospital"
        if lead:
            length, ent = lead
            end = i + length
            # English: "Russian Foreign Minister Sergei Lavrov", "North Korea's leader"
            j = end + (1 if end < len(low) and low[end] in ("'s", "’s", "'") else 0)
            if self.lang.code == "en" and ent.kind in ("state", "organisation") and j < len(low):
                ag = self._agent_at(low, j)
                inner = self._alias_at(toks, j) if ag is None and j > end and ent.kind == "state" else None
                if inner is not None and inner[1].kind == "organisation":
                    ag = self._agent_at(low, j + inner[0])  # "Japan's U.N. ambassador": Japan's envoy
                    j = j + inner[0] if ag else j
                if ag is None and ent.kind == "state" and j + 1 < len(low) and (j == end and toks[j].text[:1].isupper()
                                                                                 or j > end) and \
                        low[j].isalpha() and low[j] not in self.lang.stopwords and \
                        (ag := self._agent_at(low, j + 1)) is not None:
                    j += 1  # "Eritrean Information Minister", "Venezuela's main opposition candidate": one word between
                if ag:
                    m = self._agent_mention(toks, low, j, ag, in_quote, owner=ent)
                    m.start = i
                    return m
            ref = Ref(entity=ent)
            how = "name"
            if ent.kind == "person" and length >= 2:
                self._register_short(toks[i:end], ref)
            return Mention(i, end, [ref], how, in_quote=in_quote[i])
        if (n := self._state_description(toks, low, i)) and (state := self._described_state()) is not None:
            return Mention(i, i + n, [Ref(entity=state)], "pronoun", in_quote=in_quote[i])
        if low[i] in self.own_state and st.last_person is not None:  # "negaranya", "his country"
            n = 1 if low[i] in ("negaranya", "negerinya") else 2
            if n == 1 or (i + 1 < len(low) and low[i + 1] in ("country", "government", "nation")):
                state = self._state_of(st.last_person)
                return Mention(i, i + n, [state], "pronoun", in_quote=in_quote[i])
        tok = toks[i]
        short = st.short_names.get(tok.text)
        if short is not None:
            return Mention(i, i + 1, [short], "short", in_quote=in_quote[i])
        if low[i] in self.first_pron and speaker and in_quote[i]:
            return Mention(i, i + 1, list(speaker), "speaker", in_quote=True)
        if low[i] in self.person_pron and low[i] not in ("his", "her", "their"):
            ref = st.last_person or st.last_actor
            if ref is not None:
                return Mention(i, i + 1, [ref], "pronoun", in_quote=in_quote[i])
        if low[i] in self.body_pron and i + 1 < len(low) and low[i + 1] in self.body_next and \
                (subject := self._body_subject(low)) is not None:
            return Mention(i, i + 1, list(subject.refs), "pronoun", in_quote=in_quote[i])
        if low[i] in self.plural_pron and low[i] not in ("their",) and self._current:
            prev = self._current[-1]  # "the Houthis said they had struck": the subject just named
            if prev.prep is None and prev.how in ("name", "agent", "anaphor"):
                return Mention(i, i + 1, self._coordinated_refs(low), "anaphor", in_quote=in_quote[i])
        if low[i] in self.plural_pron and low[i] not in ("their",) and not self._partitive(low, i):
            # "they" is the group just named, else whoever acted last ("the Houthis ... they seized")
            if st.last_sources and (st.group_sentence < self.sentence_index - 1 or len(st.last_group) > 4) and \
                    st.sources_sentence >= st.group_sentence:
                return Mention(i, i + 1, list(st.last_sources), "anaphor", in_quote=in_quote[i])
            if 2 <= len(st.last_group) <= 4:
                return Mention(i, i + 1, list(st.last_group), "anaphor", in_quote=in_quote[i],
                               antecedent_date=st.last_group_date)
        return None

    def _town_state(self, toks: list[Token], low: list[str], i: int, end: int) -> tuple[Entity, int] | None:
        """The state of a town named right before a role (``[.., i)``: "Istanbul mayor") or right after it
        (``[end, ..)``, "of" between or not: "mayor of Istanbul", "Wali Kota Istanbul"), with the end of
        the phrase, else None. A town never acts; it only says whose office-holder this is."""
        def named(a: int, b: int) -> bool:  # capitalised words, none a stopword
            return all(toks[k].text[:1].isupper() and low[k] not in self.lang.stopwords for k in range(a, b))

        for n in range(min(3, i), 0, -1):
            if named(i - n, i) and (town := town_at(low, i - n, i, n)) and town[1] == n and \
                    town[0] in self.gaz.entities:
                return self.gaz.entities[town[0]], end
        j = end + (1 if end < len(low) and low[end] == "of" else 0)
        if (town := town_at(low, j, len(low), 3)) and named(j, j + town[1]) and town[0] in self.gaz.entities:
            return self.gaz.entities[town[0]], j + town[1]
        return None

    def _body_subject(self, low: list[str]) -> Mention | None:
        """The sentence's first subject when it is a state or a body, not a person and not a possessor
        ("Kyiv's accusation"): what "it" means in "Russia denied Kyiv's accusation that it had ..."."""
        for m in self._current:
            if m.prep is None and m.how in ("name", "agent", "short") and \
                    low[m.end:m.end + 1] not in (["'s"], ["’s"]) and \
                    all(r.resolve(self.state.published).kind != "person" for r in m.refs):
                return m
        return None

    def _coordinated_refs(self, low: list[str]) -> list[Ref]:
        """The actors of the coordination that ends with the last mention ("Mali, Burkina Faso and
        Niger said they ..." is all three), else of the last mention alone."""
        run = [self._current[-1]]
        for m in reversed(self._current[:-1]):
            between = low[m.end:run[-1].start]
            if m.prep is not None or not between or any(w not in self._coordinators for w in between):
                break
            run.append(m)
        return [r for m in reversed(run) for r in m.refs]

    def _all_states(self, refs: list[Ref]) -> bool:
        """Whether every actor of *refs* is a state or acts for one (a minister, an embassy)."""
        return all(self._state_of(r).resolve(self.state.published).kind == "state" for r in refs)

    def _state_description(self, toks: list[Token], low: list[str], i: int) -> int:
        """Length of a definite description of a state at *i* ("the country", "the central African
        nation", "negara itu", "negara kepulauan tersebut"), else 0. Up to three modifiers; none may be
        a name the gazetteer knows ("negara Chad itu" names Chad itself)."""
        heads = self.lang.first_words["state_nouns"]
        closers = self.lang.first_words["state_closers"]
        if closers:  # Indonesian: head, modifiers, demonstrative
            if low[i] not in heads:
                return 0
            for k in range(i + 1, min(len(low), i + 5)):
                if low[k] in closers:
                    return k + 1 - i
                if not low[k].isalpha() or self._alias_at(toks, k) is not None:
                    return 0
            return 0
        if low[i] != "the":
            return 0
        for k in range(i + 1, min(len(low), i + 5)):
            if low[k] in heads:
                return k + 1 - i if k + 1 == len(low) or low[k + 1] != "of" else 0  # "the nation of Chad"
            if not (low[k].isalpha() or low[k] == "-") or low[k] in self.lang.stopwords or \
                    self._alias_at(toks, k) is not None:
                return 0
        return 0

    def _described_state(self) -> Entity | None:
        """The state "the country" refers to: the latest named, passing over the states of this
        sentence's subjects so far ("French troops began leaving the country": not France)."""
        subjects = {self._state_of(r).key() for m in self._current if m.prep is None
                    and m.how in ("name", "agent", "short") for r in m.refs}
        return next((s for s in reversed(self.state.recent_states) if s.id not in subjects), None)

    def _partitive(self, low: list[str], i: int) -> bool:
        """ "some of them", "sebagian dari mereka": the pronoun at *i* takes part of a group just named."""
        j = i - 1
        while j >= 0 and i - j <= 3 and low[j] in self.partitive_links:
            j -= 1
        return j >= 0 and low[j] in self.partitive

    def _agent_mention(self, toks, low, i, agent, in_quote, owner: Entity | None = None) -> Mention:
        length, role, kind = agent
        end = i + length
        while end < len(low) and (more := self._agent_at(low, end)):  # "wakil juru bicara departemen luar negeri"
            alias = self._alias_at(toks, end)
            if owner is None and alias and alias[1].kind == "state" and alias[0] >= more[0]:
                after = self._alias_at(toks, end + alias[0]) if end + alias[0] < len(low) else None
                if not (after and after[1].kind != "person"):
                    owner = alias[1]  # "Juru Bicara Kemenlu Teuku Faizasyah": Kemenlu is Indonesia's
                    end += alias[0]
                    break
            end += more[0]
        if owner is None and end < len(low) and low[end] == "of":  # "President of Russia"
            end += 1
            if end + 1 < len(low) and low[end] == "the" and (hit := self._alias_at(toks, end + 1)) and \
                    hit[1].kind != "person":
                end += 1  # "judges of the International Criminal Court"
        if owner is None and kind == "person" and (town := self._town_state(toks, low, i, end)) is not None:
            owner, end = town  # "Istanbul mayor ...", "Wali Kota Istanbul ...": the town's state
        if owner is None and end < len(low):
            hit = self._alias_at(toks, end)
            if hit and hit[1].kind != "person":
                owner = hit[1]
                end += hit[0]
            elif self.lang.code == "id" and end + 1 < len(low) and toks[end].text.islower() and \
                    low[end].isalpha() and low[end] not in self.lang.stopwords and \
                    (hit := self._alias_at(toks, end + 1)) is not None and hit[1].kind == "state":
                owner = hit[1]  # "aktivis demokrasi Myanmar", "pasukan keamanan Sudan": one modifier between
                end += 1 + hit[0]
        places: list[Ref] = []
        if owner is not None and ("ambassador" in role or "envoy" in role) and end + 1 < len(low) and \
                low[end] in ("untuk", "di", "to", "at"):
            k = end + 1 + (1 if low[end + 1] == "the" else 0)
            posted = self._alias_at(toks, k) if k < len(low) else None
            if posted is not None and posted[1].kind != "person":
                end = k + posted[0]  # where the envoy is posted is part of the title, not an actor
                places = [Ref(entity=posted[1])]
                while end + 1 < len(low) and low[end] in ("and", "dan", ",") and \
                        (more := self._alias_at(toks, end + 1)) is not None and more[1].kind == "state":
                    places.append(Ref(entity=more[1]))  # "ambassadors to Ireland and Norway"
                    end += 1 + more[0]
        # a demonstrative after the phrase refers back ("presiden Rusia itu")
        if end < len(low) and low[end] in ("itu", "tersebut"):
            end += 1
        # an appositive name: ", Vladimir Putin" or "Sergei Lavrov"
        j = end + (1 if end < len(low) and low[end] == "," else 0)
        if j < len(low) and low[j] == "(":  # "Panglima Angkatan Bersenjata Filipina (AFP) Jenderal Romeo Brawner"
            close = next((k for k in range(j + 1, min(len(low), j + 6)) if low[k] == ")"), None)
            j = close + 1 if close is not None else j
        while j < len(low) - 1 and low[j] in _RANKS:
            j += 1
        person: Entity | None = None
        new_name: str | None = None
        if j < len(low):
            hit = self._alias_at(toks, j)
            if hit and hit[1].kind == "person":
                person, end = hit[1], j + hit[0]
            elif hit and hit[1].kind in ("media", "organisation", "group") and kind != "person" and j > end:
                # "kantor berita resmi Korut, KCNA": the named body itself
                return Mention(i, j + hit[0], [Ref(entity=hit[1])], "name", in_quote=in_quote[i])
            elif kind == "person" and (run := self._name_run(toks, j)):
                new_name, end = " ".join(t.text for t in toks[j:j + run]), j + run
            elif kind == "person" and j == end and _NAME.match(toks[j].text) and low[j] not in self.lang.stopwords \
                    and (titled := self.gaz.titled(role, toks[j].text, self.state.published)) is not None and \
                    (owner is None or titled.actor(self.state.published).country == owner.id):
                person, end = titled, j + 1  # "Presiden Lai", "PM Marape": the title says which Lai
        country = owner.country if owner is not None else None
        sector = role_sectors().get(role)
        if owner is None and person is None and new_name is None and (named := self._named_org(low, i, end)):
            return Mention(i, end, [Ref(entity=named)], "anaphor", in_quote=in_quote[i])
        if role in _REGIME_ROLES:
            if owner is not None and owner.kind == "state":
                self.state.last_regime = owner
            elif owner is None and person is None and new_name is None and self.state.last_regime is not None:
                # "junta Myanmar ... oleh junta militer": the junta last named with its state
                return Mention(i, end, [Ref(entity=self.state.last_regime, role=role)], "anaphor", in_quote=in_quote[i])
        if person is None and new_name is None and sector in OWN_ACTOR and (owner is None or owner.kind == "state"):
            # "Georgian police", "polisi di Tbilisi", "the opposition": a part of a country, acting as itself
            state = owner or self._domestic_state(toks, low)
            if state is None:
                return None  # type: ignore[return-value]
            actor = Actor(id=sector_actor_id(state.id, sector), name=f"{state.name} {role}",
                          kind=kind if kind in ("organisation", "group", "media") else "group",
                          country=state.id, role=role, sector=sector)
            return Mention(i, end, [Ref(actor=actor)], "agent", in_quote=in_quote[i])
        if person is not None:
            if end < len(low) and toks[end].text[:1].isupper() and low[end] in person.name.lower().split() and \
                    low[end] not in low[j:end]:
                end += 1  # "Kishida Fumio": the given name after the family name is part of the mention
            ref = Ref(entity=person, role=role if kind == "person" else None)
            self._register_short(toks[j:end], ref)
            if end - j == 1 and toks[j].text[:1].isupper():
                self.state.short_names[toks[j].text] = ref  # "Presiden Lai ... mencap Lai": that Lai
        elif new_name is not None and (country or owner is None):
            if country is None and sector in OWN_ACTOR and (home := self._domestic_state(toks, low)) is not None:
                country = home.id  # "a Moscow court jailed opposition politician Ilya Yashin": Russia's opposition
            actor = Actor(id=_slug(new_name), name=new_name, kind="person", country=country, role=role, sector=sector)
            ref = Ref(actor=actor)
            self._register_short(toks[j:end], ref)
        elif owner is not None and owner.kind == "state" and kind == "person" and country:
            holder = self.gaz.holder(country, role, self.state.published)
            if holder is not None:
                ref = Ref(entity=holder, role=role)
            else:
                ref = Ref(actor=Actor(id=f"{country}_{_slug(role)}", name=f"{owner.name} {role}",
                                      kind="person", country=country, role=role, sector=sector))
        elif owner is not None:
            # a ministry, the military, the government: the state (or organisation) itself acts
            ref = Ref(entity=owner, role=role)
        else:
            definite = (i > 0 and low[i - 1] == "the") or (end < len(low) and low[end] in ("itu", "tersebut"))
            # a bare role ("the president", "pemimpin") refers back to the last person when there is one,
            # unless that person holds another role: "the foreign minister" after the UN chief is the
            # minister of the state last named
            if kind == "person" and self.state.last_person is not None and self.lang.code == "en" and definite:
                last = self.state.last_person.resolve(self.state.published)
                state = self._last_state()
                if last.role in (None, role) or state is None:
                    return Mention(i, end, [self.state.last_person], "pronoun", in_quote=in_quote[i])
                holder = self.gaz.holder(state.id, role, self.state.published)
                ref = Ref(entity=holder, role=role) if holder is not None else Ref(entity=state, role=role)
                return Mention(i, end, [ref], "pronoun", in_quote=in_quote[i])
            # "the foreign ministry", "kementerian itu": the ministry of the state last named
            state = self._last_state()
            if kind in ("organisation", "group") and definite and state is not None:
                # ("the government" is a description that can be a target, "protested against the
                # government"; "the embassy", "the ministry" may be another state's: only a pronoun)
                how = "anaphor" if role in ("government", "regime") else "pronoun"
                return Mention(i, end, [Ref(entity=state, role=role)], how, in_quote=in_quote[i])
            return None  # type: ignore[return-value]
        return Mention(i, end, [ref], "agent", in_quote=in_quote[i], posted=places)

    def _in_facility_name(self, low: list[str], start: int, end: int) -> bool:
        """Whether the country name at ``[start, end)`` is part of a facility's name (lang.yaml
        ``facility_before``/``facility_after``)."""
        return bool((end < len(low) and self.lang.phrase_at("facility_after", low, end))
                    or self.lang.phrase_before("facility_before", low, start))

    def _named_org(self, low: list[str], i: int, end: int) -> Entity | None:
        """The organisation a definite role noun names again: "the court" after the International
        Criminal Court, "the council" after the Security Council, "mahkamah itu" after Mahkamah Pidana
        Internasional (the latest organisation whose name has the noun)."""
        demonstrative = low[end - 1] in ("itu", "tersebut")
        definite = (i > 0 and low[i - 1] == "the") or demonstrative or (end < len(low) and low[end] in ("itu", "tersebut"))
        if not definite or end - i - demonstrative != 1:
            return None
        for org, words in reversed(self.state.recent_orgs):
            if low[i] in words:
                return org
        return None

    def _domestic_state(self, toks: list[Token], low: list[str]) -> Entity | None:
        """The country a bare domestic role noun ("police", "pengunjuk rasa") belongs to: the state or
        capital the sentence places the action in ("in Tbilisi", "di Nairobi"), else the last state named."""
        places = {p[0] for p in self.lang.phrases["place_preps"]}
        heads = set(self.lang.phrases["place_heads"])
        for j in range(1, len(low)):
            # ("di Tbilisi", "in Kinshasa", and "di wilayah Afghanistan": a place noun between)
            if any(low[j - 1 - n] in places and (n == 0 or tuple(low[j - n:j]) in heads)
                   for n in range(0, 3) if j - 1 - n >= 0) and \
                    (hit := self._alias_at(toks, j)) is not None and hit[1].kind == "state":
                return hit[1]
        # ("Brazil's Supreme Court sentenced ... angry response from Washington. Four of the justices
        # ...": the justices are Brazil's, whose court was named, not the last state's)
        return self.state.last_domestic or self.state.last_state

    def _pair_in_sentence(self) -> tuple[list[Ref], tuple[str, str] | None] | None:
        """The last two actors of different states named earlier in this sentence, if any."""
        places = {p[0] for p in self.lang.phrases["place_preps"]} - {p[0] for p in self.lang.phrases["target_preps"]}
        seen: dict[str, Ref] = {}
        for m in reversed(self._current):
            if m.how in ("name", "agent", "short") and m.prep not in places:
                for r in m.refs:
                    seen.setdefault(self._state_of(r).key(), r)
        if len(seen) >= 2:
            return list(seen.values())[:2][::-1], None
        return None

    def _last_state(self) -> Entity | None:
        r = self.state.last_actor
        if r is None:
            return None
        a = r.resolve(self.state.published)
        code = a.country if a.kind in ("state", "person") else None
        # (a part of a country, "the activists", leaves the state last named as the one meant)
        return self.gaz.entities.get(code) if code else self.state.last_state

    def _state_of(self, ref: Ref) -> Ref:
        a = ref.resolve(self.state.published)
        if a.kind == "person" and a.country and a.country in self.gaz.entities:
            return Ref(entity=self.gaz.entities[a.country])
        return ref

    def _register_short(self, name_toks: list[Token], ref: Ref) -> None:
        """After "Kim Jong Un" or "Vedant Patel", a bare "Kim" or "Patel" means that person."""
        if len(name_toks) < 2:
            return
        while len(name_toks) > 2 and name_toks[-1].lower in _SUFFIXES:
            name_toks = name_toks[:-1]  # "Romeo Brawner Jr.": "Brawner"
        for t in (name_toks[0], name_toks[-1]):
            if len(t.text) >= 3 and t.text[:1].isupper():
                self.state.short_names[t.text] = ref

    def _remember(self, m: Mention, toks: list[Token]) -> None:
        st = self.state
        for r in m.refs:
            st.last_actor = r
            if r.is_person():
                st.last_person = r
            a = r.resolve(st.published)
            if r.entity is not None and r.entity.kind == "organisation":
                words = frozenset(r.entity.name.lower().split()) | {t.lower for t in toks[m.start:m.end]}
                st.recent_orgs = [o for o in st.recent_orgs[-8:] if o[0] is not r.entity] + [(r.entity, words)]
            if a.sector in OWN_ACTOR and a.country in self.gaz.entities:
                st.last_domestic = self.gaz.entities[a.country]
            if a.kind in ("state", "person") and a.country in self.gaz.entities:
                st.last_state = self.gaz.entities[a.country]
                if st.recent_states[-1:] != [st.last_state]:
                    st.recent_states = [s for s in st.recent_states[-8:] if s is not st.last_state] + [st.last_state]

    def note_group(self, refs: list[Ref], when: tuple[str, str] | None) -> None:
        """Remember actors named together, for "kedua pemimpin", "mereka", "both leaders"."""
        keys = {r.key() for r in refs}
        if len(keys) >= 2:
            self.state.last_group = refs
            self.state.last_group_date = when
            self.state.groups.append((list(refs), when))
            self.state.group_sentence = self.sentence_index

    def note_sources(self, refs: list[Ref], index: int) -> None:
        """Remember who acted last, for "they" far from any named group."""
        self.state.last_sources = refs
        self.state.sources_sentence = index


def _quote_mask(toks: list[Token]) -> list[bool]:
    inside = False
    mask = []
    for t in toks:
        if t.text in QUOTES:
            if t.text in "“«":
                inside = True
            elif t.text in "”»":
                inside = False
            else:
                inside = not inside
            mask.append(False)
        else:
            mask.append(inside)
    return mask
