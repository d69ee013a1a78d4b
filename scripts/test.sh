#!/usr/bin/env bash
# The project's test command (README.md; .ci/run runs exactly this).
# Installs what the tests need, CPU-only torch first, then runs the suite.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install -q torch==2.13.0
python3 -m pip install -q -e ".[dev]"
python3 -m pytest -q
