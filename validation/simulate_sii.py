"""How often is the SII's verdict in words wrong when the truth is known?

The Ongelijkheid page and the report say of each municipality's SII either "de wijken met meer lage
inkomens doen het slechter/beter" (the whole bootstrap 95% interval on one side of 0) or "geen
duidelijk verschil" (the interval includes 0). This script measures that verdict with the
project's own :func:`indicators.sii.slope_index` on the real districts of the mirror:

* **No gradient (the truth is SII = 0).** Each municipality keeps its real districts, inhabitants and
  income order, but its district values are shuffled at random across its districts, so the
  order by income carries no information. A verdict "slechter" or "beter" is then a false claim;
  a 95% interval should make it in about 5% of draws.
* **A known gradient.** The shuffled values plus a straight line over the population rank with a
  known SII (``--gradient`` percentage points from the least to the most deprived end): how often
  is the gradient found ("slechter"), missed ("geen duidelijk verschil") or reversed ("beter")?

Results are split by the number of districts with a value, since a bootstrap over five districts
has little to resample.

Usage (a store built with ``hhu refresh``)::

    python validation/simulate_sii.py --draws 200 --seed 2030 [--indicator sii_ervaren_gezondheid_pp]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indicators import api  # noqa: E402
from indicators.sii import REPLICATES, slope_index  # noqa: E402
from indicators.verdicts import interval_side  # noqa: E402

BANDS = ((5, 7), (8, 11), (12, 19), (20, 10_000))


def districts(indicator_id: str, period: str) -> pd.DataFrame:
    """The usable districts of every municipality in one period, in income order (most deprived first)."""
    frame = api.wijk_values(indicator_id)
    frame = frame.loc[(frame["period"] == period) & frame["usable"] & frame["value"].notna()]
    frame = frame.sort_values(["municipality_code", "income_rank"])
    counts = frame.groupby("municipality_code")["value"].transform("size")
    return frame.loc[counts >= 5].reset_index(drop=True)


def verdicts(lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """The page's verdict per interval (:func:`indicators.verdicts.interval_side`): ``worse``, ``better``, ``unclear``."""
    words = {"above": "worse", "below": "better"}
    return np.array([words.get(interval_side(low, high), "unclear") for low, high in zip(lower, upper, strict=True)])


def simulate(frame: pd.DataFrame, gradient: float, draws: int, rng: np.random.Generator,
             replicates: int) -> pd.DataFrame:
    """Verdicts of ``draws`` shuffled copies of every municipality, with a true SII of ``gradient``."""
    sizes = frame.groupby("municipality_code", sort=False)["value"].size().to_numpy()
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    values = frame["value"].to_numpy(dtype=float)
    population = frame["inhabitants"].to_numpy(dtype=float)
    middle = frame["rank_midpoint"].to_numpy(dtype=float)  # 0 = most deprived end
    rows = []
    for draw in range(draws):
        shuffled = values.copy()
        for start, size in zip(starts, sizes, strict=True):
            shuffled[start:start + size] = rng.permutation(shuffled[start:start + size])
        # a known line rising from the most deprived end (0) to the least deprived (1): with "good health"
        # as the measure, a positive SII is the most deprived districts doing worse (as on the page)
        truth = shuffled + gradient * middle
        result = slope_index(truth, population, sizes, replicates=replicates, seed=int(rng.integers(1 << 30)))
        rows.append(pd.DataFrame({"draw": draw, "districts": sizes,
                                  "verdict": verdicts(result["lower"], result["upper"])}))
    return pd.concat(rows, ignore_index=True)


def table(result: pd.DataFrame) -> str:
    """Share of verdicts per band of district counts, as a Markdown table."""
    lines = ["| districts | municipalities x draws | slechter (worse) | geen duidelijk verschil | beter (better) |",
             "|---|---:|---:|---:|---:|"]
    for low, high in BANDS:
        part = result.loc[result["districts"].between(low, high)]
        if part.empty:
            continue
        share = part["verdict"].value_counts(normalize=True) * 100
        label = f"{low}-{high}" if high < 10_000 else f"{low}+"
        lines.append(f"| {label} | {len(part)} | {share.get('worse', 0):.1f} | {share.get('unclear', 0):.1f} | "
                     f"{share.get('better', 0):.1f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run both scenarios and print Markdown."""
    parser = argparse.ArgumentParser(prog="simulate_sii.py")
    parser.add_argument("--indicator", default="sii_ervaren_gezondheid_pp")
    parser.add_argument("--period", default="2020")
    parser.add_argument("--draws", type=int, default=200)
    parser.add_argument("--gradient", type=float, default=10.0, help="true SII in percentage points")
    parser.add_argument("--replicates", type=int, default=REPLICATES)
    parser.add_argument("--seed", type=int, default=2030)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    frame = districts(args.indicator, args.period)
    print(f"{args.indicator}, {args.period}: {frame['municipality_code'].nunique()} municipalities with >= 5 usable "
          f"districts, {len(frame)} districts; {args.draws} draws, {args.replicates} bootstrap replicates each.\n")
    print("No gradient (true SII = 0): 'slechter' or 'beter' is a false claim.\n")
    print(table(simulate(frame, 0.0, args.draws, rng, args.replicates)))
    print(f"\nA true SII of {args.gradient:g} percentage points (the most deprived end worse):\n")
    print(table(simulate(frame, args.gradient, args.draws, rng, args.replicates)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
