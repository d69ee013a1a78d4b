"""The list of quotes an entry point returns, which shows itself in notebooks."""

from __future__ import annotations

from typing import Any

from quoteattr.render import render_html

__all__ = ["Quotes"]


class Quotes(list):
    """The quotes of one text: a plain ``list`` of :class:`~quoteattr.model.Quote` that
    remembers the text.

    It behaves exactly like a list; the text only serves displays (``_repr_html_`` in
    Jupyter shows the text with its quotes highlighted).
    """

    def __init__(self, quotes: Any = (), text: str = "") -> None:
        super().__init__(quotes)
        self.text = text

    def __getitem__(self, index: Any) -> Any:
        item = super().__getitem__(index)
        return Quotes(item, self.text) if isinstance(index, slice) else item

    def _repr_html_(self) -> str:
        return render_html(self.text, self)
