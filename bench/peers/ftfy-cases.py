"""Regenerate tests/fixtures/ftfy-cases.json from ftfy's public test cases.

ftfy's tests/test-cases/*.json hold real and synthetic mojibake with the text ftfy's author expects
back. corpuskit's fix_text repairs only UTF-8 read as Windows-1252 or Latin-1 (and the C1 controls
such reading leaves), so only the cases ftfy itself explains with those steps apply; ftfy's negative
cases (text it must leave alone) apply too when fix_encoding leaves them unchanged.

  git clone https://github.com/rspeer/python-ftfy /tmp/ftfy-src   # v6.3.1 @ 74dd0452
  FTFY_SRC=/tmp/ftfy-src python3 bench/peers/ftfy-cases.py > tests/fixtures/ftfy-cases.json

ftfy imports wcwidth only for its formatting helpers; without the package a stub is put on the path.
"""
import json
import os
import sys
import tempfile

src = os.environ.get("FTFY_SRC", "/tmp/ftfy-src")
sys.path.insert(0, src)
try:
    import wcwidth  # noqa: F401
except ImportError:
    stub = tempfile.mkdtemp()
    with open(os.path.join(stub, "wcwidth.py"), "w") as f:
        f.write("def wcwidth(c):\n    return 1\n\ndef wcswidth(s):\n    return len(s)\n")
    sys.path.insert(0, stub)
import ftfy  # noqa: E402

APPLIES = {
    ("encode", "latin-1"),
    ("encode", "sloppy-windows-1252"),
    ("decode", "utf-8"),
    ("apply", "decode_inconsistent_utf8"),
    ("transcode", "fix_c1_controls"),
}

out = []
for name in ["in-the-wild", "synthetic", "negative", "language-names"]:
    with open(os.path.join(src, "tests", "test-cases", f"{name}.json"), encoding="utf-8") as f:
        cases = json.load(f)
    for case in cases:
        if case.get("expect") != "pass":
            continue
        expected = case.get("fixed-encoding", case["fixed"])
        fixed, steps = ftfy.fix_encoding_and_explain(case["original"])
        if fixed != expected:
            continue  # ftfy's fix_text does more than fix_encoding here (quotes, ligatures, ...)
        if not all(tuple(step) in APPLIES for step in steps):
            continue  # another codepage (1250, 1251, MacRoman...) or a lossy repair
        out.append({"file": f"{name}.json", "label": case["label"], "original": case["original"], "expected": expected, "steps": [list(s) for s in steps]})

json.dump({"source": "rspeer/python-ftfy tests/test-cases (Apache-2.0)", "ftfy": ftfy.__version__, "cases": out}, sys.stdout, ensure_ascii=False, indent=1)
print()
