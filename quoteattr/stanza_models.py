"""stanza's models on disk: which ones quoteattr needs, which are missing, and fetching them.

Split from :mod:`quoteattr.pipeline`, which re-exports these names.
"""

from __future__ import annotations

import json
import os
from typing import Any, List, Optional, Tuple

from quoteattr.errors import ModelsMissingError

__all__ = ["PROCESSORS", "default_model_dir", "missing_models", "download_models"]

#: The stanza processors attribution reads: tokens, multi-word tokens, tags, lemmas, parse.
PROCESSORS: Tuple[str, ...] = ("tokenize", "mwt", "pos", "lemma", "depparse")


def default_model_dir() -> str:
    """stanza's own resource directory (``$STANZA_RESOURCES_DIR`` or stanza's user cache)."""
    from stanza.resources.common import DEFAULT_MODEL_DIR

    return str(DEFAULT_MODEL_DIR)


def _processors(ner: bool) -> Tuple[str, ...]:
    return PROCESSORS + (("ner",) if ner else ())


def _fix_command(lang: str, model_dir: str, ner: bool) -> str:
    extra = " --ner" if ner else ""
    return f"quoteattr download --lang {lang} --model-dir {model_dir}{extra}"


# --------------------------------------------------------------------------- models on disk


def missing_models(lang: str = "en", model_dir: Optional[str] = None, *, ner: bool = False,
                   **stanza_options: Any) -> List[str]:
    """What a stanza Pipeline for ``lang`` would fail to load from ``model_dir``.

    Uses stanza's own resolution (resources.json, packages, dependencies such as pretrained
    vectors), so the answer matches what ``stanza.Pipeline`` will open. Returns one line
    per missing piece; an empty list means everything is in place.
    """
    model_dir = os.path.expanduser(model_dir or default_model_dir())
    index = os.path.join(model_dir, "resources.json")
    if not os.path.isfile(index):
        return [f"{index} (stanza's model index)"]
    try:
        with open(index, encoding="utf-8") as handle:
            resources = json.load(handle)
    except (OSError, ValueError) as err:
        return [f"{index} (unreadable: {err})"]
    if lang not in resources:
        return [f"language {lang!r} in {index}"]
    lang = resources[lang].get("alias", lang)

    from stanza.pipeline.core import Pipeline, build_default_config
    from stanza.resources.common import (add_dependencies, maintain_processor_list,
                                         process_pipeline_parameters)

    wanted = _processors(ner)
    _, _, _, processors = process_pipeline_parameters(lang, model_dir, "default", ",".join(wanted))
    load_list = maintain_processor_list(resources, lang, None, processors)
    load_list = add_dependencies(resources, lang, load_list)
    load_list = Pipeline.update_kwargs(stanza_options, load_list)
    found = {name for name, _ in load_list}
    missing = [f"a {p} model for {lang!r} listed in {index}" for p in wanted if p not in found]

    config = build_default_config(resources, lang, model_dir, load_list)
    config.update(stanza_options)
    for key, value in sorted(config.items()):
        paths = value if isinstance(value, (list, tuple)) else [value]
        if key.endswith("_path"):
            missing += [p for p in paths if isinstance(p, str) and not os.path.isfile(p)]
    return missing


def download_models(lang: str = "en", model_dir: Optional[str] = None, *, ner: bool = False) -> str:
    """Fetch exactly the models :class:`Attributor` needs, with stanza's progress bar.

    Returns the model directory. Raises :class:`ModelsMissingError` when the download
    fails (no network, model hub unreachable).
    """
    import stanza

    model_dir = os.path.expanduser(model_dir or default_model_dir())
    try:
        stanza.download(lang, model_dir=model_dir, package="default",
                        processors=",".join(_processors(ner)), logging_level="INFO")
    except Exception as err:  # requests, OSError, stanza's own: all mean "not fetched"
        raise ModelsMissingError(
            f"Could not download stanza's {lang!r} models into {model_dir}: {err}\n"
            "Check the network connection, or copy a stanza resource directory made on "
            f"another machine (`{_fix_command(lang, model_dir, ner)}` there) and pass it as "
            "model_dir / --model-dir."
        ) from err
    return model_dir
