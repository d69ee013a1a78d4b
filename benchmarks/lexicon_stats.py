"""How often each verb's complements carry attributed content in PolNeAR.

The ``complements`` column of ``quoteattr/data/reporting_verbs.tsv`` lists, per verb,
which dependents (clause, object, infinitive) count as reported content. This script
prints the evidence behind it: for every verb outside quotation marks with a
dependent of the given kind, how often that dependent's words are (at least half)
the content of a gold attribution whose cue is that verb.

    python benchmarks/lexicon_stats.py --split train --rel obj --top 60

Use the train split to choose; dev is for measuring.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Dict, List, Optional, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scoring import read_brat  # noqa: E402
from quoteattr.lexicon import Lexicon  # noqa: E402
from quoteattr.marks import find_quotes  # noqa: E402
from quoteattr.parsed import read_conllu  # noqa: E402

RELATIONS = {"clause": "ccomp", "object": "obj", "infinitive": "xcomp"}


def count(split_dir: Path, rel: str) -> Dict[str, List[int]]:
    """lemma -> [dependents seen, dependents that are gold content of that verb]."""
    seen: Counter = Counter()
    hits: Counter = Counter()
    for conllu in sorted((split_dir / "conllu").glob("*.conllu")):
        stem = conllu.stem
        anns = sorted((split_dir / "attributions").glob(f"{stem}_*.ann"))
        if not anns:
            continue
        text = (split_dir / "text" / f"{stem}.txt").read_text(encoding="utf-8")
        golds = read_brat(anns[0].read_text(encoding="utf-8"), text, stem)
        doc = read_conllu(conllu, text)
        quoted = [(q.start, q.end) for q in find_quotes(text) if q.depth == 0]
        by_cue: Dict[int, list] = {}
        for gold in golds:
            for s, e in gold.cue:
                for tok in doc.tokens:
                    if tok.start >= s and tok.end <= e:
                        by_cue.setdefault(tok.i, []).append(gold)
        for tok in doc.tokens:
            if tok.upos != "VERB" and not tok.xpos.startswith("VB"):
                continue
            if any(a <= tok.start < b for a, b in quoted):
                continue
            for dep in doc.children(tok.i, rel):
                sub = doc.subtree(dep.i)
                s, e = doc.tokens[sub[0]].start, doc.tokens[sub[-1]].end
                seen[tok.lemma] += 1
                for gold in by_cue.get(tok.i, []):
                    shared = sum(max(0, min(e, ge) - max(s, gs)) for gs, ge in gold.content)
                    if 2 * shared >= e - s:
                        hits[tok.lemma] += 1
                        break
    return {lemma: [seen[lemma], hits[lemma]] for lemma in seen}


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "polnear")
    parser.add_argument("--split", default="train")
    parser.add_argument("--rel", choices=sorted(RELATIONS), default="object",
                        help="which complement to count")
    parser.add_argument("--top", type=int, default=60)
    args = parser.parse_args(argv)
    split_dir = args.data / args.split
    if not (split_dir / "conllu").is_dir():
        parser.error(f"no PolNeAR split at {split_dir}")
    lexicon = Lexicon.default()
    stats = count(split_dir, RELATIONS[args.rel])
    print(f"{'lemma':16} {'seen':>6} {'content':>8} {'share':>6}  listed with {args.rel}")
    for lemma, (seen, hit) in sorted(stats.items(), key=lambda kv: -kv[1][1])[: args.top]:
        verb = lexicon.get(lemma)
        listed = "yes" if verb and args.rel in verb.complements else ("in lexicon" if verb else "")
        print(f"{lemma:16} {seen:6d} {hit:8d} {hit / seen:6.2f}  {listed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
