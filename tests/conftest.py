"""Shared fixtures: a fresh archive, a CLI runner, and the real-world corpus when present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


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


# Figures measured by tests (accuracy on the corpus …), printed at the end of the run.
FIGURES: dict[str, str] = {}


def pytest_terminal_summary(terminalreporter) -> None:  # noqa: ANN001 (pytest hook)
    if FIGURES:
        terminalreporter.section("figures")
        for name, value in FIGURES.items():
            terminalreporter.write_line(f"{name}: {value}")
