#!/usr/bin/env bash
# Build the sdist and the wheel (python -m build) and install each into a fresh virtual
# environment, then run what a user runs first: the command, the library on an example,
# and the spaCy component through its entry point.
#
# Offline and quick: --no-isolation builds with the setuptools already installed, and the
# venvs borrow the installed dependencies (--system-site-packages) while quoteattr itself
# is installed from the built file with --no-deps. The wheel is built from the sdist, so
# a file missing from the sdist fails here too.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! python3 -m build --no-isolation --outdir "$work/dist" . >"$work/build.log" 2>&1; then
    cat "$work/build.log"
    echo "check_dist: python -m build failed (is the 'build' package installed? pip install build)"
    exit 1
fi
ls "$work/dist"

for kind in tar.gz whl; do
    venv="$work/venv-${kind%%.*}"
    # no pip or setuptools of its own: the ones installed outside build and install
    python3 -m venv --system-site-packages --without-pip "$venv"
    python3 -m pip --python "$venv/bin/python" install -q --no-deps --no-build-isolation \
        "$work"/dist/*."$kind"
    "$venv/bin/quoteattr" --version
    # from outside the checkout, so that only the installed copy can be imported
    (cd "$work" && REPO="$repo" "$venv/bin/python" - <<'PY'
import importlib.metadata
import os
import pathlib
import sys

import quoteattr

where = os.path.dirname(quoteattr.__file__)
assert where.startswith(sys.prefix), f"imported {where}, not the installed copy in {sys.prefix}"
assert importlib.metadata.version("quoteattr") == quoteattr.__version__
assert "say" in quoteattr.Lexicon.default(), "the lexicon data file is missing"
example = os.path.join(os.environ["REPO"], "examples", "harbour")
text = open(example + ".txt", encoding="utf-8").read()
quotes = quoteattr.from_conllu(pathlib.Path(example + ".conllu"), text=text)
assert quotes and all(text[q.start:q.end] == q.text for q in quotes)
try:
    import spacy
except ImportError:
    print("check_dist: spaCy not installed; component check skipped")
else:
    nlp = spacy.blank("en")
    nlp.add_pipe("quoteattr")  # no import of quoteattr.spacy_component: the entry point finds it
    module = sys.modules["quoteattr.spacy_component"]
    assert module.__file__.startswith(sys.prefix), module.__file__
print(f"check_dist: {os.path.basename(sys.prefix)} OK ({len(quotes)} quotes from the example)")
PY
    )
done
