#!/usr/bin/env python3
"""What a parse costs: words per second for each stanza processor, and quoteattr's share.

Runs stanza's English pipeline at the size of the default package (models from
benchmarks/default_size_models.py: near-random weights, real dimensions) over PolNeAR
news articles and times each processor on its own:

* tokenize, then mwt on its output, from the raw text (as ``Attributor`` feeds it);
* pos, lemma and depparse on the corpus's own CoreNLP tokens and sentences, so that
  sentence lengths (the parser's cost grows with them) are those of real news text and
  not of a half-trained tokenizer; the lemmatizer gets CoreNLP's tags, since its
  dictionary is looked up by word and tag;
* quoteattr: preparing the text and moving offsets back (``Attributor``'s own work
  around the parse) plus the attribution of the CoreNLP parse (``from_stanza``).

Rates are corpus words (CoreNLP's count) per second, from the process's CPU time with
one torch thread, which stays meaningful on a shared machine, and from wall time.

    python benchmarks/stanza_cost.py                        # 30 PolNeAR dev articles, CPU
    python benchmarks/stanza_cost.py --docs 83 --threads 2 --whole   # + Attributor.pipe
    python benchmarks/stanza_cost.py --gpu                  # needs a CUDA build of torch
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import default_size_models  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "polnear" / "dev"
STEPS = ("tokenize", "mwt", "pos", "lemma", "depparse")


def load_articles(data: Path, limit: int) -> List[Tuple[str, str, str]]:
    """(stem, text, CoNLL-U) for the first ``limit`` articles that have both files."""
    out = []
    for text_file in sorted((data / "text").glob("*.txt")):
        parse = data / "conllu" / f"{text_file.stem}.conllu"
        if parse.is_file():
            out.append((text_file.stem, text_file.read_text(encoding="utf-8"),
                        parse.read_text(encoding="utf-8")))
        if len(out) == limit:
            break
    if not out:
        raise SystemExit(f"no PolNeAR articles under {data} (text/*.txt with conllu/*.conllu)")
    return out


def timed(run: Callable[[], Any]) -> Tuple[Any, float, float]:
    """``run()``'s result, its wall seconds and the process's CPU seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def corenlp_docs(articles: Sequence[Tuple[str, str, str]], keep_lemmas: bool = True) -> List[Any]:
    from stanza.utils.conll import CoNLL

    docs = []
    for _, text, parse in articles:
        doc = CoNLL.conll2doc(input_str=parse)
        doc.text = text
        if not keep_lemmas:
            for word in doc.iter_words():
                word.lemma = None
        docs.append(doc)
    return docs


def measure(models: Path, articles: Sequence[Tuple[str, str, str]], gpu: bool,
            batch: int) -> Dict[str, Any]:
    import stanza
    import torch
    from stanza import Document

    from quoteattr import attribution
    from quoteattr.pipeline import PROCESSORS, _ParserText

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    load_before = os.getloadavg()[0]
    nlp, load_wall, _ = timed(lambda: stanza.Pipeline(
        "en", dir=str(models), processors=",".join(PROCESSORS), download_method=None,
        use_gpu=gpu, logging_level="WARN", depparse_batch_size=5000))
    rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    words = sum(len(d.get("text", as_sentences=False)) for d in corenlp_docs(articles))
    chars = sum(len(text) for _, text, _ in articles)
    rows: Dict[str, Dict[str, float]] = {}

    def run(name: str, docs: List[Any]) -> List[Any]:
        out: List[Any] = []
        wall = cpu = 0.0
        for i in range(0, len(docs), batch):
            part, w, c = timed(lambda: nlp.processors[name].bulk_process(docs[i:i + batch]))
            out += part
            wall, cpu = wall + w, cpu + c
        if gpu:
            torch.cuda.synchronize()
        rows[name] = {"wall_s": wall, "cpu_s": cpu}
        return out

    # tokenize and mwt from the raw text, prepared as the Attributor prepares it
    prepared, w, c = timed(lambda: [_ParserText(text) for _, text, _ in articles])
    own_wall, own_cpu = w, c
    tokenized = run("tokenize", [Document([], text=p.text) for p in prepared])
    tokenized = run("mwt", tokenized)
    _, w, c = timed(lambda: [p.restore(d) for p, d in zip(prepared, tokenized)])
    own_wall, own_cpu = own_wall + w, own_cpu + c
    stanza_words = sum(len(list(d.iter_words())) for d in tokenized)

    # pos, lemma, depparse on CoreNLP's tokens and sentences
    run("pos", corenlp_docs(articles))
    run("lemma", corenlp_docs(articles, keep_lemmas=False))
    run("depparse", corenlp_docs(articles))

    # quoteattr's attribution of a real parse
    parsed = corenlp_docs(articles)
    quotes, w, c = timed(lambda: [attribution.from_stanza(d, text)
                                  for d, (_, text, _) in zip(parsed, articles)])
    rows["quoteattr"] = {"wall_s": own_wall + w, "cpu_s": own_cpu + c}

    return {"articles": len(articles), "words": words, "chars": chars,
            "tokenizer_words": stanza_words, "quotes": sum(len(q) for q in quotes),
            "device": "cuda" if gpu else "cpu", "torch_threads": torch.get_num_threads(),
            "load_s": round(load_wall, 1), "rss_mb_models": round((rss_loaded - rss_before) / 1024),
            "rss_mb_peak": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "load_avg": [round(load_before, 1), round(os.getloadavg()[0], 1)],
            "steps": rows}


