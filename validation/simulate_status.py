"""How often is each verdict wrong when the truth is known? A simulation of the progress engine.

Usage::

    export HHU_DATA=$PWD/data            # a built store (python -m indicators.cli refresh && ... build)
    python validation/simulate_status.py [--draws 20000] [--seed 2030]
        [--before /work/progress_before.parquet] [--after $HHU_DATA/progress.parquet]

Prints Markdown tables (copied into ``validation/RESULTS.md``):

1. **Status.** Synthetic series with a known true path: the path the target requires (ratio 1,
   "truly on track"), three quarters of it, none ("truly flat") and the same pace away from the
   target (ratio -1, "truly moving away"). Observations are the truth plus normal errors with the
   *real* standard errors of the mirror: each draw takes one municipality-indicator series of the
   Gezondheidsmonitor (municipal percentages with a 95% interval in 2016, 2020 and 2022; ``se =
   (upper - lower) / 3.92``) and uses its 2016 value as the true baseline level and its three
   standard errors. The engine (:func:`indicators.progress.baseline.baseline_positions`,
   :func:`indicators.progress.status.classify`, exactly as the progress table calls them) then
   gives a status. Targets: a relative -30% by 2040 (lower is better, like mission M2) and an
   absolute +5 by 2040 (higher is better, like M1a); also the smoking case (measured 2012, 2020,
   2022: baseline 2020 by the fallback rule) and national healthy life expectancy (71950ned, yearly
   2019-2023, its own standard errors, +5 years by 2040).
2. **Projection coverage.** For the same survey series: a true straight line on the logit scale
   through the series' 2016 value with the slope fitted to the real series, optional extra
   year-to-year variation (``tau`` times the series' standard error; the real series' residual
   chi-square suggests ``tau`` about 1.5), observations at 2016, 2020 and 2022, and a new
   measurement in 2030 and 2040 (same effective sample size as 2022). Coverage = share of new
   measurements inside the 95% prediction interval, for both dispersion rules of
   :mod:`indicators.progress.projection`; with the median interval width.
3. **Trend false alarms.** Truly flat series (same set-up): how often the trend test calls a
   significant change, for both rules.
4. **Statuses before and after** (when ``--before``/``--after`` are given).

Nothing is typed in: levels and standard errors come from the built store.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indicators.periods import parse_period  # noqa: E402
from indicators.progress import baseline as bl  # noqa: E402
from indicators.progress import projection as pj  # noqa: E402
from indicators.progress import status as st  # noqa: E402
from indicators.progress.trend import NO_SIGNIFICANT_CHANGE, classify_trend  # noqa: E402
from indicators.progress.uncertainty import SURVEY, interval, se_from_interval  # noqa: E402

SURVEY_PERIODS = ("2016", "2020", "2022")
SMOKING_PERIODS = ("2020", "2022")
NATIONAL_HLE = "gezonde_levensverwachting_jaren"
NATIONAL_PERIODS = ("2019", "2020", "2021", "2022", "2023")
DEADLINE = "2040"
RATIOS = {"truly on track (ratio 1)": 1.0, "three quarters of the pace (0.75)": 0.75, "truly flat (0)": 0.0,
          "truly moving away (-1)": -1.0}
TAUS = (0.0, 1.0, 1.5)
STATUS_ORDER = [st.ACHIEVED, st.AT_TARGET, st.ON_TRACK, st.NEEDS_ACCELERATION, st.LIMITED_PROGRESS,
                st.NO_MEASURABLE_CHANGE, st.MOVING_AWAY, st.INSUFFICIENT_DATA]


def year_of(period: str) -> float:
    """Period year (fractional) of a period key, as the build computes it."""
    return parse_period(period).year


def load_pool(data: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Real series from the built store: municipal survey percentages, municipal smoking, national HLE.

    Returns:
        Three frames, one row per series, with columns ``value_<period>`` and ``se_<period>``.

    """
    built = pd.read_parquet(data / "indicators.parquet")
    built = built.loc[built["value"].notna()].copy()
    if "se" not in built.columns:
        built["se"] = se_from_interval(built["lower"], built["upper"])

    def wide(rows: pd.DataFrame, periods: tuple[str, ...]) -> pd.DataFrame:
        rows = rows.loc[rows["period"].isin(periods)]
        table = rows.pivot_table(index=["indicator_id", "region_code"], columns="period", values=["value", "se"])
        table.columns = [f"{kind}_{period}" for kind, period in table.columns]
        needed = [f"{kind}_{period}" for period in periods for kind in ("value", "se")]
        table = table.reindex(columns=needed).dropna()
        return table.loc[(table[[f"se_{period}" for period in periods]] > 0).all(axis=1)].reset_index()

    municipal = built.loc[(built["region_level"] == "gemeente") & (built["unit"] == "pct")]
    survey = wide(municipal, SURVEY_PERIODS)
    smoking = wide(municipal.loc[municipal["indicator_id"] == "roken_pct"], SMOKING_PERIODS)
    national = wide(built.loc[(built["indicator_id"] == NATIONAL_HLE) & (built["region_code"] == "NL01")], NATIONAL_PERIODS)
    return survey, smoking, national


