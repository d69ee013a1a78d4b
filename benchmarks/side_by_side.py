"""Time two versions of quoteattr in one run, alternating, so machine noise hits both.

    python benchmarks/side_by_side.py OLD [--new .] [--rounds 3] [--data ../shared/polnear/dev]

``OLD`` (and ``--new``) are git revisions or ``.`` for the working tree; each is checked
out into a temporary ``git worktree``. Every round times, in a fresh interpreter for
each version: ``from_conllu`` on one long document (the example article repeated 400
times, as ``benchmarks/attribution_speed.py`` builds it), attribution alone on the same
document read beforehand (``attribute`` on the ``Document``), and ``from_conllu`` on
all PolNeAR dev articles from their CoreNLP parses. The best round of each version is
printed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Dict, List, Optional, Sequence

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.revisions import checkout  # noqa: E402

DEV = REPO.parent / "shared" / "polnear" / "dev"

# Runs inside the version under test (its package first on sys.path); prints JSON.
_PROBE = r"""
import json, re, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import quoteattr
example = Path(sys.argv[2]).read_text(encoding="utf-8")
one = re.sub(r"start_char=\d+\|end_char=\d+\|?", "", example)
one = "\n".join(line + "_" if line.endswith("\t") else line for line in one.split("\n"))
source = one * 400
t = time.perf_counter(); quotes = quoteattr.from_conllu(source); long_s = time.perf_counter() - t
n_quotes = max(1, len(quotes))
tokens = sum(1 for line in source.split("\n") if line[:1].isdigit())
from quoteattr.parsed import read_conllu
from quoteattr.attribution import attribute
del quotes
parsed = read_conllu(source)
t = time.perf_counter(); attribute(parsed); attribution_s = time.perf_counter() - t
del parsed
dev = Path(sys.argv[3])
pairs = []
for path in sorted((dev / "conllu").glob("*.conllu")):
    with open(path, encoding="utf-8", newline="") as f:
        conllu = f.read()
    with open(dev / "text" / (path.stem + ".txt"), encoding="utf-8", newline="") as f:
        pairs.append((conllu, f.read()))
t = time.perf_counter()
for conllu, text in pairs:
    quoteattr.from_conllu(conllu, text=text)
dev_s = time.perf_counter() - t
print(json.dumps({"long_tokens_per_s": tokens / long_s, "attribution_only_tokens_per_s": tokens / attribution_s,
                  "ms_per_quote": 1000 * long_s / n_quotes,
                  "dev_articles_per_s": len(pairs) / dev_s if pairs else 0.0}))
"""


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", help="git revision of the old version")
    parser.add_argument("--new", default=".", help="git revision of the new version ('.' = working tree)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--data", type=Path, default=DEV, help="PolNeAR dev (its conllu/ and text/ folders)")
    args = parser.parse_args(argv)
    if not (args.data / "conllu").is_dir():
        parser.error(f"no {args.data / 'conllu'}: pass --data (PolNeAR dev; from a worktree, "
                     "e.g. --data /work/shared/polnear/dev)")
    example = REPO / "examples" / "harbour.conllu"
    best: Dict[str, Dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        trees = {name: stack.enter_context(checkout(rev, Path(tmp) / name))
                 for name, rev in (("old", args.old), ("new", args.new))}
        for _ in range(args.rounds):
            for name, root in trees.items():
                done = subprocess.run([sys.executable, "-c", _PROBE, str(root), str(example), str(args.data.resolve())],
                                      check=True, capture_output=True, text=True, cwd=str(root))
                got = json.loads(done.stdout.strip().splitlines()[-1])
                for key, value in got.items():
                    better = min if key.startswith("ms_") else max
                    best.setdefault(name, {})[key] = better(best.get(name, {}).get(key, value), value)
    keys: List[str] = list(best["old"])
    width = max(len(k) for k in keys) + 2
    print(f"{'version':<12}" + "".join(f"{k:>{width}}" for k in keys))
    for name in ("old", "new"):
        print(f"{name + ' ' + (args.old if name == 'old' else args.new)[:7]:<12}"
              + "".join(f"{best[name][k]:>{width}.2f}" for k in keys))
    return 0


if __name__ == "__main__":
    sys.exit(main())
