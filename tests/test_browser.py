"""render_html in a real browser: headless Chromium loads a page, we read back its DOM.

Skipped when chromium is not installed (scripts/ci_browser.sh installs Debian's package).
A small script of our own on the test page proves that scripts do run there, and records
what the browser sees; the hostile text in the quotes must run nothing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import pytest

from quoteattr.model import Cue, Quote, Speaker
from quoteattr.render import render_html

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

TITLE = "quoteattr browser test"

TEXT = (
    "Lena Moss said the night trains would return in spring.\n\n"
    "“We found the money,” she told the board. "
    'Her memo ended with <script>document.title="pwned"</script> in plain sight.\n\n'
    'A reader replied "><img src=x onerror="document.title=\'pwned\'">, said Omar Quist.'
)

# Runs after the fragment: records what the browser made of it on the <html> element.
HARNESS = """<script>
(function () {
  var root = document.documentElement;
  var marks = document.querySelectorAll("[data-q]");
  var numbers = {};
  for (var i = 0; i < marks.length; i++) { numbers[marks[i].getAttribute("data-q")] = 1; }
  root.setAttribute("data-harness", "ran");
  root.setAttribute("data-quotes", String(Object.keys(numbers).length));
  var fragment = document.getElementById("fragment");
  root.setAttribute("data-foreign", String(fragment.querySelectorAll("script, img").length));
  var direct = fragment.querySelector("[data-q='2']");
  root.setAttribute("data-direct-bg", getComputedStyle(direct).backgroundColor);
})();
</script>"""


def span(cls: type, phrase: str, after: str = "", **extra: str):
    start = TEXT.index(phrase, TEXT.index(after) if after else 0)
    return cls(start, start + len(phrase), phrase, **extra)


def quotes() -> List[Quote]:
    def make(kind: str, content: str, speaker: Speaker, cue: Cue, rule: str) -> Quote:
        start = TEXT.index(content)
        return Quote(start, start + len(content), content, kind, speaker, cue, rule, 0.9)

    lena = span(Speaker, "Lena Moss", entity="Lena Moss")
    said = span(Cue, "said", lemma="say")
    she = span(Speaker, "she", "We found", entity="Lena Moss")
    return [
        make("indirect", "the night trains would return in spring", lena, said, "indirect"),
        make("direct", "“We found the money,”", she, span(Cue, "told", lemma="tell"), "syntax"),
        make("mixed", 'Her memo ended with <script>document.title="pwned"</script>',
             she, span(Cue, "ended", lemma="end"), "neighbour"),
        make("direct", "\"><img src=x onerror=\"document.title='pwned'\">",
             span(Speaker, "Omar Quist", entity="Omar Quist"),
             span(Cue, "said", "A reader", lemma="say"), "pattern"),
    ]


def page() -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{TITLE}</title>'
        '</head><body style="margin:0;padding:20px;background:#f6f8fa">'
        f'<div id="fragment">{render_html(TEXT, quotes())}</div>{HARNESS}</body></html>\n'
    )


def chromium(tmp_path: Path, *args: str) -> "subprocess.CompletedProcess[str]":
    assert CHROMIUM is not None
    command = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--enable-logging=stderr", "--v=0",
        f"--user-data-dir={tmp_path / 'profile'}", *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


class Dom(HTMLParser):
    """The <html> element's attributes, the <title> text and every tag name."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.root: Dict[str, Optional[str]] = {}
        self.tags: List[Tuple[str, Dict[str, Optional[str]]]] = []
        self.title = ""
        self._in_title = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, Optional[str]]]) -> None:
        if tag == "html":
            self.root = dict(attrs)
        self.tags.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Tuple[Dom, str, Path]:
    tmp = tmp_path_factory.mktemp("browser")
    html_path = tmp / "page.html"
    html_path.write_text(page(), encoding="utf-8")
    done = chromium(tmp, "--dump-dom", html_path.as_uri())
    return Dom(done.stdout), done.stderr, html_path


def test_browser_shows_every_quote_and_runs_no_hostile_script(loaded: Tuple[Dom, str, Path]) -> None:
    dom, stderr, _ = loaded
    assert dom.root.get("data-harness") == "ran"  # scripts do run on this page
    assert dom.title == TITLE  # ...but the hostile ones did not
    assert dom.root.get("data-quotes") == "4"
    assert dom.root.get("data-foreign") == "0"
    assert [tag for tag, _ in dom.tags].count("script") == 1  # the harness alone
    assert not any(tag == "img" for tag, _ in dom.tags)
    assert dom.root.get("data-direct-bg") == "rgb(217, 236, 248)"  # the scoped CSS applied
    console = [line for line in stderr.splitlines() if ":CONSOLE" in line]
    assert console == []


def test_browser_screenshot(loaded: Tuple[Dom, str, Path], tmp_path: Path) -> None:
    _, _, html_path = loaded
    png = tmp_path / "render.png"
    chromium(tmp_path, f"--screenshot={png}", "--window-size=1200,900", html_path.as_uri())
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000


def test_screenshot_script_writes_a_small_png(tmp_path: Path) -> None:
    out = tmp_path / "render.png"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "screenshot.py"), "--out", str(out)],
                   check=True, capture_output=True, timeout=180)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert 10_000 < out.stat().st_size < 300_000
