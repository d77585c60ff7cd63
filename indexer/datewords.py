"""The words that dates are written with and talked about, in every language we read.

Month names (with their abbreviations and the inflected forms that dates use: Polish
"kwietnia", Czech "dubna", Greek "Απριλίου", Finnish "huhtikuuta") and the classes of words
that stand next to a date and say what it is: an issue date ("Stand", "fait à"), a date cited
from another text ("vom", "dated"), the start or end of a validity ("gültig ab"), an act the
document records ("eingereicht am"), a meeting ("séance du"). The date model weighs the classes
(see `date_features`); these tables only say which words belong to which class.

Languages: de, en, fr, nl, it, es, pt, pl, cs, sk, sv, da, no, fi, hu, ro, el.
"""

from __future__ import annotations

MONTHS: dict[int, tuple[str, ...]] = {
    1: ("jan", "january", "januar", "jänner", "jän", "janvier", "janv", "januari", "gennaio",
        "gen", "enero", "ene", "janeiro", "styczeń", "styczen", "stycznia", "leden", "ledna",
        "január", "januára", "tammikuu", "tammikuuta", "tammik", "ianuarie", "ian",
        "ιανουάριος", "ιανουαρίου", "ιανουαριου", "ιαν"),
    2: ("feb", "febr", "february", "februar", "feber", "février", "fevrier", "févr", "fevr",
        "februari", "febbraio", "febrero", "fevereiro", "fev", "fév", "luty", "lutego", "únor",
        "unor", "února", "unora", "február", "februára", "helmikuu", "helmikuuta", "helmik",
        "februarie", "φεβρουάριος", "φεβρουαρίου", "φεβρουαριου", "φεβ"),
    3: ("mar", "march", "märz", "maerz", "mär", "mars", "maart", "mrt", "marzo", "março",
        "marco", "marzec", "marca", "březen", "brezen", "března", "brezna", "marec", "marca",
        "marts", "március", "márc", "maaliskuu", "maaliskuuta", "maalisk", "martie",
        "μάρτιος", "μαρτίου", "μαρτιου", "μαρ"),
    4: ("apr", "april", "avril", "avr", "aprile", "abril", "abr", "kwiecień", "kwiecien",
        "kwietnia", "duben", "dubna", "apríl", "apríla", "április", "ápr", "huhtikuu",
        "huhtikuuta", "huhtik", "aprilie", "απρίλιος", "απριλίου", "απριλιου", "απρ"),
    5: ("may", "mai", "mei", "maggio", "mag", "mayo", "maio", "maj", "maja", "květen",
        "kveten", "května", "kvetna", "máj", "mája", "május", "máj", "toukokuu",
        "toukokuuta", "toukok", "μάιος", "μαΐου", "μαιου", "μαΐ"),
    6: ("jun", "june", "juni", "juin", "giugno", "giu", "junio", "junho", "czerwiec",
        "czerwca", "červen", "cerven", "června", "cervna", "jún", "júna", "június", "jún",
        "kesäkuu", "kesäkuuta", "kesäk", "iunie", "ιούνιος", "ιουνίου", "ιουνιου", "ιουν"),
    7: ("jul", "july", "juli", "juillet", "juil", "luglio", "lug", "julio", "julho",
        "lipiec", "lipca", "červenec", "cervenec", "července", "cervence", "júl", "júla",
        "július", "heinäkuu", "heinäkuuta", "heinäk", "iulie", "ιούλιος", "ιουλίου",
        "ιουλιου", "ιουλ"),
    8: ("aug", "august", "août", "aout", "augustus", "agosto", "ago", "sierpień",
        "sierpien", "sierpnia", "srpen", "srpna", "augusti", "augusztus", "elokuu",
        "elokuuta", "elok", "αύγουστος", "αυγούστου", "αυγουστου", "αυγ"),
    9: ("sep", "sept", "september", "septembre", "settembre", "set", "septiembre",
        "setiembre", "setembro", "wrzesień", "wrzesien", "września", "wrzesnia", "září",
        "zari", "septembra", "szeptember", "szept", "syyskuu", "syyskuuta", "syysk",
        "septembrie", "σεπτέμβριος", "σεπτεμβρίου", "σεπτεμβριου", "σεπ"),
    10: ("oct", "october", "oktober", "okt", "octobre", "ottobre", "ott", "octubre",
         "outubro", "out", "październik", "pazdziernik", "października", "pazdziernika",
         "říjen", "rijen", "října", "rijna", "október", "októbra", "lokakuu", "lokakuuta",
         "lokak", "octombrie", "οκτώβριος", "οκτωβρίου", "οκτωβριου", "οκτ"),
    11: ("nov", "november", "novembre", "noviembre", "novembro", "listopad", "listopada",
         "listopadu", "novembra", "marraskuu", "marraskuuta", "marrask", "noiembrie",
         "νοέμβριος", "νοεμβρίου", "νοεμβριου", "νοε"),
    12: ("dec", "december", "dezember", "dez", "décembre", "decembre", "dicembre", "dic",
         "diciembre", "dezembro", "grudzień", "grudzien", "grudnia", "prosinec", "prosince",
         "decembra", "desember", "des", "joulukuu", "joulukuuta", "jouluk", "decembrie",
         "δεκέμβριος", "δεκεμβρίου", "δεκεμβριου", "δεκ"),
}

