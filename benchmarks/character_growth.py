"""Growth check of speaker resolution: time at N, 2N and 4N paragraphs of invented fiction.

    python benchmarks/character_growth.py [--paragraphs N]

Builds a long document (CoNLL-U, invented dialogue with a cast of named characters, titles
and pronouns), attributes it and prints the time spent resolving speakers per size, with
the ratio to the previous size: linear resolution roughly doubles, a quadratic one quadruples. Not a test:
timings on a shared machine vary, so nothing is asserted.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import List, Optional, Sequence

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

CAST = [("Mr.", "Alder"), ("Mrs.", "Brook"), ("Miss", "Corr"), ("Sir", "Dunmore"), ("Lady", "Ewell")]


def _paragraph(n: int) -> List[str]:
    """Two sentences: a named speaker, then a pronoun one (CoNLL-U rows per sentence)."""
    title, name = CAST[n % len(CAST)]
    pronoun = "he" if title in ("Mr.", "Sir") else "she"
    one = ["1\t“\t“\tPUNCT\t``\t_\t3\tpunct\t_\tSpaceAfter=No", "2\tWe\twe\tPRON\tPRP\t_\t3\tnsubj\t_\t_",
           "3\twait\twait\tVERB\tVBP\t_\t6\tccomp\t_\tSpaceAfter=No", "4\t,\t,\tPUNCT\t,\t_\t3\tpunct\t_\tSpaceAfter=No",
           "5\t”\t”\tPUNCT\t''\t_\t3\tpunct\t_\t_", "6\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_",
           f"7\t{title}\t{title}\tPROPN\tNNP\t_\t8\tcompound\t_\t_",
           f"8\t{name}\t{name}\tPROPN\tNNP\t_\t6\tnsubj\t_\tSpaceAfter=No", "9\t.\t.\tPUNCT\t.\t_\t6\tpunct\t_\t_"]
    two = ["1\t“\t“\tPUNCT\t``\t_\t3\tpunct\t_\tSpaceAfter=No", "2\tWe\twe\tPRON\tPRP\t_\t3\tnsubj\t_\t_",
           "3\tgo\tgo\tVERB\tVBP\t_\t6\tccomp\t_\tSpaceAfter=No", "4\t,\t,\tPUNCT\t,\t_\t3\tpunct\t_\tSpaceAfter=No",
           "5\t”\t”\tPUNCT\t''\t_\t3\tpunct\t_\t_", "6\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_",
           f"7\t{pronoun}\t{pronoun}\tPRON\tPRP\t_\t6\tnsubj\t_\tSpaceAfter=No", "8\t.\t.\tPUNCT\t.\t_\t6\tpunct\t_\t_"]
    return ["\n".join(one), "\n".join(two)]


def document(paragraphs: int) -> str:
    out = ["# newdoc id = growth"]
    for n in range(paragraphs):
        out.append("# newpar")
        for k, rows in enumerate(_paragraph(n)):
            out.append(f"# sent_id = {n}-{k}\n{rows}\n")
    return "\n".join(out) + "\n"


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=1500, help="N (default 1500)")
    args = parser.parse_args(argv)
    import quoteattr
    from quoteattr.attribution import output

    spent = [0.0]
    speakers = output._speakers

    def timed(*a, **k):  # the time in speaker resolution alone
        t0 = time.perf_counter()
        try:
            return speakers(*a, **k)
        finally:
            spent[0] += time.perf_counter() - t0

    output._speakers = timed
    previous = None
    for size in (args.paragraphs, 2 * args.paragraphs, 4 * args.paragraphs):
        conllu = document(size)
        spent[0] = 0.0
        t0 = time.perf_counter()
        quotes = quoteattr.from_conllu(conllu)
        seconds = time.perf_counter() - t0
        resolved = sum(1 for q in quotes if q.speaker and q.speaker.entity)
        ratio = f"  x{spent[0] / previous:.2f}" if previous else ""
        print(f"{size:6d} paragraphs ({len(quotes)} quotes, {resolved} resolved): "
              f"speakers {spent[0]:.2f} s{ratio}, whole run {seconds:.2f} s")
        previous = spent[0]
    output._speakers = speakers
    return 0


if __name__ == "__main__":
    sys.exit(main())