def draw_series(pool: pd.DataFrame, periods: tuple[str, ...], draws: int, rng: np.random.Generator):
    """Draw ``draws`` real series (with replacement): baseline level and standard errors per period."""
    rows = pool.iloc[rng.integers(0, len(pool), draws)]
    level = rows[f"value_{periods[0]}"].to_numpy()
    se = np.column_stack([rows[f"se_{period}"].to_numpy() for period in periods])
    return level, se


def true_path(level, years, ratio, kind, amount, deadline_year):
    """The true values at ``years`` for a series moving at ``ratio`` times the required pace."""
    elapsed = years[None, :] - years[0]
    horizon = deadline_year - years[0]
    if kind == st.RELATIVE_CHANGE:
        required = (1.0 + amount) ** (1.0 / horizon) - 1.0
        return level[:, None] * (1.0 + ratio * required) ** elapsed
    return level[:, None] + ratio * amount / horizon * elapsed


def run_engine(years, observed, se, kind, amount, higher, deadline_year):
    """Baseline and status exactly as :mod:`indicators.progress.table` computes them."""
    draws, points = observed.shape
    flat_years = np.tile(years, draws)
    starts = np.arange(draws) * points
    positions, _ = bl.baseline_positions(flat_years, starts, np.full(draws, bl.DEFAULT_BASELINE_YEAR))
    found = positions >= 0
    base = np.where(found, positions, 0)
    last = starts + points - 1
    flat_values, flat_se = observed.ravel(), se.ravel()
    result = st.classify(
        kind=kind, amount=amount, higher_is_better=higher, deadline_year=deadline_year, has_baseline=found,
        baseline_year=flat_years[base], baseline_value=flat_values[base], baseline_se=flat_se[base],
        latest_year=flat_years[last], latest_value=flat_values[last], latest_se=flat_se[last], registration=False,
        min_change=0.0,
    )
    lower, upper = interval(flat_values[last], flat_se[last])
    target_inside = (lower <= result["target_value"]) & (result["target_value"] <= upper)
    designed_at_target = target_inside & ~np.isin(result["status"], [st.ACHIEVED, st.INSUFFICIENT_DATA])
    return result["status"], designed_at_target


def status_table(title, pool, periods, draws, rng, kind, amount, higher, bounds=(0.0, 100.0)) -> str:
    """One Markdown table: the share of each status per true scenario."""
    years = np.array([year_of(period) for period in periods])
    deadline_year = year_of(DEADLINE)
    lines = [f"#### {title}", "", "| truth | n | " + " | ".join(STATUS_ORDER) + " | at_target in the designed order |",
             "|---|---:|" + "---:|" * (len(STATUS_ORDER) + 1)]
    for name, ratio in RATIOS.items():
        level, se = draw_series(pool, periods, draws, rng)
        truth = true_path(level, years, ratio, kind, amount, deadline_year)
        observed = np.clip(truth + se * rng.standard_normal(truth.shape), *bounds)
        statuses, designed_at_target = run_engine(years, observed, se, kind, amount, higher, deadline_year)
        shares = pd.Series(statuses).value_counts(normalize=True)
        cells = " | ".join(f"{100 * shares.get(status, 0.0):.1f}" for status in STATUS_ORDER)
        lines.append(f"| {name} | {draws} | {cells} | {100 * designed_at_target.mean():.1f} |")
    return "\n".join(lines)


