"""What every source hands to the store: one raw table as a tidy frame plus its provenance.

A raw table keeps the StatLine layout, made tidy:

* every dimension ``D`` becomes two string columns, ``D_code`` (the CBS key, e.g. ``GM0344``,
  ``2022JJ00``, stripped of padding) and ``D_label`` (the CBS title, e.g. ``Utrecht (gemeente)``);
  either may be missing (``<NA>``) when the source gave only the other one;
* every topic column keeps its OData name (``WmoClientenPer1000Inwoners_2``) and is a float
  (numbers) or a string (text topics such as ``Gemeentenaam_1``);
* CBS missing values (empty, ``.``, ``x``, ``-``) are missing (``NaN`` / ``<NA>``), never 0.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pandas as pd

LICENCE = "CC BY 4.0"
MISSING_SYMBOLS = frozenset({"", ".", "x", "-", "?"})


class SourceError(RuntimeError):
    """A source could not deliver a table; the message names the table/file and the problem."""


@dataclass(frozen=True)
class Provenance:
    """Where a raw table came from.

    Attributes:
        table_id: StatLine table id, e.g. ``86050NED``.
        catalog: ``CBS`` (opendata.cbs.nl) or ``RIVM`` (dataderden.cbs.nl, third-party catalog).
        title: table title as published; empty when unknown.
        source: ``live`` or ``mirror``.
        location: URL (live) or file path(s) (mirror) that were read.
        retrieved_at: ISO 8601 UTC time of reading.
        sha256: hash of the bytes that were read (all files/pages, in order).
        modified: the table's modification date as CBS reports it (live), else empty.
        status: CBS table status (``Regulier``, ``Gediscontinueerd``...) when known.
        flavour: ``labels`` or ``codes`` for mirror files; ``typed`` for live.
        units: topic column -> unit (from CBS DataProperties or the table declaration).
        dimensions: names of the dimension columns, outermost first.
        licence: always CC BY 4.0 for CBS/RIVM StatLine.
        complete: whether the source says the table is complete (mirror MANIFEST ``complete``).
        notes: free text (e.g. trimming of a mirror export).
    """

    table_id: str
    catalog: str
    title: str
    source: str
    location: str
    retrieved_at: str
    sha256: str
    modified: str = ""
    status: str = ""
    flavour: str = ""
    units: dict[str, str] = field(default_factory=dict)
    dimensions: tuple[str, ...] = ()
    licence: str = LICENCE
    complete: str = ""
    notes: str = ""


@dataclass(frozen=True)
class RawTable:
    """A tidy raw table (see module docstring) with its provenance."""

    frame: pd.DataFrame
    provenance: Provenance


def table_sha256(frame: pd.DataFrame) -> str:
    """Return a sha256 of a tidy table's content: column names, types and every value, in order.

    Floats are written with ``repr`` (exact), missing values as ``<NA>``; the same table gives the
    same hash however it was paged or encoded on the wire.
    """
    digest = hashlib.sha256()
    digest.update("\t".join(f"{column}:{dtype}" for column, dtype in frame.dtypes.items()).encode())
    body = frame.to_csv(index=False, header=False, lineterminator="\n", na_rep="<NA>", float_format=repr)
    digest.update(body.encode())
    return digest.hexdigest()
