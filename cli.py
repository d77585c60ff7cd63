"""The `pdfarchive` command: parses options, calls the archive library, formats the answer.

stdout carries the answer (tables, JSON); progress, warnings and errors go to stderr. Library
errors become one-line messages and exit codes here, and only here:
0 success, 1 some work failed or problems were found, 2 usage error, 3 unexpected internal
error (with a traceback), 130 interrupted.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import sys
import tempfile
import traceback
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from archive import (
    LIST_SORTS,
    AddOptions,
    Archive,
    ArchiveError,
    DateRange,
    DocumentRecord,
    Limits,
    ListQuery,
    Overrides,
    PartialDate,
    SearchQuery,
    SearchResults,
    UsageError,
    WebLimits,
    archive_home,
    exists,
    preview_page,
    read_date,
    read_language,
)
from archive.fetch import DEFAULT_MAX_SIZE
from archive.records import plain_fields
from archive.units import human_size
from indexer import BACKENDS, DEFAULT_BACKEND, SEARCH_SORTS, IndexerError
from indexer.limits import (
    DEFAULT_MAX_PAGES,
    DEFAULT_MEMORY,
    DEFAULT_OCR_SECONDS,
    DEFAULT_TIMEOUT,
)

if TYPE_CHECKING:
    from archive.ingest import AddResult
    from archive.webpage import PageLink
    from web import ServerSettings

EXIT_FAILED = 1
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130
MIN_TOKEN_LENGTH = 16
DEFAULT_SERVER_PROCESSES = min(4, os.cpu_count() or 1)

log = logging.getLogger("pdfarchive")


class PartialDateType(click.ParamType):
    """A date at any precision: 2017, 2017-11 or 2017-11-16."""

    name = "DATE"

    def convert(self, value: Any, param: Any, ctx: Any) -> PartialDate:
        if isinstance(value, PartialDate):
            return value
        try:
            return read_date(str(value))
        except UsageError as error:
            self.fail(str(error), param, ctx)


class LanguageType(click.ParamType):
    """An ISO 639-1 language code such as de, en or fr."""

    name = "LANG"

    def convert(self, value: Any, param: Any, ctx: Any) -> str:
        try:
            return read_language(str(value))
        except UsageError as error:
            self.fail(str(error), param, ctx)


DATE = PartialDateType()
LANG = LanguageType()

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def engine_option(help_text: str) -> Decorator:
    """`--engine NAME`, one of the search engines pdfarchive has."""
    return click.option("--engine", type=click.Choice(sorted(BACKENDS)), help=help_text)


def json_option(what: str) -> Decorator:
    """`--json`: print `what` as JSON instead of a table (the same records as the web API)."""
    return click.option("--json", "as_json", is_flag=True, help=f"Print {what}.")


def lang_option(help_text: str = "Only documents in this language.") -> Decorator:
    """`--lang CODE`, an ISO 639-1 code."""
    return click.option("--lang", type=LANG, help=help_text)


def date_range_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """`--since` and `--until`, for the commands that filter by date (see `DateRange`)."""
    command = click.option("--until", type=DATE, help="Only documents dated on or before."
                           )(command)
    return click.option("--since", type=DATE,
                        help="Only documents dated on or after (2017, 2017-11 …).")(command)


def limit_option(default: int | None, help_text: str = "Show at most N.") -> Decorator:
    """`--limit N`."""
    return click.option("--limit", type=click.IntRange(min=1), default=default,
                        show_default=default is not None, metavar="N", help=help_text)


class ArchiveGroup(click.Group):
    """A command group that turns library errors into messages and exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as error:
            raise click.UsageError(str(error), ctx) from error
        except (ArchiveError, IndexerError) as error:
            click.echo(f"Error: {error}", err=True)
            ctx.exit(EXIT_FAILED)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            # The reader of our output went away (`| head`): stop quietly, as Unix tools do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(EXIT_FAILED)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception:
            click.echo(traceback.format_exc(), err=True)
            click.echo("Internal error: this is a bug in pdfarchive; please report it with the "
                       "traceback above.", err=True)
            ctx.exit(EXIT_INTERNAL)


