"""Opening a PDF with pypdf and reading what it says about itself.

pypdf is the source of every fact that is not the text: the page count, the Info dictionary, the
XMP packet, the catalog's /Lang, and decryption. Broken PDFs raise all kinds of exceptions from
deep inside pypdf, so every read here is guarded and turned into our own `PdfError` with a reason
a user understands.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, WrongPasswordError

from .errors import DamagedPdfError, NotAPdfError, PasswordRequiredError
from .sniff import looks_like_pdf, what_it_is

INFO_KEYS = ("Title", "Author", "Subject", "Keywords", "Creator", "Producer",
             "CreationDate", "ModDate")
# Readers look for the end-of-file marker this far before the file's end, padding aside.
END_MARKER_REACH = 2048
# What may follow the marker: line ends, spaces, and the zeros a file copied into a larger,
# zero-filled space (a preallocated download, a disk image) ends with.
_PADDING = b"\x00 \t\r\n\x0c"
_PADDING_CHUNK = 1 << 16
# The PDF header may follow some junk; readers (and we) look for it in the first kilobyte.


@dataclass
class OpenedPdf:
    """A PDF opened (and decrypted where needed), ready for metadata and text extraction."""

    data: bytes
    reader: PdfReader
    password: str | None = None


@dataclass(frozen=True)
class PdfFacts:
    """What a PDF says about itself, apart from its text."""

    page_count: int
    info: dict[str, str] = field(default_factory=dict)
    xmp: dict[str, Any] = field(default_factory=dict)
    declared_language: str | None = None
    warnings: tuple[str, ...] = ()


def open_pdf(data: bytes, password: str | None = None) -> OpenedPdf:
    """Open PDF bytes, decrypting with `password` (or the empty password).

    Raises:
        NotAPdfError: the bytes are empty or not a PDF.
        PasswordRequiredError: encrypted, and the password does not open it.
        DamagedPdfError: too broken to read.
    """
    _check_header(data)
    try:
        reader = _reader(data)
        if reader.is_encrypted and not _decrypt(reader, password):
            if password:
                raise PasswordRequiredError("encrypted, and the password given does not open it")
            raise PasswordRequiredError("encrypted with a password (give it with --password)")
        page_count = len(reader.pages)
    except PasswordRequiredError:
        raise
    except (FileNotDecryptedError, WrongPasswordError) as error:
        raise PasswordRequiredError(f"encrypted and cannot be decrypted: {error}") from error
    except NotImplementedError as error:
        raise PasswordRequiredError(f"uses an unsupported encryption: {error}") from error
    except MemoryError:
        raise  # the memory limit, not damage: the worker reports it as such
    except Exception as error:  # pypdf raises many kinds on broken files
        if not _has_end_marker(data):
            raise DamagedPdfError(
                f"damaged PDF, probably truncated (no end-of-file marker): {_describe(error)}"
            ) from error
        raise DamagedPdfError(f"damaged PDF: {_describe(error)}") from error
    if page_count == 0:
        raise DamagedPdfError("damaged PDF: it has no pages")
    return OpenedPdf(data, reader, password)


def _reader(data: bytes) -> PdfReader:
    """A reader of the bytes; of a file cut short in its trailer, a reader of what it holds.

    A download or a copy that stopped early loses the file's last lines, where the reader
    learns where the cross-reference table is; the table itself is often all there.
    """
    try:
        return PdfReader(io.BytesIO(data), strict=False)
    except MemoryError:
        raise
    except Exception:
        completed = _completed_tail(data)
        if completed is None:
            raise
        return PdfReader(io.BytesIO(completed), strict=False)


def _completed_tail(data: bytes) -> bytes | None:
    """The bytes with a cut trailer closed and pointed at the last cross-reference table, or
    None when the end-of-file marker is there or no such table and trailer are."""
    if _has_end_marker(data):
        return None
    trailer = data.rfind(b"trailer")
    table = data.rfind(b"xref", 0, trailer) if trailer > 0 else -1
    if table < 0 or b"startxref" in data[trailer:]:
        return None
    tail = data[trailer:]
    closing = b">>" * max(0, tail.count(b"<<") - tail.count(b">>"))
    return data + closing + b"\nstartxref\n%d\n%%%%EOF\n" % table


def read_facts(pdf: OpenedPdf) -> PdfFacts:
    """Page count, Info, XMP and /Lang of an opened PDF; unreadable parts are left out."""
    reader = pdf.reader
    warnings: list[str] = []
    if not _has_end_marker(pdf.data):
        warnings.append("the file is cut short (no end-of-file marker): read what it holds")
    return PdfFacts(
        page_count=len(reader.pages),
        info=_read_info(reader, warnings),
        xmp=_read_xmp(reader, warnings),
        declared_language=_read_lang(reader),
        warnings=tuple(warnings),
    )


def _has_end_marker(data: bytes) -> bool:
    """Whether the bytes end with a PDF's end-of-file marker (`%%EOF`), padding after it aside:
    a file without it was cut short."""
    end = _end_of_content(data)
    return b"%%EOF" in data[max(0, end - END_MARKER_REACH):end]


def _end_of_content(data: bytes) -> int:
    """Where the bytes end once the padding after them is left out (looked at a chunk at a
    time from the end, so that megabytes of zeros are not copied at once)."""
    end = len(data)
    while end > 0:
        chunk = data[max(0, end - _PADDING_CHUNK):end]
        content = chunk.rstrip(_PADDING)
        if content:
            return end - (len(chunk) - len(content))
        end -= len(chunk)
    return 0


def _check_header(data: bytes) -> None:
    if not data:
        raise NotAPdfError("empty file (0 bytes)")
    if not looks_like_pdf(data):
        raise NotAPdfError(f"not a PDF ({what_it_is(data)})")


def _decrypt(reader: PdfReader, password: str | None) -> bool:
    """Try the user's password, then the empty one (files that only restrict permissions)."""
    attempts = ([password] if password else []) + [""]
    return any(reader.decrypt(attempt) for attempt in attempts)


