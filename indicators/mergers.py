"""From the regions of a source table to today's municipalities (boundary changes).

Rules, per period (issue 9):

* a current municipality's own published value is used whenever it exists and none of its former
  parts has a value in that period;
* when former parts have values, the value is reconstructed from them ("herberekend uit de
  voormalige gemeenten (...)"), marked ``computed``: for a municipality that absorbed others and
  kept its code (Amsterdam absorbing Weesp) from its own row *and* the parts, for a municipality
  with a new code (Vijfheerenlanden) from the parts. All of them must have a value, else the value
  stays missing with a note;
* a municipality with a new code that the source publishes *alongside* its former parts in one
  period already covers them: its own value is kept and the parts are not counted twice (the note
  says so; not seen in the mirror's tables, where a new code has no value before its merger);
* parts of a municipality that was split (Haaren, 2021) cannot be divided without their own data:
  they are left out and the receiving municipalities say so in ``note``;
* rows of levels the project does not report (COROP, combinations, the 2012 GGD division) are dropped.

Weights follow the indicator's denominator (:mod:`indicators.weights`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.periods import parse_period
from indicators.regions import RegionModel
from indicators.weights import Population, Weighting, combine, interval

REPORTED_LEVELS = ("land", "landsdeel", "provincie", "ggd", "groep", "gemeente")
# CBS region codes of kinds the project does not report: combinations of municipalities, COROP
# regions, labour market regions. Rows with these codes are left out on purpose.
UNREPORTED_CODE_PREFIXES = {"CG": "combinatie", "CR": "corop", "AM": "arbeidsmarktregio"}
RECONSTRUCTED = "herberekend uit de voormalige gemeenten"
FORMER = "voormalige gemeente"


class MergerError(ValueError):
    """A region that cannot be classified (no label and not a known code)."""


class RegionClassifier:
    """Level, kind and successors of region (code, label) pairs, looked up once per build."""

    def __init__(self, model: RegionModel) -> None:
        """Remember the model; classifications are cached per (code, label)."""
        self.model = model
        self._cache: dict[tuple[object, object], tuple[str, str, tuple[str, ...]]] = {}

    def one(self, code: object, label: object) -> tuple[str, str, tuple[str, ...]]:
        """(level, kind, successors) of one region."""
        key = (code, label)
        if key not in self._cache:
            self._cache[key] = self._classify(code, label)
        return self._cache[key]

    def _classify(self, code: object, label: object) -> tuple[str, str, tuple[str, ...]]:
        model = self.model
        if isinstance(code, str) and code in model.levels:
            level = model.levels[code]
            return level, "current", (code,) if level == "gemeente" else ()
        if isinstance(code, str) and code in model.former_by_code:
            kind, codes = model.former_by_code[code]
            return FORMER, kind, codes
        if isinstance(code, str) and code[:2] in UNREPORTED_CODE_PREFIXES:
            return UNREPORTED_CODE_PREFIXES[code[:2]], "not_reported", ()
        if not isinstance(label, str):
            raise MergerError(f"region code {code!r} has no label and is not a current or former municipality")
        resolution = model.resolve_label(label)
        return resolution.level, resolution.kind, resolution.successors

    def classify(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Add ``level``, ``kind`` and ``successors`` (tuple of current municipality codes) per row."""
        codes = frame["region_code"].to_numpy(dtype=object, na_value=None)
        labels = frame["region_label"].to_numpy(dtype=object, na_value=None)
        code_index, _ = pd.factorize(codes, use_na_sentinel=False)
        label_index, _ = pd.factorize(labels, use_na_sentinel=False)
        _, first, pairs = np.unique(code_index.astype(np.int64) * (label_index.max(initial=0) + 1) + label_index,
                                    return_index=True, return_inverse=True)
        found = [self.one(codes[row], labels[row]) for row in first]
        out = frame.copy()
        out["level"] = np.array([item[0] for item in found], dtype=object)[pairs] if found else np.array([], dtype=object)
        out["kind"] = np.array([item[1] for item in found], dtype=object)[pairs] if found else np.array([], dtype=object)
        successors = np.empty(len(found), dtype=object)
        successors[:] = [item[2] for item in found]
        out["successors"] = successors[pairs] if found else np.array([], dtype=object)
        return out


