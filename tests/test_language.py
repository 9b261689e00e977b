"""Language detection and language choice."""

import pytest

from geokg.errors import LanguageError
from geokg.extractors.language import detect_language
from geokg.extractors.pipeline import resolve_language
from tests.helpers import SHARED


def test_detects_the_sample_as_indonesian():
    text = (SHARED / "samples" / "idn_kim_putin_letters.txt").read_text(encoding="utf-8")
    assert detect_language(text) == "id"


@pytest.mark.parametrize("text,code", [
    ("Pemerintah Jepang menyatakan bahwa pihaknya akan mengirim bantuan kepada korban gempa di Turki.", "id"),
    ("The Japanese government said that it would send aid to the victims of the earthquake in Turkey.", "en"),
    ("Kementerian Luar Negeri RI mengecam serangan itu dan meminta semua pihak menahan diri.", "id"),
])
def test_detects_short_texts(text, code):
    assert detect_language(text) == code


@pytest.mark.parametrize("text", [
    "Le gouvernement français a annoncé mercredi une nouvelle série de sanctions contre la Russie.",
    "Die Bundesregierung hat am Mittwoch neue Sanktionen gegen Russland angekündigt.",
    "ok",
])
def test_unsupported_or_too_short_text_is_an_error(text):
    with pytest.raises(LanguageError):
        detect_language(text)


def test_explicit_language_wins_and_unknown_code_is_an_error():
    assert resolve_language("The president said", "id").code == "id"
    with pytest.raises(LanguageError, match="unsupported language 'fr'"):
        resolve_language("Le président a dit", "fr")
