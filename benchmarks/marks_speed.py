"""Throughput of find_quotes over news text, in MB of UTF-8 per second.

Reads every PolNeAR article (``DATA/*/text/*.txt``), then times find_quotes over all of
them in one process and reports the best of a few repeats, so that a busy machine
understates the figure less.

    python3 benchmarks/marks_speed.py [--data ../shared/polnear] [--repeats 5]
"""

from __future__ import annotations

import argparse
import glob
import os
import sys
import time
from typing import List

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from quoteattr import find_quotes  # noqa: E402

DEFAULT_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "polnear")


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=DEFAULT_DATA, help="folder holding */text/*.txt")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)

    paths = sorted(glob.glob(os.path.join(args.data, "*", "text", "*.txt")))
    if not paths:
        print(f"no texts under {args.data}/*/text/", file=sys.stderr)
        return 1
    texts = []
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            texts.append(handle.read())
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6

    best = float("inf")
    spans = 0
    for _ in range(max(1, args.repeats)):
        began = time.perf_counter()
        spans = sum(len(find_quotes(t)) for t in texts)
        best = min(best, time.perf_counter() - began)
    print(f"{len(texts)} texts, {megabytes:.2f} MB, {spans} spans")
    print(f"find_quotes: {megabytes / best:.1f} MB/s (best of {args.repeats}: {best:.3f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
