#!/usr/bin/env python3
"""Build geokg's English event lexicon ``events_cameo2.tsv`` from PETRARCH2's CAMEO.2.0 verb dictionary.

    .venv/bin/python scripts/build_en_lexicon.py PATH/TO/CAMEO.2.0.txt           # write the lexicon
    .venv/bin/python scripts/build_en_lexicon.py PATH/TO/CAMEO.2.0.txt --check   # exit 1 if it would change
    .venv/bin/python scripts/build_en_lexicon.py PATH/TO/CAMEO.2.0.txt --trace rows.tsv  # every candidate row

PETRARCH's dictionary is not part of geokg (MIT licence, Open Event Data Alliance; attribution in
``geokg/extractors/lang/en/SOURCES.md``). Get it from the openeventdata/petrarch2 repository, e.g.

    curl -LO https://raw.githubusercontent.com/openeventdata/petrarch2/676801cd9cb2924bbbad09f86d15c9323e7097bf/petrarch2/data/dictionaries/CAMEO.2.0.txt

(commit 676801c is the one the committed lexicon was built from; sha256 of the file:
4a442ee42f7574651ec1c594f127353cdffbf18fa97b207ad5d8298a3cfaa08f).

What the conversion does
------------------------
PETRARCH's verb file has synonym sets (``&NAME`` followed by ``+WORD`` lines) and verb blocks
(``--- NAME [code] ---``, verb lines, then pattern lines ``- pre * post [code]``). A pattern belongs to
its block and applies to every verb of the block; a verb listed in several blocks belongs to the last
one (PETRARCH's reader overwrites it). For each verb this script writes

* the verb alone, with the verb's own code or else the block's code (``[---]`` = no event: nothing to
  write for a single word);
* the verb followed by each pattern's literal words in text order: ``- * (FOR {FINANCIAL AID}) [0231]``
  under ASK becomes ``ask for financial aid  0231``; slot markers (``$`` source, ``+`` target, ``%``
  compound, ``^`` skipped phrase) are dropped, synonym sets (``&WEAPON``) are expanded to each member,
  ``A/B`` alternatives to each word, articles (a, an, the) are dropped because geokg's matcher lets up
  to four other words stand between the words of a pattern. A ``[---]`` pattern becomes a ``-`` row, an
  idiom that takes its words so that no shorter pattern codes them ("avert attack").

The code kept is the active one of ``[active:passive]``. Codes the geokg codebook does not know map to
their three-digit parent; what still is unknown is dropped. When the same words come out of several
PETRARCH lines, the last line wins, as in PETRARCH's reader. geokg flags follow from the code (see
``flags_for``). The curated ``events.tsv`` wins over this file wherever both give the same pattern.

Skipped, because geokg's lexicon cannot say it faithfully (counted in the summary and the file header):
patterns with words before the verb (a subject noun: ``- &MILITARY * EXERCISES``); an actor slot between
two words (``* FROM $ TO +``: geokg's words cannot sit on either side of an actor); verbs whose first
word is not the verb (``WIRE_+TAP``); passive-only codes (``[:173]``); malformed codes; a particle
that is part of a hyphenated word (``SIT-IN``: geokg's tokenizer splits at the hyphen and a particle
must follow the previous word directly); PETRARCH's verb transformations (verb-verb rules ``~ ...``).

Precision rules (why a faithful row is still left out) are in ``RULES`` below; each drop is counted
under its rule's name.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geokg.extractors.lang import LANG_DIR, _load_irregular  # noqa: E402
from geokg.extractors.morphology import english_forms, expand_particle  # noqa: E402
from geokg.schema import codebook  # noqa: E402

OUT = LANG_DIR / "en" / "events_cameo2.tsv"
HAND = LANG_DIR / "en" / "events.tsv"

SLOTS = {"$", "+", "%", "^"}
ARTICLES = {"a", "an", "the"}
PARTICLES = {"for", "on", "in", "out", "down", "with", "to", "off", "up", "from"}  # geokg's (events.py)
FUNCTION_WORDS = PARTICLES | ARTICLES | {
    "at", "by", "of", "into", "onto", "upon", "over", "under", "about", "against", "as", "after", "before",
    "during", "toward", "towards", "through", "between", "behind", "along", "away", "back", "forward",
    "forth", "ahead", "around", "across", "off", "near", "not", "no", "himself", "herself", "itself",
    "themselves", "it", "them", "him", "her", "this", "that", "so", "up", "down", "out", "and", "or", "all",
}

# -- precision rules ----------------------------------------------------------------------------------
# PETRARCH finds a verb's source and target with a parser; geokg takes the nearest actors around the
# trigger. So a single verb becomes an event in geokg far more readily than in PETRARCH, and the rules
# below are mostly about single verbs. Each dropped row is counted under its rule's name.
#
# R1 generic: verbs too general (or too often not this verb: "armed", "fine", "concerns") to be an event
#    on their own. "said" is reported speech, which geokg codes itself; "took", "gave", "went", "made",
#    "called", "held" are events only with a particular object, and which objects make them one is a
#    judgement events.tsv makes by hand ("send weapon", "hold talk", "launch missile", "make statement"):
#    PETRARCH's own ("take part" 030, "give soldiers" 150, "hold news conference" 017, "return
#    ambassador" 050) need its parser to mean what they say. So no row at all (except '-' idioms).
GENERIC_VERBS = frozenset("""
    say tell state add report write note claim quote announce declare speak talk comment mention remark
    describe refer inform explain express convey cite define detail narrate depict impart assert
    go come leave arrive approach depart return move run walk turn enter cross travel journey tour
    make take get give have hold keep put set bring send carry place post pose base stage station
    see look watch view observe notice witness seem appear find show know think believe feel regard
    meet face encounter contact confront call phone telephone visit host
    use do be become begin start continue stay stand remain wait follow lead open close win lose gain
    receive obtain acquire earn attain procure provide supply issue accord award grant lend loan
    offer ask question request seek want wish hope need try attempt help work play raise lift drop
    mark name spend share pass reach cause induce draw drive push pull hit strike break cut fire
    launch deliver mount lay develop build plan prepare sign agree accept consider review discuss
    arm fine concern sentence bar fault shelter beat respect favor favour object order address
    compensate acknowledge attend convene affirm appreciate fail import export purchase finance
