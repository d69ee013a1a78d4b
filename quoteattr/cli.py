"""The ``quoteattr`` command: fetch models, and extract quotes from files into JSONL, CSV or a table.

Exit status: 0 when every input was read, 1 when some failed (each is named on stderr
and the others are still written) or the output cannot be written, 2 for a usage error.
A closed standard stream is reported in one line on stderr (by the exit status alone
when stderr is the one closed), never with a traceback.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sys
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, TextIO, Tuple

from quoteattr.errors import ModelsMissingError, QuoteattrError
from quoteattr import records
from quoteattr.render import render_text
from quoteattr.model import Quote

FIELDS = ("document",) + records.FIELDS
STDIN = "-"


class InputError(Exception):
    """An input that cannot be read; the message names it and says what to do."""


class OutputError(Exception):
    """The results cannot be written (standard output closed, a full disk...)."""


def say(message: str) -> None:
    """One line on stderr, prefixed with the program's name; nothing when stderr is closed."""
    if sys.stderr is not None:
        try:
            print(f"quoteattr: {message}", file=sys.stderr)
        except (OSError, ValueError):
            pass


def record(document: str, quote: Quote) -> Dict[str, Any]:
    """One flat row per quote: the document name, then :func:`quoteattr.to_records`' columns."""
    return {"document": document, **records.to_records([quote])[0]}


# --------------------------------------------------------------------------- reading inputs


def read_text(name: str) -> str:
    """The UTF-8 text of a file (or stdin for ``-``), or an :class:`InputError` saying why not."""
    try:
        if name == STDIN:
            if sys.stdin is None:
                raise InputError("-: standard input is closed; give FILES to read instead")
            data = sys.stdin.buffer.read()
        elif os.path.isdir(name):
            raise InputError(f"{name}: is a directory; pass the files in it instead (e.g. {name}/*.txt)")
        else:
            with open(name, "rb") as handle:
                data = handle.read()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as err:
        raise InputError(f"{name}: cannot read: {err.strerror or err}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(
            f"{name}: not UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start}); "
            "convert it first, e.g. `iconv -f latin1 -t utf-8`"
        ) from None


def sibling_text(conllu_name: str) -> Optional[str]:
    """The raw text next to a CoNLL-U file (same stem, ``.txt``), if there is one."""
    if conllu_name == STDIN:
        return None
    stem, _ = os.path.splitext(conllu_name)
    candidate = stem + ".txt"
    if candidate != conllu_name and os.path.isfile(candidate):
        return read_text(candidate)
    return None


# --------------------------------------------------------------------------- writers


class Writer:
    """Writes the quotes of one document at a time to ``out``."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, document: str, text: str, quotes: Sequence[Quote]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.out.flush()


class JsonlWriter(Writer):
    def write(self, document: str, text: str, quotes: Sequence[Quote]) -> None:
        for quote in quotes:
            self.out.write(json.dumps(record(document, quote), ensure_ascii=False) + "\n")


class CsvWriter(Writer):
    def __init__(self, out: TextIO) -> None:
        super().__init__(out)
        self.rows = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
        self.rows.writeheader()

    def write(self, document: str, text: str, quotes: Sequence[Quote]) -> None:
        self.rows.writerows(record(document, q) for q in quotes)


class TableWriter(Writer):
    """A view for people: one block per document, drawn by :func:`quoteattr.render_text`."""

    def __init__(self, out: TextIO) -> None:
        super().__init__(out)
        on_terminal = hasattr(out, "isatty") and out.isatty()
        self.width = max(shutil.get_terminal_size((100, 24)).columns, 60) if on_terminal else 100
        self.color = None if on_terminal else False  # None: colour unless NO_COLOR is set

    def write(self, document: str, text: str, quotes: Sequence[Quote]) -> None:
        count = f"{len(quotes)} quote" + ("" if len(quotes) == 1 else "s")
        self.out.write(f"== {document} ({count})\n")
        if quotes:  # a parse read without its text carries the text it rebuilt
            text = getattr(quotes, "text", "") or text
            self.out.write(render_text(text, quotes, color=self.color, width=self.width) + "\n\n")


WRITERS: Dict[str, Callable[[TextIO], Writer]] = {
    "jsonl": JsonlWriter, "csv": CsvWriter, "table": TableWriter,
}


# --------------------------------------------------------------------------- commands


def _progress(total: int) -> Any:
    """A progress bar on stderr for several files when a person is watching, else None."""
    if total < 2 or sys.stderr is None or not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(total=total, unit="file", file=sys.stderr, leave=False)


class Run:
    """One ``extract`` run: writes results, reports failures, remembers whether any failed."""

    def __init__(self, writer: Writer, total: int) -> None:
        self.writer = writer
        self.failed = 0
        self.bar = _progress(total)

    def say(self, message: str) -> None:
        if self.bar is not None:
            self.bar.write(f"quoteattr: {message}", file=sys.stderr)
        else:
            say(message)

    def fail(self, message: str) -> None:
        self.failed += 1
        self.say(f"error: {message}")

    def done(self, document: str, text: str, quotes: Sequence[Quote]) -> None:
        with _writing():
            self.writer.write(document, text, quotes)
        self.step()

    def step(self) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        with _writing():
            self.writer.close()


class _writing:
    """Turns a failed write to the output (other than a reader leaving) into an OutputError."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, error: Any, trace: Any) -> bool:
        if isinstance(error, OSError) and not isinstance(error, BrokenPipeError):
            raise OutputError(f"cannot write the output: {error.strerror or error}") from None
        return False


