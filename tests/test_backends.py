"""The contract every search backend keeps, run against each one pdfarchive has.

What a search finds is held to the same behaviour on every engine by `test_search.py`, which
runs on an archive of each; these tests hold the index itself: writing in batches, health,
rebuilding, and reporting damage instead of hiding it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive import Archive, SearchQuery, UsageError
from archive.samples import write_samples
from indexer import (
    BACKENDS,
    DEFAULT_BACKEND,
    DateRange,
    Health,
    IndexCorruptError,
    IndexDocument,
    PartialDate,
    SearchFilters,
    open_backend,
)


def document(number: int, text: str, date: PartialDate | None = None,
             language: str | None = "de") -> IndexDocument:
    return IndexDocument(id=f"{number:064x}", title=f"Dokument {number}", text=text, date=date,
                         language=language, size_bytes=1000, pages=1,
                         filenames=[f"d{number}.pdf"])


@pytest.fixture(params=sorted(BACKENDS))
def backend(request: pytest.FixtureRequest, tmp_path: Path):
    index = open_backend(request.param, tmp_path / "index")
    yield index
    index.close()


def test_an_index_is_missing_until_its_first_batch(backend) -> None:
    assert backend.health() == Health.MISSING
    assert backend.ids() == set()
    with backend.batch() as batch:
        batch.put(document(1, "Die Städte fördern die Integration."))
    assert backend.health() == Health.OK
    assert backend.ids() == {f"{1:064x}"}


def test_a_batch_commits_together_and_a_failing_one_not_at_all(backend) -> None:
    with backend.batch() as batch:
        batch.put(document(1, "Wohnungslosenhilfe der Bezirke."))
        batch.put(document(2, "Soziale Rechte in den Städten."))
    with pytest.raises(RuntimeError), backend.batch() as batch:
        batch.put(document(3, "Bürgerbeteiligung im Quartal."))
        batch.delete(f"{1:064x}")
        raise RuntimeError("interrupted")
    assert backend.ids() == {f"{1:064x}", f"{2:064x}"}


def test_put_replaces_and_delete_removes(backend) -> None:
    with backend.batch() as batch:
        batch.put(document(1, "Erste Fassung über Straßenbahnen."))
    with backend.batch() as batch:
        batch.put(document(1, "Zweite Fassung über Radwege."))
        batch.put(document(2, "Ein anderes Dokument über Radwege."))
    assert backend.search("Radwege", SearchFilters()).total == 2
    assert backend.search("Straßenbahnen", SearchFilters()).total == 0
    with backend.batch() as batch:
        batch.delete(f"{2:064x}")
        batch.delete(f"{9:064x}")  # not there: nothing happens
    assert backend.ids() == {f"{1:064x}"}


def test_hits_name_the_words_to_mark_and_filters_apply(backend) -> None:
    with backend.batch() as batch:
        batch.put(document(1, "Die Städte fördern die Integration.", PartialDate(2017, 11)))
        batch.put(document(2, "Die Stadt plant neue Wohnungen.", PartialDate(2019)))
        batch.put(document(3, "Cities support refugees.", PartialDate(2024, 4), "en"))
    results = backend.search("Stadt", SearchFilters(language="de"))
    assert {hit.id for hit in results.hits} == {f"{1:064x}", f"{2:064x}"}
    assert all(hit.terms or hit.stems for hit in results.hits)
    dated = backend.search("Stadt", SearchFilters(dates=DateRange(PartialDate(2018))))
    assert [hit.id for hit in dated.hits] == [f"{2:064x}"]
    newest = backend.search("Die", SearchFilters(), sort="date")
    assert [hit.id for hit in newest.hits] == [f"{2:064x}", f"{1:064x}"]


def test_similar_finds_others_not_itself(backend) -> None:
    with backend.batch() as batch:
        batch.put(document(1, "Wohnungslosenhilfe Notunterkunft Kältehilfe Bezirke Winter."))
        batch.put(document(2, "Kältehilfe und Notunterkunft im Winter für Wohnungslose."))
        batch.put(document(3, "Radwege und Straßenbahnen der Stadt."))
    similar = backend.similar(f"{1:064x}", "Wohnungslosenhilfe Notunterkunft Kältehilfe Bezirke "
                              "Winter.", limit=5)
    assert [hit.id for hit in similar][:1] == [f"{2:064x}"]
    assert f"{1:064x}" not in {hit.id for hit in similar}


def test_a_rebuild_replaces_the_index(backend) -> None:
    with backend.batch() as batch:
        batch.put(document(1, "Alter Inhalt."))
    fresh = [document(n, f"Neuer Inhalt Nummer {n}.") for n in range(2, 7)]
    assert backend.rebuild(lambda last_id: fresh if last_id is None else []) == 5
    assert backend.ids() == {d.id for d in fresh}
    assert backend.search("Inhalt", SearchFilters(), limit=10).total == 5


def test_a_damaged_index_says_so_and_is_not_replaced(backend) -> None:
    with backend.batch() as batch:
        batch.put(document(1, "Inhalt."))
    backend.close()
    for path in backend.path.iterdir():  # what a disk failure or a careless user leaves
        if path.is_file():
            path.unlink()
    assert backend.health() == Health.DAMAGED
    with pytest.raises(IndexCorruptError, match="verify --repair"):
        backend.ids()
    with pytest.raises(IndexCorruptError):
        backend.search("Inhalt", SearchFilters())
    assert backend.path.is_dir(), "nothing is replaced behind the user's back"


# A writer killed in the middle of a batch this long has already spilled to disk: Tantivy a
# segment past its memory budget, Whoosh a sorted run past its pool's.
KILLED_BATCH_DOCUMENTS = {"tantivy": 15_000, "whoosh": 2_000}
_KILLED_WRITER = """
import os, signal, sys
from pathlib import Path
from indexer import IndexDocument, open_backend
index = open_backend(sys.argv[1], Path(sys.argv[2]))
with index.batch() as batch:
    for n in range(2, 2 + int(sys.argv[3])):
        words = " ".join(f"wort{n * 61 + i}" for i in range(60))
        batch.put(IndexDocument(id=f"{n:064x}", title="T", text=words, date=None,
                                language="de", size_bytes=1, pages=1, filenames=["x.pdf"]))
    os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.slow  # a writer fills its memory budget before it is killed
