"""Event triggers in a sentence and the actors they take, with factuality and date.

One generic engine for every language: the lexicon, connectors and cues come from the language's data
folder. Arguments follow voice: an active verb takes the nearest subject on its left and the first
actor on its right; a passive ("dikritik oleh", "was criticised by") swaps them; a nominal trigger
("tuduhan AS", "US accusations") takes its possessor as source.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from geokg.extractors.actors import ActorFinder, Mention, Ref
from geokg.extractors.dates import DateMention, shift_day
from geokg.extractors.fuzzy import FuzzyIndex
from geokg.extractors.gazetteer import town_at
from geokg.extractors.lang import Language, Trigger
from geokg.extractors.text import QUOTES, Token
from geokg.schema.sectors import OWN_ACTOR, sector_actor_id

_PARTICLES = frozenset({"for", "on", "in", "out", "down", "with", "to", "off", "up", "from"})  # English particles
_STATEMENT = Trigger("(reported speech)", "010", frozenset(), (), 0)


@lru_cache(maxsize=None)
def _evaluation_trigger(code: str) -> Trigger:
    """The pseudo lexicon row of reported speech that evaluates (111), accuses (112), demands, threatens."""
    return Trigger("(evaluative speech)", code, frozenset(), (), 0)

_REACTIONS = ("11", "12", "14")
_MODAL_WORDS = frozenset({"berkomitmen", "ikut", "berjanji", "akan", "siap", "will", "would", "to", "vowed",
                          "pledged", "promised", "agreed", "decided", "memutuskan", "sepakat", "untuk"})
_EN_ADVERBS = frozenset({"also", "then", "later", "immediately", "formally", "again", "further", "jointly",
                         "strongly", "swiftly", "publicly", "repeatedly", ","})
_ID_ADVERBS = frozenset({"juga", "pun", "akan", "telah", "sudah", "tidak", "tak", "belum", "segera", "kembali",
                         "langsung", "resmi", "secara", "terus", "masih", "sempat", "ikut", ","})
_EN_NOUN_BEFORE = frozenset({"'s", "’s", "the", "a", "an", "its", "their", "his", "her", "this", "that", "these",
                             "those", "last", "latest", "first", "new", "from", "of", "against", "after", "over",
                             "amid", "despite", "for", "by", "on", "in", "with", "without", "about", "since"})
_EN_DETERMINERS = frozenset({"a", "an", "the", "its", "their", "his", "her", "this", "that", "these", "those",
                             "'s", "’s", "any", "another"})
_EN_NOT_ADJECTIVES = frozenset({"will", "would", "could", "should", "may", "might", "must", "to", "has", "have",
                                "had", "did", "does", "do", "not", "also", "then", "later", "jointly", "and", "or",
                                "government", "ministry", "army", "military", "president", "country", "state"})
_CLAUSE_CONJUNCTIONS = frozenset({"and", "but", "while", "whereas", "dan", "tetapi", "namun", "sementara", "sedangkan"})
_LOCATIVE = frozenset({"in", "at", "di"})
_BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "get", "got", "gets", "has been", "have been"})
_WINDOW = 12
_ENVOY_ROOTS = frozenset({"11", "16", "17"})  # summoning, recalling, expelling an envoy: against where it serves
_SPEECH_BREAKS = frozenset({"as", "while", "whereas", "but", "although", "though", "sementara", "sedangkan",
                            "namun", "tetapi", "padahal", "meski", "meskipun", "walaupun"})
_OCCASION_PREPS = frozenset({"during", "at", "after", "before", "in", "dalam", "saat", "pada", "usai", "setelah",
                             "seusai", "ketika", "di"})


@dataclass(slots=True)
class Hit:
    """A matched trigger: token span, lexicon row, voice, and how sure the match is."""

    start: int
    end: int
    trig: Trigger
    voice: str
    fuzzy: bool = False
    consumed: tuple[int, ...] = ()


@dataclass(slots=True)
class Found:
    """An event found in a sentence, before it becomes an :class:`Event`."""

    hit: Hit
    source: Ref
    target: Ref | None
    factuality: str
    date: tuple[str, str] | None
    future: bool
    confidence: float
    pending: frozenset[str] = frozenset()  # roots of an act named before it is told ("condemned the launch")


@dataclass
class Group:
    mentions: list[Mention]
    start: int
    end: int
    comitative: bool = False
    refs: list[Ref] = field(default_factory=list)

    @property
    def prep(self) -> str | None:
        return self.mentions[0].prep


# Pronouns that are never a subject: "to inform him of the expulsion" is no expulsion by him.
_OBJECT_PRONOUNS = frozenset({"him", "them", "us", "me"})

# Words before an event noun that name an earlier act as a reason: its date is that act's ("atas serangan
# 7 Oktober"); a noun without them is mostly told with the act around it ("tewas dalam serangan Selasa").
_REASON_PREPS = frozenset({"atas", "terkait", "soal", "sejak", "pasca", "over", "for", "since"})

# Roots of talks and intentions: a noun event right next to theirs is their topic.
_TALK_ROOTS = frozenset({"03", "04"})

# Roots of material conflict (force, coercion, sanctions, shows of force): one named with its doer alone
# ("serangan udara militer Myanmar") is the act a later "serangan tersebut" means.
_MATERIAL = frozenset({"15", "16", "17", "18", "19", "20"})

# Roots of physical force: their target can be the state where they land ("strikes in Pakistan").
_FORCE = frozenset({"18", "19", "20"})

# Threats: one with no target named is against the other side of the story
_THREATS = frozenset({"13"})

# Roots whose acts a noun of violence can name whatever its own code ("the assault", "the attack" after a
# riot, a shelling or an air strike)
_VIOLENT = frozenset({"14", "18", "19", "20"})


def _implied(pos: int, refs: list[Ref], how: str = "anaphor") -> Group:
    """A group of actors the text implies at ``pos`` without naming them there (the doer of an act
    told before, the speaker of a quote, the state that arrests its own national)."""
    return Group([Mention(pos, pos, list(refs), how)], pos, pos, refs=list(refs))


def _hostile(root: str) -> bool:
    """Whether a CAMEO root is conflictual (10 demand to 20 mass violence).

    >>> _hostile("13"), _hostile("04")
    (True, False)
    """
    return root.isdigit() and 10 <= int(root) <= 20


def find_triggers(low: list[str], lang: Language, fuzzy: FuzzyIndex | None,
                  toks: list[Token] | None = None) -> list[Hit]:
    """Lexicon matches in a sentence, longest pattern first, each token used once.

    >>> from geokg.extractors.lang import load_language
    >>> [h.trig.pattern for h in find_triggers("kedua pemimpin bertukar surat".split(), load_language("id"), None)]
    ['tukar surat']
    """
    hits: list[Hit] = []
    used: set[int] = set()
    for i, tok in enumerate(low):
        if i in used:
            continue
        entries = lang.triggers.get(tok)
        if entries and toks is not None and lang.code == "en" and i > 0 and toks[i].text[:1].isupper():
            continue  # a capitalised word inside an English sentence is part of a name or title
        is_fuzzy = False
        if entries is None and fuzzy is not None:
            entries = fuzzy.lookup(tok)
            is_fuzzy = entries is not None
        if not entries:
            continue
        for trig, voice in entries:
            span = _match_rest(low, i, trig, used)
            if span is not None:
                if trig.cameo != "-" or trig.flags:  # an idiom that is not an event only takes its words
                    hits.append(Hit(i, span[-1] + 1 if span else i + 1, trig, voice, is_fuzzy, tuple(span)))
                used.add(i)
                used.update(span)
                break
    return hits


def _match_rest(low: list[str], i: int, trig: Trigger, used: set[int]) -> list[int] | None:
    """Token positions of the pattern's further words (each within 4 words of the previous), or None."""
    pos: list[int] = []
    j = i
    for forms in trig.rest:
        gap = 2 if forms & _PARTICLES else 6  # "call for" keeps its particle close; "launched a ... rocket" not
        for k in range(j + 1, min(j + gap, len(low))):
            if low[k] in forms and k not in used:
                pos.append(k)
                j = k
                break
        else:
            return None
    return pos


def group_mentions(mentions: list[Mention], toks: list[Token], lang: Language) -> list[Group]:
    """Join mentions linked by coordination ("A dan B", "A, B and C", "A-B") or comitative ("A bersama B")."""
    low = [t.lower for t in toks]
    groups: list[Group] = []
    places = lang.first_words["place_preps"]
    for m in mentions:
        if groups:
            g = groups[-1]
            between = low[g.end:m.start]
            if between == ["-"] and not (toks[g.end - 1].end == toks[g.end].start == toks[m.start].start - 1):
                between = []  # "Jakarta - Korea Utara ..." is a dateline dash, not "Rusia-Korut"
            lists = {p[0] for p in lang.phrases["list_preps"]}
            dets = {p[0] for p in lang.phrases["determiners"]}
            if [w for w in between if w not in dets] == [","] and (
                    (g.prep is not None and g.prep not in lists) or _attributed(low, g.start, lang) or
                    any(low[j] in places for j in range(max(0, g.start - 2), g.start)) or (
                        # "dengan pengumuman Washington, Uni Eropa mengesahkan ...": a phrase ending in a
                        # name, then the subject; a list would go on with "dan"/"and"
                        any((low[j],) in lang.phrases["target_preps"] for j in range(max(0, g.start - 3), g.start))
                        and not _list_goes_on(low, m.end, lang))):
                # "Di Beijing, Prabowo bertemu ...", "Di Sekretariat ASEAN, Menlu Wong ...",
                # "dengan pengumuman Washington, Uni Eropa ...",
                # "Menurut Menlu Retno, pemerintah Indonesia ..." (the source of the report, not a co-actor)
                between = []
            if _is_coordination(between, lang):
                g.mentions.append(m)
                g.end = m.end
                continue
            if _is_comitative(between, lang):
                g.mentions.append(m)
                g.end = m.end
                g.comitative = True
                continue
        groups.append(Group([m], m.start, m.end))
    for g in groups:
        seen: dict[str, Ref] = {}
        for m in g.mentions:
            for r in m.refs:
                seen.setdefault(r.key(), r)
        g.refs = list(seen.values())
    return groups


