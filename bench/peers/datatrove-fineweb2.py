#!/usr/bin/env python3
"""Run datatrove's three FineWeb-2 quality filters, configured per language as FineWeb-2 does it.

    DATATROVE_SRC=/tmp/datatrove python3 bench/peers/datatrove-fineweb2.py IN.jsonl \
        --configs FINEWEB2/configs --labels src/filters/fineweb2/lid-labels.json [--out OUT.jsonl]

IN.jsonl holds {"id", "text", "metadata": {"language", ...}} per line (bench/peers/dump-sample.ts
writes it; language = fastText lid.176's label). Each document's language is turned into a FineWeb-2
name ({iso3}_{script}) with the --labels table (a name passes as it is); the filters are built as
huggingface/fineweb-2's fineweb-2-pipeline.py (step 5) builds them from configs/<name>.yml:

  GopherRepetitionFilter(language=name, dup_para_frac=0, dup_line_char_frac=0, dup_para_char_frac=0,
                         dup_line_frac, top_n_grams, dup_n_grams from the file)
  FineWebQualityFilter(language=name, short_line_thr=999, char_duplicates_ratio=0.1,
                       line_punct_thr, new_line_ratio from the file)
  GopherQualityFilter(language=name, min_stop_words=2, max_avg_word_length, min_avg_word_length,
                      stop_words, max_non_alpha_words_ratio from the file)

A language without a file keeps the fixed settings and datatrove's defaults for the rest (what
corpuskit's preset does; FineWeb-2 itself only ran languages it has files for). Each filter runs
alone on every document. Output, one line per document:

    {"id", "language", "fineweb2": name | null, "config": bool,
     "decisions": {"gopher_repetition": "keep" | reason | "error: ...", ...}}

--tokens T.jsonl ({"id", "words"} per document): datatrove's filters get these words instead of
their own tokenizer's (a WordTokenizer passed as `language`, which datatrove accepts). Then only the
rules and the per-language settings are compared, not the tokenizers; and no spaCy is needed.
--jieba-zh (with --tokens): documents in cmn_Hani get Python jieba's words instead (jieba.cut, HMM
on, stripped, empty dropped: what datatrove's spaCy "zh" tokenizer with the jieba segmenter gives),
so that Chinese is compared with datatrove's own words (Debian: python3-jieba).

Nothing here is datatrove's or FineWeb-2's code: the script imports datatrove's modules from
DATATROVE_SRC/src and reads FineWeb-2's YAML files.
"""

import argparse
import json
import os
import re
import sys


def die(msg: str) -> None:
    print(f"datatrove-fineweb2.py: {msg}", file=sys.stderr)
    sys.exit(2)


src = os.environ.get("DATATROVE_SRC")
if not src:
    die("set DATATROVE_SRC to a datatrove source tree; see bench/peers/README.md")
pkg = os.path.join(src, "src") if os.path.isdir(os.path.join(src, "src", "datatrove")) else src
sys.path.insert(0, pkg)

# the same two stand-ins as datatrove-filters.py, for spaCy 3.7 on Debian's thinc 8.1
try:
    import thinc.api

    if not hasattr(thinc.api, "ParametricAttention_v2"):
        thinc.api.ParametricAttention_v2 = lambda *a, **k: (_ for _ in ()).throw(NotImplementedError("thinc >= 8.2"))
except ImportError:
    pass
import contextlib

try:
    import spacy.language

    if not hasattr(spacy.language.Language, "memory_zone"):
        spacy.language.Language.memory_zone = lambda self, mem=None: contextlib.nullcontext()  # type: ignore[attr-defined]
except ImportError:
    pass

import yaml
from loguru import logger

logger.remove()
logger.add(sys.stderr, level="WARNING")
from datatrove.data import Document
from datatrove.pipeline.filters import FineWebQualityFilter, GopherQualityFilter, GopherRepetitionFilter
from datatrove.utils.word_tokenizers import WordTokenizer