@pytest.mark.parametrize("engine", sorted(BACKENDS))
def test_files_a_killed_writer_leaves_are_removed_by_the_next_batch(tmp_path: Path,
                                                                      engine: str) -> None:
    """What paperless-ngx's index suffered (18 GiB of orphaned segments against 93 MiB live):
    a crash must not leave files that stay for ever."""
    path = tmp_path / "index"
    index = open_backend(engine, path)
    with index.batch() as batch:
        batch.put(document(1, "Soziale Rechte in den Städten."))
    index.close()
    before = {p.relative_to(path) for p in path.rglob("*")}
    killed = subprocess.run([sys.executable, "-c", textwrap.dedent(_KILLED_WRITER), engine,
                             str(path), str(KILLED_BATCH_DOCUMENTS[engine])],
                            cwd=Path(__file__).resolve().parent.parent)
    assert killed.returncode == -9
    orphans = {p.relative_to(path) for p in path.rglob("*")} - before
    assert orphans, "the killed writer should have left files for this test to see removed"

    index = open_backend(engine, path)
    with index.batch() as batch:
        batch.put(document(2, "Integration der Zugewanderten."))
    assert not orphans & {p.relative_to(path) for p in path.rglob("*")}
    assert index.ids() == {f"{1:064x}", f"{2:064x}"}
    assert index.health() == Health.OK
    index.close()


def test_a_new_archive_uses_the_default_engine_and_an_old_one_whoosh(tmp_path: Path) -> None:
    with Archive.open(tmp_path / "new", create=True) as archive:
        assert archive.index.name == DEFAULT_BACKEND
    with Archive.open(tmp_path / "new", write=True) as archive:
        with archive.catalog.transaction():  # as archives from before engines could be chosen
            archive.catalog._db.execute("DELETE FROM settings")
    with Archive.open(tmp_path / "new") as archive:
        assert archive.index.name == "whoosh"


@pytest.mark.parametrize("engine", sorted(BACKENDS))
def test_reindex_converts_an_archive_to_an_engine(tmp_path: Path, engine: str) -> None:
    root = tmp_path / "archive"
    with Archive.open(root, create=True) as archive:
        list(archive.add(write_samples(tmp_path / "in")))
        ids = archive.catalog.ids()
        assert archive.reindex(engine) == len(ids)
        assert archive.index.name == engine
    with Archive.open(root) as archive:
        assert archive.index.name == engine and archive.index.ids() == ids
        assert archive.verify().problems == []
    shutil.rmtree(root / "index")
    with pytest.raises(UsageError, match="no search engine called 'lucene'"):
        Archive.open(root, write=True, engine="lucene")


def test_whoosh_indexes_of_earlier_versions_still_open() -> None:
    """A Whoosh index keeps its schema pickled, naming each analyzer class by its module: the
    classes must stay where the indexes written by earlier versions name them."""
    from whoosh.analysis import CompositeAnalyzer

    from indexer.backends.whoosh.schema import build_schema

    analyzer = build_schema()["content"].analyzer
    assert isinstance(analyzer, CompositeAnalyzer)
    names = {f"{type(part).__module__}.{type(part).__name__}" for part in analyzer.items}
    assert "indexer.analysis.FoldFilter" in names


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
       st.sampled_from(["de", "en", "fr", "nl", "es"]))
def test_tantivy_is_given_the_terms_whoosh_analyzers_make(text: str, language: str) -> None:
    """Both engines index the same terms, so that a query finds the same documents."""
    from indexer.analysis import document_terms, folded_analyzer, folded_terms, stemming_analyzer

    folded = [token.text for token in folded_analyzer()(text)]
    assert folded_terms(text) == folded
    assert document_terms(text, language) == (
        folded, [token.text for token in stemming_analyzer(language)(text)])


def test_the_same_terms_on_real_text() -> None:
    from indexer.analysis import document_terms, folded_analyzer, stemming_analyzer
    from tests.test_search import DOCUMENTS

    for _, _, _, text in DOCUMENTS:
        folded = [token.text for token in folded_analyzer()(text)]
        for language in ("de", "fr", "en"):
            assert document_terms(text, language) == (
                folded, [token.text for token in stemming_analyzer(language)(text)])
        assert document_terms(text, "pl") == (folded, [])  # no stemmer: folded words only
        assert document_terms(text, None) == (folded, [])


def test_an_archive_whose_engine_is_not_installed_says_so(tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "archive"
    with Archive.open(root, create=True, engine="tantivy") as archive:
        list(archive.add(write_samples(tmp_path / "in")[:1]))
    monkeypatch.setitem(BACKENDS, "tantivy", ("indexer.backends.not_installed", "Backend"))
    with Archive.open(root) as archive, pytest.raises(UsageError, match="not installed here"):
        archive.search(SearchQuery("Integration"))
