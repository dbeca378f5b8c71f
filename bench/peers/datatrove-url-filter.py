"""datatrove's URLFilter, run from its source tree, on the URLs bench/url-filter.ts writes.

usage: DATATROVE_SRC=... python3 datatrove-url-filter.py URLS.jsonl DOMAINS.txt OUT.jsonl
Needs Debian's python3-tldextract and python3-ahocorasick, and bench/peers/shims on PYTHONPATH.
The word lists are read from datatrove's own assets (use_integrated_lists=False only skips the
bundled domain/URL tarball, which a git checkout without LFS does not hold).
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.environ["DATATROVE_SRC"], "src"))
from datatrove.data import Document  # noqa: E402
from datatrove.pipeline.filters.url_filter import URLFilter  # noqa: E402

assets = os.path.join(os.environ["DATATROVE_SRC"], "src", "datatrove", "assets")
urls_file, domains_file, out_file = sys.argv[1:4]
with open(domains_file) as f:
    domains = [line.strip() for line in f if line.strip()]
with open(os.path.join(assets, "banned_words.txt")) as bw, open(os.path.join(assets, "banned_subwords.txt")) as bs, open(os.path.join(assets, "soft_banned_words.txt")) as sw:
    url_filter = URLFilter(extra_domains=domains, use_integrated_lists=False, banned_words=list(bw), banned_subwords=list(bs), soft_banned_words=list(sw))
with open(urls_file) as f:
    urls = [json.loads(line)["url"] for line in f]
docs = [Document(text="x", id=str(i), metadata={"url": u}) for i, u in enumerate(urls)]
best = float("inf")
for _ in range(3):
    start = time.perf_counter()
    verdicts = [url_filter.filter(d) for d in docs]
    best = min(best, time.perf_counter() - start)
with open(out_file, "w") as f:
    for v in verdicts:
        f.write(json.dumps(True if v is True else v[1]) + "\n")
print(json.dumps({"seconds": best, "urls": len(urls)}))
