"""datatrove's n-gram decontamination on the documents bench/decont.ts writes: the index from
NGramsDecontIndexer.compute_hashes (its own n-gram and hash code; run() is not called because it
imports lighteval for its task tables, which is not installed here), saved as datatrove saves it
(<task>.index.hashes, uint64), then NGramsDecontFilter.filter on every document, timed in CPU seconds (time.process_time).

  DATATROVE_SRC=... python3 bench/peers/datatrove-decont.py WORKDIR

WORKDIR holds items.jsonl ({benchmark, language, query, answer}) and docs.jsonl ({id, text, han});
writes datatrove.jsonl ({id, contaminated, task}) and prints a JSON summary on the last line.
English benchmarks go through a filter with language "en" (spaCy's English tokenizer), Chinese
ones through a second filter with language "cmn_Hani" (spaCy zh + jieba), which runs only on
documents that hold Han characters, as the corpuskit side does.
"""

import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.environ["DATATROVE_SRC"], "src"))

import numpy as np  # noqa: E402

import datatrove.pipeline.decont.n_grams as n_grams_module  # noqa: E402

from datatrove.data import Document  # noqa: E402
from datatrove.pipeline.decont.n_grams import NGramsDecontConfig, NGramsDecontFilter, NGramsDecontIndexer  # noqa: E402
from datatrove.utils.typeshelper import Languages  # noqa: E402

# DECONT_TOKENIZER=split: where spaCy is not built, datatrove's word tokenizer is stood in for:
# English by str.split() (on simplify_text's output, lowercase and without datatrove's punctuation,
# spaCy's English tokens are the whitespace runs except exception words such as "cannot" and
# units after numbers such as "0km"), Chinese by Python jieba's cut() with HMM, tokens stripped and
# empty ones dropped, which is what spaCy's zh tokenizer with the jieba segmenter returns. The rest
# (simplify_text, n-grams, xxhash64, the index files, the filter) is datatrove's own code.
if os.environ.get("DECONT_TOKENIZER") == "split":
    import jieba

    class _Split:
        def __init__(self, language):
            self.chinese = language.startswith("cmn") or language.startswith("zh")

        def word_tokenize(self, text):
            if self.chinese:
                return [t.strip() for t in jieba.cut(text) if t.strip()]
            return text.split()

    n_grams_module.load_word_tokenizer = _Split

# the indexer declares lighteval for run()'s task tables, which compute_hashes does not use
NGramsDecontIndexer._requires_dependencies = []

work = sys.argv[1]
n_grams = int(os.environ.get("DECONT_N", "12"))
config = NGramsDecontConfig(n_grams=n_grams, find_query_ngrams=True, find_overlap_ngrams=True)

items = [json.loads(line) for line in open(os.path.join(work, "items.jsonl"), encoding="utf-8")]
docs = [json.loads(line) for line in open(os.path.join(work, "docs.jsonl"), encoding="utf-8")]

summary = {"index_seconds": {}, "hashes": {}}
filters = {}
for language, dt_language in (("en", Languages.english), ("zh", "cmn_Hani")):
    subset = [it for it in items if it["language"] == language]
    if not subset:
        continue
    folder = os.path.join(work, f"datatrove-index-{language}")
    os.makedirs(folder, exist_ok=True)
    for f in os.listdir(folder):
        os.remove(os.path.join(folder, f))
    indexer = NGramsDecontIndexer(output_folder=folder, lighteval_tasks=[], config=config, language=dt_language)
    t0 = time.perf_counter()
    hashes = {}
    for it in subset:
        hashes.setdefault(it["benchmark"], set()).update(indexer.compute_hashes(it["answer"], it["query"] or None))
    for task, task_hashes in hashes.items():
        np.array(list(task_hashes), dtype=config.hash_config.np_descr).tofile(os.path.join(folder, f"{task}.index.hashes"))
        summary["hashes"][task] = len(task_hashes)
    summary["index_seconds"][language] = time.perf_counter() - t0
    filt = NGramsDecontFilter(index_folder=folder, config=config, language=dt_language)
    # load_index_hashes() lists the folder with a glob that Debian's fsspec 2022 rejects
    # (find() got maxdepth twice); the same table built the same way: hash -> task name
    filt._index_hashes = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith(".index.hashes"):
            for h in np.fromfile(os.path.join(folder, name), dtype=np.dtype(config.hash_config.np_descr)).tolist():
                filt._index_hashes[h] = name.removesuffix(".index.hashes")
    filters[language] = filt

out = []
seconds = 0.0
for d in docs:
    doc = Document(text=d["text"], id=d["id"], metadata={})
    task = None
    t0 = time.process_time()
    for language, filt in filters.items():
        if language == "zh" and not d.get("han"):
            continue
        if filt.filter(doc) is not True:
            task = doc.metadata.get("contaminated_task")
            break
    seconds += time.process_time() - t0
    out.append({"id": d["id"], "contaminated": task is not None, "task": task})

with open(os.path.join(work, "datatrove.jsonl"), "w", encoding="utf-8") as f:
    for r in out:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
summary["filter_seconds"] = seconds
summary["bytes"] = sum(len(d["text"].encode("utf-8")) for d in docs)
print(json.dumps(summary))
