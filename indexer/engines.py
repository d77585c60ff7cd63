"""Text extraction engines.

An engine turns an opened PDF into the text of each of its pages. pypdf is the first engine; a
faster one (PDFium) can stand in front of it later without the rest of the indexer noticing.
"""

from __future__ import annotations

import logging
from typing import Protocol

from .pdf import OpenedPdf

log = logging.getLogger(__name__)


class TextEngine(Protocol):
    """Something that extracts the text of every page of a PDF, in page order."""

    name: str

    def page_texts(self, pdf: OpenedPdf) -> list[str]:
        """One string per page; a page whose text cannot be extracted is an empty string."""
        ...


class PypdfEngine:
    """Text extraction with pypdf: pure Python, reads nearly everything, not fast."""

    name = "pypdf"

    def page_texts(self, pdf: OpenedPdf) -> list[str]:
        texts = []
        for number, page in enumerate(pdf.reader.pages, start=1):
            try:
                text = page.extract_text() or ""
            except Exception as error:  # one broken page must not lose the others
                log.warning("page %d: text not extractable: %s", number, error)
                text = ""
            texts.append(text.replace("\x00", ""))
        return texts
