"""Shared fixtures: tiny stanza models for end-to-end tests, and a way to run the command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Callable, Optional

import pytest

ROOT = Path(__file__).resolve().parent.parent
UD_DIR = Path(os.environ.get("QUOTEATTR_UD_DIR", ROOT.parent / "shared" / "ud"))
TINY_MODELS = ROOT / ".cache" / "tiny-stanza"


@pytest.fixture(scope="session")
def tiny_models() -> Path:
    """A stanza resource directory with tiny English models, built once and cached on disk.

    The build (about a minute) runs scripts/train_tiny_models.py, which skips the work
    when the models are already up to date.
    """
    if not (UD_DIR / "en_ewt-ud-train.conllu").is_file():
        pytest.skip(f"tiny stanza models are trained from UD English EWT, not found in {UD_DIR} "
                    "(set QUOTEATTR_UD_DIR to a directory holding en_ewt-ud-{train,dev}.conllu)")
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train_tiny_models.py"),
         "--ud-dir", str(UD_DIR), "--out", str(TINY_MODELS)],
        capture_output=True, text=True,
    )
    if done.returncode != 0:
        pytest.fail(f"building the tiny stanza models failed:\n{done.stdout}\n{done.stderr}")
    return TINY_MODELS


CliRunner = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture
def run_cli() -> CliRunner:
    """Run ``python -m quoteattr ARGS`` from the source tree, as a user would run the command."""

    def run(*args: str, stdin: Optional[str] = None, cwd: Optional[Path] = None,
            stdin_bytes: Optional[bytes] = None) -> "subprocess.CompletedProcess[str]":
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(
            [str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]))
        data = stdin_bytes if stdin_bytes is not None else (stdin or "").encode("utf-8")
        done = subprocess.run([sys.executable, "-m", "quoteattr", *args], input=data,
                              capture_output=True, cwd=cwd, env=env, timeout=300)
        return subprocess.CompletedProcess(done.args, done.returncode,
                                           done.stdout.decode("utf-8"), done.stderr.decode("utf-8"))

    return run