class Settings:
    """What the group options decided, shared with every command through `ctx.obj`."""

    def __init__(self, archive_option: str | None, quiet: bool, wait: float) -> None:
        self.root = archive_home(archive_option)
        self.quiet = quiet
        self.wait = wait

    def open(self, write: bool = False, create: bool = False, engine: str | None = None
             ) -> Archive:
        """The archive, for reading or for writing (created first if `create`, with its index
        written by `engine`)."""
        return Archive.open(self.root, write=write, create=create, lock_timeout=self.wait,
                            engine=engine)


@click.group(cls=ArchiveGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--archive", "archive_option", metavar="DIR",
              help="The archive directory (default: $PDFARCHIVE_HOME, else "
                   "~/.local/share/pdfarchive).")
@click.option("-q", "--quiet", is_flag=True, help="No progress and no warnings on stderr.")
@click.option("--wait", type=click.FloatRange(min=0), default=300, show_default=True,
              metavar="SECONDS",
              help="How long a command that changes the archive waits for another one to finish.")
@click.version_option(package_name="pdfarchive")
@click.pass_context
def cli(ctx: click.Context, archive_option: str | None, quiet: bool, wait: float) -> None:
    """Archive PDFs, find them by full-text search, browse them by date.

    \b
    Examples:
      pdfarchive add ~/Downloads/policy-papers
      pdfarchive search '"soziale Rechte" AND Städte' --since 2017
      pdfarchive list --lang de
    """
    handler = logging.StreamHandler()
    handler.setFormatter(LowercaseLevelFormatter("%(levelname)s: %(message)s"))
    logging.basicConfig(level=logging.ERROR if quiet else logging.WARNING, handlers=[handler],
                        force=True)
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    ctx.obj = Settings(archive_option, quiet, wait)


class LowercaseLevelFormatter(logging.Formatter):
    """`warning: …` like the rest of our messages, not `WARNING: …`."""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace(record.levelname, record.levelname.lower(), 1)


# -- add -------------------------------------------------------------------------------------


@cli.command()
@click.argument("paths", nargs=-1, metavar="PATH_OR_URL...")
@click.option("--title", help="The title, for a single file.")
@click.option("--date", "date", type=DATE, help="The document's date (2017, 2017-11, "
              "2017-11-16), for a single file.")
@lang_option("The language (ISO 639-1), for a single file.")
@click.option("--password", help="Password for encrypted PDFs.")
@json_option("one JSON object per file as soon as it is done (JSON Lines)")
@click.option("--workers", type=click.IntRange(min=1), metavar="N",
              help="Extraction processes at once (default: one per core).")
@click.option("--from-page", metavar="URL",
              help="Also add every PDF this web page links to, with what the page says "
                   "about each (title, date, size, language).")
@click.option("--dry-run", is_flag=True,
              help="With --from-page: list the PDFs and the page's hints; download nothing.")
@click.option("--max-size", type=click.IntRange(min=1), default=DEFAULT_MAX_SIZE >> 20,
              show_default=True, metavar="MB", help="A larger download fails.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=DEFAULT_TIMEOUT,
              show_default=True, metavar="SECONDS",
              help="Time limit for reading, or downloading, one file; a file over it fails.")
@click.option("--max-memory", type=click.IntRange(min=128), default=DEFAULT_MEMORY >> 20,
              show_default=True, metavar="MB",
              help="Memory limit for reading one file; a file over it fails.")
@click.option("--max-pages", type=click.IntRange(min=1), default=DEFAULT_MAX_PAGES,
              show_default=True, metavar="N", help="A file with more pages fails.")
@click.option("--ocr-time", type=click.FloatRange(min=0), default=DEFAULT_OCR_SECONDS,
              show_default=True, metavar="SECONDS",
              help="Time for reading one file's scanned pages by OCR; pages not reached are "
                   "added without text, with a warning. 0 turns OCR off.")
