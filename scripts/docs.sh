#!/usr/bin/env bash
# Build the documentation site into site/ (gitignored); any warning fails the build.
# The CLI page and the API reference are generated from the code, so quoteattr and its
# dependencies must be importable: when they are not, install them, CPU-only torch first.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install -q -r docs/requirements.txt
if ! python3 -c "import attrs, regex, quoteattr.cli" 2>/dev/null; then
    python3 -m pip install -q torch==2.13.0
    python3 -m pip install -q -e .
fi
# Material for MkDocs prints a notice about MkDocs 2.0 on every build; it is not a warning.
export NO_MKDOCS_2_WARNING=1
python3 -m mkdocs build --strict -d site "$@"
