"""Per-language knowledge (spaCy's habit): each folder holds data files; this module loads and checks them.

A language folder has ``lang.yaml`` (function words, boilerplate, connectors, cues, date words),
``events.tsv`` and ``events_*.tsv`` (the event lexicons), ``actors.tsv`` and ``agents.tsv`` (the gazetteer's aliases, read by
:mod:`geokg.extractors.gazetteer`). Adding a language is adding a folder.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from geokg.errors import DataFileError, LanguageError
from geokg.extractors.morphology import english_forms, expand_particle, indonesian_forms
from geokg.extractors.text import tokenize_phrase

LANG_DIR = Path(str(resources.files("geokg.extractors.lang")))
FLAGS = {"sym", "noun", "noun_only", "place", "irrealis", "accuse", "deny", "letter", "nobare", "leave", "reply", "fall", "aimed", "troops", "topic"}


def available_languages() -> list[str]:
    """Codes of the languages that have a data folder.

    >>> available_languages()
    ['en', 'id']
    """
    return sorted(p.name for p in LANG_DIR.iterdir() if (p / "lang.yaml").is_file())


class _DateWords(BaseModel):
    model_config = ConfigDict(extra="forbid")
    months: dict[str, int]
    weekdays: dict[str, int]
    weekday_prefix: list[str]
    this_week: list[str]
    last: list[str]
    next: list[str]
    relative_days: dict[str, int]
    relative_months: dict[str, int]
    relative_years: dict[str, int]
    relative_weeks: dict[str, int]
    ago: list[str]
    day_unit: list[str]
    week_unit: list[str]
    month_unit: list[str]
    year_unit: list[str]
    numbers: dict[str, int]
    since: list[str]
    year_prefix: list[str]
    future_cues: list[str]
    anaphoric_offsets: dict[str, int] = {}
    anaphoric: list[str]
    # "Sebelumnya, ...", "Earlier, ...": before the story's date, so never dated by it
    anterior: list[str] = []
    # "beberapa jam sebelumnya", "hours earlier": before the story's moment, but on its day
    same_day: list[str] = []
    at_event: list[str] = []
    clause_offsets: dict[str, int] = {}
    occurred: list[str] = []
    # "seperti dikutip, Jumat (25/4)", "Melansir Reuters, Selasa": a date after these words is when
    # another outlet reported, not when anything happened
    citation: list[str] = []


class _LangFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str
    name: str
    morphology: str
    stopwords: list[str]
    boilerplate_lines: list[str]
    caption_glue: str
    dateline: str
    abbreviations: list[str]
    coordination: list[str]
    comitative: list[str]
    agent_markers: list[str]
    target_preps: list[str]
    place_preps: list[str]
    genitive_preps: list[str]
    place_heads: list[str]
    clause_stops: list[str]
    relative: list[str]
    determiners: list[str] = []
    demonstratives: list[str] = []
    list_preps: list[str] = []
    attribution: list[str] = []
    event_nouns: list[str] = []
    speech: dict[str, list[str]]
    # words by which reported speech evaluates, accuses, demands or threatens, per CAMEO code
    evaluation: dict[str, list[str]] = {}
    addressee_preps: list[str] = []
    # a country's name inside a facility's name is not that country: "Rumah Sakit Indonesia" in Gaza,
    # "the Indonesian Hospital" (words before / after the country's name)
    facility_before: list[str] = []
    facility_after: list[str] = []
    # "the river where Brazil, Peru and Colombia meet": a place, not a meeting
    place_relatives: list[str] = []
    # "accused each other", "saling menuduh": the actors of the subject act on one another
    reciprocal: list[str] = []
    # event nouns that name any act ("the decision", "langkah itu"), whatever lexicon rows start with them
    generic_event_nouns: list[str] = []
    # texts an organisation adopts ("Security Council resolutions", "resolusi DK PBB", "the UN Charter"):
    # criticising a violation of them targets the violator, not the text's author
    texts: list[str] = []
    # words between a preposition and the place it governs: "in southern Lebanon", "in the occupied West Bank"
    place_modifiers: list[str] = []
    # words that make the actor before an event noun its victim: "Haniyeh was killed in an attack"
    victim_cues: list[str] = []
    # words of number before "of": "hundreds of protesters" are protesters, not an object
    quantities: list[str] = []
    # words that open a fronted subordinate clause: its act does not reach past the comma that closes it
    subordinators: list[str] = []
    # a definite description of a state ("the country", "the central African nation", "negara itu"):
    # head nouns, and (Indonesian) the demonstratives that close it
    state_nouns: list[str] = []
    state_closers: list[str] = []
    # verbs by which an actor makes a text its own: "mengesahkan resolusi yang menuntut ..." is the
    # adopter's demand, while "menggagalkan resolusi yang mengutuk ..." is nobody's condemnation
    adopting: list[str] = []
    partner_preps: list[str] = []
    between_preps: list[str] = []
    recipient_preps: list[str] = []
    about_preps: list[str] = []
    direction_preps: list[str] = []
    pronouns: dict[str, list[str]]
    group_anaphors: dict[str, list[str]]
    factuality: dict[str, list[str]]
    dates: _DateWords
    exclude_forms: list[str] = []
    document_refs: list[str] = []
    document_new: list[str] = []


@dataclass(frozen=True)
class Trigger:
    """One lexicon row: ``rest`` holds, for each further word of the pattern, the set of its forms."""

    pattern: str
    cameo: str
    flags: frozenset[str]
    rest: tuple[frozenset[str], ...]
    line: int
    curated: bool = True  # from the hand-curated events.tsv (False: a built lexicon, events_*.tsv)


@dataclass
class Language:
    """Everything the engine knows about one language, as plain sets and dicts for fast lookups."""

    code: str
    name: str
    morphology: str
    stopwords: frozenset[str]
    boilerplate: list[re.Pattern[str]]
    caption_glue: re.Pattern[str]
    dateline: re.Pattern[str]
    abbreviations: frozenset[str]
    phrases: dict[str, frozenset[tuple[str, ...]]]
    speech_forms: frozenset[str]
    addressed_forms: frozenset[str]  # speech verbs whose object is the one spoken to ("told Yoon")
    pronouns: dict[str, frozenset[str]]
    group_anaphors: dict[tuple[str, ...], str]
    cues: dict[tuple[str, ...], str]
    dates: _DateWords
    triggers: dict[str, list[tuple[Trigger, str]]] = field(default_factory=dict)
    evaluation: dict[tuple[str, ...], str] = field(default_factory=dict)  # phrase -> CAMEO code
    max_phrase: int = 4
    first_words: dict[str, frozenset[str]] = field(default_factory=dict)
    # speech verbs that make the speaker's own act known ("announced the expulsion of ...")
    announcing_forms: frozenset[str] = frozenset()

    def phrase_at(self, kind: str, lowers: list[str], i: int) -> int:
        """Length of the longest ``kind`` phrase starting at token ``i`` (0 if none)."""
        if lowers[i] not in self.first_words[kind]:
            return 0  # the common case, answered by one set lookup
        table = self.phrases[kind]
        for n in range(min(self.max_phrase, len(lowers) - i), 0, -1):
            if tuple(lowers[i:i + n]) in table:
                return n
        return 0

    def phrase_before(self, kind: str, lowers: list[str], i: int) -> int:
        """Length of the longest ``kind`` phrase ending just before token ``i`` (0 if none).

        >>> load_language("id").phrase_before("facility_before", "rumah sakit indonesia".split(), 2)
        2
        """
        table = self.phrases[kind]
        for n in range(min(self.max_phrase, i), 0, -1):
            if tuple(lowers[i - n:i]) in table:
                return n
        return 0


def _forms(lang: _LangFile, word: str, irregular: dict[str, tuple[str, str]], noun: bool = False) -> dict[str, str]:
    if lang.morphology == "id":
        return indonesian_forms(word)
    return english_forms(word, irregular, noun=noun)


def _load_irregular(folder: Path) -> dict[str, tuple[str, str]]:
    path = folder / "irregular.tsv"
    out: dict[str, tuple[str, str]] = {}
    if path.is_file():
        for lineno, row in _tsv_rows(path):
            if len(row) != 3:
                raise DataFileError(f"{path}:{lineno}: expected 3 columns (lemma, past, participle)")
            out[row[0]] = (row[1], row[2])
    return out


def _tsv_rows(path: Path) -> list[tuple[int, list[str]]]:
    """Rows of a TSV data file with their line numbers, skipping comments, blanks and the header."""
    rows = []
    with path.open(encoding="utf-8") as fh:
        header_seen = False
        for lineno, line in enumerate(fh, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if not header_seen and line.split("\t", 1)[0].strip() in ("pattern", "lemma", "alias", "phrase"):
                header_seen = True
                continue
            header_seen = True
            rows.append((lineno, next(csv.reader([line.rstrip("\n")], delimiter="\t", quoting=csv.QUOTE_NONE))))
    return rows


def lexicon_files(folder: Path) -> list[Path]:
    """The event lexicon files of a language folder: ``events.tsv`` (curated by hand) first, then
    ``events_*.tsv`` (larger lexicons built from other sources) in name order."""
    return [folder / "events.tsv"] + sorted(p for p in folder.glob("events_*.tsv") if p.is_file())


def _lexicon_rows(folder: Path) -> list[tuple[Path, int, list[str]]]:
    """Rows of every lexicon file; a pattern already given by an earlier file keeps that file's row,
    so the hand-curated lexicon overrides what a generated one says of the same words."""
    seen: set[str] = set()
    out = []
    for path in lexicon_files(folder):
        for lineno, row in _tsv_rows(path):
            key = " ".join(row[0].split())
            if path.name != "events.tsv" and key in seen:
                continue
            seen.add(key)
            out.append((path, lineno, row))
    return out


def _noun_forms(word: str) -> frozenset[str]:
    """An English noun and its plural.

    >>> sorted(_noun_forms("strike")), sorted(_noun_forms("embassy")), sorted(_noun_forms("clash"))
    (['strike', 'strikes'], ['embassies', 'embassy'], ['clash', 'clashes'])
    """
    if word.endswith(("s", "x", "ch", "sh")):
        return frozenset({word, word + "es"})
    if word.endswith("y") and word[-2:-1] not in tuple("aeiou"):
        return frozenset({word, word[:-1] + "ies"})
    return frozenset({word, word + "s"})


def _load_triggers(folder: Path, lang: _LangFile) -> dict[str, list[tuple[Trigger, str]]]:
    irregular = _load_irregular(folder)
    exclude = set(lang.exclude_forms)
    index: dict[str, list[tuple[Trigger, str]]] = {}
    head_forms: dict[tuple[str, bool], list[tuple[str, str]]] = {}  # a head's forms, generated once
    for path, lineno, row in _lexicon_rows(folder):
        if len(row) < 2:
            raise DataFileError(f"{path}:{lineno}: expected pattern<TAB>cameo<TAB>flags<TAB>note")
        pattern, cameo = row[0].strip(), row[1].strip()
        flags = frozenset(f for f in (row[2].split(",") if len(row) > 2 else []) if f)
        if cameo != "-" and (not re.fullmatch(r"\d{3,4}", cameo) or not 1 <= int(cameo[:2]) <= 20):
            raise DataFileError(f"{path}:{lineno}: bad CAMEO code {cameo!r}")
        if flags - FLAGS:
            raise DataFileError(f"{path}:{lineno}: unknown flags {sorted(flags - FLAGS)}")
        words = pattern.split()
        if not words:
            raise DataFileError(f"{path}:{lineno}: empty pattern")
        head, rest_words = words[0], words[1:]
        if "noun" in flags and lang.morphology == "en":  # "drone strikes", never "drones struck"
            rest = tuple(frozenset({w[1:]} if w.startswith("=") else _noun_forms(w)) for w in rest_words)
        else:
            rest = tuple(frozenset({w[1:]} if w.startswith("=") else expand_particle(w, lang.morphology, irregular))
                         for w in rest_words)
        trig = Trigger(pattern, cameo, flags, rest, lineno, path.name == "events.tsv")
        noun = "noun" in flags and lang.morphology == "en"
        forms = head_forms.get((head, noun))
        if forms is None:
            # an exact form is active, but an Indonesian di- form is passive ("=dijebloskan": by whom follows)
            generated = {head[1:]: "passive" if lang.code == "id" and head.startswith("=di") else "active"} \
                if head.startswith("=") else _forms(lang, head, irregular, noun=noun)
            forms = head_forms[(head, noun)] = list(generated.items())
        for form, voice in forms:
            if form in exclude and not rest:
                continue  # (a further word tells the sense: "menarik pasukan" withdraws, "menarik" alone attracts)
            if not rest:  # single words: keep only the forms the flags allow
                if voice == "noun" and not flags & {"noun", "noun_only"}:
                    continue
                if voice == "bare" and "nobare" in flags:
                    continue
                if "noun_only" in flags and voice not in ("noun", "bare"):
                    continue
            entries = index.get(form)
            if entries is None:
                index[form] = [(trig, voice)]
            else:
                entries.append((trig, voice))
    for entries in index.values():  # longer patterns first: "minta maaf" before "minta"
        if len(entries) > 1:
            entries.sort(key=lambda tv: -len(tv[0].rest))
    return index


@lru_cache(maxsize=None)
def load_language(code: str) -> Language:
    """Load and check one language's data folder.

    >>> load_language("id").triggers["mengkritik"][0][0].cameo
    '111'
    >>> load_language("xx")
    Traceback (most recent call last):
    ...
    geokg.errors.LanguageError: unsupported language 'xx' (supported: en, id)
    """
    folder = LANG_DIR / code
    path = folder / "lang.yaml"
    if not re.fullmatch(r"[a-z]{2,3}", code or "") or not path.is_file():
        raise LanguageError(f"unsupported language {code!r} (supported: {', '.join(available_languages())})")
    try:
        raw = _LangFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as exc:
        raise DataFileError(f"{path}: {str(exc).splitlines()[0]} ({exc})") from None
    irregular = _load_irregular(folder)

    def phrases(items: list[str]) -> frozenset[tuple[str, ...]]:
        return frozenset(tokenize_phrase(p) for p in items if tokenize_phrase(p))

    speech: set[str] = set()
    addressed: set[str] = set()
    announcing: set[str] = set()
    for kind, stems in raw.speech.items():
        for stem in stems:
            forms = {f for f, v in _forms(raw, stem, irregular).items() if v != "noun"} if " " not in stem else set()
            speech |= forms | {stem}
            if kind == "addressed":
                addressed |= forms | {stem}
            if kind == "announce":
                announcing |= forms | {stem}
    try:
        boiler = [re.compile(p, re.I) for p in raw.boilerplate_lines]
        caption = re.compile(raw.caption_glue, re.I)
        dateline = re.compile(raw.dateline)
    except re.error as exc:
        raise DataFileError(f"{path}: bad regular expression: {exc}") from None
    cues: dict[tuple[str, ...], str] = {}
    for value, items in raw.factuality.items():
        if value == "denial_scope_end":
            continue
        for item in items:
            cues[tokenize_phrase(item)] = value
    anaphors = {tokenize_phrase(p): kind for kind, items in raw.group_anaphors.items() for p in items}
    evaluation: dict[tuple[str, ...], str] = {}
    for code, items in raw.evaluation.items():
        if code != "-" and (not re.fullmatch(r"\d{3,4}", code) or not 1 <= int(code[:2]) <= 20):
            raise DataFileError(f"{path}: evaluation: bad CAMEO code {code!r}")
        for item in items:
            evaluation.setdefault(tokenize_phrase(item), code)
    lang = Language(
        code=raw.code, name=raw.name, morphology=raw.morphology,
        stopwords=frozenset(raw.stopwords), boilerplate=boiler, caption_glue=caption, dateline=dateline,
        abbreviations=frozenset(a.lower() for a in raw.abbreviations),
        phrases={k: phrases(getattr(raw, k)) for k in (
            "coordination", "comitative", "agent_markers", "target_preps", "place_preps", "genitive_preps",
            "place_heads", "clause_stops", "relative", "determiners", "demonstratives", "event_nouns", "list_preps",
            "attribution", "addressee_preps", "facility_before", "facility_after", "place_relatives", "reciprocal", "generic_event_nouns",
            "texts", "place_modifiers", "victim_cues", "quantities", "subordinators", "state_nouns", "state_closers", "adopting",
            "partner_preps", "between_preps", "recipient_preps", "about_preps", "direction_preps")} | {
            "evaluation": frozenset(evaluation),
            "anaphoric_time": phrases(raw.dates.anaphoric),
            "future_cues": phrases(raw.dates.future_cues),
            "document_refs": phrases(raw.document_refs),
            "document_new": phrases(raw.document_new),
            "anaphoric_offsets": phrases(list(raw.dates.anaphoric_offsets)),
            "anterior": phrases(raw.dates.anterior),
            "same_day": phrases(raw.dates.same_day),
            "at_event": phrases(raw.dates.at_event),
            "clause_offsets": phrases(list(raw.dates.clause_offsets)),
            "occurred": phrases(raw.dates.occurred),
            "denial_scope_end": phrases(raw.factuality.get("denial_scope_end", []))},
        speech_forms=frozenset(speech), addressed_forms=frozenset(addressed),
        announcing_forms=frozenset(announcing),
        pronouns={k: frozenset(v) for k, v in raw.pronouns.items()},
        group_anaphors=anaphors, cues=cues, dates=raw.dates, evaluation=evaluation,
    )
    lang.triggers = _load_triggers(folder, raw)
    lang.first_words = {k: frozenset(p[0] for p in v) for k, v in lang.phrases.items()}
    lang.max_phrase = max([len(p) for ps in lang.phrases.values() for p in ps] + [len(p) for p in cues] + [1])
    return lang
