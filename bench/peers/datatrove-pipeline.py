#!/usr/bin/env python3
"""datatrove's FineWeb-like pipeline, chained, on one core, timed per step (bench/pipeline-peers.ts).

    DATATROVE_SRC=... python3 bench/peers/datatrove-pipeline.py IN.jsonl --model lid.176.ftz

IN.jsonl holds {"id", "text"} per line. Each document goes through, in order, and stops at the
first step that drops it (as datatrove's pipeline does):

  normalize          datatrove has no such step: corpuskit's cleanText rules (line ends, control
                     characters, odd spaces, trailing blanks, 3+ newlines, strip, NFC) in a few lines
                     of Python, so that both pipelines filter the same text
  language           LanguageFilter(languages=["en"], language_threshold=0.65), ft176 backend, the
                     model given by --model (loaded with fasttext's _FastText as datatrove loads its own)
  gopher_repetition  GopherRepetitionFilter()
  gopher_quality     GopherQualityFilter()
  c4_quality         C4QualityFilter(filter_no_terminal_punct=False)   (datatrove's examples/fineweb.py)
  fineweb_quality    FineWebQualityFilter()
  minhash            MinhashDedupSignature (default MinhashConfig) on the kept documents:
                     get_shingles + get_signature, the work stage 1 does per document (no file writes)

CPU seconds per step come from time.process_time() around each call (one thread). One JSON line
on stdout: {"documents", "mb", "seconds": {step: s}, "decisions": {id: "keep" | "step:reason"}}.
Nothing here is datatrove's code: the script imports datatrove's modules from DATATROVE_SRC/src.
"""

import argparse
import contextlib
import json
import re
import os
import sys
import tempfile
import time
import unicodedata

src = os.environ.get("DATATROVE_SRC")
if not src:
    print("datatrove-pipeline.py: set DATATROVE_SRC (see bench/peers/README.md)", file=sys.stderr)
    sys.exit(2)
sys.path.insert(0, os.path.join(src, "src") if os.path.isdir(os.path.join(src, "src", "datatrove")) else src)

# spaCy 3.7 with Debian's thinc 8.1: the same two stand-ins as datatrove-filters.py (see there)
try:
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
from datatrove.pipeline.dedup.minhash import MinhashConfig, MinhashDedupSignature  # noqa: E402
from datatrove.pipeline.filters import (  # noqa: E402
    C4QualityFilter,
    FineWebQualityFilter,
    GopherQualityFilter,
    GopherRepetitionFilter,
    LanguageFilter,
)


# corpuskit's cleanText (src/text/normalize.ts), rule for rule, so both pipelines filter the same text
LINE_SEPARATOR = re.compile("\r\n?|[\u2028\u2029\u0085]")
CONTROL = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufeff]")
EXOTIC_SPACE = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
TRAILING_BLANKS = re.compile("(?<![ \t])[ \t]+$", re.M)
BLANK_LINES = re.compile("\n{3,}")


def normalize_text(text: str) -> str:
    text = LINE_SEPARATOR.sub("\n", text)
    text = CONTROL.sub("", text)
    text = EXOTIC_SPACE.sub(" ", text)
    text = TRAILING_BLANKS.sub("", text)
    text = BLANK_LINES.sub("\n\n", text)
    return unicodedata.normalize("NFC", text.strip(" \t\n"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("--model", required=True)
    args = ap.parse_args()
    with open(args.input, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    mb = sum(len(r["text"].encode("utf-8")) for r in rows) / 1e6

    lang = LanguageFilter(languages=["en"], language_threshold=0.65)
    from fasttext.FastText import _FastText

    lang.model._model = _FastText(args.model)
    filters = [
        ("language", lang),
        ("gopher_repetition", GopherRepetitionFilter()),
        ("gopher_quality", GopherQualityFilter()),
        ("c4_quality", C4QualityFilter(filter_no_terminal_punct=False)),
        ("fineweb_quality", FineWebQualityFilter()),
    ]
    tmp = tempfile.TemporaryDirectory()
    signer = MinhashDedupSignature(output_folder=tmp.name, config=MinhashConfig())
    # warm up: models, spaCy's tokenizer, the hash parameters
    warm = Document(text="Warm up the tokenizer and the model. " * 20, id="warm")
    for _, f in filters:
        f.filter(warm)
    signer.get_signature(signer.get_shingles(warm.text))

    seconds = {name: 0.0 for name in ["normalize"] + [n for n, _ in filters] + ["minhash"]}
    decisions = {}
    clock = time.process_time
    t_all = clock()
    for r in rows:
        t0 = clock()
        doc = Document(text=normalize_text(r["text"]), id=r["id"])
        seconds["normalize"] += clock() - t0
        verdict = "keep"
        if not doc.text:
            verdict = "normalize:empty"
        else:
            for name, f in filters:
                t0 = clock()
                out = f.filter(doc)
                seconds[name] += clock() - t0
                if out is not True and not (isinstance(out, tuple) and out[0]):
                    reason = out[1] if isinstance(out, tuple) and len(out) > 1 else ""
                    verdict = f"{name}:{reason}"
                    break
        if verdict == "keep":
            t0 = clock()
            shingles = signer.get_shingles(doc.text)
            if shingles.size != 0:
                signer.get_signature(shingles)
            seconds["minhash"] += clock() - t0
        decisions[r["id"]] = verdict
    total = clock() - t_all
    tmp.cleanup()
    print(json.dumps({"documents": len(rows), "mb": mb, "seconds": seconds, "total": total, "decisions": decisions}, ensure_ascii=False))
    print(f"datatrove pipeline: {len(rows)} documents, {mb:.2f} MB, {total:.1f} CPU s, {mb / total:.3f} MB/s", file=sys.stderr)


if __name__ == "__main__":
    main()
