"""Extraction cost per KB of pathological inputs against a normal article (issue 16, item 10).

Any input must cost close to linear time: a run of words with no full stop is cut into pieces of
at most ``geokg.extractors.text.MAX_SENTENCE_TOKENS`` tokens, so that one long "sentence" does not
cost quadratically. Prints CPU seconds per KB and each input's ratio to the normal article's.

    .venv/bin/python bench/long_inputs.py            # the issue's sizes: 100 KB and 1 MB
    .venv/bin/python bench/long_inputs.py --scale 0.05   # small, for a quick check
"""

from __future__ import annotations

import argparse
import time
from datetime import date
from pathlib import Path

from geokg.extractors.pipeline import extract
from geokg.schema.models import Article

EVAL = Path(__file__).resolve().parents[1] / "tests" / "data" / "eval"
# Our own words, as a scraper might glue them: actors and triggers with no full stop.
RUN = "Korea Utara mengkritik Amerika Serikat dan Rusia mengecam Jepang serta China menuduh Australia , "
SENTENCE = "Korea Utara mengkritik Amerika Serikat pada hari Senin. "


def cost(text: str, lang: str = "id") -> tuple[float, int]:
    """CPU seconds to extract *text* (one article) and the events found."""
    art = Article(id="bench", text=text, published=date(2023, 8, 16))
    t0 = time.process_time()
    events = extract(art, lang)
    return time.process_time() - t0, len(events)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0, help="multiply the input sizes (1 = 100 KB and 1 MB)")
    args = ap.parse_args()
    kb = 1024
    normal = [p.read_text(encoding="utf-8") for p in sorted(EVAL.glob("id_*.txt"))]
    cost(normal[0])  # load the language data outside the timing
    secs = sum(cost(text)[0] for text in normal)
    size = sum(len(text.encode("utf-8")) for text in normal) / kb
    base = 1000 * secs / size
    print(f"{'input':<28} {'KB':>7} {'CPU s':>8} {'ms/KB':>7} {'x normal':>8} {'events':>7}")
    print(f"{'normal articles (own set)':<28} {size:7.0f} {secs:8.2f} {base:7.2f} {1.0:8.1f} {'':>7}")
    inputs = {
        "one sentence, 100 KB": "Jakarta - " + RUN * int(100 * kb * args.scale / len(RUN)) + ".",
        "a sentence repeated, 1 MB": SENTENCE * int(1024 * kb * args.scale / len(SENTENCE)),
        "periods, 1 MB": ". " * int(512 * kb * args.scale),
    }
    for name, text in inputs.items():
        size = len(text.encode("utf-8")) / kb
        secs, n = cost(text)
        per_kb = 1000 * secs / size
        print(f"{name:<28} {size:7.0f} {secs:8.2f} {per_kb:7.2f} {per_kb / base:8.1f} {n:7d}")


if __name__ == "__main__":
    main()
