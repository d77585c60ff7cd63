"""Helpers shared by the benchmarks: timing, percentiles, memory of a process tree."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

SHARED_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
PDFARCHIVE = [sys.executable, "-c", "import cli; cli.main()"]
PROJECT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo.extend(children.get(current, []))
    return total


def run_measured(command: list[str], **kwargs: object
                 ) -> tuple[float, int, subprocess.CompletedProcess[str]]:
    """Run a command; its wall time and the peak resident memory of its process tree."""
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, cwd=PROJECT, **kwargs)  # type: ignore[call-overload]
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    elapsed = time.monotonic() - started
    done.set()
    sampler.join()
    return elapsed, peak, subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def folder_size(path: Path) -> int:
    """Bytes of all files below a folder."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def mb(size: float) -> str:
    return f"{size / 1e6:.1f} MB"
