"""The archive is private to its user, whatever the umask: a city's documents are not for
everyone who can log in to the machine.

Directories are 0700 and files 0600; stored PDFs are 0400, since they never change. Every place
that creates part of the archive asks this module, and `verify` uses it to find and (with
`--repair`) tighten what an older version or a user left looser.
"""

from __future__ import annotations

import os
from pathlib import Path

from indexer.private import PRIVATE_DIR as PRIVATE_DIR
from indexer.private import PRIVATE_FILE as PRIVATE_FILE

STORED_FILE = 0o400
# Bits that let others than the user read, write or enter.
_OTHERS = 0o077


def make_dir(path: Path) -> None:
    """Create a directory (and its missing parents up to an existing one) private to the user.

    Raises:
        OSError: it cannot be created.
    """
    missing = []
    while not path.is_dir():
        missing.append(path)
        path = path.parent
    for directory in reversed(missing):
        directory.mkdir(exist_ok=True)
        os.chmod(directory, PRIVATE_DIR)


def make_file(path: Path) -> None:
    """Create an empty file private to the user, or make an existing one private.

    Raises:
        OSError: it cannot be created.
    """
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE))
    os.chmod(path, PRIVATE_FILE)


def private_mode(path: Path, stored: bool) -> int:
    """The mode a part of the archive should have (`stored`: a PDF in the file store)."""
    if path.is_dir():
        return PRIVATE_DIR
    return STORED_FILE if stored else PRIVATE_FILE


def loose_paths(root: Path, store: Path) -> list[Path]:
    """Parts of the archive at `root` that others than the user may read, write or enter (the
    root itself first); the PDFs under `store` should also be read-only."""
    loose = []
    for path in [root, *sorted(root.rglob("*"))]:
        if path.is_symlink():
            continue
        mode = path.stat().st_mode & 0o777
        if mode & _OTHERS or (path.is_file() and path.is_relative_to(store)
                              and mode != STORED_FILE):
            loose.append(path)
    return loose


def tighten(root: Path, store: Path) -> list[Path]:
    """Give every loose part of the archive its private mode; returns what was changed."""
    changed = loose_paths(root, store)
    for path in changed:
        os.chmod(path, private_mode(path, path.is_relative_to(store)))
    return changed
