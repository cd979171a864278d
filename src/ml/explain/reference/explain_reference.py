#!/usr/bin/python3
"""Reference numbers for src/ml/explain/telco.test.ts and stats.test.ts, from scikit-learn 1.2.1
and SciPy 1.10.1 (Debian's /usr/bin/python3).

Run:  /usr/bin/python3 src/ml/explain/reference/explain_reference.py && npx prettier --write src/ml/explain/fixtures
Writes src/ml/explain/fixtures/explain_reference.json and prints a summary.

Data and models are those of src/ml/models/reference/telco_reference.py (imported from there): the
Telco churn CSV, its stratified 80/20 split, its encoding (4 standardised numbers, then every
one-hot level, 45 columns, float32), LogisticRegression(C=1) solved to its optimum
(newton-cholesky, tol=1e-10) and HistGradientBoostingClassifier(random_state=0). The TS tests fit
the same models in TypeScript (they equal these: see src/ml/models/telco.test.ts) and use those as
the score function.

Permutation importance: sklearn.inspection.permutation_importance(model, X_val, y_val,
scoring=..., n_repeats=5, random_state=0). sklearn draws one seed, then for every column replays
the same RandomState: repeat r shuffles `shuffling_idx` in place and sets the column to
column[shuffling_idx], so after r repeats the column is x[P_r] with P_r = P_{r-1}[idx_r]. The
script rebuilds these P_r, checks that shuffling by them gives sklearn's importances exactly, and
stores them: the TS test replays them (option `permutations`) and must then give the same numbers.
Grouped importance (all columns of one source shuffled by the same P_r) has no sklearn function;
it is computed here with the same scorer by the same loop.

Partial dependence: sklearn.inspection.partial_dependence(model, X_val, [f], kind='both',
method='brute') with the default grid (percentiles (0.05, 0.95), grid_resolution=100; unique
values when fewer), and a two-way one with grid_resolution=10. The grid sklearn used is stored and
the TS side evaluates its PDP on it. A one-hot group's PDP (each level set in turn) is computed
here by brute force, as partial_dependence does for one column.
"""
import json
import os
import sys
from pathlib import Path

# One thread: HGB's OpenMP prediction spins badly on a shared machine, and the bench compares 1 job.
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np
import pandas as pd
import scipy
import sklearn
from scipy import stats
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.inspection import partial_dependence, permutation_importance
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import check_scoring
from sklearn.model_selection import train_test_split
from sklearn.utils import check_random_state

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "models" / "reference"))
from telco_reference import CSV, encode  # noqa: E402

REPEATS = 5
SEED = 0
PDP_FEATURES = ["tenure", "MonthlyCharges", "Contract=Month-to-month"]
PDP_2D = ["tenure", "MonthlyCharges"]
ICE_ROWS = 5
GROUP_PDP = "Contract"


def sklearn_permutations(n_rows):
    """The composite row permutations sklearn 1.2.1's permutation_importance applies, per repeat."""
    seed = check_random_state(SEED).randint(np.iinfo(np.int32).max + 1)
    random_state = check_random_state(seed)
    shuffling_idx = np.arange(n_rows)
    composite = np.arange(n_rows)
    out = []
    for _ in range(REPEATS):
        random_state.shuffle(shuffling_idx)
        composite = composite[shuffling_idx]
        out.append(composite.copy())
    return out


def shuffled_drops(model, x, y, scoring, column_sets, perms):
    scorer = check_scoring(model, scoring=scoring)
    baseline = scorer(model, x, y)
    drops = []
    for columns in column_sets:
        row = []
        for p in perms:
            xp = x.copy()
            xp[:, columns] = x[p][:, columns]
            row.append(baseline - scorer(model, xp, y))
        drops.append(row)
    return baseline, np.array(drops)


def groups_of(names):
    groups = {}
    for j, name in enumerate(names):
        groups.setdefault(name.split("=")[0], []).append(j)
    return [{"name": k, "columns": v} for k, v in groups.items()]


