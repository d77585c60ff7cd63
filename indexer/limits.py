"""What one PDF may make us do: generous for real documents, fatal for bombs.

Time and memory are enforced on the worker process that reads the file (see `workers`); pages
and text per page by the extraction itself; OCR of scanned pages has its own time budget and
memory allowance (see `ocr`). pypdf adds its own bound on how far one stream may
inflate (75 MB), which the memory limit backs up.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_TIMEOUT = 60.0
DEFAULT_MEMORY = 1 << 30  # 1 GiB
DEFAULT_MAX_PAGES = 20_000
DEFAULT_MAX_PAGE_CHARS = 1_000_000
# OCR of scanned pages starts no new page after this long, so that a scanned book is added
# with its first pages read instead of failing the file's timeout.
DEFAULT_OCR_SECONDS = 30.0
DEFAULT_OCR_MEMORY = 3 << 30  # 3 GiB: the OCR models alone take most of 1 GiB


@dataclass(frozen=True)
class Limits:
    """The most one file may cost; a file over a limit fails with the limit named."""

    timeout: float = DEFAULT_TIMEOUT  # seconds to read one file
    memory_bytes: int = DEFAULT_MEMORY  # address space of the worker reading it
    max_pages: int = DEFAULT_MAX_PAGES
    max_page_chars: int = DEFAULT_MAX_PAGE_CHARS  # longer page texts are cut, with a warning
    ocr_seconds: float = DEFAULT_OCR_SECONDS  # 0 turns OCR off
    ocr_memory_bytes: int = DEFAULT_OCR_MEMORY  # address space while OCR runs
