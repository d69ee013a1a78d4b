"""Attribution speed on a whole novel against a single excerpt: it must stay linear.

LitBank's excerpts (spaCy ``en_core_web_md`` parses) are joined, in order and over
again, into one document of about ``--chars`` characters (500,000 by default: a
novel), and ``quoteattr.from_spacy`` is timed on it and on each excerpt alone. If
nothing in the chain (the conversation sieves included) compares every line with every
other, the tokens per second of the novel match those of the excerpts, within noise.
Times are CPU times of this process (``time.process_time``), so that other work on
the machine counts less; the best of ``--repeat`` runs is kept.

    python benchmarks/novel_speed.py [--data ../shared/litbank] [--chars 500000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import List, Optional, Sequence

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.litbank import DEFAULT_DATA, DOCBIN_FILE  # noqa: E402


def load(data: Path) -> List["object"]:
    import spacy
    from spacy.tokens import DocBin

    path = data / DOCBIN_FILE
    if not path.is_file():
        raise SystemExit(f"no {path}: pass --data (the LitBank folder)")
    return list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))


def novel(docs: Sequence["object"], chars: int) -> "object":
    """The excerpts one after another (cycling) until ``chars`` characters."""
    from spacy.tokens import Doc

    parts, size, n = [], 0, 0
    while size < chars:
        doc = docs[n % len(docs)]
        parts.append(doc)
        size += len(doc.text)
        n += 1
    return Doc.from_docs(parts, ensure_whitespace=True)


def best_time(run, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        began = time.process_time()
        run()
        best = min(best, time.process_time() - began)
    return best


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the LitBank folder")
    parser.add_argument("--chars", type=int, default=500_000, help="size of the novel in characters")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each timing; the best counts")
    args = parser.parse_args(argv)
    import quoteattr

    docs = load(args.data)
    quoteattr.from_spacy(docs[0])  # warm up: imports and lexicon
    tokens = sum(len(d) for d in docs)
    excerpts = best_time(lambda: [quoteattr.from_spacy(d) for d in docs], args.repeat)
    whole = novel(docs, args.chars)
    one = best_time(lambda: quoteattr.from_spacy(whole), args.repeat)
    quotes = len(quoteattr.from_spacy(whole))
    print(f"{'input':<32} {'characters':>11} {'tokens':>8} {'seconds':>8} {'tokens/s':>9}")
    chars = sum(len(d.text) for d in docs)
    print(f"{f'{len(docs)} excerpts, one at a time':<32} {chars:11,d} {tokens:8,d} {excerpts:8.2f} {tokens / excerpts:9,.0f}")
    print(f"{'one novel (' + str(quotes) + ' quotes)':<32} {len(whole.text):11,d} {len(whole):8,d} {one:8.2f} "
          f"{len(whole) / one:9,.0f}")
    ratio = (len(whole) / one) / (tokens / excerpts)
    print(f"novel speed / excerpt speed: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
