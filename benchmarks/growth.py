"""How running time grows with input size on inputs built to be worst cases.

Each row times one entry point at N, 2N and 4N and prints the ratio of each time to the
one before it. Linear work doubles (ratio ~2); quadratic work quadruples (~4). Inputs:

* ``marks``: one paragraph of ``s'' a`` repeated, every mark a possible closer (a
  mistyped plural possessive), so that pairing asks "does a closer follow?" each time;
* ``chain-quotes``: one sentence of N tokens whose tree is a chain (each word heads the
  next), its words repeating ``“ rain fell ” Kim said``, so that many quotes and
  reporting verbs sit at every depth of one very deep tree;
* ``chain-reporters``: the same chain of ``“ Kim said , ”``: one long quote whose
  reporting verbs each govern the rest of the sentence;
* ``spacy-chain``: the chain as a spaCy ``Doc`` (ClearNLP labels, prepositions and
  objects along it), converted and attributed by ``from_spacy``; skipped without spaCy.

No ratio is asserted anywhere: timings depend on the machine. Reading what is printed:

    python benchmarks/growth.py                      # N = 200,000 chars / 1,000 tokens
    python benchmarks/growth.py --chars 400000 --tokens 2000 --only marks chain-quotes
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import quoteattr  # noqa: E402

Row = Tuple[str, str, str, str, str]  # form, lemma, UPOS, XPOS, relation to the word before

QUOTES: List[Row] = [
    ("“", "“", "PUNCT", "``", "punct"), ("rain", "rain", "NOUN", "NN", "nsubj"),
    ("fell", "fall", "VERB", "VBD", "ccomp"), ("”", "”", "PUNCT", "''", "punct"),
    ("Kim", "Kim", "PROPN", "NNP", "nsubj"), ("said", "say", "VERB", "VBD", "parataxis"),
]
REPORTERS: List[Row] = [
    ("“", "“", "PUNCT", "``", "punct"), ("Kim", "Kim", "PROPN", "NNP", "nsubj"),
    ("said", "say", "VERB", "VBD", "ccomp"), (",", ",", "PUNCT", ",", "punct"),
    ("”", "”", "PUNCT", "''", "punct"),
]
# spaCy words, tags and ClearNLP labels: a reporting verb, its object, a preposition
# and its object, then a clause, over and over down one chain.
SPACY: List[Tuple[str, str, str, str]] = [
    ("said", "VERB", "VBD", "ccomp"), ("it", "PRON", "PRP", "dobj"), ("in", "ADP", "IN", "prep"),
    ("May", "PROPN", "NNP", "pobj"), ("that", "SCONJ", "IN", "mark"), ("Kim", "PROPN", "NNP", "nsubj"),
]


def possessives(chars: int) -> str:
    return ("s'' a" * (chars // 5 + 1))[:chars]


def chain_conllu(tokens: int, pattern: Sequence[Row]) -> str:
    """One sentence of ``tokens`` words, word k+1 hanging from word k; no offsets, so the
    text is rebuilt from the forms."""
    lines = []
    for i in range(1, tokens + 1):
        form, lemma, upos, xpos, rel = pattern[(i - 1) % len(pattern)]
        head = i - 1
        lines.append("\t".join([str(i), form, lemma, upos, xpos, "_", str(head),
                                rel if head else "root", "_", "_"]))
    return "\n".join(lines) + "\n\n"


def spacy_chain(tokens: int):
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    rows = [SPACY[i % len(SPACY)] for i in range(tokens)]
    return Doc(Vocab(), words=[r[0] for r in rows], heads=[max(i - 1, 0) for i in range(tokens)],
               deps=["ROOT"] + [r[3] for r in rows[1:]], pos=[r[1] for r in rows],
               tags=[r[2] for r in rows], lemmas=[r[0].lower() for r in rows],
               sent_starts=[True] + [False] * (tokens - 1))


def timed(run: Callable[[], object], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        began = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - began)
    return best


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chars", type=int, default=200_000, help="N for marks (characters)")
    parser.add_argument("--tokens", type=int, default=1_000, help="N for the chains (tokens)")
    parser.add_argument("--repeats", type=int, default=3, help="best of this many runs")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run only these rows")
    args = parser.parse_args(argv)

    cases: Dict[str, Tuple[int, Callable[[int], Callable[[], object]]]] = {
        "marks": (args.chars, lambda n: (lambda t=possessives(n): quoteattr.find_quotes(t))),
        "chain-quotes": (args.tokens, lambda n: (
            lambda s=chain_conllu(n, QUOTES): quoteattr.from_conllu(s))),
        "chain-reporters": (args.tokens, lambda n: (
            lambda s=chain_conllu(n, REPORTERS): quoteattr.from_conllu(s))),
        "spacy-chain": (args.tokens, lambda n: (lambda d=spacy_chain(n): quoteattr.from_spacy(d))),
    }
    print(f"{'input':<16} {'N':>9} {'seconds':>9} {'2N':>9} {'seconds':>9} {'4N':>9} {'seconds':>9}"
          f" {'ratios':>12}")
    for name, (base, make) in cases.items():
        if args.only and name not in args.only:
            continue
        if name == "spacy-chain":
            try:
                import spacy  # noqa: F401
            except ImportError:
                print(f"{name:<16} skipped: spaCy is not installed")
                continue
        sizes = [base, 2 * base, 4 * base]
        times = [timed(make(n), args.repeats) for n in sizes]
        ratios = " ".join(f"{b / a:5.2f}" if a > 0 else "  inf" for a, b in zip(times, times[1:]))
        cells = " ".join(f"{n:9,d} {t:9.3f}" for n, t in zip(sizes, times))
        print(f"{name:<16} {cells} {ratios:>12}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
