"""The project's own evaluation set: geokg eval reports per article and per language, and the extractor
reaches F1 >= 0.75 in each language (the issue's bar; the rules are general, the set is for measuring)."""

import json
import subprocess
import sys
from pathlib import Path

from geokg.evaluate import evaluate, load_gold, score_article

EVAL = Path(__file__).parent / "data" / "eval"
GEOKG = Path(sys.executable).parent / "geokg"


def test_gold_file_is_complete_and_balanced():
    gold = load_gold(EVAL / "gold.json")
    assert len(gold) >= 20
    langs = [name[:2] for name in gold]
    assert langs.count("id") >= 10 and langs.count("en") >= 10
    for name, spec in gold.items():
        assert (EVAL / name).is_file(), name
        assert spec["published"] and [g for g in spec["events"] if not g.get("opt")], name


def test_f1_per_language_reaches_075():
    res = evaluate(EVAL / "gold.json", EVAL)
    for lang in ("id", "en"):
        assert res["totals"][lang].f1 >= 0.75, (lang, res["totals"][lang].f1)


def test_cli_reports_articles_and_language_totals():
    r = subprocess.run([str(GEOKG), "eval", str(EVAL / "gold.json"), str(EVAL), "--format", "json"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert set(out["totals"]) == {"id", "en", "all"}
    assert len(out["articles"]) == len(load_gold(EVAL / "gold.json"))
    assert all(0.0 <= a["f1"] <= 1.0 for a in out["articles"].values())


def test_scoring_rules_match_the_reference_scorer():
    # symmetric gold, optional gold, a '*' target, a date prefix and a non-asserted prediction
    spec = {"events": [
        {"src": ["PRK"], "tgt": ["RUS"], "roots": ["04"], "date": ["2023-08-15"], "sym": True},
        {"src": ["CHN"], "tgt": ["*"], "roots": ["11"], "date": ["2023-08"]},
        {"src": ["USA"], "tgt": ["UNSC", "security council"], "roots": ["02"], "date": None, "opt": True},
    ]}
    a = lambda c: {"country": c, "id": c, "name": c}  # noqa: E731
    preds = [
        {"cameo": "040", "source": a("RUS"), "target": a("PRK"), "date": "2023-08-15"},       # sym hit
        {"cameo": "111", "source": a("CHN"), "target": None, "date": "2023-08-17"},           # '*' and prefix
        {"cameo": "020", "source": a("USA"), "target": {"id": "UNSC", "name": "UN Security Council"},
         "date": None},                                                                         # optional: neutral
        {"cameo": "190", "source": a("ISR"), "target": a("PSE"), "date": None},                 # false positive
        {"cameo": "190", "source": a("ISR"), "target": a("PSE"), "date": None, "factuality": "planned"},  # duplicate key
        {"cameo": "130", "source": a("IRN"), "target": a("ISR"), "date": None, "factuality": "planned"},  # not asserted
    ]
    s = score_article(spec, preds)
    assert (s.tp, s.fp, s.hit, s.req, s.pred) == (2, 1, 2, 2, 5)
    assert abs(s.precision - 2 / 3) < 1e-9 and s.recall == 1.0


DEVSET = Path(__file__).resolve().parents[2] / "shared" / "eval" / "devset"


def test_split_selects_the_development_sets_part_and_roots_add_up():
    import pytest

    gold = DEVSET / "en" / "gold.json"
    if not gold.is_file():
        pytest.skip("../shared/eval/devset is not beside this checkout")
    full = load_gold(gold)
    tune = load_gold(gold, "tune")
    assert tune and len(tune) < len(full)
    assert all(spec["split"] == "tune" for spec in tune.values())
    with pytest.raises(Exception, match="unknown split"):
        load_gold(gold, "train")
    # recall per root is filed under each required gold event's first root, so the cells sum to the totals
    name, spec = next(iter(tune.items()))
    s = score_article(spec, [])
    assert sum(n for _, n in s.roots.values()) == s.req and sum(f for f, _ in s.roots.values()) == 0


def test_cli_split_option_and_root_lines():
    gold = DEVSET / "id" / "gold.json"
    if not gold.is_file():
        import pytest
        pytest.skip("../shared/eval/devset is not beside this checkout")
    r = subprocess.run([str(GEOKG), "eval", str(gold), str(DEVSET / "id" / "articles"), "--split", "tune",
                        "--format", "json"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert len(out["articles"]) == len(load_gold(gold, "tune"))
    roots = out["totals"]["all"]["roots"]
    assert sum(c["gold"] for c in roots.values()) == out["totals"]["all"]["gold"]
    bad = subprocess.run([str(GEOKG), "eval", str(gold), str(DEVSET / "id" / "articles"), "--split", "dev"],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "unknown split" in bad.stderr and "Traceback" not in bad.stderr
