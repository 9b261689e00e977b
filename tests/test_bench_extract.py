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
