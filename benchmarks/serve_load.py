"""Search latency of `pdfarchive serve` under load: 20 clients searching at once, first alone,
then while PDFs are being uploaded and added.

    python -m benchmarks.serve_load ARCHIVE [--clients 20] [--seconds 20] [--uploads FOLDER]

The server runs as its own process (`pdfarchive serve` on a free loopback port), as a team would
run it; the clients are asyncio tasks in this process, each sending its next search as soon as
the last was answered. Queries are words of the archive's own documents (term and AND). The
uploads (default: the shared corpus's first 20 PDFs) are sent one at a time through the API,
like the add page; the documents they added are removed again at the end (a file the archive
held already is only remembered under its name once more). Prints p50/p95/max per phase,
searches per second, and every failed request.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import socket
import subprocess
import time
from pathlib import Path

import httpx2

from archive import Archive

from .common import PDFARCHIVE, PROJECT, SHARED_CORPUS, percentile
from .search import vocabulary

UPLOADS = 20
START_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def search_terms(root: Path, count: int, chooser: random.Random) -> list[str]:
    """Term and AND queries made of the archive's own words."""
    with Archive.open(root) as archive:
        runs = vocabulary(archive, 300, chooser)
    terms = []
    for _ in range(count):
        words = chooser.choice(runs)
        i = chooser.randrange(len(words) - 1)
        terms.append(words[i] if chooser.random() < 0.5 else f"{words[i]} AND {words[i + 1]}")
    return terms


async def wait_until_up(session: httpx2.AsyncClient, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server stopped before answering")
        try:
            await session.get("/api/openapi.json")
            return
        except httpx2.TransportError:
            await asyncio.sleep(0.1)  # not listening yet
    raise SystemExit("the server did not answer in time")


async def searching(session: httpx2.AsyncClient, terms: list[str], until: asyncio.Event,
                    latencies: list[float], failures: list[str]) -> None:
    """One client: search after search until `until` is set."""
    position = random.randrange(len(terms))
    while not until.is_set():
        position = (position + 1) % len(terms)
        started = time.perf_counter()
        answer = await session.get("/api/search", params={"q": terms[position]})
        latencies.append(time.perf_counter() - started)
        if answer.status_code != 200:
            failures.append(f"search {terms[position]!r}: {answer.status_code} {answer.text}")


async def phase(session: httpx2.AsyncClient, clients: int, terms: list[str],
                work: asyncio.Future[list[dict[str, object]]] | None, seconds: float
                ) -> tuple[list[float], list[str], float]:
    """Latencies and failures of `clients` searching for `seconds`, or until `work` is done."""
    done = asyncio.Event()
    latencies: list[float] = []
    failures: list[str] = []
    started = time.perf_counter()
    tasks = [asyncio.create_task(searching(session, terms, done, latencies, failures))
             for _ in range(clients)]
    if work is not None:
        await work
    else:
        await asyncio.sleep(seconds)  # the length of the phase, not a wait for a condition
    done.set()
    await asyncio.gather(*tasks)
    return latencies, failures, time.perf_counter() - started


async def upload_all(session: httpx2.AsyncClient, files: list[Path]) -> list[dict[str, object]]:
    await session.get("/add")  # the anti-forgery cookie, as the add page gives it
    csrf = session.cookies.get("pdfarchive_csrf") or ""
    rows: list[dict[str, object]] = []
    for path in files:
        answer = await session.post("/api/documents", headers={"X-CSRF-Token": csrf},
                                    files=[("file", (path.name, path.read_bytes(),
                                                     "application/pdf"))])
        rows += answer.json() if answer.status_code == 200 else [
            {"path": path.name, "status": "failed", "error": answer.text}]
    return rows


def report(name: str, latencies: list[float], failures: list[str], seconds: float) -> None:
    ms = [value * 1000 for value in latencies]
    print(f"{name:<28} {len(ms):>6} searches  {len(ms) / seconds:6.1f}/s  "
          f"p50 {percentile(ms, 0.5):6.1f} ms  p95 {percentile(ms, 0.95):6.1f} ms  "
          f"max {max(ms):7.1f} ms  failed {len(failures)}")
    for failure in failures[:10]:
        print(f"  {failure}")


async def run(root: Path, clients: int, seconds: float, files: list[Path]) -> None:
    port = free_port()
    server = subprocess.Popen([*PDFARCHIVE, "--archive", str(root), "serve", "--port",
                               str(port)], cwd=PROJECT)
    terms = search_terms(root, 500, random.Random(1))
    limits = httpx2.Limits(max_connections=clients + 2)
    try:
        async with httpx2.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=600,
                                      limits=limits) as session:
            await wait_until_up(session, server)
            print(f"{clients} clients, archive {root}")
            report("searching alone", *await phase(session, clients, terms, None, seconds))
            started = time.perf_counter()
            uploading = asyncio.ensure_future(upload_all(session, files))
            latencies, failures, took = await phase(session, clients, terms, uploading,
                                                    seconds)
            rows = uploading.result()
            report("searching while adding", latencies, failures, took)
            statuses = [str(row["status"]) for row in rows]
            print(f"uploads: {len(files)} files in {time.perf_counter() - started:.1f} s: "
                  + ", ".join(f"{statuses.count(s)} {s}" for s in sorted(set(statuses))))
            csrf = session.cookies.get("pdfarchive_csrf") or ""
            for row in rows:
                if row["status"] == "added":
                    await session.delete(f"/api/documents/{row['id']}",
                                         headers={"X-CSRF-Token": csrf})
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", type=Path)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--uploads", type=Path, default=SHARED_CORPUS,
                        help="a folder of PDFs, the first 20 of which are uploaded")
    args = parser.parse_args()
    files = sorted(args.uploads.glob("*.pdf"))[:UPLOADS]
    asyncio.run(run(args.archive, args.clients, args.seconds, files))


if __name__ == "__main__":
    main()