def importance(model, xv, yv, scoring, names, perms):
    result = permutation_importance(model, xv, yv, scoring=scoring, n_repeats=REPEATS, random_state=SEED, n_jobs=1)
    baseline, replay = shuffled_drops(model, xv, yv, scoring, [[j] for j in range(xv.shape[1])], perms)
    assert np.array_equal(replay, result.importances), "rebuilt permutations must give sklearn's importances"
    groups = groups_of(names)
    _, grouped = shuffled_drops(model, xv, yv, scoring, [g["columns"] for g in groups], perms)
    order = np.argsort(-result.importances_mean, kind="stable")
    return {
        "scoring": scoring,
        "baseline": float(baseline),
        "importances": result.importances.tolist(),
        "mean": result.importances_mean.tolist(),
        "top10": [names[j] for j in order[:10]],
        "grouped": [{"name": g["name"], "drops": d.tolist()} for g, d in zip(groups, grouped)],
    }


def pdp(model, xv, names):
    out = []
    for name in PDP_FEATURES:
        j = names.index(name)
        r = partial_dependence(model, xv, [j], kind="both", method="brute")
        out.append({
            "feature": name,
            "column": j,
            "grid": r["values"][0].tolist(),
            "average": r["average"][0].tolist(),
            "ice": r["individual"][0][:ICE_ROWS].tolist(),
        })
    a, b = (names.index(n) for n in PDP_2D)
    r = partial_dependence(model, xv, [(a, b)], kind="average", method="brute", grid_resolution=10)
    two_way = {
        "features": PDP_2D,
        "columns": [a, b],
        "gridA": r["values"][0].tolist(),
        "gridB": r["values"][1].tolist(),
        "average": r["average"][0].tolist(),
    }
    columns = [j for j, n in enumerate(names) if n.startswith(GROUP_PDP + "=")]
    levels = []
    for level in columns:
        x = xv.copy()
        x[:, columns] = 0.0
        x[:, level] = 1.0
        levels.append(float(model.predict_proba(x)[:, 1].mean()))
    return {"oneWay": out, "twoWay": two_way, "group": {"name": GROUP_PDP, "columns": columns, "average": levels}}


def main():
    df = pd.read_csv(CSV, dtype=str, keep_default_na=False)
    y = (df["Churn"] == "Yes").to_numpy(dtype=np.int64)
    train_idx, val_idx = train_test_split(np.arange(len(df)), test_size=0.2, stratify=y, random_state=42)
    train_rows, val_rows = np.sort(train_idx), np.sort(val_idx)
    x, names = encode(df, train_rows)
    xt, yt, xv, yv = x[train_rows], y[train_rows], x[val_rows], y[val_rows]
    lr = LogisticRegression(C=1.0, solver="newton-cholesky", tol=1e-10, max_iter=1000).fit(xt, yt)
    hgb = HistGradientBoostingClassifier(random_state=0).fit(xt, yt)
    perms = sklearn_permutations(len(val_rows))
    print("fitted; scoring", flush=True)

    numbers = {
        "sklearn": sklearn.__version__,
        "scipy": scipy.__version__,
        "repeats": REPEATS,
        "randomState": SEED,
        "permutations": [p.tolist() for p in perms],
        "logistic": {
            "importance": {s: importance(lr, xv, yv, s, names, perms) for s in ("roc_auc", "neg_log_loss")},
            "pdp": pdp(lr, xv, names),
        },
        "hgb": {
            "importance": {"roc_auc": importance(hgb, xv, yv, "roc_auc", names, perms)},
            "pdp": pdp(hgb, xv, names),
        },
        # Student's t quantiles for the importance intervals.
        "tQuantiles": [
            {"p": p, "df": df_, "value": float(stats.t.ppf(p, df_))}
            for p in (0.975, 0.95, 0.995, 0.6)
            for df_ in (1, 2, 4, 9, 29, 100)
        ],
        "tCdf": [
            {"t": t, "df": df_, "value": float(stats.t.cdf(t, df_))}
            for t in (-3.0, 0.5, 1.0, 2.13184678133629, 3.0, 12.0)
            for df_ in (1, 3, 4, 9, 100)
        ],
    }
    for model in ("logistic", "hgb"):
        for scoring, imp in numbers[model]["importance"].items():
            print(model, scoring, "baseline", round(imp["baseline"], 6), "top10", imp["top10"])
        for one in numbers[model]["pdp"]["oneWay"]:
            print(model, "pdp", one["feature"], "grid", len(one["grid"]), "points", np.round(one["grid"][:3], 4), "…")
    with open(HERE.parent / "fixtures" / "explain_reference.json", "w") as out:
        json.dump(numbers, out)
        out.write("\n")


if __name__ == "__main__":
    main()