def coverage_tables(pool, draws, rng) -> str:
    """Coverage and width of the 95% prediction interval, and trend false alarms, for both rules."""
    years = np.array([year_of(period) for period in SURVEY_PERIODS])
    targets = {"2030": year_of("2030"), "2040": year_of("2040")}
    rows = pool.iloc[rng.integers(0, len(pool), draws)]
    se = np.column_stack([rows[f"se_{period}"].to_numpy() for period in SURVEY_PERIODS])
    observed_real = np.column_stack([rows[f"value_{period}"].to_numpy() for period in SURVEY_PERIODS])
    starts = np.arange(draws) * len(years)
    flat_years = np.tile(years, draws)
    units = np.full(draws, "pct", dtype=object)
    registration = np.zeros(draws, dtype=bool)
    use = np.ones(draws * len(years), dtype=bool)
    # the true slope (logit scale per year) is the weighted fit to the real series
    real_fit = pj.fit_lines(flat_years, observed_real.ravel(), se.ravel(), use, starts, units=units,
                            registration=registration)
    unique = pool.assign(chi2=pj.fit_lines(
        np.tile(years, len(pool)), pool[[f"value_{p}" for p in SURVEY_PERIODS]].to_numpy().ravel(),
        pool[[f"se_{p}" for p in SURVEY_PERIODS]].to_numpy().ravel(), np.ones(3 * len(pool), dtype=bool),
        np.arange(len(pool)) * 3, units=np.full(len(pool), "pct", dtype=object),
        registration=np.zeros(len(pool), dtype=bool))["chi2"])
    by_indicator = unique.assign(over=unique["chi2"] > 1).groupby("indicator_id").agg(
        series=("chi2", "size"), mean=("chi2", "mean"), over=("over", "mean"))
    dispersion = ["#### Residual chi-square of the real series (weighted 3-point fits, df 1)", "",
                  "If the published errors were all the scatter, chi2 would follow chi-square(1): mean 1, "
                  "P(chi2 > 1) = 0.32.", "", "| indicator | series | mean chi2 | share chi2 > 1 |", "|---|---:|---:|---:|"]
    dispersion += [f"| {name} | {row['series']:.0f} | {row['mean']:.2f} | {row['over']:.2f} |"
                   for name, row in by_indicator.iterrows()]
    dispersion.append(f"| all | {len(unique)} | {unique['chi2'].mean():.2f} | {(unique['chi2'] > 1).mean():.2f} |")
    level = pj.to_scale(observed_real[:, 0], "logit", 0.0, 100.0)
    slope = np.nan_to_num(real_fit["slope"])
    coverage = ["| tau (x se) | rule | coverage 2030 | median width 2030 (pp) | coverage 2040 | "
                "median width 2040 (pp) | share with phi > 1 |", "|---:|---|---:|---:|---:|---:|---:|"]
    alarms = ["| tau (x se) | rule | flat series called a significant trend | series with the real slope called "
              "a significant trend |", "|---:|---|---:|---:|"]
    for tau in TAUS:
        def measure(x, se_pct, truth_logit):
            truth = pj.from_scale(truth_logit, "logit", 0.0, 100.0)
            noise = se_pct * np.sqrt(1.0 + tau**2) * rng.standard_normal(truth.shape)
            return np.clip(truth + noise, 0.01, 99.99)

        truth_logit = level[:, None] + slope[:, None] * (years[None, :] - years[0])
        observed = measure(years, se, truth_logit)
        flat_obs = measure(years, se, np.repeat(level[:, None], len(years), axis=1))
        p_latest = pj.from_scale(truth_logit[:, -1], "logit", 0.0, 100.0) / 100.0
        for rule in (pj.DISPERSION_T_ALWAYS, pj.DISPERSION_Z_UNLESS_OVERDISPERSED):
            fits = pj.fit_lines(flat_years, observed.ravel(), se.ravel(), use, starts, units=units,
                                registration=registration, rule=rule)
            cells = []
            for target_year in targets.values():
                truth_at = level + slope * (target_year - years[0])
                p_new = pj.from_scale(truth_at, "logit", 0.0, 100.0) / 100.0
                se_new = se[:, -1] * np.sqrt(p_new * (1 - p_new) / (p_latest * (1 - p_latest)))
                new = measure(np.array([target_year]), se_new[:, None], truth_at[:, None])[:, 0]
                _, lower, upper = pj.predict(fits, np.full(draws, target_year))
                inside = (new >= lower) & (new <= upper)
                cells += [f"{100 * inside.mean():.1f}", f"{np.median(upper - lower):.1f}"]
            over = float(np.mean(fits["chi2"] / (fits["n"] - 2) > 1.0))
            coverage.append(f"| {tau:g} | {rule} | {' | '.join(cells)} | {100 * over:.0f}% |")
            called = []
            for sample in (flat_obs, observed):
                sample_fits = pj.fit_lines(flat_years, sample.ravel(), se.ravel(), use, starts, units=units,
                                           registration=registration, rule=rule)
                ends = [pj.from_scale(sample_fits["intercept"] + sample_fits["slope"] * (year - sample_fits["x_centre"]),
                                      "logit", 0.0, 100.0) for year in (years[0], years[-1])]
                trend = classify_trend(n=sample_fits["n"], change=ends[1] - ends[0], p=pj.slope_p(sample_fits),
                                       registration=False, min_change=0.0, direction=1)
                called.append(f"{100 * np.mean(trend != NO_SIGNIFICANT_CHANGE):.1f}%")
            alarms.append(f"| {tau:g} | {rule} | {' | '.join(called)} |")
    return "\n".join([*dispersion, "", "#### Coverage of the 95% prediction interval (n = 3: 2016, 2020, 2022)", "",
                      *coverage, "",
                      "#### Trend test on truly flat series (n = 3), nominal 5%", "", *alarms])


