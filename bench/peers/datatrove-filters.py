#!/usr/bin/env python3
"""Run datatrove's heuristic filters, from its source tree, on a JSONL of documents.

    DATATROVE_SRC=/tmp/datatrove python3 bench/peers/datatrove-filters.py IN.jsonl \
        [--out OUT.jsonl] [--language-mode default|per-doc] [--filters a,b,...]

IN.jsonl holds {"id", "text", "metadata": {"language", ...}} per line (bench/peers/dump-sample.ts
writes it). Each filter runs on every document separately (not chained), with datatrove's default
settings, on a fresh Document (C4QualityFilter rewrites doc.text). Output, one line per document:

    {"id": ..., "language": ..., "decisions": {"gopher_repetition": "keep" | "<datatrove's reason>"
     | "error: <exception>", ...}, "c4_text_sha1": {...}}

where c4_text_sha1 is the SHA-1 of the text C4QualityFilter leaves on a kept document (to compare
the rewrite, not only the decision). A last line {"summary": ...} carries, per filter, the seconds
spent inside filter() (one process, one core), the documents, MB, and the decision counts; the same
table goes to stderr.

--language-mode:
  default  every filter with its constructor defaults: language="eng" (English spaCy tokenizer on
           every document, whatever its language). C4BadWordsFilter reads metadata.language.
  per-doc  GopherRepetition, GopherQuality, C4Quality and FineWebQuality built with
           language=metadata.language (after --language-map) (datatrove's tokenizer for that language, as a multilingual
           FineWeb-2 style pipeline does); a language without a tokenizer, or whose tokenizer's
           package is not installed, gives "error: ..." for that document and filter.

Filters (datatrove names in brackets):
  gopher_repetition  [GopherRepetitionFilter()]
  gopher_quality     [GopherQualityFilter()]
  c4_quality         [C4QualityFilter()]                          C4's default: filter_no_terminal_punct=True
  c4_quality_fineweb [C4QualityFilter(filter_no_terminal_punct=False)]  as examples/fineweb.py sets it
  c4_quality_sentences [C4QualityFilter(split_paragraph=False)]   sentences from the tokenizer, not lines
  c4_badwords        [C4BadWordsFilter(fail_on_missing_language=False)]  the word lists must be in
                     datatrove's asset cache already (no download here); see bench/peers/README.md
  fineweb_quality    [FineWebQualityFilter()]

Nothing here is datatrove's code: the script imports datatrove's modules from DATATROVE_SRC/src.
"""

import argparse
import hashlib
import json
import os
import sys
import time
import traceback
from collections import Counter, defaultdict


def die(msg: str) -> None:
    print(f"datatrove-filters.py: {msg}", file=sys.stderr)
    sys.exit(2)


src = os.environ.get("DATATROVE_SRC")
if not src:
    die(
        "set DATATROVE_SRC to a datatrove source tree (the folder holding src/datatrove), e.g. "
        "DATATROVE_SRC=/tmp/datatrove; see bench/peers/README.md for how to get it and its dependencies"
    )
pkg = os.path.join(src, "src") if os.path.isdir(os.path.join(src, "src", "datatrove")) else src
if not os.path.isdir(os.path.join(pkg, "datatrove")):
    die(f"DATATROVE_SRC={src}: no datatrove package in {src}/src/datatrove or {src}/datatrove")
sys.path.insert(0, pkg)

# spaCy 3.7 (the newest spaCy that builds with Debian bookworm's Cython 0.29 and thinc 8.1) imports
# thinc.api.ParametricAttention_v2 (thinc >= 8.2) for its text-classification models, which the blank
# tokenizer pipelines used here never build: a placeholder that raises if it is ever called.
SHIMS = []
try:
    import thinc.api

    if not hasattr(thinc.api, "ParametricAttention_v2"):

        def _parametric_attention_v2(*a, **k):
            raise NotImplementedError("ParametricAttention_v2 needs thinc >= 8.2 (placeholder from datatrove-filters.py)")

        thinc.api.ParametricAttention_v2 = _parametric_attention_v2
        SHIMS.append("thinc.api.ParametricAttention_v2 (placeholder, raises)")