def whole(models: Path, articles: Sequence[Tuple[str, str, str]], gpu: bool, batch: int) -> Dict[str, float]:
    """The whole pipeline as a user runs it: ``Attributor.pipe`` on the raw text."""
    from quoteattr.pipeline import Attributor

    attributor = Attributor(model_dir=str(models), download="never", use_gpu=gpu).load()
    _, wall, cpu = timed(lambda: list(attributor.pipe([t for _, t, _ in articles], batch_size=batch)))
    return {"wall_s": wall, "cpu_s": cpu}


def report(result: Dict[str, Any]) -> str:
    steps = result["steps"]
    words = result["words"]
    total_cpu = sum(s["cpu_s"] for s in steps.values())
    total_wall = sum(s["wall_s"] for s in steps.values())
    lines = [f"{result['articles']} articles, {words} words (CoreNLP), {result['chars']} characters; "
             f"{result['device']}, {result['torch_threads']} torch thread(s); pipeline loaded in "
             f"{result['load_s']} s, +{result['rss_mb_models']} MB resident",
             f"{'step':10} {'cpu s':>8} {'words/cpu-s':>12} {'wall s':>8} {'words/s':>9} {'share':>6}"]
    for name in (*STEPS, "quoteattr"):
        s = steps[name]
        lines.append(f"{name:10} {s['cpu_s']:8.2f} {words / max(s['cpu_s'], 1e-9):12.0f} "
                     f"{s['wall_s']:8.2f} {words / max(s['wall_s'], 1e-9):9.0f} "
                     f"{100 * s['cpu_s'] / total_cpu:5.1f}%")
    lines.append(f"{'all':10} {total_cpu:8.2f} {words / total_cpu:12.0f} {total_wall:8.2f} "
                 f"{words / total_wall:9.0f} 100.0%")
    lines.append(f"({result['quotes']} quotes; words per article {words / result['articles']:.0f}; "
                 f"the tokenizer made {result['tokenizer_words']} words; peak {result['rss_mb_peak']} MB "
                 f"resident; load average {result['load_avg'][0]} before, {result['load_avg'][1]} after)")
    return "\n".join(lines)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=Path, default=default_size_models.DEFAULT_OUT,
                        help="stanza resource folder (built by default_size_models.py when absent)")
    parser.add_argument("--ud-dir", type=Path, default=default_size_models.DEFAULT_UD_DIR,
                        help="UD English treebanks, to build the models")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="a PolNeAR split folder")
    parser.add_argument("--docs", type=int, default=30, help="articles to parse (default 30)")
    parser.add_argument("--batch", type=int, default=32, help="documents per bulk_process call")
    parser.add_argument("--threads", type=int, default=1, help="torch threads (default 1: one core)")
    parser.add_argument("--gpu", action="store_true", help="run stanza on the GPU")
    parser.add_argument("--whole", action="store_true",
                        help="also time Attributor.pipe on the raw text, as a user runs it")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    import torch

    torch.set_num_threads(args.threads)
    if args.gpu and not torch.cuda.is_available():
        print("--gpu: this torch has no CUDA device", file=sys.stderr)
        return 1
    if not (args.models / "resources.json").is_file():
        print(f"building default-size models into {args.models} (several minutes) ...", flush=True)
        default_size_models.build(args.models, args.ud_dir)
    articles = load_articles(args.data, args.docs)
    result = measure(args.models, articles, args.gpu, args.batch)
    print(report(result))
    if args.whole:
        result["whole"] = whole(args.models, articles, args.gpu, args.batch)
        w = result["whole"]
        print(f"Attributor.pipe on the raw text: {w['cpu_s']:.1f} CPU s, {w['wall_s']:.1f} s; "
              f"{result['words'] / w['cpu_s']:.0f} words per CPU second, {result['words'] / w['wall_s']:.0f}/s")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
