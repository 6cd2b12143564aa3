"""Bad input: one clear line naming the file or argument, exit code 2, and the store unchanged.

Two mirrors are used: a sealed one, whose ``MANIFEST.tsv`` no longer matches a changed file (so a
changed value or a cut file is refused before it is parsed), and a resealed one, whose
``MANIFEST.tsv`` is brought up to date after every change (a bad export listed as it is: the
parser's own checks are reached: delimiters, quotes, encodings, types, ranges, keys). Every case
runs through ``hhu`` (:func:`indicators.cli.main`) and compares the whole store root before and
after.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from indicators import cli, config, messages, store
from indicators.refresh import refresh
from indicators.sources.base import SourceError
from tests.store_helpers import GEO_NAME, leftovers, small_mirror

TABLES = ["86059NED", "86050NED"]
BAD_INPUT_TABLES = ("86059NED", "86050NED", "50140NED")  # 50140NED: a table of percentages
WMO = "tables/86050NED.csv"
YOUNG = "tables/50140NED.csv"
GEBIEDEN = "tables/86059NED.csv"
GEO = f"geo/{GEO_NAME}"


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture
def small_mirror_folder(mirror: Path, tmp_path: Path) -> Path:
    """A mirror folder in tmp with the two tables of :data:`TABLES` and geo/, without MANIFEST.tsv."""
    return small_mirror(mirror, tmp_path / "mirror", tuple(TABLES), manifest=False)


@pytest.fixture
def store_before(small_mirror_folder: Path, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    refresh(data, small_mirror_folder, TABLES, progress=None)
    return data


def _rewrite(path: Path, change) -> None:
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def _set_value(text: str, column: str, value: str, row: int = 1) -> str:
    lines = text.split("\n")
    header = lines[0].split(";")
    index = header.index(column)
    fields = lines[row].split(";")
    fields[index] = value
    lines[row] = ";".join(fields)
    return "\n".join(lines)


def _replace_first_value(text: str, column: str, value: str) -> str:
    return _set_value(text, column, value)


def _drop_column(text: str, column: str) -> str:
    lines = [line for line in text.split("\n") if line]
    index = lines[0].split(";").index(column)
    return "\n".join(";".join(f for i, f in enumerate(line.split(";")) if i != index) for line in lines) + "\n"


CASES = {
    "wrong delimiter": (lambda text: text.replace(";", ","), "not ';'-separated"),
    "missing column": (lambda text: _drop_column(text, "WmoClientenPer1000Inwoners_2"),
                       "missing column(s) WmoClientenPer1000Inwoners_2"),
    "unknown region label": (lambda text: text.replace(";Zeist;", ";Zeistt;"), "'Zeistt'"),
    "non-numeric value": (lambda text: _replace_first_value(text, "WmoClienten_1", "12a"), "non-numeric value '12a'"),
    "bom": (lambda text: "\ufeff" + text, "byte-order mark"),
    "empty file": (lambda text: "", "file is empty"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_file_gives_one_line_and_store_unchanged(case: str, small_mirror_folder: Path, store_before: Path) -> None:
    change, expected = CASES[case]
    target = small_mirror_folder / "tables" / "86050NED.csv"
    _rewrite(target, change)
    before = _snapshot(store_before)
    with pytest.raises((SourceError, ValueError)) as raised, messages.language("en"):  # the library in English
        refresh(store_before, small_mirror_folder, TABLES, progress=None, force=True)
    message = str(raised.value)
    assert "\n" not in message
    assert expected in message
    assert "86050NED.csv" in message
    assert _snapshot(store_before) == before


def test_cli_prints_one_line_and_exits_2(small_mirror_folder: Path, store_before: Path, monkeypatch, capsys) -> None:
    _rewrite(small_mirror_folder / "tables" / "86050NED.csv", lambda text: "\ufeff" + text)
    monkeypatch.setenv(config.DATA_ENV, str(store_before))
    before = _snapshot(store_before)
    code = cli.main(["refresh", "--mirror", str(small_mirror_folder), "--tables", *TABLES, "--force"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert err[-1].startswith("hhu: ") and "86050NED.csv" in err[-1] and "byte-order mark" in err[-1]
    assert _snapshot(store_before) == before


def test_cbs_symbols_stay_missing(small_mirror_folder: Path, tmp_path: Path) -> None:
    target = small_mirror_folder / "tables" / "86050NED.csv"
    _rewrite(target, lambda text: _replace_first_value(text, "WmoClienten_1", "."))
    _rewrite(target, lambda text: _replace_first_value(text, "WmoClientenPer1000Inwoners_2", "x"))
    data = tmp_path / "fresh"
    refresh(data, small_mirror_folder, TABLES, progress=None)
    raw = store.read_raw(data, "86050NED")
    first = raw.iloc[0]
    assert first["WmoClienten_1"] != first["WmoClienten_1"]  # NaN, not 0
    assert first["WmoClientenPer1000Inwoners_2"] != first["WmoClientenPer1000Inwoners_2"]
    assert raw["WmoClienten_1"].iloc[1:].notna().any()


def test_unchanged_tables_are_skipped(small_mirror_folder: Path, store_before: Path) -> None:
    before = _snapshot(store_before)
    results = refresh(store_before, small_mirror_folder, TABLES, progress=None)
    assert [result.state for result in results] == ["unchanged", "unchanged"]
    assert _snapshot(store_before) == before


# ----- the table of bad input ---------------------------------------------------------------------------
@dataclass
class Context:
    """What a case may change: the sealed and unsealed mirrors and the store root."""

    sealed: Path
    unsealed: Path
    root: Path
    tmp: Path

    def refresh(self, mirror: Path, *tables: str) -> list[str]:
        return ["refresh", "--mirror", str(mirror), "--tables", *(tables or BAD_INPUT_TABLES), "--force"]

    def edit(self, mirror: Path, name: str, change: Callable[[str], str]) -> None:
        _rewrite(mirror / name, change)
        if mirror == self.unsealed:
            _reseal(mirror)

    def replace(self, mirror: Path, name: str, make: Callable[[Path], None]) -> None:
        path = mirror / name
        path.unlink()
        make(path)


def _reseal(mirror: Path) -> None:
    """Bring MANIFEST.tsv's sha256 and column count up to date with the files as they are now."""
    path = mirror / "MANIFEST.tsv"
    lines = path.read_text(encoding="utf-8").split("\n")
    header = lines[0].split("\t")
    for number, line in enumerate(lines[1:], start=1):
        fields = line.split("\t")
        target = mirror / fields[0]
        if len(fields) == len(header) and target.is_file() and not target.is_symlink():
            data = target.read_bytes()
            fields[header.index("sha256")] = hashlib.sha256(data).hexdigest()
            if target.suffix == ".csv":
                fields[header.index("columns")] = str(data.split(b"\n", 1)[0].count(b";") + 1)
            lines[number] = "\t".join(fields)
    path.write_text("\n".join(lines), encoding="utf-8")


