#!/usr/bin/env bash
# The project's test command (README.md; .ci/run runs exactly this).
# Installs what the tests need, CPU-only torch first, then runs the test suite,
# builds the docs with warnings as errors and runs every example and the notebook.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install -q torch==2.13.0
python3 -m pip install -q -e ".[dev,ray]"   # ray: tests/test_ray.py on a local Ray instance
bash scripts/ci_browser.sh          # headless Chromium for tests/test_browser.py (skips without it)
python3 -m pytest -q
bash scripts/docs.sh                # mkdocs build --strict; also installs nbclient for the notebook
python3 scripts/run_examples.py     # examples/*.py and examples/explore.ipynb