class GivenWords(WordTokenizer):
    """Words given beforehand, looked up by the document's text."""

    def __init__(self, words_by_text: dict):
        super().__init__(None)
        self.words_by_text = words_by_text

    def word_tokenize(self, text: str) -> list[str]:
        return self.words_by_text[text]

    def sent_tokenize(self, text: str) -> list[str]:
        raise NotImplementedError("not used by these filters")

    def span_tokenize(self, text: str) -> list[tuple[int, int]]:
        raise NotImplementedError("not used by these filters")

NAME_RE = re.compile(r"^[a-z]{3}_[A-Z][a-z]{3}$")
FILTERS = ["gopher_repetition", "fineweb_quality", "gopher_quality"]


def make(filter_name: str, language: str, cfg: dict | None):
    if filter_name == "gopher_repetition":
        kw = dict(dup_para_frac=0, dup_line_char_frac=0, dup_para_char_frac=0)
        if cfg:
            kw.update(dup_line_frac=cfg["dup_line_frac"], top_n_grams=cfg["top_n_grams"], dup_n_grams=cfg["dup_n_grams"])
        return GopherRepetitionFilter(language=language, **kw)
    if filter_name == "fineweb_quality":
        kw = dict(short_line_thr=999, char_duplicates_ratio=0.1)
        if cfg:
            kw.update(line_punct_thr=cfg["line_punct_thr"], new_line_ratio=cfg["new_line_ratio"])
        return FineWebQualityFilter(language=language, **kw)
    kw = dict(min_stop_words=2)
    if cfg:
        kw.update(
            max_avg_word_length=cfg["max_avg_word_length"],
            min_avg_word_length=cfg["min_avg_word_length"],
            stop_words=cfg["stopwords"],
            max_non_alpha_words_ratio=cfg["max_non_alpha_words_ratio"],
        )
    return GopherQualityFilter(language=language, **kw)


def decision(result) -> str:
    ok, reason = result if isinstance(result, tuple) else (result, None)
    return "keep" if ok else (reason or "drop")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("--configs", required=True)
    ap.add_argument("--labels", required=True)
    ap.add_argument("--out", default="-")
    ap.add_argument("--tokens", help="JSONL of {id, words}: use these words instead of datatrove's tokenizers")
    ap.add_argument("--jieba-zh", action="store_true", help="with --tokens: Python jieba's words for cmn_Hani documents")
    args = ap.parse_args()
    if args.jieba_zh:
        import jieba

        jieba.setLogLevel(60)
    words_by_id = {}
    if args.tokens:
        with open(args.tokens, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    r = json.loads(line)
                    words_by_id[r["id"]] = r["words"]
    given = GivenWords({}) if args.tokens else None
    labels = json.load(open(args.labels, encoding="utf-8"))
    configs: dict = {}
    instances: dict = {}
    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    with open(args.input, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            d = json.loads(line)
            label = (d.get("metadata") or {}).get("language") or "en"
            name = label if NAME_RE.match(label) else labels.get(label)
            if name not in configs:
                path = os.path.join(args.configs, f"{name}.yml") if name else None
                configs[name] = yaml.safe_load(open(path, encoding="utf-8")) if path and os.path.exists(path) else None
            cfg = configs[name]
            if given is not None:
                if args.jieba_zh and name == "cmn_Hani":
                    given.words_by_text[d["text"]] = [t.strip() for t in jieba.cut(d["text"]) if t.strip()]
                else:
                    given.words_by_text[d["text"]] = words_by_id[d["id"]]
            decisions = {}
            for f in FILTERS:
                key = (f, name or label)
                try:
                    if key not in instances:
                        instances[key] = make(f, given if given is not None else (name or label), cfg)
                    decisions[f] = decision(instances[key].filter(Document(text=d["text"], id=d["id"], metadata=dict(d.get("metadata") or {}))))
                except Exception as e:  # a language whose tokenizer cannot run here
                    decisions[f] = f"error: {type(e).__name__}: {e}"[:200]
            out.write(json.dumps({"id": d["id"], "language": label, "fineweb2": name, "config": cfg is not None, "decisions": decisions}, ensure_ascii=False) + "\n")
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
