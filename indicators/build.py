"""``hhu build``: from the raw store to ``indicators.parquet`` and ``progress.parquet``.

The steps, each a function with a frame in and a frame out:

1. :func:`extract_slice` picks one measure out of a raw table (filters, margins, periods).
2. The indicator's ``formula`` (:mod:`indicators.catalog.formulas`) combines its slices.
3. :func:`to_current_municipalities` maps former municipalities onto today's, population-
   weighted where inhabitants are known (:func:`population_weights`), or leaves them missing.
4. :func:`add_region_aggregates` computes groups (U10, Health Hub) and, where the source has
   none, GGD regions, provinces and the Netherlands from their municipalities.
5. :func:`check_indicators` checks the schema: units, ranges, duplicates, every municipality.

Only :func:`load_tables` reads files; :mod:`indicators.pipeline` writes the results.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from indicators import store
from indicators.catalog import all_indicators
from indicators.catalog.formulas import MIN_WIJKEN_FOR_GAP, Z95
from indicators.catalog.model import UNITS, Indicator, Slice
from indicators.periods import parse_period
from indicators.regions import NETHERLANDS, RegionModel

INDICATORS_FILE = "indicators.parquet"
PROGRESS_FILE = "progress.parquet"
PREVIOUS_SUFFIX = ".previous.parquet"
WEIGHTS_TABLE = "86050NED"

MARGIN_ROLES = {
    "Waarde": "value",
    "MW00000": "value",
    "Ondergrens 95%-interval": "lower",
    "Bovengrens 95%-interval": "upper",
    "Standaardfout": "se",
}
REPORTED_LEVELS = ("land", "landsdeel", "provincie", "ggd", "groep", "gemeente")
# CBS region codes of kinds the project does not report: combinations of municipalities, COROP
# regions, labour market regions. Rows with these codes are left out on purpose.
UNREPORTED_CODE_PREFIXES = {"CG": "combinatie", "CR": "corop", "AM": "arbeidsmarktregio"}

INDICATOR_COLUMNS = {
    "indicator_id": "string",
    "region_code": "string",
    "region_name": "string",
    "region_level": "string",
    "period": "string",
    "period_start": "datetime64[ns]",
    "period_end": "datetime64[ns]",
    "period_year": "float64",
    "value": "float64",
    "lower": "float64",
    "upper": "float64",
    "unit": "string",
    "source_table": "string",
    "proxy": "bool",
    "computed": "bool",
    "note": "string",
}


class BuildError(ValueError):
    """The catalogue does not fit the stored tables, or a built table breaks the schema."""


# ----- 1. slices ---------------------------------------------------------------------------------
def _match(raw: pd.DataFrame, dimension: str, value: str) -> pd.Series:
    code, label = raw.get(f"{dimension}_code"), raw.get(f"{dimension}_label")
    if code is None and label is None:
        raise KeyError(dimension)
    mask = pd.Series(False, index=raw.index)
    for column in (code, label):
        if column is not None:
            mask |= column.eq(value).fillna(False).astype(bool)
    return mask


def extract_slice(raw: pd.DataFrame, piece: Slice) -> pd.DataFrame:
    """Pick one measure from a raw table as a *slice frame* (see :mod:`indicators.catalog.formulas`).

    Raises:
        BuildError: naming the table and the column, dimension or value that is not there.
    """
    where = f"table {piece.table}"
    if piece.column not in raw.columns:
        raise BuildError(f"{where}: column {piece.column!r} not found")
    mask = pd.Series(True, index=raw.index)
    for dimension, value in piece.filters.items():
        try:
            matched = _match(raw, dimension, value)
        except KeyError:
            raise BuildError(f"{where}: dimension {dimension!r} not found") from None
        if not matched.any():
            raise BuildError(f"{where}: no rows with {dimension} = {value!r}")
        mask &= matched
    if piece.region_kinds:
        mask &= raw["SoortRegio_2"].isin(piece.region_kinds).fillna(False).astype(bool)
    rows = raw.loc[mask]
    if piece.period_kind:
        is_half = rows["Perioden_label"].str.contains("halfjaar", regex=False).fillna(False).astype(bool)
        rows = rows.loc[is_half] if piece.period_kind == "half_year" else rows.loc[~is_half]

    frame = pd.DataFrame(index=rows.index)
    if piece.region_dimension:
        frame["region_code"] = rows[f"{piece.region_dimension}_code"].astype("string")
        label = rows[f"{piece.region_dimension}_label"].astype("string")
        if "Gemeentenaam_1" in rows.columns:  # 50090NED names the municipality of every row
            label = label.fillna(rows["Gemeentenaam_1"].astype("string"))
        frame["region_label"] = label
    else:
        frame["region_code"] = NETHERLANDS
        frame["region_label"] = "Nederland"
    if piece.period:
        frame["period"] = piece.period
    else:
        periods = {text: parse_period(text).key for text in rows["Perioden_label"].dropna().unique()}
        frame["period"] = rows["Perioden_label"].map(periods)
    if piece.region_kinds == ("Wijk",):
        frame["municipality_code"] = "GM" + frame["region_code"].str.slice(2, 6)
        frame["municipality_label"] = rows["Gemeentenaam_1"].astype("string")
    frame["measure"] = rows[piece.column].astype("float64")
    if not piece.margins:
        frame["margin"] = "value"
    else:
        if f"{piece.margins}_label" not in rows.columns and f"{piece.margins}_code" not in rows.columns:
            raise BuildError(f"{where}: margins dimension {piece.margins!r} not found")
        margin_text = rows.get(f"{piece.margins}_label", rows.get(f"{piece.margins}_code"))
        frame["margin"] = margin_text.map(MARGIN_ROLES)
        frame = frame.loc[frame["margin"].notna()]
    keys = [column for column in frame.columns if column not in ("measure", "margin")]
    try:
        wide = _spread_margins(frame, keys)
    except BuildError as error:
        raise BuildError(f"{where}: {piece.column}: {error}") from None
    if wide.duplicated(["region_code", "region_label", "period"]).any():
        raise BuildError(f"{where}: several rows per region and period for {piece.column} (add a filter)")
    for role in ("value", "lower", "upper"):
        if role not in wide.columns:
            wide[role] = np.nan
    if "se" in wide.columns:
        wide["lower"] = wide["value"] - Z95 * wide["se"]
        wide["upper"] = wide["value"] + Z95 * wide["se"]
        wide = wide.drop(columns="se")
    return wide


def _spread_margins(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One row per key with ``value`` and, where present, ``lower``/``upper``/``se`` columns."""
    joined = frame[keys[0]].astype("string").fillna("\x00")
    for key in keys[1:]:
        joined = joined + "\x1f" + frame[key].astype("string").fillna("\x00")
    codes, uniques = pd.factorize(joined)
    _, first = np.unique(codes, return_index=True)
    wide = frame.iloc[first][keys].reset_index(drop=True)
    measure = frame["measure"].to_numpy(dtype=float)
    margins = frame["margin"].to_numpy(dtype=object)
    for role in ("value", "lower", "upper", "se"):
        mask = margins == role
        if not mask.any() and role != "value":
            continue
        if np.bincount(codes[mask]).max(initial=0) > 1:
            raise BuildError(f"several {role} rows for one region and period (add a filter)")
        column = np.full(len(uniques), np.nan)
        column[codes[mask]] = measure[mask]
        wide[role] = column
    return wide


