#!/usr/bin/env python3
"""Build stanza English models at the size of stanza's default package, for timing only.

stanza's English models cannot be downloaded where this project is built, and the
tiny test models (scripts/train_tiny_models.py) are far smaller than the real ones, so
neither says what a parse costs. This script trains each model for a moment (a step
or one short epoch) with the hyperparameters stanza's default English package is
trained with, which are stanza's own command-line defaults, and lays the result out
as a stanza resource directory with the real package names, dependencies included:

    OUT/en/tokenize/combined.pt          tokenizer, default dims, 150 steps
    OUT/en/mwt/combined.pt               MWT classifier, dictionary from all of EWT + GUM train
    OUT/en/lemma/combined_nocharlm.pt    seq2seq + edit classifier, dictionary from EWT + GUM
    OUT/en/pos/combined_charlm.pt        tagger with word vectors and both charlms
    OUT/en/depparse/combined_charlm.pt   parser with word vectors and both charlms
    OUT/en/pretrain/conll17.pt           250,000 random 100-d word vectors
    OUT/en/{forward,backward}_charlm/1billion.pt   1024-unit character LMs

The weights are nearly random, so the parses are worthless: use the folder for speed
(``benchmarks/stanza_cost.py``, ``benchmarks/ray_scale.py``), never for quality.
``Attributor(model_dir=OUT, download="never")`` loads it like the real thing.

Usage: python benchmarks/default_size_models.py [--ud-dir DIR] [--out DIR] [--force]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import shutil
import sys
import time
from pathlib import Path
from typing import List, Optional, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from train_tiny_models import read_sentences, run_stanza, select, write_corpus  # noqa: E402

DEFAULT_OUT = ROOT / ".cache" / "stanza-default-size"
DEFAULT_UD_DIR = ROOT.parent / "shared" / "ud"
TREEBANKS = ("en_ewt", "en_gum")  # stanza's "combined" English adds a few more
PACKAGES = {"tokenize": "combined", "mwt": "combined", "lemma": "combined_nocharlm",
            "pos": "combined_charlm", "depparse": "combined_charlm"}
PRETRAIN, CHARLM = "conll17", "1billion"
PRETRAIN_WORDS, PRETRAIN_DIM = 250_000, 100  # the tagger's and parser's --pretrain_max_vocab
STAMP = "build-stamp.json"


def _fingerprint(ud_dir: Path) -> str:
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for bank in TREEBANKS:
        stat = (ud_dir / f"{bank}-ud-train.conllu").stat()
        digest.update(f"{bank}:{stat.st_size}".encode())
    return digest.hexdigest()


def _conllu_rows(paths: Sequence[Path]) -> List[List[str]]:
    """Every word line (no multi-word ranges, no empty nodes) of the given CoNLL-U files."""
    rows = []
    for path in paths:
        for block in read_sentences(path):
            for line in block.splitlines():
                cols = line.split("\t")
                if len(cols) == 10 and cols[0].isdigit():
                    rows.append(cols)
    return rows


def write_pretrain(path: Path, words: Sequence[str]) -> None:
    """A stanza pretrain file: the treebank words first, padded with made-up ones."""
    import torch
    from stanza.models.common.pretrain import PretrainedWordVocab
    from stanza.models.common.vocab import VOCAB_PREFIX

    vocab = list(dict.fromkeys(w for w in words if w))[: PRETRAIN_WORDS - len(VOCAB_PREFIX)]
    vocab += [f"pad{i:06d}" for i in range(PRETRAIN_WORDS - len(VOCAB_PREFIX) - len(vocab))]
    emb = torch.randn(PRETRAIN_WORDS, PRETRAIN_DIM, generator=torch.Generator().manual_seed(0)) * 0.1
    emb[: len(VOCAB_PREFIX)] = 0
    data = {"vocab": PretrainedWordVocab(vocab, lang="en").state_dict(), "emb": emb}
    torch.save(data, str(path), _use_new_zipfile_serialization=False)


def full_dictionaries(mwt_model: Optional[Path], lemma_model: Optional[Path],
                      train_files: Sequence[Path]) -> None:
    """Give the MWT expander and the lemmatizer the dictionaries of the full training sets.

    The real models answer most words from these dictionaries and send only the rest to
    their neural part; a model trained on a slice would send far more.
    """
    from stanza.models.lemma.trainer import Trainer as LemmaTrainer
    from stanza.models.mwt.trainer import Trainer as MwtTrainer
    from stanza.utils.conll import CoNLL

    if lemma_model is not None:
        rows = _conllu_rows(train_files)
        lemma = LemmaTrainer(model_file=str(lemma_model), device="cpu")
        lemma.train_dict([[c[1], c[3], c[2]] for c in rows])
        lemma.save(str(lemma_model))
    if mwt_model is not None:
        mwt = MwtTrainer(model_file=str(mwt_model), device="cpu")
        pairs = []
        for path in train_files:
            pairs += CoNLL.conll2doc(input_file=str(path)).get_mwt_expansions(evaluation=False)
        mwt.train_dict(pairs)
        mwt.save(str(mwt_model))


def resources_json() -> dict:
    deps = [{"model": "pretrain", "package": PRETRAIN},
            {"model": "forward_charlm", "package": CHARLM},
            {"model": "backward_charlm", "package": CHARLM}]
    en = {"lang_name": "English", "default_dependencies": {},
          "packages": {"default": dict(PACKAGES)}, "default_processors": dict(PACKAGES),
          "pretrain": {PRETRAIN: {}}, "forward_charlm": {CHARLM: {}}, "backward_charlm": {CHARLM: {}}}
    for processor, package in PACKAGES.items():
        en[processor] = {package: {"dependencies": deps} if package.endswith("_charlm") else {}}
    return {"en": en}


def build(out: Path = DEFAULT_OUT, ud_dir: Path = DEFAULT_UD_DIR, force: bool = False) -> Path:
    out, ud_dir = Path(out).resolve(), Path(ud_dir).resolve()
    train_files = [ud_dir / f"{bank}-ud-train.conllu" for bank in TREEBANKS]
    dev_file = ud_dir / "en_ewt-ud-dev.conllu"
    for path in train_files + [dev_file]:
        if not path.is_file():
            raise FileNotFoundError(f"{path} not found; pass --ud-dir DIR")
    stamp = out / STAMP
    if not force and stamp.is_file() and json.loads(stamp.read_text()).get("fingerprint") == _fingerprint(ud_dir):
        return out

    started = time.monotonic()
    work = out / "work"  # kept between runs: a build that stops half way resumes
    if force:
        shutil.rmtree(work, ignore_errors=True)
    models = work / "models"
    models.mkdir(parents=True, exist_ok=True)
    log = out / "train.log"
    paths = {name: work / name for name in ("train.conllu", "train.txt", "dev.conllu", "dev.txt")}
    if not paths["dev.txt"].is_file():
        write_corpus(select(train_files[0], 1200), paths["train.conllu"], paths["train.txt"])
        write_corpus(select(dev_file, 100), paths["dev.conllu"], paths["dev.txt"])
    common = ["--shorthand", "en_combined", "--save_dir", str(models)]
    with_lang = ["--lang", "en", *common]

    def missing(name: str) -> bool:
        return not (models / name).is_file()

    # Word vectors and the two character language models (stanza's defaults: 100-d
    # character embeddings, one LSTM layer of 1024 units), one epoch over a slice.
    if missing("pretrain.pt"):
        write_pretrain(models / "pretrain.pt", [c[1] for c in _conllu_rows(train_files)])
    for direction in ("forward", "backward"):
        if missing(f"{direction}_charlm.pt"):
            run_stanza("stanza.models.charlm", [
                *common, "--mode", "train", "--direction", direction, "--train_file",
                str(paths["train.txt"]), "--eval_file", str(paths["dev.txt"]), "--epochs", "1",
                "--cutoff", "0", "--save_name", f"{direction}_charlm.pt",
                "--vocab_save_name", f"{direction}_vocab.pt", "--no_checkpoint"], work, log)
    charlm = ["--charlm", "--charlm_shorthand", "en_1billion",
              "--charlm_forward_file", str(models / "forward_charlm.pt"),
              "--charlm_backward_file", str(models / "backward_charlm.pt"),
              "--wordvec_pretrain_file", str(models / "pretrain.pt")]

    if missing("tokenize.pt"):
        from stanza.utils.datasets import prepare_tokenizer_data

        for split in ("train", "dev"):
            with log.open("a", encoding="utf-8") as handle, contextlib.redirect_stdout(handle):
                prepare_tokenizer_data.main([str(paths[f"{split}.txt"]), str(paths[f"{split}.conllu"]),
                                             "-o", str(work / f"{split}.labels"),
                                             "-m", str(work / f"{split}-mwt.json")])
        # enough steps to split sentences and flag contractions; the cost per
        # character does not depend on how well it is trained
        run_stanza("stanza.models.tokenizer", [
            *with_lang, "--mode", "train", "--save_name", "tokenize.pt",
            "--txt_file", str(paths["train.txt"]), "--label_file", str(work / "train.labels"),
            "--mwt_json_file", str(work / "train-mwt.json"),
            "--dev_txt_file", str(paths["dev.txt"]), "--dev_label_file", str(work / "dev.labels"),
            "--dev_conll_gold", str(paths["dev.conllu"]), "--steps", "150", "--eval_steps", "150",
        ], work, log)

    data = ["--mode", "train", "--train_file", str(paths["train.conllu"]),
            "--eval_file", str(paths["dev.conllu"]), "--output_file", str(work / "out.conllu")]
    if missing("mwt.pt"):
        run_stanza("stanza.models.mwt_expander", [*with_lang, *data, "--gold_file", str(paths["dev.conllu"]),
                                                  "--num_epoch", "2", "--save_name", "mwt.pt"], work, log)
    if missing("lemma.pt"):
        run_stanza("stanza.models.lemmatizer", [*common, *data, "--num_epoch", "1",
                                                "--save_name", "lemma.pt"], work, log)
        full_dictionaries(None, models / "lemma.pt", train_files)
    steps = ["--max_steps", "2", "--eval_interval", "2", "--batch_size", "500"]
    if missing("pos.pt"):
        run_stanza("stanza.models.tagger", [*with_lang, *data, *steps, *charlm, "--save_name", "pos.pt"],
                   work, log)
    if missing("depparse.pt"):
        run_stanza("stanza.models.parser", [*with_lang, *data, *steps, *charlm, "--no_checkpoint",
                                            "--save_name", "depparse.pt"], work, log)
    if not (work / "mwt-dictionary-done").is_file():
        full_dictionaries(models / "mwt.pt", None, train_files)
        (work / "mwt-dictionary-done").write_text("")

    placed = {f"{p}/{PACKAGES[p]}": f"{p}.pt" for p in PACKAGES}
    placed.update({f"pretrain/{PRETRAIN}": "pretrain.pt",
                   f"forward_charlm/{CHARLM}": "forward_charlm.pt",
                   f"backward_charlm/{CHARLM}": "backward_charlm.pt"})
    for target, source in placed.items():
        (out / "en" / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(models / source, out / "en" / f"{target}.pt")

    (out / "resources.json").write_text(json.dumps(resources_json(), indent=2), encoding="utf-8")
    stamp.write_text(json.dumps({"fingerprint": _fingerprint(ud_dir),
                                 "seconds": round(time.monotonic() - started, 1)}), encoding="utf-8")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ud-dir", type=Path, default=DEFAULT_UD_DIR,
                        help="folder with en_ewt-ud-{train,dev}.conllu and en_gum-ud-train.conllu")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="stanza resource folder to make")
    parser.add_argument("--force", action="store_true", help="rebuild even if up to date")
    args = parser.parse_args(argv)
    try:
        print(build(args.out, args.ud_dir, args.force))
    except (FileNotFoundError, RuntimeError) as err:
        print(f"default_size_models: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
