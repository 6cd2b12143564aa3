"""Regions: codes, names, memberships and boundary changes.

Built from CBS's "Gebieden in Nederland" table (one row per current municipality with the codes
of the regions it belongs to) plus two files the project authors itself:

* ``reference/herindelingen.csv``: municipal boundary changes, former municipality -> current one;
* ``reference/regio_aliassen.csv``: older spellings of GGD regions in StatLine labels.

Region codes are CBS keys without padding (``GM0344``, ``GG2514``, ``PV26``, ``LD03``,
``NL01``); the project's own groups (:mod:`indicators.groups`) have codes like ``U10``.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from indicators.groups import GROUPS, RegionGroup
from indicators.messages import say

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
BOUNDARY_CHANGES_FILE = REFERENCE_DIR / "herindelingen.csv"
ALIASES_FILE = REFERENCE_DIR / "regio_aliassen.csv"
NETHERLANDS = "NL01"
GM_CODE = re.compile(r"^GM\d{4}$")

# Region levels, from large to small. ``groep`` is a group declared by the project.
LEVELS = ("land", "landsdeel", "provincie", "ggd", "groep", "gemeente", "wijk")
LEVEL_LABELS = {
    "land": {"nl": "land", "en": "country"},
    "landsdeel": {"nl": "landsdeel", "en": "part of the country"},
    "provincie": {"nl": "provincie", "en": "province"},
    "ggd": {"nl": "GGD-regio", "en": "GGD region"},
    "groep": {"nl": "samenwerkingsregio", "en": "regional group"},
    "gemeente": {"nl": "gemeente", "en": "municipality"},
    "wijk": {"nl": "wijk", "en": "district"},
}

# Columns of "Gebieden in Nederland" (84721NED and later) that the model uses.
GEBIEDEN_COLUMNS = {
    "code": "Code_1",
    "name": "Naam_2",
    "am_code": "Code_4",
    "am_name": "Naam_5",
    "corop_code": "Code_10",
    "corop_name": "Naam_11",
    "ggd_code": "Code_16",
    "ggd_name": "Naam_17",
    "landsdeel_code": "Code_26",
    "landsdeel_name": "Naam_27",
    "province_code": "Code_28",
    "province_name": "Naam_29",
    "res_code": "Code_32",
    "res_name": "Naam_33",
    "population": "Inwonertal_56",
}

# Label suffix in StatLine titles -> (level, code column, name column) in the municipality frame.
_SUFFIX_LEVELS = {
    "(GG)": ("ggd", "ggd_code", "ggd_name"),
    "(PV)": ("provincie", "province_code", "province_name"),
    "(LD)": ("landsdeel", "landsdeel_code", "landsdeel_name"),
    "(CR)": ("corop", "corop_code", "corop_name"),
    "(AM)": ("arbeidsmarktregio", "am_code", "am_name"),
}


class RegionError(ValueError):
    """A region label, code or name that cannot be resolved; the message lists it."""


@dataclass(frozen=True)
class Resolution:
    """What a StatLine region label stands for.

    Attributes:
        label: the label as read.
        code: its CBS code, or ``None`` where the code is not known (a former municipality
            dissolved before 2020, a combination of municipalities, a 2012 GGD region).
        level: ``land``, ``landsdeel``, ``provincie``, ``ggd``, ``gemeente``, ``corop``,
            ``arbeidsmarktregio``, ``voormalige gemeente``, ``combinatie`` or ``ggd-2012``.
        successors: current municipality codes this region's area now belongs to (for a
            former municipality: one code after a merger, several after a split).
        kind: ``current``, ``merger``, ``split`` or ``not_reported``.
    """

    label: str
    code: str | None
    level: str
    successors: tuple[str, ...]
    kind: str


def read_boundary_changes(path: Path = BOUNDARY_CHANGES_FILE) -> pd.DataFrame:
    """Read the project's table of municipal boundary changes (``;``-separated CSV).

    ``new_code`` is ``yes`` when the successor got a new code at the change (all merging
    municipalities end, e.g. Vijfheerenlanden) and ``no`` when it continues the code of an existing
    municipality that absorbs the others (Amsterdam absorbing Weesp).
    """
    frame = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False)
    expected = ["former_name", "former_code", "successor_name", "successor_code", "effective_date", "kind", "new_code",
                "note"]
    missing = [column for column in expected if column not in frame.columns]
    if missing:
        raise RegionError(f"{path.name}: missing column(s) {', '.join(missing)}")
    bad = ~frame["new_code"].isin(["yes", "no"])
    if bad.any():
        line = int(bad.to_numpy().argmax()) + 2
        raise RegionError(f"{path.name}: line {line}: new_code must be yes or no, not {frame['new_code'][bad].iloc[0]!r}")
    return frame


def read_aliases(path: Path = ALIASES_FILE) -> dict[str, tuple[str, str]]:
    """Read older region labels: label -> (code or '', level)."""
    with path.open(encoding="utf-8") as handle:
        return {row["label"]: (row["code"], row["level"]) for row in csv.DictReader(handle, delimiter=";")}


def _row_words(where: str, position: int) -> str:
    """Where a data row is: ``line n`` of a file (header on line 1), else ``row n`` of the table."""
    return f"{where}: line {position + 2}" if where.endswith((".csv", ".tsv")) else f"{where}: row {position + 1}"


def municipalities_from_gebieden(gebieden: pd.DataFrame, where: str = "Gebieden in Nederland") -> pd.DataFrame:
    """Turn a raw "Gebieden in Nederland" frame into one row per current municipality.

    Args:
        gebieden: raw table as stored (``RegioS_label`` plus ``Code_n``/``Naam_n`` columns).
        where: the table id or file, named in errors.

    Returns:
        Frame with ``code``, ``name``, ``label`` (StatLine title, e.g. ``Utrecht (gemeente)``),
        the codes and names of the regions each municipality belongs to, and ``population``
        (inhabitants on 1 January, from ``Inwonertal_56``).

    Raises:
        RegionError: one line naming ``where`` and the row: a missing column, an empty or
            malformed municipality code or name, a municipality listed twice, an empty or
            non-numeric population.
    """
    missing = [column for column in GEBIEDEN_COLUMNS.values() if column not in gebieden.columns]
    if missing:
        raise RegionError(f"{where}: missing column(s) {', '.join(missing)}")
    frame = pd.DataFrame({key: gebieden[column] for key, column in GEBIEDEN_COLUMNS.items()}).reset_index(drop=True)
    for key in frame.columns:
        if key != "population":
            frame[key] = frame[key].astype("string").str.strip().replace({".": pd.NA, "": pd.NA})
    frame["label"] = gebieden["RegioS_label"].astype("string").str.strip().to_numpy()
    codes = frame["code"]
    bad_code = ~codes.str.fullmatch(GM_CODE.pattern).fillna(False).to_numpy(dtype=bool)
    if bad_code.any():
        position = int(bad_code.argmax())
        code = codes.iloc[position]
        raise RegionError(f"{_row_words(where, position)}: municipality code {code if isinstance(code, str) else ''!r} "
                          "is empty or not GM + 4 digits")
    no_name = frame["name"].isna().to_numpy()
    if no_name.any():
        position = int(no_name.argmax())
        raise RegionError(f"{_row_words(where, position)}: municipality {codes.iloc[position]} has no name (Naam_2)")
    repeated = codes.duplicated()
    if repeated.any():
        position = int(repeated.to_numpy().argmax())
        first = int((codes == codes.iloc[position]).to_numpy().argmax())
        also = _row_words(where, first).split(": ", 1)[1]
        raise RegionError(f"{_row_words(where, position)}: municipality {codes.iloc[position]} ({frame['name'].iloc[position]}) "
                          f"is listed twice (also {also}); every weight would count it twice")
    text = gebieden[GEBIEDEN_COLUMNS["population"]].astype("string").str.strip().reset_index(drop=True)
    population = pd.to_numeric(text.mask(text.isin(["", ".", "x", "-"])), errors="coerce")
    bad = population.isna() | (population < 0)
    if bad.any():
        position = int(bad.to_numpy().argmax())
        shown = text.iloc[position]
        what = "empty" if pd.isna(shown) or shown in ("", ".", "x", "-") else f"not a number of inhabitants ({shown!r})"
        raise RegionError(f"{_row_words(where, position)}: {GEBIEDEN_COLUMNS['population']} of {codes.iloc[position]} "
                          f"({frame['name'].iloc[position]}) is {what}")
    frame["population"] = population.round().astype("Int64")
    return frame.sort_values("code").reset_index(drop=True)


class RegionModel:
    """Current municipalities, the regions above them, the project's groups and boundary changes."""

    def __init__(
        self,
        municipalities: pd.DataFrame,
        boundary_changes: pd.DataFrame,
        aliases: dict[str, tuple[str, str]],
        groups: tuple[RegionGroup, ...] = GROUPS,
        source_table: str = "",
    ) -> None:
        """Build the model; checks every group member and every boundary-change successor."""
        self.municipalities = municipalities
        self.boundary_changes = boundary_changes
        self.aliases = aliases
        self.groups = groups
        self.source_table = source_table
        self._check()

    # ----- construction checks -------------------------------------------------------------
    def _check(self) -> None:
        names = set(self.municipalities["name"])
        source = f"Gebieden in Nederland ({self.source_table})" if self.source_table else "Gebieden in Nederland"
        for group in self.groups:
            unknown = [member for member in group.members if member not in names]
            if unknown:
                raise RegionError(f"group {group.code} (indicators/groups.py): municipality name(s) {', '.join(unknown)} "
                                  f"not in {source}: a missing row?")
        current = set(self.municipalities["code"])
        for position, (code, name) in enumerate(zip(self.boundary_changes["successor_code"],
                                                    self.boundary_changes["successor_name"], strict=True)):
            if code not in current:
                raise RegionError(f"{BOUNDARY_CHANGES_FILE.name}: line {position + 2}: successor {code} ({name}) "
                                  f"not in {source}: a missing row, or not a current municipality")

    def check_group_against_data(self, group: RegionGroup, members_by_code: pd.DataFrame) -> None:
        """Raise when a group's declared members differ from the CBS region it should equal."""
        column = next(key for key in ("res_code", "ggd_code", "province_code") if key in members_by_code.columns)
        in_data = set(members_by_code.loc[members_by_code[column] == group.check_against, "name"])
        if in_data != set(group.members):
            raise RegionError(
                f"group {group.code}: members differ from {group.check_against}: "
                f"only declared {sorted(set(group.members) - in_data)}, only in data {sorted(in_data - set(group.members))}"
            )

    # ----- regions ------------------------------------------------------------------------
    @cached_property
    def regions(self) -> pd.DataFrame:
        """Every region the project reports on: ``region_code``, ``name``, ``level``, ``population``.

        Population of a region is the sum over its current municipalities (CBS, 1 January of the
        Gebieden year).
        """
        gm = self.municipalities
        rows = [
            {"region_code": NETHERLANDS, "name": "Nederland", "name_en": "the Netherlands", "level": "land",
             "population": int(gm["population"].sum())}
        ]
        for level, code_col, name_col in (
            ("landsdeel", "landsdeel_code", "landsdeel_name"),
            ("provincie", "province_code", "province_name"),
            ("ggd", "ggd_code", "ggd_name"),
        ):
            grouped = gm.groupby([code_col, name_col], observed=True)["population"].sum()
            for (code, name), population in grouped.items():
                rows.append({"region_code": code, "name": name, "name_en": name, "level": level,
                             "population": int(population)})
        for group in self.groups:
            rows.append({"region_code": group.code, "name": group.name_nl, "name_en": group.name_en,
                         "level": "groep", "population": int(gm.loc[gm["name"].isin(group.members), "population"].sum())})
        for row in gm.itertuples():
            rows.append({"region_code": row.code, "name": row.name, "name_en": row.name, "level": "gemeente",
                         "population": int(row.population)})
        frame = pd.DataFrame(rows)
        frame["population"] = frame["population"].astype("Int64")
        return frame

    @cached_property
    def _names(self) -> dict[str, dict[str, str]]:
        regions = self.regions
        return {
            "nl": dict(zip(regions["region_code"], regions["name"], strict=True)),
            "en": dict(zip(regions["region_code"], regions["name_en"], strict=True)),
        }

    @cached_property
    def levels(self) -> dict[str, str]:
        """Region code -> level, for every reported region."""
        return dict(zip(self.regions["region_code"], self.regions["level"], strict=True))

    @cached_property
    def _members(self) -> dict[str, tuple[str, ...]]:
        gm = self.municipalities
        members: dict[str, tuple[str, ...]] = {NETHERLANDS: tuple(gm["code"])}
        for code in gm["code"]:
            members[code] = (code,)
        for group in self.groups:
            members[group.code] = tuple(gm.loc[gm["name"].isin(group.members), "code"])
        for column in ("landsdeel_code", "province_code", "ggd_code"):
            for code, codes in gm.groupby(column, observed=True)["code"]:
                members[code] = tuple(codes)
        return members

    def name(self, code: str, lang: str = "nl") -> str:
        """Return the display name of a region code (the code itself when unknown)."""
        return self._names["en" if lang == "en" else "nl"].get(code, code)

    def level(self, code: str) -> str:
        """Return the level of a region code (``gemeente``, ``ggd``, ...)."""
        try:
            return self.levels[code]
        except KeyError:
            raise RegionError(f"unknown region code {code!r}") from None

    def members(self, code: str) -> list[str]:
        """Return the current municipality codes that make up a region (itself for a municipality)."""
        self.level(code)
        return list(self._members[code])

    def ggd_of(self, municipality_code: str) -> str | None:
        """Return the GGD region code of a current municipality."""
        match = self.municipalities.loc[self.municipalities["code"] == municipality_code, "ggd_code"]
        return None if match.empty else str(match.iloc[0])

    @cached_property
    def _changes(self) -> dict[str, dict[str, object]]:
        """Former municipality name -> code, kind (``split`` if any row says so) and successor codes."""
        found: dict[str, dict[str, object]] = {}
        changes = self.boundary_changes
        for name, code, successor, kind in zip(changes["former_name"].tolist(), changes["former_code"].tolist(),
                                               changes["successor_code"].tolist(), changes["kind"].tolist(), strict=True):
            entry = found.setdefault(str(name), {"code": str(code) or None, "kind": "merger", "successors": []})
            entry["successors"].append(str(successor))
            if kind == "split":
                entry["kind"] = "split"
        return found

    @cached_property
    def former_by_code(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        """Former municipality code -> (``merger`` or ``split``, current successor codes)."""
        return {entry["code"]: (entry["kind"], tuple(entry["successors"])) for entry in self._changes.values() if entry["code"]}

    @cached_property
    def new_code_successors(self) -> frozenset[str]:
        """Codes of municipalities that got a new code when they were formed (``new_code == yes``)."""
        changes = self.boundary_changes
        if "new_code" not in changes.columns:
            return frozenset()
        return frozenset(changes.loc[(changes["new_code"] == "yes") & (changes["kind"] == "merger"), "successor_code"])

    @cached_property
    def effective_dates(self) -> dict[str, str]:
        """Former municipality code or name -> ISO date it ceased to exist."""
        changes = self.boundary_changes
        dates = dict(zip(changes["former_name"], changes["effective_date"], strict=True))
        dates.update({code: date for code, date in zip(changes["former_code"], changes["effective_date"], strict=True) if code})
        return dates

    @cached_property
    def membership(self) -> pd.DataFrame:
        """Every reported region above the municipality with its member municipalities (long frame).

        Columns ``region_code``, ``level``, ``name``, ``member`` (a current municipality code).
        """
        regions = self.regions
        rows = regions.loc[regions["level"] != "gemeente", ["region_code", "level", "name"]]
        members = rows["region_code"].map(self._members)
        frame = rows.assign(member=members).explode("member", ignore_index=True)
        return frame.dropna(subset=["member"]).reset_index(drop=True)

    def groups_of(self, municipality_code: str) -> list[str]:
        """Return the codes of the project's groups a municipality belongs to."""
        return [group.code for group in self.groups if municipality_code in self._members[group.code]]

    def find(self, query: str) -> str:
        """Return the region code for a code, name or group code (case-insensitive).

        Raises:
            RegionError: one line naming the query and the closest matches.
        """
        text = query.strip()
        regions = self.regions
        by_code = regions.loc[regions["region_code"].str.upper() == text.upper(), "region_code"]
        if not by_code.empty:
            return str(by_code.iloc[0])
        for column in ("name", "name_en"):
            by_name = regions.loc[regions[column].str.casefold() == text.casefold()]
            if len(by_name) >= 1:
                # "Utrecht" is a municipality, a province and part of a GGD name: prefer the municipality.
                order = by_name["level"].map({level: rank for rank, level in enumerate(reversed(LEVELS))})
                return str(by_name.assign(order=order).sort_values("order").iloc[0]["region_code"])
        candidates = list(regions["name"]) + list(regions["region_code"])
        close = difflib.get_close_matches(text, candidates, n=5, cutoff=0.6)
        hint = f"; closest: {', '.join(close)}" if close else ""
        raise RegionError(f"--region: unknown region {query!r}{hint}")

    # ----- StatLine labels ----------------------------------------------------------------
    @cached_property
    def _label_index(self) -> dict[str, Resolution]:
        records = self.municipalities.to_dict("records")
        codes = tuple(str(record["code"]) for record in records)
        index: dict[str, Resolution] = {"Nederland": Resolution("Nederland", NETHERLANDS, "land", codes, "current")}
        for record in records:
            code, name, label = str(record["code"]), str(record["name"]), str(record["label"])
            index[label] = Resolution(label, code, "gemeente", (code,), "current")
            index.setdefault(name, Resolution(name, code, "gemeente", (code,), "current"))
        for suffix, (level, code_col, name_col) in _SUFFIX_LEVELS.items():
            members: dict[tuple[str, str], list[str]] = {}
            for record in records:
                if isinstance(record[code_col], str) and isinstance(record[name_col], str):
                    members.setdefault((record[code_col], record[name_col]), []).append(str(record["code"]))
            for (code, name), member_codes in members.items():
                label = f"{name} {suffix}"
                index[label] = Resolution(label, code, level, tuple(member_codes), "current")
                if level == "ggd":  # 83674NED writes three GGD regions without suffix
                    index.setdefault(name, Resolution(name, code, level, tuple(member_codes), "current"))
        for label, (code, level) in self.aliases.items():
            in_ggd = level == "ggd" and code
            members_of = tuple(str(record["code"]) for record in records if in_ggd and record["ggd_code"] == code)
            kind = "current" if code else "not_reported"
            index[label] = Resolution(label, code or None, level, members_of, kind)
        for former, entry in self._changes.items():
            index[former] = Resolution(former, entry["code"], "voormalige gemeente", tuple(entry["successors"]), entry["kind"])
        return index

    def resolve_label(self, label: str) -> Resolution:
        """Resolve one StatLine region label; raise :class:`RegionError` when unknown."""
        resolution = self._label_index.get(label.strip())
        if resolution is None:
            raise RegionError(say(f"onbekende regionaam {label.strip()!r}", f"unknown region label {label.strip()!r}"))
        return resolution

    def resolve_labels(self, labels: pd.Series, where: str) -> pd.DataFrame:
        """Resolve many labels at once; unknown labels stop with one line listing all of them.

        Args:
            labels: StatLine region titles.
            where: the table or file they come from, named in the error.

        Returns:
            Frame indexed like ``labels`` with ``code``, ``level``, ``kind``.
        """
        unique = pd.Series(labels.astype("string").str.strip().unique())
        unknown = [label for label in unique if label not in self._label_index]
        if unknown:
            shown = ", ".join(repr(label) for label in sorted(unknown)[:10])
            more = say(f" (+{len(unknown) - 10} meer)", f" (+{len(unknown) - 10} more)") if len(unknown) > 10 else ""
            raise RegionError(say(f"{where}: {len(unknown)} onbekende regionaam/-namen: {shown}{more}",
                                  f"{where}: {len(unknown)} region label(s) not resolvable: {shown}{more}"))
        lookup = {label: self._label_index[label] for label in unique}
        stripped = labels.astype("string").str.strip()
        return pd.DataFrame(
            {
                "code": stripped.map(lambda label: lookup[label].code).astype("string"),
                "level": stripped.map(lambda label: lookup[label].level).astype("string"),
                "kind": stripped.map(lambda label: lookup[label].kind).astype("string"),
            },
            index=labels.index,
        )

    @cached_property
    def _successor_index(self) -> dict[str, tuple[str, ...]]:
        index: dict[str, tuple[str, ...]] = {str(code): (str(code),) for code in self.municipalities["code"]}
        for name, entry in self._changes.items():
            for key in (name, entry["code"]):
                if key and key not in index:
                    index[key] = tuple(entry["successors"])
        return index

    def successors(self, label_or_code: str) -> tuple[str, ...]:
        """Return the current municipality codes a municipality label or code maps onto."""
        key = label_or_code.strip()
        found = self._successor_index.get(key)
        return found if found is not None else self.resolve_label(key).successors
