#!/usr/bin/env python3
"""ftfy's fix_encoding (with its C1-control fix) on each line of each document of a JSONL file.

    FTFY_SRC=/tmp/ftfy-src python3 bench/peers/ftfy-fix.py IN.jsonl > OUT.jsonl

IN: {"id", "text"} per line. OUT: {"id", "text"} with ftfy's repair, line by line as ftfy's
fix_text feeds it (fix_encoding alone: no quote uncurling, no entity or width changes), then a last
line {"seconds", "mb"} for the repairs alone. ftfy imports wcwidth only for its formatting helpers;
without the package a stub is put on the path.
"""
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.environ.get("FTFY_SRC", "/tmp/ftfy-src"))
try:
    import wcwidth  # noqa: F401
except ImportError:
    stub = tempfile.mkdtemp()
    with open(os.path.join(stub, "wcwidth.py"), "w") as f:
        f.write("def wcwidth(c):\n    return 1\n\ndef wcswidth(s):\n    return len(s)\n")
    sys.path.insert(0, stub)
import ftfy  # noqa: E402

seconds = 0.0
size = 0
for line in open(sys.argv[1], encoding="utf-8"):
    doc = json.loads(line)
    size += len(doc["text"].encode("utf-8", "surrogatepass"))
    t0 = time.perf_counter()
    fixed = "\n".join(ftfy.fix_encoding(part) for part in doc["text"].split("\n"))
    seconds += time.perf_counter() - t0
    print(json.dumps({"id": doc["id"], "text": fixed}, ensure_ascii=False))
print(json.dumps({"seconds": seconds, "mb": size / 1e6}))