# Word classes: each entry is a regular expression alternative, matched case-insensitively as
# a whole word (a trailing `\w*` lets one entry cover a word's inflections).
WORD_CLASSES: dict[str, tuple[str, ...]] = {
    # The document says this is its own date: an issue, edition or revision line.
    "issue": (
        # de
        "stand", "datum", "ausgabe", "auflage", "fassung", "version", "veröffentlicht",
        "herausgegeben", "aktualisiert", "erstellt", "ausgestellt",
        # en
        "as of", "published", "issued", "issue date", "date of issue", "edition", "revised",
        "rev", "last updated", "updated", "release", "released",
        "arxiv:\\S+(?: \\[[\\w.\\-]+\\])?",  # "arXiv:1512.04469v1 [cs.LG] 23 Nov 2015"
        # fr
        "édition", "publié\\w*", "mise à jour", "date de publication", "fait à", "fait le",
        # nl
        "versie", "uitgave", "gepubliceerd", "bijgewerkt", "datum",
        # it
        "versione", "edizione", "pubblicat\\w*", "aggiornat\\w*", "emess\\w*",
        # es, pt
        "fecha", "edición", "versión", "publicad\\w*", "actualizad\\w*", "emitid\\w*",
        "emissão", "versão", "edição", "atualizad\\w*",
        # pl, cs, sk
        "wersja", "wydanie", "data wystawienia", "data sporządzenia", "datum vydání",
        "vydáno", "verze", "vydanie", "dátum",
        # sv, da, no, fi
        "utgåva", "utgiven", "utfärdad", "dato", "udgivet", "udgave", "utgave", "publisert",
        "päivämäärä", "pvm", "julkaistu", "versio", "päivitetty",
        # hu, ro, el
        "kelt", "kiadás", "kiadva", "keltezés", "versiunea", "ediția", "emis\\w*",
        "ημερομηνία", "έκδοση",
    ),
    # A date another text carries, cited by this one: "Beschluss vom", "letter dated".
    "citation": (
        "vom", "v", "dated", "of", "du", "van", "del", "dal", "della", "z dnia", "ze dne",
        "zo dňa", "av", "af", "fra", "din", "της", "του", "from the", "referred to",
        "gemäß", "according to", "conformément", "ai sensi",
    ),
    # A law, regulation or decision: the date after it is the law's, not the document's.
    "law": (
        "regulation", "directive", "decision", "act", "law", "order", "ordinance", "bill",
        "verordnung", "gesetz\\w*", "richtlinie", "beschluss", "urteil", "erlass", "satzung",
        "loi", "décret", "règlement", "arrêté", "ordonnance", "directiva", "reglamento", "ley",
        "decreto", "real decreto", "resolución", "direttiva", "regolamento", "legge",
        "delibera\\w*", "besluit", "wet", "richtlijn", "ustaw\\w*", "rozporządze\\w*",
        "dyrektyw\\w*", "uchwał\\w*", "zákon\\w*", "vyhlášk\\w*", "nařízení", "lag", "lagen",
        "förordning\\w*", "lov", "loven", "bekendtgørelse", "forskrift", "laki", "asetus",
        "törvény\\w*", "rendelet\\w*", "határozat\\w*", "lege", "legea", "hotărâr\\w*",
        "ordonanț\\w*", "νόμος", "νόμου", "απόφαση", "art", "artikel", "article", "articolo",
        "artículo", "artigo", "artykuł", "§",
    ),
    # Where a period begins or ends: "gültig ab", "with effect from", "bis", "deadline".
    "validity": (
        "since", "seit", "depuis", "sinds", "vanaf", "desde", "dal", "od", "from", "ab",
        "ab dem", "gültig", "gilt", "valid", "validity", "effective", "with effect from",
        "in force", "in kraft", "à compter du", "à partir du", "a partir de", "a decorrere",
        "met ingang van", "until", "bis", "till", "hasta", "fino al", "jusqu'au", "tot",
        "do", "expires", "expiry", "expiration", "deadline", "due", "fällig", "frist",
        "délai", "scadenza", "plazo", "prazo", "termin", "between", "zwischen", "entre",
        "tra", "tussen", "między", "giltig", "gäller", "gælder", "gjelder", "voimassa",
        "hatályos", "valabil", "ισχύ", "from the date", "through", "period",
    ),
    # An act the document records of itself: submitted, answered, signed, adopted.
    "act": (
        "eingereicht", "eingegangen", "beantwortet", "unterzeichnet", "unterschrieben",
        "beschlossen", "genehmigt", "submitted", "received", "answered", "signed",
        "approved", "adopted", "accepted", "reçu", "signé", "adopté", "approuvé",
        "ontvangen", "ondertekend", "vastgesteld", "goedgekeurd", "ricevut\\w*",
        "firmat\\w*", "approvat\\w*", "recibid\\w*", "firmad\\w*", "aprobad\\w*",
        "recebid\\w*", "assinad\\w*", "aprovad\\w*", "otrzyman\\w*", "podpisan\\w*",
        "przyjęt\\w*", "přijat\\w*", "podepsán\\w*", "schválen\\w*", "mottagen",
        "undertecknad", "antagen", "modtaget", "underskrevet", "vedtaget", "mottatt",
        "vedtatt", "vastaanotettu", "allekirjoitettu", "hyväksytty", "beérkezett",
        "aláírva", "elfogadva", "primit", "semnat", "aprobat", "υπογράφηκε",
    ),
    # A meeting the document is the record of: "séance du", "Sitzung am".
    "meeting": (
        "sitzung", "tagung", "versammlung", "besprechung", "meeting", "held on", "session",
        "séance", "réunion", "tenue le", "assemblée", "vergadering", "bijeenkomst", "seduta",
        "riunione", "adunanza", "sesión", "reunión", "reunião", "sessão", "posiedzeni\\w*",
        "zebrani\\w*", "zasedání", "jednání", "schůze", "sammanträde\\w*", "møde", "møte",
        "kokous", "ülés\\w*", "ședinț\\w*", "συνεδρίαση",
        # the time a meeting was held: "Zeit:", "Aika 17.04.2024, klo 15:29"
        "zeit", "uhrzeit", "time", "date and time", "heure", "hora", "horario", "ora", "tijd",
        "godzina", "čas", "tid", "tidspunkt", "aika", "idő", "ώρα",
    ),
    # Production stamps: a print or creation run, not the date the document states.
    "production": (
        "gedruckt", "druckdatum", "printed", "print date", "imprimé", "date d'impression",
        "generated", "generiert", "erzeugt", "created", "created on", "erstellt am",
        "exported", "downloaded", "abgerufen", "retrieved", "accessed", "consulté",
        "page", "seite", "pagina", "página", "strona", "strana", "sida", "side", "sivu",
        "oldal",
    ),
    # A person's birth date, as in a register extract or a CV.
    "birth": (
        "born", "geboren", "geb", "né", "née", "nato", "nata", "nacido", "nacida", "nascido",
        "urodzon\\w*", "ur", "narozen\\w*", "född", "født", "syntynyt", "született",
        "născut\\w*", "γεννήθηκε", "date of birth", "geburtsdatum", "date de naissance",
    ),
}

# Page-1 words that mark a document as a sample or template whose dates are examples.
TEMPLATE_WORDS: tuple[str, ...] = (
    "muster", "beispiel", "vorlage", "specimen", "sample", "template", "example",
    "exemple", "modèle", "spécimen", "ejemplo", "modelo", "plantilla", "esempio",
    "fac-simile", "facsimile", "voorbeeld", "sjabloon", "wzór", "przykład", "vzor",
    "příklad", "mall", "exempel", "eksempel", "malli", "esimerkki", "minta", "példa",
    "exemplu", "υπόδειγμα",
)

# Page-1 words that mark minutes, which are dated by the meeting they record.
MINUTES_WORDS: tuple[str, ...] = (
    "protokoll", "niederschrift", "sitzungsprotokoll", "ergebnisprotokoll", "minutes",
    "procès-verbal", "proces-verbal", "compte rendu", "compte-rendu", "verbale", "notulen",
    "besluitenlijst", "verslag", "acta", "ata", "protokół", "zápis", "zápisnica",
    "referat", "pöytäkirja", "jegyzőkönyv", "πρακτικά",
)
