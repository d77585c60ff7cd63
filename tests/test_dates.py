"""Finding the date a document states, in every supported language, at its stated precision."""

from __future__ import annotations

import datetime as dt

import pytest

from indexer.dates import (
    best_stated_date,
    date_options,
    find_phrases,
    month_number,
    parse_pdf_date,
    stated_dates,
)
from indexer.datewords import MONTHS
from indexer.partialdate import PartialDate

TODAY = dt.date(2026, 11, 25)


def stated(text: str, language: str | None = None, **kwargs) -> str | None:
    """The ISO date chosen from a one-page document, or None."""
    best = best_stated_date(stated_dates([text], today=TODAY, language=language, **kwargs))
    return best.date.iso() if best else None


def score(text: str, date: str, language: str | None = None, **kwargs) -> float:
    """The score of one date of a one-page document (log-odds against stating none).

    The model's weights are learned, so tests of a single cue compare two pages that differ
    only by it: the cue must move the score the way a reader would.
    """
    candidates = stated_dates([text], today=TODAY, language=language, **kwargs)
    return next(c.score for c in candidates if c.date.iso() == date)


def describe_phrase(text: str, language: str) -> dict[str, float]:
    """The features of the one date phrase of a one-page text."""
    (_, features), = date_options([text], today=TODAY, language=language).phrases
    return features


def page(date_line: str, language: str = "en") -> str:
    """A title page with the date line between a title and some body text."""
    bodies = {
        "de": "Die Stadt unterstützt die Integration aller Bürgerinnen und Bürger.",
        "en": "The city supports the inclusion of all its residents.",
        "fr": "La ville soutient l'inclusion de tous ses habitants.",
        "nl": "De gemeente ondersteunt de inclusie van alle inwoners.",
        "it": "La città sostiene l'inclusione di tutti i cittadini.",
        "es": "La ciudad apoya la inclusión de todos sus habitantes.",
        "pl": "Miasto wspiera integrację wszystkich mieszkańców.",
        "pt": "A cidade apoia a inclusão de todos os seus habitantes.",
        "cs": "Město podporuje začlenění všech svých obyvatel.",
        "sv": "Staden stöder inkluderingen av alla sina invånare.",
        "da": "Byen støtter inklusionen af alle sine borgere.",
        "no": "Byen støtter inkluderingen av alle sine innbyggere.",
        "fi": "Kaupunki tukee kaikkien asukkaidensa osallisuutta.",
        "hu": "A város támogatja minden lakosának befogadását.",
        "ro": "Orașul sprijină incluziunea tuturor locuitorilor săi.",
        "el": "Η πόλη υποστηρίζει την ένταξη όλων των κατοίκων της.",
    }
    return f"Leitfaden / Guide\n\n{date_line}\n\n{bodies[language]}\n" + "Text.\n" * 30


@pytest.mark.parametrize("line, language, expected", [
    ("Stand: November 2017", "de", "2017-11"),
    ("Berlin, den 3. März 2023", "de", "2023-03-03"),
    ("Berlin, Dezember 2023", "de", "2023-12"),
    ("Datum 16.02.2017", "de", "2017-02-16"),
    ("April 2024", "en", "2024-04"),
    ("Brussels, 26.4.2017", "en", "2017-04-26"),
    ("Washington, D.C. Tuesday, January 13, 2009", "en", "2009-01-13"),
    ("Published: 3 March 2023", "en", "2023-03-03"),
    ("Bruxelles, le 26 avril 2017", "fr", "2017-04-26"),
    ("Rapport final Janvier 2021", "fr", "2021-01"),
    ("Fait à Paris, le 1er février 2020", "fr", "2020-02-01"),
    ("Versie 1.1 (augustus 2025)", "nl", "2025-08"),
    ("Den Haag, 26 mei 2025", "nl", "2025-05-26"),
    ("Roma, 12 giugno 2019", "it", "2019-06-12"),
    ("Data di realizzazione: Aprile 2023", "it", "2023-04"),
    ("Santiago, 10 de febrero de 2021", "es", "2021-02-10"),
    ("Fecha: 28/11/2012", "es", "2012-11-28"),
    ("Warszawa, dnia 28 kwietnia 2003 r.", "pl", "2003-04-28"),
    ("Data wystawienia: 2021-04-26", "pl", "2021-04-26"),
    ("Kraków, 5 października 2022", "pl", "2022-10-05"),
    ("Lisboa, 12 de março de 2021", "pt", "2021-03-12"),
    ("Data de emissão: 03/05/2021", "pt", "2021-05-03"),
    ("V Praze dne 15. března 2023", "cs", "2023-03-15"),
    ("Stockholm den 3 mars 2021", "sv", "2021-03-03"),
    ("Datum: 2022-11-30", "sv", "2022-11-30"),
    ("København, den 4. marts 2020", "da", "2020-03-04"),
    ("Oslo, 12. desember 2019", "no", "2019-12-12"),
    ("Helsingissä 3. maaliskuuta 2021", "fi", "2021-03-03"),
    ("Päivämäärä: 15.3.2023", "fi", "2023-03-15"),
    ("Budapest, 2023. március 15.", "hu", "2023-03-15"),
    ("Kelt: 2022. 03. 14.", "hu", "2022-03-14"),
    ("București, 12 martie 2020", "ro", "2020-03-12"),
    ("Αθήνα, 15 Μαρτίου 2023", "el", "2023-03-15"),
])
def test_stated_date_in_every_language(line: str, language: str, expected: str) -> None:
    assert stated(page(line, language), language) == expected