def _list_goes_on(low: list[str], pos: int, lang: Language) -> bool:
    """Whether a comma or a conjunction follows ``pos``, as in a list ("A, B dan C")."""
    return pos < len(low) and bool(lang.phrase_at("coordination", low, pos))


def _attributed(low: list[str], start: int, lang: Language) -> bool:
    """Whether the mention at *start* follows an attribution ("menurut", "according to"), determiners skipped.

    >>> from geokg.extractors.lang import load_language
    >>> _attributed("menurut menlu retno , indonesia".split(), 1, load_language("id"))
    True
    """
    dets = lang.phrases["determiners"]
    while start > 0 and (low[start - 1],) in dets:
        start -= 1
    return bool(lang.phrase_before("attribution", low, start))


def _is_coordination(between: list[str], lang: Language) -> bool:
    if not between:
        return False
    if between == ["-"]:
        return True
    dets = {p[0] for p in lang.phrases["determiners"]}
    between = [w for w in between if w not in (")", "(") and w not in dets]  # "Korut (Korea Utara)", "and the UAE"
    coord = lang.phrases["coordination"]
    i = 0
    while i < len(between):
        for n in (3, 2, 1):
            if tuple(between[i:i + n]) in coord:
                i += n
                break
        else:
            return False
    return True


def _is_comitative(between: list[str], lang: Language) -> bool:
    return tuple(between) in lang.phrases["comitative"]


