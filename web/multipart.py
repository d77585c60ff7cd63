"""Reading an upload form as it arrives: each file part straight into the archive's upload
folder, within the size limit, so that neither a large file nor a hostile request is ever held
in memory (python-multipart parses; we decide where the bytes go).

A file part that is refused (too large, not a PDF) is reported with its reason and the rest of
it skipped; the other parts are received. Text fields are small by nature and capped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from archive import UploadError, UsageError
from archive.uploads import Receiving, Upload, UploadFolder, upload_name

if TYPE_CHECKING:
    from python_multipart.multipart import MultipartCallbacks

MAX_FILES = 100  # in one request
MAX_FIELD_BYTES = 4096
MAX_FIELDS = 20


@dataclass
class Received:
    """What one upload request sent: the files received, those refused and why, the fields."""

    uploads: list[Upload] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)
    fields: dict[str, str] = field(default_factory=dict)


async def receive_form(request: Request, folder: UploadFolder, max_size: int) -> Received:
    """Read a multipart form, its files into `folder`, each at most `max_size` bytes.

    Raises:
        UsageError: the request is not a multipart form, is malformed, or has too many parts.
    """
    kind, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise UsageError("send the files as multipart/form-data")
    form = _Form(folder, max_size)
    parser = MultipartParser(boundary, form.callbacks())
    try:
        async for chunk in request.stream():
            parser.write(chunk)
        parser.finalize()
    except UsageError:
        raise
    except Exception as error:  # python-multipart's errors on a malformed body
        raise UsageError(f"the form cannot be read: {error}") from error
    finally:
        form.abandon()
    return form.received


class _Form:
    """The parser's callbacks: where each part's headers and bytes go."""

    def __init__(self, folder: UploadFolder, max_size: int) -> None:
        self.folder = folder
        self.max_size = max_size
        self.received = Received()
        self._header_name = b""
        self._header_value = b""
        self._headers: dict[bytes, bytes] = {}
        self._file: Receiving | None = None
        self._file_name = ""
        self._field: tuple[str, bytearray] | None = None

    def callbacks(self) -> MultipartCallbacks:
        return {"on_part_begin": self._begin, "on_header_field": self._header_field,
                "on_header_value": self._header_value_part, "on_header_end": self._header_end,
                "on_headers_finished": self._headers_finished, "on_part_data": self._data,
                "on_part_end": self._end}

    def abandon(self) -> None:
        """Remove a file left half-written by a body that ended early."""
        if self._file is not None:
            self._file.close()
            self._file = None

    def _begin(self) -> None:
        self._headers, self._header_name, self._header_value = {}, b"", b""
        self._file, self._field = None, None

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def _header_value_part(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def _header_end(self) -> None:
        self._headers[self._header_name.lower()] = self._header_value
        self._header_name, self._header_value = b"", b""

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        name = options.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" not in options:
            if len(self.received.fields) >= MAX_FIELDS:
                raise UsageError(f"more than {MAX_FIELDS} fields in one form")
            self._field = (name, bytearray())
            return
        self._file_name = upload_name(options[b"filename"].decode("utf-8", "replace"))
        files = len(self.received.uploads) + len(self.received.refused)
        if files >= MAX_FILES:
            raise UsageError(f"more than {MAX_FILES} files in one request")
        try:
            self._file = self.folder.receive(self._file_name, self.max_size)
        except UploadError as error:
            self._refuse(error)

    def _data(self, data: bytes, start: int, end: int) -> None:
        if self._field is not None:
            self._field[1].extend(data[start:end])
            if len(self._field[1]) > MAX_FIELD_BYTES:
                raise UsageError(f"the field {self._field[0]!r} is too long")
        elif self._file is not None:
            try:
                self._file.write(data[start:end])
            except UploadError as error:
                self._refuse(error)

    def _end(self) -> None:
        if self._field is not None:
            name, value = self._field
            self.received.fields[name] = value.decode("utf-8", "replace")
        elif self._file is not None:
            try:
                self.received.uploads.append(self._file.finish())
            except UploadError as error:
                self._refuse(error)
            finally:
                self.abandon()

    def _refuse(self, error: UploadError) -> None:
        """Report the current file as refused and skip the rest of it."""
        self.received.refused.append((error.name, error.reason))
        self.abandon()