def wijken_to_current_municipalities(frame: pd.DataFrame, model: RegionModel) -> pd.DataFrame:
    """Give every district (wijk) the current municipality it lies in.

    A district keeps its code and boundaries; only its municipality changes when that merged
    (e.g. the districts of Appingedam now belong to Eemsdelta). Districts of a municipality that
    was split (Haaren) cannot be placed without their own boundary data and are left out.
    """
    current = set(model.municipalities["code"])
    successor: dict[str, object] = {}
    for code in frame["municipality_code"].dropna().unique():
        codes = (code,) if code in current else model.successors(code)
        successor[code] = codes[0] if len(codes) == 1 else pd.NA
    out = frame.copy()
    out["municipality_code"] = out["municipality_code"].map(successor).astype("string")
    out["municipality_label"] = out["municipality_code"].map(lambda code: model.name(code) if isinstance(code, str) else pd.NA)
    return out.dropna(subset=["municipality_code"]).reset_index(drop=True)


def slice_inputs(
    indicator: Indicator, tables: dict[str, pd.DataFrame], model: RegionModel | None = None
) -> dict[str, pd.DataFrame]:
    """Return ``{role: frame}`` for an indicator: slices with the same role are stacked.

    District slices are put in today's municipalities first when ``model`` is given.
    """
    by_role: dict[str, list[pd.DataFrame]] = {}
    for piece in indicator.slices:
        frame = extract_slice(tables[piece.table], piece)
        if piece.region_kinds == ("Wijk",) and model is not None:
            frame = wijken_to_current_municipalities(frame, model)
        frame["source_table"] = piece.table
        frame["skip_levels"] = ",".join(piece.skip_levels)
        by_role.setdefault(piece.role, []).append(frame)
    return {role: pd.concat(frames, ignore_index=True) for role, frames in by_role.items()}


