"""``hhu build``: from the raw store to ``indicators.parquet`` and ``progress.parquet``.

The steps, each a function with a frame in and a frame out:

1. :func:`extract_slice` picks one measure out of a raw table (filters, margins, periods). Each raw
   table is prepared once per build (:class:`PreparedTable`: filter masks, period keys, margins and
   region ids computed once), so a slice costs a few numpy operations.
2. The indicator's ``formula`` (:mod:`indicators.catalog.formulas`) combines its slices; the
   standard error ``se`` comes along (published, from the 95% interval, or propagated), and is 0 for
   registrations.
3. :func:`indicators.mergers.to_current_municipalities` maps former municipalities onto today's
   (a current municipality's own value where it exists, else reconstructed from its former parts).
4. :func:`indicators.aggregates.add_region_aggregates` computes groups (U10, Health Hub) and, where
   the source has none, GGD regions, provinces and the Netherlands from their municipalities,
   weighted by the indicator's denominator (:mod:`indicators.weights`).
5. :func:`check_indicators` checks the schema: units, ranges, duplicates, every municipality.

Only :func:`load_tables` reads files; :mod:`indicators.pipeline` writes the results.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from indicators import store
from indicators.aggregates import add_region_aggregates, complete_municipalities
from indicators.catalog import all_indicators, get_indicator
from indicators.catalog.formulas import MIN_WIJKEN_FOR_GAP, Z95
from indicators.catalog.model import COUNT_ROLES, DENOMINATORS, REGISTER, UNCERTAINTY_KINDS, UNITS, Indicator, Slice
from indicators.frames import frame_of
from indicators.mergers import (
    REPORTED_LEVELS,
    UNREPORTED_CODE_PREFIXES,
    MergerError,
    RegionClassifier,
    classify_regions,
    to_current_municipalities,
    wijken_to_current_municipalities,
)
from indicators.periods import Period, parse_period
from indicators.regions import NETHERLANDS, RegionModel, municipalities_from_gebieden
from indicators.weights import Population, Weighting, population_weights

__all__ = [
    "INDICATORS_FILE", "PROGRESS_FILE", "PREVIOUS_SUFFIX", "WEIGHTS_TABLE", "GEBIEDEN_TABLES", "INDICATOR_COLUMNS",
    "BuildContext", "BuildError", "PreparedTable", "REPORTED_LEVELS", "UNREPORTED_CODE_PREFIXES",
    "add_region_aggregates", "build_all", "build_indicator", "check_indicators", "classify_regions",
    "extract_slice", "load_tables", "needed_tables", "population_weights", "slice_inputs", "to_current_municipalities",
    "wijken_to_current_municipalities",
]

INDICATORS_FILE = "indicators.parquet"
PROGRESS_FILE = "progress.parquet"
PREVIOUS_SUFFIX = ".previous.parquet"
WEIGHTS_TABLE = "86050NED"
# "Gebieden in Nederland" of each year: inhabitants on 1 January of that year (weights of groups)
GEBIEDEN_TABLES = {"85385NED": 2023, "85755NED": 2024, "86059NED": 2025}
# Units of rates whose groups are the ratio of summed counts: value = count / base * scale.
COUNT_SCALES = {"pct": 100.0, "per_1000_inhabitants": 1000.0}

MARGIN_ROLES = {
    "Waarde": "value",
    "MW00000": "value",
    "Ondergrens 95%-interval": "lower",
    "Bovengrens 95%-interval": "upper",
    "Standaardfout": "se",
}

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
    "se": "float64",
    "uncertainty": "string",
    "unit": "string",
    "source_table": "string",
    "proxy": "bool",
    "computed": "bool",
    "note": "string",
}


class BuildError(ValueError):
    """The catalogue does not fit the stored tables, or a built table breaks the schema."""


# ----- 1. slices ---------------------------------------------------------------------------------
def _objects(series: pd.Series) -> np.ndarray:
    """A column as a numpy object array with ``None`` for missing."""
    return series.astype(object).where(series.notna(), None).to_numpy()


def _slice_key(piece: Slice) -> tuple:
    return (piece.table, piece.column, tuple(sorted(piece.filters.items())), piece.period, piece.margins,
            piece.region_dimension, piece.region_kinds, piece.period_kind)


class PreparedTable:
    """A raw table with what its slices share computed once: filter masks, period keys, margins, regions.

    Every slice of the table (often dozens per build) then costs a few numpy operations, and each
    extracted slice is kept for the rest of the build.
    """

    def __init__(self, raw: pd.DataFrame, table_id: str = "") -> None:
        """Wrap ``raw`` (nothing is computed until a slice asks for it)."""
        self.raw = raw
        self.table_id = table_id
        self._cache: dict[tuple, object] = {}

    def _once(self, key: tuple, make):  # noqa: ANN001, ANN202
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def match(self, dimension: str, value: str) -> np.ndarray:
        """Rows whose ``dimension`` code or label equals ``value`` (KeyError: no such dimension)."""
        def make() -> np.ndarray:
            code, label = self.raw.get(f"{dimension}_code"), self.raw.get(f"{dimension}_label")
            if code is None and label is None:
                raise KeyError(dimension)
            mask = np.zeros(len(self.raw), dtype=bool)
            for column in (code, label):
                if column is not None:
                    mask |= column.eq(value).fillna(False).to_numpy(dtype=bool)
            return mask

        return self._once(("match", dimension, value), make)

    def kinds(self, kinds: tuple[str, ...]) -> np.ndarray:
        """Rows whose ``SoortRegio_2`` is one of ``kinds`` (50090NED: Land, Gemeente, Wijk ...)."""
        return self._once(("kinds", kinds), lambda: self.raw["SoortRegio_2"].isin(kinds).fillna(False).to_numpy(dtype=bool))

    def periods(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per row the index of its period key, the keys, and whether each key is a half-year."""
        def make() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
            codes, uniques = pd.factorize(self.raw["Perioden_label"])
            keys = np.array([_period(str(text)).key for text in uniques], dtype=object)
            half = np.array(["halfjaar" in str(text) for text in uniques], dtype=bool)
            return codes, keys, half

        return self._once(("periods",), make)

    def margins(self, dimension: str) -> np.ndarray:
        """Per row the role of its margin (``value``, ``lower``, ``upper``, ``se``) or None."""
        def make() -> np.ndarray:
            text = self.raw.get(f"{dimension}_label", self.raw.get(f"{dimension}_code"))
            return _objects(text.map(MARGIN_ROLES))

        return self._once(("margins", dimension), make)

    def regions(self, dimension: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per row the region code, label (50090NED: the municipality name where a title is missing) and an id."""
        def make() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
            code = self.raw[f"{dimension}_code"].astype("string")
            label = self.raw[f"{dimension}_label"].astype("string")
            if "Gemeentenaam_1" in self.raw.columns:  # 50090NED names the municipality of every row
                label = label.fillna(self.raw["Gemeentenaam_1"].astype("string"))
            ids, _ = pd.factorize(code.fillna("\x00") + "\x1f" + label.fillna("\x00"))
            return _objects(code), _objects(label), ids

        return self._once(("regions", dimension), make)

    def text(self, column: str) -> np.ndarray:
        """A text column, stripped, as an object array (None for missing)."""
        return self._once(("text", column), lambda: _objects(self.raw[column].astype("string").str.strip()))

    def slice(self, piece: Slice) -> pd.DataFrame:
        """The slice frame of ``piece`` (see :func:`extract_slice`); a copy, the original is kept."""
        return self._once(("slice", *_slice_key(piece)), lambda: self._extract(piece)).copy()

    def _selection(self, piece: Slice) -> dict:
        """Rows, keys and margins shared by every slice with the same filters (all but the column)."""
        key = ("selection", tuple(sorted(piece.filters.items())), piece.period, piece.margins, piece.region_dimension,
               piece.region_kinds, piece.period_kind)
        return self._once(key, lambda: self._select(piece))

    def _select(self, piece: Slice) -> dict:
        raw, where = self.raw, f"table {piece.table}"
        mask = np.ones(len(raw), dtype=bool)
        for dimension, value in piece.filters.items():
            try:
                matched = self.match(dimension, value)
            except KeyError:
                raise BuildError(f"{where}: dimension {dimension!r} not found") from None
            if not matched.any():
                raise BuildError(f"{where}: no rows with {dimension} = {value!r}")
            mask &= matched
        if piece.region_kinds:
            mask &= self.kinds(piece.region_kinds)
        if piece.period_kind:
            period_ids, _, half = self.periods()
            is_half = np.where(period_ids >= 0, half[np.maximum(period_ids, 0)], False)
            mask &= is_half if piece.period_kind == "half_year" else ~is_half
        roles = None
        if piece.margins:
            if f"{piece.margins}_label" not in raw.columns and f"{piece.margins}_code" not in raw.columns:
                raise BuildError(f"{where}: margins dimension {piece.margins!r} not found")
            roles = self.margins(piece.margins)
            mask &= roles != None  # noqa: E711 - elementwise on an object array
        rows = np.flatnonzero(mask)
        if piece.region_dimension:
            codes, labels, region_ids = self.regions(piece.region_dimension)
            codes, labels, region_ids = codes[rows], labels[rows], region_ids[rows]
        else:
            codes = np.full(len(rows), NETHERLANDS, dtype=object)
            labels = np.full(len(rows), "Nederland", dtype=object)
            region_ids = np.zeros(len(rows), dtype=np.int64)
        if piece.period:
            period_ids, period_keys = np.zeros(len(rows), dtype=np.int64), np.array([piece.period], dtype=object)
        else:
            all_ids, period_keys, _ = self.periods()
            period_ids = all_ids[rows]
        entity = region_ids.astype(np.int64) * (len(period_keys) + 1) + (period_ids + 1)
        unique, first, inverse = np.unique(entity, return_index=True, return_inverse=True)
        row_roles = roles[rows] if roles is not None else np.full(len(rows), "value", dtype=object)
        chosen = {role: row_roles == role for role in ("value", "lower", "upper", "se")}
        several = [role for role, rows_of_role in chosen.items()
                   if rows_of_role.any() and np.bincount(inverse[rows_of_role], minlength=len(unique)).max(initial=0) > 1]
        keys = {
            "source_table": np.full(len(first), piece.table, dtype=object),
            "region_code": codes[first],
            "region_label": labels[first],
            "period": period_keys[np.maximum(period_ids[first], 0)] if len(first) else np.array([], dtype=object),
        }
        if piece.region_kinds == ("Wijk",):
            keys["municipality_code"] = np.array(["GM" + code[2:6] if code else None for code in codes[first]], dtype=object)
            keys["municipality_label"] = self.text("Gemeentenaam_1")[rows][first]
        return {"rows": rows, "inverse": inverse, "size": len(unique), "chosen": chosen, "several": several,
                "keys": keys}

    def _extract(self, piece: Slice) -> pd.DataFrame:
        raw, where = self.raw, f"table {piece.table}"
        if piece.column not in raw.columns:
            raise BuildError(f"{where}: column {piece.column!r} not found")
        selection = self._selection(piece)
        if selection["several"]:
            raise BuildError(f"{where}: {piece.column}: several {selection['several'][0]} rows for one region and period "
                             "(add a filter)")
        measure = raw[piece.column].to_numpy(dtype=float, na_value=np.nan)[selection["rows"]]
        size, inverse = selection["size"], selection["inverse"]
        columns: dict[str, np.ndarray] = {}
        for role, rows_of_role in selection["chosen"].items():
            if rows_of_role.any() or role == "value":
                column = np.full(size, np.nan)
                column[inverse[rows_of_role]] = measure[rows_of_role]
                columns[role] = column
        value = columns["value"]
        se = columns.get("se")
        lower = columns.get("lower", np.full(size, np.nan))
        upper = columns.get("upper", np.full(size, np.nan))
        if se is not None:  # a published standard error (71950ned): the interval follows from it
            lower = np.where(np.isnan(lower), value - Z95 * se, lower)
            upper = np.where(np.isnan(upper), value + Z95 * se, upper)
        else:  # from the 95% interval; NaN where the source gives none
            se = (upper - lower) / (2 * Z95)
        return frame_of({**selection["keys"], "value": value, "lower": lower, "upper": upper, "se": se})


@lru_cache(maxsize=512)
def _period(key: str) -> Period:
    return parse_period(key)


def extract_slice(raw: pd.DataFrame, piece: Slice, prepared: PreparedTable | None = None) -> pd.DataFrame:
    """Pick one measure from a raw table as a *slice frame* (see :mod:`indicators.catalog.formulas`).

    Columns ``source_table``, ``region_code``, ``region_label``, ``period``, ``value``, ``lower``,
    ``upper`` and ``se``
    (a published standard error is kept and gives the interval; otherwise ``se`` comes from the
    interval, ``(upper - lower) / 3.92``, NaN where there is none); district slices also have
    ``municipality_code`` and ``municipality_label``.

    Args:
        raw: the raw table.
        piece: the slice declaration.
        prepared: the table prepared once for many slices (a build passes it); default: prepare now.

    Raises:
        BuildError: naming the table and the column, dimension or value that is not there.
    """
    return (prepared if prepared is not None else PreparedTable(raw, piece.table)).slice(piece)


# ----- one indicator ---------------------------------------------------------------------------------
class BuildContext:
    """What the indicators of one build share: prepared tables, inhabitants, region lookups, stages.

    Indicators whose weights depend on another indicator (heavily burdened carers are weighted by
    the number of carers) find that indicator's stages here, built once.
    """

    def __init__(self, tables: dict[str, pd.DataFrame], model: RegionModel,
                 population: Population | pd.DataFrame | None = None) -> None:
        """Set up the shared state; ``population`` may be :func:`population_weights` of 86050NED (as a frame)."""
        self.tables = tables
        self.model = model
        if not isinstance(population, Population):
            population = population_from_tables(tables, model, population)
        self.population = population
        self.classifier = RegionClassifier(model)
        self.timings: dict[str, float] = {}
        self._prepared: dict[str, PreparedTable] = {}
        self._slices: dict[tuple, pd.DataFrame] = {}
        self._source: dict[str, pd.DataFrame] = {}
        self._municipal: dict[str, pd.DataFrame] = {}

    def _timed(self, stage: str, started: float) -> None:
        self.timings[stage] = self.timings.get(stage, 0.0) + time.process_time() - started

    def prepared(self, table_id: str) -> PreparedTable:
        """The table prepared for slicing (once per build)."""
        if table_id not in self._prepared:
            if table_id not in self.tables:
                raise BuildError(f"table {table_id} is not loaded")
            self._prepared[table_id] = PreparedTable(self.tables[table_id], table_id)
        return self._prepared[table_id]

    def slice(self, piece: Slice) -> pd.DataFrame:
        """One slice frame (districts already in today's municipalities); a copy, the original is kept."""
        key = _slice_key(piece)
        if key not in self._slices:
            frame = self.prepared(piece.table).slice(piece)
            if piece.region_kinds == ("Wijk",):
                frame = wijken_to_current_municipalities(frame, self.model)
            self._slices[key] = frame
        return self._slices[key].copy()

    def inputs(self, indicator: Indicator) -> dict[str, pd.DataFrame]:
        """``{role: slice frame}`` for the formula; slices with the same role are stacked."""
        by_role: dict[str, list[pd.DataFrame]] = {}
        for piece in indicator.formula_slices:
            by_role.setdefault(piece.role, []).append(self.slice(piece))
        return {role: pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
                for role, frames in by_role.items()}

    def source_stage(self, indicator: Indicator) -> pd.DataFrame:
        """The formula's result with ``se``, counts, notes and the region classification (cached)."""
        if indicator.id not in self._source:
            started = time.process_time()
            inputs = self.inputs(indicator)
            self._timed("slices", started)
            started = time.process_time()
            for frame in inputs.values():
                frame.attrs["direction"] = indicator.direction
            result = indicator.formula(inputs)
            self._timed("formulas", started)
            started = time.process_time()
            columns = _uncertainty_columns(result, indicator)
            first = next(piece for piece in indicator.formula_slices)
            by_period = _by_period(inputs[first.role], indicator)
            periods = columns["period"]
            default = indicator.source_tables[0]
            if "source_table" in result:  # a formula that reads several tables names them itself
                columns["source_table"] = result["source_table"].to_numpy(dtype=object)
            else:
                columns["source_table"] = np.array([by_period["table"].get(period, default) for period in periods], dtype=object)
            slice_notes = [by_period["note"].get(period) for period in periods]
            own_notes = result["note"].to_numpy(dtype=object, na_value=None) if "note" in result else [None] * len(periods)
            notes = np.array([own if extra is None else extra if own is None else f"{own}; {extra}"
                              for own, extra in zip(own_notes, slice_notes, strict=True)], dtype=object)
            if "wijken" in result.columns:  # a district gap needs enough districts with a value
                counts = result["wijken"].to_numpy()
                too_few = np.isnan(columns["value"]) & (counts < MIN_WIJKEN_FOR_GAP) & np.array([note is None for note in notes])
                notes[too_few] = [f"{count} wijk(en) met een waarde; minstens {MIN_WIJKEN_FOR_GAP} nodig"
                                  for count in counts[too_few]]
            columns["note"] = notes
            frame = frame_of(columns)
            if indicator.counts:
                frame = self._with_counts(frame, indicator)
            self._source[indicator.id] = frame
            self._timed("formulas", started)
        return self._source[indicator.id]

    def _with_counts(self, result: pd.DataFrame, indicator: Indicator) -> pd.DataFrame:
        """Add ``count`` (numerator) and ``base`` (denominator) for the ratio of summed counts."""
        keys = ["region_code", "region_label", "period"]
        scale = COUNT_SCALES[indicator.unit]
        pieces: dict[str, list[pd.DataFrame]] = {}
        for piece in indicator.slices:
            if piece.role in COUNT_ROLES:
                pieces.setdefault(piece.role, []).append(self.slice(piece)[[*keys, "value"]])
        frames = {role: pd.concat(parts, ignore_index=True) for role, parts in pieces.items()}
        out = result.merge(frames["count"].rename(columns={"value": "count"}), on=keys, how="left")
        if "base_count" in frames:
            base = frames["base_count"].merge(frames["base_rate"].rename(columns={"value": "rate"}), on=keys)
            base["base"] = base["value"] / base["rate"].where(base["rate"] > 0) * scale
            out = out.merge(base[[*keys, "base"]], on=keys, how="left")
        else:  # the rate is the count per base: base = count / rate * scale
            out["base"] = out["count"] / out["value"].where(out["value"] > 0) * scale
        return out

    def weighting(self, indicator: Indicator, stage: str) -> Weighting:
        """How ``indicator`` is weighted at ``stage`` (``source`` for mergers, ``municipal`` for groups)."""
        if indicator.aggregation == "none":
            return Weighting("none")
        if indicator.aggregation == "sum":
            return Weighting("sum")
        if indicator.counts:
            return Weighting("counts", scale=COUNT_SCALES[indicator.unit])
        denominator = DENOMINATORS[indicator.denominator]
        if denominator.share_of:
            share_indicator = get_indicator(denominator.share_of)
            share = self.source_stage(share_indicator) if stage == "source" else self.municipal_stage(share_indicator)
            return Weighting("share", share=share, share_words=denominator.id)
        return Weighting("population")

    def municipal_stage(self, indicator: Indicator) -> pd.DataFrame:
        """Rows in today's regions (former municipalities mapped, every municipality present), cached."""
        return self.map_to_current([indicator])[0]

    def map_to_current(self, indicators: list[Indicator]) -> list[pd.DataFrame]:
        """:meth:`municipal_stage` of several indicators, mapped together in one pass (then cached)."""
        todo = list({indicator.id: indicator for indicator in indicators if indicator.id not in self._municipal}.values())
        if todo:
            sources = [self.source_stage(indicator) for indicator in todo]
            weightings = {indicator.id: self.weighting(indicator, "source") for indicator in todo}
            started = time.process_time()
            long = pd.concat(sources, keys=[indicator.id for indicator in todo], names=["indicator_id", None])
            long = long.reset_index(level="indicator_id").reset_index(drop=True)
            try:
                long = self.classifier.classify(long)
            except (MergerError, ValueError) as error:
                raise BuildError(str(error)) from None
            self._timed("classify", started)
            started = time.process_time()
            mapped = to_current_municipalities(long, self.model, self.population, weightings, self.classifier)
            levels = mapped["level"].to_numpy(dtype=object)
            tables = mapped["source_table"].to_numpy(dtype=object, na_value=None)
            keep = np.zeros(len(mapped), dtype=bool)
            rows_of = mapped.groupby("indicator_id", sort=False).indices
            for indicator in todo:
                rows = rows_of.get(indicator.id, np.array([], dtype=np.int64))
                kept = pd.Series(levels[rows], dtype=object).isin(indicator.levels).to_numpy().copy()
                for piece in indicator.slices:  # e.g. the 2012 GGD division
                    if piece.skip_levels:
                        skip = pd.Series(levels[rows], dtype=object).isin(piece.skip_levels).to_numpy()
                        kept &= ~((tables[rows] == piece.table) & skip)
                keep[rows] = kept
            mapped = complete_municipalities(mapped.loc[keep].reset_index(drop=True), self.model)
            for indicator_id, positions in mapped.groupby("indicator_id", sort=False).indices.items():
                self._municipal[indicator_id] = mapped.iloc[positions].reset_index(drop=True)
            for indicator in todo:
                self._municipal.setdefault(indicator.id, mapped.iloc[0:0])
            self._timed("mergers", started)
        return [self._municipal[indicator.id] for indicator in indicators]


def population_from_tables(tables: dict[str, pd.DataFrame], model: RegionModel,
                           derived: pd.DataFrame | None = None) -> Population:
    """Inhabitants from the loaded Gebieden tables (by year) and 86050NED (derived; see :mod:`indicators.weights`).

    Without any Gebieden table of :data:`GEBIEDEN_TABLES` the region model's own population is used.
    """
    by_year: dict[int, dict[str, float]] = {}
    for table_id, year in GEBIEDEN_TABLES.items():
        if table_id in tables:
            frame = municipalities_from_gebieden(tables[table_id], table_id)
            by_year[year] = dict(zip(frame["code"], frame["population"].astype(float), strict=True))
    if not by_year:
        year = GEBIEDEN_TABLES.get(model.source_table, max(GEBIEDEN_TABLES.values()))
        by_year[year] = dict(zip(model.municipalities["code"], model.municipalities["population"].astype(float), strict=True))
    if derived is None and WEIGHTS_TABLE in tables:
        derived = population_weights(tables[WEIGHTS_TABLE])
    return Population(by_year, derived)


def _uncertainty_columns(result: pd.DataFrame, indicator: Indicator) -> dict[str, np.ndarray]:
    """The keys and numbers of a formula's result; ``se`` from the interval where missing, 0 for registrations."""
    value = result["value"].to_numpy(dtype=float)
    lower, upper = result["lower"].to_numpy(dtype=float), result["upper"].to_numpy(dtype=float)
    se = result["se"].to_numpy(dtype=float) if "se" in result else np.full(len(result), np.nan)
    se = np.where(np.isnan(se), (upper - lower) / (2 * Z95), se)
    if indicator.uncertainty == REGISTER:
        se = np.where(np.isfinite(value), 0.0, np.nan)
        lower = upper = np.full(len(result), np.nan)
    return {"region_code": result["region_code"].to_numpy(dtype=object, na_value=None),
            "region_label": result["region_label"].to_numpy(dtype=object, na_value=None),
            "period": result["period"].to_numpy(dtype=object), "value": value, "lower": lower, "upper": upper, "se": se}


def _with_uncertainty(result: pd.DataFrame, indicator: Indicator) -> pd.DataFrame:
    """``se`` from the interval where missing; registrations: ``se`` 0 and no interval (a frame)."""
    return frame_of(_uncertainty_columns(result, indicator))


def _by_period(first: pd.DataFrame, indicator: Indicator) -> dict[str, dict]:
    """Source table and slice note per period, from the first role's slices."""
    tables = dict(zip(first["period"].to_numpy(dtype=object), first["source_table"].to_numpy(dtype=object), strict=True))
    notes = {}
    for piece in indicator.formula_slices:
        if piece.note:
            periods = [piece.period] if piece.period else [period for period, table in tables.items() if table == piece.table]
            notes.update(dict.fromkeys(periods, piece.note))
    return {"table": tables, "note": notes}


def slice_inputs(
    indicator: Indicator, tables: dict[str, pd.DataFrame], model: RegionModel | None = None
) -> dict[str, pd.DataFrame]:
    """Return ``{role: frame}`` for an indicator's formula: slices with the same role are stacked.

    District slices are put in today's municipalities first when ``model`` is given.
    """
    by_role: dict[str, list[pd.DataFrame]] = {}
    for piece in indicator.formula_slices:
        frame = extract_slice(tables[piece.table], piece)
        if piece.region_kinds == ("Wijk",) and model is not None:
            frame = wijken_to_current_municipalities(frame, model)
        by_role.setdefault(piece.role, []).append(frame)
    return {role: pd.concat(frames, ignore_index=True) for role, frames in by_role.items()}


def build_indicator(
    indicator: Indicator,
    tables: dict[str, pd.DataFrame],
    model: RegionModel,
    weights: Population | pd.DataFrame | None = None,
    context: BuildContext | None = None,
) -> pd.DataFrame:
    """Build the tidy rows of one indicator (pure: tables in, frame out).

    Args:
        indicator: the declaration.
        tables: raw tables by id (at least the indicator's source tables; the Gebieden tables and
            86050NED give the inhabitants for weights).
        model: the region model.
        weights: inhabitants (:class:`indicators.weights.Population`, or the frame of
            :func:`population_weights`); default: from ``tables``.
        context: shared state of a whole build (:func:`build_all` passes one).
    """
    context = context or BuildContext(tables, model, weights)
    return _typed(_build_many([indicator], context))


def _build_many(indicators: list[Indicator], context: BuildContext) -> pd.DataFrame:
    """Build several indicators (text columns still objects; :func:`_typed` types them once)."""
    frames = []
    for indicator, frame in zip(indicators, context.map_to_current(list(indicators)), strict=True):
        try:
            started = time.process_time()
            weighting = context.weighting(indicator, "municipal")
            frames.append(add_region_aggregates(frame, context.model, indicator.levels, context.population, weighting))
            context._timed("aggregates", started)
        except BuildError as error:
            raise BuildError(f"indicator {indicator.id}: {error}") from None
    started = time.process_time()
    out = _finish(pd.concat(frames, ignore_index=True), {indicator.id: indicator for indicator in indicators},
                  context.model)
    context._timed("finish", started)
    return out


def _finish(frame: pd.DataFrame, indicators: dict[str, Indicator], model: RegionModel) -> pd.DataFrame:
    """The rows in the columns of ``indicators.parquet`` (text as object columns: see :func:`_typed`)."""
    ids = frame["indicator_id"].to_numpy(dtype=object)
    periods_column = frame["period"].to_numpy(dtype=object)
    tables = frame["source_table"].to_numpy(dtype=object, na_value=None)
    by_period = {(indicator, period): table for indicator, period, table in zip(ids, periods_column, tables, strict=True)
                 if table is not None}
    tables = np.array([table or by_period.get((indicator, period)) for indicator, period, table
                       in zip(ids, periods_column, tables, strict=True)], dtype=object)
    period_codes, period_keys = pd.factorize(periods_column)
    periods = [_period(str(key)) for key in period_keys]
    region_codes, region_keys = pd.factorize(frame["region_code"].to_numpy(dtype=object))
    indicator_codes, indicator_keys = pd.factorize(ids)
    declared = [indicators[str(key)] for key in indicator_keys]
    value = frame["value"].to_numpy(dtype=float)

    def per_indicator(attribute: str, kind: type = object) -> np.ndarray:
        return np.array([getattr(indicator, attribute) for indicator in declared], dtype=kind)[indicator_codes]

    out = pd.DataFrame({
        "indicator_id": ids,
        "region_code": frame["region_code"].to_numpy(dtype=object),
        "region_name": np.array([model.name(code) for code in region_keys], dtype=object)[region_codes],
        "region_level": frame["level"].to_numpy(dtype=object),
        "period": periods_column,
        "period_start": np.array([np.datetime64(item.start, "ns") for item in periods], dtype="datetime64[ns]")[period_codes],
        "period_end": np.array([np.datetime64(item.end, "ns") for item in periods], dtype="datetime64[ns]")[period_codes],
        "period_year": np.array([item.year for item in periods], dtype=float)[period_codes],
        "value": value,
        "lower": frame["lower"].to_numpy(dtype=float),
        "upper": frame["upper"].to_numpy(dtype=float),
        "se": np.where(np.isfinite(value), frame["se"].to_numpy(dtype=float), np.nan),
        "uncertainty": per_indicator("uncertainty"),
        "unit": per_indicator("unit"),
        "source_table": tables,
        "proxy": per_indicator("proxy", bool),
        "computed": frame["computed"].fillna(False).to_numpy(dtype=bool),
        "note": frame["note"].to_numpy(dtype=object, na_value=None),
    })
    order = np.lexsort((out["period_year"].to_numpy(), out["region_code"].to_numpy(dtype=str),
                        out["region_level"].to_numpy(dtype=str), indicator_codes))
    return out.iloc[order].reset_index(drop=True)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """The columns of ``indicators.parquet`` in their declared types (:data:`INDICATOR_COLUMNS`)."""
    return frame.astype({column: kind for column, kind in INDICATOR_COLUMNS.items() if kind == "string"})


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
    kinds = set(frame["uncertainty"].dropna()) - set(UNCERTAINTY_KINDS)
    if kinds:
        raise BuildError(f"{INDICATORS_FILE}: column uncertainty: unknown value(s) {sorted(kinds)}")
    negative = (frame["se"] < 0).to_numpy(dtype=bool, na_value=False)
    if negative.any():
        raise BuildError(f"{INDICATORS_FILE}: column se: {int(negative.sum())} negative standard error(s), "
                         f"e.g. {frame.loc[negative, ['indicator_id', 'region_code', 'period']].head(3).to_dict('records')}")
    municipalities = set(model.municipalities["code"])
    ids = frame["indicator_id"].to_numpy(dtype=object)
    codes, indicator_keys = pd.factorize(ids)
    groups = {key: np.flatnonzero(codes == number) for number, key in enumerate(indicator_keys)}
    value_columns = {column: frame[column].to_numpy(dtype=float) for column in ("value", "lower", "upper", "se")}
    levels = frame["region_level"].to_numpy(dtype=object)
    periods = frame["period"].to_numpy(dtype=object)
    regions = frame["region_code"].to_numpy(dtype=object)
    for indicator in indicators:
        rows = groups.get(indicator.id, np.array([], dtype=np.int64))
        limits = UNITS[indicator.unit]
        for column in ("value", "lower", "upper"):
            values = value_columns[column][rows]
            values = values[np.isfinite(values)]
            low, high = limits["min"], limits["max"]
            # interval bounds may cross a hard limit slightly when built from a standard error
            slack = 5 if column != "value" else 0
            outside = values[(values < low - slack) | (values > high + slack)]
            if len(outside):
                raise BuildError(
                    f"indicator {indicator.id}: column {column}: {len(outside)} value(s) outside "
                    f"{low}-{high} {indicator.unit}, e.g. {outside[:3].tolist()}"
                )
        if indicator.uncertainty == REGISTER:
            value, se = value_columns["value"][rows], value_columns["se"][rows]
            wrong = np.isfinite(value) & (se != 0)
            if wrong.any():
                raise BuildError(f"indicator {indicator.id}: column se: a registration has standard error 0, "
                                 f"not {se[wrong][:3].tolist()}")
        if "gemeente" in indicator.levels:
            municipal = rows[levels[rows] == "gemeente"]
            period_index, period_keys = pd.factorize(periods[municipal])
            counts = np.bincount(period_index, minlength=len(period_keys))  # keys are unique, so counts are municipalities
            for number in np.flatnonzero(counts < len(municipalities)):
                present = set(regions[municipal][period_index == number])
                absent = sorted(municipalities - present)[:5]
                raise BuildError(f"indicator {indicator.id}, period {period_keys[number]}: municipalities missing: {absent}")


# ----- I/O edge ------------------------------------------------------------------------------------
def load_tables(data: Path, table_ids: Iterable[str]) -> dict[str, pd.DataFrame]:
    """Read the raw tables an indicator set needs from the store (each once)."""
    return {table_id: store.read_raw(data, table_id) for table_id in sorted(set(table_ids))}


def build_all(
    tables: dict[str, pd.DataFrame], model: RegionModel, indicators: Iterable[Indicator] | None = None,
    context: BuildContext | None = None,
) -> pd.DataFrame:
    """Build every indicator (pure) and check the result; ``context.timings`` has seconds per stage."""
    chosen = tuple(indicators) if indicators is not None else all_indicators()
    if not chosen:
        raise BuildError(f"no indicator can be built from the tables in the store ({', '.join(sorted(tables)) or 'none'})")
    context = context or BuildContext(tables, model)
    built = _build_many(list(chosen), context)
    started = time.process_time()
    result = _typed(built)
    context._timed("finish", started)
    started = time.process_time()
    check_indicators(result, model, chosen)
    context._timed("check", started)
    return result


def needed_tables(indicators: Iterable[Indicator]) -> set[str]:
    """Ids of the raw tables a set of indicators reads, plus the tables of inhabitants (weights)."""
    return {piece.table for indicator in indicators for piece in indicator.slices} | {WEIGHTS_TABLE, *GEBIEDEN_TABLES}

