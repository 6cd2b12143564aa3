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

from indicators import config, store
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
                print(f"waarschuwing: {warning.message}", file=sys.stderr)


def _mirror_from(args: argparse.Namespace) -> Path | None:
    if getattr(args, "live", False):
        return None
    if args.mirror:
        mirror = Path(args.mirror).expanduser().resolve()
        if not (mirror / "tables").is_dir():
            raise SourceError(f"--mirror {args.mirror}: no tables/ folder there")
        return mirror
    return config.default_mirror()


def cmd_refresh(args: argparse.Namespace) -> int:
    """Bring the source tables into the store, build, and switch to the new generation."""
    from indicators.refresh import refresh  # noqa: PLC0415

    mirror = _mirror_from(args)
    data = config.data_dir()
    print(f"Bron: {'spiegelmap ' + str(mirror) if mirror else 'CBS live (opendata.cbs.nl, dataderden.cbs.nl)'}")
    print(f"Opslag: {data}")
    with _warnings_as_lines():
        results = refresh(data, mirror, args.tables, force=args.force, notify=_notify)
    for result in results:
        print(result.summary())
    changed = sum(result.state != "unchanged" for result in results)
    print(f"{len(results)} tabellen, {changed} bijgewerkt, {len(results) - changed} ongewijzigd.")
    if results.build is not None:
        print(results.build.summary())
    if results.switched:
        print(f"Nieuwe versie {results.generation} is in gebruik (terug naar de vorige: `hhu rollback`).")
    else:
        print(f"Niets gewijzigd: versie {results.generation} blijft in gebruik.")
    return 0


def cmd_rollback(args: argparse.Namespace) -> int:
    """Make the previous generation current again."""
    was, now = store.rollback(config.data_dir(), notify=_notify)
    print(f"Terug naar versie {now} (was {was}).")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    """Show what is in the store."""
    data = config.data_dir()
    manifest = store.read_manifest(data)
    if not manifest["tables"]:
        print(f"De opslag {data} is leeg: draai `hhu refresh`.")
        return 0
    print(f"Opslag {data}, bijgewerkt {manifest['updated_at']}")
    folder = store.resolve(data)
    info = store.generation_info(folder, is_current=True)
    if info is not None:
        before = store.previous(folder)
        print(f"Versie {info.name} ({info.command}, {info.created_at})"
              + (f"; vorige versie {before.name} (`hhu rollback`)" if before else ""))
    print(f"{'tabel':<9} {'rijen':>7}  {'bron':<6} {'opgehaald':<25} volledig  titel")
    for table_id, entry in sorted(manifest["tables"].items()):
        complete = "ja" if str(entry.get("complete", "")).startswith("yes") else (entry.get("complete") or "?")[:40]
        print(
            f"{table_id:<9} {entry['rows']:>7}  {entry['source']:<6} {entry['retrieved_at']:<25} "
            f"{complete:<8}  {entry['title'][:60]}"
        )
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Build indicators.parquet and progress.parquet into a new generation of the store."""
    from indicators.pipeline import build  # noqa: PLC0415

    data = config.data_dir()
    with _warnings_as_lines():
        built, progress, seconds = build(data, baseline_year=getattr(args, "baseline_year", None), notify=_notify)
    indicators = built["indicator_id"].nunique()
    print(f"{indicators} indicatoren, {len(built)} waarden ({built['value'].notna().sum()} met een getal), "
          f"{len(progress)} voortgangsregels; {seconds:.1f} s -> {data} (versie {store.resolve(data).name})")
    return 0


def _format_number(value: float, lang: str = "nl", decimals: int = 1) -> str:
    from indicators.formatting import format_number  # noqa: PLC0415

    return format_number(value, lang=lang, decimals=decimals)


def cmd_query(args: argparse.Namespace) -> int:
    """Print the values of one indicator."""
    from indicators import api  # noqa: PLC0415

    indicator = api.get_indicator(args.indicator)
    model = api.regions()
    regions = None
    if args.region:
        code = model.find(args.region)
        regions = model.members(code) + [code] if args.members else [code]
    frame = api.indicator_values(indicator.id, regions=regions, period=args.period)
    if frame.empty:
        raise ValueError(f"{indicator.id}: no values for --region {args.region!r} --period {args.period!r}")
    columns = ["region_code", "region_name", "region_level", "period", "value", "lower", "upper", "unit",
               "source_table", "computed", "note"]
    frame = frame[columns]
    if args.format == "csv":
        frame.to_csv(sys.stdout, index=False)
    elif args.format == "json":
        sys.stdout.write(frame.to_json(orient="records", force_ascii=False, indent=1) + "\n")
    else:
        shown = frame.assign(
            value=frame["value"].map(lambda number: _format_number(number)),
            lower=frame["lower"].map(lambda number: _format_number(number)),
            upper=frame["upper"].map(lambda number: _format_number(number)),
        )
        print(f"{indicator.title_nl} ({indicator.unit_label()})")
        print(shown.drop(columns=["unit"]).fillna("").to_string(index=False))
        print(f"Bron: CBS/RIVM StatLine, tabel {', '.join(indicator.source_tables)} (CC BY 4.0)")
    return 0


def cmd_scoreboard(args: argparse.Namespace) -> int:
    """Print the mission scoreboard of a region."""
    from indicators.scoreboard import scoreboard_text  # noqa: PLC0415

    print(scoreboard_text(args.region, lang=args.lang))
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


def _try(step: str, run: Callable[[], int]) -> bool:
    """Run a step of ``hhu dashboard``; on failure say so in one line and go on."""
    try:
        run()
    except _STEP_ERRORS as error:
        _notify(f"{step} mislukt: {_message(error)}")
        return False
    return True


def cmd_dashboard(args: argparse.Namespace) -> int:
    """Refresh and build when needed, then start the Streamlit dashboard (on the last good build if that fails)."""
    import subprocess  # noqa: PLC0415

    _check_port_free(args.port)
    data = config.data_dir()
    refreshed = args.no_refresh or _try("verversen", lambda: cmd_refresh(
        argparse.Namespace(mirror=args.mirror, live=args.live, tables=None, force=False)))
    if _build_is_stale(data):
        _try("bouwen", lambda: cmd_build(args))
    good, reason = store.last_good(data)
    if good is None:
        raise store.StoreError(f"no usable data in the store at {data}" + (f" ({reason})" if reason else "")
                               + "; run `hhu refresh`")
    if not refreshed or reason:
        when = store.read_manifest(good).get("updated_at") or "?"
        print(f"Het dashboard start met de laatste goede versie ({good.name}, gegevens van {when}).")
    launcher = config.PROJECT_ROOT / "dashboard" / "serve.py"
    command = [sys.executable, str(launcher), "--port", str(args.port)]
    print(f"Dashboard: http://localhost:{args.port}")
    return subprocess.call(command, env={**os.environ, config.DATA_ENV: str(data)})


def _port(text: str) -> int:
    """An argparse type: a TCP port number, 1-65535."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is geen poortnummer (1-65535)") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} ligt niet tussen 1 en 65535")
    return port