# ----- 3. boundaries -------------------------------------------------------------------------------
def population_weights(wmo: pd.DataFrame) -> pd.DataFrame:
    """Inhabitants per municipality and year, derived from table 86050NED.

    ``inhabitants = WmoClienten_1 / WmoClientenPer1000Inwoners_2 * 1000``. CBS rounds the rate
    to whole numbers per 1,000, so this is accurate to about 1-2%: good enough to weight a
    merger, and the only source of inhabitants of former municipalities in the store.

    Returns:
        Frame with ``region_code`` (``<NA>`` where the former code is unknown), ``region_label``,
        ``year`` (int) and ``inhabitants`` (float).
    """
    years = wmo.loc[wmo["Perioden_label"].str.fullmatch(r"\d{4}").fillna(False).astype(bool)]
    years = years.loc[years["TypeMaatwerkvoorziening_label"].eq("Totaal").fillna(False).astype(bool)]
    rate = years["WmoClientenPer1000Inwoners_2"].where(years["WmoClientenPer1000Inwoners_2"] > 0)
    return pd.DataFrame({
        "region_code": years["RegioS_code"].astype("string"),
        "region_label": years["RegioS_label"].astype("string"),
        "year": years["Perioden_label"].astype(int),
        "inhabitants": years["WmoClienten_1"] / rate * 1000.0,
    }).dropna(subset=["inhabitants"]).reset_index(drop=True)


class Weights:
    """Inhabitants by municipality code or label and year (from :func:`population_weights`)."""

    def __init__(self, weights: pd.DataFrame) -> None:
        """Index the weights frame for fast lookups."""
        self._by_code: dict[str, dict[int, float]] = {}
        self._by_label: dict[str, dict[int, float]] = {}
        for code, label, year, inhabitants in weights[["region_code", "region_label", "year", "inhabitants"]].itertuples(
            index=False
        ):
            if isinstance(code, str):
                self._by_code.setdefault(code, {})[int(year)] = float(inhabitants)
            if isinstance(label, str):
                self._by_label.setdefault(label, {})[int(year)] = float(inhabitants)

    def get(self, code: object, label: object, year: int) -> float:
        """Inhabitants in the year nearest to ``year``; NaN when the municipality is unknown."""
        years = self._by_code.get(code) if isinstance(code, str) else None
        if years is None and isinstance(label, str):
            years = self._by_label.get(label)
        if not years:
            return np.nan
        return years[min(years, key=lambda available: abs(available - year))]


def classify_regions(frame: pd.DataFrame, model: RegionModel) -> pd.DataFrame:
    """Add ``level``, ``kind`` and ``successors`` (tuple of current municipality codes) per row."""
    known = model.levels
    former_by_code = model.former_by_code
    levels, kinds, successors = [], [], []
    for code, label in zip(frame["region_code"].tolist(), frame["region_label"].tolist(), strict=True):
        if isinstance(code, str) and code in known:
            level = known[code]
            levels.append(level)
            kinds.append("current")
            successors.append((code,) if level == "gemeente" else ())
        elif isinstance(code, str) and code in former_by_code:
            kind, codes = former_by_code[code]
            levels.append("voormalige gemeente")
            kinds.append(kind)
            successors.append(codes)
        elif isinstance(code, str) and code[:2] in UNREPORTED_CODE_PREFIXES:
            levels.append(UNREPORTED_CODE_PREFIXES[code[:2]])
            kinds.append("not_reported")
            successors.append(())
        else:
            if not isinstance(label, str):
                raise BuildError(f"region code {code!r} has no label and is not a current or former municipality")
            resolution = model.resolve_label(label)
            levels.append(resolution.level)
            kinds.append(resolution.kind)
            successors.append(resolution.successors)
    out = frame.copy()
    out["level"] = levels
    out["kind"] = kinds
    out["successors"] = successors
    return out