@engine_option(f"For a new archive: the search engine of its index (default: "
               f"{DEFAULT_BACKEND}).")
@click.pass_obj
def add(settings: Settings, paths: tuple[str, ...], title: str | None,
        date: PartialDate | None, lang: str | None, password: str | None,
        as_json: bool, workers: int | None, from_page: str | None, dry_run: bool,
        max_size: int, timeout: float, max_memory: int, max_pages: int,
        ocr_time: float, engine: str | None) -> None:
    """Add PDF files, every PDF in the folders given (recursively), PDFs at http(s)
    URLs, and the PDFs a web page links to (--from-page).

    The same file added twice is stored once; the second is reported as `duplicate`
    and its file name is remembered. A URL that now gives new bytes adds a new
    version, which supersedes the old one (`list --all-versions` shows both). The
    source URL and the time of retrieval are kept (`show`). Exit code 1 if any file
    failed (the others are still added).

    \b
    Examples:
      pdfarchive add report.pdf
      pdfarchive add ~/Documents/eu-papers ~/Downloads/*.pdf
      pdfarchive add scan.pdf --title "Bauschein" --date 2022-09 --lang de
      pdfarchive add --json folder/ > added.jsonl
      pdfarchive add --ocr-time 0 scans/     # fast: no OCR of scanned pages
      pdfarchive add https://example.org/positionspapier.pdf
      pdfarchive add --from-page https://www.berlin.de/sen/eu/eurocities/ --dry-run
    """
    if not paths and not from_page:
        raise click.UsageError("give files, folders or URLs to add, or --from-page URL")
    if dry_run and not from_page:
        raise click.UsageError("--dry-run lists what --from-page would add")
    web_limits = WebLimits(max_size=max_size << 20, timeout=timeout)
    if from_page and dry_run:
        _print_links(preview_page(settings.root, from_page, web_limits), as_json)
        return
    options = AddOptions(
        overrides=Overrides(title=title, date=date, language=lang), password=password,
        workers=workers, from_page=from_page, web_limits=web_limits,
        limits=Limits(timeout=timeout, memory_bytes=max_memory << 20, max_pages=max_pages,
                      ocr_seconds=ocr_time))
    with settings.open(create=True, engine=engine) as archive:
        run = archive.add(paths, options)
        if run.total == 0:
            click.echo("warning: no PDF files found in the paths given", err=True)
        counts = _report_additions(run, run.total, as_json, settings.quiet)
    if not as_json:
        click.echo(f"{counts['added']} added, {counts['duplicate']} duplicate, "
                   f"{counts['failed']} failed")
    if counts["failed"]:
        sys.exit(EXIT_FAILED)


def _print_links(links: list[tuple[PageLink, bool]], as_json: bool) -> None:
    """The PDFs a page links to, with its hints and whether each URL is new to the archive."""
    if as_json:
        click.echo(json.dumps([{"url": link.url, "new": not known, **link.hints_json()}
                               for link, known in links], ensure_ascii=False, indent=2))
        return
    if not links:
        click.echo("No links to PDFs on the page.")
        return
    for link, known in links:
        click.echo(f"{'known' if known else 'new':<6} {link.url}")
        hints = [f"title: {link.title}" if link.title else "",
                 f"date: {link.date.iso()} ({link.date_evidence})" if link.date else "",
                 f"size: {human_size(link.size)}" if link.size else "",
                 f"language: {link.language}" if link.language else ""]
        click.echo("       " + "; ".join(h for h in hints if h) if any(hints) else "")
    click.echo(f"{len(links)} PDFs linked, {sum(not k for _, k in links)} new "
               "(nothing downloaded)")


