"""Text extraction engines.

An engine turns an opened PDF into the text of each of its pages. pypdf is the first engine; a
faster one (PDFium) can stand in front of it later without the rest of the indexer noticing.
"""

from __future__ import annotations

from typing import Protocol

from .pdf import OpenedPdf


class TextEngine(Protocol):
    """Something that extracts the text of every page of a PDF, in page order."""

    name: str

    def page_texts(self, pdf: OpenedPdf) -> list[str | None]:
        """One string per page; None for a page whose text cannot be extracted."""
        ...


class PypdfEngine:
    """Text extraction with pypdf: pure Python, reads nearly everything, not fast."""

    name = "pypdf"

    def page_texts(self, pdf: OpenedPdf) -> list[str | None]:
        texts: list[str | None] = []
        for page in pdf.reader.pages:
            try:
                texts.append((page.extract_text() or "").replace("\x00", ""))
            except Exception:  # one broken page must not lose the others
                texts.append(None)
        return texts