def before_after(before: Path, after: Path) -> str:
    """Statuses over all region-indicator pairs before and after, and the paired table for rows with a target."""
    old = pd.read_parquet(before)
    new = pd.read_parquet(after)
    counts = pd.DataFrame({"before": old["status"].value_counts(), "after": new["status"].value_counts()}).fillna(0)
    counts = counts.astype(int).sort_values("before", ascending=False)
    lines = ["#### Statuses over all region-indicator pairs", "", "| status | before | after |", "|---|---:|---:|"]
    lines += [f"| {status} | {row.before} | {row.after} |" for status, row in counts.iterrows()]
    lines.append(f"| total | {counts['before'].sum()} | {counts['after'].sum()} |")
    keys = ["indicator_id", "region_code"]
    paired = old[[*keys, "status"]].merge(new[[*keys, "status"]], on=keys, suffixes=("_before", "_after"))
    paired = paired.loc[paired["status_before"] != "no_target"]
    cross = pd.crosstab(paired["status_before"], paired["status_after"])
    lines += ["", "#### Rows with a target: before (rows) -> after (columns)", "",
              "| before \\ after | " + " | ".join(cross.columns) + " |", "|---|" + "---:|" * len(cross.columns)]
    lines += [f"| {status} | " + " | ".join(str(value) for value in row) + " |" for status, row in cross.iterrows()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the simulation and print Markdown."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("HHU_DATA", ROOT / "data")))
    parser.add_argument("--draws", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2030)
    parser.add_argument("--before", type=Path)
    parser.add_argument("--after", type=Path)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    survey, smoking, national = load_pool(args.data)
    print(f"Pools from {args.data}: {len(survey)} municipal survey series (pct, {', '.join(SURVEY_PERIODS)}), "
          f"median se {np.median(survey[[f'se_{p}' for p in SURVEY_PERIODS]].to_numpy()):.2f} pp; {len(smoking)} municipal "
          f"smoking series ({', '.join(SMOKING_PERIODS)}); national healthy life expectancy {', '.join(NATIONAL_PERIODS)}"
          f" (se {', '.join(f'{value:.2f}' for value in national.filter(like='se_').iloc[0])} years).")
    print("Share of draws (%) per status; kind of survey estimate:", SURVEY, "\n")
    print(status_table("Relative target -30% by 2040, lower is better (like M2); 2016, 2020, 2022", survey,
                       SURVEY_PERIODS, args.draws, rng, st.RELATIVE_CHANGE, -0.30, False), "\n")
    print(status_table("Absolute target +5 by 2040, higher is better (like M1a); 2016, 2020, 2022", survey,
                       SURVEY_PERIODS, args.draws, rng, st.ABSOLUTE_CHANGE, 5.0, True), "\n")
    print(status_table("Smoking: relative -30% by 2040; measured 2020, 2022 (baseline by the fallback rule)", smoking,
                       SMOKING_PERIODS, args.draws, rng, st.RELATIVE_CHANGE, -0.30, False), "\n")
    print(status_table("National healthy life expectancy: +5 years by 2040; yearly 2019-2023", national,
                       NATIONAL_PERIODS, args.draws, rng, st.ABSOLUTE_CHANGE, 5.0, True, bounds=(0.0, 120.0)), "\n")
    print(coverage_tables(survey, args.draws, rng), "\n")
    if args.before and args.after:
        print(before_after(args.before, args.after))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