def test_precision_is_never_invented() -> None:
    assert stated(page("Stand: November 2017", "de")) == "2017-11"
    assert stated(page("Edition 2019", "en")) == "2019"


def test_slash_dates_follow_the_language() -> None:
    assert stated(page("Date: 03/04/2020", "en"), "en") == "2020-03-04"
    assert stated(page("Datum: 03/04/2020", "de"), "de") == "2020-04-03"
    assert stated(page("Date: 25/04/2020", "en"), "en") == "2020-04-25"


def test_future_dates_are_rejected() -> None:
    assert stated(page("Stand: März 2031", "de")) is None
    assert stated(page("Stand: 30. November 2026", "de")) is None
    assert stated(page("Stand: 20. November 2026", "de")) == "2026-11-20"


def test_dates_before_1900_are_rejected() -> None:
    assert stated(page("Washington, January 27, 1871", "en")) is None


def test_citations_are_not_the_documents_date() -> None:
    text = ("Guidance on data protection\n\n"
            "This note explains the Directive of 12 June 2003 and the Regulation of 27 April "
            "2016 for city administrations.\n" + "Body text.\n" * 40)
    assert stated(text) is None


@pytest.mark.parametrize("line, language", [
    ("gemäß der Richtlinie vom 12. Juni 2003 und seit 1. Januar 2020", "de"),
    ("under the Regulation of 27 April 2016, valid until 31 December 2025", "en"),
    ("en application du décret du 12 juin 2003 et depuis le 1er janvier 2020", "fr"),
    ("volgens de richtlijn van 12 juni 2003, van toepassing sinds 2 februari 2025", "nl"),
    ("ai sensi della direttiva del 12 giugno 2003, in vigore dal 1 gennaio 2020", "it"),
    ("según el reglamento de 12 de junio de 2003, vigente desde 1 de enero de 2020", "es"),
    ("zgodnie z ustawą z 12 czerwca 2003, obowiązuje od 1 stycznia 2020", "pl"),
])
def test_citations_and_periods_of_validity_in_every_language(line: str, language: str) -> None:
    text = "Title\n" + "Body text.\n" * 20 + line + "\n" + "Body text.\n" * 20
    assert stated(text, language) is None


def test_a_stated_date_beats_a_cited_one() -> None:
    text = ("Guidance on data protection\nStand: Mai 2019\n"
            "Gemäß der Verordnung vom 27. April 2016 gilt Folgendes.\n" + "Text.\n" * 40)
    assert stated(text, "de") == "2019-05"


def test_a_table_full_of_dates_yields_none_of_them() -> None:
    rows = "\n".join(f"Notice {i}  {i:02d}/0{1 + i % 9}/2015  layoffs {i * 3}"
                     for i in range(1, 20))
    assert stated(f"Summary by received date\n{rows}", "en") is None


