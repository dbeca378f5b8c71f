#!/usr/bin/env bash
# Prepare datatrove's heuristic filters to run from source on Debian bookworm, with Debian's Python
# packages only (no PyPI): apt packages, datatrove's source, spaCy 3.7.5 built from source (Debian
# has no spaCy), weasel and cloudpathlib (pure Python, imported by spaCy's CLI at start-up), the
# C4 bad-words lists datatrove pins, placed where datatrove looks for its downloads.
#
#   DATATROVE_GIT=... SPACY_GIT=... WEASEL_GIT=... CLOUDPATHLIB_GIT=... LDNOOBW_GIT=... \
#     bash bench/peers/setup-datatrove.sh [PREFIX]        (PREFIX default /tmp/corpuskit-peers)
#
# Each *_GIT is a git directory (a clone or a bare mirror) of: huggingface/datatrove,
# explosion/spaCy (needs tag v3.7.5), explosion/weasel (tag v0.4.1), drivendataorg/cloudpathlib
# (tag v0.16.0), LDNOOBW/List-of-Dirty-Naughty-Obscene-and-Otherwise-Bad-Words (commits 25e679f0
# and 5faf2ba4, the ones datatrove's c4_filters.py pins). Nothing is downloaded by this script
# except Debian packages. It prints the environment to export at the end.
set -euo pipefail
PREFIX="${1:-/tmp/corpuskit-peers}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for v in DATATROVE_GIT SPACY_GIT WEASEL_GIT CLOUDPATHLIB_GIT LDNOOBW_GIT; do
  if [ -z "${!v:-}" ]; then echo "setup-datatrove.sh: set $v to a git directory (see the header of this script)" >&2; exit 2; fi
done
mkdir -p "$PREFIX"
PY=/usr/bin/python3

# 1. Debian packages: datatrove's core imports (loguru fsspec numpy regex humanize tqdm dill
#    multiprocess), fasteners (asset cache lock), jieba (spaCy zh segmenter), xxhash and fasttext
#    (MinHash / language ID), and spaCy's build and run dependencies that Debian has.
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  python3-numpy python3-regex python3-nltk python3-loguru python3-fsspec python3-tqdm \
  python3-multiprocess python3-dill python3-humanize python3-fasteners python3-jieba python3-xxhash \
  python3-fasttext python3-dev g++ cython3 python3-thinc python3-srsly python3-cymem python3-preshed \
  python3-murmurhash python3-catalogue python3-wasabi python3-pydantic python3-typer python3-confection \
  python3-packaging python3-jinja2 python3-requests python3-smart-open python3-click python3-setuptools >/dev/null

# 2. datatrove's source (the work tree of its HEAD; a blob the mirror lacks, such as the URL
#    blocklist tarball, is skipped: the filters run here do not read it)
rm -rf "$PREFIX/datatrove"
mkdir -p "$PREFIX/datatrove"
git --git-dir="$DATATROVE_GIT" ls-tree -r HEAD | while read -r _ type sha path; do
  [ "$type" = blob ] || continue
  mkdir -p "$PREFIX/datatrove/$(dirname "$path")"
  git --git-dir="$DATATROVE_GIT" cat-file blob "$sha" >"$PREFIX/datatrove/$path" 2>/dev/null || { rm -f "$PREFIX/datatrove/$path"; echo "  datatrove: skipped $path (not in the mirror)"; }
done
echo "datatrove $(git --git-dir="$DATATROVE_GIT" rev-parse --short HEAD) -> $PREFIX/datatrove"

# 3. spaCy 3.7.5: the newest spaCy that builds with Debian's Cython 0.29 and thinc 8.1; its English,
#    multi-language and Chinese tokenizer rules and its sentencizer are the same as 3.8's (checked
#    with git diff v3.7.5 release-v3.8.15 -- spacy/lang spacy/tokenizer.pyx spacy/pipeline/sentencizer.pyx:
#    formatting and cache-size changes only). setup_requires is removed (it would ask PyPI).
SP="$PREFIX/spacy-3.7.5"
if [ ! -f "$SP/spacy/tokenizer.cpython-311-x86_64-linux-gnu.so" ]; then
  rm -rf "$SP" && mkdir -p "$SP"
  git --git-dir="$SPACY_GIT" archive v3.7.5 spacy setup.py setup.cfg pyproject.toml MANIFEST.in requirements.txt LICENSE README.md | tar -x -C "$SP"
  $PY - "$SP/setup.cfg" <<'EOF'
import re, sys
p = sys.argv[1]
s = open(p).read()
open(p, "w").write(re.sub(r"setup_requires =\n(?:    .*\n)+", "", s))
EOF
  (cd "$SP" && $PY setup.py build_ext --inplace -j "$(nproc)" >"$PREFIX/spacy-build.log" 2>&1) || { echo "spaCy build failed: $PREFIX/spacy-build.log" >&2; exit 1; }
  # distribution metadata, for datatrove's check_required_dependencies(["spacy"])
  mkdir -p "$SP/spacy-3.7.5.dist-info"
  printf 'Metadata-Version: 2.1\nName: spacy\nVersion: 3.7.5\n' >"$SP/spacy-3.7.5.dist-info/METADATA"
fi
echo "spaCy 3.7.5 -> $SP"

# 4. weasel and cloudpathlib: pure Python, imported by spacy/cli at spaCy's start-up
rm -rf "$PREFIX/pydeps" && mkdir -p "$PREFIX/pydeps"
git --git-dir="$WEASEL_GIT" archive v0.4.1 weasel | tar -x -C "$PREFIX/pydeps"
git --git-dir="$CLOUDPATHLIB_GIT" archive v0.16.0 cloudpathlib | tar -x -C "$PREFIX/pydeps"

# 5. the C4 bad-words lists at the commits datatrove pins, in datatrove's asset cache
export HF_ASSETS_CACHE="$PREFIX/hf-assets"
PYTHONPATH="$HERE/shims:$PREFIX/datatrove/src" LDNOOBW_GIT="$LDNOOBW_GIT" $PY - <<'EOF'
import os, subprocess
from fsspec.core import strip_protocol
from datatrove.io import cached_assets_path
from datatrove.pipeline.filters import c4_filters as c
d = cached_assets_path(library_name="datatrove", namespace="filters", subfolder="c4_badwords")
for lang in c._BADWORDS_LANGS:
    url = c._BADWORDS_URL + lang if lang != "en" else c._EN_BADWORDS_URL
    commit = url.rstrip("/").split("/")[-2]
    data = subprocess.run(["git", f"--git-dir={os.environ['LDNOOBW_GIT']}", "show", f"{commit}:{lang}"], capture_output=True, check=True).stdout
    path = os.path.join(d, strip_protocol(url).replace("/", "_"))
    with open(path, "wb") as f:
        f.write(data)
    open(path + ".completed", "a").close()  # datatrove's "downloaded" marker
print(f"C4 bad-words lists ({len(c._BADWORDS_LANGS)} languages) -> {d}")
EOF

cat <<EOF

Ready. Export:
  export DATATROVE_SRC=$PREFIX/datatrove
  export PYTHONPATH=$HERE/shims:$SP:$PREFIX/pydeps
  export HF_ASSETS_CACHE=$PREFIX/hf-assets
  export DATATROVE_PYTHON=$PY
EOF
