"""Random mixes of letters, digits, punctuation and the languages' tricky pieces, for the spaCy rule tests.

    python3 bench/peers/spacy-mixed-texts.py > texts.jsonl
    python3 bench/peers/spacy-tokens.py texts.jsonl --language-field lang --out OUT.jsonl

tests/fixtures/spacy-langs-mixed-tokens.jsonl keeps id, lang, text and tokens of OUT (seeded: the
same texts every run). They stress what real paragraphs rarely show: affixes piled up, runs of
marks, special cases next to punctuation, odd whitespace.
"""
import json
import random

random.seed(7)
pieces = list("aäbcdeéfghijklmnoöpqrstuüvwxyzßABCÄDEÉZ0123456789") + list(".,;:!?'’\"()[]{}-–—/\\&%$€°+*=<>@#…«»„“”‘")
pieces += ["z.B.", "usw.", "l'", "d’", "dell'", "http://x.de/a", "www.example.com", "см.", "т.е.", "etc.", "Dr.", "St.", "10km", "5%", "--", "...", ":)", "ca.", "bzw.", "qu'il", "aujourd'hui", "Sr.", "n.º"]
langs = ["de", "fr", "ru", "es", "it", "pt", "nl"]
for i in range(700):
    parts = []
    for _ in range(random.randint(3, 30)):
        parts.append("".join(random.choice(pieces) for _ in range(random.randint(1, 6))))
        parts.append(random.choice([" ", " ", " ", "", "\n", "  ", "\t"]))
    print(json.dumps({"id": f"f{i}", "lang": langs[i % 7], "text": "".join(parts)}, ensure_ascii=False))
