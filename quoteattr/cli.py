"""The ``quoteattr`` command: fetch models, and extract quotes from a corpus into JSONL, CSV,
Parquet or a table.

Reading the corpus lives in :mod:`quoteattr.corpus`, writing it in :mod:`quoteattr.outputs`,
and the batches, worker processes and progress line in :mod:`quoteattr.runner`.

Exit status: 0 when every input was read, 1 when some failed (each is named on stderr
and the others are still written) or the output cannot be written, 2 for a usage error.
A closed standard stream is reported in one line on stderr (by the exit status alone
when stderr is the one closed), never with a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, Dict, Iterator, List, Optional, Sequence, Set, Tuple

from quoteattr import __version__, corpus, records
from quoteattr.errors import ModelsMissingError, QuoteattrError
from quoteattr.model import Quote
from quoteattr.outputs import FORMATS, OutputError, Writer, format_for, open_writer
from quoteattr.runner import Extractor, Progress

FIELDS = records.DOCUMENT_FIELDS
STDIN = corpus.STDIN


class InputError(Exception):
    """An input that cannot be read; the message names it and says what to do."""


def say(message: str) -> None:
    """One line on stderr, prefixed with the program's name; nothing when stderr is closed."""
    if sys.stderr is not None:
        try:
            print(f"quoteattr: {message}", file=sys.stderr)
        except (OSError, ValueError):
            pass


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


# --------------------------------------------------------------------------- commands


def _progress(total: Optional[int], quiet: bool = False) -> Optional[Progress]:
    """A progress line on stderr when a person is watching more than one document, else None."""
    if quiet or total == 1 or total == 0 or sys.stderr is None or not sys.stderr.isatty():
        return None
    return Progress(total)


class Run:
    """One ``extract`` run: writes results, reports failures, remembers whether any failed."""

    def __init__(self, writer: Writer, bar: Optional[Progress] = None) -> None:
        self.writer = writer
        self.failed = 0
        self.bar = bar

    def say(self, message: str) -> None:
        if self.bar is not None:
            self.bar.write(f"quoteattr: {message}")
        else:
            say(message)

    def fail(self, message: str) -> None:
        self.failed += 1
        self.say(f"error: {message}")

    def done(self, document: str, text: str, quotes: Sequence[Quote]) -> None:
        with _writing():
            self.writer.write(document, text, quotes)
        self.step(len(quotes), len(text.split()))

    def step(self, quotes: int = 0, words: int = 0) -> None:
        if self.bar is not None:
            self.bar.update(quotes, words)

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


def parser_settings(args: argparse.Namespace) -> Dict[str, Any]:
    """The :class:`~quoteattr.Attributor` keywords the command line's options stand for."""
    if args.spacy:
        return {"spacy": args.spacy}
    return {"lang": args.lang, "model_dir": args.model_dir, "ner": args.ner,
            "download": "never" if args.no_download else "if_missing"}


def _items(found: List[corpus.Source], args: argparse.Namespace, run: Run,
           done: Set[str]) -> Iterator[corpus.Item]:
    for source in found:
        for item in corpus.read_items(source, text_field=args.text_field, id_field=args.id_field):
            if item.id in done:
                continue
            if source.format == "text" and item.text is not None and not item.text.strip():
                run.say(f"warning: {item.id}: empty, no quotes to find")
            yield item


def extract_raw(found: List[corpus.Source], run: Run, args: argparse.Namespace,
                done: Set[str]) -> None:
    extractor = Extractor(parser_settings(args), jobs=args.jobs, batch_size=args.batch_size)
    for item, result in extractor.run(_items(found, args, run, done)):
        if isinstance(result, str):
            run.fail(f"{item.id}: {result}")
            run.step()
        else:
            run.done(item.id, item.text or "", result)


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


def _check_options(args: argparse.Namespace, parser: argparse.ArgumentParser) -> None:
    stanza_only = [flag for flag, on in (("--model-dir", args.model_dir), ("--ner", args.ner),
                                         ("--no-download", args.no_download)) if on]
    if args.spacy and stanza_only:
        parser.error(f"{', '.join(stanza_only)}: stanza settings, which do not go with --spacy")
    if args.conllu and (args.spacy or args.jobs > 1):
        parser.error("--conllu reads parses that are already made: no --spacy or --jobs")
    if args.resume and not args.output:
        parser.error("--resume needs --output FILE (the output to resume)")


