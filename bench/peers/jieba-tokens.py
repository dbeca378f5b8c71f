"""Python jieba's words for Chinese documents, as datatrove's Chinese tokenizer gets them (spaCy "zh"
with the jieba segmenter: jieba.cut with HMM on, tokens stripped, empty ones dropped).

Reads JSON Lines {id, text} on stdin, writes {id, text, tokens} on stdout. Debian: python3-jieba.
Used to build tests/fixtures/jieba-zh-tokens.jsonl, which tests/text/jieba-words.test.ts checks
src/text/jieba-words.ts against.
"""
import json
import sys

import jieba

jieba.setLogLevel(60)
for line in sys.stdin:
    doc = json.loads(line)
    tokens = [t.strip() for t in jieba.cut(doc["text"])]
    doc["tokens"] = [t for t in tokens if t]
    sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")
