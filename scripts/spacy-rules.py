#!/usr/bin/env python3
"""Write spaCy's tokenizer rules for one language as JSON that src/text/spacy-rules.ts reads.

    python3 scripts/spacy-rules.py de fr ru es it pt nl --out src/text/data

spaCy 3.7.5 (MIT licence; see src/text/data/README.md) must be importable (bench/peers/README.md:
the PYTHONPATH of the spaCy build). For each language the blank pipeline's tokenizer is read as
datatrove builds it (spacy.blank(lang)): its special cases (chunk -> token texts), and its prefix,
suffix and infix expressions and token_match, translated from Python's regular-expression syntax
to JavaScript's (flag "u"). Long character classes repeated in an expression (French's token_match
repeats its letter class in every alternative) are stored once and referenced as "\\x00<n>\\x00".
url_match is the same for every language as for English and is not written (spaced-url.ts).
"""

import argparse
import json
import os
import re
import sys

try:
    import thinc.api

    if not hasattr(thinc.api, "ParametricAttention_v2"):
        thinc.api.ParametricAttention_v2 = lambda *a, **k: None  # never built by a blank pipeline
except ImportError:
    pass

import spacy

SYNTAX = set("^$\\.*+?()[]{}|/")


def to_js(pattern: str):
    """Python regex source -> (JavaScript source for flag "u", extra flags)."""
    flags = ""
    m = re.match(r"^\(\?([aiLmsux]+)\)", pattern)
    if m:
        flags = "i" if "i" in m.group(1) else ""
        pattern = pattern[m.end():]
    out = []
    i = 0
    in_class = False
    n = len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            d = pattern[i + 1]
            if d == "U":
                out.append("\\u{%x}" % int(pattern[i + 2:i + 10], 16))
                i += 10
                continue
            if d == "u":
                out.append("\\u{%x}" % int(pattern[i + 2:i + 6], 16))
                i += 6
                continue
            if d == "x":
                out.append("\\u{%x}" % int(pattern[i + 2:i + 4], 16))
                i += 4
                continue
            if d == "w":
                out.append("\\p{L}\\p{N}_" if in_class else "[\\p{L}\\p{N}_]")
            elif d == "d":
                out.append("\\p{Nd}")
            elif d in "sS":
                out.append("\\" + d)
            elif d == "n":
                out.append("\\n")
            elif d == "t":
                out.append("\\t")
            elif d.isalnum():
                raise ValueError("unsupported escape \\" + d)
            elif d in SYNTAX or (d == "-" and in_class):
                out.append("\\" + d)
            else:
                out.append("\\u{%x}" % ord(d))
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
            if c == "[":
                out.append("\\[")
            else:
                out.append(c)
            i += 1
            continue
        if c == "[":
            in_class = True
            out.append(c)
            if pattern[i + 1] == "^":
                out.append("^")
                i += 1
            if pattern[i + 1] == "]":  # a "]" first in a class is literal in Python
                out.append("\\]")
                i += 1
            i += 1
            continue
        if c == "(" and pattern.startswith("(?P<", i):
            out.append("(?<")
            i += 4
            continue
        if c == "{" and not re.match(r"\{\d*(,\d*)?\}", pattern[i:]):
            out.append("\\{")
            i += 1
            continue
        if c == "}":
            # a "}" that closes no quantifier is literal
            j = len(out) - 1
            if not re.search(r"\{\d*(,\d*)?$", "".join(out[-12:])):
                out.append("\\}")
                i += 1
                continue
        out.append(c)
        i += 1
    return "".join(out), flags


def intern_classes(src: str, classes: list) -> str:
    """Stores character classes longer than 200 characters once; references replace them."""

    def repl(m):
        body = m.group(0)
        if len(body) < 200:
            return body
        if body not in classes:
            classes.append(body)
        return "\x00%d\x00" % classes.index(body)

    return re.sub(r"\[(?:\\.|[^\]\\])*\]", repl, src)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("languages", nargs="+")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    english_url = spacy.blank("en").tokenizer.url_match.__self__.pattern
    for lang in args.languages:
        tok = spacy.blank(lang).tokenizer
        if tok.url_match is None or tok.url_match.__self__.pattern != english_url:
            sys.exit(f"{lang}: url_match differs from English's; spacy-rules.ts assumes it does not")
        classes: list = []
        rules = {}
        for name, fn in (("prefix", tok.prefix_search), ("suffix", tok.suffix_search), ("infix", tok.infix_finditer), ("token", tok.token_match)):
            if fn is None:
                continue
            src, flags = to_js(fn.__self__.pattern)
            rules[name] = {"source": intern_classes(src, classes), "flags": flags}
        exceptions = {chunk: [t[65] if 65 in t else t["ORTH"] for t in tokens] for chunk, tokens in sorted(tok.rules.items())}
        doc = {
            "spacy": spacy.__version__,
            "language": lang,
            "classes": classes,
            **rules,
            "exceptions": exceptions,
        }
        path = os.path.join(args.out, f"spacy-{lang}.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, separators=(",", ":"))
        print(path, os.path.getsize(path), "bytes,", len(exceptions), "exceptions", file=sys.stderr)


if __name__ == "__main__":
    main()
