"""Inputs that used to end in "internal error" (issue 16, item 9): each is now one line and exit 2,
or a correct result. The inputs are written here, for these tests."""

from __future__ import annotations

import os
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from geokg.errors import InputError
from geokg.extractors.ingest import read_articles
from geokg.extractors.pipeline import extract
from geokg.schema.models import Article

TEXT = ("Jakarta - Pemerintah Korea Utara mengkritik Amerika Serikat dan Korea Selatan karena latihan militer "
        "bersama yang dianggap sebagai ancaman bagi keamanan di kawasan itu")


def cli(capsys, monkeypatch, *args: object) -> tuple[int, str, str]:
    """Run ``geokg ARGS`` in this process: (exit status, stdout, stderr)."""
    from geokg.cli import main

    monkeypatch.setattr(sys, "argv", ["geokg", *map(str, args)])
    with pytest.raises(SystemExit) as exc:
        main()
    out, err = capsys.readouterr()
    return exc.value.code, out, err


def one_line(code: int, err: str, needle: str) -> None:
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1 and "internal error" not in err and "Traceback" not in err, err
    assert needle in err, err


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return p


# -- JSON the reader refuses -------------------------------------------------------------------------

DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize("name, data", [
    ("deep.json", DEEP),
    ("deep.jsonl", '{"id": "a", "text": ' + DEEP + "}\n"),
])
def test_json_nested_too_deeply_is_an_input_error(tmp_path, name, data):
    with pytest.raises(InputError, match="nested too deeply"):
        list(read_articles([str(write(tmp_path, name, data))]))


def test_json_nested_too_deeply_in_ingest_is_one_line(tmp_path, capsys, monkeypatch):
    p = write(tmp_path, "deep.json", DEEP)
    code, _, err = cli(capsys, monkeypatch, "ingest", p, "--store", tmp_path / "s.sqlite")
    one_line(code, err, "deep.json: malformed JSON: nested too deeply")


def test_integer_of_5000_digits_is_an_input_error(tmp_path):
    p = write(tmp_path, "big.jsonl", '{"id": "a", "text": "%s.", "n": %s}\n' % (TEXT, "9" * 5000))
    with pytest.raises(InputError, match=r"big\.jsonl:1: malformed JSON: a number too long"):
        list(read_articles([str(p)]))


@pytest.mark.parametrize("field", ["id", "text", "title"])
def test_lone_surrogate_escape_is_refused_with_its_line(tmp_path, field):
    rec = {"id": "a", "text": f"{TEXT}.", "title": "t"}
    rec[field] = rec[field] + "\\ud800"
    line = "{" + ", ".join(f'"{k}": "{v}"' for k, v in rec.items()) + "}\n"
    p = write(tmp_path, "s.jsonl", line)
    with pytest.raises(InputError, match=rf"s\.jsonl:1: {field}: .*"):
        list(read_articles([str(p)]))


def test_lone_surrogate_from_utf7_text_is_refused(tmp_path):
    """A decoder can make lone surrogates too (UTF-7's +2AA-): the article model refuses them."""
    p = write(tmp_path, "a.txt", TEXT.encode("ascii") + b" +2AA-.")
    with pytest.raises(InputError, match="lone surrogate"):
        list(read_articles([str(p)], encoding="utf-7"))


# -- encodings ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "punycode"])
@pytest.mark.parametrize("name", ["a.txt", "a.jsonl"])
def test_encoding_that_does_not_fit_the_bytes_is_an_input_error(tmp_path, encoding, name):
    data = f"{TEXT}." if name == "a.txt" else '{"id": "a", "text": "%s."}\n' % TEXT
    p = write(tmp_path, name, data + "\n")  # UTF-8 bytes, no byte order mark
    with pytest.raises(InputError, match="not valid"):
        list(read_articles([str(p)], encoding=encoding))


@pytest.mark.parametrize("encoding", ["hex", "base64", "rot13"])
def test_codec_that_is_not_a_text_encoding_is_refused(tmp_path, encoding):
    p = write(tmp_path, "a.jsonl", '{"id": "a", "text": "x"}\n')
    with pytest.raises(InputError, match="not a text encoding|unknown encoding"):
        list(read_articles([str(p)], encoding=encoding))


def test_encoding_error_is_one_line_on_the_command_line(tmp_path, capsys, monkeypatch):
    p = write(tmp_path, "a.jsonl", '{"id": "a", "text": "%s."}\n' % TEXT)
    code, _, err = cli(capsys, monkeypatch, "extract", "--encoding", "utf-16", p)
    one_line(code, err, "does not start with BOM")