def _report_additions(results: Iterable[AddResult], total: int, as_json: bool,
                      quiet: bool) -> Counter[str]:
    """Print each file's outcome as it comes; returns the count of each status."""
    counts: Counter[str] = Counter()
    progress = Progress(total, enabled=not quiet)
    for result in results:
        counts[result.status] += 1
        progress.clear()
        if as_json:
            click.echo(json.dumps(result.to_json(), ensure_ascii=False))
            sys.stdout.flush()
        elif result.status != "failed":
            click.echo(f"{result.status:<9}  {(result.id or '')[:12]}  {result.path}")
        if result.status == "failed":
            click.echo(f"error: {result.path}: {result.error}", err=True)
        elif not quiet:
            for warning in result.warnings:
                click.echo(f"warning: {result.path}: {warning}", err=True)
        progress.show(sum(counts.values()), result.path)
    progress.clear()
    return counts


class Progress:
    """A one-line progress bar on stderr, shown only when stderr is a terminal."""

    WIDTH = 24

    def __init__(self, total: int, enabled: bool = True) -> None:
        self.total = total
        self.enabled = enabled and sys.stderr.isatty()

    def show(self, done: int, label: str) -> None:
        if self.enabled:
            filled = self.WIDTH * done // max(1, self.total)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            text = f"[{bar}] {done}/{self.total} {label}"[:110]
            click.echo(f"\r\x1b[K{text}", err=True, nl=False)

    def clear(self) -> None:
        if self.enabled:
            click.echo("\r\x1b[K", err=True, nl=False)


# -- search ----------------------------------------------------------------------------------


@cli.command()
@click.argument("query")
@lang_option()
@date_range_options
@click.option("--sort", type=click.Choice(SEARCH_SORTS), default="relevance",
              show_default=True)
@limit_option(10, "Show the best N hits.")
@json_option("a JSON array of hits")
@click.pass_obj
def search(settings: Settings, query: str, lang: str | None, since: PartialDate | None,
           until: PartialDate | None, sort: str, limit: int, as_json: bool) -> None:
    """Full-text search, in Whoosh query syntax.

    Words are found in their other forms too, in the document's language
    (Städte finds Stadt and städtischen; migrants finds migrant), and however
    they are spelled (Strasse finds Straße, Buerger finds Bürger, e finds é).

    \b
    Syntax: words (all must occur), OR, NOT, "a phrase", "soziale Rechte"~3
    (within 3 words), migra* (prefix), Integartion~ (similar spelling),
    title:Integration, author:Senat, lang:de, date:[2017 TO 2024].
    \b
    Examples:
      pdfarchive search 'Integration Städte'
      pdfarchive search '"soziale Rechte"' --lang de --since 2017 --sort date
      pdfarchive search 'title:inclusion OR title:integration' --json
      pdfarchive search 'Wohnungslose date:[2020 TO *]'
    """
    with settings.open() as archive:
        results = archive.search(SearchQuery(query, lang, DateRange(since, until), sort, limit))
    for note in results.notes:
        click.echo(f"note: {note}", err=True)
    if results.suggestion:
        click.echo(f"Did you mean: {results.suggestion}?", err=True)
    if as_json:
        click.echo(json.dumps([hit.to_json() for hit in results.hits], ensure_ascii=False,
                              indent=2))
        return
    _print_hits(results)


def _print_hits(results: SearchResults) -> None:
    if not results.hits:
        click.echo("No documents found.")
        return
    for number, hit in enumerate(results.hits, start=1):
        record = hit.record
        click.echo(click.style(f"{number}. {record.title}", bold=True))
        click.echo(f"   {_date_text(record)} · {record.language or '??'} · "
                   f"{record.pages} {'page' if record.pages == 1 else 'pages'} · "
                   f"{human_size(record.size_bytes)} · {record.id[:12]}")
        for snippet in hit.snippets:
            click.echo(f"   p. {snippet.page}: {_styled(snippet.text, snippet.marks)}")
    click.echo(f"{len(results.hits)} of {results.total} matching documents shown.")


