#!/usr/bin/python3
"""Reference numbers for src/ml/models/telco.test.ts, from scikit-learn 1.2.1 (Debian's python3).

Run:  /usr/bin/python3 src/ml/models/reference/telco_reference.py && npx prettier --write src/ml/models/fixtures
Writes src/ml/models/fixtures/telco_split.json (the validation rows) and
src/ml/models/fixtures/telco_reference.ts (the numbers the test checks against), and prints them.

Logistic regression is fitted twice: as asked (C=1, lbfgs, its defaults, which stop at max_iter=100
with a ConvergenceWarning on this data) and solved to the optimum of the same objective with
solver='newton-cholesky', tol=1e-10 (lbfgs even at tol=1e-12 stops ~4e-4 short of it: its objective
is 7e-6 higher). Our Newton solver is compared with the optimum.

Encoding (mirrored exactly by encodeTelco in src/ml/models/testing.ts):
  * target: Churn == "Yes" -> 1, else 0; customerID dropped.
  * split: train_test_split(row indices, test_size=0.2, stratify=y, random_state=42); both
    parts are then taken in ascending row order, so TS and sklearn fit rows in the same order.
  * numeric, in this order: SeniorCitizen, tenure, MonthlyCharges, TotalCharges. TotalCharges is
    text with 11 blank " " values: parsed as a number, blanks -> NaN -> median of the train rows.
    Each is standardised with the train mean and population std (ddof=0, as StandardScaler).
  * categorical, in CSV column order, one-hot with ALL levels (no drop_first; the L2 penalty keeps
    the logistic solution unique), levels sorted by code point from the train rows, named
    "column=level"; 0/1, not standardised.
  * the matrix is rounded to float32 (what the TS side trains on) before sklearn sees it.
"""
import json
import os
from pathlib import Path
import warnings

import numpy as np
import pandas as pd
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeClassifier

HERE = os.path.dirname(os.path.abspath(__file__))
CSV = str(Path(__file__).resolve().parent.parent / "fixtures" / "telco_churn.csv")
NUMERIC = ["SeniorCitizen", "tenure", "MonthlyCharges", "TotalCharges"]


def encode(df, train_rows):
    train = df.iloc[train_rows]
    columns, names = [], []
    for col in NUMERIC:
        values = pd.to_numeric(df[col], errors="coerce").to_numpy(dtype=np.float64)
        train_values = values[train_rows]
        if np.isnan(values).any():
            values = np.where(np.isnan(values), np.median(train_values[~np.isnan(train_values)]), values)
            train_values = values[train_rows]
        mean, std = train_values.mean(), train_values.std()
        columns.append((values - mean) / std)
        names.append(col)
    for col in df.columns:
        if col in NUMERIC or col in ("customerID", "Churn"):
            continue
        for level in sorted(train[col].unique()):
            columns.append((df[col] == level).to_numpy(dtype=np.float64))
            names.append(f"{col}={level}")
    x = np.column_stack(columns).astype(np.float32).astype(np.float64)
    return x, names