def test_a_date_long_after_the_files_creation_is_suspect() -> None:
    text = page("Reporting period: March 2019", "en")
    assert stated(text, created=PartialDate(2019, 4, 2)) == "2019-03"
    mention = "Title\n" + "Body text.\n" * 20 + "In March 2019 the council met.\n"
    assert score(mention, "2019-03", created=PartialDate(2012, 1, 1)) < \
        score(mention, "2019-03", created=PartialDate(2019, 4, 2))


def test_later_pages_count_less_than_the_first() -> None:
    candidates = stated_dates(["Title\nStand: Mai 2019\n", "Stand: Juni 2020\n"], today=TODAY)
    assert [c.date.iso() for c in candidates[:2]] == ["2019-05", "2020-06"]
    assert candidates[0].page == 1 and candidates[1].page == 2


def test_evidence_is_the_phrase() -> None:
    candidates = stated_dates([page("Stand: November 2017", "de")], today=TODAY)
    assert "Stand: November 2017" in candidates[0].evidence


@pytest.mark.parametrize("name, number", [
    ("März", 3), ("mars", 3), ("maart", 3), ("marzo", 3), ("marca", 3), ("Dezember", 12),
    ("décembre", 12), ("grudnia", 12), ("augustus", 8), ("août", 8), ("Sept.", 9),
    ("października", 10), ("mei", 5), ("giugno", 6),
])
def test_month_names(name: str, number: int) -> None:
    assert month_number(name) == number


def test_every_month_name_is_read_in_a_date() -> None:
    """Each name of each language's table, whole: "12 março 2020" is not read as "mar"."""
    for names in MONTHS.values():
        for name in names:
            found = find_phrases(f"am 12 {name} 2020 ", 1, None)
            assert [(p.date.month, p.text[p.start:p.end]) for p in found] == \
                [(month_number(name), f"12 {name} 2020")], name


@pytest.mark.parametrize("raw, expected", [
    ("D:20170224133144-06'00'", "2017-02-24"),
    ("D:2017", "2017"),
    ("D:201702", "2017-02"),
    ("2018-05-04T10:00:00Z", "2018-05-04"),
    (dt.datetime(2020, 1, 2, 3, 4), "2020-01-02"),
])
def test_pdf_dates(raw: object, expected: str) -> None:
    parsed = parse_pdf_date(raw)
    assert parsed is not None and parsed.iso() == expected


@pytest.mark.parametrize("raw", ["D:18500101", "D:29990101", "garbage", "", None, 42,
                                 "0-01-01T00:00:00Z", "D:20171345"])
def test_bad_pdf_dates_are_none(raw: object) -> None:
    assert parse_pdf_date(raw) is None


def test_a_period_within_a_year_is_stated_to_the_year() -> None:
    assert stated(page("For the year January 1–December 31, 2007", "en"), "en") == "2007"


@pytest.mark.parametrize("line, language", [
    ("Received 4 October 2005; accepted 7 March 2006", "en"),
    ("ai sensi dell'art. 13 del D.lgs. 196 del 30/06/2003", "it"),
])
def test_article_history_and_legal_citations_are_not_the_date(line: str, language: str) -> None:
    text = "Title of the paper\n" + "Body text of the paper.\n" * 20 + line + "\n" + \
        "More body text.\n" * 20
    assert stated(text, language) is None


def test_a_receipt_stamp_counts_less_than_a_place_and_date() -> None:
    def text(line: str) -> str:
        return "Title of the paper\n" + "Body text.\n" * 20 + line + "\n" + "Text.\n" * 20
    assert score(text("Eingegangen am 3. Mai 2019"), "2019-05-03", "de") < \
        score(text("Berlin, 3. Mai 2019"), "2019-05-03", "de")


def test_a_printers_stamp_is_not_the_date() -> None:
    text = "Chapitre 5\nDésordres de l'équilibre\n" + "Texte.\n" * 30 + \
        "40-025998_Nephrologie.indb 71 14/09/2018 10:57\n"
    assert stated(text, "fr") is None


def test_copyright_year_far_from_its_sign() -> None:
    assert stated(page("© World Health Organization 2022", "en"), "en") == "2022"


