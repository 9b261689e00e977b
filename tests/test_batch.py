"""Batches of real-world folders: bad files are skipped and reported, not fatal; a failed ingest leaves
no store; a forced language is checked; publication dates are found in the articles themselves.

The articles here are written for these tests (short, plain sentences about made-up occasions).
"""

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from geokg.errors import InputError
from geokg.extractors.ingest import read_articles
from geokg.extractors.report import BatchReport
from geokg.loading import load_paths

GEOKG = Path(sys.executable).parent / "geokg"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

# (English name, Indonesian name) of states the gazetteer knows.
STATES = [("Japan", "Jepang"), ("China", "China"), ("Russia", "Rusia"), ("India", "India"),
          ("Australia", "Australia"), ("France", "Prancis"), ("Germany", "Jerman"), ("Brazil", "Brasil"),
          ("Egypt", "Mesir"), ("Turkey", "Turki"), ("Vietnam", "Vietnam")]
EN = ["{a} condemned {b} on Tuesday over the clash at their shared border.",
      "{a} accused {b} of spying on its navy, the foreign ministry said on Monday.",
      "{a} and {b} signed a trade agreement in the capital on Wednesday.",
      "{a} criticised {b} on Thursday for detaining two of its fishermen.",
      "The leader of {a} met the leader of {b} for talks on energy on Friday."]
ID = ["{a} mengecam {b} pada hari Selasa terkait bentrokan di perbatasan kedua negara.",
      "{a} menuduh {b} memata-matai angkatan lautnya, kata juru bicara kementerian pada hari Senin.",
      "{a} dan {b} menandatangani perjanjian perdagangan di ibu kota pada hari Rabu.",
      "{a} mengkritik {b} pada hari Kamis karena menahan dua nelayannya.",
      "Menteri luar negeri {a} bertemu menteri luar negeri {b} pada hari Jumat."]
FRENCH = ("Le gouvernement français a annoncé mercredi de nouvelles sanctions contre les entreprises qui "
          "contournent les règles, et le ministre a dit que la France ne cédera pas.")


