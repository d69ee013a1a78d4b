"""Train the learned scorer on PolNeAR train and write ``quoteattr/data/scorer.json``.

    python scripts/train_scorer.py [--data ../shared/polnear] [--spacy] [--out PATH] [--seed 0]

The candidates come from the chain as it runs up to the learned step, on the CoreNLP
parses of PolNeAR train (and, with ``--spacy``, on the spaCy parses of train as well);
each is labelled right when its noun phrase overlaps the gold source of the quote. The
model is a logistic regression over named features fitted by SGD with a fixed seed: the
same data give the same file. Only the train split is read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.cv import load_documents, train_on, training_examples  # noqa: E402
from benchmarks.polnear import DEFAULT_DATA  # noqa: E402
from quoteattr.attribution.learned import WEIGHTS  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="PolNeAR folder")
    parser.add_argument("--spacy", action="store_true", help="train on the spaCy parses of train too")
    parser.add_argument("--out", type=Path, default=WEIGHTS, help=f"where to write (default {WEIGHTS})")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    split_dir = args.data / "train"
    if not (split_dir / "conllu").is_dir():
        sys.exit(f"no {split_dir / 'conllu'}: pass --data (the PolNeAR folder)")
    stems = sorted(p.stem for p in (split_dir / "conllu").glob("*.conllu"))
    examples = {}
    for name, docbin in [("conllu", None)] + ([("spacy", split_dir / "spacy" / "en_core_web_md.spacy")] if args.spacy else []):
        docs = load_documents(split_dir, stems, docbin)
        for stem, ex in training_examples(split_dir, docs).items():
            examples[f"{name}:{stem}"] = ex
    model = train_on(examples, list(examples), seed=args.seed)
    model.meta.update({"trained_on": "PolNeAR train" + (" (CoreNLP and spaCy parses)" if args.spacy else " (CoreNLP parses)"),
                       "documents": len(stems), "command": "python scripts/train_scorer.py" + (" --spacy" if args.spacy else "")})
    args.out.write_text(model.to_json(), encoding="utf-8")
    n = sum(len(e) for e in examples.values())
    print(f"{n} candidates from {len(examples)} parsed documents; {len(model.weights)} weights -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