def test_a_place_and_a_year_alone_on_a_line() -> None:
    assert stated(page("Madrid, 1977", "es"), "es") == "1977"
    text = "Title\n" + "Text.\n" * 20 + "as shown before (Ravichandran and Hovy, 2002)\n"
    assert stated(text, "en") is None


def test_a_date_in_the_heading_is_the_documents() -> None:
    text = ("Checks by state\n" + "Alabama 12 44 51\n" * 40 +
            "NICS Firearm Background Checks November - 2015\n" + "Texas 1 2 3\n" * 20)
    title = "NICS Firearm Background Checks November - 2015"
    assert stated(text, "en", titles=(title,)) == "2015-11"
    assert score(text, "2015-11", "en") < score(text, "2015-11", "en", titles=(title,))


@pytest.mark.parametrize("title, body_line, language, expected", [
    ("Procès-verbal de la séance publique du 20 juin 2023",
     "Séance publique tenue le 20 juin. L'avis public a paru le 7 juin 2023.", "fr",
     "2023-06-20"),
    ("Règlement 1310 – Identification du circuit de ski de fond – 17 mai 2021",
     "Une consultation s'est tenue le 11 mai 2021.", "fr", "2021-05-17"),
    ("Protokoll der Sitzung vom 4. März 2022", "Die Einladung ging am 20. Februar 2022 raus.",
     "de", "2022-03-04"),
    ("Verslag van de raadsvergadering 12 mei 2021", "De agenda verscheen op 1 mei 2021.", "nl",
     "2021-05-12"),
])
def test_a_date_the_title_states_wins(title: str, body_line: str, language: str,
                                      expected: str) -> None:
    text = f"{title}\n" + "Text.\n" * 3 + body_line + "\n" + "Text.\n" * 30
    assert score(text, expected, language, titles=(title,)) > 0
    # The page alone, without the title, says so less surely.
    assert score(text, expected, language, titles=(title,)) > score(text, expected, language)


def test_a_date_shortly_before_the_files_creation_is_likely() -> None:
    text = "Spektrum der Wissenschaft\n" + "Text.\n" * 80 + "Editorial JANUAR 2006\n" + \
        "Text.\n" * 80
    assert stated(text, "de", created=PartialDate(2007, 1, 13)) == "2006-01"
    assert score(text, "2006-01", "de", created=PartialDate(2012, 1, 13)) < \
        score(text, "2006-01", "de", created=PartialDate(2007, 1, 13))


@pytest.mark.parametrize("line, language, expected", [
    ("Stand: Zuletzt geändert durch Art. 1 V v. 7.2.2024 I Nr. 39", "de", "2024-02-07"),
    ("Factuurnr. Datum\n98559514 16.02.2017", "nl", "2017-02-16"),
    ("Rechnungsnummer Datum\nRE-2231 03.05.2021", "de", "2021-05-03"),
    ("No. Fecha:\n1244 28/11/2012", "es", "2012-11-28"),
])
def test_keywords_on_the_line_or_over_the_column(line: str, language: str,
                                                 expected: str) -> None:
    assert stated(page(line, language), language) == expected


def test_an_order_date_is_not_the_invoices() -> None:
    text = page("Factuurnr. Datum\n98559514 16.02.2017\nBest.datum\n24.01.2017", "nl")
    assert stated(text, "nl") == "2017-02-16"


def test_a_column_of_dates_is_data() -> None:
    text = ("Article dump\n" + "Text.\n" * 20 + "2005-09-23 Katrina New Orleans\n"
            "2005-10-02 Longwang Taiwan\n2005-11-20 Gamma Florida\n" + "Text.\n" * 20)
    single = "Article dump\n" + "Text.\n" * 20 + "2005-09-23 Katrina\n" + "Text.\n" * 20
    created = PartialDate(2006, 4, 14)
    assert stated(single, "en", created=created) == "2005-09-23"
    assert score(text, "2005-09-23", "en", created=created) < \
        score(single, "2005-09-23", "en", created=created)


