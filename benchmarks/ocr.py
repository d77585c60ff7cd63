"""How many of a page's words OCR reads: text pages scanned, then read as a scan.

    python -m benchmarks.ocr ../shared/corpus/manifest.json [--pages 50]

Scans with the text they show are rare; text PDFs are not. Page 1 of the manifest's text
documents (spread over the list, letter and A4 sized) is rendered into a PDF that holds
nothing but the picture, as a scanner makes it (grey, at 300 dpi, stored as JPEG), and read by
`read_pdf` as any scan is. The words its text layer holds are the truth: recall is the share
of them that OCR read (each word counted as often as it occurs, as search indexes it),
precision the share of the words read that are among them. The words with accents or
umlauts are also counted as written, accents kept: the share of them read exactly says
whether titles and passages of French, German or Spanish scans are spelled right. The time is
the CPU time of reading the scans.
"""

from __future__ import annotations

import argparse
import io
import json
import time
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium

from indexer import read_pdf
from indexer.analysis import folded_terms
from indexer.letters import WORD
from indexer.ocr import OCR_DPI

_MIN_WORDS = 30
_MAX_POINTS = 700 * 900  # letter and A4, not posters
SCAN_DPI = 300


def scan_of_first_page(path: Path) -> tuple[bytes, str] | None:
    """A picture-only PDF of the file's page 1 and the text its text layer holds, or None for
    a page too large or holding too few words to judge by."""
    try:
        document = pdfium.PdfDocument(path)
        page = document[0]
        truth = page.get_textpage().get_text_range()
        width, height = page.get_size()
        picture = page.render(scale=SCAN_DPI / 72, grayscale=True).to_pil()
    except pdfium.PdfiumError:
        return None
    if width * height > _MAX_POINTS or sum(words(truth).values()) < _MIN_WORDS:
        return None
    scan = io.BytesIO()
    picture.save(scan, "PDF", resolution=SCAN_DPI)
    return scan.getvalue(), truth


def words(text: str) -> Counter[str]:
    """The words of a text as search indexes them, with how often each occurs."""
    return Counter(folded_terms(text))


def accented_words(text: str) -> Counter[str]:
    """The words of a text that have a letter outside ASCII, accents kept, case ignored."""
    return Counter(word.casefold() for word in WORD.findall(text) if not word.isascii())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("manifest", type=Path)
    parser.add_argument("--pages", type=int, default=50, help="how many pages to scan")
    args = parser.parse_args()
    manifest = json.loads(args.manifest.read_text(encoding="utf-8"))
    texts = sorted(e["file"] for e in manifest if e["kind"] == "text" and not e.get("password"))
    step = max(1, len(texts) // args.pages)
    truth_words = read_words = right = pages = accented = accented_right = 0
    cpu = 0.0
    for name in texts[::step][:args.pages]:
        made = scan_of_first_page(args.manifest.parent / name)
        if made is None:
            continue
        scan, truth = made
        started = time.process_time()
        read = read_pdf(scan).page_texts[0]
        cpu += time.process_time() - started
        expected, found = words(truth), words(read)
        truth_words += sum(expected.values())
        read_words += sum(found.values())
        right += sum((expected & found).values())
        expected_accented = accented_words(truth)
        accented += sum(expected_accented.values())
        accented_right += sum((expected_accented & accented_words(read)).values())
        pages += 1
    print(f"{pages} text pages scanned at {SCAN_DPI} dpi, read by OCR at {OCR_DPI} dpi: "
          f"{truth_words} words, {right / truth_words:.1%} of them read "
          f"(recall), {right / max(1, read_words):.1%} of the words read right (precision); "
          f"of the {accented} words with accents or umlauts, "
          f"{accented_right / max(1, accented):.1%} read with them; "
          f"{cpu:.1f} CPU-s, {cpu / pages:.2f} s a page")


if __name__ == "__main__":
    main()
