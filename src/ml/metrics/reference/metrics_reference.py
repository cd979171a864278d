#!/usr/bin/python3
"""Known answers for src/ml/metrics/*.test.ts from scikit-learn 1.2.1 and numpy 1.24 (Debian's python3).

Run:  /usr/bin/python3 src/ml/metrics/reference/metrics_reference.py && npx prettier --write src/ml/metrics/fixtures
Writes src/ml/metrics/fixtures/sklearn_reference.ts; tests never run Python.

The small cases are written out in full. The 'random' cases are drawn with mulberry32, ported here
bit for bit from src/ml/models/prng.ts, so that metrics/testing.ts draws the same rows in TypeScript
and the fixture holds only the answers:
  classification: s = floor(r() * 100) / 100 (ties at two decimals), y = 1 if r() < s else 0
  regression:     y = floor(r() * 1000) / 10 + 1, prediction = y + (r() - 0.5) * 20
log_loss is given with eps=1e-15 (the app's default) and eps='auto' (1.2.1's default).
Lift by decile has no sklearn function: it is computed here with numpy by the definition in gains.ts.
"""
import json
import math
import os
import warnings

import numpy as np
import sklearn
from sklearn.calibration import calibration_curve
from sklearn.metrics import (
    accuracy_score, auc, average_precision_score, brier_score_loss, confusion_matrix, f1_score,
    log_loss, mean_absolute_error, mean_absolute_percentage_error, mean_squared_error,
    precision_recall_curve, precision_score, r2_score, recall_score, roc_auc_score, roc_curve,
)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "fixtures", "sklearn_reference.ts")
M = 0xFFFFFFFF


def mulberry32(seed):
    state = seed & M

    def rnd():
        nonlocal state
        state = (state + 0x6D2B79F5) & M
        t = state
        t = ((t ^ (t >> 15)) * (t | 1)) & M
        t = (t ^ ((t + (((t ^ (t >> 7)) * (t | 61)) & M)) & M)) & M
        return ((t ^ (t >> 14)) & M) / 4294967296

    return rnd


def random_classification(n, seed):
    r = mulberry32(seed)
    y, s = [], []
    for _ in range(n):
        score = math.floor(r() * 100) / 100
        s.append(score)
        y.append(1 if r() < score else 0)
    return y, s


def random_regression(n, seed):
    r = mulberry32(seed)
    y, p = [], []
    for _ in range(n):
        v = math.floor(r() * 1000) / 10 + 1
        y.append(v)
        p.append(v + (r() - 0.5) * 20)
    return y, p


def floats(a):
    return [float(v) for v in a]


def maybe(f):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            v = float(f())
        except ValueError:
            return None
        return None if math.isnan(v) else v


def lift_by_decile(y, s, groups=10):
    y, s = np.asarray(y, float), np.asarray(s, float)
    n = len(y)
    order = np.lexsort((np.arange(n), -s))  # score descending, ties in row order
    total = y.sum()
    rows, cum_n, cum_p = [], 0, 0.0
    for g in range(groups):
        start, end = math.ceil(g * n / groups), math.ceil((g + 1) * n / groups)
        if end <= start:
            continue
        part = order[start:end]
        pos = float(y[part].sum())
        cum_n += end - start
        cum_p += pos
        rate = pos / (end - start)
        rows.append({
            "decile": g + 1, "count": end - start, "positives": pos, "positiveRate": rate,
            "lift": rate / (total / n) if total > 0 else None,
            "cumulativeGain": cum_p / total if total > 0 else None,
            "cumulativeLift": cum_p / cum_n / (total / n) if total > 0 else None,
            "minScore": float(s[part].min()),
        })
    return rows


def calibration(y, s, n_bins, strategy):
    t, p = calibration_curve(y, s, n_bins=n_bins, strategy=strategy)
    return {"fractionPositive": floats(t), "meanPredicted": floats(p)}


def classification(y, s, threshold=0.5):
    y, s = np.asarray(y), np.asarray(s, float)
    pred = (s >= threshold).astype(int)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fpr, tpr, th = roc_curve(y, s)
        fpr_all, tpr_all, _ = roc_curve(y, s, drop_intermediate=False)
        prec, rec, pr_th = precision_recall_curve(y, s)
        tn, fp, fn, tp = confusion_matrix(y, pred, labels=[0, 1]).ravel()
        return {
            "rocAuc": maybe(lambda: roc_auc_score(y, s)),
            "roc": {"fpr": floats(fpr), "tpr": floats(tpr), "thresholds": floats(th)},
            "rocAll": {"fpr": floats(fpr_all), "tpr": floats(tpr_all)},
            "pr": {"precision": floats(prec), "recall": floats(rec), "thresholds": floats(pr_th)},
            "averagePrecision": maybe(lambda: average_precision_score(y, s)),
            # The trapezoid from (recall 0, precision 1) that the app reported as PR AUC before
            # issue 19; kept to show the difference (tests check the app no longer gives it).
            "trapezoidPrAuc": maybe(lambda: auc(rec, prec)),
            "logLossAuto": float(log_loss(y, s, labels=[0, 1])),
            "logLoss1e15": float(log_loss(y, s, labels=[0, 1], eps=1e-15)),
            "brier": float(brier_score_loss(y, s, pos_label=1)),
            "threshold": threshold,
            "confusion": {"tp": int(tp), "fp": int(fp), "tn": int(tn), "fn": int(fn)},
            "accuracy": float(accuracy_score(y, pred)),
            "precision": float(precision_score(y, pred, zero_division=0)),
            "recall": float(recall_score(y, pred, zero_division=0)),
            "f1": float(f1_score(y, pred, zero_division=0)),
            "calibrationUniform5": calibration(y, s, 5, "uniform"),
            "calibrationQuantile5": calibration(y, s, 5, "quantile"),
            "calibrationUniform10": calibration(y, s, 10, "uniform"),
            "calibrationQuantile10": calibration(y, s, 10, "quantile"),
            "lift": lift_by_decile(y, s),
        }