def test_a_date_repeated_within_one_page_counts_less_than_one_on_several_pages() -> None:
    row = "Acme 07/02/2015 Layoff\n"
    body = "Text.\n" * 20
    within = stated_dates(["WARN Report\n" + body + (row + body) * 3], today=TODAY,
                          language="en")
    across = stated_dates(["WARN Report\n" + body + row + body] * 3, today=TODAY,
                          language="en")
    assert across[0].score > within[0].score
    footer = "Text.\n" * 20 + "Berlin, 3. Mai 2019\n"
    candidates = stated_dates([footer, footer, footer], today=TODAY, language="de")
    assert candidates[0].score > stated_dates([footer], today=TODAY, language="de")[0].score


@pytest.mark.parametrize("line, language, expected", [
    ("FORM FDA 1572 (4/25) PREVIOUS EDITION IS OBSOLETE.", "en", "2025-04"),
    ("Formulario I-9 10/21/19 Página 1 de 3", "es", "2019-10-21"),
    ("Form W-9 (Rev. 10/18)", "en", "2018-10"),
])
def test_a_forms_edition(line: str, language: str, expected: str) -> None:
    assert stated(page(line, language), language) == expected


@pytest.mark.parametrize("line, language", [
    ('Reference: Chuttur M.Y. (2009). "Overview of the Technology Acceptance Model"', "en"),
    ("Zitiervorschlag: Müller, A. (2009): Wohnen in Berlin.", "de"),
    ("Citation : Dupont J. (2009). Habiter la ville.", "fr"),
])
def test_how_to_cite_this_paper_states_its_year(line: str, language: str) -> None:
    text = "Title of the paper\n" + "Body text.\n" * 20 + line + "\n"
    assert stated(text, language) == "2009"


def test_a_print_stamp_with_a_file_name_is_not_the_date() -> None:
    text = "Beautiful is better than ugly.\n" * 20 + \
        "Printed by\nMittwoch Mai 30, 2018 zen_of_python.txt 1/1\n"
    assert stated(text, "en") is None


@pytest.mark.parametrize("text, language, expected", [
    ("Datum: 14.03.19", "de", "2019-03-14"),
    ("Date: 11/23/18", "en", "2018-11-23"),
    ("Stand: 1.7.18", "de", "2018-07-01"),
    ("21-09-2016", "nl", "2016-09-21"),
    ("2023/02/14", "en", "2023-02-14"),
    ("2023.03.15", "hu", "2023-03-15"),
    ("04/27/2022", "en", "2022-04-27"),
    ("04/27/2022", "de", "2022-04-27"),
    ("March 3rd, 2021", "en", "2021-03-03"),
    ("the 3rd of March 2021", "en", "2021-03-03"),
    ("14-FEB-2021", "en", "2021-02-14"),
    ("07.06. 2019", "de", "2019-06-07"),
    ("XHUAA.17-10-2019--*", "es", "2019-10-17"),
    ("15. ledna 2024", "cs", "2024-01-15"),
    ("2019. május", "hu", "2019-05"),
    ("ΑΘΗΝΑ 15 ΜΑΡΤΙΟΥ 2023", "el", "2023-03-15"),
])
def test_date_forms_read(text: str, language: str, expected: str) -> None:
    assert [p.date.iso() for p in find_phrases(text, 1, language)] == [expected]


def test_a_dash_and_a_number_after_a_date_make_an_identifier() -> None:
    assert find_phrases("Aktenzeichen 12-06-2020-3", 1, "de") == []


@pytest.mark.parametrize("text", ["Section 1.7.18 applies", "Ratio 14.03.19",
                                  "Stand: Version 3.2.19", "Datum v1.7.18"])
def test_two_digit_years_need_a_keyword_and_are_no_version(text: str) -> None:
    assert find_phrases(text, 1, "en") == []


@pytest.mark.parametrize("before, language", [
    ("Expiration Date: ", "en"), ("Print date: ", "en"), ("Date d'expiration : ", "fr"),
])
def test_a_label_naming_another_date_does_not_introduce_the_documents(
        before: str, language: str) -> None:
    own = describe_phrase("Date: 03/02/2021", language)
    other = describe_phrase(f"{before}03/02/2021", language)
    assert own["before:date-label"] and own["introduced"]
    assert other["before:other-date-label"] and "introduced" not in other