def good_articles(folder: Path, n: int = 20) -> list[Path]:
    """*n* short articles, half English and half Indonesian, each with at least one event."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        a, b = STATES[i % len(STATES)], STATES[(i * 3 + 1) % len(STATES)]
        if a == b:
            b = STATES[(i + 5) % len(STATES)]
        english = i % 2 == 0
        body = (EN if english else ID)[i % 5].format(a=a[0 if english else 1], b=b[0 if english else 1])
        title = "World news" if english else "Berita dunia"
        p = folder / f"{'en' if english else 'id'}_{i:02d}.txt"
        p.write_text(f"{title} {i}\n\nJAKARTA - {body}\n", encoding="utf-8")
        paths.append(p)
    return paths


def bad_files(folder: Path) -> dict[str, str]:
    """An empty file, a binary file, a French article and a malformed JSONL: file name -> summary kind."""
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "french.txt").write_text(f"Sanctions\n\nPARIS - {FRENCH}\n", encoding="utf-8")
    (folder / "feed.jsonl").write_text('{"id": "broken", "text": "Japan condemned\n', encoding="utf-8")
    return {"empty.txt": "empty", "photo.txt": "binary", "french.txt": "unsupported language",
            "feed.jsonl": "malformed JSONL"}


def geokg(*args, **kw):
    return subprocess.run([str(GEOKG), *map(str, args)], capture_output=True, text=True, timeout=300, **kw)


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """The same 20 good articles alone ("clean") and with four bad files among them ("mixed")."""
    root = tmp_path_factory.mktemp("batch")
    good_articles(root / "clean")
    good_articles(root / "mixed")
    kinds = bad_files(root / "mixed")
    return root / "clean", root / "mixed", kinds


def test_every_good_article_is_extracted_and_every_bad_file_named(folders):
    clean, mixed, kinds = folders
    want = geokg("extract", clean, "--published", "2023-08-16", "--format", "jsonl")
    assert want.returncode == 0 and want.stderr == "", want.stderr
    assert len({json.loads(x)["article_id"] for x in want.stdout.splitlines()}) == 20
    got = geokg("extract", mixed, "--published", "2023-08-16", "--format", "jsonl")
    assert got.returncode == 2
    assert got.stdout == want.stdout   # only the events, the same as without the bad files
    lines = got.stderr.splitlines()
    assert len(lines) == 5, got.stderr
    for name in kinds:
        assert sum(line.startswith(f"geokg: skipped {mixed / name}") for line in lines) == 1, (name, got.stderr)
    summary = lines[-1]
    assert summary.startswith("geokg: read 20 articles, skipped 4: "), summary
    assert sorted(summary.split(": ", 2)[2].split(", ")) == sorted(f"1 {k}" for k in kinds.values())


def test_ingest_loads_the_good_articles_and_then_exits_2(folders, tmp_path):
    clean, mixed, kinds = folders
    a = geokg("ingest", clean, "--published", "2023-08-16", "--store", tmp_path / "clean.sqlite")
    b = geokg("ingest", mixed, "--published", "2023-08-16", "--store", tmp_path / "mixed.sqlite")
    assert a.returncode == 0 and b.returncode == 2, b.stderr
    assert json.loads(a.stdout)["events"] > 20
    stats = [geokg("stats", "--store", tmp_path / f"{n}.sqlite", "--format", "json").stdout for n in ("clean", "mixed")]
    assert json.loads(stats[0]) == json.loads(stats[1])
    assert b.stderr.splitlines()[-1].startswith("geokg: read 20 articles, skipped 4: "), b.stderr
    assert sum(line.startswith("geokg: skipped ") for line in b.stderr.splitlines()) == 4


def test_strict_stops_at_the_first_bad_file(folders, tmp_path):
    _, mixed, _ = folders
    r = geokg("extract", mixed, "--published", "2023-08-16", "--strict")
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and r.stderr.startswith(f"geokg: error: {mixed / 'empty.txt'}: empty file"), \
        r.stderr
    store = tmp_path / "s.sqlite"
    r = geokg("ingest", mixed, "--published", "2023-08-16", "--strict", "--store", store)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "empty file" in r.stderr, r.stderr
    # the good articles read before it were in the batch that was not committed: no store is left
    assert not store.exists()


def test_read_articles_skips_into_a_report_and_raises_without_one(folders):
    _, mixed, kinds = folders
    seen = []
    report = BatchReport(on_skip=seen.append)
    arts = list(read_articles([str(mixed)], report=report))
    assert len(arts) == 21   # the French article is only refused at extraction
    assert sorted(s.kind for s in seen) == sorted(k for k in kinds.values() if k != "unsupported language")
    assert all(s.message.startswith(str(mixed)) for s in seen)
    with pytest.raises(InputError, match="empty file"):
        list(read_articles([str(mixed)]))


def test_a_jsonl_file_loses_only_its_bad_records(tmp_path):
    lines = [json.dumps({"id": "a", "text": "Japan condemned North Korea on Tuesday.", "published": "2023-08-16"}),
             '{"id": "b", "text": ', json.dumps(["not", "an", "object"]),
             json.dumps({"id": "c", "text": "Jepang mengecam Korea Utara pada hari Selasa.", "published": "2023-08-16"})]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = geokg("extract", tmp_path / "feed.jsonl", "--format", "jsonl")
    assert r.returncode == 2
    assert [json.loads(x)["article_id"] for x in r.stdout.splitlines()] == ["a", "c"]
    assert {json.loads(x)["published_source"] for x in r.stdout.splitlines()} == {"record"}
    assert r.stderr.splitlines() == [
        f"geokg: skipped {tmp_path / 'feed.jsonl'}:2: malformed JSON: Expecting value (line 1 column 21)",
        f"geokg: skipped {tmp_path / 'feed.jsonl'}:3: expected a JSON object per line",
        "geokg: read 2 articles, skipped 2: 2 malformed JSONL"]


# -- item 2: no store is left by an ingest that committed nothing --------------------------------------

def test_a_failed_ingest_leaves_no_store(tmp_path):
    (tmp_path / "french.txt").write_text(FRENCH, encoding="utf-8")
    store = tmp_path / "new" / "folder" / "s.sqlite"
    r = geokg("ingest", tmp_path / "french.txt", "--store", store)
    assert r.returncode == 2 and "looks French" in r.stderr and r.stdout == "", r.stderr
    assert not (tmp_path / "new").exists()
    r = geokg("stats", "--store", store)
    assert r.returncode == 2 and "no store at" in r.stderr
    # a store that existed before is never removed, even when this run adds nothing to it
    existing = tmp_path / "old.sqlite"
    good_articles(tmp_path / "one", n=1)
    assert geokg("ingest", tmp_path / "one", "--store", existing, "--published", "2023-08-16").returncode == 0
    before = geokg("stats", "--store", existing, "--format", "json").stdout
    assert geokg("ingest", tmp_path / "french.txt", "--store", existing).returncode == 2
    assert geokg("stats", "--store", existing, "--format", "json").stdout == before


def test_load_paths_removes_a_store_it_made_when_the_first_batch_fails(tmp_path):
    good_articles(tmp_path / "in", n=2)
    (tmp_path / "in" / "zz_empty.txt").write_text("", encoding="utf-8")
    store = tmp_path / "s.sqlite"
    with pytest.raises(InputError, match="empty file"):
        load_paths([str(tmp_path / "in")], store, report=BatchReport(strict=True), published=date(2023, 8, 16))
    assert not store.exists() and list(tmp_path.iterdir()) == [tmp_path / "in"]
    done = load_paths([str(tmp_path / "in")], store, report=BatchReport(), published=date(2023, 8, 16))
    assert done.stats["articles"] == 2 and store.exists()


# -- item 3: a forced language is checked -------------------------------------------------------------

def test_a_forced_language_that_does_not_fit_is_named(tmp_path):
    fr = tmp_path / "french.txt"
    fr.write_text(FRENCH, encoding="utf-8")
    r = geokg("extract", fr, "--lang", "en", "--published", "2023-08-16", "--format", "jsonl")
    assert r.returncode == 0 and r.stdout == ""
    assert r.stderr.splitlines() == [f"geokg: warning: {fr}: the text does not look English (en): it looks French "
                                     "(fr); read as en as --lang says"], r.stderr
    en = tmp_path / "english.txt"
    en.write_text("Japan condemned North Korea on Tuesday after the launch of a missile into the sea.",
                  encoding="utf-8")
    r = geokg("extract", en, "--lang", "id", "--published", "2023-08-16", "--format", "jsonl")
    assert r.returncode == 0 and r.stderr.count("\n") == 1 and f"{en}: the text does not look Indonesian (id): it " \
        "looks English (en)" in r.stderr, r.stderr
    r = geokg("extract", en, "--lang", "en", "--published", "2023-08-16", "--format", "jsonl")
    assert r.returncode == 0 and r.stderr == "" and r.stdout


# -- item 4: publication dates from the article --------------------------------------------------------

EN_HTML = """<!DOCTYPE html><html><head><title>Japan condemns launch</title>
<meta property="article:published_time" content="2025-04-17T09:30:00+09:00">
</head><body><nav>Home | World | Asia</nav><article><h1>Japan condemns launch</h1>
<p>TOKYO - Japan condemned North Korea on Tuesday after the launch of a ballistic missile into the sea.</p>
<p>The government said the launch threatened the peace and security of the region.</p>
</article><footer>Copyright 2025 Example News</footer></body></html>"""
ID_HTML = """<!DOCTYPE html><html><head><title>Jepang kecam peluncuran rudal</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Jepang kecam peluncuran rudal", "datePublished": "2023-08-17T08:00:00+07:00"}</script>
</head><body><article><h1>Jepang kecam peluncuran rudal</h1>
<p>TOKYO - Pemerintah Jepang mengecam Korea Utara pada hari Selasa setelah peluncuran rudal balistik ke laut.</p>
<p>Pemerintah menyebut peluncuran itu mengancam perdamaian dan keamanan kawasan.</p>
</article></body></html>"""
TEXTS = {
    # a byline under the headline (English), a dateline (Indonesian), a weekday and date in the lead
    "en_byline.txt": "US criticises China\n\nBy Jane Doe | April 17, 2025\n\n"
                     "WASHINGTON - The United States criticised China on Tuesday over its military drills.\n",
    "id_dateline.txt": "Indonesia Kecam Israel\n\nJakarta, 17 Agustus 2023 - Pemerintah Indonesia mengecam Israel "
                       "pada hari Selasa atas serangan ke sebuah rumah sakit.\n",
    "id_lead.txt": "Jepang Kecam Korut\n\nTOKYO - Pemerintah Jepang mengecam Korea Utara, Kamis (17/8/2023), "
                   "setelah peluncuran rudal.\n\nKorea Selatan juga mengkritik Korea Utara pada hari Selasa.\n",
}


def _by_article(stdout: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for line in stdout.splitlines():
        e = json.loads(line)
        out.setdefault(e["article_id"], []).append(e)
    return out


def test_publication_dates_found_in_html_and_text_date_relative_days(tmp_path):
    (tmp_path / "en_meta.html").write_text(EN_HTML, encoding="utf-8")
    (tmp_path / "id_jsonld.html").write_text(ID_HTML, encoding="utf-8")
    for name, text in TEXTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    r = geokg("extract", tmp_path, "--format", "jsonl")
    assert r.returncode == 0 and r.stderr == "", r.stderr
    got = _by_article(r.stdout)

    def first(aid: str, cameo: str) -> tuple:
        e = next(e for e in got[aid] if e["cameo"] == cameo)
        return e["date"], e["published"], e["published_source"]

    # "on Tuesday" / "pada hari Selasa": the Tuesday on or before publication (a Thursday each time)
    assert first("en_meta", "111") == ("2025-04-15", "2025-04-17", "html-meta")
    assert first("id_jsonld", "111") == ("2023-08-15", "2023-08-17", "json-ld")
    assert first("en_byline", "111") == ("2025-04-15", "2025-04-17", "byline")
    assert first("id_dateline", "111") == ("2023-08-15", "2023-08-17", "dateline")
    lead = {(e["date"], e["published_source"]) for e in got["id_lead"]}
    assert ("2023-08-17", "lead") in lead and ("2023-08-15", "lead") in lead, lead


def test_published_option_and_table_come_first_and_undated_articles_are_counted(tmp_path):
    for name, text in TEXTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "undated.txt").write_text("Japan condemned North Korea on Tuesday.\n", encoding="utf-8")
    table = tmp_path / "dates.tsv"
    table.write_text("file\tpublished\nen_byline.txt\t2025-04-24\n", encoding="utf-8")
    r = geokg("extract", tmp_path, "--published-from", table, "--format", "jsonl")
    assert r.returncode == 0
    got = _by_article(r.stdout)
    assert {(e["date"], e["published_source"]) for e in got["en_byline"]} == {("2025-04-22", "mapping")}
    assert {(e["date"], e["published_source"]) for e in got["id_dateline"]} == {("2023-08-15", "dateline")}
    assert {e["date"] for e in got["undated"]} == {None}
    assert r.stderr.splitlines() == ["geokg: 1 of 4 articles had no publication date: relative dates in it "
                                     "(\"on Tuesday\", \"kemarin\") are left undated; give --published or "
                                     "--published-from"], r.stderr
    r = geokg("extract", tmp_path, "--published-from", table, "--published", "2023-08-23", "--format", "jsonl")
    assert {(e["date"], e["published_source"]) for e in _by_article(r.stdout)["en_byline"]} == \
        {("2023-08-22", "option")}
    table.write_text("file\tdate\nen_byline.txt\t2025-04-24\n", encoding="utf-8")
    r = geokg("extract", tmp_path, "--published-from", table)
    assert r.returncode == 2 and r.stderr.startswith(f"geokg: error: {table}:1: a table of publication dates needs")


def test_ingest_of_the_examples_folder_makes_the_demo_store(tmp_path):
    demo = geokg("demo", EXAMPLES, "--out", tmp_path / "demo")
    assert demo.returncode == 0, demo.stderr
    extracted = len((tmp_path / "demo" / "events.jsonl").read_text(encoding="utf-8").splitlines())
    r = geokg("ingest", EXAMPLES, "--store", tmp_path / "s.sqlite")
    assert r.returncode == 0 and "no publication date" not in r.stderr, r.stderr
    stats = [json.loads(geokg("stats", "--store", p, "--format", "json").stdout)
             for p in (tmp_path / "demo" / "geokg.sqlite", tmp_path / "s.sqlite")]
    assert stats[0] == stats[1] and 0 < stats[0]["events"] < extracted
    # make demo says why the store holds fewer events than were extracted (66 and 61 when written)
    assert f"the {extracted} extracted events merge into {stats[0]['events']}: an event reported again" \
        in demo.stdout, demo.stdout
    # and the README's Python lines date what the demo dates (54 of 66 events were undated before)
    events = [e for a in read_articles([str(EXAMPLES)]) for e in __import__("geokg").extract(a)]
    assert len(events) == extracted and sum(e.date is None for e in events) < extracted // 5


def test_readme_says_what_make_test_installs():
    """`make test` installs Chromium with apt-get (sudo when not root): the README says so."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    part = readme[readme.index("make test"):readme.index("## What `make demo` does")]
    assert "Chromium" in part and "apt-get" in part and "sudo" in part


