"""The extraction pipeline as named steps: clean -> language -> sentences -> actors -> triggers ->
dates -> events (with factuality). Each step is a plain function that tests can run on its own;
:func:`extract` runs them all on one article.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import lru_cache

from geokg.errors import LanguageError
from geokg.extractors.actors import ActorFinder, Mention, Ref
from geokg.extractors.clean import Cleaned, clean_text
from geokg.extractors.dates import find_dates, shift_day
from geokg.extractors.events import Found, SentenceEvents, find_triggers, group_mentions
from geokg.extractors.fuzzy import FuzzyIndex
from geokg.extractors.gazetteer import load_gazetteer
from geokg.extractors.lang import Language, available_languages, load_language
from geokg.extractors.language import detect_language
from geokg.extractors.text import MAX_SENTENCE_TOKENS, QUOTES, Sentence, split_sentences
from geokg.schema import codebook
from geokg.schema.models import Article, Event, Evidence
from geokg.schema.sectors import POPULAR

NEAR_SENTENCES = 2  # a date given this many sentences back still holds
LEAD_FOLLOW = 3  # an undated lead is dated by the sentences this far after it
LEAD_DAYS = 14  # how far before publication a lead date may lie to count as the story's date
PIPELINE = ("clean", "language", "sentences", "actors", "triggers", "dates", "events")


@lru_cache(maxsize=None)
def _is_word_checker(code: str) -> Callable[[str], bool]:
    if code == "id":
        from Sastrawi.Stemmer.StemmerFactory import StemmerFactory  # noqa: PLC0415 - heavy, only when needed

        factory = StemmerFactory()
        words = set(factory.get_words())
        stemmer = factory.create_stemmer()
        return lambda w: w in words or stemmer.stem(w) != w
    return lambda w: True  # no word list shipped: no typo matching rather than wrong matches


@lru_cache(maxsize=None)
def fuzzy_index(code: str) -> FuzzyIndex | None:
    """The typo-tolerant trigger index of a language (None where it has no word list)."""
    if code != "id":
        return None
    return FuzzyIndex(load_language(code), _is_word_checker(code))


def resolve_language(text: str, lang: str | None) -> Language:
    """The language to read ``text`` in: the given code, checked, or the detected one."""
    if lang:
        if lang not in available_languages():
            raise LanguageError(f"unsupported language {lang!r} (supported: {', '.join(available_languages())})")
        return load_language(lang)
    return load_language(detect_language(text))


def _speaker(s: Sentence, mentions: list[Mention], lang: Language) -> list[Ref] | None:
    """Who speaks in a sentence with reported speech: "..., kata Patel", "Patel said", "said Patel"."""
    low = [t.lower for t in s.tokens]
    has_quote = any(t.text in QUOTES for t in s.tokens)
    for i, w in enumerate(low):
        if w not in lang.speech_forms:
            continue
        for m in mentions:
            if 0 < m.start - i <= 2 and m.prep is None:  # ("said of Russia's annexation": what, not who)
                return m.refs
        if has_quote:
            for m in reversed(mentions):
                if m.end <= i and i - m.end <= 2:
                    return m.refs
    return None


def extract_sentences(article: Article, lang: Language, cleaned: Cleaned,
                      notes: list[str] | None = None) -> list[Found | tuple]:
    """Events of every body sentence, with the sentence each came from; *notes*, if given, hears of
    what the reader should know (a run of words too long for a sentence, cut into pieces)."""
    gaz = load_gazetteer()
    ref = reference_date(article, lang, cleaned)
    finder = ActorFinder(gaz, lang, ref)
    fuzzy = fuzzy_index(lang.code)
    out: list[tuple[Sentence, Found]] = []
    sentences = split_sentences(cleaned.text, lang.abbreviations)
    if notes is not None and (pieces := sum(s.cut for s in sentences)):
        notes.append(f"a run of words with no sentence end was read in {pieces} pieces of at most "
                     f"{MAX_SENTENCE_TOKENS} words")
    line_starts = [0]
    for ln in cleaned.text.split("\n"):
        line_starts.append(line_starts[-1] + len(ln) + 1)
    heading_spans = [(line_starts[i], line_starts[i + 1]) for i in cleaned.headings]
    last_date: tuple[str, str] | None = None
    letter_date: tuple[str, str] | None = None
    lead_date: tuple[str, str] | None = None
    body_seen = False
    undated_lead: int | None = None  # index of the lead sentence when it gives no date of its own
    para_date: tuple[str, str, int, int] | None = None
    prior: dict[str, list] = {}  # CAMEO root -> [first hit with it, its sources...]
    act_dates: dict[str, tuple[str, str]] = {}  # CAMEO root -> the day of the first act of it
    occurred: tuple[tuple[str, str], int] | None = None  # ("terjadi pada Senin (17/6)": that day, sentence)
    early: list[tuple[int, str]] = []  # (sentence, day) of story dates given near the lead
    for s_index, s in enumerate(sentences):
        finder.sentence_index = s_index
        if any(a <= s.start < b for a, b in heading_spans):
            finder.find(s.tokens)  # headings still introduce names for later short references
            continue
        low = [t.lower for t in s.tokens]
        mentions = finder.find(s.tokens)
        speaker = _speaker(s, mentions, lang)
        if speaker:
            first = lang.pronouns.get("first_singular", frozenset()) | lang.pronouns.get("first_plural", frozenset())
            extra = [Mention(i, i + 1, list(speaker), "speaker", in_quote=True)
                     for i, w in enumerate(low) if w in first and not any(m.start <= i < m.end for m in mentions)]
            mentions = sorted(mentions + extra, key=lambda m: m.start)
        groups = group_mentions(mentions, s.tokens, lang)
        hits = find_triggers(low, lang, fuzzy, s.tokens)
        # a trigger word inside an actor's own name or title is no event: "juru bicara" (spokesperson),
        # "Pasukan Dukungan Cepat" (Rapid Support Forces)
        hits = [h for h in hits if not any(m.start <= h.start and h.end <= m.end and m.end - m.start > 1
                                           for m in mentions)]
        words = set(low)
        forward_at = [i for i in range(len(low)) if lang.phrase_at("future_cues", low, i)] \
            if lang.first_words["future_cues"] & words else []
        dates = find_dates(s.tokens, lang, ref, forward_at=forward_at)
        if dates and (cites := lang.dates.citation) and (marks := [i for i, w in enumerate(low) if w in cites]):
            dates = [d for d in dates if not any(0 < d.start - i <= 7 for i in marks)]
        if lead_date is None and ref:
            lead_date = next(((d.value, d.precision) for d in dates if d.precision == "day" and not d.future
                              and (ref - date.fromisoformat(d.value)).days <= LEAD_DAYS), None)
        if ref and s_index <= LEAD_FOLLOW + 1:
            early += [(s_index, d.value) for d in dates if d.precision == "day" and not d.future
                      and 0 <= (ref - date.fromisoformat(d.value)).days <= LEAD_DAYS]
        anaphoric = bool(lang.first_words["anaphoric_time"] & words) and \
            any(lang.phrase_at("anaphoric_time", low, i) for i in range(len(low)))
        # "Sebelumnya, ...", "Earlier, ...": before the story's time, so no date of the story holds
        anterior = not dates and bool(lang.first_words["anterior"] & words) and \
            any(lang.phrase_at("anterior", low, i) for i in range(len(low))) and \
            not any(lang.phrase_at("same_day", low, i) for i in range(len(low)))
        offset = _anaphoric_offset(low, lang)
        # an event with no date of its own happens in the story's time: the date last given in its
        # paragraph, else the date the lead gave (a human coder dates "Tokyo condemned the launch" by the
        # launch); never the publication date
        near = para_date if para_date and (para_date[2] == s.paragraph or (
            s_index - para_date[3] <= NEAR_SENTENCES and lead_date and para_date[0] >= lead_date[0])) else None
        if occurred is not None and s_index - occurred[1] <= NEAR_SENTENCES + 1 and (
                near is None or (near[1] != "day" and near[0] < occurred[0][0])):
            # "Peristiwa itu terjadi pada Senin (17/6) ...": the day the incident happened holds for the
            # sentences that go on to tell it, though it is older than the lead's, and a year of background
            # between ("... pada 1999") does not move it
            near = occurred[0]
        # (a date in this paragraph; or one just given that moves the story on from its lead, as reactions
        # do; a flashback to an older date does not carry over)
        inherited = last_date if anaphoric else near
        inherited = None if anterior else (inherited[:2] if inherited else lead_date)
        if offset is not None and last_date and last_date[1] == "day" and not any(d.explicit for d in dates):
            if (day := shift_day(last_date[0], offset)) is not None:  # (none after 9999-12-31)
                inherited = (day, "day")
            dates = []
        if not dates and (day := _at_event_date(low, hits, lang, act_dates)) is not None:
            inherited = day  # "Saat serangan terjadi, ...", "When the strike hit, ...": that act's day
        if letter_date and lang.phrase_at("document_refs", low, 0) and \
                not any(lang.phrase_at("document_new", low, i) for i in range(min(6, len(low)))):
            inherited = letter_date  # "Dalam suratnya, ...": what the letter says is dated by the letter
        sentence_events = SentenceEvents(s.tokens, lang, finder, groups, hits, dates, speaker, inherited,
                                         ref, {k: v[1:] for k, v in prior.items()})
        found = sentence_events.run() if (hits or speaker or any(w in lang.speech_forms for w in low)) else []
        if found:
            last = found[-1]
            prior["*"] = [last.hit] + [f.source for f in found if f.hit is last.hit]
            finder.note_sources([f.source for f in found if f.hit is last.hit], s_index)
        for f in found:
            if f.hit.trig.cameo[:2] != "01" and f.factuality == "asserted" and f.date and f.date[1] == "day":
                act_dates.setdefault(f.hit.trig.cameo[:2], f.date[:2])
            if f.hit.trig.cameo[:2] != "01" and f.factuality == "asserted":
                prior.setdefault(f.hit.trig.cameo[:2], [])
                if not prior[f.hit.trig.cameo[:2]] or prior[f.hit.trig.cameo[:2]][0] is f.hit:
                    prior[f.hit.trig.cameo[:2]] = [f.hit] + [r for r in prior[f.hit.trig.cameo[:2]][1:]
                                                           if r.key() != f.source.key()] + [f.source]
        material = [f for f in found if f.hit.trig.cameo[:2] in _LAST_ACT_ROOTS and f.factuality == "asserted"]
        if material:  # "condemned it": the act last told
            prior["~"] = [material[-1].hit] + [f.source for f in material if f.hit is material[-1].hit]
        for hit, doers in sentence_events.background:
            # "serangan udara militer Myanmar" with no target: no event, but whose attack "serangan
            # tersebut" means later
            prior.setdefault(hit.trig.cameo[:2], [hit, *doers])
        # a future date ("Tahun depan ...", "next week") belongs to its own plan: it does not move the
        # story's time, so the sentences after it do not take it
        past = [d for d in dates if not d.future]
        sentence_date = (past[0].value, past[0].precision) if past else (None if dates else inherited)
        for g in groups:
            if len(g.refs) >= 2 and all(m.how in ("name", "agent", "short") for m in g.mentions):
                finder.note_group(g.refs, sentence_date)
        for f in found:  # "X met Y. The two leaders discussed ...": the participants form a group
            if "sym" in f.hit.trig.flags and f.target is not None:
                finder.note_group([f.source, f.target], f.date or sentence_date)
        if sentence_date:
            last_date = sentence_date[:2]
            para_date = (*sentence_date[:2], s.paragraph, s_index)
            if past and past[0].precision == "day" and lang.first_words["occurred"] & words \
                    and any(lang.phrase_at("occurred", low, i) for i in range(len(low))):
                occurred = (sentence_date[:2], s_index)
        for f in found:
            if "letter" in f.hit.trig.flags and f.date:
                letter_date = f.date
        if not body_seen:
            body_seen = True
            undated_lead = s_index if not any(d.precision == "day" for d in dates) and not anterior else None
        out.extend((s, f) for f in found)
    after_lead = [d for i, d in early if undated_lead is not None and 0 < i - undated_lead <= LEAD_FOLLOW]
    if after_lead:
        # "Russia has vetoed a draft resolution ... . The vote on Monday ...": a lead sentence with no date
        # of its own tells what the next three sentences date; the latest of them, for a lead tells the newest
        # development and the sentences after it often step back ("the city fell on Sunday")
        day = (max(after_lead), "day")
        lead = sentences[undated_lead]
        out = [(s, replace(f, date=day) if s is lead and f.date is None and f.factuality == "asserted"
                else f) for s, f in out]
    return _resolve_pending(out)


def _resolve_pending(found: list[tuple[Sentence, Found]]) -> list[tuple[Sentence, Found]]:
    """Reactions to an act told only later in the story ("condemned last week's launch" before the
    launch is described) take the first doer of that kind of act in the article as their target."""
    first: dict[str, list[Ref]] = {}
    for _, f in found:
        root = f.hit.trig.cameo[:2]
        if f.factuality == "asserted" and root != "01":
            if root not in first or first[root][0] is f.hit:
                first.setdefault(root, [f.hit])
                if first[root][0] is f.hit:
                    first[root].append(f.source)
    out: list[tuple[Sentence, Found]] = []
    for s, f in found:
        doers = [r for root in sorted(f.pending) for r in first.get(root, [None])[1:]] if f.pending else []
        doers = [r for r in doers if r.key() != f.source.key()]
        if not doers:
            out.append((s, f))
            continue
        seen: set[str] = set()
        for r in doers:
            if r.key() not in seen:
                seen.add(r.key())
                out.append((s, replace(f, target=r, pending=frozenset(), confidence=f.confidence - 0.1)))
    return out


def _at_event_date(low: list[str], hits: list, lang: Language,
                   act_dates: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """The day of an act told before, when a sentence opens with "when/during" and that kind of act
    ("Saat serangan terjadi, ...", "During the raid, ..."), else None."""
    for i in range(min(2, len(low))):
        n = lang.phrase_at("at_event", low, i)
        if n:
            for h in hits:
                if i + n <= h.start <= i + n + 3 and (day := act_dates.get(h.trig.cameo[:2])):
                    return day
            return None
    return None


# Roots of acts an object pronoun after a reaction means ("Kishida condemned it"): threats, protests, force
# posture, sanctions, coercion and force
_LAST_ACT_ROOTS = frozenset({"13", "14", "15", "16", "17", "18", "19", "20"})


def _anaphoric_offset(low: list[str], lang: Language) -> int | None:
    """Days from the last date for "sehari kemudian", "the next day"; None when the sentence has none."""
    starts = lang.first_words["anaphoric_offsets"]
    for i, w in enumerate(low):
        if w in starts:
            for phrase, days in lang.dates.anaphoric_offsets.items():
                words = phrase.split()
                if low[i:i + len(words)] == words:
                    return days
    return None


def _unplaced(a) -> bool:
    return a.kind == "person" and not a.country and not a.wikidata and a.id not in load_gazetteer().entities


def to_events(article: Article, lang: Language, found: list[tuple[Sentence, Found]]) -> list[Event]:
    """Found events as contract :class:`Event` records (CAMEO details from the codebook)."""
    events: list[Event] = []
    seen: set[str] = set()
    for s, f in found:
        code = codebook.lookup(f.hit.trig.cameo)
        when = date.fromisoformat(f.date[0]) if f.date and f.date[1] == "day" else article.published
        src = f.source.resolve(when)
        tgt = f.target.resolve(when) if f.target is not None else None
        if tgt is None and f.hit.trig.cameo[:2] not in codebook.ONE_SIDED_ROOTS:
            continue  # an interaction whose other side was not found: no event rather than a half one
        if _unplaced(src) or (tgt is not None and _unplaced(tgt)):
            continue  # a name the gazetteer does not know, acting for no known state: not coded
        if code.code == "114" and src.sector in POPULAR:
            code = codebook.lookup("141")  # students or workers protesting demonstrate; a state complains
        elif code.code[:2] == "19" and src.sector in POPULAR:
            code = codebook.lookup("145")  # a crowd storming an embassy riots; an army storming a town fights
        elif code.code == "183" and src.kind == "state" and not src.sector:
            code = codebook.lookup("195")  # a state's bombing is an air strike; a militant's is a bombing
        ev = Event(
            article_id=article.id,
            date=f.date[0] if f.date else None,
            date_precision=f.date[1] if f.date else None,
            cameo=code.code, quad_class=code.quad_class, goldstein=code.goldstein, plover=code.plover,
            source=src, target=tgt, factuality=f.factuality,
            evidence=Evidence(text=s.text, start=s.start, end=s.end),
            confidence=round(max(0.05, min(1.0, f.confidence)), 2),
            trigger=" ".join(t.text for t in s.tokens[f.hit.start:f.hit.end]),
            lang=lang.code,
            published=article.published.isoformat() if article.published else None,
            url=article.url, title=article.title,
        )
        if ev.event_id not in seen:
            seen.add(ev.event_id)
            events.append(ev)
    return events


def reference_date(article: Article, lang: Language, cleaned: Cleaned) -> date | None:
    """The day relative dates count from: the dateline's ("BRUSSELS, April 4 -") when it gives one on or
    before publication, else the publication date. "Today" in a story filed on the 4th is the 4th."""
    pub = article.published
    if cleaned.dateline and pub:
        from geokg.extractors.text import tokenize  # noqa: PLC0415

        found = [d for d in find_dates(tokenize(cleaned.dateline), lang, pub) if d.precision == "day" and d.explicit]
        if found:
            day = date.fromisoformat(found[0].value)
            if 0 <= (pub - day).days <= 3:
                return day
    return pub


def prepare(article: Article, lang: str | None = None) -> tuple[Article, Language, Cleaned]:
    """Steps clean and language: the article with cleaned text, its language and cleaning details."""
    language = resolve_language(article.text, lang or article.lang)
    cleaned = clean_text(article.text, [language], article.title)
    art = article.model_copy(update={"text": cleaned.text, "lang": language.code,
                                     "title": article.title or cleaned.title})
    return art, language, cleaned


def extract(article: Article, lang: str | None = None, notes: list[str] | None = None) -> list[Event]:
    """All events of one article; *notes*, if given, collects what the reader should know of it.

    >>> from geokg.schema.models import Article
    >>> a = Article(id="t", text="Jakarta - Korea Utara mengkritik Amerika Serikat pada hari Senin.",
    ...             published=date(2023, 8, 16))
    >>> [(e.source.country, e.cameo, e.target.country, e.date) for e in extract(a)]
    [('PRK', '111', 'USA', '2023-08-14')]
    """
    art, language, cleaned = prepare(article, lang)
    events = to_events(art, language, extract_sentences(art, language, cleaned, notes))
    if article.published_source:  # beside the article's date on each event: how it was found
        events = [e.model_copy(update={"published_source": article.published_source}) for e in events]
    return events