def to_current_municipalities(
    frame: pd.DataFrame, model: RegionModel, weights: Weights, aggregation: str
) -> pd.DataFrame:
    """Map rows of former municipalities onto today's municipalities.

    Rules (per period):

    * a current municipality whose area did not change keeps its own value and interval;
    * a municipality formed by merging (whole) former municipalities gets the population-
      weighted mean of their values (``aggregation="weighted_mean"``) or their sum (``"sum"``),
      without an interval, marked computed; if any part has no value or no inhabitants, the
      value stays missing with a note;
    * parts of a municipality that was split (e.g. Haaren, 2021) are left out: the receiving
      municipalities keep their own value, with a note;
    * rows of levels the project does not report (COROP, 2012 GGD regions ...) are dropped.
    """
    classified = classify_regions(frame, model)
    kept = classified.loc[classified["level"].isin(REPORTED_LEVELS)].copy()
    kept["computed"] = False
    kept["note"] = kept["note"].astype("string") if "note" in kept else pd.Series(pd.NA, index=kept.index, dtype="string")
    former = classified.loc[classified["level"] == "voormalige gemeente"]
    if former.empty:
        return kept
    current = set(model.municipalities["code"])
    own_rows = {(code, period): index for index, code, period in
                zip(kept.index, kept["region_code"].tolist(), kept["period"].tolist(), strict=True) if code in current}
    replaced, notes, new_rows = [], {}, []
    for period, period_rows in former.groupby("period"):
        year = int(parse_period(str(period)).start.year)
        parts_by_target: dict[str, list[dict]] = {}
        split_parts: dict[str, list[str]] = {}
        for row in period_rows.to_dict("records"):
            if row["kind"] == "split":
                for code in row["successors"]:
                    split_parts.setdefault(code, []).append(str(row["region_label"]))
                continue
            for code in row["successors"]:
                parts_by_target.setdefault(code, []).append(row)
        for target, parts in sorted(parts_by_target.items()):
            own_index = own_rows.get((target, period))
            contributors = parts + ([kept.loc[own_index].to_dict()] if own_index is not None else [])
            if own_index is not None:
                replaced.append(own_index)
            merged = _merged_row(target, period, year, contributors, model, weights, aggregation)
            if target in split_parts:
                merged["note"] += f"; zonder het deel van {', '.join(split_parts[target])} (gesplitst)"
            new_rows.append(merged)
        for target, names in split_parts.items():
            if target not in parts_by_target and (target, period) in own_rows:
                notes[own_rows[(target, period)]] = f"zonder het deel van {', '.join(names)} (gesplitst)"
    for index, note in notes.items():
        kept.loc[index, "note"] = note
    kept = kept.drop(index=replaced)
    return pd.concat([kept, pd.DataFrame(new_rows)], ignore_index=True) if new_rows else kept


def _merged_row(
    target: str, period: str, year: int, contributors: list[dict], model: RegionModel, weights: Weights, aggregation: str
) -> dict:
    """One current municipality's value from the former municipalities it was formed from."""
    names = ", ".join(sorted(str(row["region_label"]) for row in contributors if isinstance(row["region_label"], str)))
    values = np.array([row["value"] for row in contributors], dtype=float)
    value, note = np.nan, f"heringedeeld ({names}): "
    if aggregation == "none":
        note += "niet om te rekenen naar de huidige gemeente"
    elif np.isnan(values).any():
        note += "niet alle delen hebben een waarde"
    elif aggregation == "sum":
        value, note = float(values.sum()), note + "som van de delen"
    else:
        inhabitants = np.array([weights.get(row["region_code"], row["region_label"], year) for row in contributors])
        if np.isnan(inhabitants).any():
            note += "geen inwonertal voor de weging"
        else:
            value, note = float(np.average(values, weights=inhabitants)), note + "bevolkingsgewogen gemiddelde van de delen"
    return {
        "region_code": target, "region_label": model.name(target), "period": period, "value": value,
        "lower": np.nan, "upper": np.nan, "level": "gemeente", "kind": "current", "successors": (target,),
        "computed": True, "note": note, "source_table": contributors[0].get("source_table", pd.NA),
    }