def test_event_records_load_past_a_bad_record_and_a_missing_path(tmp_path):
    good_articles(tmp_path / "in", n=2)
    events = geokg("extract", tmp_path / "in", "--published", "2023-08-16", "--format", "jsonl").stdout.splitlines()
    assert len(events) >= 2
    feed = tmp_path / "events.jsonl"
    feed.write_text("\n".join([events[0], '{"cameo": "111", "article_id": "x"}', *events[1:]]) + "\n", encoding="utf-8")
    r = geokg("ingest", feed, tmp_path / "missing.txt", "--store", tmp_path / "s.sqlite")
    assert r.returncode == 2 and json.loads(r.stdout)["mentions"] == len(events), r.stderr
    assert f"geokg: skipped {feed}:2: not an event record" in r.stderr
    assert f"geokg: skipped {tmp_path / 'missing.txt'}: no such file" in r.stderr
    assert r.stderr.splitlines()[-1] == (f"geokg: read 0 articles and {len(events)} event records, skipped 2: "
                                         "1 bad event record, 1 not found"), r.stderr


def test_jobs_are_bounded_by_the_cores_and_the_work(tmp_path):
    # issue 16 item 11: a huge --jobs kept spawning processes; one small file needs no pool at all
    import time

    f = tmp_path / "one.txt"
    f.write_text("Jakarta - Korea Utara mengkritik Amerika Serikat pada hari Senin.", encoding="utf-8")
    t0 = time.monotonic()
    r = subprocess.run([str(GEOKG), "extract", str(f), "--published", "2023-08-16", "--format", "jsonl",
                        "--jobs", "99999999999999999999"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert [json.loads(line)["cameo"] for line in r.stdout.splitlines()] == ["111"]
    assert time.monotonic() - t0 < 60


def test_extract_many_runs_in_process_for_one_article():
    from geokg.extractors import batch
    from geokg.schema.models import Article

    arts = [Article(id="a", text="Jakarta - Korea Utara mengkritik Amerika Serikat.")]
    assert [len(evs) for _, evs in batch.extract_many(arts, "id", 10**20)] == [1]
