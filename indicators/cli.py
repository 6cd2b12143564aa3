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
