"""Where the archive lives when the user does not say."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "PDFARCHIVE_HOME"


def archive_home(option: str | os.PathLike[str] | None = None) -> Path:
    """The archive directory, looked up in this order.

    1. the `--archive DIR` option,
    2. the `PDFARCHIVE_HOME` environment variable,
    3. `$XDG_DATA_HOME/pdfarchive`, by default `~/.local/share/pdfarchive`.
    """
    if option:
        return Path(option).expanduser()
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "pdfarchive"
