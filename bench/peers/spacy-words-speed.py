"""spaCy's own tokenizer per language, timed: what datatrove's split_into_words costs there.

    python3 bench/peers/spacy-words-speed.py SAMPLE.jsonl LANG...

For each LANG, the sample documents whose metadata.language is LANG, tokenized by spacy.blank(LANG)
(token texts stripped, blanks dropped: datatrove's SpaCyTokenizer.word_tokenize); best of 3. Prints
one JSON line per language {language, documents, mb, seconds}. corpuskit's counterpart:
`npm run bench -- spacy-words`. PYTHONPATH as for datatrove-filters.py (README.md).
"""
import json, sys, time
import thinc.api

# a blank pipeline never builds ParametricAttention_v2 (thinc >= 8.2; Debian ships 8.1), as in spacy-tokens.py
if not hasattr(thinc.api, "ParametricAttention_v2"):
    thinc.api.ParametricAttention_v2 = lambda *a, **k: None
import spacy

records = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
for lang in sys.argv[2:]:
    docs = [r["text"] for r in records if (r.get("metadata") or {}).get("language") == lang]
    if not docs:
        continue
    nlp = spacy.blank(lang)

    def words(t):
        nlp.max_length = len(t) + 10
        return [w.text.strip() for w in nlp(t) if w.text.strip()]

    words("warm up")
    best = 1e9
    for _ in range(3):
        t = time.perf_counter()
        for d in docs:
            words(d)
        best = min(best, time.perf_counter() - t)
    print(json.dumps({"language": lang, "documents": len(docs), "mb": sum(len(d.encode()) for d in docs) / 1e6, "seconds": best}), flush=True)
