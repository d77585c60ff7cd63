"""The modes that keep files private to their owner, whatever the umask: an archive holds the
words of documents that are not for everyone who can log in to the machine."""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def make_private(directory: Path) -> None:
    """Make a directory and the files directly in it readable by their owner alone."""
    os.chmod(directory, PRIVATE_DIR)
    for entry in os.scandir(directory):
        if entry.is_file(follow_symlinks=False):
            os.chmod(entry.path, PRIVATE_FILE)