def cmd_extract(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    _check_options(args, parser)
    names: List[str] = args.files
    if not names:
        if sys.stdin is None:
            parser.error("standard input is closed; give one or more FILES")
        if sys.stdin.isatty():
            parser.error("give one or more FILES or folders, or - to read standard input")
        names = [STDIN]
    if names.count(STDIN) > 1:
        parser.error("standard input (-) can be read only once")
    if args.output is None and sys.stdout is None:
        say("error: standard output is closed; there is nowhere to write the quotes")
        return 1
    try:
        with _writing():  # a CSV header to a full disk fails here
            writer, done = open_writer(format_for(args.output, args.format), args.output,
                                       resume=args.resume)
    except OutputError as err:
        say(f"error: {err}")
        return 1
    missing: List[corpus.Item] = []
    found: List[corpus.Source] = []
    if not args.conllu:
        found = corpus.sources(names, input_format=args.input_format, glob=args.glob, errors=missing)
        found = [s for s in found if s.format != "text" or _label(s.name) not in done]
    elif done:
        names = [name for name in names if _label(name) not in done]
    unknown = any(s.format != "text" for s in found)
    run = Run(writer, _progress(None if unknown else len(found) or len(names), args.quiet))
    if done:
        run.say(f"resuming: {len(done)} documents already in {args.output}")
    for item in missing:
        run.fail(f"{item.id}: {item.error}")
    try:
        if args.conllu:
            extract_conllu(names, run, args)
        else:
            extract_raw(found, run, args, done)
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
    parser.add_argument("--version", action="version", version=f"quoteattr {__version__}")
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
        "extract", help="write one record per quote found in FILES",
        description="Write one record per quote: " + ", ".join(FIELDS) + ". Offsets index each "
                    "text file as Python's open(path, encoding='utf-8').read() returns it (a "
                    "byte-order mark counts as a character; \\r\\n reads as \\n), and the text "
                    "field of a JSONL or CSV record as it stands.",
        epilog="Examples: quoteattr extract --spacy en_core_web_sm corpus/ -o quotes.jsonl --jobs 2; "
               "quoteattr extract news.jsonl --text-field body --id-field url -o quotes.csv --resume")
    ext.add_argument("files", nargs="*", metavar="FILE",
                     help="UTF-8 text files, folders (searched recursively for --glob), JSONL "
                          "(.jsonl, .ndjson) or CSV (.csv) files, or - for standard input "
                          "(the default when piped)")
    source = ext.add_argument_group("input")
    source.add_argument("--input-format", choices=corpus.INPUT_FORMATS, default="auto",
                        help="how to read FILES: by their suffix (auto, the default), or all as "
                             "text, jsonl or csv (also for standard input)")
    source.add_argument("--glob", default="*.txt", metavar="PATTERN",
                        help="files to read in folders (default: *.txt)")
    source.add_argument("--text-field", default="text", metavar="NAME",
                        help="JSONL field or CSV column holding the text (default: text)")
    source.add_argument("--id-field", metavar="NAME",
                        help="JSONL field or CSV column holding the document id (default: "
                             "FILE:LINE for JSONL, FILE:ROW for CSV)")
    source.add_argument("--conllu", action="store_true",
                        help="inputs are CoNLL-U parses with start_char/end_char in MISC; the text "
                             "comes from a .txt file with the same stem if present; no models needed")
    sink = ext.add_argument_group("output")
    sink.add_argument("-o", "--output", metavar="FILE",
                      help="write here instead of standard output")
    sink.add_argument("--format", choices=FORMATS, default=None,
                      help="jsonl, csv, parquet (needs pyarrow and --output), or table for reading "
                           "in a terminal (default: from the --output suffix, else jsonl)")
    sink.add_argument("--resume", action="store_true",
                      help="skip the documents already in --output and append the others")
    sink.add_argument("-q", "--quiet", action="store_true",
                      help="no progress line on stderr (it is shown only on a terminal anyway)")
    run = ext.add_argument_group("parsing")
    run.add_argument("--spacy", metavar="MODEL",
                     help="parse with this spaCy pipeline (an installed package such as "
                          "en_core_web_sm, or a model directory) instead of stanza")
    run.add_argument("--jobs", type=_positive, default=1, metavar="N",
                     help="worker processes, each with its own parser (default: 1); the output "
                          "is the same, in the same order, for any N")
    run.add_argument("--batch-size", type=_positive, default=32, metavar="N",
                     help="documents parsed together (default: 32)")
    run.add_argument("--no-download", action="store_true",
                     help="stanza: fail instead of downloading missing models")
    common(run)
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
