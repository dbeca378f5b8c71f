#!/usr/bin/env python3
"""datatrove's PIIFormatter on a JSONL of documents: the text it gives back, and what it replaced.

    DATATROVE_SRC=/tmp/datatrove python3 bench/peers/pii-datatrove.py IN.jsonl > OUT.jsonl

The formatter module (src/datatrove/pipeline/formatters/pii.py) needs only `re`, `ipaddress` and
its base class; the base class pulls in the rest of datatrove, so it is replaced by a stand-in
(a BaseFormatter with nothing but __init__), and the module is loaded from the source tree as is.
Its replacement cycle is reset for each document (corpuskit restarts it per document; datatrove
carries it on across a worker's documents), so outputs compare document by document.

One JSON line per document: {"id", "text", "emails", "ips"} (emails: matches of its email pattern;
ips: matches of its IP pattern that its validator accepts, on the text after email replacement),
then a last line {"seconds", "mb"} for format() alone.
"""

import importlib.util
import json
import os
import sys
import time
import types

src = os.environ.get("DATATROVE_SRC")
if not src:
    sys.exit("pii-datatrove.py: set DATATROVE_SRC to a datatrove source tree (the folder holding src/datatrove)")
path = os.path.join(src, "src", "datatrove", "pipeline", "formatters", "pii.py")

# the module imports its base class by its absolute name (datatrove.pipeline.formatters.base); the
# packages on that path are registered empty, the base module as the stand-in
for name in ["datatrove", "datatrove.pipeline", "datatrove.pipeline.formatters"]:
    package = types.ModuleType(name)
    package.__path__ = []
    sys.modules[name] = package
base = types.ModuleType("datatrove.pipeline.formatters.base")


class BaseFormatter:
    def __init__(self):
        pass


base.BaseFormatter = BaseFormatter
sys.modules["datatrove.pipeline.formatters.base"] = base
spec = importlib.util.spec_from_file_location("datatrove.pipeline.formatters.pii", path)
pii = importlib.util.module_from_spec(spec)
spec.loader.exec_module(pii)

formatter = pii.PIIFormatter()
docs = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
seconds = 0.0
size = 0
for doc in docs:
    text = doc["text"]
    size += len(text.encode("utf-8", "surrogatepass"))
    formatter.emails_replacer._replace_i = 0
    formatter.ip_replacer._replace_i = 0
    t0 = time.perf_counter()
    out = formatter.format(text)
    seconds += time.perf_counter() - t0
    emails = [m.group(0) for m in formatter.emails_replacer.regex.finditer(text)]
    after = formatter.emails_replacer.regex.sub("x", text)
    ips = [m.group(0) for m in formatter.ip_replacer.regex.finditer(after) if formatter.ip_replacer.validator(m.group(0))]
    print(json.dumps({"id": doc["id"], "text": out, "emails": emails, "ips": ips}, ensure_ascii=False))
print(json.dumps({"seconds": seconds, "mb": size / 1e6}))