def _styled(text: str, marks: tuple[tuple[int, int], ...]) -> str:
    out, last = [], 0
    for start, end in marks:
        out.append(text[last:start] + click.style(text[start:end], bold=True))
        last = end
    return "".join(out) + text[last:]


@cli.command()
@click.argument("document_id", metavar="ID")
@limit_option(10, "Show the N most alike.")
@json_option("a JSON array of documents")
@click.pass_obj
def similar(settings: Settings, document_id: str, limit: int, as_json: bool) -> None:
    """Documents most like a given one, by the words that set it apart.

    \b
    Examples:
      pdfarchive similar 3f2a9c
      pdfarchive similar 3f2a9c --limit 3 --json
    """
    with settings.open() as archive:
        records = archive.similar(document_id, limit)
    if as_json:
        click.echo(json.dumps([r.to_json() for r in records], ensure_ascii=False, indent=2))
    else:
        _print_table(records)


# -- list, show ------------------------------------------------------------------------------


@cli.command(name="list")
@click.option("--sort", type=click.Choice(LIST_SORTS), default="date", show_default=True)
@click.option("--reverse", is_flag=True, help="Oldest (or smallest, or Z) first.")
@date_range_options
@lang_option()
@limit_option(None, "Only the first N documents.")
@json_option("a JSON array")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV.")
@click.option("--all-versions", is_flag=True,
              help="Also the older versions of documents downloaded again with new bytes.")
@click.pass_obj
def list_documents(settings: Settings, sort: str, reverse: bool, since: PartialDate | None,
                   until: PartialDate | None, lang: str | None, limit: int | None,
                   as_json: bool, as_csv: bool, all_versions: bool) -> None:
    """List documents, newest first; documents of unknown date come last.

    A document dated only by month or year is within --since/--until when its
    month or year overlaps the range. Of a URL that gave new bytes, only the
    newest version is listed unless --all-versions.

    \b
    Examples:
      pdfarchive list
      pdfarchive list --since 2017 --until 2019-06 --lang de
      pdfarchive list --limit 50
      pdfarchive list --sort size --csv > documents.csv
    """
    if as_json and as_csv:
        raise click.UsageError("choose one of --json and --csv")
    with settings.open() as archive:
        records = archive.documents(ListQuery(sort, reverse, DateRange(since, until), lang,
                                              limit, all_versions))
    if as_json:
        click.echo(json.dumps([r.to_json() for r in records], ensure_ascii=False, indent=2))
    elif as_csv:
        _print_csv(records)
    else:
        _print_table(records)


def _print_table(records: list[DocumentRecord]) -> None:
    if not records:
        click.echo("No documents.")
        return
    click.echo(f"{'DATE':<10}  {'LANG':<4}  {'PAGES':>5}  {'SIZE':>7}  {'ID':<12}  TITLE")
    for r in records:
        click.echo(f"{_date_text(r):<10}  {r.language or '??':<4}  {r.pages:>5}  "
                   f"{human_size(r.size_bytes):>7}  {r.id[:12]}  {r.title}")


def _print_csv(records: list[DocumentRecord]) -> None:
    """The id and date first, as in the table; then every other field of plain values (lists
    of names joined with `; `)."""
    fields = ["id", "date", *(name for name in plain_fields() if name not in ("id", "date"))]
    writer = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for record in records:
        row = record.to_json()
        writer.writerow({name: "; ".join(row[name]) if isinstance(row[name], list) else row[name]
                         for name in fields})


