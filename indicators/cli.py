"""The ``hhu`` command: refresh the store, build indicators, query them, report, start the dashboard.

Every failure a user can cause (bad input, a bad argument, an unwritable path, a busy or damaged
store) ends with one line on stderr (``hhu: <what went wrong>``) and exit code 2; the store is
left as it was.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from indicators import config, messages, store
from indicators.messages import say
from indicators.regions import RegionError
from indicators.sources.base import SourceError


def _notify(message: str) -> None:
    print(f"hhu: {message}", file=sys.stderr, flush=True)


@contextmanager
def _warnings_as_lines() -> Iterator[None]:
    """Print the warnings of a step as ``waarschuwing: ...`` lines when it ends (also when it fails)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
        finally:
            for warning in caught:
                print(f"{say('waarschuwing', 'warning')}: {warning.message}", file=sys.stderr)


def _mirror_from(args: argparse.Namespace) -> Path | None:
    if getattr(args, "live", False):
        return None
    if args.mirror:
        mirror = Path(args.mirror).expanduser().resolve()
        if not (mirror / "tables").is_dir():
            raise SourceError(say(f"--mirror {args.mirror}: daar is geen map tables/",
                                  f"--mirror {args.mirror}: no tables/ folder there"))
        return mirror
    return config.default_mirror()


def cmd_refresh(args: argparse.Namespace) -> int:
    """Bring the source tables into the store, build, and switch to the new generation."""
    from indicators.refresh import refresh  # noqa: PLC0415

    mirror = _mirror_from(args)
    data = config.data_dir()
    live = "CBS live (opendata.cbs.nl, dataderden.cbs.nl)"
    print(say(f"Bron: {f'offline kopie van de tabellen in {mirror}' if mirror else live}",
              f"Source: {f'offline copy of the tables in {mirror}' if mirror else live}"))
    print(say(f"Opslag: {data}", f"Store: {data}"))
    with _warnings_as_lines():
        results = refresh(data, mirror, args.tables, force=args.force, notify=_notify)
    for result in results:
        print(result.summary())
    changed = sum(result.state != "unchanged" for result in results)
    print(say(f"{len(results)} tabellen, {changed} bijgewerkt, {len(results) - changed} ongewijzigd.",
              f"{len(results)} tables, {changed} updated, {len(results) - changed} unchanged."))
    if results.build is not None:
        print(results.build.summary())
    if results.switched:
        print(say(f"Nieuwe versie {results.generation} is in gebruik (terug naar de vorige: `hhu rollback`).",
                  f"New version {results.generation} is in use (back to the previous one: `hhu rollback`)."))
    else:
        print(say(f"Niets gewijzigd: versie {results.generation} blijft in gebruik.",
                  f"Nothing changed: version {results.generation} stays in use."))
    return 0


def cmd_rollback(args: argparse.Namespace) -> int:
    """Make the previous generation current again."""
    was, now = store.rollback(config.data_dir(), notify=_notify)
    print(say(f"Terug naar versie {now} (was {was}).", f"Back to version {now} (was {was})."))
    return 0


STATUS_WORDS = {
    "empty": {"nl": "De opslag {data} is leeg: draai `hhu refresh` en `hhu build`.",
              "en": "The store {data} is empty: run `hhu refresh` and `hhu build`."},
    "store": {"nl": "Opslag: {data}", "en": "Store: {data}"},
    "built": {"nl": "Berekend: {when} ({indicators} indicatoren).", "en": "Computed: {when} ({indicators} indicators)."},
    "not_built": {"nl": "Nog niet berekend: draai `hhu build`.", "en": "Not computed yet: run `hhu build`."},
    "version": {"nl": "Versie {name} (hhu {command}, {when})", "en": "Version {name} (hhu {command}, {when})"},
    "previous": {"nl": "; vorige versie {name} (terug met `hhu rollback`)",
                 "en": "; previous version {name} (back with `hhu rollback`)"},
    "head": {"nl": ("tabel", "rijen", "van", "opgehaald", "volledig", "titel"),
             "en": ("table", "rows", "from", "retrieved", "complete", "title")},
    "yes": {"nl": "ja", "en": "yes"},
    "part": {"nl": "deel", "en": "part"},
}


