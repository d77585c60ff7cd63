"""What every extraction worker needs before its first file, loaded once by the fork server.

The worker pool's fork server imports this module; each worker forked from it then starts
with the readers imported and the language model loaded, instead of spending about a second
of its first file's deadline on them (and again after each replacement).
"""

from . import extraction  # noqa: F401 (imported for what it imports: readers, models)
from .language import load_model

load_model()
