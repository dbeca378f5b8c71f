#!/usr/bin/env python3
"""Print spaCy's English tokens and sentence count for each text, as datatrove gets them.

    python3 bench/peers/spacy-tokens.py IN [--out OUT.jsonl] [--lines] [--check] [--language-field F]

IN is JSONL with a "text" field per line (other fields are copied through), or, with --lines,
plain text with one text per line ("-" reads stdin). Each output line is the input record plus:

    "tokens":     datatrove's split_into_words(text): spacy.blank("en") token texts, stripped,
                  blank ones dropped (datatrove's SpaCyTokenizer.word_tokenize)
    "sentences":  datatrove's len(split_into_sentences(text)): the number of sentences the
                  "sentencizer" pipe finds (at least 1, as datatrove's span arithmetic gives)
    "sentence_ends": each sentence's end_char, from which datatrove's split_into_sentences cuts
                  the text (each part runs to its sentence's end, the last to the end of the text)

The tokenizer is spaCy's own (a spaCy 3.7.5 or 3.8 on PYTHONPATH, see setup-datatrove.sh); datatrove
is not needed. tests/fixtures/spacy-en-tokens.jsonl was made with this script (see
tests/fixtures/README.md), and corpuskit's spacedTokens is checked against it.
--check prints spaCy's version and the number of tokenizer exceptions, then exits.
--language-field F: each record's F names the spaCy language (spacy.blank(record[F]), "de", "fr"...,
as datatrove's SpaCyTokenizer(language) builds it) instead of English; bench/peers/compare-spacy-words.ts
uses it for the languages datatrove tokenizes with their own spaCy rules.
"""

import argparse
import json
import sys

# spaCy 3.7 imports thinc.api.ParametricAttention_v2 (thinc >= 8.2) for text classification, which a
# blank pipeline never builds: a placeholder that raises if called (Debian bookworm ships thinc 8.1).
try:
    import thinc.api

    if not hasattr(thinc.api, "ParametricAttention_v2"):

        def _placeholder(*a, **k):
            raise NotImplementedError("ParametricAttention_v2 needs thinc >= 8.2 (placeholder from spacy-tokens.py)")

        thinc.api.ParametricAttention_v2 = _placeholder
except ImportError:
    pass

import spacy


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", nargs="?", default="-")
    ap.add_argument("--out", default="-")
    ap.add_argument("--lines", action="store_true", help="plain text, one text per line")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--language-field", default=None, help="record field naming the spaCy language (default: English for all)")
    args = ap.parse_args()

    pipelines = {}

    def pipeline(language: str):
        if language not in pipelines:
            pipelines[language] = spacy.blank(language)
            pipelines[language].add_pipe("sentencizer")
        return pipelines[language]

    nlp = pipeline("en")
    if args.check:
        print(f"spaCy {spacy.__version__}, {len(nlp.tokenizer.rules)} English tokenizer exceptions")
        return

    src = sys.stdin if args.input == "-" else open(args.input, encoding="utf-8")
    dst = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    for line in src:
        line = line.rstrip("\n")
        if not line.strip():
            continue
        record = {"text": line} if args.lines else json.loads(line)
        text = record["text"]
        if args.language_field:
            nlp = pipeline(record[args.language_field])
        nlp.max_length = len(text) + 10  # as datatrove sets it
        doc = nlp(text)
        record["tokens"] = [t.text.strip() for t in doc if t.text.strip()]
        record["sentences"] = max(1, len(list(doc.sents)))
        record["sentence_ends"] = [s.end_char for s in doc.sents]
        dst.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