def cmd_status(args: argparse.Namespace) -> int:
    """Show what is in the store, in plain words (Dutch, or English with ``--lang en``)."""
    from indicators.formatting import format_number  # noqa: PLC0415
    from indicators.plain import completeness, data_origin, is_complete, local_moment, moment_words, source_word  # noqa: PLC0415, E501

    lang = "en" if getattr(args, "lang", "nl") == "en" else "nl"
    data = config.data_dir()
    manifest = store.read_manifest(data)
    if not manifest["tables"]:
        print(STATUS_WORDS["empty"][lang].format(data=data))
        return 0
    print(STATUS_WORDS["store"][lang].format(data=data))
    print(data_origin(manifest, lang, with_time=True))
    folder = store.resolve(data)
    info = store.generation_info(folder, is_current=True)
    if info is not None:
        before = store.previous(folder)
        created = moment_words(local_moment(info.created_at), lang, with_time=True) if local_moment(info.created_at) \
            else info.created_at
        print(STATUS_WORDS["version"][lang].format(name=info.name, command=info.command, when=created)
              + (STATUS_WORDS["previous"][lang].format(name=before.name) if before else ""))
    built = folder / "indicators.parquet"
    if built.exists():
        from datetime import UTC, datetime  # noqa: PLC0415

        import pyarrow.parquet as pq  # noqa: PLC0415

        when = moment_words(datetime.fromtimestamp(built.stat().st_mtime, tz=UTC), lang, with_time=True)
        count = len(set(pq.read_table(built, columns=["indicator_id"]).column(0).to_pylist()))
        print(STATUS_WORDS["built"][lang].format(when=when, indicators=count))
    else:
        print(STATUS_WORDS["not_built"][lang])
    print()
    head = STATUS_WORDS["head"][lang]
    print(f"{head[0]:<12} {head[1]:>7}  {head[2]:<14} {head[3]:<24} {head[4]:<8}  {head[5]}")
    for table_id, entry in sorted(manifest["tables"].items()):
        moment = local_moment(entry.get("retrieved_at"))
        when = moment.strftime("%d-%m-%Y %H:%M") if moment and lang == "nl" else \
            moment.strftime("%Y-%m-%d %H:%M") if moment else "–"
        source = source_word(entry, lang)
        complete = STATUS_WORDS["yes" if is_complete(entry) else "part"][lang]
        rows = format_number(entry.get("rows"), lang, 0)  # an unknown count reads "geen gegevens", never 0
        print(f"{table_id:<12} {rows:>7}  {source:<14} {when:<24} {complete:<8}  {str(entry.get('title', ''))[:70]}")
    print()
    print(completeness(manifest, lang))
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Build indicators.parquet and progress.parquet into a new generation of the store."""
    from indicators.pipeline import build  # noqa: PLC0415

    data = config.data_dir()
    with _warnings_as_lines():
        built, progress, seconds = build(data, baseline_year=getattr(args, "baseline_year", None), notify=_notify)
    indicators = built["indicator_id"].nunique()
    numbers = built["value"].notna().sum()
    print(say(f"{indicators} indicatoren, {len(built)} waarden ({numbers} met een getal), "
              f"{len(progress)} voortgangsregels; {seconds:.1f} s -> {data} (versie {store.resolve(data).name})",
              f"{indicators} indicators, {len(built)} values ({numbers} with a number), "
              f"{len(progress)} progress rows; {seconds:.1f} s -> {data} (version {store.resolve(data).name})"))
    return 0


CLI_WORDS = {
    "unknown_indicator": {"nl": "onbekende indicator {query!r}", "en": "unknown indicator {query!r}"},
    "did_you_mean": {"nl": "; bedoelt u {names}?", "en": "; did you mean {names}?"},
    "list_them": {"nl": " (alle indicatoren: hhu indicators)", "en": " (every indicator: hhu indicators)"},
    "unknown_region": {"nl": "--region: onbekende regio {query!r}", "en": "--region: unknown region {query!r}"},
    "closest": {"nl": "; lijkt op: {names}", "en": "; closest: {names}"},
    "no_values": {"nl": "{indicator}: geen waarden voor --region {region!r} --period {period!r}",
                  "en": "{indicator}: no values for --region {region!r} --period {period!r}"},
    "indicators_head": {"nl": ("id", "missie", "eenheid", "titel"), "en": ("id", "mission", "unit", "title")},
    "indicators_count": {"nl": "{count} indicatoren. Waarden: hhu query ID [--region CODE|NAAM|GROEP].",
                         "en": "{count} indicators. Values: hhu query ID [--region CODE|NAME|GROUP]."},
    "no_mission": {"nl": "--mission: onbekende missie {query!r}; kies uit {names}",
                   "en": "--mission: unknown mission {query!r}; choose from {names}"},
}


def _words(key: str, lang: str, **values: object) -> str:
    return CLI_WORDS[key]["en" if lang == "en" else "nl"].format(**values)


def find_indicator(query: str, lang: str = "nl"):  # noqa: ANN201 - an Indicator
    """The indicator with id ``query``; else a one-line error in ``lang`` that suggests the nearest ids.

    Ids and titles are both searched, so ``hhu query rokers`` suggests ``roken_pct (Rokers)``.

    Raises:
        KeyError: the query is no indicator id (the message names the closest ones).
    """
    import difflib  # noqa: PLC0415

    from indicators.catalog import all_indicators  # noqa: PLC0415

    indicators = all_indicators()
    for indicator in indicators:
        if indicator.id == query:
            return indicator
    by_title = {indicator.title(lang).casefold(): indicator.id for indicator in indicators}
    by_title.update({indicator.title_nl.casefold(): indicator.id for indicator in indicators})
    close = difflib.get_close_matches(query, [indicator.id for indicator in indicators], n=4, cutoff=0.5)
    close += [by_title[title] for title in difflib.get_close_matches(query.casefold(), list(by_title), n=3, cutoff=0.5)]
    close += [indicator.id for indicator in indicators
              if len(query) >= 3 and query.casefold() in f"{indicator.id} {indicator.title(lang)}".casefold()]
    names = ", ".join(f"{item} ({next(i for i in indicators if i.id == item).title(lang)})"
                      for item in list(dict.fromkeys(close))[:4])
    hint = _words("did_you_mean", lang, names=names) if names else ""
    raise KeyError(_words("unknown_indicator", lang, query=query) + hint + _words("list_them", lang))


def find_region(model, query: str, lang: str = "nl") -> str:  # noqa: ANN001 - a RegionModel
    """The region code for a code, name or group; else a one-line error in ``lang`` with the closest names."""
    import difflib  # noqa: PLC0415

    try:
        return model.find(query)
    except RegionError:
        candidates = list(model.regions["name"]) + list(model.regions["region_code"])
        close = difflib.get_close_matches(query.strip(), candidates, n=5, cutoff=0.6)
        hint = _words("closest", lang, names=", ".join(close)) if close else ""
        raise RegionError(_words("unknown_region", lang, query=query) + hint) from None


def cmd_indicators(args: argparse.Namespace) -> int:
    """List every indicator: id, mission, unit and title (Dutch, or English with ``--lang en``)."""
    from indicators.catalog import all_indicators  # noqa: PLC0415
    from indicators.missions import MISSIONS  # noqa: PLC0415

    lang = "en" if args.lang == "en" else "nl"
    missions = [mission.id for mission in MISSIONS] + ["context"]
    if args.mission and args.mission not in missions:
        raise ValueError(_words("no_mission", lang, query=args.mission, names=", ".join(missions)))
    shown = [indicator for indicator in all_indicators() if not args.mission or indicator.mission == args.mission]
    shown.sort(key=lambda indicator: (missions.index(indicator.mission) if indicator.mission in missions else 99))
    head = CLI_WORDS["indicators_head"][lang]
    width = max(len(indicator.id) for indicator in shown) if shown else 10
    print(f"{head[0]:<{width}}  {head[1]:<7}  {head[2]:<22}  {head[3]}")
    for indicator in shown:
        proxy = " (proxy)" if indicator.proxy else ""
        print(f"{indicator.id:<{width}}  {indicator.mission:<7}  {indicator.unit_label(lang):<22}  "
              f"{indicator.title(lang)}{proxy}")
    print()
    print(_words("indicators_count", lang, count=len(shown)))
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    """Print the values of one indicator (table, CSV by :mod:`indicators.export`, or JSON)."""
    from indicators import api, export  # noqa: PLC0415
    from indicators.formatting import attribution, format_number  # noqa: PLC0415

    lang = "en" if getattr(args, "lang", "nl") == "en" else "nl"
    indicator = find_indicator(args.indicator, lang)
    model = api.regions()
    regions = None
    if args.region:
        code = find_region(model, args.region, lang)
        regions = model.members(code) + [code] if args.members else [code]
    frame = api.indicator_values(indicator.id, regions=regions, period=args.period)
    if frame.empty:
        raise ValueError(_words("no_values", lang, indicator=indicator.id, region=args.region, period=args.period))
    columns = ["indicator_id", "region_code", "region_name", "region_level", "period", "value", "lower", "upper",
               "unit", "source_table", "computed", "note"]
    frame = frame[[column for column in columns if column in frame.columns]]
    decimals = export.published_decimals(api.indicators_table()).get(indicator.id, export.DEFAULT_DECIMALS)
    if args.format == "csv":
        sys.stdout.flush()
        sys.stdout.buffer.write(export.csv_bytes(frame, lang, {indicator.id: decimals}))
        sys.stdout.buffer.flush()
    elif args.format == "json":
        sys.stdout.write(frame.to_json(orient="records", force_ascii=False, indent=1) + "\n")
    else:
        shown = frame.drop(columns=["indicator_id", "unit"]).assign(**{
            column: frame[column].map(lambda number: format_number(number, lang, decimals))
            for column in ("value", "lower", "upper")
        })
        shown = export.readable(shown, lang, source=False)
        print(f"{indicator.title(lang)} ({indicator.unit_label(lang)})")
        print(shown.fillna("").to_string(index=False))
        print(attribution(indicator.source_tables, sorted(frame["period"].dropna().unique()), lang))
    return 0


def cmd_scoreboard(args: argparse.Namespace) -> int:
    """Print the mission scoreboard of a region."""
    from indicators import api  # noqa: PLC0415
    from indicators.scoreboard import scoreboard_text  # noqa: PLC0415

    print(scoreboard_text(find_region(api.regions(), args.region, args.lang), lang=args.lang))
    return 0


def _build_is_stale(data: Path) -> bool:
    folder = store.current_or_none(data)
    if folder is None:
        return False  # nothing to build from
    built = folder / "indicators.parquet"
    if not built.exists() or not (folder / "progress.parquet").exists():
        return True
    newest_input = max(
        [path.stat().st_mtime for path in (config.PROJECT_ROOT / "indicators").rglob("*.py")]
        + [path.stat().st_mtime for path in (config.PROJECT_ROOT / "indicators" / "reference").glob("*.csv")]
    )
    return built.stat().st_mtime < newest_input


# Errors a refresh or build can end with that still leave the last good build usable.
_STEP_ERRORS = (SourceError, RegionError, store.StoreError, KeyError, ValueError, RuntimeError, OSError)


def _try(step: tuple[str, str], run: Callable[[], int]) -> bool:
    """Run a step of ``hhu dashboard``; on failure say so in one line and go on."""
    try:
        run()
    except _STEP_ERRORS as error:
        _notify(say(f"{step[0]} mislukt: {_message(error)}", f"{step[1]} failed: {_message(error)}"))
        return False
    return True


def cmd_dashboard(args: argparse.Namespace) -> int:
    """Refresh and build when needed, then start the Streamlit dashboard (on the last good build if that fails)."""
    import subprocess  # noqa: PLC0415

    _check_port_free(args.port)
    data = config.data_dir()
    refreshed = args.no_refresh or _try(("verversen", "refresh"), lambda: cmd_refresh(
        argparse.Namespace(mirror=args.mirror, live=args.live, tables=None, force=False)))
    if _build_is_stale(data):
        _try(("bouwen", "build"), lambda: cmd_build(args))
    good, reason = store.last_good(data)
    if good is None:
        why = f" ({reason.split('; ')[0].split(': draai ')[0].split(': run ')[0]})" if reason else ""
        raise store.StoreError(say(f"geen bruikbare gegevens in de opslag {data}{why}; draai `hhu refresh`",
                                   f"no usable data in the store at {data}{why}; run `hhu refresh`"))
    if not refreshed or reason:
        from indicators.plain import moment_words  # noqa: PLC0415

        when = moment_words(store.read_manifest(good).get("updated_at"), messages.current(), with_time=True) or "?"
        print(say(f"Het dashboard start met de laatste goede versie ({good.name}, gegevens van {when}).",
                  f"The dashboard starts with the last good version ({good.name}, data of {when})."))
    launcher = config.PROJECT_ROOT / "dashboard" / "serve.py"
    command = [sys.executable, str(launcher), "--port", str(args.port)]
    print(f"Dashboard: http://localhost:{args.port}")
    # From the project root, so Streamlit also reads the project's .streamlit/config.toml.
    return subprocess.call(command, env={**os.environ, config.DATA_ENV: str(data)}, cwd=config.PROJECT_ROOT)


def _port(text: str) -> int:
    """An argparse type: a TCP port number, 1-65535."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(say(f"{text!r} is geen poortnummer (1-65535)",
                                             f"{text!r} is not a port number (1-65535)")) from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(say(f"{port} ligt niet tussen 1 en 65535", f"{port} is not between 1 and 65535"))
    return port


