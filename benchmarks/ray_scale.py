#!/usr/bin/env python3
"""Throughput of quoteattr.ray with 1, 2, ... Ray workers, and hours per million articles.

Parses PolNeAR articles (one .txt file = one document, read with
``quoteattr.ray.read_documents``) with stanza's English pipeline at the size of the
default package (benchmarks/default_size_models.py), writes the quotes as Parquet, and
times the job for each number of parser actors. The actors' start-up (Ray starting a
worker process, importing torch and stanza, loading the models) is timed on its own
with a one-sentence job, so that the steady rate can be told apart from the fixed cost.
"actor cpu s" is the CPU time the parser actors used (read from /proc) and "cores" that
time over the job's wall time: on a machine shared with other work it shows how much of
the hardware the actors really had.

    python benchmarks/ray_scale.py                           # 1 and 2 workers, 40 articles
    python benchmarks/ray_scale.py --workers 1 2 4 --docs 83
    python benchmarks/ray_scale.py --workers 1 --gpus-per-worker 1   # on a GPU machine
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import default_size_models  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "polnear" / "dev"


def corpus_words(data: Path, stems: Sequence[str]) -> int:
    """Words in the CoreNLP parses of the chosen articles (lines of a CoNLL-U word)."""
    total = 0
    for stem in stems:
        parse = data / "conllu" / f"{stem}.conllu"
        if parse.is_file():
            total += sum(1 for line in parse.read_text(encoding="utf-8").splitlines()
                         if line[:1].isdigit() and "\t" in line and "-" not in line.split("\t", 1)[0])
    return total


class ActorCpu:
    """CPU seconds used by Ray's map actors (``ray::MapWorker`` processes), read from /proc.

    A thread samples every half second while the job runs and keeps each process's last
    reading, so the figure covers actors that have already exited up to their last sample.
    Processes already there when the job starts (an earlier job's, on their way out) are
    left out.
    """

    def __init__(self) -> None:
        self.seen: Dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._tick = os.sysconf("SC_CLK_TCK")

    def _sample(self) -> None:
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as handle:
                    if not handle.read(14).startswith(b"ray::MapWorker"):
                        continue
                with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            self.seen[int(pid)] = (int(fields[11]) + int(fields[12])) / self._tick  # utime + stime

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            self._sample()

    def __enter__(self) -> "ActorCpu":
        self._sample()
        self.start = dict(self.seen)
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def per_actor(self) -> List[float]:
        return sorted(round(v, 1) for pid, v in self.seen.items() if pid not in self.start)

    @property
    def seconds(self) -> float:
        return sum(self.per_actor)


def one_job(ray: Any, paths: List[str], workers: int, options: Dict[str, Any]) -> Dict[str, float]:
    import quoteattr.ray as qray

    out = Path(tempfile.mkdtemp(prefix="ray-scale-"))
    began, load = time.perf_counter(), os.getloadavg()[0]
    try:
        # one block per file, so that the actors share the articles evenly
        docs = qray.read_documents(paths, override_num_blocks=len(paths))
        with ActorCpu() as cpu:
            quotes = qray.extract(docs, concurrency=workers, **options)
            quotes.write_parquet(str(out), ray_remote_args={"num_cpus": 0})
        took = time.perf_counter() - began
        import pyarrow.parquet as pq

        table = pq.read_table(str(out))
        errors = sum(1 for e in table.column("error").to_pylist() if e)
        return {"seconds": took, "actor_cpu_s": cpu.seconds, "rows": table.num_rows, "errors": errors,
                "per_actor_cpu_s": cpu.per_actor,
                "load_before": load, "load_after": os.getloadavg()[0]}
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=Path, default=default_size_models.DEFAULT_OUT)
    parser.add_argument("--ud-dir", type=Path, default=default_size_models.DEFAULT_UD_DIR)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="a PolNeAR split folder")
    parser.add_argument("--docs", type=int, default=40, help="articles per job (default 40)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--batch-size", type=int, default=2,
                        help="documents per batch (default 2: small jobs need many batches to share)")
    parser.add_argument("--gpus-per-worker", type=float, default=None)
    parser.add_argument("--cpus", type=int, default=None, help="CPUs for the local Ray (default: all)")
    parser.add_argument("--address", help="an existing Ray cluster instead of a local one")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    import ray
    import ray.data  # before the logging level is set: importing it configures its logger

    if not (args.models / "resources.json").is_file():
        print(f"building default-size models into {args.models} (several minutes) ...", flush=True)
        default_size_models.build(args.models, args.ud_dir)
    texts = sorted((args.data / "text").glob("*.txt"))[: args.docs]
    if not texts:
        raise SystemExit(f"no articles in {args.data / 'text'}")
    words = corpus_words(args.data, [p.stem for p in texts])
    probe = Path(tempfile.mkdtemp(prefix="ray-scale-probe-")) / "one.txt"
    probe.write_text('"The bridge opens on Monday," the engineer said.', encoding="utf-8")

    if args.address:
        ray.init(address=args.address)
    else:
        ray.init(num_cpus=args.cpus, include_dashboard=False, log_to_driver=False,
                 logging_level="ERROR")
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    ray.data.DataContext.get_current().enable_progress_bars = False
    options: Dict[str, Any] = {"model_dir": str(args.models), "download": "never",
                               "batch_size": args.batch_size, "num_gpus": args.gpus_per_worker}
    kind = f"{args.gpus_per_worker} GPU" if args.gpus_per_worker else "1 CPU"
    print(f"{len(texts)} articles, {words} words; each worker: {kind}; "
          f"Ray sees {ray.cluster_resources().get('CPU', 0):.0f} CPUs")
    print(f"{'workers':>7} {'start-up s':>10} {'job s':>7} {'art/s':>6} {'steady art/s':>12} "
          f"{'words/s':>8} {'speed-up':>8} {'actor cpu s':>11} {'cores':>5} {'load avg':>9}")
    results: List[Dict[str, Any]] = []
    for workers in args.workers:
        startup = one_job(ray, [str(probe)] * workers, workers, options)["seconds"]
        job = one_job(ray, [str(p) for p in texts], workers, options)
        steady = max(job["seconds"] - startup, 1e-9)
        row = {"workers": workers, "startup_s": startup, **job,
               "articles_per_s": len(texts) / job["seconds"], "steady_articles_per_s": len(texts) / steady,
               "steady_words_per_s": words / steady}
        base = results[0]["steady_articles_per_s"] / results[0]["workers"] if results else None
        row["speedup"] = row["steady_articles_per_s"] / base if base else float(workers)
        results.append(row)
        print(f"{workers:7d} {startup:10.1f} {job['seconds']:7.1f} {row['articles_per_s']:6.2f} "
              f"{row['steady_articles_per_s']:12.2f} {row['steady_words_per_s']:8.0f} "
              f"{row['speedup']:7.2f}x {job['actor_cpu_s']:11.1f} {job['actor_cpu_s'] / job['seconds']:5.2f} "
              f"{job['load_before']:4.1f}-{job['load_after']:<4.1f}")
        print(f"        CPU seconds per actor: {job['per_actor_cpu_s']}")
        if job["errors"]:
            print(f"        ({job['errors']} error rows)")
    per_worker = results[0]["steady_articles_per_s"] / results[0]["workers"]
    hours = 1e6 / per_worker / 3600
    print(f"per worker ({kind}): {per_worker:.2f} articles/s, {words / len(texts):.0f} words an article "
          f"-> {hours:,.0f} worker-hours per million articles "
          f"({hours / 16:,.1f} h on 16 such workers)")
    ray.shutdown()
    shutil.rmtree(probe.parent, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps({"words": words, "articles": len(texts), "worker": kind,
                                         "runs": results}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
