#!/usr/bin/env python3
"""Run every example: each examples/*.py as a script, and each examples/*.ipynb notebook.

Everything runs from the repository root, as a user following the docs would run it.
Exits non-zero when any example fails (a script's exit status, a notebook cell's error,
or a cell that runs longer than the timeout), after trying all of them.

Usage:
    python scripts/run_examples.py            # run all; notebooks are not rewritten
    python scripts/run_examples.py --save     # also store each notebook with its new outputs
    python scripts/run_examples.py examples/pipeline.py   # only the named examples

Needs nbclient, nbformat and ipykernel for the notebooks (docs/requirements.txt) and the
notebook's own imports (pandas).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CELL_TIMEOUT_S = 120


def _env() -> dict:
    """The caller's environment, with the working tree's quoteattr first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # quiet the kernel's debugger notice
    return env


def run_script(path: Path) -> bool:
    timeout = CELL_TIMEOUT_S * 5
    try:
        done = subprocess.run([sys.executable, str(path)], cwd=ROOT, env=_env(),
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        print(f"  FAILED: still running after {timeout} s")
        return False
    if done.returncode != 0:
        print(f"  FAILED: exit status {done.returncode}")
        print(_indent(done.stdout[-3000:] + done.stderr[-3000:]))
        return False
    return True


def run_notebook(path: Path, save: bool) -> bool:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    notebook = nbformat.read(path, as_version=4)
    os.environ.update(_env())  # the kernel inherits this process's environment
    client = NotebookClient(notebook, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT)}})
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError) as err:
        print("  FAILED:")
        print(_indent(str(err)[-3000:]))
        return False
    except Exception as err:  # the kernel did not start, died, ...
        print(f"  FAILED: {type(err).__name__}: {err}")
        return False
    if save:
        nbformat.write(notebook, path)
        print(f"  saved with outputs: {os.path.relpath(path, ROOT)}")
    return True


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.rstrip().splitlines())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("examples", nargs="*", type=Path,
                        help="example files to run (default: every examples/*.py and *.ipynb)")
    parser.add_argument("--save", action="store_true",
                        help="write each executed notebook back with its outputs")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.examples] or (
        sorted(EXAMPLES.glob("*.py")) + sorted(EXAMPLES.glob("*.ipynb")))
    if not paths:
        print("no examples found", file=sys.stderr)
        return 1
    failed = []
    for path in paths:
        print(os.path.relpath(path, ROOT), flush=True)
        start = time.perf_counter()
        ok = run_notebook(path, args.save) if path.suffix == ".ipynb" else run_script(path)
        print(f"  {'ok' if ok else 'failed'} ({time.perf_counter() - start:.1f} s)", flush=True)
        if not ok:
            failed.append(path)
    if failed:
        print(f"{len(failed)} of {len(paths)} examples failed: "
              + ", ".join(os.path.relpath(p, ROOT) for p in failed), file=sys.stderr)
        return 1
    print(f"all {len(paths)} examples ran")
    return 0


if __name__ == "__main__":
    sys.exit(main())