def _check_port_free(port: int) -> None:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("", port))
        except OSError as error:
            raise ValueError(say(f"--port {port}: kan de poort niet gebruiken ({error.strerror or error})",
                                 f"--port {port}: cannot use the port ({error.strerror or error})")) from None


def cmd_report(args: argparse.Namespace) -> int:
    """Write the board report for a region."""
    from indicators import api  # noqa: PLC0415
    from indicators.report import write_report  # noqa: PLC0415
    from indicators.report.pdf import pdf_unavailable_reason  # noqa: PLC0415

    lang = "en" if args.lang == "en" else "nl"
    region = find_region(api.regions(), args.region, lang)
    html_path, pdf_path = write_report(region, lang, Path(args.output) if args.output else None, pdf=not args.no_pdf)
    print(f"{'Report' if lang == 'en' else 'Rapport'}: {html_path}")
    if pdf_path:
        print(f"PDF: {pdf_path}")
    elif args.no_pdf:
        print("PDF: not made (--no-pdf)" if lang == "en" else "PDF: niet gemaakt (--no-pdf)")
    else:
        print(f"PDF: {'not made' if lang == 'en' else 'niet gemaakt'}: {pdf_unavailable_reason(lang)}", file=sys.stderr)
    return 0


ARGPARSE_DUTCH = (
    (r"the following arguments are required: (.*)", r"deze argumenten ontbreken: \1"),
    (r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)", r"argument \1: ongeldige keuze \2 (kies uit \3)"),
    (r"unrecognized arguments: (.*)", r"onbekende argumenten: \1"),
    (r"argument (\S+): expected one argument", r"argument \1: verwacht één waarde"),
    (r"argument (\S+): expected at least one argument", r"argument \1: verwacht minstens één waarde"),
    (r"argument (\S+): invalid int value: (.*)", r"argument \1: geen geheel getal: \2"),
)
"""argparse's own messages (English) and their Dutch words."""