# ----- 4. aggregates -------------------------------------------------------------------------------
def add_region_aggregates(frame: pd.DataFrame, model: RegionModel, indicator: Indicator) -> pd.DataFrame:
    """Add values for groups, and for GGD regions, provinces and NL where the source has none.

    Population-weighted mean (weights: inhabitants of the current Gebieden table) for rates, a
    sum for counts; only when every member municipality has a value, otherwise missing with a
    note. Computed rows are marked ``computed``.
    """
    if indicator.aggregation == "none" or "gemeente" not in set(frame["level"]):
        return frame
    municipal = frame.loc[frame["level"] == "gemeente"]
    population = dict(zip(model.municipalities["code"], model.municipalities["population"].astype(float), strict=True))
    regions = model.regions
    wanted = regions.loc[regions["level"].isin(set(indicator.levels) - {"gemeente"})]
    existing = set(zip(frame["region_code"].tolist(), frame["period"].tolist(), strict=True))
    rows = []
    for period, group in municipal.groupby("period"):
        values = dict(zip(group["region_code"].tolist(), group["value"].astype(float).tolist(), strict=True))
        for region in wanted.itertuples():
            if (region.region_code, period) in existing:
                continue
            members = model.members(region.region_code)
            member_values = np.array([values.get(code, np.nan) for code in members])
            if np.isnan(member_values).any():
                value, note = np.nan, f"niet alle {len(members)} gemeenten hebben een waarde"
            elif indicator.aggregation == "sum":
                value, note = float(member_values.sum()), "som van de gemeenten"
            else:
                value = float(np.average(member_values, weights=[population[code] for code in members]))
                note = f"bevolkingsgewogen gemiddelde van {len(members)} gemeenten"
            rows.append({
                "region_code": region.region_code, "region_label": region.name, "period": period, "value": value,
                "lower": np.nan, "upper": np.nan, "level": region.level, "computed": True, "note": note,
            })
    if not rows:
        return frame
    return pd.concat([frame, pd.DataFrame(rows)], ignore_index=True)


def _complete_municipalities(frame: pd.DataFrame, model: RegionModel) -> pd.DataFrame:
    """Give every current municipality a row (value missing) in each period with municipal data."""
    municipal = frame.loc[frame["level"] == "gemeente"]
    rows = []
    codes = set(model.municipalities["code"])
    for period, group in municipal.groupby("period"):
        for code in sorted(codes - set(group["region_code"])):
            rows.append({"region_code": code, "region_label": model.name(code), "period": period, "value": np.nan,
                         "lower": np.nan, "upper": np.nan, "level": "gemeente", "computed": False,
                         "note": "gemeente niet in de bron"})
    return pd.concat([frame, pd.DataFrame(rows)], ignore_index=True) if rows else frame


# ----- one indicator -------------------------------------------------------------------------------
def build_indicator(
    indicator: Indicator, tables: dict[str, pd.DataFrame], model: RegionModel, weights: Weights | pd.DataFrame
) -> pd.DataFrame:
    """Build the tidy rows of one indicator (pure: tables in, frame out).

    Args:
        indicator: the declaration.
        tables: raw tables by id (at least the indicator's source tables).
        model: the region model.
        weights: inhabitants for boundary changes (:func:`population_weights`, as frame or
            :class:`Weights`).
    """
    if isinstance(weights, pd.DataFrame):
        weights = Weights(weights)
    try:
        inputs = slice_inputs(indicator, tables, model)
        for frame in inputs.values():
            frame.attrs["direction"] = indicator.direction
        result = indicator.formula(inputs)
        if "wijken" in result.columns:  # a district gap needs enough districts with a value
            too_few = result["value"].isna() & (result["wijken"] < MIN_WIJKEN_FOR_GAP)
            words = result["wijken"].map(lambda count: f"{count} wijk(en) met een waarde; minstens {MIN_WIJKEN_FOR_GAP} nodig")
            result["note"] = pd.Series(pd.NA, index=result.index, dtype="string").mask(too_few, words)
    except BuildError as error:
        raise BuildError(f"indicator {indicator.id}: {error}") from None
    first = next(iter(inputs.values()))
    source_by_period = dict(zip(first["period"], first["source_table"], strict=False))
    result["source_table"] = result["period"].map(source_by_period).fillna(indicator.source_tables[0])
    frame = to_current_municipalities(result, model, weights, indicator.aggregation)
    skipped = {piece.table: set(piece.skip_levels) for piece in indicator.slices}
    keep = [level not in skipped.get(table, set())
            for level, table in zip(frame["level"].tolist(), frame["source_table"].tolist(), strict=True)]
    frame = frame.loc[keep]
    frame = frame.loc[frame["level"].isin(indicator.levels)]
    if "gemeente" in indicator.levels:
        frame = _complete_municipalities(frame, model)
    frame = add_region_aggregates(frame, model, indicator)
    frame["source_table"] = frame["source_table"].fillna(frame["period"].map(source_by_period))
    return _finish(frame, indicator, model)


