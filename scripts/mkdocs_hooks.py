"""MkDocs hook: put the live ``quoteattr --help`` texts into docs/cli.md at build time.

A line ``<!-- quoteattr-help: extract -->`` in a page becomes a code block holding the
help of ``quoteattr extract`` (an empty name gives the top-level help), so the CLI page
can never drift from the argument parser.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

_MARKER = re.compile(r"^<!-- quoteattr-help:\s*([\w-]*)\s*-->$", re.MULTILINE)


def _help(command: str) -> str:
    from quoteattr.cli import build_parser

    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "88"  # argparse wraps to the terminal width: keep it fixed
    try:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            try:
                build_parser().parse_args(([command] if command else []) + ["--help"])
            except SystemExit:
                pass
    finally:
        if old is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = old
    return out.getvalue().rstrip()


def on_page_markdown(markdown: str, page, config, files) -> str:
    return _MARKER.sub(lambda m: "```text\n" + _help(m.group(1)) + "\n```", markdown)


# --------------------------------------------------------------------------- docstrings
#
# quoteattr's docstrings are written for Python's help() and doctest: reST roles such as
# :class:`Attributor` and ``>>>`` examples. mkdocstrings renders docstrings as Markdown,
# where a ``>>>`` line turns into a nested block quote. This griffe extension (named in
# mkdocs.yml) rewrites them into Markdown while the API reference is built.

import griffe  # noqa: E402  (only needed for the extension below)

_ROLE = re.compile(r":(?:class|func|meth|attr|data|mod|exc|obj):`~?([\w.]+)`")
_SKIP = re.compile(r"\s*#\s*doctest:.*$")


def markdown_docstring(value: str) -> str:
    """reST roles -> code spans; doctest examples -> fenced ``pycon`` blocks; ``::`` -> ``:``."""
    value = _ROLE.sub(lambda m: "`" + m.group(1).rsplit(".", 1)[-1] + "`", value)
    out, in_example = [], False
    for line in value.splitlines():
        stripped = line.strip()
        if stripped.startswith(">>>") and not in_example:
            out.append("```pycon")
            in_example = True
        elif in_example and not stripped:
            out.append("```")
            in_example = False
        if in_example:
            line = _SKIP.sub("", line.strip())
        elif stripped.endswith("::") and not stripped.startswith(":"):
            line = line.rstrip()[:-1]
        out.append(line)
    if in_example:
        out.append("```")
    return "\n".join(out)


class MarkdownDocstrings(griffe.Extension):
    """Convert each docstring of the documented objects once they are loaded."""

    def on_instance(self, *, obj, **kwargs) -> None:
        if obj.docstring is not None:
            obj.docstring.value = markdown_docstring(obj.docstring.value)