except ImportError:
    pass

try:
    from loguru import logger

    logger.remove()  # datatrove logs through loguru; keep stderr for our table
    logger.add(sys.stderr, level="WARNING")
    from datatrove.data import Document
    from datatrove.pipeline.filters import (
        C4BadWordsFilter,
        C4QualityFilter,
        FineWebQualityFilter,
        GopherQualityFilter,
        GopherRepetitionFilter,
    )
except ImportError as e:
    die(f"cannot import datatrove's filters from {pkg}: {e!r} (PYTHONPATH must provide its dependencies)")

# spaCy < 3.8 has no Language.memory_zone, which datatrove's SpaCyTokenizer enters around every call;
# it only frees memory (no effect on tokens), so a no-op stands in when it is missing.
try:
    import contextlib

    import spacy.language

    if not hasattr(spacy.language.Language, "memory_zone"):
        spacy.language.Language.memory_zone = lambda self, mem=None: contextlib.nullcontext()  # type: ignore[attr-defined]
        MEMORY_ZONE_SHIM = True
        SHIMS.append("spacy.language.Language.memory_zone (no-op context manager)")
    else:
        MEMORY_ZONE_SHIM = False
    SPACY_VERSION = spacy.__version__
except ImportError:
    MEMORY_ZONE_SHIM = False
    SPACY_VERSION = None

FILTERS = ["gopher_repetition", "gopher_quality", "c4_quality", "c4_quality_fineweb", "c4_quality_sentences", "c4_badwords", "fineweb_quality"]
LANGUAGE_AWARE = {"gopher_repetition", "gopher_quality", "c4_quality", "c4_quality_fineweb", "c4_quality_sentences", "fineweb_quality"}


def make_filter(name: str, language: str | None):
    kw = {} if language is None else {"language": language}
    if name == "gopher_repetition":
        return GopherRepetitionFilter(**kw)
    if name == "gopher_quality":
        return GopherQualityFilter(**kw)
    if name == "c4_quality":
        return C4QualityFilter(**kw)
    if name == "c4_quality_fineweb":
        return C4QualityFilter(filter_no_terminal_punct=False, **kw)
    if name == "c4_quality_sentences":
        return C4QualityFilter(split_paragraph=False, **kw)
    if name == "c4_badwords":
        return C4BadWordsFilter(fail_on_missing_language=False)
    if name == "fineweb_quality":
        return FineWebQualityFilter(**kw)
    raise ValueError(name)


