"""Cross-validated ablation of the hand rules inside the sieves (the finer grain of
``polnear.py --cv 5 --ablate``, which drops whole sieves).

    python benchmarks/rule_ablation.py [--data ../shared/polnear] [--spacy DOCBIN]
                                       [--rule NAME ...] [--with-learned]

Each rule is switched off by replacing the function that holds it with one that finds
nothing, for the length of its run only; the chain is then cross-validated on PolNeAR
train (5 folds, the learned step left out unless ``--with-learned``, so that only the
rule changes) and compared fold by fold with the whole chain. ``delta`` is without −
with (negative: the rule helps), ``helps`` the folds where it does.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.cv import cross_validate, load_documents, mean_sd  # noqa: E402
from benchmarks.polnear import DEFAULT_DATA  # noqa: E402

_A = "quoteattr.attribution."


def _none(*args: Any, **kwargs: Any) -> None:
    return None


def _empty(*args: Any, **kwargs: Any) -> list:
    return []


#: rule name -> (module, function, replacement) for every place the function is looked up
RULES: Dict[str, List[Tuple[str, str, Any]]] = {
    # performer.subject's fallbacks when the verb has no subject of its own
    "root-subject": [(_A + "performer", "root_subject", _none)],
    "earlier-subject": [(_A + "performer", "earlier_subject", _none)],
    "adjacent-noun": [(_A + "performer", "adjacent_noun", _none)],
    "publisher": [(_A + "performer", "publisher", _none)],
    "participle-reporter": [(_A + "performer", "participle_reporter", _none),
                            (_A + "clauses", "participle_reporter", _none)],
    "goes-with": [(_A + "performer", "goes_with", _none), (_A + "clauses", "goes_with", _none)],
    # syntax
    "parenthetical": [(_A + "syntax", "parenthetical", _none)],
    # pattern's two halves
    "pattern-after": [(_A + "surface", "after_quote", _none)],
    "pattern-before": [(_A + "surface", "before_quote", _none)],
    # neighbour's two shapes
    "neighbour-ends-on-cue": [(_A + "neighbour", "_ends_on_cue", _none)],
    "neighbour-reports-nothing-else": [(_A + "neighbour", "_reports_nothing_else", _none)],
    # paragraph: a quote paragraph after narration takes its reporting verb
    "paragraph-reporter-before": [(_A + "paragraph", "_reporter_before", _none)],
    # reported speech
    "fragment-clause": [(_A + "reported", "fragment_clauses", _empty)],
    "parataxis-report": [(_A + "reported", "parataxis_report", _empty)],
}


@contextmanager
def switched_off(name: str) -> Iterator[None]:
    saved = []
    try:
        for module, attr, replacement in RULES[name]:
            mod = importlib.import_module(module)
            saved.append((mod, attr, getattr(mod, attr)))
            setattr(mod, attr, replacement)
        yield
    finally:
        for mod, attr, original in reversed(saved):
            setattr(mod, attr, original)


def main(argv: Any = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--spacy", type=Path, metavar="DOCBIN", help="train DocBin (spaCy parses)")
    parser.add_argument("--rule", nargs="+", choices=sorted(RULES), help="only these rules (default: all)")
    parser.add_argument("--with-learned", action="store_true", help="keep the learned step (retrained per fold)")
    parser.add_argument("--cv", type=int, default=5)
    args = parser.parse_args(argv)
    wall = time.perf_counter()
    split_dir = args.data / "train"
    stems = sorted(p.stem for p in (split_dir / "conllu").glob("*.conllu"))
    docs = load_documents(split_dir, stems, args.spacy)
    without = () if args.with_learned else ("learned",)
    base = cross_validate(split_dir, docs, args.cv, without)
    source = f"spacy:{args.spacy}" if args.spacy else "conllu"
    print(f"PolNeAR train · {source} · {len(docs)} documents · {args.cv}-fold CV"
          + ("" if args.with_learned else " · without learned"))
    print("base  " + "  ".join("%s %.1f±%.1f" % (t, *mean_sd([f[t] for f in base])) for t in ("ALL", "DIRECT")))
    print(f"{'rule':32}{'ALL Δ':>12}{'DIRECT Δ':>12}{'helps ALL':>11}{'helps DIR':>11}", flush=True)
    for name in args.rule or RULES:
        with ExitStack() as stack:
            stack.enter_context(switched_off(name))
            cut = cross_validate(split_dir, docs, args.cv, without)
        row = f"{name:32}"
        for t in ("ALL", "DIRECT"):
            row += "{:>12}".format("%+.2f±%.2f" % mean_sd([c[t] - b[t] for c, b in zip(cut, base)]))
        for t in ("ALL", "DIRECT"):
            row += "{:>11}".format("%d/%d" % (sum(c[t] < b[t] for c, b in zip(cut, base)), len(base)))
        print(row, flush=True)
    print(f"\nwhole run {time.perf_counter() - wall:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