def _describe(error: Exception) -> str:
    text = " ".join(str(error).split())
    return text[:200] if text else type(error).__name__


def _read_info(reader: PdfReader, warnings: list[str]) -> dict[str, str]:
    try:
        raw: Any = reader.metadata or {}
        items = {key: raw.get(f"/{key}") for key in INFO_KEYS}
    except Exception as error:  # broken Info dictionaries are common
        warnings.append(f"Info dictionary unreadable: {_describe(error)}")
        return {}
    return {key: _clean(str(value)) for key, value in items.items()
            if value is not None and _clean(str(value))}


def _read_xmp(reader: PdfReader, warnings: list[str]) -> dict[str, Any]:
    """The XMP fields we use; each is read on its own, as one malformed field is common."""
    try:
        xmp = reader.xmp_metadata
    except Exception as error:  # malformed XMP packets are common
        warnings.append(f"XMP metadata unreadable: {_describe(error)}")
        return {}
    if xmp is None:
        return {}
    readers: dict[str, Callable[[], Any]] = {
        "dc:title": lambda: next(iter((xmp.dc_title or {}).values()), None),
        "dc:language": lambda: next(iter(xmp.dc_language or []), None),
        "dc:date": lambda: next(iter(xmp.dc_date or []), None),
        "xmp:CreateDate": lambda: xmp.xmp_create_date,
    }
    found: dict[str, Any] = {}
    for key, read in readers.items():
        try:
            value = read()
        except Exception as error:  # e.g. an invalid date in one field
            warnings.append(f"XMP {key} unreadable: {_describe(error)}")
            continue
        if value not in (None, ""):
            found[key] = value
    return found


def _read_lang(reader: PdfReader) -> str | None:
    try:
        lang = reader.root_object.get("/Lang")
    except Exception:  # a missing or broken catalog just means no /Lang
        return None
    return (_clean(str(lang)) or None) if lang is not None else None


def _clean(text: str) -> str:
    return " ".join(text.replace("\x00", "").split())
