"""The words of the pages, in German and English, chosen by the browser's language.

A label missing in a language falls back to English, so a page never shows a key.
"""

from __future__ import annotations

DEFAULT = "en"

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "search": "Search", "browse": "Browse by date", "add": "Add", "query": "Query",
        "language": "Language", "any_language": "any language", "since": "From",
        "until": "Until", "sort": "Sort", "relevance": "relevance", "date": "date",
        "newest": "newest", "added": "added", "title": "title", "size": "size",
        "pages": "pages", "page": "page", "no_hits": "No documents found.",
        "did_you_mean": "Did you mean", "matching": "matching documents",
        "previous": "Previous", "next": "Next", "unknown": "unknown",
        "documents": "documents", "undated": "undated", "all_years": "All years",
        "document": "Document", "download": "Download the PDF", "evidence": "evidence",
        "date_candidates": "Date candidates", "title_candidates": "Title candidates",
        "score": "score", "source": "source", "languages": "Languages",
        "sources": "Sources", "similar": "Similar documents", "correct": "Correct",
        "save": "Save", "metadata": "Metadata", "file_names": "File names",
        "author": "Author", "needs_ocr": "Needs OCR", "yes": "yes", "no": "no",
        "upload": "Upload PDFs", "drop": "Drop PDFs here, or choose them:",
        "from_url": "From a URL", "url": "URL", "from_page": "also every PDF the page links to",
        "add_button": "Add", "outcome": "Outcome", "file": "File", "reason": "Reason",
        "status_added": "added", "status_duplicate": "duplicate", "status_failed": "failed",
        "status_waiting": "waiting", "status_sending": "sending",
        "login": "Log in", "token": "Access token", "wrong_token": "That token is not right.",
        "error": "Error", "thumbnails": "First pages", "id": "ID", "engine": "text read by",
        "added_at": "Added", "retrieved": "retrieved", "linked_from": "linked from",
        "no_documents": "No documents.", "timeline": "Documents per year",
        "timeline_month": "Documents per month", "months_of": "months of",
        "none_found": "none found", "saved": "Saved.",
    },
    "de": {
        "search": "Suche", "browse": "Nach Datum", "add": "Hinzufügen", "query": "Suchanfrage",
        "language": "Sprache", "any_language": "alle Sprachen", "since": "Von",
        "until": "Bis", "sort": "Sortierung", "relevance": "Relevanz", "date": "Datum",
        "newest": "neueste", "added": "hinzugefügt", "title": "Titel", "size": "Größe",
        "pages": "Seiten", "page": "Seite", "no_hits": "Keine Dokumente gefunden.",
        "did_you_mean": "Meinten Sie", "matching": "passende Dokumente",
        "previous": "Zurück", "next": "Weiter", "unknown": "unbekannt",
        "documents": "Dokumente", "undated": "ohne Datum", "all_years": "Alle Jahre",
        "document": "Dokument", "download": "PDF herunterladen", "evidence": "Beleg",
        "date_candidates": "Datumskandidaten", "title_candidates": "Titelkandidaten",
        "score": "Wert", "source": "Quelle", "languages": "Sprachen",
        "sources": "Quellen", "similar": "Ähnliche Dokumente", "correct": "Korrigieren",
        "save": "Speichern", "metadata": "Metadaten", "file_names": "Dateinamen",
        "author": "Autor", "needs_ocr": "Braucht Texterkennung", "yes": "ja", "no": "nein",
        "upload": "PDFs hochladen", "drop": "PDFs hier ablegen oder auswählen:",
        "from_url": "Von einer URL", "url": "URL",
        "from_page": "auch alle PDFs, auf die die Seite verweist",
        "add_button": "Hinzufügen", "outcome": "Ergebnis", "file": "Datei", "reason": "Grund",
        "status_added": "hinzugefügt", "status_duplicate": "schon vorhanden",
        "status_failed": "fehlgeschlagen", "status_waiting": "wartet",
        "status_sending": "wird gesendet",
        "login": "Anmelden", "token": "Zugangsschlüssel",
        "wrong_token": "Dieser Schlüssel stimmt nicht.",
        "error": "Fehler", "thumbnails": "Erste Seiten", "id": "ID", "engine": "Text gelesen von",
        "added_at": "Hinzugefügt", "retrieved": "abgerufen", "linked_from": "verlinkt auf",
        "no_documents": "Keine Dokumente.", "timeline": "Dokumente pro Jahr",
        "timeline_month": "Dokumente pro Monat", "months_of": "Monate von",
        "none_found": "keine gefunden", "saved": "Gespeichert.",
    },
}


def choose_language(accept_language: str) -> str:
    """The first language of the browser's list (`de-DE,de;q=0.9,en;q=0.8`) that the pages
    have, by preference weight; English when none is."""
    preferences = []
    for position, item in enumerate(accept_language.split(",")):
        tag, _, weight = item.strip().partition(";q=")
        try:
            quality = float(weight) if weight else 1.0
        except ValueError:
            quality = 0.0
        preferences.append((-quality, position, tag.split("-")[0].strip().lower()))
    for _, _, code in sorted(preferences):
        if code in LABELS:
            return code
    return DEFAULT


class Labels:
    """The labels of one language, by key (`labels.search`); English where one is missing."""

    def __init__(self, code: str) -> None:
        self.code = code
        self._words = {**LABELS[DEFAULT], **LABELS.get(code, {})}

    def __getattr__(self, key: str) -> str:
        try:
            return self._words[key]
        except KeyError:
            raise AttributeError(key) from None