def _check_port_free(port: int) -> None:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("", port))
        except OSError as error:
            raise ValueError(f"--port {port}: kan de poort niet gebruiken ({error.strerror or error})") from None


def cmd_report(args: argparse.Namespace) -> int:
    """Write the board report for a region."""
    from indicators.report import write_report  # noqa: PLC0415

    html_path, pdf_path = write_report(args.region, args.lang, Path(args.output) if args.output else None,
                                       pdf=not args.no_pdf)
    print(f"Rapport: {html_path}")
    print(f"PDF: {pdf_path}" if pdf_path else "PDF: niet gemaakt (geen Chromium gevonden, of --no-pdf)")
    return 0


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (``hhu <command>: <error>``), exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        """Print one line and exit 2."""
        self.exit(2, f"{self.prog}: {message} (zie `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``hhu``."""
    parser = _Parser(prog="hhu", description="Missiemonitor Gezond Utrecht 2030")
    sub = parser.add_subparsers(dest="command", required=True)

    refresh = sub.add_parser("refresh", help="haal de brontabellen op (spiegelmap of CBS live), bouw en wissel")
    refresh.add_argument("--mirror", help=f"spiegelmap (anders ${config.MIRROR_ENV} of ../shared/cbs)")
    refresh.add_argument("--live", action="store_true", help="negeer spiegelmappen, haal live bij CBS")
    refresh.add_argument("--tables", nargs="+", metavar="ID", help="alleen deze tabellen")
    refresh.add_argument("--force", action="store_true", help="ook ongewijzigde tabellen opnieuw lezen")
    refresh.set_defaults(func=cmd_refresh)

    build = sub.add_parser("build", help="bereken indicatoren en voortgang opnieuw (een nieuwe versie van de opslag)")
    build.add_argument("--baseline-year", type=int, help="basisjaar (standaard: laatste meting in of voor 2019)")
    build.set_defaults(func=cmd_build)

    rollback = sub.add_parser("rollback", help="zet de vorige versie van de opslag terug")
    rollback.set_defaults(func=cmd_rollback)

    query = sub.add_parser("query", help="toon de waarden van een indicator")
    query.add_argument("indicator", help="indicator-id, bijv. roken_pct")
    query.add_argument("--region", help="regiocode, naam of groep (GM0344, Zeist, U10)")
    query.add_argument("--members", action="store_true", help="ook de gemeenten van de regio")
    query.add_argument("--period", help="periode, bijv. 2022 of 2017/2020")
    query.add_argument("--format", choices=("table", "csv", "json"), default="table")
    query.set_defaults(func=cmd_query)

    scoreboard = sub.add_parser("scoreboard", help="missiestatus van een gemeente of regio")
    scoreboard.add_argument("--region", required=True, help="regiocode, naam of groep")
    scoreboard.add_argument("--lang", choices=("nl", "en"), default="nl")
    scoreboard.set_defaults(func=cmd_scoreboard)

    report = sub.add_parser("report", help="bestuursrapport (HTML, en PDF als Chromium er is)")
    report.add_argument("--region", required=True, help="regiocode, naam of groep (GM0344, Zeist, U10)")
    report.add_argument("--lang", choices=("nl", "en"), default="nl")
    report.add_argument("--output", help="HTML-bestand (standaard reports/bestuursrapport_<code>_<taal>.html)")
    report.add_argument("--no-pdf", action="store_true", help="geen PDF maken")
    report.set_defaults(func=cmd_report)

    dashboard = sub.add_parser("dashboard", help="ververs en bouw zo nodig, start dan het dashboard")
    dashboard.add_argument("--mirror", help="spiegelmap (anders $HHU_MIRROR of ../shared/cbs)")
    dashboard.add_argument("--live", action="store_true", help="haal live bij CBS")
    dashboard.add_argument("--no-refresh", action="store_true", help="gebruik de opslag zoals die is")
    dashboard.add_argument("--port", type=_port, default=8501, help="TCP-poort (1-65535, standaard 8501)")
    dashboard.set_defaults(func=cmd_dashboard)

    for name in ("status", "data"):
        status = sub.add_parser(name, help="wat staat er in de opslag")
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


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``hhu`` console command."""
    parser = build_parser()
    args = parser.parse_args(argv)
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
        print("hhu: afgebroken", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
