"""The API's OpenAPI 3.1 description, served at `/api/openapi.json`."""

from __future__ import annotations

from typing import Any

from archive import LIST_SORTS
from indexer import SEARCH_SORTS

from .params import MAX_LIMIT


def _parameter(name: str, about: str, schema: dict[str, Any], where: str = "query"
               ) -> dict[str, Any]:
    return {"name": name, "in": where, "required": where == "path", "description": about,
            "schema": schema}


_TEXT = {"type": "string"}
_DATE = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
_ID = _parameter("id", "The document's SHA-256, or any unique prefix of it.", _TEXT, "path")
_FILTERS = [
    _parameter("lang", "Only documents in this language (ISO 639-1).", _TEXT),
    _parameter("since", "Only documents dated on or after (2017, 2017-11, 2017-11-16).", _DATE),
    _parameter("until", "Only documents dated on or before.", _DATE),
    _parameter("limit", f"At most this many (up to {MAX_LIMIT}).",
               {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}),
    _parameter("offset", "Skip this many first.", {"type": "integer", "minimum": 0}),
]
_RECORD = {"type": "object", "description": "A document's record, as `list --json` prints it.",
           "properties": {"id": _TEXT, "title": _TEXT, "date": {"type": ["string", "null"]},
                          "language": {"type": ["string", "null"]},
                          "pages": {"type": "integer"}, "size_bytes": {"type": "integer"}}}
_ADDED = {"type": "object", "description": "One file's outcome, as `add --json` prints it.",
          "properties": {"path": _TEXT, "status": {"enum": ["added", "duplicate", "failed"]},
                         "id": {"type": ["string", "null"]},
                         "error": {"type": ["string", "null"]}}}
_ERROR = {"description": "The request failed; `error` says why.",
          "content": {"application/json": {"schema": {
              "type": "object", "properties": {"error": _TEXT}}}}}


def _json(schema: dict[str, Any], about: str) -> dict[str, Any]:
    return {"description": about, "content": {"application/json": {"schema": schema}}}


def description(max_upload: int) -> dict[str, Any]:
    """The description of every endpoint, with the server's upload limit."""
    listed = {"type": "array", "items": _RECORD}
    return {
        "openapi": "3.1.0",
        "info": {"title": "pdfarchive", "version": "1",
                 "description": "Search, list, show, add, correct and remove the archive's "
                                "documents. With a token, send `Authorization: Bearer TOKEN`."},
        "components": {"securitySchemes": {"token": {"type": "http", "scheme": "bearer"}}},
        "security": [{"token": []}],
        "paths": {
            "/api/search": {"get": {
                "summary": "Full-text search (`search --json`), in Whoosh's query syntax.",
                "parameters": [_parameter("q", "The query.", _TEXT) | {"required": True},
                               _parameter("sort", "The order.", {"enum": list(SEARCH_SORTS)}),
                               *_FILTERS],
                "responses": {"200": _json({"type": "object", "properties": {
                    "total": {"type": "integer"}, "offset": {"type": "integer"},
                    "suggestion": {"type": ["string", "null"]},
                    "notes": {"type": "array", "items": _TEXT},
                    "hits": {"type": "array", "items": _RECORD}}}, "The hits."),
                    "400": _ERROR}}},
            "/api/documents": {
                "get": {"summary": "The documents, newest first (`list --json`).",
                        "parameters": [_parameter("sort", "The order.",
                                                  {"enum": list(LIST_SORTS)}), *_FILTERS],
                        "responses": {"200": _json(listed, "The documents."), "400": _ERROR}},
                "post": {"summary": f"Add PDFs (`add --json`): multipart field `file`, one or "
                                    f"more, each at most {max_upload} bytes.",
                         "requestBody": {"required": True, "content": {"multipart/form-data": {
                             "schema": {"type": "object", "properties": {"file": {
                                 "type": "array",
                                 "items": {"type": "string", "format": "binary"}}}}}}},
                         "responses": {"200": _json({"type": "array", "items": _ADDED},
                                                    "Each file's outcome."),
                                       "400": _ERROR}}},
            "/api/documents/{id}": {
                "parameters": [_ID],
                "get": {"summary": "Everything known about a document (`show --json`).",
                        "responses": {"200": _json(_RECORD, "The detailed record."),
                                      "404": _ERROR}},
                "patch": {"summary": "Correct title, date or language (`edit`).",
                          "requestBody": {"required": True, "content": {"application/json": {
                              "schema": {"type": "object", "properties": {
                                  "title": _TEXT, "date": _DATE, "language": _TEXT}}}}},
                          "responses": {"200": _json(_RECORD, "The corrected record."),
                                        "400": _ERROR, "404": _ERROR}},
                "delete": {"summary": "Remove the document (`remove`).",
                           "responses": {"200": _json(_RECORD, "What was removed."),
                                         "404": _ERROR}}},
            "/api/documents/{id}/file": {"get": {
                "summary": "The PDF.", "parameters": [_ID],
                "responses": {"200": {"description": "The PDF.",
                                      "content": {"application/pdf": {}}}, "404": _ERROR}}},
            "/api/documents/{id}/similar": {"get": {
                "summary": "The documents most like it (`similar --json`).",
                "parameters": [_ID, _FILTERS[3]],
                "responses": {"200": _json(listed, "The documents."), "404": _ERROR}}},
            "/api/documents/{id}/pages/{page}.png": {"get": {
                "summary": "A picture of one of its first four pages.",
                "parameters": [_ID, _parameter("page", "The page, from 1.",
                                               {"type": "integer", "minimum": 1}, "path")],
                "responses": {"200": {"description": "A PNG picture.",
                                      "content": {"image/png": {}}}, "404": _ERROR}}},
        },
    }