""".split())
# R2 curated: a verb that events.tsv codes only in longer patterns ("release prisoner", "withdraw
#    troop", "impose sanction", "summon ambassador") gets no single-word row: the curator required the
#    object on purpose.
# R3 synonyms: a single verb keeps a code only where PETRARCH gave that verb a code of its own or named
#    the block after it; the other members of a synonym block (WordNet sets, by the file's own header:
#    "increase", "inhabit", "reside" in blocks coded 060 and 192) carry the block's code only through
#    patterns with object words.
# R4 unspecific: a single verb keeps a code only if it is specific (not a root's catch-all "not specified
#    below" code, 010 040 050 060 080 ... 190): the verb alone must say what kind of act it is.
# R5 statements: a single verb of root 01 (comment, mood) is left to geokg's speech rules, except 016 deny.
# R7 class products: a phrase of two noun classes ({&MILITARY &AIRCRAFT}: 18 x 75 members) becomes
#    hundreds of rows per verb, nearly all combinations no one writes ("return marines dirigible").
# R8 patterns stay with their verb: a pattern applies only to the verb(s) its comment says it was found
#    with ("- * DEAL [057]  # STRIKE": "strike a deal"), not to every synonym of the block ("altercate
#    deal", "hit deal"). PETRARCH shares patterns across a block because its parser has already found a
#    state as subject and object; geokg has no parser, so a pattern must say what it means with its own
#    words. A pattern whose comment names no verb of the block applies to all of them. (The whole cross
#    product is also 187,000 rows, 10 s to load.)
# R9 adverbs only: PETRARCH grades a verb's tone with an adverb ("react angrily" 111, "look positively"
#    030); geokg would take the adverb anywhere in the next words, and the act has no object to aim at.
# R10 curated roots: where events.tsv codes a verb alone, its root is the curator's reading of the verb;
#    a PETRARCH pattern may refine the code within that root ("reject criticism" 124 for "reject" 120)
#    but not move the verb to another root ("seize power" 180 for "seize" 171, "suspend visit" 042
#    for "suspend" 160).
# R11 yielding (root 08): these patterns are mostly told as aims, calls and conditions ("efforts to
#    end the war", "would lift its ban", "agreed to withdraw"), which geokg's factuality cues catch only
#    in part; on the evaluation sets they gave no true event and several false ones. events.tsv keeps
#    the 08 vocabulary it has (release prisoner, lift sanction, ceasefire, withdraw troop).
# R12 repetitions: a pattern that gives a verb the very code events.tsv gives it alone says nothing
#    new, and its object word, taken by the pattern, can no longer be an event of its own ("denied that
#    it had attacked": "deny attack" 016 would hide the denied attack).
# R6 prepositions only: a pattern whose words after the verb are all function words ("meet at",
#    "depart for") says no more than the verb, and would take the place of events.tsv's own rows.


@dataclass
class Verb:
    words: list[str]            # lowercase, e.g. ["call", "off"]
    forms: list[str]            # PETRARCH's listed forms ({...}), lowercase, words joined by spaces
    code: str | None            # the verb's own code, else None (the block's applies)
    line: int
    pre_compound: bool = False  # WIRE_+TAP: the verb is not the first word


@dataclass
class Pattern:
    line: int
    text: str                   # the pattern as written, without its code and comment
    pre: list[str]
    post: list[str]
    code: str
    comment: str


@dataclass
class Block:
    name: str
    code: str
    line: int
    verbs: list[Verb] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)


@dataclass
class Row:
    words: tuple[str, ...]
    cameo: str
    flags: str
    note: str
    order: int


# -- parsing --------------------------------------------------------------------------------------------
def _synset_member(term: str) -> list[str]:
    """``+CASH_`` -> ["cash"]; ``+FIGHTER_JET`` -> ["fighter", "jet"]; ``+AK-47`` -> ["ak", "47"] (geokg's
    tokenizer splits at hyphens; plurals come from geokg's morphology)."""
    return [w for w in re.split(r"[_\s-]+", term.strip("+").rstrip("_").lower()) if w]


def reduce_class(members: list[list[str]]) -> list[list[str]]:
    """A class without the members geokg would match anyway: plurals of a one-word member ("missiles"),
    and phrases whose last word is one ("cruise missile", "fighter jet"), because geokg lets other words
    stand between the words of a pattern ("fired two cruise missiles" matches "fire missile")."""
    single = {m[0] for m in members if len(m) == 1}
    covered: dict[str, str] = {}
    for w in sorted(single):
        for f in english_forms(w, noun=True):
            covered.setdefault(f, w)
    out = []
    for m in members:
        last = m[-1]
        if (len(m) == 1 and covered.get(last, last) != last) or (len(m) > 1 and last in covered):
            continue
        if m not in out:
            out.append(m)
    return out


def parse(text: str) -> tuple[dict[str, list[list[str]]], list[Block], int]:
    """Synonym sets, verb blocks, and the number of verb transformations (``~`` lines)."""
    synsets: dict[str, list[list[str]]] = {}
    blocks: list[Block] = []
    section = "synsets"
    current_set = ""
    transformations = 0
    for lineno, raw in enumerate(text.splitlines(), 1):
        if raw.startswith("####### VERB PATTERNS"):
            section = "verbs"
            continue
        if raw.startswith("######## TRANSFORMATIONS"):
            section = "transformations"
            continue
        line, _, comment = raw.partition("#")
        if not line.strip():
            continue
        if section == "synsets":
            if line.startswith("&"):
                current_set = line.strip()
                synsets.setdefault(current_set, [])
            elif line.startswith("+") and current_set:
                member = _synset_member(line.strip())
                if member:
                    synsets[current_set].append(member)
            continue
        if section == "transformations":
            transformations += line.startswith("~")
            continue
        if line.startswith("---"):
            m = re.match(r"---\s*(\S+)\s*\[([^\]]*)\]", line)
            if not m:
                raise SystemExit(f"line {lineno}: cannot read block header {raw!r}")
            blocks.append(Block(m.group(1), m.group(2), lineno))
            continue
        if not blocks:
            continue
        block = blocks[-1]
        if line.startswith("-"):
            m = re.match(r"-(.*?)\[([^\]]*)\]\s*$", line.rstrip())
            if not m:  # "- STRONGLY * ATTACK (ON ^)   ^)[111]": glued tokens, read the code at the end
                m = re.match(r"-(.*)\[([^\]]*)\]", line)
            if not m:
                raise SystemExit(f"line {lineno}: cannot read pattern {raw!r}")
            body = m.group(1)
            pre, star, post = body.partition("*")
            block.patterns.append(Pattern(lineno, " ".join(body.split()), pre.split() if star else body.split(),
                                          post.split() if star else [], m.group(2).strip(),
                                          comment.strip()))
            if not star:
                block.patterns[-1].pre = ["<no verb marker>"]
            continue
        line = line.split(";")[0]  # TABARI-style comment: "SCRAP {...};shan 8/30/93"
        code = None
        m = re.search(r"\[([^\]]*)\]", line)
        if m:  # "SPY {SPIES SPIED SPIES SPYING}[090]"
            code = m.group(1)
            line = line[:m.start()] + " " + line[m.end():]
        forms_part = " ".join(line.split())
        head, _, rest = forms_part.partition("{")
        head = head.strip()
        forms = [f.replace("+", "").replace("_", " ").lower() for f in rest.replace("}", "").split()]
        pre_compound = "_" in head and not head.startswith("+") and "+" in head
        words = [w for w in head.replace("+", "").lower().split("_") if w]
        if words:
            block.verbs.append(Verb(words, forms, code, lineno, pre_compound))
    return {k: reduce_class(v) for k, v in synsets.items()}, blocks, transformations


# -- codes and flags ------------------------------------------------------------------------------------
def map_code(raw: str, known: set[str]) -> tuple[str | None, str]:
    """(geokg code or "-" or None, what happened): the active part of ``[active:passive]``."""
    active = raw.split(":")[0].strip()
    if active == "---":
        return "-", "null"
    if not active:
        return None, "passive-only code"
    if not re.fullmatch(r"\d{3,4}", active) or not 1 <= int(active[:2]) <= 20:
        return None, "malformed code"
    if active in known:
        return active, "kept"
    if len(active) == 4 and active[:3] in known:
        return active[:3], "mapped to parent"
    return None, "code unknown to the codebook"


def flags_for(code: str) -> str:
    """geokg flags implied by a CAMEO code, as the curated events.tsv uses them.

    irrealis: what follows is wished, demanded, threatened or invited, not done (02, 10, 13, 036);
    sym: the act is mutual (meet, phone, negotiate, sign an agreement, material cooperation);
    place: a visit's target may be a place; accuse: what follows is alleged; deny: what follows is denied.
    """
    if code == "-":
        return ""
    flags = []
    if code[:2] in ("02", "10", "13") or code == "036":
        flags.append("irrealis")
    if code[:3] in ("040", "041", "046", "057") or code[:2] == "06":
        flags.append("sym")
    if code[:3] == "042":
        flags.append("place")
    if code[:3] == "112":
        flags.append("accuse")
    if code == "016":
        flags.append("deny")
    return ",".join(flags)


# -- patterns -----------------------------------------------------------------------------------------
class Skip(Exception):
    """A PETRARCH line geokg's lexicon cannot say faithfully; the message is the reason."""


def pattern_words(pat: Pattern, synsets: dict[str, list[list[str]]]) -> list[list[str]]:
    """The literal word sequences a pattern's post-verb part stands for (synonym sets expanded)."""
    if any(t not in SLOTS for t in pat.pre):
        raise Skip("words before the verb")
    items: list[list[list[str]]] = []  # per position: alternatives, each a list of words
    slot_seen = False
    for tok in pat.post:
        bare = tok.strip("(){}")
        if not bare:
            continue
        if bare in SLOTS:
            slot_seen = True
            continue
        if slot_seen:
            raise Skip("an actor slot between words")
        if bare.startswith("&"):
            if bare not in synsets or not synsets[bare]:
                raise Skip("undefined or empty synonym set")
            items.append(synsets[bare])
            continue
        alts = []
        for alt in bare.lower().split("/"):
            words = [w for w in re.split(r"[_\s]+", alt) if w]
            split: list[str] = []
            for w in words:
                parts = [p for p in w.split("-") if p]
                if len(parts) > 1 and any(p in PARTICLES for p in parts):
                    raise Skip("a particle inside a hyphenated word")
                split.extend(parts)
            alts.append(split)
        items.append(alts)
    out = []
    for combo in itertools.product(*items):
        words = [w for part in combo for w in part if w not in ARTICLES]
        if words:
            out.append(words)
    return out or [[]]


def comment_verbs(comment: str) -> set[str]:
    """The verbs a pattern's comment says it was found with ("# EXPRESS", "# WENT_TO", "# CALL , CALL")."""
    return {w.lower() for w in re.findall(r"[A-Z][A-Z_-]+", comment)}


def found_with(verb: Verb, pat: Pattern) -> bool:
    """Whether the pattern's comment names this verb or one of its forms (PULLED_OUT for pull out)."""
    named = comment_verbs(pat.comment)
    key = "_".join(verb.words)
    forms = {key} | {f.replace(" ", "_") for f in verb.forms} | {
        "_".join([f] + verb.words[1:]) for f in english_forms(verb.words[0])}
    return bool(named & forms)


# -- conversion ---------------------------------------------------------------------------------------
def convert(text: str) -> tuple[list[Row], Counter, Counter, dict]:
    synsets, blocks, transformations = parse(text)
    known = {c.code for c in codebook.all_codes()}
    skipped: Counter = Counter()   # faithful conversion impossible
    dropped: Counter = Counter()   # precision rules
    info: dict = {"transformations": transformations, "blocks": len(blocks),
                  "patterns": sum(len(b.patterns) for b in blocks),
                  "verbs": sum(len(b.verbs) for b in blocks), "mapped": Counter(), "lines": Counter()}
    skipped["verb transformation (verb-verb rule)"] += transformations

    owner: dict[tuple[str, ...], int] = {}  # verb -> index of the last block that lists it
    for bi, b in enumerate(blocks):
        for v in b.verbs:
            owner[tuple(v.words)] = bi

    rows: dict[tuple[str, ...], Row] = {}
    order = 0
    curated = [line.split("\t")[0].split() for line in HAND.read_text(encoding="utf-8").splitlines()
               if line.strip() and not line.startswith("#") and not line.startswith("pattern\t")]
    curated_single = {w[0].lstrip("=") for w in curated if len(w) == 1}
    # a verb's own particle ("call off", "pull out") is part of the verb: "pull out" is curated alone
    curated_single |= {" ".join(w) for w in curated if len(w) == 2 and w[1] in PARTICLES}
    irregular = _load_irregular(LANG_DIR / "en")
    curated_by_len: dict[int, list[tuple[set[str], ...]]] = {}
    for w in curated:
        forms = (set(english_forms(w[0].lstrip("="), irregular)) | {w[0].lstrip("=")},) + tuple(
            {x[1:]} if x.startswith("=") else set(expand_particle(x, "en", irregular)) for x in w[1:])
        curated_by_len.setdefault(len(w), []).append(forms)

    def covered_by_curated(words: list[str]) -> bool:
        """Whether events.tsv has these words already ("expel diplomats" is its "expel diplomat")."""
        return any(all(x in f for x, f in zip(words, forms)) for forms in curated_by_len.get(len(words), ()))

    curated_root = {}  # verb -> root events.tsv gives it alone
    curated_code = {}  # verb -> code events.tsv gives it alone
    for line in HAND.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) > 1 and not line.startswith("#") and len(cols[0].split()) == 1 and cols[1] != "-":
            curated_root.setdefault(cols[0].lstrip("="), cols[1][:2])
            curated_code.setdefault(cols[0].lstrip("="), cols[1])
    curated_heads = {w[0].lstrip("=") for w in curated if len(w) > 1} | {
        " ".join(w[:2]) for w in curated if len(w) > 2 and w[1] in PARTICLES}

    def emit(words: list[str], raw_code: str, note: str, verb: Verb, block: Block, bare: bool,
             pat: Pattern | None) -> None:
        nonlocal order
        code, what = map_code(raw_code, known)
        if code is None:
            skipped[what] += 1
            return
        if what == "mapped to parent":
            info["mapped"][f"{raw_code.split(':')[0]}->{code}"] += 1
        lemma = verb.words[0]
        if bare:
            if code == "-":
                dropped["single verb without an event code (nothing to write)"] += 1
                return
            if lemma in GENERIC_VERBS:
                dropped["R1 generic verb alone"] += 1
                return
            if " ".join(verb.words) in curated_heads and " ".join(verb.words) not in curated_single:
                dropped["R2 verb events.tsv codes only with an object"] += 1
                return
            head = block.name.lower().rstrip("_")
            if verb.code is None and "_".join(verb.words) != head and not (
                    len(verb.words) == 1 and head.split("_")[0] == lemma):
                dropped["R3 synonym without a code of its own, alone"] += 1
                return
            if code[2] == "0" and len(code) == 3:
                dropped["R4 unspecific code for a single verb"] += 1
                return
            if code[:2] == "01" and code != "016":
                dropped["R5 statement or mood verb alone"] += 1
                return
        else:
            content = [w for w in words[len(verb.words):] if w not in FUNCTION_WORDS]
            if not content and code != "-":
                dropped["R6 verb and prepositions only"] += 1
                return
            if lemma in GENERIC_VERBS and code != "-":
                dropped["R1 generic verb in a pattern"] += 1
                return
            if content and all(w.endswith("ly") for w in content) and code != "-":
                dropped["R9 verb and adverb only"] += 1
                return
            if code[:2] == "08":
                dropped["R11 yield / de-escalation pattern"] += 1
                return
            if code != "-" and curated_code.get(" ".join(verb.words)) == code:
                dropped["R12 pattern repeating a curated verb's own code"] += 1
                return
            root = curated_root.get(" ".join(verb.words))
            if root and code != "-" and code[:2] != root:
                dropped["R10 pattern moving a curated verb to another root"] += 1
                return
        if covered_by_curated(words):
            dropped["R0 same words as a pattern of events.tsv (up to inflection)"] += 1
            return
        key = tuple(words)
        order += 1
        rows[key] = Row(key, code, flags_for(code), note, order)

    for bi, b in enumerate(blocks):
        verbs = []
        for v in b.verbs:
            if owner[tuple(v.words)] != bi:
                skipped["verb listed again in a later block (PETRARCH keeps the last)"] += 1
                continue
            if v.pre_compound:
                skipped["verb whose first word is not the verb"] += 1 + len(b.patterns)
                continue
            verbs.append(v)
        for v in verbs:
            emit(v.words, v.code if v.code is not None else b.code, f"{b.name}: {'_'.join(v.words).upper()}",
                 v, b, True, None)
        for p in b.patterns:
            if map_code(p.code, known)[0] is None:
                info["lines"][map_code(p.code, known)[1]] += 1
            try:
                seqs = pattern_words(p, synsets)
            except Skip as why:
                skipped[str(why)] += len(verbs)
                info["lines"][str(why)] += 1
                continue
            classes = sum(t.strip("(){}").startswith("&") for t in p.post)
            if classes >= 2:
                dropped["R7 a product of two noun classes"] += len(verbs) * len(seqs)
                continue
            named = [v for v in verbs if found_with(v, p)]
            for v in verbs:
                if named and v not in named:
                    dropped["R8 pattern with a verb it was not found with"] += len(seqs)
                    continue
                for seq in seqs:
                    emit(v.words + seq, p.code, f"{b.name}: {p.text.replace('*', '_'.join(v.words).upper())}",
                         v, b, False, p)
    return sorted(rows.values(), key=lambda r: (r.words, r.cameo)), skipped, dropped, info


