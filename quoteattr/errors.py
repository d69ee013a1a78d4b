"""Exceptions quoteattr raises on purpose; each message says what to do next."""


class QuoteattrError(Exception):
    """Base class of every error quoteattr raises deliberately."""


class ConlluError(QuoteattrError, ValueError):
    """A CoNLL-U input that cannot be read: bad columns, missing or inconsistent offsets."""


class ModelsMissingError(QuoteattrError):
    """The stanza models the parser needs are not on disk and could not be downloaded."""


class DocumentError(QuoteattrError):
    """One document of a batch failed; :meth:`Attributor.pipe` yields it in that document's place.

    ``index`` is the document's position in the input and ``__cause__`` the original error.
    """

    def __init__(self, index: int, message: str) -> None:
        super().__init__(f"document {index}: {message}")
        self.index = index
