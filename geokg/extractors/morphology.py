"""Surface forms of lexicon entries, generated once so that matching a token is one dict lookup.

Indonesian inflects by affixes (meN-, di-, ber-, ter-, peN-...-an, ke-...-an, -kan, -i, clitics -nya);
English by suffixes and irregular forms. Each generator returns ``{form: voice}`` where voice is
``"active"``, ``"passive"`` or ``"noun"``; the event engine uses the voice to place source and target.
"""

from __future__ import annotations

from collections.abc import Iterable

Forms = dict[str, str]

_VOWELS = set("aeiou")
_CLITICS = ("", "nya", "lah", "kah")


def _nasal(stem: str, prefix: str) -> list[str]:
    """meN-/peN- allomorphs: ``_nasal("kritik", "me")`` -> ["mengkritik"]; ``("tuduh", "me")`` -> ["menuduh"]."""
    s = stem
    first, second = s[0], (s[1] if len(s) > 1 else "")
    vowel_next = second in _VOWELS
    out: list[str] = []
    if first in _VOWELS or first in "gh":
        out.append(prefix + "ng" + s)
    elif first == "k":
        out.append(prefix + "ng" + (s[1:] if vowel_next else s))
        if vowel_next:  # loans keep their k: "mengkoordinasikan"
            out.append(prefix + "ng" + s)
    elif first == "p":
        out.append(prefix + "m" + (s[1:] if vowel_next else s))
        if vowel_next:  # loans keep their p: "mempublikasikan"
            out.append(prefix + "m" + s)
    elif first in "bfv":
        out.append(prefix + "m" + s)
    elif first == "t":
        out.append(prefix + "n" + (s[1:] if vowel_next else s))
        if vowel_next:
            out.append(prefix + "n" + s)
    elif first in "dcjz":
        out.append(prefix + "n" + s)
    elif first == "s":
        out.append(prefix + "ny" + (s[1:] if vowel_next else s))
        if vowel_next:
            out.append(prefix + "n" + s)
    else:  # l m n r w y and ny/ng clusters
        out.append(prefix + s)
    if sum(ch in _VOWELS for ch in s) == 1:  # monosyllables take menge-: mengebom
        out.append(prefix + "nge" + s)
    return out


def indonesian_forms(stem: str) -> Forms:
    """Inflected forms of an Indonesian stem, each with its voice.

    >>> f = indonesian_forms("kritik")
    >>> f["mengkritik"], f["dikritik"], f["kritikan"], f["kritik"]
    ('active', 'passive', 'noun', 'bare')
    >>> indonesian_forms("serang")["menyerang"], indonesian_forms("tuduh")["tuduhan"]
    ('active', 'noun')
    """
    forms: Forms = {}

    def add(form: str, voice: str) -> None:
        for c in _CLITICS:
            forms.setdefault(form + c, voice)

    add(stem, "bare")
    for suffix in ("", "kan", "i"):
        for f in _nasal(stem, "me"):
            add(f + suffix, "active")
        add("memper" + stem + suffix, "active")
        add("di" + stem + suffix, "passive")
        add("diper" + stem + suffix, "passive")
        if suffix:
            add(stem + suffix, "active")  # headline and imperative style: "Korut kritik seruan AS"
    add(("be" if stem[0] == "r" else "ber") + stem, "active")
    add(("be" if stem[0] == "r" else "ber") + stem + "an", "active")
    add("ter" + stem, "passive")
    for noun in _nasal(stem, "pe"):
        add(noun + "an", "noun")
    add(stem + "an", "noun")
    add("per" + stem + "an", "noun")
    add("ke" + stem + "an", "noun")
    return forms


def _en_suffix(lemma: str) -> tuple[str, str, str]:
    """(3rd person, past, gerund) for a regular English verb."""
    if lemma.endswith("ee"):
        return lemma + "s", lemma + "d", lemma + "ing"  # agree -> agreed, agreeing
    if lemma.endswith("e"):
        return lemma + "s", lemma + "d", lemma[:-1] + "ing"
    if lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        return lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        return lemma + "es", lemma + "ed", lemma + "ing"
    if (len(lemma) >= 3 and lemma[-1] not in _VOWELS | set("wxy") and lemma[-2] in _VOWELS
            and lemma[-3] not in _VOWELS and sum(c in _VOWELS for c in lemma) == 1):
        return lemma + "s", lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"  # ban -> banned
    return lemma + "s", lemma + "ed", lemma + "ing"


def english_forms(lemma: str, irregular: dict[str, tuple[str, str]] | None = None, noun: bool = False) -> Forms:
    """Inflected forms of an English lemma (verb, or noun when ``noun``), each with its voice.

    >>> f = english_forms("accuse")
    >>> f["accused"], f["accuses"], f["accusing"]
    ('past', 'active', 'active')
    >>> english_forms("meet", {"meet": ("met", "met")})["met"]
    'past'
    >>> english_forms("sanction", noun=True)["sanctions"]
    'noun'
    """
    if noun:
        plural = _en_suffix(lemma)[0] if not lemma.endswith("y") or lemma[-2] in _VOWELS else lemma[:-1] + "ies"
        return {lemma: "noun", plural: "noun"}
    third, past, ing = _en_suffix(lemma)
    forms: Forms = {lemma: "active", third: "active", ing: "active"}
    if irregular and lemma in irregular:
        p, pp = irregular[lemma]
        forms[p] = "past"
        forms.setdefault(pp, "past")
    else:
        forms[past] = "past"  # past or participle: the engine tells passive from context ("was accused")
        if (len(lemma) >= 4 and lemma[-1] in "lprtmn" and lemma[-2] in _VOWELS and lemma[-3] not in _VOWELS):
            # stress-final verbs double: expel -> expelled, commit -> committed, patrol -> patrolled
            forms.setdefault(lemma + lemma[-1] + "ed", "past")
            forms.setdefault(lemma + lemma[-1] + "ing", "active")
    return forms


def expand_particle(word: str, morph: str, irregular: dict[str, tuple[str, str]]) -> Iterable[str]:
    """Forms a non-head word of a pattern may take ("letters" for "letter", "surat" for "surat")."""
    if morph == "en":
        return set(english_forms(word, irregular)) | set(english_forms(word, noun=True))
    return {word, word + "nya", word + "an", word + "annya", "ke" + word + "an"}

