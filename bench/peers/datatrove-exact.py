#!/usr/bin/env python3
"""datatrove's three exact-dedup stages, timed on a folder of JSONL files, with T tasks.

    DATATROVE_SRC=/tmp/datatrove python3 bench/peers/datatrove-exact.py IN_DIR WORK_DIR TASKS

ExactDedupSignature (content: simplify_text(doc.text), as corpuskit's exact_dedup keys it; default
HashConfig), ExactFindDedups (finder_workers = TASKS, one finder task per hash range), then
ExactDedupFilter with a JsonlWriter (no compression), each a LocalPipelineExecutor run with
workers=1 (tasks one after the other, as `npm run bench -- exact-stages` runs ours), reading the
input with JsonlReader in both the first and the last stage, as datatrove's example does.
One JSON line on stdout: {"tasks", "seconds", "kept"}.
"""

import glob
import gzip
import json
import os
import sys
import time

src = os.environ.get("DATATROVE_SRC")
if not src:
    print("datatrove-exact.py: set DATATROVE_SRC (bench/peers/README.md)", file=sys.stderr)
    sys.exit(2)
sys.path.insert(0, os.path.join(src, "src") if os.path.isdir(os.path.join(src, "src", "datatrove")) else src)

import logging  # noqa: E402

from loguru import logger  # noqa: E402

logger.remove()
logging.disable(logging.WARNING)

import fsspec.spec  # noqa: E402

# Debian bookworm's fsspec 2022.11 computes glob()'s depth from the pattern itself and refuses the
# maxdepth datatrove 0.10 passes (a newer fsspec option): dropped here, the patterns are flat.
_glob = fsspec.spec.AbstractFileSystem.glob
fsspec.spec.AbstractFileSystem.glob = lambda self, path, maxdepth=None, **kw: _glob(self, path, **kw)

from datatrove.data import Document  # noqa: E402
from datatrove.executor.local import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.dedup.exact_dedup import ExactDedupConfig, ExactDedupFilter, ExactDedupSignature, ExactFindDedups  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402
from datatrove.utils.text import simplify_text  # noqa: E402


def content(doc: Document) -> str:
    return simplify_text(doc.text)


def main() -> None:
    data, work, tasks = sys.argv[1], sys.argv[2], int(sys.argv[3])
    config = ExactDedupConfig(content_getter=content)
    sigs, dups, out = (os.path.join(work, x) for x in ("sigs", "dups", "out"))
    stages = [
        [JsonlReader(data, compression=None), ExactDedupSignature(output_folder=sigs, config=config, finder_workers=tasks)],
        [ExactFindDedups(data_folder=sigs, output_folder=dups, config=config)],
        [JsonlReader(data, compression=None), ExactDedupFilter(data_folder=dups, config=config), JsonlWriter(out, compression=None)],
    ]
    start = time.perf_counter()
    for i, pipeline in enumerate(stages):
        LocalPipelineExecutor(pipeline=pipeline, tasks=tasks, workers=1, logging_dir=os.path.join(work, f"logs{i}")).run()
    seconds = time.perf_counter() - start
    kept = 0
    for f in glob.glob(os.path.join(out, "*")):
        opener = gzip.open if f.endswith(".gz") else open
        with opener(f, "rt") as fh:
            kept += sum(1 for line in fh if line.strip())
    print(json.dumps({"tasks": tasks, "seconds": seconds, "kept": kept}))


if __name__ == "__main__":
    main()
