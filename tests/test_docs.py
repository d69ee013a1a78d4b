"""The example on the docs' front page prints what the page says it prints."""

import contextlib
import io
import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_front_page_example_output_is_current() -> None:
    page = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    code = re.search(r"## Ten lines.*?```python\n(.*?)```", page, re.S).group(1)
    shown = re.search(r"Output:\s*```text\n(.*?)```", page, re.S).group(1)
    out = io.StringIO()
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code, "docs/index.md", "exec"), {})
    finally:
        os.chdir(here)
    assert out.getvalue() == shown, "docs/index.md shows an outdated output; paste the new one"