def classify_regions(frame: pd.DataFrame, model: RegionModel) -> pd.DataFrame:
    """Add ``level``, ``kind`` and ``successors`` per row (see :class:`RegionClassifier`)."""
    return RegionClassifier(model).classify(frame)


def _plain(record: dict) -> dict:
    """A row as a dict with ``None`` for a missing code or label (so it can key a lookup)."""
    for key in ("region_code", "region_label"):
        if key in record and not isinstance(record[key], str):
            record[key] = None
    return record


def _finite(number: object) -> bool:
    return isinstance(number, float | int) and np.isfinite(number)


def _weights(parts: list[dict], period: str, population: Population, weighting: Weighting,
             shares: dict) -> tuple[np.ndarray, str]:
    """Weights of the contributors of one reconstruction and the words that say how."""
    year = int(parse_period(period).start.year)
    if weighting.method == "counts":
        return np.array([part.get("base", np.nan) for part in parts], dtype=float), "verhouding van de opgetelde aantallen"
    found = [population.derived(part["region_code"], part["region_label"], year) for part in parts]
    weights = np.array([inhabitants for inhabitants, _ in found], dtype=float)
    years = sorted({used for _, used in found if used is not None})
    when = "/".join(str(used) for used in years) or "?"
    words = f"gewogen naar inwoners {when} (afgeleid uit 86050NED"
    words += ")" if years == [year] else f", dichtstbijzijnde jaar bij {year})"
    if weighting.method == "share":
        share = np.array([shares.get((part["region_code"], part["region_label"], period), np.nan) for part in parts])
        weights = weights * share / 100.0
        words = f"gewogen naar {weighting.share_words} (inwoners x aandeel); " + words.removeprefix("gewogen naar ")
    return weights, words


def _reconstruct(target: str, period: str, parts: list[dict], names: str, population: Population,
                 weighting: Weighting, shares: dict, model: RegionModel) -> dict:
    """One current municipality's value from the municipalities it was formed from."""
    values = np.array([part["value"] for part in parts], dtype=float)
    ses = np.array([part.get("se", np.nan) for part in parts], dtype=float)
    row = {"region_code": target, "region_label": model.name(target), "period": period, "value": np.nan, "se": np.nan,
           "lower": np.nan, "upper": np.nan, "level": "gemeente", "kind": "current", "successors": (target,),
           "computed": True, "source_table": parts[0].get("source_table", None),
           "count": np.nan, "base": np.nan}
    lacking = [str(part["region_label"]) for part in parts if not _finite(part["value"])]
    if weighting.method == "none":
        row["note"] = f"heringedeeld ({names}): niet om te rekenen naar de huidige gemeente"
        return row
    if lacking:
        row["note"] = f"niet uit de voormalige gemeenten ({names}) te herberekenen: geen waarde voor {', '.join(lacking)}"
        return row
    if weighting.method == "sum":
        row["value"], row["se"] = float(values.sum()), float(np.sqrt(np.sum(ses**2)))
        row["note"] = f"{RECONSTRUCTED} ({names}): som"
    else:
        weights, words = _weights(parts, period, population, weighting, shares)
        if not np.all(np.isfinite(weights) & (weights > 0)):
            row["note"] = f"niet uit de voormalige gemeenten ({names}) te herberekenen: geen gewicht ({words})"
            return row
        value, se = combine(values, ses, weights)
        if weighting.method == "counts":
            counts = np.array([part.get("count", np.nan) for part in parts], dtype=float)
            if np.all(np.isfinite(counts)):
                value = float(counts.sum() / weights.sum() * weighting.scale)
                row["count"], row["base"] = float(counts.sum()), float(weights.sum())
        row["value"], row["se"] = value, se
        row["note"] = f"{RECONSTRUCTED} ({names}): {words}"
    row["lower"], row["upper"] = (float(bound[0]) for bound in interval([row["value"]], [row["se"]]))
    return row


