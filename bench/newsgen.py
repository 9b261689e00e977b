"""Deterministic synthetic news articles in English and Indonesian, for the scale tests and bench.

Every sentence is made here from templates over actors, verbs and date phrases (written for this
file, not taken from any corpus), so that any number of varied articles can be produced with a
fixed seed. Publication dates spread over 2022-2024, so that a dataset of them has many monthly
partitions. :func:`write_jsonl` writes them as the JSONL articles ``geokg extract`` reads.

>>> arts = list(articles(4, seed=1))
>>> [a["lang"] for a in arts], arts[0] == list(articles(1, seed=1))[0]
(['en', 'id', 'en', 'id'], True)
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

__all__ = ["articles", "write_jsonl"]

_ACTORS = {
    "en": ["Russia", "North Korea", "the United States", "China", "Japan", "Indonesia", "NATO", "Iran",
           "Israel", "Ukraine", "South Korea", "the European Union", "Turkey", "India", "Pakistan", "Vietnam",
           "the Philippines", "Australia", "Germany", "France"],
    "id": ["Rusia", "Korea Utara", "Amerika Serikat", "China", "Jepang", "Indonesia", "NATO", "Iran",
           "Israel", "Ukraina", "Korea Selatan", "Uni Eropa", "Turki", "India", "Pakistan", "Vietnam",
           "Filipina", "Australia", "Jerman", "Prancis"],
}

# "{s}" and "{t}" are the two sides; each verb makes one sentence with a date phrase "{d}".
_VERBS = {
    "en": ["{s} criticised {t} {d} over its new policy.", "{s} accused {t} {d} of violating the agreement.",
           "{s} condemned {t} {d} after the incident at the border.", "Officials of {s} met {t} {d} in Geneva.",
           "{s} signed a trade agreement with {t} {d}.", "{s} threatened {t} {d} with new measures.",
           "{s} imposed sanctions on {t} {d}.", "{s} praised {t} {d} for its help.",
           "{s} urged {t} {d} to return to talks.", "{s} denied {d} that it had attacked {t}."],
    "id": ["{s} mengkritik {t} {d} terkait kebijakan barunya.", "{s} menuduh {t} {d} melanggar perjanjian.",
           "{s} mengecam {t} {d} setelah insiden di perbatasan.", "Pejabat {s} bertemu dengan {t} {d} di Jenewa.",
           "{s} menandatangani perjanjian dagang dengan {t} {d}.", "{s} mengancam {t} {d} dengan langkah baru.",
           "{s} menjatuhkan sanksi terhadap {t} {d}.", "{s} memuji {t} {d} atas bantuannya.",
           "{s} mendesak {t} {d} untuk kembali berunding.", "{s} membantah {d} telah menyerang {t}."],
}
_DAYS = {"en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
         "id": ["Senin", "Selasa", "Rabu", "Kamis", "Jumat"]}
_MONTHS = {"en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December"],
           "id": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
                  "Oktober", "November", "Desember"]}
_FILLER = {
    "en": ["The statement came amid rising tension in the region.", "Analysts expect further talks later this year.",
           "Markets in the region reacted calmly to the news.", "The ministry did not give further details."],
    "id": ["Pernyataan itu muncul di tengah ketegangan di kawasan.", "Para analis memperkirakan pembicaraan lanjutan tahun ini.",
           "Pasar di kawasan menanggapi kabar itu dengan tenang.", "Kementerian tidak memberikan rincian lebih lanjut."],
}


def _date_phrase(rng: random.Random, lang: str, published: date) -> str:
    kind = rng.random()
    if kind < 0.4:
        return ("on " if lang == "en" else "pada hari ") + rng.choice(_DAYS[lang])
    if kind < 0.8:
        d = published - timedelta(days=rng.randint(0, 20))
        month = _MONTHS[lang][d.month - 1]
        return f"on {d.day} {month} {d.year}" if lang == "en" else f"pada {d.day} {month} {d.year}"
    return ""   # no date of its own: takes the story's, or none


def articles(n: int, seed: int = 0, start: date = date(2022, 1, 1), days: int = 1095) -> Iterator[dict]:
    """*n* article records ``{id, url, title, text, published, lang}``, languages alternating.

    >>> a = next(articles(1))
    >>> sorted(a), a["id"]
    (['id', 'lang', 'published', 'text', 'title', 'url'], 'gen-0-000000')
    """
    rng = random.Random(seed)
    # Recent sentences with a date of their own: other articles report the same happening again
    # (as news does: a store then merges them into one event with several mentions).
    recent: dict[str, list[str]] = {"en": [], "id": []}
    for i in range(n):
        lang = "en" if i % 2 == 0 else "id"
        published = start + timedelta(days=rng.randrange(days))
        actors = _ACTORS[lang]
        sentences = []
        for _ in range(rng.randint(3, 6)):
            if recent[lang] and rng.random() < 0.2:
                sentences.append(rng.choice(recent[lang]))
                continue
            s, t = rng.sample(actors, 2)
            when = _date_phrase(rng, lang, published)
            text = " ".join(rng.choice(_VERBS[lang]).format(s=s, t=t, d=when).split())  # (no date: two spaces)
            sentences.append(text)
            if when[-4:].isdigit():
                recent[lang] = (recent[lang] + [text])[-50:]
            if rng.random() < 0.4:
                sentences.append(rng.choice(_FILLER[lang]))
        first = sentences[0]
        sentences[0] = first[0].upper() + first[1:]
        title = sentences[0].rstrip(".")[:80]
        yield {"id": f"gen-{seed}-{i:06d}", "url": f"https://news.example.org/{lang}/{seed}/{i}",
               "title": title, "text": f"{title}\n\n" + " ".join(sentences), "published": published.isoformat(),
               "lang": lang}


def write_jsonl(path: str | Path, n: int, seed: int = 0, first: int = 0) -> Path:
    """Write *n* articles (skipping the first *first* of the seed's stream) as JSONL; ``.gz`` compresses.

    >>> import tempfile, os
    >>> p = write_jsonl(os.path.join(tempfile.mkdtemp(), "a.jsonl.gz"), 3)
    >>> len(gzip.open(p, "rt").read().splitlines())
    3
    """
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as fh:
        for i, rec in enumerate(articles(first + n, seed)):
            if i >= first:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path