def _read_all(names: Sequence[str], run: Run) -> Iterator[Tuple[str, str]]:
    """(name, text) for every readable input; unreadable ones are reported and skipped."""
    for name in names:
        try:
            text = read_text(name)
        except InputError as err:
            run.fail(str(err))
            run.step()
            continue
        if not text.strip():
            run.say(f"warning: {name}: empty, no quotes to find")
        yield name, text


def extract_raw(names: Sequence[str], run: Run, args: argparse.Namespace) -> None:
    from quoteattr.pipeline import Attributor

    attributor = Attributor(args.lang, model_dir=args.model_dir, ner=args.ner,
                            download="never" if args.no_download else "if_missing")
    inputs = _read_all(names, run)
    while True:
        chunk = [item for _, item in zip(range(args.batch_size), inputs)]
        if not chunk:
            return
        results = attributor.pipe([text for _, text in chunk], batch_size=args.batch_size)
        for (name, text), result in zip(chunk, results):
            if isinstance(result, Exception):
                cause = result.__cause__ or result
                run.fail(f"{name}: {type(cause).__name__}: {cause}")
                run.step()
            else:
                run.done(_label(name), text, result)


def extract_conllu(names: Sequence[str], run: Run, args: argparse.Namespace) -> None:
    from quoteattr.attribution import from_conllu

    for name, source in _read_all(names, run):
        try:
            text = sibling_text(name)
            quotes = from_conllu(source, text) if source.strip() else []
        except (InputError, QuoteattrError, ValueError) as err:
            run.fail(f"{name}: {err}")
            run.step()
            continue
        run.done(_label(name), text if text is not None else "", quotes)


def _label(name: str) -> str:
    return "<stdin>" if name == STDIN else name


def cmd_extract(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    names: List[str] = args.files
    if not names:
        if sys.stdin is None:
            parser.error("standard input is closed; give one or more FILES")
        if sys.stdin.isatty():
            parser.error("give one or more FILES, or - to read standard input")
        names = [STDIN]
    if names.count(STDIN) > 1:
        parser.error("standard input (-) can be read only once")
    if sys.stdout is None:
        say("error: standard output is closed; there is nowhere to write the quotes")
        return 1
    with _writing():
        run = Run(WRITERS[args.format](sys.stdout), len(names))
    try:
        (extract_conllu if args.conllu else extract_raw)(names, run, args)
    except ModelsMissingError as err:
        run.close()
        say(f"error: {err}")
        return 1
    run.close()
    return 1 if run.failed else 0


def cmd_download(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from quoteattr.pipeline import download_models

    try:
        model_dir = download_models(args.lang, args.model_dir, ner=args.ner)
    except ModelsMissingError as err:
        say(f"error: {err}")
        return 1
    say(f"stanza models for {args.lang!r} are in {model_dir}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quoteattr", description="Find quotations in English text and attribute each to its speaker.",
        epilog="First run, where a network is available: quoteattr download")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--lang", default="en", help="language of the stanza models (default: en)")
        sub.add_argument("--model-dir", metavar="DIR",
                         help="stanza resource directory (default: stanza's own, $STANZA_RESOURCES_DIR or its user cache)")
        sub.add_argument("--ner", action="store_true",
                         help="also use stanza's named-entity recogniser (slower; helps resolve speakers)")

    down = commands.add_parser("download", help="fetch the stanza models quoteattr needs",
                               description="Fetch exactly the stanza models quoteattr needs.")
    common(down)
    down.set_defaults(run=cmd_download)

    ext = commands.add_parser(
        "extract", help="print one record per quote found in FILES",
        description="Print one record per quote: " + ", ".join(FIELDS) + ".")
    ext.add_argument("files", nargs="*", metavar="FILE",
                     help="UTF-8 text files, or - for standard input (the default when piped)")
    ext.add_argument("--format", choices=sorted(WRITERS), default="jsonl",
                     help="jsonl (default), csv, or table for reading in a terminal")
    ext.add_argument("--conllu", action="store_true",
                     help="inputs are CoNLL-U parses with start_char/end_char in MISC; the text "
                          "comes from a .txt file with the same stem if present; no models needed")
    ext.add_argument("--no-download", action="store_true",
                     help="fail instead of downloading missing models")
    ext.add_argument("--batch-size", type=_positive, default=32, metavar="N",
                     help="documents parsed together (default: 32)")
    common(ext)
    ext.set_defaults(run=cmd_extract)
    return parser


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {value!r}")
    return number


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args, parser)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `quoteattr extract … | head`: the reader left, which is fine
        _silence_stdout()
        return 0
    except OutputError as err:  # `> /dev/full`: say so once, and exit without a traceback
        _silence_stdout()
        say(f"error: {err}")
        return 1


def _silence_stdout() -> None:
    """Point stdout at the null device, so that the interpreter's last flush of what could
    not be written fails silently instead of printing an error at exit."""
    try:
        if sys.stdout is not None and sys.stdout is sys.__stdout__:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, sys.stdout.fileno())
            os.close(null)
        sys.stdout = open(os.devnull, "w")
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
