"""The dependency parsers (geokg.extractors.syntax) on sentences written for these tests.

Each case asserts only the roles the event logic will read (who acts, on whom, through which
preposition) and that the shipped models get reliably; what they get wrong is listed in
training/syntax/README.md, not asserted here.
"""

from __future__ import annotations

import pytest

from geokg.errors import DataFileError, LanguageError
from geokg.extractors import syntax
from geokg.extractors.syntax import Dep, parse, parse_many
from geokg.extractors.text import tokenize


def roles(sentence: str, lang: str) -> dict[str, tuple[str, str | None]]:
    """word -> (relation, head word) for a sentence cut by geokg's own tokenizer."""
    words = [t.text for t in tokenize(sentence)]
    deps = parse(words, lang)
    return {w: (d.rel, words[d.head] if d.head >= 0 else None) for w, d in zip(words, deps)}


# --- English -------------------------------------------------------------------------------


def test_en_active_subject_and_object():
    r = roles("Japan summoned China's ambassador on Monday.", "en")
    assert r["Japan"] == ("nsubj", "summoned")
    assert r["ambassador"] == ("obj", "summoned")
    assert r["summoned"] == ("root", None)


def test_en_passive_with_agent():
    r = roles("The envoy was expelled by Russia.", "en")
    assert r["envoy"] == ("nsubj:pass", "expelled")
    assert r["Russia"] == ("obl:agent", "expelled")
    assert r["by"] == ("case", "Russia")


def test_en_oblique_against_and_to():
    r = roles("Brazil protested against the new sanctions.", "en")
    assert r["Brazil"] == ("nsubj", "protested")
    assert r["sanctions"] == ("obl", "protested")
    assert r["against"] == ("case", "sanctions")
    r = roles("Germany sent military aid to Ukraine.", "en")
    assert r["to"] == ("case", "Ukraine")
    # The model hangs "to Ukraine" on the object (nmod of aid), not the verb (obl): the event logic
    # must look for a recipient under the object too.
    assert r["Ukraine"] in (("obl", "sent"), ("nmod", "aid"))


def test_en_relative_clause():
    r = roles("India condemned the group that claimed the attack.", "en")
    assert r["group"] == ("obj", "condemned")
    assert r["claimed"] == ("acl:relcl", "group")
    assert r["attack"] == ("obj", "claimed")


def test_en_coordinated_verbs():
    r = roles("Egypt hosted the talks and urged a ceasefire.", "en")
    assert r["Egypt"] == ("nsubj", "hosted")
    assert r["urged"] == ("conj", "hosted")
    assert r["ceasefire"] == ("obj", "urged")


def test_en_dotted_initialism_is_one_word():
    # geokg cuts "U.S." into U . S .; the parser reads it whole and hands the pieces back.
    r = roles("Russia expelled two U.S. diplomats.", "en")
    assert r["diplomats"] == ("obj", "expelled")
    words = [t.text for t in tokenize("The U.S. imposed sanctions on Iran.")]
    deps = parse(words, "en")
    assert (deps[1].rel, words[deps[1].head]) == ("nsubj", "imposed")
    assert [(d.head, d.rel) for d in deps[2:5]] == [(1, "punct"), (1, "goeswith"), (1, "punct")]
    assert words[deps[6].head] in ("imposed", "sanctions")  # Iran's phrase: verb or noun, as UD allows


# --- Indonesian ----------------------------------------------------------------------------


def test_id_active_subject_and_object():
    r = roles("Jepang memanggil duta besar China pada Senin.", "id")
    assert r["Jepang"] == ("nsubj", "memanggil")
    assert r["duta"] == ("obj", "memanggil")


def test_id_passive_with_agent():
    r = roles("Duta besar itu diusir oleh Rusia.", "id")
    # The Indonesian model often labels a di- verb's subject plain nsubj: the event logic should
    # tell the voice from the verb's di- prefix, not from the :pass subtype.
    assert r["Duta"] in (("nsubj:pass", "diusir"), ("nsubj", "diusir"))
    assert r["Rusia"] == ("obl:agent", "diusir")
    assert r["oleh"] == ("case", "Rusia")
    r = roles("Serangan itu dikecam oleh Indonesia.", "id")
    assert r["Serangan"][1] == "dikecam" and r["Serangan"][0].startswith("nsubj")
    assert r["Indonesia"] == ("obl:agent", "dikecam")


