"""Precision, recall and F1 of extraction against gold events, scored exactly as the reference scorer
(shared/eval/score_events.py) scores them: actor alternatives, accepted roots, date prefixes,
symmetric and optional gold entries, and predicted events deduplicated by (source, target, root, date).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from geokg.errors import InputError


def _actor_ok(alts: list[str], a: dict | None) -> bool:
    for alt in alts:
        if alt == "*":
            return True
        if not a:
            continue
        if alt in ((a.get("country") or ""), (a.get("wikidata") or ""), (a.get("id") or "")):
            return True
        names = " ".join(str(x) for x in [a.get("name")] + list(a.get("aliases") or []) if x)
        if len(alt) > 3 and alt.lower() in names.lower():
            return True
        if len(alt) <= 4 and alt.isupper() and alt.lower() in names.lower().split():
            return True
    return False


def _date_ok(gold: list[str] | None, d: str | None) -> bool:
    if gold is None:
        return True
    d = d or ""
    return any(d == g if len(g) == 10 else d.startswith(g) for g in gold)


def matches(g: dict, e: dict) -> bool:
    """Whether predicted event ``e`` (contract JSON) matches gold entry ``g``."""
    root = str(e.get("cameo") or "")[:2]
    if root not in g["roots"] or not _date_ok(g["date"], e.get("date")):
        return False
    s, t = e.get("source"), e.get("target")
    if _actor_ok(g["src"], s) and _actor_ok(g["tgt"], t):
        return True
    return bool(g.get("sym")) and _actor_ok(g["src"], t) and _actor_ok(g["tgt"], s)


def _key(e: dict) -> tuple:
    def k(a: dict | None) -> str | None:
        return None if not a else (a.get("country") or a.get("wikidata") or a.get("name"))
    return (k(e.get("source")), k(e.get("target")), str(e.get("cameo") or "")[:2], e.get("date"))


@dataclass
class Score:
    """Counts for one article or a total; precision, recall and F1 derive from them."""

    tp: int = 0
    fp: int = 0
    hit: int = 0
    req: int = 0
    pred: int = 0
    misses: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)
    roots: dict[str, list[int]] = field(default_factory=dict)  # first gold root -> [found, required]

    def add(self, o: "Score") -> None:
        self.tp += o.tp; self.fp += o.fp; self.hit += o.hit; self.req += o.req; self.pred += o.pred  # noqa: E702
        for root, (found, req) in o.roots.items():
            cell = self.roots.setdefault(root, [0, 0])
            cell[0] += found
            cell[1] += req

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.hit / self.req if self.req else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_article(spec: dict, predicted: list[dict]) -> Score:
    """Score one article's predicted events (contract JSON dicts) against its gold spec.

    >>> g = {"events": [{"src": ["PRK"], "tgt": ["USA"], "roots": ["11"], "date": None}]}
    >>> e = {"cameo": "111", "source": {"country": "PRK"}, "target": {"country": "USA"}, "date": None}
    >>> s = score_article(g, [e]); (s.tp, s.fp, s.hit, s.req)
    (1, 0, 1, 1)
    """
    seen, uniq = set(), []
    for e in predicted:
        if _key(e) not in seen:
            seen.add(_key(e))
            uniq.append(e)
    gold = spec["events"]
    req = [g for g in gold if not g.get("opt")]
    sc = Score(req=len(req), pred=len(uniq))
    for g in req:  # recall per CAMEO root, filed under the gold's first (preferred) root
        found = any(matches(g, e) for e in uniq)
        cell = sc.roots.setdefault(str(g["roots"][0]), [0, 0])
        cell[0] += found
        cell[1] += 1
        sc.hit += found
    for e in uniq:
        if any(matches(g, e) for g in req):
            sc.tp += 1
        elif any(matches(g, e) for g in gold):
            pass
        elif e.get("factuality") in (None, "asserted"):
            sc.fp += 1
            sc.false.append(f"{_key(e)} :: {(e.get('evidence') or {}).get('text', '')[:90]!r}")
    for g in req:
        if not any(matches(g, e) for e in uniq):
            sc.misses.append(f"{g['src']}->{g['tgt']} roots={g['roots']} date={g['date']}")
    return sc


SPLITS = ("tune", "test")


def load_gold(path: str | Path, split: str | None = None) -> dict[str, Any]:
    """The ``articles`` mapping of a gold file, checked; with ``split``, only the articles whose gold
    has that ``"split"`` (the development set's ``tune`` and ``test``)."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{p}: malformed gold JSON: {exc}") from None
    arts = data.get("articles") if isinstance(data, dict) else None
    if not isinstance(arts, dict):
        raise InputError(f"{p}: gold file needs an 'articles' object")
    for name, spec in arts.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("events"), list):
            raise InputError(f"{p}: article {name!r} needs an 'events' list")
        for g in spec["events"]:
            if not {"src", "tgt", "roots", "date"} <= set(g) or not g["roots"]:
                raise InputError(f"{p}: article {name!r}: gold event needs src, tgt, roots, date")
    if split is not None:
        if split not in SPLITS:
            raise InputError(f"unknown split {split!r} (the gold files use: {', '.join(SPLITS)})")
        arts = {name: spec for name, spec in arts.items() if spec.get("split") == split}
        if not arts:
            raise InputError(f"{p}: no article has split {split!r}")
    return arts


def evaluate(gold_path: str | Path, article_dir: str | Path, lang: str | None = None,
             split: str | None = None) -> dict[str, Any]:
    """Run the extractor on every gold article (of ``split`` when given) and score it; totals per
    language and overall, each with recall per CAMEO root in ``Score.roots``."""
    from geokg.extractors.ingest import read_articles  # noqa: PLC0415
    from geokg.extractors.pipeline import extract  # noqa: PLC0415

    gold = load_gold(gold_path, split)
    per_article: dict[str, tuple[str, Score]] = {}
    totals: dict[str, Score] = {}
    for name, spec in gold.items():
        path = Path(article_dir) / name
        art = next(iter(read_articles([str(path)])))
        if spec.get("published"):
            art = art.model_copy(update={"published": date.fromisoformat(spec["published"])})
        events = extract(art, lang)
        code = events[0].lang if events else (lang or _guess(art.text))
        sc = score_article(spec, [e.model_dump(mode="json") for e in events])
        per_article[name] = (code or "?", sc)
        totals.setdefault(code or "?", Score()).add(sc)
        totals.setdefault("all", Score()).add(sc)
    return {"articles": per_article, "totals": totals}


def _guess(text: str) -> str | None:
    from geokg.extractors.language import detect_language  # noqa: PLC0415
    try:
        return detect_language(text)
    except Exception:  # noqa: BLE001 - only a label for the report
        return None