def test_a_place_and_a_year_read_as_one_phrase_are_introduced_by_the_place() -> None:
    """"Madrid, 1977" is one phrase, its place inside it: it is introduced as "Berlin, den"
    introduces the date after it, so the document does not read as one whose dates nothing
    introduces."""
    imprint = describe_phrase("Madrid, 1977", "es")
    assert imprint["kind:place-year"] and imprint["introduced"]


def test_a_date_labelled_as_another_is_neither_the_first_nor_the_latest() -> None:
    """A form's expiry, first on its page and years ahead, is no candidate for the date a
    reader meets first or the document's latest: its edition at the foot is both."""
    text = ("OMB No. 0910-0014 Expiration Date: September 30, 2026\n"
            "Statement of Investigator\n" + "The investigator agrees to the study.\n" * 20 +
            "FORM FDA 1572 (4/25) PREVIOUS EDITION IS OBSOLETE\n")
    features = {p.date.iso(): f for p, f in
                date_options([text], today=TODAY, language="en").phrases}
    assert "first" not in features["2026-09-30"] and "latest" not in features["2026-09-30"]
    assert "first" in features["2025-04"] and "latest" in features["2025-04"]
    assert stated(text, "en") == "2025-04"


@pytest.mark.parametrize("line, heading, language, side", [
    ("Deze verplichting is van toepassing sinds 2 februari 2025.", "Den Haag, 2 februari 2025",
     "nl", "prose:before"),
    ("Vernehmlassung vom 28. April 2021 bis zum Herbst", "Stand: 28. April 2021", "de",
     "prose:after"),
])
def test_a_date_inside_a_sentence_is_marked_as_prose(line: str, heading: str, language: str,
                                                     side: str) -> None:
    assert describe_phrase(line, language)[side] == 1.0
    assert side not in describe_phrase(heading, language)


def test_a_date_in_brackets_is_marked() -> None:
    features = describe_phrase("Ich erkenne die Statuten (Stand 21. Mai 2025) an.", "de")
    assert features["in-brackets"] == 1.0
    assert "in-brackets" not in describe_phrase("Stand 21. Mai 2025", "de")


BODY_DE = "Die Stadt unterstützt die Integration aller Bürgerinnen und Bürger.\n" * 15


def test_of_several_acts_the_document_records_the_later_is_its_date() -> None:
    text = ("Kleine Anfrage\n" + BODY_DE + "eingereicht am 2. Mai 2022\n" + BODY_DE
            + "beantwortet am 30. Mai 2022\n" + BODY_DE)
    assert stated(text, "de") == "2022-05-30"


def test_a_report_signed_and_dated_on_its_last_page_is_dated_by_it() -> None:
    body = [BODY_DE * 3] * 5
    signed = [*body, "Mit freundlichen Grüßen\nBerlin, den 3. Juli 2014\nDie Senatorin\n"]
    best = best_stated_date(stated_dates(signed, today=TODAY, language="de"))
    assert best is not None and best.date.iso() == "2014-07-03" and best.page == 6
    # A page between the first three and the last is not read: its dates are the body's.
    inside = [*body[:4], signed[-1], body[0]]
    assert all(c.page != 5 for c in stated_dates(inside, today=TODAY, language="de"))


def test_a_letterhead_date_beats_citations_on_page_two() -> None:
    first = "Stadt Musterhausen\nBerlin, 3. März 2023\nBetreff: Antrag\n" + BODY_DE
    second = (BODY_DE + "Wie in unserem Schreiben vom 12. März 2019 dargelegt, gilt der "
              "Beschluss 4/1998 vom 7. Mai 1998.\n" + BODY_DE)
    best = best_stated_date(stated_dates([first, second], today=TODAY, language="de"))
    assert best is not None and best.date.iso() == "2023-03-03"


def test_minutes_are_dated_by_their_meeting() -> None:
    text = ("Protokoll der Sitzung\n" + BODY_DE + "Sitzung am 4. März 2022\n" + BODY_DE
            + "Die Einladung ging am 20. Februar 2022 raus.\n" + BODY_DE)
    assert stated(text, "de") == "2022-03-04"


def test_a_templates_example_date_counts_less() -> None:
    form = "Antrag auf Wohngeld\nDatum: 01.01.2020\n" + BODY_DE
    assert score("Muster\n" + form, "2020-01-01", "de") < score(form, "2020-01-01", "de")
