"""The parse readers in one place: the parser-neutral :class:`Document`
(:mod:`quoteattr.document`), CoNLL-U (:mod:`quoteattr.conllu`) and stanza documents
(:mod:`quoteattr.stanza_input`). spaCy docs are read by :mod:`quoteattr.spacy_input`."""

from quoteattr.conllu import REBUILD_SLACK, Source, read_conllu
from quoteattr.document import Document, Token
from quoteattr.stanza_input import from_stanza_document

__all__ = ["Token", "Document", "read_conllu", "from_stanza_document", "Source", "REBUILD_SLACK"]