@cli.command()
@click.argument("document_id", metavar="ID")
@json_option("a JSON object")
@click.pass_obj
def show(settings: Settings, document_id: str, as_json: bool) -> None:
    """Everything known about one document, with the evidence for its date.

    ID is the document's SHA-256 or any unique prefix of it.

    \b
    Example:
      pdfarchive show 3f2a9c
    """
    with settings.open() as archive:
        record = archive.get(document_id)
        index_name = archive.engine
    if as_json:
        click.echo(json.dumps(record.to_json(detailed=True), ensure_ascii=False, indent=2))
        return
    rows = [
        ("id", record.id),
        ("title", f"{record.title}  ({record.title_source})"),
        ("date", f"{_date_text(record)}  ({record.date_source or 'no date found'})"),
        ("evidence", record.date_evidence or "-"),
        ("language", f"{record.language or 'unknown'}  ({record.language_source or '-'}, "
                     f"declared: {record.declared_language or '-'})"),
        ("pages", str(record.pages)),
        ("size", f"{human_size(record.size_bytes)} ({record.size_bytes} bytes)"),
        ("author", record.author or "-"),
        ("file names", "; ".join(record.filenames)),
        ("added", record.added_at),
        ("needs OCR", "yes" if record.needs_ocr else "no"),
        *[("source", f"{source['url']} (retrieved {source['retrieved_at']}"
                     + (f", linked from {source['page_url']})" if source["page_url"] else ")"))
          for source in record.sources],
        *([("supersedes", record.supersedes)] if record.supersedes else []),
        *([("superseded by", record.superseded_by)] if record.superseded_by else []),
        ("text engine", record.engine),
        ("index", index_name),
        *((name.replace("_", " "), str(value)) for name, value in _other_fields(record)),
    ]
    for key, value in rows:
        click.echo(f"{key + ':':<13}{value}")
    click.echo("date candidates:")
    for candidate in record.date_candidates or []:
        page = f"p. {candidate['page']}" if candidate.get("page") else "metadata"
        reasons = candidate.get("reasons") or []
        click.echo(f"  {candidate['date']:<10}  {candidate['source']:<5}  "
                   f"score {candidate['score']:>5}  {page:<8}  {candidate['evidence']}"
                   + (f"  ({', '.join(reasons)})" if reasons else ""))
    click.echo("title candidates:")
    for title in record.title_candidates or []:
        click.echo(f"  score {title['score']:>5}  {title['source']:<8}  {title['title']}"
                   + (f"  ({', '.join(title['reasons'])})" if title["reasons"] else ""))


@cli.command()
@click.argument("document_id", metavar="ID")
@click.option("--title", help="The document's title.")
@click.option("--date", "date", type=DATE, help="Its date: 2017, 2017-11 or 2017-11-16.")
@lang_option("Its language (ISO 639-1).")
@json_option("the corrected record as JSON")
@click.pass_obj
def edit(settings: Settings, document_id: str, title: str | None, date: PartialDate | None,
         lang: str | None, as_json: bool) -> None:
    """Correct a document's title, date or language.

    The correction is marked as the user's (source `user`) and stays through
    `reindex` and through adding the same file again.

    \b
    Examples:
      pdfarchive edit 3f2a9c --date 2017-11 --lang de
      pdfarchive edit 3f2a9c --title "Europäische Säule sozialer Rechte"
    """
    with settings.open(write=True) as archive:
        record = archive.edit(document_id, title=title, date=date, language=lang)
    if as_json:
        click.echo(json.dumps(record.to_json(), ensure_ascii=False, indent=2))
        return
    click.echo(f"{record.id[:12]}  {_date_text(record)}  {record.language or '??'}  "
               f"{record.title}")


# -- serve -----------------------------------------------------------------------------------


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on; any but loopback needs --token.")
@click.option("--port", type=click.IntRange(1, 65535), default=8150, show_default=True)
@click.option("--token", envvar="PDFARCHIVE_TOKEN", metavar="TOKEN",
              help="Every request must carry it (Authorization: Bearer TOKEN, or the login "
                   "page's cookie); default: $PDFARCHIVE_TOKEN.")
@click.option("--max-size", type=click.IntRange(min=1), default=DEFAULT_MAX_SIZE >> 20,
              show_default=True, metavar="MB", help="A larger upload fails.")
@click.option("--processes", type=click.IntRange(min=1), default=DEFAULT_SERVER_PROCESSES,
              show_default=True, metavar="N",
              help="Server processes answering requests (a search uses one core).")