def decision(result) -> str:
    if isinstance(result, tuple):
        ok, reason = result
    else:
        ok, reason = result, None
    if ok:
        return "keep"
    return reason or "drop"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input")
    ap.add_argument("--out", default="-", help="decisions JSONL (default: stdout)")
    ap.add_argument("--language-mode", choices=["default", "per-doc"], default="default")
    ap.add_argument("--filters", default=",".join(FILTERS))
    ap.add_argument(
        "--language-map",
        default="",
        help="per-doc mode: metadata.language codes to pass on as other datatrove codes, e.g. zh=cmn_Hani "
        "(datatrove's own table sends the 2-letter 'zh' to spaCy 'xx', see bench/peers/README.md)",
    )
    ap.add_argument("--no-warmup", action="store_true", help="time the first call too (tokenizer loading included)")
    args = ap.parse_args()
    names = [f for f in args.filters.split(",") if f]
    lang_map = dict(pair.split("=", 1) for pair in args.language_map.split(",") if pair)
    for f in names:
        if f not in FILTERS:
            die(f"unknown filter {f}; known: {', '.join(FILTERS)}")

    docs = []
    with open(args.input, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                docs.append(json.loads(line))
    mb = sum(len(d["text"].encode("utf-8")) for d in docs) / 1e6

    results = {d["id"]: {} for d in docs}
    c4_sha = defaultdict(dict)
    seconds = {}
    ran_mb = {}  # MB of the documents a filter ran on without an error (its MB/s is over these)
    counts = {}
    for name in names:
        instances: dict = {}

        def get(language):
            language = lang_map.get(language, language)
            key = language if (args.language_mode == "per-doc" and name in LANGUAGE_AWARE) else None
            if key not in instances:
                instances[key] = make_filter(name, key)
            return instances[key]

        # Warm-up, not timed: one call per language, so that loading a tokenizer (spaCy, jieba's
        # dictionary) is not counted as filtering time. Its answers are discarded.
        if not args.no_warmup:
            warmed = set()
            for d in docs:
                lang = (d.get("metadata") or {}).get("language")
                k = lang if args.language_mode == "per-doc" else (lang if name == "c4_badwords" else None)
                if k in warmed:
                    continue
                warmed.add(k)
                try:
                    get(lang).filter(Document(text=d["text"][:2000], id="warmup", metadata=dict(d.get("metadata") or {})))
                except Exception:
                    pass
        total = 0.0
        ran_bytes = 0
        tally = Counter()
        for d in docs:
            meta = dict(d.get("metadata") or {})
            lang = meta.get("language")
            doc = Document(text=d["text"], id=d["id"], metadata=meta)
            try:
                flt = get(lang)
                t0 = time.perf_counter()
                res = flt.filter(doc)
                total += time.perf_counter() - t0
                ran_bytes += len(d["text"].encode("utf-8"))
                dec = decision(res)
            except Exception as e:  # a missing tokenizer package, no tokenizer for the language, ...
                msg = str(e).splitlines()[0] if str(e) else ""
                dec = f"error: {type(e).__name__}: {msg}"[:300]
                if os.environ.get("DATATROVE_FILTERS_TRACEBACK"):
                    traceback.print_exc()
            results[d["id"]][name] = dec
            tally[dec] += 1
            if name.startswith("c4_quality") and dec == "keep":
                c4_sha[d["id"]][name] = hashlib.sha1(doc.text.encode("utf-8")).hexdigest()
        seconds[name] = total
        ran_mb[name] = ran_bytes / 1e6
        counts[name] = dict(tally.most_common())

    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    for d in docs:
        row = {"id": d["id"], "language": (d.get("metadata") or {}).get("language"), "decisions": results[d["id"]]}
        if d["id"] in c4_sha:
            row["c4_text_sha1"] = c4_sha[d["id"]]
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
    summary = {
        "summary": {
            "language_mode": args.language_mode,
            "language_map": lang_map,
            "documents": len(docs),
            "mb": round(mb, 4),
            "seconds": {k: round(v, 4) for k, v in seconds.items()},
            "mb_ran": {k: round(v, 4) for k, v in ran_mb.items()},
            "mb_per_s": {k: (round(ran_mb[k] / v, 3) if v > 0 else None) for k, v in seconds.items()},
            "counts": counts,
            "spacy": SPACY_VERSION,
            "memory_zone_shim": MEMORY_ZONE_SHIM,
            "shims": SHIMS,
            "python": sys.version.split()[0],
        }
    }
    out.write(json.dumps(summary, ensure_ascii=False) + "\n")
    if out is not sys.stdout:
        out.close()

    print(f"datatrove filters, {len(docs)} documents, {mb:.2f} MB, language mode {args.language_mode}, one core:", file=sys.stderr)
    for name in names:
        s = seconds[name]
        kept = counts[name].get("keep", 0)
        errors = sum(v for k, v in counts[name].items() if k.startswith("error"))
        rate = f"{ran_mb[name] / s:8.2f} MB/s" if s > 0 else "       - MB/s"
        print(f"  {name:20s} {s:8.2f} s {rate}   kept {kept:5d}  errors {errors:5d}", file=sys.stderr)


if __name__ == "__main__":
    main()