def _refresh_after(change: Callable[[Context], object], sealed: bool = False, tables: tuple[str, ...] = ()):
    def setup(ctx: Context) -> list[str]:
        change(ctx)
        return ctx.refresh(ctx.sealed if sealed else ctx.unsealed, *tables)
    return setup


def _cut_at_line(text: str) -> str:
    lines = text.split("\n")
    return "\n".join(lines[: len(lines) // 2]) + "\n"


def _same_length_change(text: str) -> str:
    return text.replace(";56.0\n", ";57.0\n", 1)


# name -> (setup returning argv, what the one line must contain)
BAD_INPUT: dict[str, tuple[Callable[[Context], list[str]], tuple[str, ...]]] = {
    # verified mirror: refused before parsing
    "changed value (sha256)": (_refresh_after(lambda c: c.edit(c.sealed, WMO, _same_length_change), sealed=True),
                               ("86050NED.csv", "wijkt af van MANIFEST.tsv")),
    "file cut at a line boundary": (_refresh_after(lambda c: c.edit(c.sealed, WMO, _cut_at_line), sealed=True),
                                    ("86050NED.csv", "het bestand is gewijzigd of afgekapt")),
    "file not in MANIFEST.tsv": (_refresh_after(lambda c: c.edit(c.sealed, "MANIFEST.tsv", lambda t: "\n".join(
        line for line in t.split("\n") if not line.startswith(WMO))), sealed=True),
        ("86050NED.csv", "staat niet in MANIFEST.tsv")),
    "MANIFEST.tsv is a directory": (_refresh_after(lambda c: c.replace(c.sealed, "MANIFEST.tsv", Path.mkdir),
                                                   sealed=True), ("MANIFEST.tsv", "een map, geen gewoon bestand")),
    "MANIFEST.tsv is a FIFO": (_refresh_after(lambda c: c.replace(c.sealed, "MANIFEST.tsv", os.mkfifo), sealed=True),
                               ("MANIFEST.tsv", "een FIFO, geen gewoon bestand")),
    "MANIFEST.tsv without sha256 column": (_refresh_after(lambda c: c.edit(
        c.sealed, "MANIFEST.tsv", lambda t: t.replace("\tsha256\t", "\tchecksum\t", 1)), sealed=True),
        ("MANIFEST.tsv", "geen kolommen 'file' en 'sha256'")),
    "changed boundaries (sha256)": (_refresh_after(lambda c: c.edit(c.sealed, GEO, lambda t: t.replace(
        "Utrecht", "Utrecht ", 1)), sealed=True), (GEO_NAME, "wijkt af van MANIFEST.tsv")),
    # files that are not files
    "table is a directory": (_refresh_after(lambda c: c.replace(c.unsealed, WMO, Path.mkdir)),
                             ("86050NED.csv", "een map, geen gewoon bestand")),
    "table is a FIFO": (_refresh_after(lambda c: c.replace(c.unsealed, WMO, os.mkfifo)),
                        ("86050NED.csv", "een FIFO, geen gewoon bestand")),
    "table is a character device": (_refresh_after(lambda c: c.replace(
        c.unsealed, WMO, lambda path: path.symlink_to("/dev/zero"))), ("86050NED.csv", "een apparaat (character device)")),
    "table missing": (_refresh_after(lambda c: (c.unsealed / WMO).unlink()), ("86050NED.csv", "niet gevonden")),
    "boundaries are a directory": (_refresh_after(lambda c: c.replace(c.unsealed, GEO, Path.mkdir)),
                                   (GEO_NAME, "een map, geen gewoon bestand")),
    # what the parser refuses
    "wrong delimiter": (_refresh_after(lambda c: c.edit(c.unsealed, WMO, lambda t: t.replace(";", ","))),
                        ("86050NED.csv", "niet door ';' gescheiden")),
    "missing column": (_refresh_after(lambda c: c.edit(c.unsealed, WMO, lambda t: _drop_column(
        t, "WmoClientenPer1000Inwoners_2"))), ("86050NED.csv", "kolom(men) WmoClientenPer1000Inwoners_2 ontbreken")),
    "unknown region label": (_refresh_after(lambda c: c.edit(c.unsealed, WMO, lambda t: t.replace(";Zeist;", ";Zeistt;"))),
                             ("86050NED.csv", "'Zeistt'")),
    "non-numeric value": (_refresh_after(lambda c: c.edit(c.unsealed, WMO, lambda t: _set_value(
        t, "WmoClienten_1", "12a"))), ("86050NED.csv", "geen getal '12a' op regel 2")),
    "byte-order mark": (_refresh_after(lambda c: c.edit(c.unsealed, WMO, lambda t: "\ufeff" + t)),
                        ("86050NED.csv", "byte-order mark")),
    "empty file": (_refresh_after(lambda c: c.edit(c.unsealed, WMO, lambda t: "")), ("86050NED.csv", "het bestand is leeg")),
    "header only": (_refresh_after(lambda c: c.edit(c.unsealed, WMO, lambda t: t.split("\n", 1)[0] + "\n")),
                    ("86050NED.csv", "alleen een kopregel")),
    "unbalanced quote (csv field limit)": (_refresh_after(lambda c: c.edit(c.unsealed, WMO, lambda t: _set_value(
        t, "WmoClienten_1", '"958825.0', row=3))), ("86050NED.csv", "regel 4: onleesbare CSV")),
    "latin-1 byte (bad encoding)": (_refresh_after(lambda c: ((c.unsealed / WMO).write_bytes(
        (c.unsealed / WMO).read_bytes().replace(b"Zeist", b"Ze\xefst", 1)), _reseal(c.unsealed))),
        ("86050NED.csv", "geen UTF-8", "regel ")),
    "NUL byte": (_refresh_after(lambda c: c.edit(c.unsealed, WMO, lambda t: t.replace("Zeist", "Ze\x00ist", 1))),
                 ("86050NED.csv", "bevat een NUL-byte")),
    "ragged line": (_refresh_after(lambda c: c.edit(c.unsealed, WMO, lambda t: t.replace(";56.0\n", ";56.0;1\n", 1))),
                    ("86050NED.csv", "regel 2 heeft 7 velden, de kopregel 6")),
    "duplicate column": (_refresh_after(lambda c: c.edit(c.unsealed, WMO, lambda t: t.replace(
        "WmoClienten_1;", "WmoClientenPer1000Inwoners_2;", 1))), ("86050NED.csv", "dubbele kolom")),
    "percentage 150": (_refresh_after(lambda c: c.edit(c.unsealed, YOUNG, lambda t: _set_value(
        t, "GoedErvarenGezondheid_6", "150"))), ("50140NED.csv", "GoedErvarenGezondheid_6", "ligt buiten 0-100 (pct)")),
    "percentage -5": (_refresh_after(lambda c: c.edit(c.unsealed, YOUNG, lambda t: _set_value(
        t, "GoedErvarenGezondheid_6", "-5"))), ("50140NED.csv", "waarde -5.0 op regel 2 ligt buiten 0-100")),
    "inf in a percentage column": (_refresh_after(lambda c: c.edit(c.unsealed, YOUNG, lambda t: _set_value(
        t, "GoedErvarenGezondheid_6", "inf"))), ("50140NED.csv", "is geen eindig getal")),
    "1e308 in a percentage column": (_refresh_after(lambda c: c.edit(c.unsealed, YOUNG, lambda t: _set_value(
        t, "GoedErvarenGezondheid_6", "1e308"))), ("50140NED.csv", "buiten 0-100")),
    "rate per 1000 above 1000": (_refresh_after(lambda c: c.edit(c.unsealed, WMO, lambda t: _set_value(
        t, "WmoClientenPer1000Inwoners_2", "1500"))), ("86050NED.csv", "buiten 0-1000 (per_1000_inhabitants)")),
    "1e308 in a count column": (_refresh_after(lambda c: c.edit(c.unsealed, WMO, lambda t: _set_value(
        t, "WmoClienten_1", "1e308"))), ("86050NED.csv", "WmoClienten_1", "geen aannemelijke waarde")),
    "negative infinity": (_refresh_after(lambda c: c.edit(c.unsealed, WMO, lambda t: _set_value(
        t, "WmoClienten_1", "-inf"))), ("86050NED.csv", "is geen eindig getal")),
    "duplicated key": (_refresh_after(lambda c: c.edit(c.unsealed, WMO, lambda t: t.replace(
        "\n1;Totaal;Nederland;2e halfjaar 2017;", "\n1;Totaal;Nederland;1e halfjaar 2017;", 1))),
        ("86050NED.csv", "regels 2 en 3 hebben dezelfde sleutel")),
    "empty Inwonertal_56": (_refresh_after(lambda c: c.edit(c.unsealed, GEBIEDEN, lambda t: _set_value(
        t, "Inwonertal_56", ""))), ("86059NED.csv", "kolom Inwonertal_56 is leeg op regel 2")),
    "malformed boundaries": (_refresh_after(lambda c: c.edit(c.unsealed, GEO, lambda t: t[: len(t) // 2])),
                             (GEO_NAME, "kapotte GeoJSON")),
    "boundaries without a municipality": (_refresh_after(lambda c: c.edit(c.unsealed, GEO, lambda t: t.replace(
        '"GM0344"', '"GM9344"'))), (GEO_NAME, "geen vorm voor 1 gemeente(n): GM0344")),
    # arguments and places
    "--mirror is a file": (lambda c: ["refresh", "--mirror", str(c.unsealed / WMO)], ("--mirror", "geen map tables/")),
    "--mirror is a FIFO": (lambda c: (os.mkfifo(c.tmp / "fifo"), ["refresh", "--mirror", str(c.tmp / "fifo")])[1],
                           ("--mirror", "geen map tables/")),
    "--mirror does not exist": (lambda c: ["refresh", "--mirror", str(c.tmp / "nowhere")], ("--mirror", "nowhere")),
    "--tables unknown": (lambda c: ["refresh", "--tables", "99999NED"], ("--tables", "onbekende tabel '99999NED'")),
    "--port -1": (lambda c: ["dashboard", "--port", "-1"], ("--port", "-1 ligt niet tussen 1 en 65535")),
    "--port 99999": (lambda c: ["dashboard", "--port", "99999"], ("--port", "99999 ligt niet tussen 1 en 65535")),
    "--port abc": (lambda c: ["dashboard", "--port", "abc"], ("--port", "'abc' is geen poortnummer")),
    "damaged pointer": (lambda c: ((c.root / store.CURRENT_NAME).write_text("gen-999999\n"), ["build"])[1],
                        ("CURRENT", "gen-999999", "ontbreekt", "hhu rollback")),
}


@pytest.fixture(scope="module")
def bad_input_sources(mirror: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("bad-input")
    sealed = small_mirror(mirror, folder / "sealed", BAD_INPUT_TABLES)
    unsealed = small_mirror(mirror, folder / "unsealed", BAD_INPUT_TABLES)
    root = folder / "data"
    refresh(root, sealed, list(BAD_INPUT_TABLES), progress=None)
    return sealed, unsealed, root


@pytest.mark.parametrize("case", list(BAD_INPUT))
def test_bad_input_is_one_line_exit_2_and_the_store_unchanged(case: str, bad_input_sources, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    sealed, unsealed, template = bad_input_sources
    ctx = Context(tmp_path / "sealed", tmp_path / "unsealed", tmp_path / "data", tmp_path)
    shutil.copytree(sealed, ctx.sealed)
    shutil.copytree(unsealed, ctx.unsealed)
    shutil.copytree(template, ctx.root)
    monkeypatch.setenv(config.DATA_ENV, str(ctx.root))
    monkeypatch.setenv(store.LOCK_WAIT_ENV, "1")
    setup, expected = BAD_INPUT[case]
    argv = setup(ctx)
    before = _snapshot(ctx.root)
    with pytest.raises(SystemExit) if argv[0] == "dashboard" else _no_exit() as exited:
        code = cli.main(argv)
    if exited is not None:
        code = exited.value.code
    err = _message_lines(capsys.readouterr().err)
    assert code == 2, err
    assert len(err) == 1, err
    line = err[0]
    assert line.startswith(("hhu: ", "hhu dashboard: ")), line
    for part in expected:
        assert part in line, (part, line)
    assert "Traceback" not in line
    assert _snapshot(ctx.root) == before
    if case != "damaged pointer":
        assert leftovers(ctx.root) == []


PROGRESS_BAR = re.compile(r"^\[[#.]+\] \d+/\d+ ")


def _message_lines(err: str) -> list[str]:
    """The lines on stderr apart from the progress bar (which redraws itself with carriage returns)."""
    return [line for line in err.replace("\r", "\n").splitlines() if line.strip() and not PROGRESS_BAR.match(line)]


class _no_exit:  # noqa: N801 - used like pytest.raises
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return False


ENGLISH = {  # the same lines in English with --lang en
    "changed value (sha256)": ("86050NED.csv", "differs from MANIFEST.tsv", "the file was changed or cut"),
    "header only": ("86050NED.csv", "header only, no data rows"),
    "percentage -5": ("50140NED.csv", "value -5.0 on line 2 is outside 0-100"),
    "damaged pointer": ("CURRENT", "gen-999999", "missing", "hhu rollback"),
    "--port abc": ("--port", "'abc' is not a port number"),
}


@pytest.mark.parametrize("case", list(ENGLISH))
def test_bad_input_in_english_with_lang_en(case: str, bad_input_sources, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys) -> None:
    sealed, unsealed, template = bad_input_sources
    ctx = Context(tmp_path / "sealed", tmp_path / "unsealed", tmp_path / "data", tmp_path)
    shutil.copytree(sealed, ctx.sealed)
    shutil.copytree(unsealed, ctx.unsealed)
    shutil.copytree(template, ctx.root)
    monkeypatch.setenv(config.DATA_ENV, str(ctx.root))
    argv = [*BAD_INPUT[case][0](ctx), "--lang", "en"]
    with pytest.raises(SystemExit) if argv[0] == "dashboard" else _no_exit() as exited:
        code = cli.main(argv)
    code = exited.value.code if exited is not None else code
    err = _message_lines(capsys.readouterr().err)
    assert code == 2 and len(err) == 1, err
    for part in ENGLISH[case]:
        assert part in err[0], (part, err[0])
    dutch = BAD_INPUT[case][1][1:]  # the Dutch words are gone
    assert not any(part in err[0] for part in dutch if part not in ENGLISH[case]), err[0]


def test_the_table_has_at_least_30_kinds() -> None:
    assert len(BAD_INPUT) >= 30


# ----- report paths ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("output", "expected"),
    [
        (lambda tmp: (tmp / "file.txt").write_text("x") and tmp / "file.txt" / "report.html", "file.txt"),
        (lambda tmp: Path("/proc/version/report.html"), "/proc/version"),
        (lambda tmp: Path("/proc/hhu-report.html"), "/proc/hhu-report.html"),
    ],
    ids=["under-a-file", "under-a-proc-file", "read-only-filesystem"],  # a folder gets the default name (test_report)
)
def test_unwritable_report_paths_are_one_line(built_store: Path, tmp_path: Path, capsys, output, expected: str) -> None:
    target = output(tmp_path)
    before = _snapshot(built_store)
    code = cli.main(["report", "--region", "Zeist", "--no-pdf", "--output", str(target)])
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert code == 2 and len(err) == 1, err
    assert err[0].startswith("hhu: ") and expected in err[0]
    assert _snapshot(built_store) == before
