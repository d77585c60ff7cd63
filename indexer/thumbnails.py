"""Pictures of a PDF's pages, small enough to recognise a document by (its web page shows
them). PDFium renders; a page is drawn without its annotations' and forms' appearance, so
that nothing a PDF asks to show beyond its page content is drawn.
"""

from __future__ import annotations

import io

from .errors import DamagedPdfError, PasswordRequiredError

DEFAULT_WIDTH = 240  # pixels: about a sixth of a screen's width, sharp on a dense screen


def render_page(data: bytes, page: int, width: int = DEFAULT_WIDTH) -> bytes:
    """The PNG picture of page `page` (from 1) of a PDF, `width` pixels wide.

    Raises:
        PasswordRequiredError: the PDF is encrypted.
        DamagedPdfError: PDFium cannot open it, or it has no such page.
    """
    import pypdfium2 as pdfium  # imported here: only the web pages need pictures

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise PasswordRequiredError("encrypted: its pages cannot be shown") from error
        raise DamagedPdfError(f"cannot be rendered: {error}") from error
    try:
        if not 1 <= page <= len(document):
            raise DamagedPdfError(f"has no page {page} (it has {len(document)})")
        sheet = document[page - 1]
        scale = width / max(1.0, sheet.get_width())
        picture = sheet.render(scale=scale, draw_annots=False, may_draw_forms=False).to_pil()
        out = io.BytesIO()
        picture.save(out, format="PNG", optimize=True)
        return out.getvalue()
    finally:
        document.close()
