"""What `pip install .` (the README's first command) installs: everything the source holds."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("archive", "indexer", "web")


@pytest.mark.slow  # builds a wheel
def test_the_wheel_holds_every_module_and_data_file(tmp_path: Path) -> None:
    """The tests run an editable install, which finds every module in the source tree; a
    wheel holds only what pyproject names. A list of the top packages once left out
    indexer.backends and its engines, and the installed pdfarchive failed at its start."""
    project = tmp_path / "project"  # built from a copy: a build leaves its files behind
    project.mkdir()
    for name in ("pyproject.toml", "README.md", "cli.py"):
        shutil.copy(ROOT / name, project / name)
    for package in PACKAGES:
        shutil.copytree(ROOT / package, project / package,
                        ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                    str(tmp_path), str(project)], check=True, capture_output=True)
    [wheel] = tmp_path.glob("*.whl")
    installed = set(zipfile.ZipFile(wheel).namelist())
    source = {path.relative_to(ROOT).as_posix()
              for package in PACKAGES for path in (ROOT / package).rglob("*")
              if path.is_file() and "__pycache__" not in path.parts}
    assert source, "the packages' source was not found"
    assert source | {"cli.py"} <= installed