def main():
    df = pd.read_csv(CSV, dtype=str, keep_default_na=False)
    y = (df["Churn"] == "Yes").to_numpy(dtype=np.int64)
    train_idx, val_idx = train_test_split(np.arange(len(df)), test_size=0.2, stratify=y, random_state=42)
    train_rows, val_rows = np.sort(train_idx), np.sort(val_idx)
    x, names = encode(df, train_rows)
    xt, yt, xv, yv = x[train_rows], y[train_rows], x[val_rows], y[val_rows]

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        lr = LogisticRegression(C=1.0, penalty="l2", fit_intercept=True, solver="lbfgs").fit(xt, yt)
    lr_warned = any(issubclass(w.category, ConvergenceWarning) for w in caught)
    tight = LogisticRegression(C=1.0, solver="newton-cholesky", tol=1e-10, max_iter=1000).fit(xt, yt)
    hgb = HistGradientBoostingClassifier(random_state=0).fit(xt, yt)
    assert not hgb.do_early_stopping_, "early stopping must be off (n_train <= 10000)"
    p_hgb = hgb.predict_proba(xv)[:, 1]
    # The squared-error path (constant hessian), on the 0/1 churn label as a number.
    hgb_reg = HistGradientBoostingRegressor(random_state=0).fit(xt, yt.astype(np.float64))
    r_hgb = hgb_reg.predict(xv)
    tree = DecisionTreeClassifier(max_depth=4, random_state=0).fit(xt, yt)

    with open(os.path.join(HERE, "..", "fixtures", "telco_split.json"), "w") as out:
        json.dump({
            "source": "telco_churn.csv, rows numbered from 0 after the header",
            "how": "sklearn train_test_split(test_size=0.2, stratify=Churn=='Yes', random_state=42), sorted",
            "sklearn": sklearn.__version__,
            "validationRows": [int(i) for i in val_rows],
        }, out)
        out.write("\n")

    numbers = {
        "sklearn": sklearn.__version__,
        "nTrain": int(len(train_rows)), "nValidation": int(len(val_rows)), "features": names,
        "logistic_default": {
            "auc": roc_auc_score(yv, lr.predict_proba(xv)[:, 1]), "n_iter": int(lr.n_iter_[0]),
            "convergence_warning": lr_warned,
            "intercept": float(lr.intercept_[0]), "coef": [float(c) for c in lr.coef_[0]],
        },
        "logistic_converged": {
            "auc": roc_auc_score(yv, tight.predict_proba(xv)[:, 1]),
            "intercept": float(tight.intercept_[0]), "coef": [float(c) for c in tight.coef_[0]],
        },
        "hgb": {
            "auc": roc_auc_score(yv, p_hgb), "n_iter": int(hgb.n_iter_),
            "first_val_proba": [float(p) for p in p_hgb[:10]],
            "mean_val_proba": float(p_hgb.mean()),
        },
        "hgb_regressor": {
            "first_val_pred": [float(p) for p in r_hgb[:10]],
            "mse": float(np.mean((r_hgb - yv) ** 2)),
        },
        "tree_depth4": {"auc": roc_auc_score(yv, tree.predict_proba(xv)[:, 1])},
    }
    print(json.dumps(numbers, indent=1))
    write_ts(numbers)


def ts_list(values):
    return "[\n" + "".join(f"  {v!r},\n" for v in values) + "]"


def write_ts(d):
    lr, opt, hgb = d["logistic_default"], d["logistic_converged"], d["hgb"]
    text = f"""// Generated by reference/telco_reference.py with scikit-learn {d['sklearn']} (Debian /usr/bin/python3):
// do not edit; rerun the script (then prettier). The validation rows are in telco_split.json.

/** LogisticRegression(C=1, lbfgs), its defaults: stops at max_iter=100 with a ConvergenceWarning. */
export const SKLEARN_LOGISTIC_DEFAULT_AUC = {lr['auc']!r};
export const SKLEARN_LOGISTIC_DEFAULT_INTERCEPT = {lr['intercept']!r};
export const SKLEARN_LOGISTIC_DEFAULT_COEF = {ts_list(lr['coef'])};

/** The same objective solved to its optimum (solver='newton-cholesky', tol=1e-10). */
export const SKLEARN_LOGISTIC_CONVERGED_AUC = {opt['auc']!r};
export const SKLEARN_LOGISTIC_CONVERGED_INTERCEPT = {opt['intercept']!r};
export const SKLEARN_LOGISTIC_CONVERGED_COEF = {ts_list(opt['coef'])};

/** HistGradientBoostingClassifier(random_state=0), defaults; early stopping off (5,634 train rows). */
export const SKLEARN_HGB_AUC = {hgb['auc']!r};
export const SKLEARN_HGB_N_ITER = {hgb['n_iter']!r};
export const SKLEARN_HGB_MEAN_VALIDATION_PROBA = {hgb['mean_val_proba']!r};
export const SKLEARN_HGB_FIRST_VALIDATION_PROBA = {ts_list(hgb['first_val_proba'])};

/** HistGradientBoostingRegressor(random_state=0) on the 0/1 label: the squared-error path. */
export const SKLEARN_HGB_REGRESSOR_FIRST_VALIDATION = {ts_list(d['hgb_regressor']['first_val_pred'])};
export const SKLEARN_HGB_REGRESSOR_MSE = {d['hgb_regressor']['mse']!r};

/** DecisionTreeClassifier(max_depth=4, random_state=0). */
export const SKLEARN_TREE_DEPTH4_AUC = {d['tree_depth4']['auc']!r};

export const TELCO_FEATURES = {json.dumps(d['features'])};
"""
    with open(os.path.join(HERE, "..", "fixtures", "telco_reference.ts"), "w") as out:
        out.write(text)


if __name__ == "__main__":
    main()