def _share_lookup(weighting: Weighting) -> dict:
    if weighting.method != "share" or weighting.share is None:
        return {}
    share = weighting.share
    return dict(zip(zip(share["region_code"].to_numpy(dtype=object, na_value=None),
                        share["region_label"].to_numpy(dtype=object, na_value=None),
                        share["period"].to_numpy(dtype=object), strict=True),
                    share["value"].to_numpy(dtype=float), strict=True))


def to_current_municipalities(
    frame: pd.DataFrame,
    model: RegionModel,
    population: Population,
    weighting: Weighting | dict[str, Weighting] | None = None,
    classifier: RegionClassifier | None = None,
) -> pd.DataFrame:
    """Map rows of former municipalities onto today's municipalities (rules in the module docstring).

    Args:
        frame: a formula's result (``region_code``, ``region_label``, ``period``, ``value``, ``se``,
            ``lower``, ``upper``; optional ``note``, ``count``, ``base``, ``source_table``), with or
            without ``level``/``kind``/``successors`` (added when missing). With an
            ``indicator_id`` column it may hold several indicators at once.
        model: the region model.
        population: inhabitants for the weights.
        weighting: how to weight (default: by inhabitants); a dict gives each indicator id its own.
        classifier: a shared :class:`RegionClassifier` (one per build saves lookups).

    Returns:
        The rows of reported levels, former municipalities replaced; ``computed`` and ``note`` set.
    """
    weightings = weighting if isinstance(weighting, dict) else None
    single = weighting if isinstance(weighting, Weighting) else Weighting()
    classified = frame if "level" in frame.columns else (classifier or RegionClassifier(model)).classify(frame)
    level = classified["level"].to_numpy(dtype=object)
    kept = classified.loc[np.isin(level, REPORTED_LEVELS)].reset_index(drop=True)
    kept["computed"] = False
    if "note" not in kept:
        kept["note"] = None
    former = classified.loc[level == FORMER]
    if former.empty:
        return kept
    columns = [column for column in ("indicator_id", "region_code", "region_label", "period", "value", "se", "count",
                                     "base", "source_table", "kind", "successors") if column in former.columns]
    records = [_plain(record) for record in former[columns].to_dict("records")]
    parts_of: dict[tuple[str, str, str], list[dict]] = {}
    split_into: dict[tuple[str, str, str], list[str]] = {}
    for record in records:
        indicator = record.get("indicator_id", "")
        if record["kind"] == "split":
            for code in record["successors"]:
                split_into.setdefault((indicator, code, record["period"]), []).append(str(record["region_label"]))
        elif record["successors"]:
            parts_of.setdefault((indicator, record["successors"][0], record["period"]), []).append(record)
    targets = {key[1] for key in parts_of} | {key[1] for key in split_into}
    kept_codes = kept["region_code"].to_numpy(dtype=object, na_value=None)
    kept_periods = kept["period"].to_numpy(dtype=object)
    kept_levels = kept["level"].to_numpy(dtype=object)
    kept_ids = kept["indicator_id"].to_numpy(dtype=object) if "indicator_id" in kept else np.full(len(kept), "", dtype=object)
    candidates = np.flatnonzero((kept_levels == "gemeente") & pd.Series(kept_codes, dtype=object).isin(targets).to_numpy())
    own_at = {(kept_ids[position], kept_codes[position], kept_periods[position]): position for position in candidates}
    own_columns = [column for column in columns if column in kept.columns and column not in ("kind", "successors")]
    own_values = {column: kept[column].to_numpy(dtype=object) for column in own_columns}
    shares: dict[str, dict] = {}
    new_rows, replaced, notes = [], [], {}
    for key, parts in sorted(parts_of.items(), key=lambda item: tuple(map(str, item[0]))):
        indicator, target, period = key
        chosen = weightings.get(indicator, Weighting()) if weightings is not None else single
        if indicator not in shares:
            shares[indicator] = _share_lookup(chosen)
        own = own_at.get(key)
        own_record = _plain({column: own_values[column][own] for column in own_columns}) if own is not None else None
        new_code = target in model.new_code_successors
        contributors = parts + ([own_record] if own_record is not None and not new_code else [])
        if own_record is not None and not new_code:
            own_record["region_label"] = model.name(target)
        names = ", ".join(sorted(str(part["region_label"]) for part in contributors))
        if not any(_finite(part["value"]) for part in parts):  # the parts have no value: the own row stays
            if own is None:
                new_rows.append({"indicator_id": indicator, "region_code": target, "region_label": model.name(target),
                                 "period": period, "value": np.nan, "se": np.nan, "lower": np.nan, "upper": np.nan,
                                 "level": "gemeente", "kind": "current", "successors": (target,), "computed": False,
                                 "source_table": parts[0].get("source_table", None),
                                 "note": f"heringedeeld; de voormalige gemeenten ({names}) hebben geen waarde in de bron"})
            continue
        if new_code and own_record is not None and _finite(own_record["value"]):
            former = ", ".join(sorted(str(part["region_label"]) for part in parts))
            notes[own] = (f"de bron geeft ook de voormalige gemeenten ({former}) een waarde; "
                          f"niet meegeteld: {model.name(target)} omvat ze al")
            continue
        if not new_code and own_record is None:  # an absorbing municipality without its own row
            contributors.append({"region_code": target, "region_label": model.name(target), "value": np.nan})
            names = ", ".join(sorted(str(part["region_label"]) for part in contributors))
        row = _reconstruct(target, period, contributors, names, population, chosen, shares[indicator], model)
        row["indicator_id"] = indicator
        if key in split_into:
            row["note"] += f"; zonder het deel van {', '.join(split_into[key])} (gesplitst)"
        new_rows.append(row)
        if own is not None:
            replaced.append(own)
    for key, names in split_into.items():
        own = own_at.get(key)
        if own is not None and key not in parts_of:
            notes[own] = f"zonder het deel van {', '.join(names)} (gesplitst)"
    if notes:
        note_column = kept["note"].to_numpy(dtype=object, na_value=None).copy()
        for position, note in notes.items():
            note_column[position] = note
        kept["note"] = note_column
    if replaced:
        kept = kept.drop(index=replaced)
    if not new_rows:
        return kept.reset_index(drop=True)
    added = pd.DataFrame(new_rows)
    if "indicator_id" not in kept:
        added = added.drop(columns="indicator_id")
    return pd.concat([kept, added], ignore_index=True)


def wijken_to_current_municipalities(frame: pd.DataFrame, model: RegionModel) -> pd.DataFrame:
    """Give every district (wijk) the current municipality it lies in.

    A district keeps its code and boundaries; only its municipality changes when that merged
    (e.g. the districts of Appingedam now belong to Eemsdelta). Districts of a municipality that
    was split (Haaren) cannot be placed without their own boundary data and are left out.
    """
    successor: dict[str, object] = {}
    for code in pd.unique(frame["municipality_code"].dropna()):
        codes = model.successors(code)
        successor[code] = codes[0] if len(codes) == 1 else None
    codes = frame["municipality_code"].map(successor)
    keep = codes.notna().to_numpy()
    out = frame.loc[keep].copy()
    out["municipality_code"] = codes[keep].to_numpy(dtype=object)
    names = {code: model.name(code) for code in set(successor.values()) if isinstance(code, str)}
    out["municipality_label"] = out["municipality_code"].map(names).to_numpy(dtype=object)
    return out.reset_index(drop=True)
