"""The ``hhu`` command: refresh the store, build indicators, query them, report, start the dashboard.

Every failure ends with one line on stderr (``hhu: <what went wrong>``) and exit code 2; the
store is left as it was.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from indicators import config, store
from indicators.regions import RegionError
from indicators.sources.base import SourceError


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
    """Bring the source tables into the store."""
    from indicators.refresh import refresh  # noqa: PLC0415

    mirror = _mirror_from(args)
    data = config.data_dir()
    print(f"Bron: {'spiegelmap ' + str(mirror) if mirror else 'CBS live (opendata.cbs.nl, dataderden.cbs.nl)'}")
    print(f"Opslag: {data}")
    results = refresh(data, mirror, args.tables, force=args.force)
    for result in results:
        print(result.summary())
    changed = sum(result.state != "unchanged" for result in results)
    print(f"{len(results)} tabellen, {changed} bijgewerkt, {len(results) - changed} ongewijzigd.")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    """Show what is in the store."""
    data = config.data_dir()
    manifest = store.read_manifest(data)
    if not manifest["tables"]:
        print(f"De opslag {data} is leeg: draai `hhu refresh`.")
        return 0
    print(f"Opslag {data}, bijgewerkt {manifest['updated_at']}")
    print(f"{'tabel':<9} {'rijen':>7}  {'bron':<6} {'opgehaald':<25} volledig  titel")
    for table_id, entry in sorted(manifest["tables"].items()):
        complete = "ja" if str(entry.get("complete", "")).startswith("yes") else (entry.get("complete") or "?")[:40]
        print(
            f"{table_id:<9} {entry['rows']:>7}  {entry['source']:<6} {entry['retrieved_at']:<25} "
            f"{complete:<8}  {entry['title'][:60]}"
        )
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Build indicators.parquet and progress.parquet from the store."""
    import warnings  # noqa: PLC0415

    from indicators.build import build  # noqa: PLC0415

    data = config.data_dir()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        built, progress, seconds = build(data, baseline_year=getattr(args, "baseline_year", None))
    for warning in caught:
        print(f"waarschuwing: {warning.message}", file=sys.stderr)
    indicators = built["indicator_id"].nunique()
    print(f"{indicators} indicatoren, {len(built)} waarden ({built['value'].notna().sum()} met een getal), "
          f"{len(progress)} voortgangsregels; {seconds:.1f} s -> {data}")
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
    built = data / "indicators.parquet"
    if not built.exists() or not (data / "progress.parquet").exists():
        return True
    newest_input = max(
        [(data / store.MANIFEST_NAME).stat().st_mtime]
        + [path.stat().st_mtime for path in (config.PROJECT_ROOT / "indicators").rglob("*.py")]
        + [path.stat().st_mtime for path in (config.PROJECT_ROOT / "indicators" / "reference").glob("*.csv")]
    )
    return built.stat().st_mtime < newest_input


def cmd_dashboard(args: argparse.Namespace) -> int:
    """Refresh and build when needed, then start the Streamlit dashboard."""
    import os  # noqa: PLC0415
    import subprocess  # noqa: PLC0415

    data = config.data_dir()
    if not args.no_refresh:
        cmd_refresh(argparse.Namespace(mirror=args.mirror, live=args.live, tables=None, force=False))
    if _build_is_stale(data):
        cmd_build(args)
    app = config.PROJECT_ROOT / "dashboard" / "streamlit_app.py"
    command = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(args.port),
               "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    print(f"Dashboard: http://localhost:{args.port}")
    return subprocess.call(command, env={**os.environ, config.DATA_ENV: str(data)})


def cmd_report(args: argparse.Namespace) -> int:
    """Write the board report for a region."""
    from indicators.report import write_report  # noqa: PLC0415

    html_path, pdf_path = write_report(args.region, args.lang, Path(args.output) if args.output else None,
                                       pdf=not args.no_pdf)
    print(f"Rapport: {html_path}")
    print(f"PDF: {pdf_path}" if pdf_path else "PDF: niet gemaakt (geen Chromium gevonden, of --no-pdf)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``hhu``."""
    parser = argparse.ArgumentParser(prog="hhu", description="Missiemonitor Gezond Utrecht 2030")
    sub = parser.add_subparsers(dest="command", required=True)

    refresh = sub.add_parser("refresh", help="haal de brontabellen op (spiegelmap of CBS live)")
    refresh.add_argument("--mirror", help=f"spiegelmap (anders ${config.MIRROR_ENV} of ../shared/cbs)")
    refresh.add_argument("--live", action="store_true", help="negeer spiegelmappen, haal live bij CBS")
    refresh.add_argument("--tables", nargs="+", metavar="ID", help="alleen deze tabellen")
    refresh.add_argument("--force", action="store_true", help="ook ongewijzigde tabellen opnieuw lezen")
    refresh.set_defaults(func=cmd_refresh)

    build = sub.add_parser("build", help="bereken indicatoren en voortgang uit de opslag")
    build.add_argument("--baseline-year", type=int,
                       help="basisjaar J (standaard 2019): laatste meting in J-3..J, anders eerste in J..J+2")
    build.set_defaults(func=cmd_build)

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
    dashboard.add_argument("--port", type=int, default=8501)
    dashboard.set_defaults(func=cmd_dashboard)

    for name in ("status", "data"):
        status = sub.add_parser(name, help="wat staat er in de opslag")
        status.set_defaults(func=cmd_status)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``hhu`` console command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (SourceError, RegionError, store.StoreError, KeyError, ValueError, RuntimeError) as error:
        message = error.args[0] if isinstance(error, KeyError) and error.args else str(error)
        print(f"hhu: {message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
