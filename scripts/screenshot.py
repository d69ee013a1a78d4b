"""Regenerate docs/img/render.png: a sample article rendered by quoteattr.render_html.

The quotes are written by hand, so the picture needs no models. It needs Debian's
chromium (``scripts/ci_browser.sh`` installs it).

    python3 scripts/screenshot.py [--out docs/img/render.png]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import List, Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quoteattr.model import Cue, Quote, Speaker  # noqa: E402
from quoteattr.render import render_html  # noqa: E402

ARTICLE = """\
Port Ellery votes to rebuild its sea wall

The town council of Port Ellery voted on Tuesday to rebuild the sea wall that storms \
breached twice last winter. Mayor Ines Okafor said the work would start in April and \
finish “before the autumn tides, not after them.”

“We have patched this wall for thirty years,” she told reporters outside the town hall. \
“Patching is over.”

Residents of the harbour front complained that repairs always arrive too late. Tom Reyes, \
who runs a bakery on Quay Street, said his cellar flooded three times in one month.

Dana Whitlock, who speaks for the regional transport office, said the request would be \
reviewed “as quickly as the law allows,” but she declined to give a date.

“Nobody here expects miracles,” Reyes said. “We expect a wall.”
"""


def _find(phrase: str, after: str = "") -> int:
    """Offset of the first ``phrase`` after the first ``after``."""
    return ARTICLE.index(phrase, ARTICLE.index(after) if after else 0)


def _quote(kind: str, content: str, speaker: str, entity: Optional[str], cue: str,
           lemma: str, rule: str, confidence: float, after: str = "") -> Quote:
    start, who, verb = _find(content, after), _find(speaker, after), _find(cue, after)
    return Quote(start, start + len(content), content, kind,
                 Speaker(who, who + len(speaker), speaker, entity=entity),
                 Cue(verb, verb + len(cue), cue, lemma=lemma), rule, confidence)


def sample_quotes() -> List[Quote]:
    """Direct, mixed and indirect quotes, one nested in another, a pronoun speaker."""
    okafor = "Ines Okafor"
    return [
        _quote("mixed", "the work would start in April and finish “before the autumn tides, "
               "not after them.”", "Mayor Ines Okafor", okafor, "said", "say", "syntax", 0.9),
        _quote("direct", "“before the autumn tides, not after them.”", "Mayor Ines Okafor",
               okafor, "said", "say", "syntax", 0.9),
        _quote("direct", "“We have patched this wall for thirty years,”", "she", okafor,
               "told", "tell", "syntax", 0.9),
        _quote("direct", "“Patching is over.”", "she", okafor, "told", "tell", "paragraph", 0.6),
        _quote("indirect", "repairs always arrive too late", "Residents of the harbour front",
               None, "complained", "complain", "indirect", 0.75),
        _quote("indirect", "his cellar flooded three times in one month", "Tom Reyes",
               "Tom Reyes", "said", "say", "indirect", 0.75, after="Tom Reyes"),
        _quote("mixed", "the request would be reviewed “as quickly as the law allows,”",
               "Dana Whitlock", "Dana Whitlock", "said", "say", "syntax", 0.9,
               after="Dana Whitlock"),
        _quote("direct", "“Nobody here expects miracles,”", "Reyes", "Tom Reyes", "said", "say",
               "pattern", 0.8, after="“Nobody"),
        _quote("direct", "“We expect a wall.”", "Reyes", "Tom Reyes", "said", "say",
               "paragraph", 0.6, after="“Nobody"),
    ]


def page(fragment: str, title: str = "quoteattr") -> str:
    """A minimal full HTML page around a rendered fragment."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title></head>"
        '<body style="margin:0;padding:20px;background:#f6f8fa">'
        f"{fragment}</body></html>\n"
    )


def chromium() -> Optional[str]:
    """Path of the chromium binary, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def browser_command(binary: str, profile: str) -> List[str]:
    """Headless chromium that stays offline and leaves no state behind."""
    return [
        binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--hide-scrollbars", f"--user-data-dir={profile}",
    ]


def screenshot(html_path: Path, png_path: Path, size: str = "1200,900") -> None:
    binary = chromium()
    if binary is None:
        raise SystemExit("chromium is not installed (run scripts/ci_browser.sh)")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            browser_command(binary, profile)
            + [f"--screenshot={png_path}", f"--window-size={size}", html_path.as_uri()],
            check=True, capture_output=True, timeout=120,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img" / "render.png")
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        html_path = Path(tmp) / "render.html"
        html_path.write_text(page(render_html(ARTICLE, sample_quotes())), encoding="utf-8")
        screenshot(html_path, args.out.resolve())
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
