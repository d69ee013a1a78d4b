"""How much of PolNeAR's quoted gold content do the spans of find_quotes cover?

For every gold Content span (brat standoff, ``s e;s e`` when discontinuous) that holds a
double quotation mark (" “ ”), the quoted characters are those between its double marks,
paired left to right in each fragment; a fragment whose first mark reads as closing
(nothing but a word before it and no space after it) starts inside a quote, and a mark
left without a partner quotes the rest of its fragment. The gold span counts as covered
when every non-space quoted character lies inside some span from find_quotes.

    python3 benchmarks/marks_polnear.py [--data ../shared/polnear/dev] [--show 40]
"""

from __future__ import annotations

import argparse
import glob
import os
import sys
from typing import Iterator, List, Tuple

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from quoteattr import find_quotes  # noqa: E402

DOUBLE = '"\u201c\u201d'
DEFAULT_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "polnear", "dev")


def gold_contents(path: str) -> Iterator[Tuple[str, List[Tuple[int, int]]]]:
    """(T id, fragments) for each Content line of a brat .ann file."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2 or not parts[0].startswith("T"):
                continue
            label, _, offsets = parts[1].partition(" ")
            if label != "Content":
                continue
            fragments = []
            for piece in offsets.split(";"):
                start, end = piece.split()
                fragments.append((int(start), int(end)))
            yield parts[0], fragments


def _opens(text: str, i: int) -> bool:
    """Reads the double mark at ``text[i]`` as opening: a plain guess from its neighbours."""
    after = text[i + 1: i + 2] or " "
    before = text[i - 1: i] if i else " "
    if after.isspace() == before.isspace():  # no help from the context: the shape decides
        return text[i] == "\u201c" or (text[i] == '"' and before in "([—-")
    return before.isspace()


def quoted_chars(text: str, start: int, end: int) -> List[int]:
    """Offsets of the quoted characters of one gold fragment."""
    marks = [i for i in range(start, end) if text[i] in DOUBLE]
    if not marks:
        return []
    inside = not _opens(text, marks[0])  # the fragment starts inside a quote
    quoted: List[int] = []
    previous = start
    for i in marks:
        if inside:
            quoted.extend(range(previous, i + 1))
        inside = not inside
        previous = i
    if inside:
        quoted.extend(range(previous, end))
    return [i for i in quoted if not text[i].isspace()]


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=DEFAULT_DATA, help="a PolNeAR split folder")
    parser.add_argument("--show", type=int, default=40, help="misses to print")
    args = parser.parse_args(argv)

    total = covered = 0
    misses = []
    unclosed = spans_seen = 0
    for ann in sorted(glob.glob(os.path.join(args.data, "attributions", "*.ann"))):
        stem = os.path.basename(ann).rsplit("_", 1)[0]
        with open(os.path.join(args.data, "text", stem + ".txt"), encoding="utf-8") as handle:
            text = handle.read()
        spans = find_quotes(text)
        spans_seen += len(spans)
        unclosed += sum(s.unclosed for s in spans)
        inside = bytearray(len(text))
        for span in spans:
            inside[span.start: span.end] = b"\1" * (span.end - span.start)
        for tid, fragments in gold_contents(ann):
            quoted = [i for s, e in fragments for i in quoted_chars(text, s, e)]
            if not quoted:
                continue
            total += 1
            missing = [i for i in quoted if not inside[i]]
            if missing:
                misses.append((stem, tid, fragments, missing))
            else:
                covered += 1

    for stem, tid, fragments, missing in misses[: args.show]:
        lo, hi = fragments[0][0], fragments[-1][1]
        print(f"MISS {stem} {tid} {';'.join(f'{s} {e}' for s, e in fragments)}"
              f"  ({len(missing)} quoted chars uncovered, first at {missing[0]})")
        context = text_of(args.data, stem)[max(0, lo - 60): hi + 20]
        print("    " + " ".join(context.split())[:400])
    share = covered / total if total else 0.0
    print(f"gold Content spans with a double quotation mark: {total}")
    print(f"covered by find_quotes: {covered} ({100 * share:.1f}%)")
    print(f"find_quotes spans: {spans_seen}, unclosed: {unclosed}")
    return 0


def text_of(data: str, stem: str) -> str:
    with open(os.path.join(data, "text", stem + ".txt"), encoding="utf-8") as handle:
        return handle.read()


if __name__ == "__main__":
    sys.exit(main())
