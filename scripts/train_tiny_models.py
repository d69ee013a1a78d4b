#!/usr/bin/env python3
"""Train tiny English stanza models and lay them out as a stanza resource directory.

The real English models come from stanza's model hub, which tests (and CI machines
without a network) cannot reach. These models are trained in about a minute from a few
hundred sentences of UD English EWT. Their accuracy is irrelevant: they exist so that
tests go through the same loading, tokenizing, parsing and offset-alignment code that
real models use, via ``Attributor(model_dir=OUT, download="never")``.

The output looks like a directory made by ``stanza.download``::

    OUT/resources.json
    OUT/en/{tokenize,mwt,pos,lemma,depparse}/tiny.pt

Running the script again is a no-op while the inputs and this script are unchanged.

Usage: python scripts/train_tiny_models.py [--ud-dir DIR] [--out DIR] [--force]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterator, List, Sequence

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_UD_DIR = ROOT.parent / "shared" / "ud"
DEFAULT_OUT = ROOT / ".cache" / "tiny-stanza"
TRAIN_FILE = "en_ewt-ud-train.conllu"
DEV_FILE = "en_ewt-ud-dev.conllu"

PACKAGE = "tiny"
PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse")
N_TRAIN = 400
N_DEV = 50
SENTENCES_PER_PARAGRAPH = 4
STAMP = "build-stamp.json"

# Small enough to train in seconds on two CPU cores, large enough to run.
TAGGER_DIMS = [
    "--hidden_dim", "32", "--num_layers", "1", "--word_emb_dim", "16",
    "--char_emb_dim", "16", "--char_hidden_dim", "32", "--tag_emb_dim", "8",
    "--transformed_dim", "16", "--deep_biaff_hidden_dim", "32",
    "--composite_deep_biaff_hidden_dim", "16",
    "--share_hid",  # plain classifiers for xpos/feats: the biaffine ones are 5x slower to train
]
PARSER_DIMS = [
    "--hidden_dim", "32", "--num_layers", "1", "--word_emb_dim", "16",
    "--char_emb_dim", "16", "--char_hidden_dim", "32", "--tag_emb_dim", "8",
    "--transformed_dim", "16", "--deep_biaff_hidden_dim", "32",
    "--deep_biaff_output_dim", "16",
]


def read_sentences(path: Path) -> Iterator[str]:
    """Yield each sentence block of a CoNLL-U file (comments included, no blank line)."""
    block: List[str] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if line.strip():
                block.append(line)
            elif block:
                yield "\n".join(block)
                block = []
    if block:
        yield "\n".join(block)


def sentence_text(block: str) -> str:
    for line in block.splitlines():
        if line.startswith("# text ="):
            return line[len("# text ="):].strip()
    raise ValueError("sentence without a '# text =' comment:\n" + block[:200])


def _usable(block: str) -> bool:
    """Plain sentences only: a text comment and no empty nodes (ids such as 8.1)."""
    has_text = any(line.startswith("# text =") for line in block.splitlines())
    empty_node = any(line.split("\t", 1)[0].count(".") for line in block.splitlines()
                     if line and not line.startswith("#"))
    return has_text and not empty_node


def _interesting(block: str) -> bool:
    """Sentences the tests lean on: quotation marks, reporting verbs, contractions."""
    words = [line.split("\t") for line in block.splitlines() if line and line[0].isdigit()]
    return any(
        w[1] in {'"', "“", "”"} or (len(w) > 2 and w[2] in {"say", "tell", "add"}) or "-" in w[0]
        for w in words
    )


def select(path: Path, n: int) -> List[str]:
    """The first ``n`` usable sentences, half of them chosen for quotes and speech verbs."""
    usable = [b for b in read_sentences(path) if _usable(b)]
    chosen = set(i for i, b in enumerate(usable) if _interesting(b)) if n else set()
    chosen = set(sorted(chosen)[: n // 2])
    for i in range(len(usable)):
        if len(chosen) >= n:
            break
        chosen.add(i)
    return [usable[i] for i in sorted(chosen)]


def write_corpus(blocks: Sequence[str], conllu: Path, txt: Path) -> None:
    """Write the sentences as CoNLL-U and as raw text with blank lines between paragraphs."""
    conllu.write_text("\n\n".join(blocks) + "\n\n", encoding="utf-8")
    paragraphs = [
        " ".join(sentence_text(b) for b in blocks[i:i + SENTENCES_PER_PARAGRAPH])
        for i in range(0, len(blocks), SENTENCES_PER_PARAGRAPH)
    ]
    txt.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


def run_stanza(module: str, args: Sequence[str], workdir: Path, log: Path) -> None:
    """Run one of stanza's training entry points, quietly, in its own process."""
    cmd = [sys.executable, "-m", module, *args]
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    env.setdefault("OMP_NUM_THREADS", "2")
    with log.open("a", encoding="utf-8") as out:
        out.write(f"\n$ {' '.join(cmd)}\n")
        out.flush()
        done = subprocess.run(cmd, cwd=workdir, stdout=out, stderr=subprocess.STDOUT, env=env)
    if done.returncode != 0:
        tail = log.read_text(encoding="utf-8")[-3000:]
        raise RuntimeError(f"{module} failed (exit {done.returncode}); log {log}:\n{tail}")