class SentenceEvents:
    """Finds the events of one sentence given its tokens, mentions, triggers and dates."""

    def __init__(self, toks: list[Token], lang: Language, finder: ActorFinder, groups: list[Group],
                 hits: list[Hit], dates: list[DateMention], speaker: list[Ref] | None,
                 inherited_date: tuple[str, str] | None, published: date | None,
                 prior: dict[str, list[Ref]] | None = None):
        self.toks = toks
        self.low = [t.lower for t in toks]
        self.lang = lang
        self.finder = finder
        self.groups = groups
        self.hits = hits
        self.dates = dates
        self.speaker = speaker
        self.inherited = inherited_date
        self.published = published
        self.prior = prior or {}
        self.background: list[tuple[Hit, list[Ref]]] = []  # hostile acts named with their doer, no target
        self.hit_starts = {h.start for h in hits}
        self.stops = lang.phrases["clause_stops"]
        self.relatives = lang.phrases["relative"]
        self.dets = lang.phrases["determiners"]
        self.stopwords = lang.stopwords
        self._doer_preps = frozenset(p[0] for p in lang.phrases["agent_markers"])
        self._partner_preps = frozenset(p[0] for p in lang.phrases["partner_preps"])
        self._between = frozenset(p[0] for p in lang.phrases["between_preps"])
        self._coordinators = frozenset(w for p in lang.phrases["coordination"] for w in p)
        self._town_heads = frozenset(w for p in lang.phrases["place_heads"] for w in p) - {"negara"}
        self.speech = lang.speech_forms
        self._last_subject: Group | None = None  # the source the previous trigger found, if any

    # -- argument finding ------------------------------------------------------------------
    def _left_group(self, pos: int, limit: int = 0) -> Group | None:
        objects = self._obj_preps()
        places = {p[0] for p in self.lang.phrases["place_preps"]} - {p[0] for p in self.lang.phrases["target_preps"]}
        fallback = None
        for g in reversed(self.groups):
            if g.end <= pos and g.start >= limit:
                if self._in_relative_clause(g, pos) or self._in_apposition(g, pos):
                    continue  # "Blinken, yang sedang menghadiri pertemuan di Phnom Penh, ..."
                if g.prep in objects and not g.comitative:
                    if g.prep not in places and not any((w,) in self.relatives for w in self.low[g.end:pos]):
                        fallback = fallback or g  # "Gunmen linked to Hamas abducted ...": a last resort
                        # (not across "who": "weapons to Ukraine and officials who draw up sanctions")
                    continue
                return g
        return fallback

    def _in_apposition(self, g: Group, pos: int) -> bool:
        """Whether ``g`` sits in an apposition to an actor, between commas before ``pos``: "Amerika
        Serikat, sekutu pertahanan Filipina, mengecam ...", "the US, Israel's closest ally, said ..."."""
        close = next((k for k in range(g.end, pos) if self.low[k] == ","), None)
        if close is None:
            return False
        k = g.start - 1
        while k >= 0 and self.low[k] != ",":
            k -= 1
        if k <= 0 or k == g.start - 1:
            return False  # no comma before, or the comma right before it: a list ("A, B and C")
        return any(h.end == k for h in self.groups) and not any(
            w in _CLAUSE_CONJUNCTIONS or (w,) in self.relatives for w in self.low[k + 1:g.start])

    def _in_relative_clause(self, g: Group, pos: int) -> bool:
        """Whether ``g`` sits in a relative clause closed by a comma before ``pos``."""
        rel = {p[0] for p in self.lang.phrases["relative"]}
        close = next((k for k in range(g.end, pos) if self.low[k] == ","), None)
        if close is None:
            return False
        k = g.start - 1
        while k >= 0 and self.low[k] != ",":
            if self.low[k] in rel:
                return True
            k -= 1
        return False

    def _obj_preps(self) -> set[str]:
        L = self.lang.phrases  # ("from Stockholm" is no subject either, unless nothing else is)
        return {p[0] for k in ("target_preps", "place_preps", "agent_markers", "list_preps", "genitive_preps")
                for p in L[k] if len(p) == 1}

    def _right_group(self, pos: int, exclude: set[str], cross_that: bool = False, window: int = _WINDOW,
                     inside_from: int | None = None, through_hits: bool = False,
                     partner_only: bool = False, skip_texts: bool = False) -> Group | None:
        if inside_from is not None:  # "mengusir duta besar Prancis": the actor is inside the pattern
            for g in self.groups:
                if inside_from < g.start < pos < g.end or inside_from < g.start < g.end <= pos:
                    if {r.key() for r in g.refs} - exclude:
                        return g
        end = min(len(self.low), pos + window + (8 if cross_that else 0))
        k = pos
        while k < end:
            if k in self.hit_starts and k != pos:
                noun = next((hh for hh in self.hits if hh.start == k and hh.voice == "noun"), None)
                if noun is not None:  # "mengutuk serangan Iran", "rejected allegations by Mali": their doer
                    # ("suspended talks with Colombia": a meeting's partner)
                    preps = self._doer_preps | (self._partner_preps if "sym" in noun.trig.flags else frozenset())
                    g = next((g for g in self.groups if g.start == noun.end or (
                        noun.end < g.start <= noun.end + 2 and g.prep in preps and
                        all(w in preps or (w,) in self.dets for w in self.low[noun.end:g.start])) or (
                        # "peluncuran rudal terbaru Pyongyang": a modifier between
                        self.lang.code != "en" and noun.end < g.start <= noun.end + 2 and g.prep is None and
                        all(self.low[j].isalpha() and self._lowercase_at(j) and self.low[j] not in self.stopwords
                            for j in range(noun.end, g.start)))), None)
                    if g is not None and {r.key() for r in g.refs} - exclude:
                        return g
                if not through_hits:
                    return None
            tok = self.low[k]
            if self.toks[k].text in QUOTES and not self._in_quote(k + 1) and k - pos <= 4 and \
                    any(self.toks[q].text in QUOTES for q in range(max(0, pos - 6), pos)):
                k += 1  # 'said it "categorically rejects" Israel's plan': a partial quote closes
                continue
            if tok in (".", ";", ":", "?", "!") or self.toks[k].text in QUOTES:
                return None
            if tok == "," and self._in_fronted_clause(pos):
                return None  # "after it committed crimes ..., these countries chose": the main clause
            if ((tok,) in self.stops or (partner_only and (tok,) in self.relatives)) and not cross_that:
                return None  # a meeting's partner is no actor of a relative clause ("... yang dipimpin PM Italia")
            if tok in self.speech and k > pos:
                if not cross_that:
                    return None
            for g in self.groups:
                if g.start == k:
                    if g.end < len(self.low) and self.low[g.end] in self.speech and self.low[g.start - 1] == ",":
                        return None  # ", Ukrainian officials said.": who reports the act is not its target
                    if {r.key() for r in g.refs} - exclude and g.mentions[0].how not in ("pronoun", "speaker") \
                            and not (skip_texts and self._text_author(g)):
                        return g
                    k = g.end - 1
                    break
            k += 1
        return None

    def _in_fronted_clause(self, pos: int) -> bool:
        """Whether ``pos`` lies in a clause that a subordinator opens and a comma will close: the
        sentence's start or a comma, then "after", "setelah", "when" ... ."""
        subs = self.lang.first_words["subordinators"]
        quotes = ("\"", "“", "”")
        first = next((w for w in self.low if w not in quotes), None)
        if first not in subs:
            return False
        # the fronted part runs over the segments that open with a subordinator: "After X did A, after
        # it did B, these countries chose ..."
        for k, w in enumerate(self.low):
            if w == "," and k + 1 < len(self.low):
                nxt = next((x for x in self.low[k + 1:] if x not in quotes), None)
                if nxt not in subs:
                    return pos <= k
        return False

    def _text_author(self, g: Group) -> bool:
        """Whether ``g`` names the author of a text ("Security Council resolutions", "resolutions of the
        Security Council", "resolusi DK PBB", "Piagam PBB"): who violates the text is criticised, not
        who wrote it."""
        texts = self.lang.first_words["texts"]
        low = self.low
        if g.end < len(low) and low[g.end] in texts:
            return True
        before = low[max(0, g.start - 3):g.start]
        while before and before[-1] in ("of", "the"):
            before = before[:-1]
        return bool(before) and before[-1] in texts

    def _agent_after(self, pos: int) -> Group | None:
        """The passive agent: "oleh AS", "by the US", or (Indonesian) the actor right after a di- verb."""
        markers = {p[0] for p in self.lang.phrases["agent_markers"]}
        for g in self.groups:
            if g.start >= pos and g.start - pos <= 3:
                gap = self.low[pos:g.start]
                if g.prep in markers or (self.lang.code == "id" and not gap):
                    return g
            elif g.start > pos and g.start - pos <= 7 and g.prep in markers and not any(
                    w in (",", ";", ".") for w in self.low[pos:g.start]) and \
                    not any(hh.start in range(pos, g.start) for hh in self.hits):
                return g  # "divonis dua tahun penjara oleh pengadilan": the agent after the sentence's terms
        return None

    # -- factuality ------------------------------------------------------------------------
    def _cue_between(self, a: int, b: int) -> set[str]:
        found: set[str] = set()
        low = self.low
        i = a
        while i < b:
            for n in range(min(4, b - i), 0, -1):
                v = self.lang.cues.get(tuple(low[i:i + n]))
                if v:
                    found.add(v)
                    break
            i += 1
        return found

    def _clause_break(self, a: int, b: int) -> bool:
        """Is there a clause boundary between token positions a and b (";" or a comma and a conjunction)?"""
        low = self.low
        for k in range(a, b):
            if low[k] == ";" or (low[k] == "," and k + 1 < len(low) and low[k + 1] in _CLAUSE_CONJUNCTIONS):
                return True
        return False

    def _lowercase_at(self, i: int) -> bool:
        """A common word, not a name: "armed" in "an armed attack", not "U.S." in "the U.S. attacked"."""
        return self.toks[i].text.islower()

    def _clause_end(self, i: int, limit: int) -> int:
        """The first punctuation token from *i* on, at most *limit* tokens ahead."""
        end = min(len(self.low), i + limit)
        for j in range(i, end):
            if not any(c.isalnum() for c in self.low[j]):
                return j
        return end

    def factuality(self, h: Hit, idx: int, source_pos: int, own_act: bool = False) -> str:
        """How the text holds the event of trigger ``h``; ``own_act`` when it is the accuser's next act
        ("blamed Armenia ... and threatened ..."), which an accusation's scope does not reach."""
        prev = self.hits[idx - 1].end if idx > 0 else 0
        start = max(prev, h.start - 10)
        # "... bahwa Indonesia ingin damai dan mendesak Moskow": a cue before "and" belongs to the other
        # clause (a verb coordinated with an earlier trigger takes that one's factuality in run())
        start = max([k + 1 for k in range(start, h.start) if self.low[k] in _CLAUSE_CONJUNCTIONS], default=start)
        near = self._cue_between(start, h.start)
        whole = self._cue_between(0, h.start)
        scope = {"deny": "denied", "accuse": "alleged", "irrealis": "planned"}
        for earlier in self.hits[:idx]:
            for flag, value in scope.items():
                if own_act and flag == "accuse":
                    continue
                if earlier.voice == "noun" and any(w in _CLAUSE_CONJUNCTIONS for w in self.low[earlier.end:h.start]):
                    continue  # "concerned about the allegations and urged India to ...": the allegation's scope ended
                if flag == "deny" and any(self.lang.phrase_at("denial_scope_end", self.low, k)
                                          for k in range(earlier.end, h.start)):
                    continue  # "dismissed the warning and said it had struck ...": the denial ended
                if flag in earlier.trig.flags and not (flag == "deny" and "accuse" in h.trig.flags) and \
                        not (flag == "accuse" and ("deny" in h.trig.flags or h.trig.cameo[:2] == "12")):
                    return value
        if "negated" in near:
            return "negated"
        if h.voice == "noun" and "hypothetical" in self._cue_between(h.end, self._clause_end(h.end, 8)):
            return "hypothetical"  # "an armed attack on its vessels would invoke the treaty"
        if "hypothetical" in whole and ("hypothetical" in near or self.low[0] in ("jika", "if", "apabila", "kalau")):
            return "hypothetical"
        if "alleged" in near:
            return "alleged"
        if "planned" in near and h.trig.cameo[:2] != "03":
            return "planned"  # (a pledge or an offer is itself the event: "siap bekerja sama" is asserted)
        return "asserted"

    # -- date --------------------------------------------------------------------------------
    def date_for(self, h: Hit, source: Mention | None, fact: str) -> tuple[tuple[str, str] | None, bool]:
        when, future = self._date_for(h, source, fact)
        if when is not None and when[1] == "day" and (shift := self._clause_offset(h)):
            # "..., a day after Mali, Burkina Faso and Niger said they were withdrawing ...": that act is a
            # day before the date of the clause it hangs from
            if (day := shift_day(when[0], shift)) is not None:
                when = (day, "day")
        return when, future

    def _clause_offset(self, h: Hit) -> int:
        """Days from the main clause to the clause of ``h`` opened by "a day after"/"sehari setelah"
        (no date of its own between), else 0."""
        for k in range(h.start - 1, -1, -1):
            if any(d.start <= k < d.end for d in self.dates):
                return 0
            if self.low[k] in self.lang.first_words["clause_offsets"] and k >= 3 and \
                    (n := self.lang.phrase_at("clause_offsets", self.low, k)) and k + n <= h.start:
                # (not at the head of the sentence: "Sehari sebelum KTT dibuka, Senin (14/11), ..." is
                # the sentence's own time, which the pipeline shifts already)
                phrase = " ".join(self.low[k:k + n])
                return self.lang.dates.clause_offsets.get(phrase, 0)
        return 0

    def _date_for(self, h: Hit, source: Mention | None, fact: str) -> tuple[tuple[str, str] | None, bool]:
        # a future date belongs to a planned event; a done event in the same sentence does not take it
        usable = [d for d in self.dates if (not d.future or fact == "planned") and not (
            d.end < len(self.low) and self.low[d.end] in ("'s", "’s") and d.end + 1 != h.start)
            and not self._relative_between(h.end, d.start)
            and not any(hh is not h and ((hh.voice == "noun" and d.start == hh.end and hh.start > 0 and
                                          self.low[hh.start - 1] in _REASON_PREPS) or (
                d.end == hh.start and d.start > 0 and self.low[d.start - 1] in _EN_DETERMINERS)) for hh in self.hits)]
        # ("last week's launch" dates the launch, not the condemnation of it; "atas serangan 7 Oktober",
        # "the October 7 attack": that date is the attack's, not the warrant's)
        if usable:
            # a date in the trigger's own clause wins over a nearer one across ", and" / "; "
            own = [d for d in usable if not self._clause_break(min(d.end, h.start), max(d.start, h.end))]
            best = min(own or usable, key=lambda d: min(abs(d.start - h.start), abs(d.end - h.start)))
            return (best.value, best.precision), best.future
        if self.dates:
            return self.inherited, False  # the sentence's dates belong to other clauses
        if source is not None and source.antecedent_date:
            return source.antecedent_date, False
        return self.inherited, False

    # -- the events ----------------------------------------------------------------------------
    def run(self) -> list[Found]:
        out: list[Found] = []
        prev_source: Group | None = None
        prev_target: tuple[str, Group | None] = ("", None)  # (CAMEO root, target) of the last event
        prev_fact = "asserted"
        accusers: list[Group] = []  # subjects of accusations so far: their own next acts are not alleged
        for idx, h in enumerate(self.hits):
            if h.trig.cameo == "-":
                continue  # a scope word ("rancangan resolusi"): it only colours what follows
            if h.voice == "noun" and self._topic_of_talks(idx):
                continue  # "perundingan gencatan senjata", "ceasefire talks": what is talked about, not done
            src_g, tgt_g, conf = self._arguments(h, idx, prev_source)
            self._last_subject = src_g
            if src_g is None:
                continue
            if "troops" in h.trig.flags and (not all(r.role == "military" or r.resolve(self.published).sector == "MIL"
                                                     for r in src_g.refs) or self.low[h.start - 1] in _MODAL_WORDS):
                continue  # "Putin left Beijing": only troops that leave a country withdraw from it ("ordered
                # the advisers to leave" is an expulsion, not their withdrawal)
            if "sym" in h.trig.flags and self._after_place_relative(src_g.start):
                continue  # "the river where Brazil, Peru and Colombia meet": a place, not a meeting
            if tgt_g is not None and h.trig.cameo[:2] in _ENVOY_ROOTS and (posted := [
                    r for m in tgt_g.mentions for r in m.posted]) and \
                    self._states(tgt_g.refs) <= self._states(src_g.refs):
                # "recalled its ambassadors to Ireland and Norway": an act on one's own envoys is against
                # where they serve (summoning another state's envoy is against that state: no change)
                tgt_g = Group(tgt_g.mentions, tgt_g.start, tgt_g.end, refs=posted)
            reciprocal = len({r.key() for r in src_g.refs}) >= 2 and self._reciprocal_at(h)
            if reciprocal:
                tgt_g = None  # "Armenia and Azerbaijan accused each other": of nothing else
            coordinated = prev_source is src_g and idx > 0
            if coordinated and tgt_g is None and prev_target[1] is not None and (
                    prev_target[0] == h.trig.cameo[:2] or (_hostile(prev_target[0]) and _hostile(h.trig.cameo[:2]))):
                # "closed its borders with Niger, suspended transactions and froze assets": one measure
                # after another against the same target; "blamed Armenia ... and threatened to ...": one
                # hostile act after another (same root, or both conflictual: 10-20)
                tgt_g, conf = prev_target[1], conf - 0.1
            if tgt_g is None and h.trig.cameo[:2] in _THREATS and h.voice != "noun":
                # "Islamabad warned that any attempt to divert the water would be an act of war": a threat
                # names no one when the story's other side is plain: the other state named last
                tgt_g, conf = self._replied_to(src_g), conf - 0.1
            prev_target = (h.trig.cameo[:2], tgt_g)
            if h.voice != "noun" or prev_source is None:
                prev_source = src_g  # ("condemned Iran's attack on Israel and called on ...": not Iran)
            src_mention = src_g.mentions[0]
            fact = self.factuality(h, idx, src_g.end, own_act=coordinated and any(a is src_g for a in accusers))
            if "accuse" in h.trig.flags and src_g.end <= h.start:
                accusers.append(src_g)  # (the accuser named before its verb, not one inside what is alleged)
            if coordinated and fact == "asserted" and prev_fact not in ("asserted", "denied", "alleged"):
                fact = prev_fact  # "would be used to attack cities and kill civilians"
            prev_fact = fact
            when, future = self.date_for(h, src_mention, fact)
            if h.voice == "noun" and idx > 0 and self._only_actors_between(self.hits[idx - 1].end, h.start):
                when, future = self.inherited, False  # "rejected U.S. accusations": an earlier act
            if future and fact == "asserted":
                fact = "planned"
            pending: frozenset[str] = frozenset()
            if tgt_g is None and h.trig.cameo[:2] == "12" and (acc := self._accuser_before(h)) is not None and \
                    {r.key() for r in acc.refs} - {r.key() for r in src_g.refs}:
                tgt_g = acc  # "Ankara accuses Stockholm of ..., a charge Sweden rejects": rejects Ankara's charge
            if tgt_g is None and (h.trig.cameo[:2] in _REACTIONS or h.trig.cameo == "016"):
                doers = self._act_referred(h.end) if self.prior else []
                at = h.end
                if not doers and h.end - h.start > 1 and not self._roots_named(at):
                    at = h.start + 1  # the act named inside the trigger: "menyebut peluncuran itu sebagai ancaman"
                    doers = self._act_referred(at) if self.prior else []
                if not doers and self.low[h.end:h.end + 1] == [","] and h.end + 1 < len(self.low) and \
                        self.low[h.end + 1] in self.speech and self.prior:
                    at = h.end + 2  # "hit back, saying threats of this kind would not ...": those threats
                    doers = self._act_referred(at)
                if not doers:
                    pending = self._roots_named(at)
                doers = [r for r in doers if r.key() not in {x.key() for x in src_g.refs}]
                if doers:
                    # "Tokyo mengecam peluncuran itu", "denied the accusation": the act is one reported before
                    tgt_g = _implied(h.end, doers)
                    conf -= 0.15
            if tgt_g is None and (h.trig.cameo[:2] in _REACTIONS or h.trig.cameo == "016"):
                tgt_g = self._doer_named_after(h.end, {r.key() for r in src_g.refs}) or \
                    self._owner_of_later_act(h, {r.key() for r in src_g.refs})
                pending = pending if tgt_g is None else frozenset()
            if tgt_g is None and "place" in h.trig.flags and h.trig.cameo[:2] != "14":
                continue  # a visit to nowhere known is not an interaction (a rally is one-sided)
            if tgt_g is None and "sym" in h.trig.flags and len(src_g.refs) == 1 and \
                    src_g.refs[0].resolve(self.published).kind == "organisation":
                out.append(Found(h, src_g.refs[0], None, fact, when, future, conf - 0.1))  # "the Council met"
                continue
            if h.trig.cameo == "016" and tgt_g is not None and \
                    (self._evaluation(h.end, self._speech_end(h.end)) or "")[:2] == "11":
                # "dismissed Ethiopia's accusation as provocative sabre-rattling": a rebuttal that evaluates
                h = Hit(h.start, h.end, _evaluation_trigger("111"), h.voice)
            elif h.trig.cameo[:2] == "03" and tgt_g is not None and \
                    (self._evaluation(h.end, self._speech_end(h.end)) or "")[:2] == "13":
                h = Hit(h.start, h.end, _evaluation_trigger("130"), h.voice)  # "vowed harsh punishment for Israel"
            elif "aimed" in h.trig.flags and tgt_g is not None and not any(
                    self.lang.phrase_before("direction_preps", self.low, m.start) for m in tgt_g.mentions):
                # missiles launched at a state strike it (195); "toward Japan", into the sea, show force
                h = Hit(h.start, h.end, replace(h.trig, cameo="195"), h.voice)
            pairs = self._pairs(h, src_g, tgt_g, reciprocal)
            for s, t in pairs:
                out.append(Found(h, s, t, fact, when, future, conf - (0.1 if t is None else 0.0),
                                 pending if t is None else frozenset()))
        out.extend(self._statements(out))
        return out

    def _topic_of_talks(self, idx: int) -> bool:
        """Whether the noun event ``idx`` is what talks or proposals are about: right after a noun of
        consultation or intent ("perundingan gencatan senjata", "talks on a truce") or right before one
        ("ceasefire talks")."""
        h = self.hits[idx]
        links = ("on", "for", "about", "over", "soal", "tentang", "mengenai", "terkait", "a", "an", "the")
        if idx > 0:
            p = self.hits[idx - 1]
            if p.trig.cameo[:2] in _TALK_ROOTS and p.end <= h.start and all(
                    w in links for w in self.low[p.end:h.start]):
                return True
        if idx + 1 < len(self.hits):
            n = self.hits[idx + 1]
            if n.trig.cameo[:2] in _TALK_ROOTS and n.start == h.end and "noun" in n.trig.flags:
                return True
        return False

    def _reciprocal_at(self, h: Hit) -> bool:
        """Whether "each other"/"saling" marks the trigger: just before it or within two words after it."""
        return any(self.lang.phrase_at("reciprocal", self.low, k)
                   for k in range(max(0, h.start - 2), min(len(self.low), h.end + 3)))

    def _after_place_relative(self, pos: int) -> bool:
        """Whether a place relative ("where", "tempat", "di mana") opens right before token ``pos``."""
        return bool(self.lang.phrase_before("place_relatives", self.low, pos))

    def _owner_of_later_act(self, h: Hit, exclude: set[str]) -> Group | None:
        """The actor whose hostile act is named later in the sentence by a noun with its owner: '"We
        condemn this attack," the minister said of the Russian strike' -> Russia."""
        dets = _EN_DETERMINERS | {"itu", "tersebut"}
        for hh in self.hits:
            if hh.start > h.end and _hostile(hh.trig.cameo[:2]):
                for g in self.groups:
                    owner = (g.end == hh.start - 1 and self.low[g.end] in ("'s", "’s")) or (
                        g.end == hh.start and g.start > 0 and self.low[g.start - 1] in dets) or (
                        g.start == hh.end and hh.voice == "noun" and self.lang.code == "id")  # "serangan Rusia"
                    if owner and {r.key() for r in g.refs} - exclude:
                        return g
        return None

    def _doer_named_after(self, pos: int, exclude: set[str]) -> Group | None:
        """The agent of the act a reaction names: "mengecam pembunuhan yang dilakukan oleh RSF",
        "condemned the killings carried out by the militia" -> RSF, the militia."""
        markers = {p[0] for p in self.lang.phrases["agent_markers"]}
        end = min(len(self.low), pos + _WINDOW)
        for g in self.groups:
            if pos <= g.start < end and g.prep in markers and {r.key() for r in g.refs} - exclude and \
                    g.mentions[0].how in ("name", "agent", "short") and \
                    not any(self.low[k] in (".", ";", ":") or (self.low[k],) in self.stops for k in range(pos, g.start)):
                return g
        return None

    def _roots_named(self, pos: int) -> frozenset[str]:
        """CAMEO roots of the act a definite object names ("the launch" -> 15), if it names one."""
        dem = {p[0] for p in self.lang.phrases["demonstratives"]}
        nouns = {p[0] for p in self.lang.phrases["event_nouns"]}
        window = self.low[pos:pos + 4]
        if not window or window[0] in (".", ",", ";") or not any(w in dem or w in nouns for w in window):
            return frozenset()
        generic = self.lang.first_words["generic_event_nouns"]  # "keputusan" is no act of "putus hubungan"
        return frozenset(t.cameo[:2] for w in window if w not in generic for t, _ in self.lang.triggers.get(w, ())
                         if t.cameo != "-")

    def _act_referred(self, pos: int) -> list[Ref]:
        """Who did the act a definite object names: the first reported act of its kind ("the launch")."""
        dem = {p[0] for p in self.lang.phrases["demonstratives"]}
        nouns = {p[0] for p in self.lang.phrases["event_nouns"]}
        window = self.low[pos:pos + 4]
        if window[:1] and window[0] in self.lang.pronouns.get("act", ()) and \
                (len(window) == 1 or not window[1].isalpha() or window[1] in self._coordinators):
            return list(self.prior.get("~", []))  # "Kishida condemned it and ...": the act last told
        if not window or window[0] in (".", ",", ";") or not any(w in dem or w in nouns for w in window):
            return []
        close = next((j for j in range(1, len(window)) if window[j] in dem), None)
        window = window[:close + 1] if close is not None else window  # "penyerbuan itu | tidak dapat ..."
        named: set[str] = set()
        generic = self.lang.first_words["generic_event_nouns"]
        for w in window:
            if w in generic:
                continue  # "the decision", "langkah itu": whatever was done last, not one kind of act
            roots = {t.cameo[:2] for t, _ in self.lang.triggers.get(w, ()) if t.cameo != "-"}
            named |= roots
            for root in sorted(roots):  # (a set's order changes from one process to the next)
                if root in self.prior:
                    return list(self.prior[root])
        if named & _VIOLENT:  # "the assault" after crowds stormed an embassy: any violent act is meant
            for root in sorted(_VIOLENT):
                if root in self.prior:
                    return list(self.prior[root])
        if named - {"01", "11"}:
            return []  # "serangan tersebut" when no attack with a known doer was reported: nobody known
        return list(self.prior.get("*", []))  # "menolak tuduhan itu" after "Biden menyatakan Putin ..."

    def _relative_between(self, a: int, b: int) -> bool:
        """Whether ", which/yang ..." opens between the trigger and a later date: the date is the clause's."""
        rel = {p[0] for p in self.lang.phrases["relative"]}
        if any(self.low[k] == "," and self.low[k + 1] in rel for k in range(a, min(b, len(self.low) - 1))):
            return True
        # "senapan yang dirampas penjaga pantai China dalam insiden ... awal pekan ini": a relative clause
        # with an act of its own takes the date that ends it
        return any(self.low[k] in rel and any(k < hh.start < b and hh.trig.cameo[:2] in _MATERIAL
                                              for hh in self.hits) for k in range(a, min(b, len(self.low))))

    def _only_actors_between(self, a: int, b: int) -> bool:
        inside = {k for g in self.groups for k in range(g.start, g.end)}
        small = {"'s", "’s", "the", "a", "an", "dengan", "tegas", "keras", "itu"}
        return b - a <= 8 and all(k in inside or self.low[k] in small for k in range(a, b))

    def _statements(self, found: list[Found]) -> list[Found]:
        """Events of reported speech, where the speech itself is the news (shared/eval/CODING.md): words
        that evaluate, accuse, demand or threaten ("said the move was illegal": 111 against the mover),
        or a statement addressed to an actor ("told Yoon", "kata Retno kepada Wang": 010). "X said Y did
        Z" with no such words reports Y's act: no event of X."""
        out: list[Found] = []
        for p, w in enumerate(self.low):
            if w not in self.speech or any(h.start <= p < h.end for h in self.hits) or \
                    self.lang.phrase_at("attribution", self.low, p):
                continue  # ("according to the two governments": they are the source, not addressed)
            if self.lang.code == "en" and p > 0 and self.toks[p].text[:1].isupper():
                continue  # "Secretary of State"
            if (self.lang.code == "id" and w.startswith(("di", "ter"))) or \
                    (p + 1 < len(self.low) and self.low[p + 1] == "by") or (p and self.low[p - 1] in _BE):
                continue  # passive speech: "dilaporkan KCNA", "was reported by"
            quote = [i for i, t in enumerate(self.toks) if t.text in QUOTES]
            if self.speaker and quote and p > quote[-1]:
                src_refs = list(self.speaker)
                lo, hi = quote[0], quote[-1]
            else:
                left = self._left_group(p)
                if self.lang.code == "en" and p > 0 and self.low[p - 1] == "," and w.endswith("ing"):
                    # "X summoned Y ... , expressing China's dissatisfaction": the participle's subject is
                    # the main clause's, not the object just before it
                    left = next((g for g in self.groups if g.end <= p and g.prep is None), left)
                if left is None or left.mentions[0].how == "speaker":
                    continue
                src_refs = left.refs
                lo, hi = p + 1, self._speech_end(p + 1)
            skeys = {r.key() for r in src_refs}
            if any(f.source.key() in skeys and f.factuality == "asserted" and f.target is not None for f in found):
                continue  # the speaker's own act in this sentence is coded already (a refusal to act is not)
            addressee = self._addressee(p, skeys)
            code, at = self._evaluation_at(lo, hi)
            if code is None:
                if addressee is None:
                    continue
                hit, tgt = Hit(p, p + 1, _STATEMENT, "active"), addressee
            else:
                places = self.lang.first_words["place_preps"]
                own = self._states(src_refs)  # ("Rubio said the United States would respond": his own side;
                # a person of the speaker's country can be judged: "the court called Khan's arrest illegal")
                candidates = [g for g in self.groups if lo <= g.start < hi and (self._states(g.refs) - own or any(
                              r.resolve(self.published).kind == "person" for r in g.refs) and
                              {r.key() for r in g.refs} - skeys) and g.mentions[0].how in ("name", "agent", "short")
                              and not self._text_author(g) and not self._in_place_list(g)
                              and (g.prep not in places or self.low[g.end:g.end + 1] in (["'s"], ["’s"])
                                   or (0 < g.start - at <= 3 and (g.prep,) in self.lang.phrases["target_preps"]))]
                # ("voiced anger at Sweden": a target right after the words, not a place)
                # ("at Japan's decision": Japan owns the act, it is no place.) The words judge the actor named
                # last before them ("India would keep the treaty until Pakistan stopped supporting
                # terrorism"), else the first after them ("it was unacceptable that Iraqi forces ...").
                before = [g for g in candidates if g.start < at]
                # (the doer of an act the words judge comes first: "called Beijing's drills around Taiwan
                # irresponsible", "menyebut latihan militer Beijing di sekitar Taiwan ...")
                doer = next((g for g in before if self._doer_of_noun(g, at)), None)
                tgt = addressee or doer or (before[-1] if before else (candidates[0] if candidates else None))
                about = next((k for k in range(p + 1, min(len(self.low), p + 9))
                              if (self.low[k],) in self.lang.phrases["about_preps"]), None)
                if tgt is None and about is not None and all(
                        any(g.start <= k < g.end for g in self.groups) for k in range(p + 1, about)):
                    # '"... a brutal violation," Scholz said of Russia's annexation', '..., kata Scholz soal
                    # aneksasi Rusia': whom the words are about
                    tgt = next((g for g in self.groups if about < g.start <= about + 4 and self._states(g.refs) - own
                                and g.mentions[0].how in ("name", "agent", "short")), None)
                # (a pronoun in evaluative words is mostly the speaker's side: "kekuatan mereka")
                nouns = {q[0] for q in self.lang.phrases["event_nouns"]}
                named = next((k for k in range(lo, min(hi, lo + 8)) if self.low[k] in nouns), None)
                if tgt is None and self.prior and named is not None:
                    # "said the launch was a provocation": whoever launched
                    doers = [r for r in self._act_referred(named) if r.key() not in skeys]
                    tgt = _implied(lo, doers) if doers else None
                if tgt is None:
                    continue
                hit = Hit(p, p + 1, _evaluation_trigger(code), "active")
            fact = "negated" if "negated" in self._cue_between(max(0, p - 3), p) else "asserted"
            when, future = self.date_for(hit, None, fact)
            src_g = Group([], p, p, refs=src_refs)
            for s_, t_ in self._pairs(hit, src_g, tgt):
                out.append(Found(hit, s_, t_, fact, when, future, 0.6))
            break  # one statement per sentence
        return out

    def _speech_end(self, start: int) -> int:
        """Where reported words that begin at ``start`` end: at ";" or at a comma that opens another
        clause (", as the United States condemned ...", ", sementara ..."), else at the sentence's end."""
        for k in range(start, len(self.low)):
            if self.low[k] == ";" or (self.low[k] == "," and k + 1 < len(self.low) and
                                      self.low[k + 1] in _SPEECH_BREAKS):
                return k
        return len(self.low)

    def _addressee(self, p: int, skeys: set[str]) -> Group | None:
        """Whom the speech verb at ``p`` addresses ("told Yoon", "said to Russia", "kata Menlu kepada
        Dubes Ukraina"), if an actor."""
        preps = {q[0] for q in self.lang.phrases["addressee_preps"]}
        direct = self.low[p] in self.lang.addressed_forms
        for g in self.groups:
            if p < g.start <= p + 3 and {r.key() for r in g.refs} - skeys and \
                    g.mentions[0].how not in ("pronoun", "speaker"):
                if g.prep in preps or (direct and g.start == p + 1):
                    return g
        return None

    def _evaluation(self, lo: int, hi: int) -> str | None:
        """The CAMEO code of the first evaluative, accusing, demanding or threatening words in
        ``[lo, hi)`` (the lexicon in lang.yaml ``evaluation``), or None when the words are neutral."""
        return self._evaluation_at(lo, hi)[0]

    def _evaluation_at(self, lo: int, hi: int) -> tuple[str | None, int]:
        """:meth:`_evaluation` and where its words begin (``hi`` when there are none)."""
        for i in range(lo, min(hi, len(self.low))):
            if n := self.lang.phrase_at("evaluation", self.low, i):
                code = self.lang.evaluation[tuple(self.low[i:i + n])]
                if code != "-":  # "-" marks words that only look evaluative ("salah satu" = one of)
                    return code, i
        return None, hi

    def _pairs(self, h: Hit, src_g: Group, tgt_g: Group | None,
               reciprocal: bool = False) -> list[tuple[Ref, Ref | None]]:
        def k(r: Ref) -> str:
            a = r.resolve(self.published)
            if a.sector in OWN_ACTOR and a.country:
                return sector_actor_id(a.country, a.sector)  # police against protesters of one country
            return a.country if a.kind == "person" and a.country else a.id
        sym = "sym" in h.trig.flags
        srcs = src_g.refs
        if tgt_g is not None:
            tg = tgt_g.refs
            # a hostile act on a person of one's own country is a domestic event ("Pakistani authorities
            # arrested Imran Khan", "Biden criticised Trump"); other pairs within one actor are no event
            domestic = _hostile(h.trig.cameo[:2])
            pairs = [(s, t) for s in srcs for t in tg if k(s) != k(t) or (
                domestic and s.key() != t.key() and t.resolve(self.published).kind == "person")]
            if sym:
                pairs += [(t, s) for s, t in pairs]
            return pairs
        cooperative = h.trig.cameo[:2] in ("03", "04", "05", "06")
        if sym or reciprocal or (len(srcs) >= 2 and src_g.comitative) or (len(srcs) == 2 and cooperative):
            # (a list of ten states "taking part" is not ninety cooperations between them)
            # "kedua negara berjanji", "X and Y agreed": with each other
            return [(a, b) for a in srcs for b in srcs if k(a) != k(b)]
        return [(s, None) for s in srcs]

    def _arguments(self, h: Hit, idx: int, prev_source: Group | None) -> tuple[Group | None, Group | None, float]:
        conf = 0.85 - (0.2 if h.fuzzy else 0.0)
        flags = h.trig.flags
        voice = h.voice
        if voice == "past":  # English: "was accused by" is passive, "accused" alone is active
            before = self.low[max(0, h.start - 3):h.start]
            voice = "passive" if any(b in _BE for b in before) or \
                (h.end < len(self.low) and self.low[h.end] == "by") else "active"
        if voice == "bare":
            adjacent = any(g.end <= h.start and all(w in _ID_ADVERBS for w in self.low[g.end:h.start])
                           for g in self.groups)
            voice = "active" if adjacent else "noun"  # "Korut kritik AS" / "khawatir kerja sama militer Rusia"
        relative_past = h.voice == "past" and h.start > 0 and self.low[h.start - 1] in ("that", "which")
        if voice == "active" and self.lang.code == "en" and h.start > 0 and self.low[h.start - 1] in _EN_NOUN_BEFORE \
                and not relative_past and (not self.low[h.start].endswith("ing") or (
                    self.low[h.start - 1] in _EN_DETERMINERS and self.low[h.end:h.end + 1] != ["of"])):
            # ("by filing complaints" is a verb, "the meeting" a noun; "the killing of a leader" keeps
            # the doer named before it: "linking India to the killing of ...")
            voice = "noun"  # "Iran's attack on Israel", "the strike": a noun, whatever the lexicon row says
        if voice == "active" and self.lang.code == "en" and self._modified_noun(h):
            voice = "noun"
        h.voice = voice
        if voice == "passive":
            src = self._agent_after(h.end)
            tgt = self._left_group(h.start)
            if src is None and (h.trig.cameo[:2] == "17" or h.trig.cameo == "116") and tgt is not None:
                # "was arrested in Russia", "ditahan di Myanmar": the state where the law is used on
                # someone is who used it (shared/eval/CODING.md: anyone acting for a state is that state)
                src = self._place_after(h.end, {r.key() for r in tgt.refs})
                if src is None and len(tgt.refs) == 1 and ((a := tgt.refs[0].resolve(self.published)).kind == "person"
                                                           or a.sector in OWN_ACTOR) \
                        and a.country and (state := self.finder.gaz.entities.get(a.country)) is not None:
                    # "Khan ditangkap pada Selasa": named nowhere else, a person is arrested by their own state
                    src = _implied(h.end, [Ref(entity=state)])
            if "deny" in flags:
                tgt = self._accuser_before(h) or tgt
            return src, tgt, conf
        if voice == "noun":
            return self._noun_arguments(h, conf)
        if "fall" in flags:
            return (*self._fallen(h), conf)
        src = self._subject(h, idx, prev_source)
        if src is None:
            return None, None, conf
        exclude = {r.key() for r in src.refs}
        if h.end < len(self.low) and self.low[h.end] in self.lang.pronouns.get("act", ()) and \
                h.trig.cameo[:2] in _REACTIONS:
            return src, None, conf  # "condemned it and Tokyo ...": "it" is the object, an act told before
        tgt = self._right_group(h.end, exclude, cross_that="accuse" in flags or h.trig.cameo[:2] in ("13", "10"),
                                inside_from=h.start if h.consumed else None,
                                through_hits=h.trig.cameo == "036",
                                partner_only="sym" in flags and "place" not in flags,
                                skip_texts=h.trig.cameo[:2] == "11")
        if "topic" in flags and tgt is not None and tgt.prep not in self._partner_preps:
            # "Macron and Scholz discussed Ukraine": what is discussed; the partner comes after "with"
            tgt = next((g for g in self.groups if h.end <= g.start < self._clause_end(h.end, _WINDOW + 4) and
                        g.prep in self._partner_preps and {r.key() for r in g.refs} - exclude), None)
        if h.trig.cameo == "045" and (parties := self._parties_after(h.end, exclude)) is not None:
            tgt = parties  # "mediated ceasefire talks in Gaza between Israel and Hamas": the two sides
        if tgt is not None and "sym" in flags and len(src.refs) >= 2 and tgt.prep in _LOCATIVE:
            tgt = None  # "the leaders of Japan, South Korea and the US met in Vilnius": with each other
        if tgt is None and "place" in flags:
            tgt = self._right_group(h.end, exclude, window=_WINDOW + 4)
        if tgt is None and "reply" in flags:
            tgt = self._replied_to(src)
        if tgt is None and "troops" in flags:  # "troops began leaving the country": the object left
            tgt = next((g for g in self.groups if h.end <= g.start <= h.end + 1 and g.prep is None and
                        {r.key() for r in g.refs} - exclude), None)
        if tgt is None and "leave" in flags:
            tgt = self._left_place(h, exclude)
        if tgt is None and h.trig.cameo[:2] in _FORCE:
            # "struck targets in southern Lebanon": Lebanon is struck; "menghujani kota Kharkiv dengan bom":
            # the town may sit inside the pattern's words
            tgt = self._place_after(h.start + 1 if h.consumed else h.end, exclude)
        if src.mentions[0].how in ("pronoun", "anaphor", "speaker"):
            conf -= 0.1
        return src, tgt, conf

    def _doer_of_noun(self, g: Group, limit: int) -> bool:
        """Whether ``g`` is the doer of an act named by a noun before ``limit``: "Beijing's drills" (its
        possessor), "latihan militer Beijing" (the actor right after the noun)."""
        for hh in self.hits:
            if hh.end > limit or hh.trig.cameo[:2] in ("01", "-"):
                continue
            if g.start < hh.end and hh.start < g.end:
                return True  # "Beijing's military drills", "latihan militer Beijing": the phrases overlap
            if self.lang.code == "en":
                between = self.low[g.end:hh.start]
                if between[:1] in (["'s"], ["’s"]) and len(between) <= 3 and \
                        all(self._lowercase_at(k) for k in range(g.end + 1, hh.start)):
                    return True
            elif 0 <= g.start - hh.end <= 2 and all(self._lowercase_at(k) and self.low[k].isalpha()
                                                    for k in range(hh.end, g.start)):
                return True
        return False

    def _fallen(self, h: Hit) -> tuple[Group | None, Group | None]:
        """(taker, state) of a place that falls to an actor: "El-Fasher jatuh ke tangan RSF" is the RSF's
        act against Sudan, where the town lies; a state that falls is the target itself."""
        taker = next((g for g in self.groups if h.end <= g.start <= h.end + 3 and all(
            (w,) in self.dets or w == "of" for w in self.low[h.end:g.start])), None)
        if taker is None:
            return None, None
        exclude = {r.key() for r in taker.refs}
        left = self._left_group(h.start)
        if left is not None and all(r.resolve(self.published).kind == "state" for r in left.refs) and \
                {r.key() for r in left.refs} - exclude:
            return taker, left
        return taker, self._town_before(h.start, exclude)

    def _town_before(self, pos: int, exclude: set[str]) -> Group | None:
        """The state of the last town named in the few words before ``pos`` ("El-Fasher, the capital
        of North Darfur, fell to ...")."""
        for j in range(pos - 1, max(-1, pos - 12), -1):
            if not self.toks[j].text[:1].isupper() or any(g.start <= j < g.end for g in self.groups):
                continue
            if (town := self._town_group(j, pos, exclude)) is not None:
                return town
        return None

    def _town_group(self, j: int, end: int, exclude: set[str]) -> Group | None:
        """The state of the town named at ``j`` (before ``end``), as an implied group, unless excluded."""
        if (town := town_at(self.low, j, end)) is not None and town[0] not in exclude and \
                (ent := self.finder.gaz.entities.get(town[0])) is not None:
            return _implied(j, [Ref(entity=ent)], "place")
        return None

    def _in_place_list(self, g: Group) -> bool:
        """Whether ``g`` goes on a list of places ("di Tepi Barat, Gaza, dan kawasan Timur Tengah")."""
        places = self.lang.first_words["place_preps"]
        before = [x for x in self.groups if x.end <= g.start]
        while before:
            prev = before.pop()
            if not _is_coordination(self.low[prev.end:g.start], self.lang):
                return False
            if prev.prep in places:
                return True
            g = prev
        return False

    def _parties_after(self, pos: int, exclude: set[str]) -> Group | None:
        """The actors after "between"/"antara" in the clause after ``pos`` (the sides a mediator brings
        together), else None."""
        end = self._clause_end(pos, _WINDOW + 8)
        return next((g for g in self.groups if pos <= g.start < end and g.prep in self._between
                     and {r.key() for r in g.refs} - exclude), None)

    def _replied_to(self, src: Group) -> Group | None:
        """Whom a reply with no object answers ("Brazil's foreign ministry hit back", "Beijing balik
        mengecam"): the actors of the act told last, unless they are the replier's own state; else the
        other state named last."""
        own = self._states(src.refs)
        refs = [r for r in self.prior.get("*", []) if not self._states([r]) & own]
        if not refs:  # no act of another state told: the other state named last
            refs = [Ref(entity=e) for e in reversed(self.finder.state.recent_states) if e.id not in own][:1]
        return _implied(src.end, refs) if refs else None

    def _modified_noun(self, h: Hit) -> bool:
        """Whether an English trigger is a noun after a determiner and up to three modifiers: "an armed
        attack", "the first direct attack", "the October 7 attack", "the Russian strike", "the Maandamano
        protests" (adjectives, a date, a nationality, a name that is no actor)."""
        if self.low[h.start].endswith("ed"):
            return False
        modifiers = {j for d in self.dates for j in range(d.start, d.end)} | {
            g.start for g in self.groups if g.end == h.start and g.end - g.start == 1 and
            g.start > 0 and self.low[g.start - 1] in _EN_DETERMINERS} | {
            j for j in range(max(1, h.start - 2), h.start) if self.toks[j].text[:1].isupper()
            and not any(g.start <= j < g.end for g in self.groups)}
        return any(h.start > n and self.low[h.start - n - 1] in _EN_DETERMINERS and all(
            j in modifiers or (self.low[j].isalpha() and self.low[j] not in _EN_NOT_ADJECTIVES and
                               self._lowercase_at(j) and (n == 1 or self.low[j] not in self.lang.stopwords))
            for j in range(h.start - n, h.start)) for n in (1, 2, 3))

    def _place_after(self, pos: int, exclude: set[str]) -> Group | None:
        """A state named as a place ("in Russia", "di Myanmar"), or as the state a town named as a place
        lies in ("in Kharkiv", "di Khan Younis"), in the clause after ``pos``."""
        places = self.lang.first_words["place_preps"]
        end = self._clause_end(pos, _WINDOW)
        for g in self.groups:
            if pos <= g.start < end and g.prep in places and {r.key() for r in g.refs} - exclude and \
                    all(r.resolve(self.published).kind == "state" for r in g.refs):
                return g
        return self._town_after(pos, end, exclude)

    def _town_after(self, pos: int, end: int, exclude: set[str],
                    preps: frozenset[str] | set[str] | None = None) -> Group | None:
        """The state of the first town named after a place preposition between ``pos`` and ``end``
        ("struck a power plant in Kharkiv", "di kota Khan Younis"): a town never acts, it only says
        where an act landed."""
        places = preps if preps is not None else self.lang.first_words["place_preps"]
        for k in range(pos - 1, end):
            if k >= pos and self.low[k] not in places:
                continue  # (k = pos - 1: the verb's own object, "pounded the city of Kharkiv")
            j = k + 1
            while j < end and ((self.low[j],) in self.dets or self.low[j] in self._town_heads or (
                    self.low[j] == "of" and self.low[j - 1] in self._town_heads)):
                j += 1  # "in the city of", "di kota"
            if j >= end or not self.toks[j].text[:1].isupper() or any(g.start <= j < g.end for g in self.groups):
                continue
            if (town := self._town_group(j, end, exclude)) is not None:
                return town
        return None

    def _left_place(self, h: Hit, exclude: set[str]) -> Group | None:
        """What a withdrawal or handover leaves: the actor after "from"/"out of"/"dari", else the
        country the sentence places it in ("handed over its base in Chad", "menarik pasukan di Mali")."""
        places = self.lang.first_words["place_preps"]
        fallback = None
        for g in self.groups:
            if not {r.key() for r in g.refs} - exclude:
                continue
            if g.start >= h.end and g.start - h.end <= _WINDOW and (g.prep in ("from", "dari") or (
                    g.prep == "of" and self.low[g.start - 2:g.start - 1] == ["out"])):
                return g
            if g.prep in places and fallback is None and \
                    all(r.resolve(self.published).kind == "state" for r in g.refs):
                fallback = g
        if fallback is None:  # "withdrew from the city of Kherson": the state the town lies in
            fallback = self._town_after(h.end, self._clause_end(h.end, _WINDOW), exclude,
                                        {"from", "dari"})
        return fallback

    def _accuser_before(self, h: Hit) -> Group | None:
        """"Washington menuding ..., tuduhan yang dibantah oleh ...": the denial answers the accuser."""
        for earlier in reversed([x for x in self.hits if x.end <= h.start and "accuse" in x.trig.flags]):
            if earlier.voice in ("active", "past", "bare"):
                g = self._left_group(earlier.start)
                if g is not None:
                    return g
        return None

    def _subject(self, h: Hit, idx: int, prev_source: Group | None) -> Group | None:
        low = self.low
        prev_end = self.hits[idx - 1].end if idx > 0 else 0
        if self._relative_of_thing(h.start):
            return None  # "resolusi yang mengutuk ...", "a resolution that condemns": the text acts, no actor
        if self.lang.code == "en" and h.start > 0 and low[h.start - 1] == "," and low[h.start].endswith("ing"):
            # "... the earthquake that struck the country, killing thousands": a participle after a comma
            # has the subject of the act before it, or none when that act had none or sits in a
            # relative clause
            if idx > 0 and self.hits[idx - 1].end <= h.start:
                return self._last_subject
            left = self._left_group(h.start)
            if left is None or any((w,) in self.relatives for w in low[left.end:h.start]):
                return None
        left = self._left_group(h.start)
        if left is not None and _attributed(low, left.start, self.lang) and "," in low[left.end:h.start]:
            left = None  # "Menurut Deplu AS, salah satu dari mereka diduga memimpin ...": the source is no subject
        if left is not None and any(left.end <= hh.start and hh.end <= h.start and "accuse" in hh.trig.flags
                                    and hh.voice != "noun" for hh in self.hits):
            left = None  # "NUG menuduh junta sengaja membantai ...": the accuser is not who is accused
        if left is not None and any(self.lang.phrase_at("victim_cues", low, j)
                                    for j in range(left.end, min(left.end + 2, h.start))):
            return None  # "X tewas dalam serangan yang menghantam ...": the victim is no doer
        coord = {p[0] for p in self.lang.phrases["coordination"] if len(p) == 1 and p[0].isalpha()}
        coord |= {"lalu", "kemudian", "then"}
        k = h.start - 1
        while k >= prev_end and (low[k] in _ID_ADVERBS or low[k] in _EN_ADVERBS or low[k] in _MODAL_WORDS):
            k -= 1
        if idx > 0 and prev_source is not None and k >= prev_end and low[k] in coord:
            return prev_source  # "Beijing mengecam ... dan mengatakan": a shared subject
        in_quote = self._in_quote(h.start)
        if left is not None and not (in_quote and not left.mentions[0].in_quote):
            return left
        if in_quote and self._quote_has_subject(h.start):
            return None  # "This behaviour threatens ...," said X: X made a statement, not a threat
        # the speaker of a quote; not the source after "Menurut X, ...", which only reports the act
        attributed = any(_attributed(low, g.start, self.lang) for g in self.groups if g.end <= h.start)
        if self.speaker and (in_quote or not attributed):
            return _implied(h.start, list(self.speaker), "speaker")
        return None

    def _states(self, refs: list[Ref]) -> set[str]:
        return {a.country or a.id for a in (r.resolve(self.published) for r in refs)}

    def _speech_object(self, a: int, b: int) -> bool:
        """Whether a speech verb in ``[a, b)`` has what follows it as its object: "X said the arrest
        ..." (the arrest is what X spoke of), not "X said during a meeting with Y" (X met Y)."""
        for k in range(a, b):
            if self.low[k] in self.speech and self.low[k] not in self.lang.announcing_forms:
                return not any(w in _OCCASION_PREPS for w in self.low[k + 1:b])
        return False

    def _relative_of_thing(self, pos: int) -> bool:
        """Whether the verb at ``pos`` opens a relative clause ("yang", "that", "which", adverbs between)
        whose head is a word, not an actor ("resolusi yang mengutuk", "a draft that condemns")."""
        k = pos - 1
        while k >= 0 and (self.low[k] in _ID_ADVERBS or self.low[k] in _EN_ADVERBS) and self.low[k] != ",":
            k -= 1
        if k < 1 or (self.low[k],) not in self.relatives:
            return False
        head = k - 1
        if self.low[head] == ",":
            head -= 1  # "Hamas, which attacked ...": the actor is the head
        if head < 0 or not self.low[head].isalpha():
            return False
        before = head - 1 - (1 if head >= 2 and self.low[head - 1] in _EN_DETERMINERS else 0)
        if before >= 0 and (self.low[before],) in self.lang.phrases["adopting"]:
            return False  # "DK PBB mengesahkan resolusi yang menuntut ...": what the adopter's text demands
        places = self.lang.first_words["place_preps"]
        if any(g.start <= head < g.end and g.prep in places for g in self.groups):
            return True  # "a strike on its consulate in Damascus that killed ...": a place ends the noun phrase
        if any(g.end == head for g in self.groups) and self._lowercase_at(head):
            return False  # "perdana menteri India pertama yang berkunjung": one modifier after the actor
        return not any(g.start <= head < g.end for g in self.groups) and \
            not any(hh.start <= head < hh.end for hh in self.hits)

    def _quote_has_subject(self, pos: int) -> bool:
        """Whether words other than adverbs stand between the quote's opening and ``pos``."""
        opening = max((k for k in range(pos) if self.toks[k].text in QUOTES), default=-1)
        return pos - opening > 2

    def _in_quote(self, pos: int) -> bool:
        inside = False
        for t in self.toks[:pos]:
            if t.text in QUOTES:
                inside = not inside if t.text not in "“”" else (t.text == "“")
        return inside

    def _possessed(self, h: Hit) -> bool:
        if self.lang.code == "id":
            return self.low[h.start].endswith("nya")
        return any(w in ("their", "his", "her", "its") for w in self.low[max(0, h.start - 8):h.start])

    def _person_inside(self, h: Hit, g: Group) -> bool:
        """A person the pattern itself names ("pengusiran diplomat India", "expulsion of an Indian diplomat")."""
        return h.start < g.start < h.end and (g.end == h.end - 1 or  # "closure of three Russian consulates"
                                               g.end > h.end or  # "penutupan ... konsulat Rusia"
                                               all(r.resolve(self.published).kind == "person" for r in g.refs))

    def _noun_arguments(self, h: Hit, conf: float) -> tuple[Group | None, Group | None, float]:
        conf -= 0.1
        after = self.low[h.end:h.end + 1]
        before = self.low[h.start - 1:h.start] if h.start else []
        if (after and after[0] in ("itu", "tersebut", "ini")) or (before and before[0] in ("this", "that", "these", "those")):
            return None, None, conf  # "sanksi tersebut", "these sanctions": an act reported before
        gen = {p[0] for p in self.lang.phrases["genitive_preps"]}
        tpreps = {p[0] for p in self.lang.phrases["target_preps"]}
        src: Group | None = None
        if self.lang.code == "en":
            for g in self.groups:  # "US accusations", "Russia's attack"
                if g.end <= h.start and h.start - g.end <= 1 + (1 if self.low[g.end:h.start] in (["'s"], ["’s"]) else 0):
                    src = g
            if src is None:
                for g in self.groups:
                    if g.start > h.end and g.start - h.end <= 2 and g.prep in gen and not (
                            "leave" in h.trig.flags and g.prep == "from"):  # the place left, not the doer
                        src = g
                        break
        else:
            # "pengusiran diplomat India": an actor begins inside the pattern (the diplomat's), the target
            multi = any(self._person_inside(h, g) for g in self.groups)
            for g in self.groups:  # "tuduhan AS", "kecaman dari Beijing"
                if g.start >= h.end and g.start - h.end <= 1 and ((g.start == h.end and not multi) or g.prep in gen) \
                        and not ("leave" in h.trig.flags and g.prep == "dari"):
                    src = g
                    break
        if src is None and "sym" in h.trig.flags:  # "the first meeting between an Australian minister and ..."
            # ("talks between Japan and China", "the talks in Jeddah between the American and Ukrainian ...")
            first = next((g for g in self.groups if 0 <= g.start - h.end <= 5 and g.prep in self._between and
                          not any(hh.start in range(h.end, g.start) for hh in self.hits)), None)
            if first is not None and len({r.key() for r in first.refs}) >= 2:
                return first, None, conf  # "talks between Japan and China": with each other
            if first is not None:
                second = next((g for g in self.groups if first.end <= g.start <= first.end + 6 and
                               {r.key() for r in g.refs} - {r.key() for r in first.refs} and
                               any(w in ("and", "dan") for w in self.low[first.end:g.start])), None)
                if second is not None:
                    return first, second, conf
        if src is None and "sym" in h.trig.flags and any(
                w in _OCCASION_PREPS for w in self.low[max(0, h.start - 3):h.start]):
            # "Kishida and Yoon held a news conference after a summit meeting": the subject met
            left = self._left_group(h.start)
            if left is not None and left.prep is None and not self._clause_break(left.end, h.start):
                if len({r.key() for r in left.refs}) >= 2:
                    return left, None, conf  # with each other
                src = left
        if src is None and self._reciprocal_at(h):
            # "konflik antara Thailand dan Kamboja ..., ditandai saling serang": the pair named before
            pair = next((g for g in reversed(self.groups) if g.end <= h.start and len({r.key() for r in g.refs}) >= 2),
                        None)
            if pair is not None:
                return pair, None, conf
        if src is None and self._possessed(h):  # "in their first talks", "kunjungannya": the subject's
            src = next((g for g in self.groups if g.end <= h.start and g.prep is None), None)
        if src is None:  # object of a light verb: "Rusia melancarkan serangan", "launched an attack"
            left = self._left_group(h.start)
            if left is not None and sum(w.isalnum() for w in self.low[left.end:h.start]) <= 5 and \
                    self.low[left.end:left.end + 1] != [","] and self.low[left.start] not in _OBJECT_PRONOUNS and not any(
                        self.lang.phrase_at("victim_cues", self.low, j) for j in range(left.end, h.start)) and \
                    not (left.end < len(self.low) and self.low[left.end] in self.speech and
                         self.low[left.end] not in self.lang.announcing_forms) and not any(
                    hh.start in range(left.end, h.start) for hh in self.hits if hh is not h) and \
                    not self._speech_object(left.end, h.start):
                src = left
        if src is None:
            return None, None, conf
        exclude = {r.key() for r in src.refs}
        tgt = None
        start = max(h.end, src.end)
        for g in self.groups:
            if g.start >= start and g.start - start <= 8 and {r.key() for r in g.refs} - exclude and \
                    (g.prep in tpreps or any(w in tpreps for w in self.low[start:g.start])) and \
                    not any(hh.start in range(start, g.start) for hh in self.hits if hh is not h):
                tgt = g
                break
        if tgt is None and h.end - h.start > 1:  # "the expulsion of an Indian diplomat": inside the pattern
            tgt = next((g for g in self.groups if self._person_inside(h, g) and {r.key() for r in g.refs} - exclude),
                       None)
        if tgt is None and h.trig.cameo[:2] == "07":  # "paket bantuan militer ... untuk Ukraina": the recipient
            tgt = next((g for g in self.groups if 0 <= g.start - start <= 8 and {r.key() for r in g.refs} - exclude
                        and any((w,) in self.lang.phrases["recipient_preps"] for w in self.low[start:g.start])), None)
        if tgt is None and "leave" in h.trig.flags:  # "the withdrawal of its troops from Niger"
            tgt = next((g for g in self.groups if 0 <= g.start - start <= 8 and g.prep in ("from", "dari")
                        and {r.key() for r in g.refs} - exclude), None)
        if tgt is None and "accuse" in h.trig.flags:
            tgt = self._right_group(start, exclude, cross_that=True)
        if tgt is None and h.trig.cameo[:2] in _FORCE:
            tgt = self._place_after(start, exclude)  # "carried out strikes on militant camps in Pakistan"
        if tgt is None and "sym" in h.trig.flags and len({r.key() for r in src.refs}) >= 2 and (
                self._possessed(h) or src.end <= h.start or
                any((w,) in self.lang.phrases["between_preps"] for w in self.low[h.end:src.start + 1])):
            # "pertemuan antara Jepang dan Korea Selatan", "Tentara Thailand dan Kamboja terlibat baku
            # tembak": with each other
            return src, None, conf
        if tgt is None:
            if h.trig.cameo[:2] in _MATERIAL and not self._topic_of_talks(self.hits.index(h)):
                self.background.append((h, list(src.refs)))
            return None, None, conf  # a bare nominal ("the invasion") is background, not an event
        return src, tgt, conf
