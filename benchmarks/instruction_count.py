"""Count the machine instructions two versions of quoteattr spend reading a CoNLL-U
parse and attributing its quotes: a measure the shared machine's load does not move.

    python benchmarks/instruction_count.py OLD [--new .] [--copies 50]

``OLD`` (and ``--new``) are git revisions or ``.`` for the working tree, checked out
with ``benchmarks/revisions.py`` as ``benchmarks/side_by_side.py`` does. The document is
the example article repeated
``--copies`` times (as ``benchmarks/attribution_speed.py`` builds it, from this tree's
copy of the example, so that both versions read the same input). Each version runs
three times under ``valgrind --tool=callgrind`` (imports only; imports and reading;
imports, reading and attribution), and the differences are printed in millions of
instructions. Python's own start-up is the same in all three and drops out. Needs
valgrind; a run takes about a minute per version at 50 copies (valgrind is some 40
times slower than Python alone). Counts move by a few million from run to run, with
the hash seed.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Dict, Optional, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.revisions import REPO, checkout  # noqa: E402

EXAMPLE = REPO / "examples" / "harbour.conllu"  # this tree's copy, so both versions read the same

# Runs inside the version under test; what it does depends on the mode.
_PROBE = r"""
import re, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from quoteattr.parsed import read_conllu
from quoteattr.attribution import attribute
one = re.sub(r"start_char=\d+\|end_char=\d+\|?", "", Path(sys.argv[4]).read_text(encoding="utf-8"))
one = "\n".join(line + "_" if line.endswith("\t") else line for line in one.split("\n"))
source = one * int(sys.argv[2])
if sys.argv[3] != "none":
    doc = read_conllu(source)
    if sys.argv[3] == "all":
        attribute(doc)
"""


def _count(root: Path, copies: int, mode: str) -> int:
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
                           "-c", _PROBE, str(root), str(copies), mode, str(EXAMPLE)],
                          capture_output=True, text=True, cwd=str(root), check=True)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if not found:
        raise SystemExit(f"no instruction count in valgrind's output:\n{done.stderr[-500:]}")
    return int(found.group(1))


def measure(root: Path, copies: int) -> Dict[str, float]:
    none, read, both = (_count(root, copies, mode) for mode in ("none", "read", "all"))
    return {"reading": (read - none) / 1e6, "attribution": (both - read) / 1e6}


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", help="git revision of the old version")
    parser.add_argument("--new", default=".", help="git revision of the new version ('.' = working tree)")
    parser.add_argument("--copies", type=int, default=50, help="copies of the example article in the document")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        parser.error("valgrind is not installed (apt-get install valgrind)")
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        trees = {name: stack.enter_context(checkout(rev, Path(tmp) / name))
                 for name, rev in (("old", args.old), ("new", args.new))}
        counts = {name: measure(root, args.copies) for name, root in trees.items()}
    print(f"millions of instructions, the example article x {args.copies}")
    print(f"{'version':<12}{'reading':>10}{'attribution':>13}{'both':>8}")
    for name in ("old", "new"):
        label = f"{name} {(args.old if name == 'old' else args.new)[:7]}"
        c = counts[name]
        print(f"{label:<12}{c['reading']:>10.0f}{c['attribution']:>13.0f}{c['reading'] + c['attribution']:>8.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