@click.pass_obj
def serve(settings: Settings, host: str, port: int, token: str | None, max_size: int,
          processes: int) -> None:
    """Serve the archive to browsers and over a JSON API, until Ctrl-C.

    Pages: search, browse by date, each document, add (upload or URL). The API
    (/api/search, /api/documents …, described at /api/openapi.json) gives the
    records of the commands' --json. Without a token it answers on loopback only.
    An archive that does not exist yet is created empty.

    \b
    Examples:
      pdfarchive serve
      pdfarchive serve --port 9000
      PDFARCHIVE_TOKEN=$(python3 -c 'import secrets; print(secrets.token_urlsafe())') \\
        pdfarchive serve --host 0.0.0.0
    """
    # Imported here: the other commands never load the web server.
    from web import ServerSettings, is_loopback

    if token is not None and len(token) < MIN_TOKEN_LENGTH:
        raise click.UsageError(f"the token must have at least {MIN_TOKEN_LENGTH} characters")
    if not is_loopback(host) and token is None:
        raise click.UsageError(f"listening on {host} lets other machines in: give --token "
                               "(or set PDFARCHIVE_TOKEN), or listen on 127.0.0.1")
    if not exists(settings.root):
        settings.open(create=True).close()
        click.echo(f"created an empty archive at {settings.root}", err=True)
    _run_server(settings.root, ServerSettings(token, max_size << 20, lock_timeout=settings.wait),
                host, port, processes)


def _run_server(root: Path, server: ServerSettings, host: str = "127.0.0.1", port: int = 8150,
                processes: int = 1) -> None:
    """Serve the archive at `root` until Ctrl-C, in `processes` server processes."""
    import uvicorn

    from web import for_processes, is_loopback

    os.environ.update(for_processes(root, server,
                                    check_host=is_loopback(host) and server.token is None))
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"serving {root} at http://{shown}:{port}/ with {processes} "
               f"process{'es' if processes > 1 else ''} (Ctrl-C stops)", err=True)
    uvicorn.run("web.app:from_environment", factory=True, host=host, port=port,
                workers=processes, log_level="warning")


# -- maintenance -----------------------------------------------------------------------------


@cli.command()
@click.argument("document_ids", metavar="ID...", nargs=-1, required=True)
@click.pass_obj
def remove(settings: Settings, document_ids: tuple[str, ...]) -> None:
    """Remove documents from the archive (file, catalog entry and index entry).

    \b
    Example:
      pdfarchive remove 3f2a9c 7be01d
    """
    with settings.open(write=True) as archive:
        removed = archive.remove(document_ids)
    for record in removed:
        click.echo(f"removed  {record.id[:12]}  {record.title}")


@cli.command()
@engine_option("Write the new index with this engine, converting the archive to it.")
@click.pass_obj
def reindex(settings: Settings, engine: str | None) -> None:
    """Rebuild the search index from the catalog (the PDFs are not read again).

    \b
    Examples:
      pdfarchive reindex
      pdfarchive reindex --engine whoosh
    """
    with settings.open(write=True) as archive:
        count = archive.reindex(engine)
    click.echo(f"reindexed {count} documents" + (f" into a {engine} index" if engine else ""))


@cli.command()
@engine_option(f"The search engine of the archive's index (default: {DEFAULT_BACKEND}).")
@click.pass_obj
def init(settings: Settings, engine: str | None) -> None:
    """Create an empty archive (`add` creates one too, when there is none).

    \b
    Examples:
      pdfarchive init
      pdfarchive --archive ~/papers init --engine whoosh
    """
    if exists(settings.root):
        raise click.UsageError(f"there is an archive at {settings.root} already")
    with settings.open(create=True, engine=engine) as archive:
        name = archive.engine
    click.echo(f"created an empty archive at {settings.root} ({name} index)")


@cli.command()
@click.option("--repair", is_flag=True,
              help="Rebuild the index, quarantine altered files, add back lost ones.")
