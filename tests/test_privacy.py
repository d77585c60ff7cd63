"""The archive is private to its user whatever the umask, and `verify` finds and (with
`--repair`) tightens what is looser; `verify` itself never writes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive import Archive
from archive.samples import write_samples
from cli import cli
from tests.conftest import archive_state


def modes(root: Path) -> dict[str, set[int]]:
    """The modes of the archive's folders, stored PDFs and other files."""
    found: dict[str, set[int]] = {"folders": set(), "stored": set(), "files": set()}
    for path in [root, *root.rglob("*")]:
        kind = ("folders" if path.is_dir() else
                "stored" if path.is_relative_to(root / "files") else "files")
        found[kind].add(stat.S_IMODE(path.stat().st_mode))
    return found


def run(root: Path, *args: str):
    return CliRunner().invoke(cli, ["--archive", str(root), *args])


@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_the_archive_is_private_whatever_the_umask(tmp_path: Path, umask: int) -> None:
    root = tmp_path / "archive"
    samples = write_samples(tmp_path / "in")
    previous = os.umask(umask)
    try:
        assert run(root, "add", *map(str, samples)).exit_code == 0
        assert run(root, "remove", run(root, "list", "--json").stdout.split('"id": "')[1][:12]
                   ).exit_code == 0
        assert run(root, "reindex").exit_code == 0
    finally:
        os.umask(previous)
    assert modes(root) == {"folders": {0o700}, "stored": {0o400}, "files": {0o600}}
    assert (root / "index").is_dir() and (root / "write.lock").is_file()


def test_verify_warns_of_loose_modes_and_repair_tightens_them(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    assert run(root, "add", *map(str, write_samples(tmp_path / "in"))).exit_code == 0
    for path in [root, *root.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)  # as an older pdfarchive left them
    checked = run(root, "verify")
    assert checked.exit_code == 0
    assert "warning: " in checked.stderr
    assert "can be read or changed by other users" in checked.stderr
    assert "`verify --repair` makes them private" in checked.stderr
    assert modes(root)["files"] == {0o644}, "verify alone changes nothing"
    repaired = run(root, "verify", "--repair")
    assert repaired.exit_code == 0
    assert "repaired: made " in repaired.stdout and "private to their owner" in repaired.stdout
    assert modes(root) == {"folders": {0o700}, "stored": {0o400}, "files": {0o600}}
    again = run(root, "verify")
    assert again.exit_code == 0 and "warning" not in again.stderr


def test_verify_reports_pending_index_work_and_writes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    assert run(root, "add", *map(str, write_samples(tmp_path / "in"))).exit_code == 0
    with Archive.open(root, write=True) as archive:
        [first, *_] = archive.documents()
        with archive.catalog.transaction():  # as a process killed before its index update
            archive.catalog.correct(first.id, title="Neuer Titel")
            archive.catalog.delete(archive.documents()[-1].id)
    before = archive_state(root)
    checked = run(root, "verify")
    assert checked.exit_code == 0, checked.output
    assert "note: 2 index updates an interrupted command left are pending" in checked.stderr
    assert archive_state(root) == before, "verify wrote nothing"
    repaired = run(root, "verify", "--repair")
    assert repaired.exit_code == 0 and "pending" not in repaired.stderr
    assert "Neuer Titel" in run(root, "search", "title:Neuer").stdout
