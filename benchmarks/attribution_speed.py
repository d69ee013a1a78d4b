"""How attribution time grows with the size of one document.

The example article (examples/harbour.conllu, 11 quotes) is repeated N times as one
long document and read with ``quoteattr.from_conllu``; the time per quote should stay
flat as N grows if nothing in the sieves compares every quote with every other.

    python benchmarks/attribution_speed.py --sizes 10 100 400 800
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path
from typing import Optional, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import quoteattr  # noqa: E402

EXAMPLE = ROOT / "examples" / "harbour.conllu"


def repeated(times: int) -> str:
    """The example parse ``times`` over, without offsets, so the text is rebuilt from it."""
    one = re.sub(r"start_char=\d+\|end_char=\d+\|?", "", EXAMPLE.read_text(encoding="utf-8"))
    one = "\n".join(line + "_" if line.endswith("\t") else line for line in one.split("\n"))
    return one * times


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 400, 800])
    args = parser.parse_args(argv)
    print(f"{'copies':>7} {'characters':>11} {'quotes':>7} {'seconds':>8} {'ms/quote':>9}")
    for n in args.sizes:
        source = repeated(n)
        began = time.perf_counter()
        quotes = quoteattr.from_conllu(source)
        took = time.perf_counter() - began
        print(f"{n:7d} {len(quotes.text):11d} {len(quotes):7d} {took:8.2f} {1000 * took / max(1, len(quotes)):9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