@click.pass_obj
def verify(settings: Settings, repair: bool) -> None:
    """Check that every file is present with the right hash and catalog and index agree.

    Exit code 1 and a list of problems when they do not. With --repair, the index
    is rebuilt from the catalog, files whose bytes changed on disk are moved to
    quarantine/ (never deleted), and stored files the catalog lost are added back.

    \b
    Examples:
      pdfarchive verify
      pdfarchive verify --repair
    """
    with settings.open(write=repair) as archive:
        report = archive.verify(repair=repair)
    for line in report.repairs:
        click.echo(f"repaired: {line}")
    for line in report.warnings:
        click.echo(f"warning: {line}", err=True)
    for line in report.notes:
        click.echo(f"note: {line}", err=True)
    for problem in report.problems:
        click.echo(problem)
    if report.problems:
        click.echo(f"{len(report.problems)} problems found", err=True)
        sys.exit(EXIT_FAILED)
    click.echo(f"ok: {report.documents} documents; files, catalog and index ({report.engine}) "
               "agree")


@cli.command()
@click.option("--serve", "then_serve", is_flag=True,
              help="Then serve the demo archive on http://127.0.0.1:8150/ until Ctrl-C.")
@click.option("--port", type=click.IntRange(1, 65535), default=8150, show_default=True,
              help="With --serve: the port.")
@click.pass_obj
def demo(settings: Settings, then_serve: bool, port: int) -> None:
    """Show the whole job on built-in sample documents, in a temporary archive.

    Writes six sample PDFs (German, English, French, Dutch, Polish), adds them,
    searches them and lists them by date; with --serve, then shows them in the
    browser (as `serve` would). Your own archive is not touched.

    \b
    Examples:
      pdfarchive demo
      pdfarchive demo --serve
    """
    # The PDF writer is needed by the demo alone.
    from archive.samples import write_samples

    with tempfile.TemporaryDirectory(prefix="pdfarchive-demo-") as temp:
        folder = Path(temp, "samples")
        paths = write_samples(folder)
        click.echo(click.style(f"$ pdfarchive add {folder}", fg="cyan"))
        with Archive.open(Path(temp, "archive"), create=True) as archive:
            run = archive.add(paths)
            counts = _report_additions(run, run.total, as_json=False, quiet=settings.quiet)
            click.echo(f"{counts['added']} added, {counts['duplicate']} duplicate, "
                       f"{counts['failed']} failed")
            for query in ("Integration", "inclusion migrants"):
                click.echo(click.style(f"\n$ pdfarchive search '{query}'", fg="cyan"))
                _print_hits(archive.search(SearchQuery(query)))
            click.echo(click.style("\n$ pdfarchive list", fg="cyan"))
            _print_table(archive.documents())
        if then_serve:
            from web import ServerSettings

            click.echo(click.style("\n$ pdfarchive serve", fg="cyan"))
            _run_server(Path(temp, "archive"), ServerSettings(lock_timeout=settings.wait),
                        port=port)


# -- formatting helpers ----------------------------------------------------------------------


# The fields `show` lays out above; any other (one added since) is shown by its name.
_LAID_OUT = {"id", "title", "title_source", "date", "date_source", "date_evidence", "language",
             "language_source", "language_confidence", "languages", "declared_language",
             "pages", "size_bytes", "author", "filenames", "added_at", "needs_ocr", "sources",
             "supersedes", "superseded_by", "engine", "date_candidates", "title_candidates",
             "info", "xmp"}


def _other_fields(record: DocumentRecord) -> list[tuple[str, Any]]:
    return [(name, value) for name, value in record.to_json(detailed=True).items()
            if name not in _LAID_OUT]


def _date_text(record: DocumentRecord) -> str:
    return record.date.iso() if record.date else "unknown"


def main() -> None:
    """Entry point of the `pdfarchive` console script."""
    cli(prog_name="pdfarchive")


if __name__ == "__main__":
    main()
