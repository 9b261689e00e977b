"""bench/extract_throughput.py keeps running: a small run prints its figures and the time of every stage."""

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "extract_throughput.py"


def test_throughput_bench_prints_figures_and_stages():
    r = subprocess.run([sys.executable, str(BENCH), "--articles", "20"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    lines = dict(line.split(None, 1) for line in r.stdout.splitlines()[:9])
    assert lines["articles"].strip() == "20" and int(lines["events"]) > 0
    stages = {line.split()[0] for line in r.stdout.splitlines() if line.startswith("  ")}
    assert {"clean+language", "sentences", "actors", "triggers", "dates", "events", "output"} <= stages


def test_long_inputs_bench_runs_small():
    bench = BENCH.parent / "long_inputs.py"
    r = subprocess.run([sys.executable, str(bench), "--scale", "0.01"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "one sentence" in r.stdout and "periods" in r.stdout


def test_a_run_of_words_without_an_end_is_read_in_pieces_with_one_warning(tmp_path):
    # issue 16 item 10: the engine's work grows faster than a sentence; no sentence may be longer
    from geokg.extractors.text import MAX_SENTENCE_TOKENS, split_sentences

    text = "Korea Utara mengkritik Amerika Serikat dan Rusia mengecam Jepang , " * 100
    pieces = split_sentences(text)
    assert len(pieces) > 1 and all(len(p.tokens) <= MAX_SENTENCE_TOKENS and p.cut for p in pieces)
    assert all(text[p.start:p.end] == p.text for p in pieces)   # offsets into the text hold
    f = tmp_path / "run.txt"
    f.write_text(text, encoding="utf-8")
    geokg = Path(sys.executable).parent / "geokg"
    r = subprocess.run([str(geokg), "extract", str(f), "--published", "2023-08-16", "--lang", "id", "--format",
                        "jsonl"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stdout.count("\n") > 10
    assert [line for line in r.stderr.splitlines() if "pieces" in line] == [
        f"geokg: warning: {f}: a run of words with no sentence end was read in {len(pieces)} pieces of at most "
        f"{MAX_SENTENCE_TOKENS} words"]