def _dutch_argparse(message: str) -> str:
    import re  # noqa: PLC0415

    for pattern, words in ARGPARSE_DUTCH:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, words, message)
    return message


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (``hhu <command>: <error>``), exit code 2, in the message language."""

    def error(self, message: str) -> None:  # type: ignore[override]
        """Print one line and exit 2."""
        message = say(_dutch_argparse(message), message)
        self.exit(2, say(f"{self.prog}: {message} (zie `{self.prog} --help`)\n",
                         f"{self.prog}: {message} (see `{self.prog} --help`)\n"))


LANG_HELP = "taal van de meldingen: nl (standaard) of en"


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``hhu``."""
    parser = _Parser(prog="hhu", description="Missiemonitor Gezond Utrecht 2030")
    sub = parser.add_subparsers(dest="command", required=True)

    refresh = sub.add_parser("refresh", help="haal de brontabellen op (spiegelmap of CBS live), bouw en wissel")
    refresh.add_argument("--mirror", help=f"spiegelmap (anders ${config.MIRROR_ENV} of ../shared/cbs)")
    refresh.add_argument("--live", action="store_true", help="negeer spiegelmappen, haal live bij CBS")
    refresh.add_argument("--tables", nargs="+", metavar="ID", help="alleen deze tabellen")
    refresh.add_argument("--force", action="store_true", help="ook ongewijzigde tabellen opnieuw lezen")
    refresh.add_argument("--lang", choices=("nl", "en"), default="nl", help=LANG_HELP)
    refresh.set_defaults(func=cmd_refresh)

    build = sub.add_parser("build", help="bereken indicatoren en voortgang opnieuw (een nieuwe versie van de opslag)")
    build.add_argument("--baseline-year", type=int,
                       help="basisjaar J (standaard 2019): laatste meting in J-3..J, anders eerste in J..J+2")
    build.add_argument("--lang", choices=("nl", "en"), default="nl", help=LANG_HELP)
    build.set_defaults(func=cmd_build)

    rollback = sub.add_parser("rollback", help="zet de vorige versie van de opslag terug")
    rollback.add_argument("--lang", choices=("nl", "en"), default="nl", help=LANG_HELP)
    rollback.set_defaults(func=cmd_rollback)

    indicators = sub.add_parser("indicators", help="alle indicatoren: id, missie, eenheid, titel")
    indicators.add_argument("--mission", help="alleen deze missie (M1a, M1b, M2, M3, M4, context)")
    indicators.add_argument("--lang", choices=("nl", "en"), default="nl", help=LANG_HELP)
    indicators.set_defaults(func=cmd_indicators)

    query = sub.add_parser("query", help="toon de waarden van een indicator")
    query.add_argument("indicator", help="indicator-id, bijv. roken_pct (lijst: hhu indicators)")
    query.add_argument("--region", help="regiocode, naam of groep (GM0344, Zeist, U10)")
    query.add_argument("--members", action="store_true", help="ook de gemeenten van de regio")
    query.add_argument("--period", help="periode, bijv. 2022 of 2017/2020")
    query.add_argument("--format", choices=("table", "csv", "json"), default="table",
                       help="csv: UTF-8 met BOM, ';' en decimale komma (Engels: ',' en punt)")
    query.add_argument("--lang", choices=("nl", "en"), default="nl", help=LANG_HELP)
    query.set_defaults(func=cmd_query)

    scoreboard = sub.add_parser("scoreboard", help="missiestatus van een gemeente of regio")
    scoreboard.add_argument("--region", required=True, help="regiocode, naam of groep")
    scoreboard.add_argument("--lang", choices=("nl", "en"), default="nl", help=LANG_HELP)
    scoreboard.set_defaults(func=cmd_scoreboard)

    report = sub.add_parser("report", help="bestuursrapport (HTML, en PDF als Chromium er is)")
    report.add_argument("--region", required=True, help="regiocode, naam of groep (GM0344, Zeist, U10)")
    report.add_argument("--lang", choices=("nl", "en"), default="nl", help=LANG_HELP)
    report.add_argument("--output", help="HTML- of PDF-bestand (standaard reports/bestuursrapport_<code>_<taal>.html); "
                                         "nooit in de opslagmap")
    report.add_argument("--no-pdf", action="store_true", help="geen PDF maken")
    report.set_defaults(func=cmd_report)

    dashboard = sub.add_parser("dashboard", help="ververs en bouw zo nodig, start dan het dashboard")
    dashboard.add_argument("--mirror", help="spiegelmap (anders $HHU_MIRROR of ../shared/cbs)")
    dashboard.add_argument("--live", action="store_true", help="haal live bij CBS")
    dashboard.add_argument("--no-refresh", action="store_true", help="gebruik de opslag zoals die is")
    dashboard.add_argument("--port", type=_port, default=8501, help="TCP-poort (1-65535, standaard 8501)")
    dashboard.add_argument("--lang", choices=("nl", "en"), default="nl", help=LANG_HELP)
    dashboard.set_defaults(func=cmd_dashboard)

    status = sub.add_parser("status", help="wat staat er in de opslag, van waar, hoe recent, volledig of niet")
    status.add_argument("--lang", choices=("nl", "en"), default="nl", help=LANG_HELP)
    status.set_defaults(func=cmd_status)
    return parser