def regression(y, p):
    y, p = np.asarray(y, float), np.asarray(p, float)
    r = y - p
    return {
        "mae": float(mean_absolute_error(y, p)),
        "rmse": float(math.sqrt(mean_squared_error(y, p))),
        "r2": float(r2_score(y, p)),
        "mape": float(mean_absolute_percentage_error(y, p)),
        "residuals": {
            "count": len(r), "mean": float(r.mean()), "std": float(r.std()), "min": float(r.min()),
            "p05": float(np.percentile(r, 5)), "median": float(np.percentile(r, 50)),
            "p95": float(np.percentile(r, 95)), "max": float(r.max()),
            "meanAbsolute": float(np.abs(r).mean()),
        },
    }


SMALL = {
    "ties": ([0, 0, 1, 1, 0, 1, 0, 1, 1, 0], [0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.2, 0.9, 0.35, 0.6]),
    "allNegative": ([0, 0, 0, 0, 0], [0.1, 0.5, 0.3, 0.9, 0.5]),
    "allPositive": ([1, 1, 1, 1], [0.2, 0.7, 0.7, 0.0]),
    "allEqualScores": ([0, 1, 0, 1, 1, 0], [0.3, 0.3, 0.3, 0.3, 0.3, 0.3]),
    "perfect": ([0, 0, 0, 1, 1, 1], [0.1, 0.2, 0.3, 0.7, 0.8, 0.9]),
    "inverted": ([1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9]),
    "extremes": ([0, 1, 1, 0, 1], [0.0, 1.0, 0.0, 1.0, 0.5]),
    # A constant score (the baseline's): average precision is the positive rate (issue 19), where
    # the trapezoid gave (1 + rate) / 2: 28 % and 5 % positives, as on the sets the issue names.
    "constant28": ([1] * 28 + [0] * 72, [0.28] * 100),
    "constant5": ([0] * 95 + [1] * 5, [0.05] * 100),
}

REGRESSION_SMALL = {
    "small": ([3.0, -0.5, 2.0, 7.0, 0.0], [2.5, 0.0, 2.0, 8.0, 0.25]),
    "constantTruth": ([2.0, 2.0, 2.0], [1.0, 2.0, 3.0]),
    "perfect": ([1.0, 2.0, 3.0], [1.0, 2.0, 3.0]),
}


def no_nan(value):
    """JSON has no NaN: a NaN (a 0/0 rate of a one-class curve) is written as null."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: no_nan(v) for k, v in value.items()}
    if isinstance(value, list):
        return [no_nan(v) for v in value]
    return value


def main():
    out = {
        "sklearnVersion": sklearn.__version__,
        "numpyVersion": np.__version__,
        "classification": {name: {"y": y, "score": s, **classification(y, s)} for name, (y, s) in SMALL.items()},
        "regression": {name: {"y": y, "prediction": p, **regression(y, p)} for name, (y, p) in REGRESSION_SMALL.items()},
    }
    y, s = random_classification(300, 7)
    out["randomClassification"] = {"n": 300, "seed": 7, "firstScores": s[:5], "firstY": y[:5], **classification(y, s)}
    y, p = random_regression(300, 11)
    out["randomRegression"] = {"n": 300, "seed": 11, "firstY": y[:5], "firstPrediction": p[:5], **regression(y, p)}
    text = (
        "// Generated by src/ml/metrics/reference/metrics_reference.py: do not edit by hand.\n"
        f"// scikit-learn {sklearn.__version__} (roc_auc_score, roc_curve, precision_recall_curve,\n"
        "// average_precision_score, auc, log_loss, brier_score_loss, calibration_curve, accuracy_score,\n"
        "// precision_score, recall_score, f1_score, confusion_matrix, mean_absolute_error,\n"
        "// mean_squared_error, r2_score, mean_absolute_percentage_error) and numpy "
        f"{np.__version__} (percentile, lift).\n"
        f"export const SKLEARN_REFERENCE = {json.dumps(no_nan(out), allow_nan=False)} as const;\n"
    )
    with open(OUT, "w") as f:
        f.write(text)
    print(json.dumps({k: out[k] for k in ("sklearnVersion", "numpyVersion")}))
    print("randomClassification rocAuc", out["randomClassification"]["rocAuc"])


if __name__ == "__main__":
    main()