def check_forms(text: str) -> list[str]:
    """Forms PETRARCH lists for a verb that geokg's morphology (with irregular.tsv) does not generate."""
    _, blocks, _ = parse(text)
    irregular = _load_irregular(LANG_DIR / "en")
    missing = []
    for b in blocks:
        for v in b.verbs:
            if not v.forms or v.pre_compound:
                continue
            have = set(english_forms(v.words[0], irregular))
            tail = " ".join(v.words[1:])
            for f in v.forms:
                head = f[: len(f) - len(tail)].strip() if tail and f.endswith(tail) else f
                if " " not in head and head not in have and head != v.words[0]:
                    missing.append(f"{v.words[0]}: {head}")
    return sorted(set(missing))


def render(rows: list[Row], skipped: Counter, dropped: Counter, info: dict, digest: str) -> str:
    hand = {" ".join(r.split("\t")[0].split()) for r in HAND.read_text(encoding="utf-8").splitlines()
            if r.strip() and not r.startswith("#")}
    shadowed = sum(" ".join(r.words) in hand for r in rows)
    head = [
        "# English event lexicon built from PETRARCH2's CAMEO.2.0 verb dictionary (MIT, Open Event Data",
        "# Alliance; see SOURCES.md) by scripts/build_en_lexicon.py. Do not edit: change the script and rebuild.",
        f"# Source file sha256 {digest}.",
        "# Each row: the verb lemma, then the literal words of one PETRARCH pattern in text order (slot markers",
        "# dropped); PETRARCH's code (the active one of [active:passive]), mapped to its parent where geokg's",
        "# codebook lacks it; flags from the code. '-' rows are PETRARCH's [---] patterns (no event).",
        "# events.tsv wins over a row here with the same pattern.",
        f"# {len(rows)} rows from {info['blocks']} verb blocks ({info['verbs']} verb lines, {info['patterns']} pattern lines);"
        f" {shadowed} of them are also in events.tsv.",
        "# Not converted, because geokg's lexicon cannot say it faithfully (counted per verb and pattern):",
    ]
    head += [f"#   {n:6d}  {why}" for why, n in sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0]))]
    head.append(f"# The same counted in PETRARCH pattern lines (of {info['patterns']}): " + ", ".join(
        f"{why} {n}" for why, n in sorted(info["lines"].items(), key=lambda kv: (-kv[1], kv[0]))))
    head.append("# Left out by the precision rules of the script (generic verbs, synonym blocks):")
    head += [f"#   {n:6d}  {why}" for why, n in sorted(dropped.items(), key=lambda kv: (-kv[1], kv[0]))]
    if info["mapped"]:
        head.append("# Codes mapped to their parent (rows): " + ", ".join(
            f"{k} {n}" for k, n in sorted(info["mapped"].items())))
    head.append("pattern\tcameo\tflags\tnote")
    body = [f"{' '.join(r.words)}\t{r.cameo}\t{r.flags}\tPETRARCH {r.note}" for r in rows]
    return "\n".join(head + body) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dictionary", type=Path, help="PETRARCH2's CAMEO.2.0.txt")
    ap.add_argument("-o", "--output", type=Path, default=OUT)
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 if the output would change")
    args = ap.parse_args(argv)
    raw = args.dictionary.read_bytes()
    text = raw.decode("utf-8", errors="replace")
    rows, skipped, dropped, info = convert(text)
    out = render(rows, skipped, dropped, info, hashlib.sha256(raw).hexdigest())
    print(f"{len(rows)} rows ({sum(r.cameo == '-' for r in rows)} of them '-' idioms) from "
          f"{info['blocks']} blocks, {info['verbs']} verb lines, {info['patterns']} pattern lines")
    print("not convertible:")
    for why, n in sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {n:6d}  {why}")
    print(f"pattern lines not convertible (of {info['patterns']}): " + ", ".join(
        f"{why} {n}" for why, n in sorted(info["lines"].items(), key=lambda kv: (-kv[1], kv[0]))))
    print("left out by precision rules:")
    for why, n in sorted(dropped.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {n:6d}  {why}")
    missing = check_forms(text)
    if missing:
        print(f"verb forms PETRARCH lists that geokg does not generate ({len(missing)}; add to irregular.tsv "
              f"if they matter): " + ", ".join(missing))
    if args.check:
        same = args.output.is_file() and args.output.read_text(encoding="utf-8") == out
        print(f"{args.output}: {'up to date' if same else 'would change'}")
        return 0 if same else 1
    args.output.write_text(out, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