def _finish(frame: pd.DataFrame, indicator: Indicator, model: RegionModel) -> pd.DataFrame:
    periods = {key: parse_period(key) for key in frame["period"].unique()}
    out = pd.DataFrame({
        "indicator_id": indicator.id,
        "region_code": frame["region_code"].astype("string"),
        "region_name": frame["region_code"].map(model.name).astype("string"),
        "region_level": frame["level"].astype("string"),
        "period": frame["period"].astype("string"),
        "period_start": pd.to_datetime(frame["period"].map(lambda key: periods[key].start)),
        "period_end": pd.to_datetime(frame["period"].map(lambda key: periods[key].end)),
        "period_year": frame["period"].map(lambda key: periods[key].year).astype("float64"),
        "value": frame["value"].astype("float64"),
        "lower": frame["lower"].astype("float64"),
        "upper": frame["upper"].astype("float64"),
        "unit": indicator.unit,
        "source_table": frame["source_table"].astype("string"),
        "proxy": indicator.proxy,
        "computed": frame["computed"].fillna(False).astype(bool),
        "note": frame["note"].astype("string"),
    })
    return out.sort_values(["region_level", "region_code", "period_year"]).reset_index(drop=True)


# ----- 5. checks -----------------------------------------------------------------------------------
def check_indicators(frame: pd.DataFrame, model: RegionModel, indicators: Iterable[Indicator]) -> None:
    """Check the built table; raise :class:`BuildError` naming indicator, column and values."""
    missing = [column for column in INDICATOR_COLUMNS if column not in frame.columns]
    if missing:
        raise BuildError(f"{INDICATORS_FILE}: missing column(s) {', '.join(missing)}")
    duplicated = frame.duplicated(["indicator_id", "region_code", "period"])
    if duplicated.any():
        sample = frame.loc[duplicated, ["indicator_id", "region_code", "period"]].head(3).to_dict("records")
        raise BuildError(f"{INDICATORS_FILE}: duplicate keys, e.g. {sample}")
    known_regions = set(model.regions["region_code"])
    unknown = sorted(set(frame["region_code"]) - known_regions)
    if unknown:
        raise BuildError(f"{INDICATORS_FILE}: column region_code: unknown region(s) {unknown[:5]}")
    municipalities = set(model.municipalities["code"])
    for indicator in indicators:
        rows = frame.loc[frame["indicator_id"] == indicator.id]
        limits = UNITS[indicator.unit]
        for column in ("value", "lower", "upper"):
            values = rows[column].dropna()
            outside = values[(values < limits["min"]) | (values > limits["max"])]
            # interval bounds may cross a hard limit slightly when built from a standard error
            if column != "value":
                outside = outside[(outside < limits["min"] - 5) | (outside > limits["max"] + 5)]
            if not outside.empty:
                raise BuildError(
                    f"indicator {indicator.id}: column {column}: {len(outside)} value(s) outside "
                    f"{limits['min']}-{limits['max']} {indicator.unit}, e.g. {outside.head(3).tolist()}"
                )
        if "gemeente" in indicator.levels:
            for period, group in rows.loc[rows["region_level"] == "gemeente"].groupby("period"):
                absent = municipalities - set(group["region_code"])
                if absent:
                    raise BuildError(f"indicator {indicator.id}, period {period}: municipalities missing: {sorted(absent)[:5]}")


# ----- I/O edge ------------------------------------------------------------------------------------
def load_tables(data: Path, table_ids: Iterable[str]) -> dict[str, pd.DataFrame]:
    """Read the raw tables an indicator set needs from the store (each once)."""
    return {table_id: store.read_raw(data, table_id) for table_id in sorted(set(table_ids))}


def build_all(
    tables: dict[str, pd.DataFrame], model: RegionModel, indicators: Iterable[Indicator] | None = None
) -> pd.DataFrame:
    """Build every indicator (pure) and check the result."""
    chosen = tuple(indicators) if indicators is not None else all_indicators()
    weights = Weights(population_weights(tables[WEIGHTS_TABLE]) if WEIGHTS_TABLE in tables else pd.DataFrame(
        columns=["region_code", "region_label", "year", "inhabitants"]
    ))
    frames = [build_indicator(indicator, tables, model, weights) for indicator in chosen]
    result = pd.concat(frames, ignore_index=True)
    check_indicators(result, model, chosen)
    return result


def needed_tables(indicators: Iterable[Indicator]) -> set[str]:
    """Ids of the raw tables a set of indicators reads, plus the weights table."""
    return {piece.table for indicator in indicators for piece in indicator.slices} | {WEIGHTS_TABLE}