# -- dates -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("words", ["pada tanggal \u00b2 Agustus", "pada tanggal \u2082 Agustus 2023",
                                   "pada \u00b2/8/2023", "pada tanggal \u2460 Agustus"])
def test_superscript_and_subscript_digits_are_not_read_as_days(words):
    events = extract(Article(id="t", text=f"{TEXT} {words}.", published=date(2023, 8, 16)))
    assert events and all(e.date in (None, "2023-08") for e in events)


@pytest.mark.parametrize("published", [date(9999, 12, 31), date(1, 1, 1), date(999, 12, 31), date(9000, 1, 1)])
def test_publication_date_outside_the_calendar_window_is_refused(published):
    with pytest.raises(ValidationError, match="published must be a day from 1000-01-01 to 8999-12-31"):
        Article(id="t", text="x", published=published)


@pytest.mark.parametrize("published, text, expected", [
    ("1000-01-01", f"{TEXT} bulan lalu.", "0999-12"),
    ("8999-12-31", "Jakarta - Pemerintah Korea Utara akan mengkritik Amerika Serikat besok karena latihan militer.",
     "9000-01-01"),
])
def test_relative_dates_at_the_ends_of_the_window_are_real_dates(published, text, expected):
    events = extract(Article(id="t", text=text, published=date.fromisoformat(published)))
    assert {e.date for e in events} == {expected}


@pytest.mark.parametrize("published, words", [("9999-12-31", "besok"), ("9999-12-31", "tahun depan"),
                                              ("0001-01-01", "bulan lalu")])
def test_published_at_the_ends_of_the_calendar_is_one_line(tmp_path, capsys, monkeypatch, published, words):
    p = write(tmp_path, "a.txt", f"{TEXT} {words}.")
    code, out, err = cli(capsys, monkeypatch, "extract", "--published", published, p)
    one_line(code, err, "--published must be a day from 1000-01-01 to 8999-12-31")
    assert out == ""


def test_published_in_a_jsonl_record_outside_the_window_names_the_line(tmp_path):
    p = write(tmp_path, "a.jsonl", '{"id": "a", "text": "x"}\n{"id": "b", "text": "y", "published": "9999-12-31"}\n')
    with pytest.raises(InputError, match=r"a\.jsonl:2: published: published must be a day from"):
        list(read_articles([str(p)]))


# -- files that are not files ------------------------------------------------------------------------

@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_refused_before_reading(device):
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    with pytest.raises(InputError, match="not a regular file"):
        list(read_articles([device]))


@pytest.mark.timeout(20)
def test_named_pipe_without_writer_does_not_block(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="empty file"):
        list(read_articles([str(fifo)]))


@pytest.mark.timeout(20)
def test_named_pipe_with_a_writer_is_read(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    ready = threading.Event()

    def writer() -> None:
        fd = os.open(fifo, os.O_RDWR)  # RDWR: opens without waiting for a reader, so the test cannot hang
        os.write(fd, f"{TEXT}.".encode())
        ready.set()
        time.sleep(1.0)  # the reader opens meanwhile (a pipe's data is dropped when no end is open)
        os.close(fd)     # then it reads to the end

    t = threading.Thread(target=writer)
    t.start()
    ready.wait(5)
    arts = list(read_articles([str(fifo)]))
    t.join(5)
    assert arts[0].text.startswith("Jakarta")


def test_jsonl_line_longer_than_the_record_limit_is_refused(tmp_path, monkeypatch):
    import geokg.extractors.ingest as ingest

    monkeypatch.setattr(ingest, "MAX_BYTES", 1000)  # a file with no line break would be read whole
    p = write(tmp_path, "a.jsonl", '{"id": "a", "text": "%s"}\n' % ("x" * 5000))
    with pytest.raises(InputError, match=r"a\.jsonl:1: line longer than"):
        list(read_articles([str(p)]))


def test_an_internal_error_is_one_line_too(tmp_path, capsys, monkeypatch):
    """A bug still ends in one line (exit 1), even when its message spans several (pydantic's do)."""
    import geokg.extractors.batch as batch

    def broken(*args, **kwargs):
        raise ValueError("first line\n  second line\n    third line")

    monkeypatch.setattr(batch, "extract", broken)
    p = write(tmp_path, "a.txt", f"{TEXT}.")
    code, _, err = cli(capsys, monkeypatch, "extract", p)
    assert code == 1 and err.count("\n") == 1, err
    assert err.startswith("geokg: internal error: ValueError: first line second line third line"), err
