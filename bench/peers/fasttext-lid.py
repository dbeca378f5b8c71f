#!/usr/bin/python3
"""Native fastText (Debian's python3-fasttext) on texts given as JSONL, one {"text": ...} a line.

  fasttext-lid.py MODEL TEXTS.jsonl predict [K]   -> one {"labels": [...], "scores": [...]} a line
  fasttext-lid.py MODEL TEXTS.jsonl time ROUNDS   -> {"seconds": best of ROUNDS, "bytes": UTF-8 bytes}

The texts get what datatrove's LanguageFilter gives fastText: "\n" replaced by " " (fastText's
Python predict refuses a newline and appends one itself). Timing covers predict alone, one core.
"""
import json
import sys
import time

import fasttext

fasttext.FastText.eprint = lambda *args, **kwargs: None  # the load warning about the deprecated API


def main() -> None:
    model_path, texts_path, mode = sys.argv[1:4]
    model = fasttext.load_model(model_path)
    with open(texts_path, encoding="utf-8") as f:
        texts = [json.loads(line)["text"].replace("\n", " ") for line in f if line.strip()]
    if mode == "predict":
        k = int(sys.argv[4]) if len(sys.argv) > 4 else 1
        out = sys.stdout
        for text in texts:
            labels, scores = model.predict(text, k=k)
            out.write(json.dumps({"labels": [l.replace("__label__", "") for l in labels], "scores": [float(s) for s in scores]}) + "\n")
    elif mode == "time":
        rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 3
        best = float("inf")
        for _ in range(rounds):
            t0 = time.process_time()
            for text in texts:
                model.predict(text, k=1)
            best = min(best, time.process_time() - t0)
        print(json.dumps({"seconds": best, "bytes": sum(len(t.encode("utf-8")) for t in texts)}))
    else:
        sys.exit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
