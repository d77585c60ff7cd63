"""Language-aware search: stems per language, folded spellings, compounds, query features,
"did you mean", similar documents and snippets, on an archive of generated PDFs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from indexer import BACKENDS
from indexer.analysis import fold, searchable
from tests import pdfgen

# One document per file: (file name, language, title, author, text). Each text states its date.
DOCUMENTS = [
    ("staedte.pdf", "Integrationsbericht", "Senatsverwaltung",
     "Stand: November 2017\nDie Städte fördern die städtischen Integrationsmaßnahmen. Die "
     "Wohnungslosenhilfe der Bezirke hilft Bürgerinnen und Bürgern in der Straße. Die Integra-\n"
     "tion gelingt. Soziale Rechte gelten für alle Menschen in den Städten."),
    ("stadt.pdf", "Stadtentwicklung", "Bezirksamt",
     "Stand: März 2019\nDie Stadt plant neue Wohnungen. Der Ausschuss berät über die Hilfe für "
     "Familien. Die sozialen Rechte der Mieter werden gestärkt."),
    ("migrants.pdf", "Inclusion des migrants", "Eurocities",
     "Bruxelles, le 26 avril 2017\nLes villes favorisent l'inclusion des migrants. Une politique "
     "inclusive aide chaque migrant à trouver un logement. Les élus européens décident."),
    ("housing.pdf", "Housing for refugees", "City Council",
     "April 2024\nCities support refugees with housing. Affordable houses are built for "
     "families and refugees who arrive in the city."),
    ("refugees.pdf", "Refugees and work", "City Council",
     "May 2023\nRefugees find work and housing in the city. Affordable housing helps refugees "
     "and their families to stay."),
    ("gemeenten.pdf", "Gemeentelijk beleid", "Rijksoverheid",
     "Den Haag, 26 mei 2021\nDe gemeenten ondersteunen nieuwe inwoners. Elke gemeente helpt "
     "met wonen en werk. Het beleid is voor alle bewoners."),
    ("cittadini.pdf", "Politiche urbane", "Comune di Roma",
     "Roma, 12 giugno 2019\nLa città sostiene tutti i cittadini. Ogni cittadino ha diritto a "
     "una casa. Le politiche sociali aiutano le famiglie."),
    ("ciudades.pdf", "Política urbana", "Ayuntamiento",
     "Madrid, 10 de febrero de 2021\nLas ciudades apoyan a los vecinos. Cada ciudad ofrece "
     "vivienda y trabajo a las familias que llegan."),
    ("lodz.pdf", "Polityka miejska", "Urząd Miasta",
     "Łódź, dnia 28 kwietnia 2020 r.\nMiasto Łódź wspiera integrację wszystkich mieszkańców. "
     "Mieszkańcy otrzymują pomoc w znalezieniu pracy i mieszkania."),
]


@pytest.fixture(scope="module", params=sorted(BACKENDS))
def archive_dir(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
                ) -> Path:
    """An archive of DOCUMENTS, one for each search engine: every search test is part of the
    contract all engines keep."""
    folder = tmp_path_factory.mktemp("search")
    for name, title, author, text in DOCUMENTS:
        (folder / name).write_bytes(pdfgen.text_pdf([text], title=title, author=author))
    archive = folder / "archive"
    result = run(archive, "add", "--engine", request.param, str(folder))
    assert result.exit_code == 0, result.output
    return archive


def run(archive: Path, *args: str, color: bool = False):
    return CliRunner().invoke(cli, ["--archive", str(archive), *args], color=color,
                              catch_exceptions=False)


def found(archive: Path, query: str, *args: str) -> list[str]:
    """The file names a search finds, best first."""
    result = run(archive, "search", "--json", query, *args)
    assert result.exit_code == 0, result.output
    return [hit["filenames"][0] for hit in json.loads(result.stdout)]


@pytest.mark.parametrize("query, language, expected", [
    ("Stadt", "de", "staedte.pdf"),          # Städte, städtischen
    ("migrant", "fr", "migrants.pdf"),       # migrants
    ("inclusif", "fr", "migrants.pdf"),      # inclusion, inclusive
    ("house", "en", "housing.pdf"),          # houses
    ("gemeente", "nl", "gemeenten.pdf"),     # gemeenten
    ("cittadino", "it", "cittadini.pdf"),    # cittadini
    ("ciudad", "es", "ciudades.pdf"),        # ciudades
])
def test_other_forms_of_a_word_are_found_in_the_documents_language(
        archive_dir: Path, query: str, language: str, expected: str) -> None:
    assert expected in found(archive_dir, query)
    assert expected in found(archive_dir, query, "--lang", language)


def test_a_stem_matches_only_in_its_own_language(archive_dir: Path) -> None:
    # "Stadt" is German: its stem does not make French or English documents match.
    assert set(found(archive_dir, "Stadt")) == {"staedte.pdf", "stadt.pdf"}


def test_exact_words_rank_above_other_forms(archive_dir: Path) -> None:
    assert found(archive_dir, "Städte")[0] == "staedte.pdf"
    assert found(archive_dir, "Stadt")[0] == "stadt.pdf"
    # "houses" is in housing.pdf; refugees.pdf says "housing" only.
    assert found(archive_dir, "houses") == ["housing.pdf", "refugees.pdf"]


def test_title_matches_rank_above_body_matches(archive_dir: Path) -> None:
    # "housing" is in the title of one and twice in the body of the other.
    assert found(archive_dir, "housing")[0] == "housing.pdf"


@pytest.mark.parametrize("query, expected", [
    ("Strasse", "staedte.pdf"), ("Buerger", "staedte.pdf"), ("Burger", "staedte.pdf"),
    ("europeens", "migrants.pdf"), ("elus", "migrants.pdf"), ("Lodz", "lodz.pdf"),
    ("integracje", "lodz.pdf"), ("Integration", "staedte.pdf"),
])
def test_spellings_fold_to_one_word(archive_dir: Path, query: str, expected: str) -> None:
    assert expected in found(archive_dir, query)


def test_fold_and_broken_words() -> None:
    assert fold("Straße") == fold("STRASSE") == "strasse"
    assert fold("ﬁnanzielle") == "finanzielle"
    assert fold("Łódź") == "lodz" and fold("élus") == "elus" and fold("Œuvre") == "oeuvre"
    assert searchable("Integra-\ntion") == "Integration"
    assert searchable("Inte\u00adgration und Integra\ufffetion") == "Integration und Integration"
    assert searchable("Nord-\nSüd") == "Nord-\nSüd"


def test_a_german_word_finds_the_compounds_it_begins(archive_dir: Path) -> None:
    assert found(archive_dir, "Wohnungslose") == ["staedte.pdf"]
    assert found(archive_dir, "Wohnungslosenhilfe") == ["staedte.pdf"]
    assert found(archive_dir, "Integration")[0] == "staedte.pdf"
    # The limit: a compound's last part is not found ("Hilfe" is in stadt.pdf only).
    assert found(archive_dir, "Hilfe") == ["stadt.pdf"]


@pytest.mark.parametrize("query, expected", [
    ('"soziale Rechte"', ["stadt.pdf", "staedte.pdf"]),  # "sozialen Rechte" by stems
    ('"Rechte gelten"~2', ["staedte.pdf"]),
    ('"Städte Integrationsmaßnahmen"~5', ["staedte.pdf"]),
    ("refug*", ["housing.pdf", "refugees.pdf"]),
    ("Integartion~", ["staedte.pdf"]),
    ("Wohnungen~", ["stadt.pdf"]),
    ("title:Housing", ["housing.pdf"]),
    ("author:Eurocities", ["migrants.pdf"]),
    ("lang:nl wonen", ["gemeenten.pdf"]),
    ("date:[2017 TO 2018] Rechte", ["staedte.pdf"]),
    ("date:[2023 TO *]", ["housing.pdf", "refugees.pdf"]),
    ("date:2019-06", ["cittadini.pdf"]),
])
def test_query_syntax(archive_dir: Path, query: str, expected: list[str]) -> None:
    assert sorted(found(archive_dir, query)) == expected


def test_a_bad_date_in_a_query_is_a_clear_error(archive_dir: Path) -> None:
    result = run(archive_dir, "search", "date:[2017 TO soon]")
    assert result.exit_code == 1
    assert "'soon'" in result.stderr and "is not a date" in result.stderr


def test_did_you_mean(archive_dir: Path) -> None:
    result = run(archive_dir, "search", "Wohnungn Familen")
    assert result.exit_code == 0
    assert "No documents found." in result.stdout
    assert "Did you mean: wohnungen familien?" in result.stderr
    assert "Did you mean" not in run(archive_dir, "search", "Familien").stderr


def test_similar_documents(archive_dir: Path) -> None:
    [hit] = json.loads(run(archive_dir, "search", "--json", "title:refugees work").stdout)
    result = run(archive_dir, "similar", hit["id"][:10], "--json")
    assert result.exit_code == 0, result.output
    names = [record["filenames"][0] for record in json.loads(result.stdout)]
    assert names[0] == "housing.pdf" and "refugees.pdf" not in names
    assert "Housing for refugees" in run(archive_dir, "similar", hit["id"][:10]).stdout


def test_snippets_mark_exact_words_and_other_forms(archive_dir: Path) -> None:
    hit = json.loads(run(archive_dir, "search", "--json", "Städte", "--lang", "de").stdout)[0]
    snippet = hit["snippets"][0]
    assert snippet["page"] == 1
    assert "<b>Städte</b>" in snippet["html"] and "<b>städtischen</b>" in snippet["html"]
    assert "<b>" not in snippet["text"] and "Städte" in snippet["text"]
    terminal = run(archive_dir, "search", "Städte", "--lang", "de", color=True).stdout
    assert "\x1b[1mStädte\x1b[0m" in terminal


def test_an_index_from_an_older_version_is_rebuilt_by_the_next_add(tmp_path: Path) -> None:
    from whoosh import index as whoosh_index
    from whoosh.fields import ID, TEXT, Schema

    archive = tmp_path / "archive"
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(pdfgen.text_pdf([DOCUMENTS[0][3]]))
    assert run(archive, "add", "--engine", "whoosh", str(pdf)).exit_code == 0
    # A Whoosh index as the first version wrote it: no stems.
    for path in (archive / "index").iterdir():
        path.unlink()
    whoosh_index.create_in(str(archive / "index"), Schema(id=ID(stored=True), content=TEXT))
    result = run(archive, "search", "Städte")
    assert result.exit_code == 1
    assert "written by an older pdfarchive" in result.stderr and "reindex" in result.stderr
    other = tmp_path / "b.pdf"
    other.write_bytes(pdfgen.text_pdf([DOCUMENTS[1][3]]))
    result = run(archive, "add", str(other))
    assert result.exit_code == 0, result.output
    assert "rebuilding the search index" in result.stderr
    assert sorted(found(archive, "Stadt")) == ["a.pdf", "b.pdf"]