def test_id_obliques_terhadap_kepada_dari():
    r = roles("Amerika Serikat menjatuhkan sanksi terhadap Rusia.", "id")
    assert r["Amerika"] == ("nsubj", "menjatuhkan")
    assert r["terhadap"] == ("case", "Rusia")
    # UD lets the phrase hang from the noun (sanksi) or the verb: the event logic takes either.
    assert r["Rusia"][1] in ("sanksi", "menjatuhkan")
    r = roles("Presiden mengirim surat kepada Perdana Menteri Malaysia.", "id")
    assert r["kepada"] == ("case", "Perdana")
    assert r["Perdana"][1] in ("surat", "mengirim")
    r = roles("Tentara Israel menarik pasukannya dari Gaza.", "id")
    assert r["dari"] == ("case", "Gaza")
    assert r["Gaza"][1] in ("pasukannya", "menarik")


def test_id_relative_clause():
    r = roles("Pemerintah mengutuk kelompok yang menyerang kedutaan itu.", "id")
    assert r["kelompok"] == ("obj", "mengutuk")
    assert r["menyerang"] == ("acl:relcl", "kelompok")
    assert r["kedutaan"] == ("obj", "menyerang")


def test_id_coordinated_verbs():
    r = roles("Mesir menjadi tuan rumah perundingan dan menyerukan gencatan senjata.", "id")
    assert r["Mesir"] == ("nsubj", "menjadi")
    assert r["menyerukan"] == ("conj", "menjadi")
    assert r["gencatan"] == ("obj", "menyerukan")


# --- the interface -------------------------------------------------------------------------


@pytest.mark.parametrize("lang,sentence", [
    ("en", "Officials in Seoul said the U.S.-led drills, which began on 14 August, would end soon."),
    ("id", "Menurut juru bicara Kemlu, negara-negara ASEAN menolak usulan itu (Senin, 15/8)."),
])
def test_one_tree_over_exactly_the_words_given(lang, sentence):
    words = [t.text for t in tokenize(sentence)]
    deps = parse(words, lang)
    assert len(deps) == len(words)
    assert all(isinstance(d, Dep) and -1 <= d.head < len(words) and d.head != i for i, d in enumerate(deps))
    assert sum(d.head == -1 for d in deps) == 1
    assert [d.rel for d in deps].count("root") == 1
    for i in range(len(deps)):  # every word reaches the root: no cycles
        seen = 0
        while deps[i].head != -1:
            i = deps[i].head
            seen += 1
            assert seen <= len(deps)


def test_parse_many_is_parse_of_each():
    sents = [["Russia", "protested", "."], [], ["Indonesia", "condemned", "the", "strike", "."]]
    many = parse_many(sents, "en")
    assert many[1] == []
    assert many[0] == parse(sents[0], "en") and many[2] == parse(sents[2], "en")
    assert parse([], "id") == []


def test_odd_words_keep_their_count():
    words = ["Japan", "", "  ", "new york", "protested", "."]
    assert len(parse(words, "en")) == len(words)


def test_unknown_language():
    with pytest.raises(LanguageError):
        parse(["Bonjour"], "fr")


def test_missing_or_broken_model(tmp_path, monkeypatch):
    monkeypatch.setattr(syntax, "_models", {})
    monkeypatch.setattr(syntax, "model_path", lambda lang: tmp_path / lang)
    with pytest.raises(DataFileError, match="missing"):
        parse(["Japan"], "en")
    (tmp_path / "id").mkdir()
    (tmp_path / "id" / "config.cfg").write_text("[nlp]\nlang = \n[[broken", encoding="utf-8")
    with pytest.raises(DataFileError, match="cannot be loaded"):
        parse(["Jepang"], "id")


def test_model_loaded_once():
    assert syntax.load_model("en") is syntax.load_model("en")
