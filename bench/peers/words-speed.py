"""datatrove's word tokenization alone, timed over the sample (the floor of its word-based filters).

    python3 bench/peers/words-speed.py [SAMPLE.jsonl]   (default /tmp/corpuskit-peers/sample.jsonl)

spacy.blank("en") token texts, stripped, blanks dropped (datatrove's SpaCyTokenizer.word_tokenize,
without spaCy 3.8's memory_zone) on every document, and jieba.cut (the segmenter of its Chinese
pipeline) on the Chinese ones; best of 3. corpuskit's counterpart is the "words alone" row of
`npm run bench -- filters`. PYTHONPATH as for datatrove-filters.py (README.md).
"""
import json, re, sys, time
import thinc.api

# spaCy 3.7 imports thinc.api.ParametricAttention_v2 (thinc >= 8.2), which a blank pipeline never
# builds; Debian bookworm ships thinc 8.1 (as in spacy-tokens.py)
if not hasattr(thinc.api, "ParametricAttention_v2"):
    thinc.api.ParametricAttention_v2 = lambda *a, **k: None
import spacy, jieba
jieba.setLogLevel(60)
sample = sys.argv[1] if len(sys.argv) > 1 else "/tmp/corpuskit-peers/sample.jsonl"
docs = [json.loads(l)["text"] for l in open(sample, encoding="utf-8")]
han = re.compile(r"[\u4e00-\u9fff]"); kana = re.compile(r"[\u3040-\u30ff]")
mb = lambda ts: sum(len(t.encode()) for t in ts) / 1e6
nlp = spacy.blank("en")
def best(f):
    b = 1e9
    for _ in range(3):
        t = time.perf_counter(); f(); b = min(b, time.perf_counter() - t)
    return b
def words(t):
    nlp.max_length = len(t) + 10
    return [w.text.strip() for w in nlp(t) if w.text.strip()]
t = best(lambda: [words(d) for d in docs])
print(f"spaCy en on every document: {mb(docs)/t:.2f} MB/s ({mb(docs):.2f} MB)")
zh = [d for d in docs if han.search(d[:2000]) and not kana.search(d)]
list(jieba.cut("预热"))
t = best(lambda: [[w.strip() for w in jieba.cut(d) if w.strip()] for d in zh])
print(f"jieba on the {len(zh)} Chinese documents: {mb(zh)/t:.2f} MB/s ({mb(zh):.2f} MB)")
