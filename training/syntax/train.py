"""Train the dependency parsers shipped in geokg/extractors/lang/{en,id}/syntax/ from UD treebanks.

    .venv/bin/pip install -e '.[test]'
    .venv/bin/python training/syntax/train.py --ud DIR [--lang en id] [--out geokg/extractors/lang]

``DIR`` holds the CoNLL-U files named in ``SPLITS`` (see README.md beside this script for the
treebank commits and how to rebuild EWT's train file from its repository's sources). For each
language the script

1. re-tokenises every treebank sentence the way geokg tokenises text (``geokg.extractors.text``),
   so the parser learns on exactly the words it will be given (with dotted initialisms such as
   "U.S." kept whole, as ``geokg.extractors.syntax.parser_units`` does): a UD word that geokg
   splits ("negara-negara", "1.5") keeps its relation on its first piece and the other pieces hang
   from it (``goeswith``, or ``punct`` for punctuation); UD words that geokg keeps as one token ("do" +
   "n't" -> "don't"; the Indonesian multiword tokens such as "rumahnya" -> rumah + nya) become one
   word carrying the relation of the part that heads the others;
2. trains a spaCy tagger (UPOS) and parser sharing one small CNN token encoder, without word
   vectors, on one core;
3. scores the result on held-out sentences (UAS/LAS over all words, and per relation).

Everything is seeded; a rerun on the same files gives the same figures and the same model.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from geokg.extractors.syntax import parser_units  # noqa: E402
from geokg.extractors.text import Token, tokenize  # noqa: E402

SEED = 13


@dataclass(slots=True)
class Word:
    text: str
    space_after: bool
    upos: str
    head: int  # index into the sentence's words, -1 for the root
    rel: str


# Which files go where. ``take`` keeps a slice of a file's sentences, so one treebank can feed
# training and the held-out test at once (the PUD files are a single 1,000-sentence file).
# GUM is left out on purpose: its licence (CC BY-NC-SA) forbids commercial use, and a model
# trained on it would carry that restriction into geokg.
SPLITS: dict[str, dict[str, list[tuple[str, slice]]]] = {
    "en": {
        "train": [("en_ewt-ud-train.conllu", slice(None)), ("en_pud-ud-test.conllu", slice(0, 800))],
        "dev": [("en_ewt-ud-dev.conllu", slice(None))],
        "test": [("en_ewt-ud-test.conllu", slice(None)), ("en_pud-ud-test.conllu", slice(800, None))],
    },
    "id": {
        # No Indonesian treebank has a train file large enough alone: GSD's train file is not in
        # the stored snapshot, so GSD's dev file is training data here.
        "train": [("id_gsd-ud-dev.conllu", slice(None)), ("id_csui-ud-train.conllu", slice(None)),
                  ("id_pud-ud-test.conllu", slice(0, 800))],
        "dev": [],  # carved out of train (DEV_SHARE), no treebank can spare a whole file
        "test": [("id_gsd-ud-test.conllu", slice(None)), ("id_csui-ud-test.conllu", slice(None)),
                 ("id_pud-ud-test.conllu", slice(800, None))],
    },
}
DEV_SHARE = 0.1

# (name, repository, licence) of each treebank a language's model learns from; see README.md.
TREEBANKS = {
    "en": [("UD English-EWT", "UD_English-EWT", "CC BY-SA 4.0"),
           ("UD English-PUD", "UD_English-PUD", "CC BY-SA 3.0")],
    "id": [("UD Indonesian-GSD", "UD_Indonesian-GSD", "CC BY-SA 4.0"),
           ("UD Indonesian-CSUI", "UD_Indonesian-CSUI", "CC BY-SA 4.0"),
           ("UD Indonesian-PUD", "UD_Indonesian-PUD", "CC BY-SA 3.0")],
}
# The treebank commits the shipped models were trained from (``--from-git`` checks them out).
COMMITS = {
    "UD_English-EWT": "15d613d8447b3478787d4c278730a1e48a945efb",
    "UD_English-PUD": "f16eba4ae7f3d161870ed320676c5088b8fa476c",
    "UD_Indonesian-GSD": "89491e4d51c15da157175c303213ae5ff6f05f9d",
    "UD_Indonesian-CSUI": "41dd7f23be883382dd111b119fe58b563c5541ee",
    "UD_Indonesian-PUD": "765fb3fe486201f094cb177aff5aa84bc6b06800",
}
# BY-SA 3.0 lets adaptations be shared under a later version of BY-SA, so one model can take both.
LICENSE = {"en": "CC BY-SA 4.0", "id": "CC BY-SA 4.0"}


# ---------------------------------------------------------------------------------------------
# CoNLL-U reading and re-tokenisation


@dataclass(slots=True)
class _UDWord:
    form: str
    upos: str
    head: int  # 1-based, 0 = root
    rel: str
    span: tuple[int, int]  # characters of the surface token that holds it


def read_conllu(path: Path) -> list[tuple[str, list[_UDWord]]]:
    """Sentences as (text, words); the text is rebuilt from the surface tokens and SpaceAfter."""
    out: list[tuple[str, list[_UDWord]]] = []
    rows: list[list[str]] = []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if rows:
                out.append(_sentence(rows))
                rows = []
        elif not line.startswith("#"):
            rows.append(line.split("\t"))
    return out


def _sentence(rows: list[list[str]]) -> tuple[str, list[_UDWord]]:
    text = ""
    words: list[_UDWord] = []
    mwt_end = 0
    mwt_span = (0, 0)
    mwt_parts: list[str] = []
    for k, cols in enumerate(rows):
        ident = cols[0]
        if "." in ident:  # empty nodes belong to enhanced dependencies only
            continue
        space = "SpaceAfter=No" not in cols[9]
        if "-" in ident:
            a, b = map(int, ident.split("-"))
            mwt_end = b
            mwt_span = (len(text), len(text) + len(cols[1]))
            # When the parts spell the surface form ("it's" = it + 's) each part gets its own
            # characters, so geokg tokens that split the same way keep both parts' relations.
            parts = [r[1] for r in rows[k + 1:k + 1 + b - a + 1]]
            mwt_parts = parts if "".join(parts) == cols[1] else []
            text += cols[1] + (" " if space else "")
            continue
        n = int(ident)
        if n <= mwt_end and mwt_parts:
            start = mwt_span[0] + sum(len(p) for p in mwt_parts[:n - (mwt_end - len(mwt_parts) + 1)])
            span = (start, start + len(cols[1]))
        elif n <= mwt_end:
            span = mwt_span
        else:
            span = (len(text), len(text) + len(cols[1]))
            text += cols[1] + (" " if space else "")
        words.append(_UDWord(cols[1], cols[3], int(cols[6]), cols[7], span))
    return text.rstrip(), words


def retokenize(text: str, ud: list[_UDWord]) -> list[Word] | None:
    """The sentence in geokg's tokens with the tree carried over; None if it cannot be (a cycle)."""
    toks = tokenize(text)
    # The parser reads "U . S ." as one word "U.S." (geokg.extractors.syntax.parser_units): train on that.
    toks = [toks[a] if b - a == 1 else Token("".join(t.text for t in toks[a:b]), "", toks[a].start, toks[b - 1].end)
            for a, b in parser_units([t.text for t in toks])]
    # Words and tokens that share characters form one group (union-find over both kinds).
    parent = list(range(len(ud) + len(toks)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    j0 = 0
    for i, w in enumerate(ud):
        while j0 < len(toks) and toks[j0].end <= w.span[0]:
            j0 += 1
        j = j0
        while j < len(toks) and toks[j].start < w.span[1]:
            parent[find(len(ud) + j)] = find(i)
            j += 1
    groups: dict[int, tuple[list[int], list[int]]] = {}
    for i in range(len(ud)):
        groups.setdefault(find(i), ([], []))[0].append(i)
    for j in range(len(toks)):
        g = groups.get(find(len(ud) + j))
        if g is None:
            return None  # a token with no word under it: the text and the tree disagree
        g[1].append(j)

    depth = [_depth(ud, i) for i in range(len(ud))]
    rep_of_word: dict[int, int] = {}
    head_word: dict[int, int] = {}
    for key, (ws, ts) in groups.items():
        inside = set(ws)
        outer = [i for i in ws if ud[i].head == 0 or ud[i].head - 1 not in inside]
        h = min(outer, key=lambda i: (ud[i].head != 0, depth[i], i)) if outer else ws[0]
        lo, hi = ud[h].span
        over = [j for j in ts if toks[j].start < hi and toks[j].end > lo] or ts
        rep = next((j for j in over if re.search(r"\w", toks[j].text)), over[0])
        for i in ws:
            rep_of_word[i] = rep
        head_word[rep] = h
    words: list[Word] = []
    for j, t in enumerate(toks):
        space = j + 1 < len(toks) and toks[j + 1].start > t.end
        h = head_word.get(j)
        if h is not None:
            uh = ud[h].head
            words.append(Word(t.text, space, ud[h].upos, -1 if uh == 0 else rep_of_word[uh - 1], ud[h].rel))
        else:
            rep = rep_of_word[groups[find(len(ud) + j)][0][0]]
            if re.search(r"\w", t.text):
                words.append(Word(t.text, space, "X", rep, "goeswith"))
            else:
                words.append(Word(t.text, space, "PUNCT", rep, "punct"))
    return words if _is_tree(words) else None


def _depth(ud: list[_UDWord], i: int) -> int:
    d = 0
    while ud[i].head != 0 and d <= len(ud):
        i = ud[i].head - 1
        d += 1
    return d


def _is_tree(words: list[Word]) -> bool:
    if sum(w.head == -1 for w in words) != 1:
        return False
    for i in range(len(words)):
        seen = 0
        while words[i].head != -1:
            i = words[i].head
            seen += 1
            if seen > len(words):
                return False
    return True


def harmonise(path: Path, sent: list[Word]) -> None:
    """Bring a treebank's conventions in line with the others trained alongside it.

    English PUD marks the passive agent as plain ``obl`` where EWT says ``obl:agent``; the event
    logic needs the agent, so a PUD ``obl`` with a "by" case marker on a verb that has a passive
    auxiliary or passive subject becomes ``obl:agent``.
    """
    if not path.name.startswith("en_pud"):
        return
    passive = {w.head for w in sent if w.rel in ("aux:pass", "nsubj:pass", "csubj:pass")}
    for i, w in enumerate(sent):
        if w.rel == "obl" and w.head in passive and any(
                c.head == i and c.rel == "case" and c.text.lower() == "by" for c in sent):
            w.rel = "obl:agent"


def files_from_git(root: Path, dest: Path) -> None:
    """Write the CoNLL-U files of SPLITS into ``dest`` from git copies of the treebanks under ``root``.

    ``root`` holds one git repository per treebank: a clone (``root/UD_English-EWT``) or a bare
    snapshot (``root/UniversalDependencies+UD_English-EWT/repo``). Files are read at the commits of
    ``COMMITS``. EWT's train file is rebuilt from its ``not-to-release/sources`` documents in the
    order of ``not-to-release/file-lists/files.train``, which is how the treebank's own
    ``not-to-release/tools/build.py`` makes it (and gives its dev and test files byte for byte).
    """
    dest.mkdir(parents=True, exist_ok=True)
    for repo, commit in COMMITS.items():
        candidates = [root / f"UniversalDependencies+{repo}" / "repo", root / repo / ".git", root / repo]
        git_dir = next((c for c in candidates if (c / "HEAD").is_file()), None)
        if git_dir is None:
            sys.exit(f"no git repository for {repo} under {root}")

        def show(path: str) -> bytes:
            return subprocess.run(["git", "--git-dir", str(git_dir), "show", f"{commit}:{path}"],
                                  check=True, capture_output=True).stdout

        names = subprocess.run(["git", "--git-dir", str(git_dir), "ls-tree", "--name-only", commit],
                               check=True, capture_output=True, text=True).stdout.split()
        for name in names:
            if not name.endswith(".conllu"):
                continue
            if name == "en_ewt-ud-train.conllu":
                order = show("not-to-release/file-lists/files.train").decode().split()
                data = b"".join(show(f"not-to-release/sources/{f}") for f in order)
            else:
                try:
                    data = show(name)
                except subprocess.CalledProcessError:
                    continue  # a file the snapshot lacks (GSD's train file): SPLITS does not use it
            (dest / name).write_bytes(data)
            print(f"  {repo}@{commit[:10]} {name}: {data.count(b'# sent_id')} sentences")


def load_split(ud_dir: Path, lang: str) -> dict[str, list[tuple[str, list[Word]]]]:
    """{"train"|"dev"|"test": [(source file, words), ...]} for one language."""
    out: dict[str, list[tuple[str, list[Word]]]] = {}
    dropped = Counter()
    for part, files in SPLITS[lang].items():
        out[part] = []
        for name, sl in files:
            path = ud_dir / name
            if not path.exists():
                sys.exit(f"missing {path}: see training/syntax/README.md")
            for text, ud in read_conllu(path)[sl]:
                sent = retokenize(text, ud)
                if sent is None:
                    dropped[name] += 1
                    continue
                harmonise(path, sent)
                out[part].append((name, sent))
    if not out["dev"]:
        pool = out["train"]
        idx = list(range(len(pool)))
        random.Random(SEED).shuffle(idx)
        cut = set(idx[:round(len(pool) * DEV_SHARE)])
        out["dev"] = [s for k, s in enumerate(pool) if k in cut]
        out["train"] = [s for k, s in enumerate(pool) if k not in cut]
    for name, n in dropped.items():
        print(f"  {name}: {n} sentences dropped (tree lost in re-tokenisation)")
    return out


# ---------------------------------------------------------------------------------------------
# Scoring


def score(gold: list[list[Word]], pred: list[list[tuple[int, str, str]]]) -> dict:
    """UAS, LAS, UPOS accuracy over all words, and per-relation precision/recall/F1 of (head, rel)."""
    n = uas = las = pos = 0
    tp: Counter = Counter()
    ng: Counter = Counter()
    npred: Counter = Counter()
    for g, p in zip(gold, pred):
        for w, (h, r, u) in zip(g, p):
            n += 1
            uas += w.head == h
            las += w.head == h and w.rel == r
            pos += w.upos == u
            ng[w.rel] += 1
            npred[r] += 1
            tp[w.rel] += w.head == h and w.rel == r
    rels = {}
    for rel in sorted(ng, key=lambda r: -ng[r]):
        p = tp[rel] / npred[rel] if npred[rel] else 0.0
        r = tp[rel] / ng[rel]
        rels[rel] = {"n": ng[rel], "p": round(p, 3), "r": round(r, 3),
                     "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}
    return {"words": n, "uas": round(uas / n, 4), "las": round(las / n, 4), "upos": round(pos / n, 4),
            "relations": rels}


# ---------------------------------------------------------------------------------------------
# spaCy


def _spacy_docbin(sents: list[tuple[str, list[Word]]], lang: str, path: Path) -> None:
    import spacy
    from spacy.tokens import Doc, DocBin

    vocab = spacy.blank(lang).vocab
    db = DocBin(attrs=["TAG", "HEAD", "DEP", "SENT_START"], store_user_data=False)
    for _, s in sents:
        db.add(Doc(vocab, words=[w.text for w in s], spaces=[w.space_after for w in s],
                   tags=[w.upos for w in s], heads=[i if w.head == -1 else w.head for i, w in enumerate(s)],
                   deps=["ROOT" if w.head == -1 else w.rel for w in s],
                   sent_starts=[True] + [False] * (len(s) - 1)))
    db.to_disk(path)


# Training steps (batches of up to ~1,000 words) per language: English has six times the data and
# was still gaining dev LAS where Indonesian had long stopped (its patience ends it earlier anyway).
MAX_STEPS = {"en": 10000, "id": 4000}


def train_spacy(lang: str, data: dict, out: Path, work: Path) -> None:
    """Train with `spacy train` on one thread and keep the best checkpoint as ``out``."""
    _spacy_docbin(data["train"], lang, work / "train.spacy")
    _spacy_docbin(data["dev"], lang, work / "dev.spacy")
    cmd = [sys.executable, "-m", "spacy", "train", str(HERE / "spacy.cfg"), "--output", str(work / "model"),
           "--nlp.lang", lang, "--paths.train", str(work / "train.spacy"),
           "--paths.dev", str(work / "dev.spacy"), "--training.max_steps", str(MAX_STEPS[lang])]
    subprocess.run(cmd, check=True, env=_one_thread_env())
    best = work / "model" / "model-best"
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(best, out)
    _stamp(out, lang)


def _stamp(model: Path, lang: str) -> None:
    """Say in the model's own meta.json what it is made from, and drop this machine's paths from its config."""
    from spacy.util import load_config

    cfg = load_config(model / "config.cfg", interpolate=False)
    for key in ("train", "dev"):
        cfg["paths"][key] = None
    cfg.to_disk(model / "config.cfg")
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    meta.update({
        "name": f"geokg_syntax_{lang}",
        "version": "1.0.0",
        "description": "geokg's UPOS tagger and dependency parser for pre-tokenised text; see SOURCES.md",
        "license": LICENSE[lang],
        "sources": [{"name": name, "url": f"https://github.com/UniversalDependencies/{repo}", "license": lic}
                    for name, repo, lic in TREEBANKS[lang]],
        # Any 3.8 release reads the files; the exact patch release that trained them does not matter.
        "spacy_version": ">=3.8.0,<3.9.0",
    })
    (model / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def predict_spacy(model: Path, sents: list[list[Word]]) -> tuple[list[list[tuple[int, str, str]]], float]:
    import spacy
    from spacy.tokens import Doc

    nlp = spacy.load(model)
    docs = []
    for s in sents:
        doc = Doc(nlp.vocab, words=[w.text for w in s], spaces=[w.space_after for w in s])
        # One sentence per call: forbid the parser from splitting it.
        for k, t in enumerate(doc):
            t.is_sent_start = k == 0
        docs.append(doc)
    t0 = time.process_time()
    out = []
    for doc in nlp.pipe(docs, batch_size=256):
        out.append([(-1 if t.head.i == t.i else t.head.i, "root" if t.dep_ == "ROOT" else t.dep_, t.tag_)
                    for t in doc])
    return out, time.process_time() - t0


# ---------------------------------------------------------------------------------------------
# UDPipe 1 (kept for the engine comparison recorded in README.md)


def _conllu(sents: list[tuple[str, list[Word]]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for _, s in sents:
            for i, w in enumerate(s, 1):
                misc = "_" if w.space_after else "SpaceAfter=No"
                f.write(f"{i}\t{w.text}\t_\t{w.upos}\t_\t_\t{w.head + 1}\t{w.rel}\t_\t{misc}\n")
            f.write("\n")


def train_udpipe(lang: str, data: dict, out: Path, work: Path) -> None:
    import ufal.udpipe as ud

    def sentences(path: Path):
        fmt = ud.InputFormat.newConlluInputFormat()
        fmt.setText(path.read_text(encoding="utf-8"))
        ss = ud.Sentences()
        s = ud.Sentence()
        err = ud.ProcessingError()
        while fmt.nextSentence(s, err):
            ss.append(s)
            s = ud.Sentence()
        return ss

    _conllu(data["train"], work / "train.conllu")
    _conllu(data["dev"], work / "dev.conllu")
    tagger = ("use_lemma=0;provide_lemma=0;use_xpostag=0;provide_xpostag=0;use_feats=0;provide_feats=0;"
              "iterations=20")
    parser = "embedding_feats=0;embedding_xpostag=0;embedding_lemma=0;iterations=10"
    err = ud.ProcessingError()
    blob = ud.Trainer.train("morphodita_parsito", sentences(work / "train.conllu"),
                            sentences(work / "dev.conllu"), "none", tagger, parser, err)
    if err.occurred():
        sys.exit(err.message)
    out.mkdir(parents=True, exist_ok=True)
    (out / "model.udpipe").write_bytes(blob.encode("latin-1") if isinstance(blob, str) else blob)


def predict_udpipe(model: Path, sents: list[list[Word]]) -> tuple[list[list[tuple[int, str, str]]], float]:
    import ufal.udpipe as ud

    m = ud.Model.load(str(model / "model.udpipe"))
    t0 = time.process_time()
    out = []
    for s in sents:
        sent = ud.Sentence()
        for w in s:
            sent.addWord(w.text)
        m.tag(sent, ud.Model.DEFAULT)
        m.parse(sent, ud.Model.DEFAULT)
        out.append([(wd.head - 1, wd.deprel, wd.upostag) for wd in list(sent.words)[1:]])
    return out, time.process_time() - t0


ENGINES = {"spacy": (train_spacy, predict_spacy), "udpipe": (train_udpipe, predict_udpipe)}


def _one_thread_env() -> dict:
    import os

    env = dict(os.environ)
    for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[k] = "1"
    return env


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ud", type=Path, required=True, help="folder with the CoNLL-U files of SPLITS")
    ap.add_argument("--from-git", type=Path, metavar="ROOT",
                    help="first write those files into --ud from git copies of the treebanks under ROOT")
    ap.add_argument("--lang", nargs="+", default=["en", "id"], choices=sorted(SPLITS))
    ap.add_argument("--engine", default="spacy", choices=sorted(ENGINES))
    ap.add_argument("--out", type=Path, default=ROOT / "geokg" / "extractors" / "lang",
                    help="models go to OUT/<lang>/syntax/<engine's folder>")
    ap.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    ap.add_argument("--score-only", action="store_true", help="score the model already in OUT")
    args = ap.parse_args(argv)
    train_fn, predict_fn = ENGINES[args.engine]
    if args.from_git:
        files_from_git(args.from_git, args.ud)
    for lang in args.lang:
        print(f"== {lang}")
        data = load_split(args.ud, lang)
        for part, sents in data.items():
            print(f"  {part}: {len(sents)} sentences, {sum(len(s) for _, s in sents)} words")
        model = args.out / lang / "syntax" / ("model" if args.engine == "spacy" else "udpipe")
        if not args.score_only:
            work = args.work / lang if args.work else Path(tempfile.mkdtemp(prefix=f"syntax-{lang}-"))
            work.mkdir(parents=True, exist_ok=True)
            t0 = time.time()
            train_fn(lang, data, model, work)
            print(f"  trained in {time.time() - t0:.0f} s")
        report = {}
        for name in sorted({n for n, _ in data["test"]}) + ["all"]:
            gold = [s for n, s in data["test"] if name in ("all", n)]
            pred, secs = predict_fn(model, gold)
            r = score(gold, pred)
            r["words_per_s"] = round(r["words"] / secs)
            report[name] = r
            print(f"  test {name}: {r['words']} words UAS {r['uas']:.3f} LAS {r['las']:.3f} "
                  f"UPOS {r['upos']:.3f} ({r['words_per_s']} words/cpu-s)")
        keep = ("nsubj", "obj", "iobj", "obl", "nsubj:pass", "obl:agent", "conj", "acl:relcl", "ccomp", "xcomp",
                "advcl", "nmod", "nmod:poss", "compound", "flat", "appos")
        for rel in keep:
            v = report["all"]["relations"].get(rel)
            if v:
                print(f"    {rel:12} n={v['n']:5} P {v['p']:.3f} R {v['r']:.3f} F1 {v['f1']:.3f}")
        (args.work or Path(tempfile.gettempdir())).mkdir(parents=True, exist_ok=True)
        (Path(args.work or tempfile.gettempdir()) / f"scores-{lang}-{args.engine}.json").write_text(
            json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
