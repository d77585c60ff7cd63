"""What one PDF may make us do: generous for real documents, fatal for bombs.

Time and memory are enforced on the worker process that reads the file (see `workers`); pages
and text per page by the extraction itself. pypdf adds its own bound on how far one stream may
inflate (75 MB), which the memory limit backs up.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_TIMEOUT = 60.0
DEFAULT_MEMORY = 1 << 30  # 1 GiB
DEFAULT_MAX_PAGES = 20_000
DEFAULT_MAX_PAGE_CHARS = 1_000_000


@dataclass(frozen=True)
class Limits:
    """The most one file may cost; a file over a limit fails with the limit named."""

    timeout: float = DEFAULT_TIMEOUT  # seconds to read one file
    memory_bytes: int = DEFAULT_MEMORY  # address space of the worker reading it
    max_pages: int = DEFAULT_MAX_PAGES
    max_page_chars: int = DEFAULT_MAX_PAGE_CHARS  # longer page texts are cut, with a warning
