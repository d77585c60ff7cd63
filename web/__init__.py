"""`pdfarchive serve`: the archive in a browser and over a JSON API, for a team.

A face, like `cli.py`: it parses requests, calls the archive library, and formats the answer
(the API's JSON is the CLI's `--json`, made by the same code).
"""

from .app import create_app, for_processes
from .context import ServerSettings
from .security import is_loopback

__all__ = ["ServerSettings", "create_app", "for_processes", "is_loopback"]
