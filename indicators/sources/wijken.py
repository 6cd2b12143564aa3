"""Districts (wijken) of 2022 from a mirror folder: names, inhabitants and income position.

The mirror's ``wijken/wijken_2022.csv`` is the attribute table of the tmap package's ``NLD_dist``
data set, which its authors built from CBS table 85318NED (Kerncijfers wijken en buurten 2022; see
the mirror's ``wijken/WIJKEN.md``). This module turns it into the raw layout of a live 85318NED
download (:mod:`indicators.sources.base`), so the rest of the project does not care where it came
from:

* ``WijkenEnBuurten_code`` (``WK034401``) and ``WijkenEnBuurten_label`` (the district name);
* ``SoortRegio_2`` = ``Wijk``;
* ``AantalInwoners_5`` (inhabitants on 1 January 2022),
  ``k_40PersonenMetLaagsteInkomen_73`` and ``k_20PersonenMetHoogsteInkomen_74`` (%).

Every problem with the file stops with one line naming the file and the line.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from indicators.messages import say
from indicators.sources.base import MISSING_SYMBOLS, Provenance, RawTable, SourceError
from indicators.sources.tables import TableSpec

DISTRICT_CODE = re.compile(r"^WK\d{6}$")
# column of the mirror file -> 85318NED property (the names a live download has)
MIRROR_COLUMNS = {
    "population": "AantalInwoners_5",
    "income_low": "k_40PersonenMetLaagsteInkomen_73",
    "income_high": "k_20PersonenMetHoogsteInkomen_74",
}
UNITS = {"AantalInwoners_5": "aantal", "k_40PersonenMetLaagsteInkomen_73": "%", "k_20PersonenMetHoogsteInkomen_74": "%"}


def check_district_codes(codes: pd.Series, where: str, line_offset: int = 2) -> None:
    """Stop with one line when a district code does not fit ``WK`` + six digits, or repeats.

    Args:
        codes: district codes as read (stripped).
        where: the file or table, named in the error.
        line_offset: line number of the first code (2 for a file with a header row).
    """
    bad = ~codes.fillna("").str.match(DISTRICT_CODE.pattern)
    if bad.any():
        position = int(np.flatnonzero(bad.to_numpy())[0])
        line, code, count = position + line_offset, codes.iloc[position], int(bad.sum())
        raise SourceError(say(f"{where}: regel {line}: wijkcode {code!r} is niet WK + 6 cijfers ({count} zulke code(s))",
                              f"{where}: line {line}: district code {code!r} does not fit WK + 6 digits "
                              f"({count} such code(s))"))
    repeated = codes.duplicated()
    if repeated.any():
        position = int(np.flatnonzero(repeated.to_numpy())[0])
        first = int(np.flatnonzero((codes == codes.iloc[position]).to_numpy())[0])
        line, code, earlier = position + line_offset, codes.iloc[position], first + line_offset
        raise SourceError(say(f"{where}: regel {line}: wijkcode {code} herhaalt regel {earlier}",
                              f"{where}: line {line}: district code {code} repeats line {earlier}"))


def read_wijken_mirror(spec: TableSpec, path: Path, data: bytes, entry: dict[str, str]) -> RawTable:
    """Turn the bytes of ``wijken_2022.csv`` into the raw layout of table 85318NED.

    Args:
        spec: the table's declaration.
        path: the file, named in errors.
        data: its bytes (read as a regular file and verified against MANIFEST.tsv by the caller).
        entry: its MANIFEST.tsv row ({} when the mirror has no manifest).
    """
    if not data.strip():
        raise SourceError(say(f"{path}: het bestand is leeg", f"{path}: file is empty"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SourceError(say(f"{path}: geen UTF-8 ({error.reason} bij byte {error.start})",
                              f"{path}: not UTF-8 ({error.reason} at byte {error.start})")) from None
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header = rows[0] if rows else []
    missing = [column for column in ("code", "name", *MIRROR_COLUMNS) if column not in header]
    if missing:
        raise SourceError(say(f"{path}: kolom(men) ontbreken: {', '.join(missing)}",
                              f"{path}: missing column(s) {', '.join(missing)}"))
    body = [row for row in rows[1:] if row]
    for line_number, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise SourceError(say(f"{path}: regel {line_number} heeft {len(row)} velden, de kopregel {len(header)}",
                                  f"{path}: line {line_number} has {len(row)} fields, header has {len(header)}"))
    frame = pd.DataFrame(body, columns=header, dtype="string")
    if entry.get("rows") and int(entry["rows"]) != len(frame):
        raise SourceError(say(f"{path}: {len(frame)} rijen, MANIFEST.tsv zegt {entry['rows']}",
                              f"{path}: {len(frame)} rows, MANIFEST.tsv says {entry['rows']}"))
    codes = frame["code"].str.strip()
    check_district_codes(codes, str(path))
    names = frame["name"].str.strip()
    tidy = pd.DataFrame({
        "WijkenEnBuurten_code": codes.astype("string"),
        "WijkenEnBuurten_label": names.mask(names.isin(MISSING_SYMBOLS)).astype("string"),
        "SoortRegio_2": pd.Series("Wijk", index=frame.index, dtype="string"),
    })
    for column, prop in MIRROR_COLUMNS.items():
        stripped = frame[column].str.strip()
        is_missing = stripped.isin(MISSING_SYMBOLS)
        numbers = pd.to_numeric(stripped.mask(is_missing), errors="coerce")
        bad = numbers.isna() & ~is_missing
        if bad.any():
            position = int(np.flatnonzero(bad.to_numpy())[0])
            value = frame[column].iloc[position]
            raise SourceError(say(f"{path}: regel {position + 2}: kolom {column}: geen getal: {value!r}",
                                  f"{path}: line {position + 2}: column {column}: non-numeric value {value!r}"))
        tidy[prop] = numbers.astype(np.float64)
    provenance = Provenance(
        table_id=spec.table_id,
        catalog=spec.catalog,
        title=entry.get("title") or spec.title,
        source="mirror",
        location=str(path),
        retrieved_at=datetime.now(UTC).isoformat(timespec="seconds"),
        sha256=hashlib.sha256(data).hexdigest(),
        flavour="wijken_tmap",
        units=UNITS,
        dimensions=("WijkenEnBuurten",),
        complete=entry.get("complete", ""),
        notes=(entry.get("source", "") + " (tmap NLD_dist: namen zonder accenten; afgeleid uit CBS 85318NED)").strip(),
    )
    return RawTable(tidy, provenance)
