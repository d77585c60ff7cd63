"""Telling a PDF by its first bytes, and naming what else a file is, for error messages.

Light on purpose: the download code asks it before any PDF reader is loaded.
"""

from __future__ import annotations

# The PDF header may follow some junk, as readers allow.
HEADER_WINDOW = 1024


def looks_like_pdf(head: bytes) -> bool:
    """Whether bytes (at least the first HEADER_WINDOW of a file) start like a PDF."""
    return b"%PDF-" in head[:HEADER_WINDOW]


def what_it_is(data: bytes) -> str:
    """A guess at what the bytes are instead, for the error message."""
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "it is an HTML page"
    signatures = {
        b"\x89png": "it is a PNG image", b"\xff\xd8\xff": "it is a JPEG image",
        b"pk\x03\x04": "it is a ZIP archive", b"gif8": "it is a GIF image",
        b"%!ps": "it is a PostScript file", b"{\\rtf": "it is an RTF document",
    }
    for magic, what in signatures.items():
        if head.startswith(magic):
            return what
    return "no %PDF- header"