def fingerprint(ud_dir: Path) -> str:
    """Hash of this script and the treebank files, so a rebuild happens only when they change."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for name in (TRAIN_FILE, DEV_FILE):
        stat = (ud_dir / name).stat()
        digest.update(f"{name}:{stat.st_size}:{int(stat.st_mtime)}".encode())
    return digest.hexdigest()


def resources_json() -> dict:
    """A minimal stanza resources.json whose default package is the tiny models."""
    return {
        "en": {
            "lang_name": "English",
            "packages": {"default": {p: PACKAGE for p in PROCESSORS}},
            "default_processors": {p: PACKAGE for p in PROCESSORS},
            "default_dependencies": {},
            **{p: {PACKAGE: {}} for p in PROCESSORS},
        }
    }


def is_built(out: Path, ud_dir: Path) -> bool:
    stamp = out / STAMP
    if not stamp.exists():
        return False
    try:
        recorded = json.loads(stamp.read_text(encoding="utf-8")).get("fingerprint")
    except ValueError:
        return False
    models = [out / "en" / p / f"{PACKAGE}.pt" for p in PROCESSORS]
    return recorded == fingerprint(ud_dir) and all(m.exists() for m in models)


def build(out: Path = DEFAULT_OUT, ud_dir: Path = DEFAULT_UD_DIR, force: bool = False) -> Path:
    """Build the tiny models into ``out`` unless they are already there; return ``out``."""
    out, ud_dir = Path(out).resolve(), Path(ud_dir).resolve()
    for name in (TRAIN_FILE, DEV_FILE):
        if not (ud_dir / name).exists():
            raise FileNotFoundError(f"{ud_dir / name} not found; pass --ud-dir DIR")
    if not force and is_built(out, ud_dir):
        return out

    started = time.monotonic()
    out.mkdir(parents=True, exist_ok=True)
    log = out / "train.log"
    log.write_text("", encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="tiny-stanza-") as tmp:
        work = Path(tmp)
        train_conllu, train_txt = work / "train.conllu", work / "train.txt"
        dev_conllu, dev_txt = work / "dev.conllu", work / "dev.txt"
        write_corpus(select(ud_dir / TRAIN_FILE, N_TRAIN), train_conllu, train_txt)
        write_corpus(select(ud_dir / DEV_FILE, N_DEV), dev_conllu, dev_txt)

        models = work / "models"
        models.mkdir()
        common = ["--shorthand", "en_tiny", "--save_dir", str(models)]
        with_lang = ["--lang", "en", *common]

        # Tokenizer: stanza's own preparation turns text + CoNLL-U into character labels.
        from stanza.utils.datasets import prepare_tokenizer_data

        for split, txt, conllu in (("train", train_txt, train_conllu), ("dev", dev_txt, dev_conllu)):
            with log.open("a", encoding="utf-8") as handle, contextlib.redirect_stdout(handle):
                prepare_tokenizer_data.main([str(txt), str(conllu), "-o", str(work / f"{split}.labels"),
                                             "-m", str(work / f"{split}-mwt.json")])
        run_stanza("stanza.models.tokenizer", [
            *with_lang, "--mode", "train", "--save_name", "tokenize.pt",
            "--txt_file", str(train_txt), "--label_file", str(work / "train.labels"),
            "--mwt_json_file", str(work / "train-mwt.json"),
            "--dev_txt_file", str(dev_txt), "--dev_label_file", str(work / "dev.labels"),
            "--dev_conll_gold", str(dev_conllu),
            "--emb_dim", "16", "--hidden_dim", "32", "--steps", "200",
            "--eval_steps", "100000", "--batch_size", "16", "--max_seqlen", "200",
        ], work, log)

        # Multi-word tokens ("don't" -> do + n't) and lemmas: dictionaries from the data.
        dict_args = ["--mode", "train", "--dict_only", "--train_file", str(train_conllu),
                     "--eval_file", str(dev_conllu), "--output_file", str(work / "out.conllu")]
        run_stanza("stanza.models.mwt_expander", [*with_lang, *dict_args, "--gold_file",
                                                  str(dev_conllu), "--save_name", "mwt.pt"], work, log)
        run_stanza("stanza.models.lemmatizer",
                   [*common, *dict_args, "--save_name", "lemma.pt"], work, log)

        # Tagger and parser: a handful of steps with tiny dimensions and no pretrained vectors.
        # Evaluating once at the last step keeps stanza's tagger on its normal exit path.
        graph_args = ["--mode", "train", "--no_pretrain", "--max_steps", "5", "--eval_interval", "5",
                      "--batch_size", "100",
                      "--train_file", str(train_conllu), "--eval_file", str(dev_conllu),
                      "--output_file", str(work / "out.conllu")]
        run_stanza("stanza.models.tagger",
                   [*with_lang, *graph_args, *TAGGER_DIMS, "--save_name", "pos.pt"], work, log)
        run_stanza("stanza.models.parser",
                   [*with_lang, *graph_args, *PARSER_DIMS, "--no_checkpoint",
                    "--save_name", "depparse.pt"], work, log)

        for processor in PROCESSORS:
            target = out / "en" / processor / f"{PACKAGE}.pt"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(models / f"{processor}.pt", target)

    (out / "resources.json").write_text(json.dumps(resources_json(), indent=2), encoding="utf-8")
    stamp = {"fingerprint": fingerprint(ud_dir), "seconds": round(time.monotonic() - started, 1)}
    (out / STAMP).write_text(json.dumps(stamp), encoding="utf-8")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ud-dir", type=Path, default=DEFAULT_UD_DIR,
                        help=f"directory holding {TRAIN_FILE} and {DEV_FILE} (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="stanza resource directory to create (default: %(default)s)")
    parser.add_argument("--force", action="store_true", help="rebuild even if up to date")
    args = parser.parse_args(argv)
    try:
        out = build(args.out, args.ud_dir, force=args.force)
    except (FileNotFoundError, RuntimeError) as err:
        print(f"train_tiny_models: {err}", file=sys.stderr)
        return 1
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
