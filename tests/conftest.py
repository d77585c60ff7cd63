"""Shared fixtures: a fresh archive, a CLI runner, and the real-world corpus when present."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT.parent / "shared" / "corpus"
# The command as a separate process, for tests that kill it or run several at once.
PDFARCHIVE = [sys.executable, "-c", "import cli; cli.main()"]


@pytest.fixture
def archive_dir(tmp_path: Path) -> Path:
    """Where a test's archive lives (not created yet)."""
    return tmp_path / "archive"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared real-world corpus; tests using it are skipped, visibly, when it is absent."""
    if not (CORPUS / "manifest.json").is_file():
        pytest.skip(f"real-world corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def manifest(corpus: Path) -> list[dict]:
    return json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture
def without_root_powers():
    """Run the CLI in a subprocess that file permissions apply to, even when we are root."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root and setpriv is missing: permissions cannot be tested")
        prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*prefix, *PDFARCHIVE, *args], capture_output=True, text=True,
                              timeout=300, cwd=PROJECT)

    return run


def archive_state(root: Path) -> dict[Path, tuple[int, int]]:
    """Every file of an archive with its size and modification time, to show that a command
    wrote nothing. Any reader of a WAL database creates SQLite's shared-memory file and an empty
    write-ahead log; those hold no data and are left out."""
    return {path: (path.stat().st_size, path.stat().st_mtime_ns) for path in root.rglob("*")
            if not (path.name.endswith("-shm")
                    or path.name.endswith("-wal") and path.stat().st_size == 0)}


# Figures measured by tests (accuracy on the corpus …), printed at the end of the run.
FIGURES: dict[str, str] = {}


def pytest_terminal_summary(terminalreporter) -> None:  # noqa: ANN001 (pytest hook)
    if FIGURES:
        terminalreporter.section("figures")
        for name, value in FIGURES.items():
            terminalreporter.write_line(f"{name}: {value}")
