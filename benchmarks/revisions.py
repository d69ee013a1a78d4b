"""Check out other revisions of this repository for side-by-side benchmarks.

``checkout("HEAD~3", tmp)`` is a context manager that yields the root of a detached
``git worktree`` of that revision and removes the worktree afterwards; ``"."`` yields
this checkout itself (the working tree, uncommitted changes included).
"""

from __future__ import annotations

import contextlib
import subprocess
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parent.parent


def _git(*args: str, check: bool = True) -> None:
    subprocess.run(["git", "-C", str(REPO), *args], check=check, capture_output=True)


@contextlib.contextmanager
def checkout(rev: str, tmp: Path) -> Iterator[Path]:
    """Yield a folder holding revision ``rev``; ``"."`` is the working tree."""
    if rev == ".":
        yield REPO
        return
    root = Path(tmp) / f"tree-{abs(hash(rev))}"
    _git("worktree", "add", "--detach", "-f", str(root), rev)
    try:
        yield root
    finally:
        _git("worktree", "remove", "--force", str(root), check=False)
