"""ISO 639-1 language codes, the one form in which pdfarchive names a language (`de`, `en`)."""

from __future__ import annotations

import re

_CODE = re.compile(r"[a-z]{2}")


def language_code(tag: object) -> str | None:
    """The ISO 639-1 part of a language tag (`de-DE`, `de_DE`, ` DE` → `de`), or None if it
    has none."""
    primary = re.split(r"[-_]", str(tag or "").strip())[0].lower()
    return primary if _CODE.fullmatch(primary) else None