def _message(error: BaseException) -> str:
    """One line for an error: an OSError names its file; other errors their own first line."""
    if isinstance(error, KeyError) and error.args:
        text = str(error.args[0])
    elif isinstance(error, OSError) and error.strerror:
        names = [str(name) for name in (error.filename, error.filename2) if name]
        text = f"{' -> '.join(names)}: {error.strerror}" if names else error.strerror
    else:
        text = str(error) or type(error).__name__
    return " ".join(text.split())  # one line, whatever the error carried


def _lang_of(argv: list[str]) -> str:
    """The ``--lang`` given on the command line (``nl`` without one)."""
    for number, word in enumerate(argv):
        if word == "--lang" and number + 1 < len(argv):
            return argv[number + 1]
        if word.startswith("--lang="):
            return word.split("=", 1)[1]
    return "nl"


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``hhu`` console command."""
    messages.use(_lang_of(sys.argv[1:] if argv is None else argv))  # also for argparse's own errors
    parser = build_parser()
    args = parser.parse_args(argv)
    messages.use(getattr(args, "lang", "nl"))
    try:
        return args.func(args)
    except BrokenPipeError:  # the reader of our output went away (`hhu status | head`): stop quietly
        with suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except (SourceError, RegionError, store.StoreError, KeyError, ValueError, RuntimeError, OSError) as error:
        print(f"hhu: {_message(error)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"hhu: {say('afgebroken', 'interrupted')}", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
