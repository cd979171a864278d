#!/usr/bin/python3
"""Known answers for src/ml/metrics/multiclass.test.ts from scikit-learn 1.2.1 (Debian's python3).

Run:  /usr/bin/python3 src/ml/metrics/reference/multiclass_reference.py && npx prettier --write src/ml/metrics/fixtures
Writes src/ml/metrics/fixtures/sklearn_multiclass.ts; tests never run Python.

The rows are drawn with mulberry32 (metrics_reference.py's port of src/ml/models/prng.ts), with
only exact arithmetic, so that metrics/testing.ts's randomMulticlass draws the same rows in
TypeScript and the fixture holds only the answers. Per row: k integer weights w_c = floor(r() * 20)
+ 1, probabilities p_c = w_c / sum(w) (ties are common: arg-max takes the first), then the true
class is drawn from p with u = r() against the running sum (so the scores are calibrated).
The cost matrix's value has no sklearn function: numpy, by the definition in value/multiclass.ts.
"""
import json
import math
import os
import warnings

import numpy as np
import sklearn
from sklearn.calibration import calibration_curve
from sklearn.metrics import (
    accuracy_score, average_precision_score, confusion_matrix, log_loss,
    precision_recall_curve, precision_recall_fscore_support, roc_auc_score, roc_curve,
)

from metrics_reference import mulberry32, floats

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "fixtures", "sklearn_multiclass.ts")


def random_multiclass(n, k, seed):
    r = mulberry32(seed)
    y, p = [], []
    for _ in range(n):
        w = [math.floor(r() * 20) + 1 for _ in range(k)]
        total = 0
        for v in w:
            total += v
        row = [v / total for v in w]
        u, cum, truth = r(), 0.0, k - 1
        for c in range(k):
            cum += row[c]
            if u < cum:
                truth = c
                break
        y.append(truth)
        p.append(row)
    return y, p


def cost_matrix(k):
    """A fixed, asymmetric cost matrix: 0 on the diagonal, mistakes cost 1 + ((3t + 5p) mod 7)."""
    return [[0 if t == p else 1 + (3 * t + 5 * p) % 7 for p in range(k)] for t in range(k)]


def min_expected_cost(P, costs):
    """argmin over q of sum_t P[i, t] * cost[t, q]; costs within 1e-12 * max|cost| are ties (first wins)."""
    expected = P @ np.asarray(costs, float)
    tolerance = 1e-12 * max(1.0, float(np.abs(costs).max()))
    out = []
    for row in expected:
        best = 0
        for q in range(1, len(row)):
            if row[q] < row[best] - tolerance:
                best = q
        out.append(best)
    return np.asarray(out)


def value(y, P, costs, predicted):
    y, costs = np.asarray(y), np.asarray(costs, float)
    n, k = P.shape
    counts = np.zeros((k, k))
    for t, q in zip(y, predicted):
        counts[t, q] += 1
    total = float((counts * costs).sum())
    constant = [float((counts.sum(axis=1) * costs[:, q]).sum()) / n * 1000 for q in range(k)]
    best = int(np.argmin(constant))
    return {
        "predicted": [int(v) for v in predicted], "counts": counts.astype(int).tolist(),
        "totalCost": total, "costPerThousand": total / n * 1000,
        "bestConstant": {"class": best, "costPerThousand": constant[best]},
    }


def case(y, p):
    y, P = np.asarray(y), np.asarray(p, dtype=float)
    k = P.shape[1]
    labels = list(range(k))
    pred = P.argmax(axis=1)
    out = {"k": k, "n": len(y)}
    prec, rec, f1, sup = precision_recall_fscore_support(y, pred, labels=labels, zero_division=0)
    out["perClass"] = [
        {"precision": float(a), "recall": float(b), "f1": float(c), "support": int(d)}
        for a, b, c, d in zip(prec, rec, f1, sup)
    ]
    for avg in ("macro", "weighted"):
        a, b, c, _ = precision_recall_fscore_support(y, pred, labels=labels, average=avg, zero_division=0)
        out[avg] = {"precision": float(a), "recall": float(b), "f1": float(c)}
    out["accuracy"] = float(accuracy_score(y, pred))
    out["confusion"] = confusion_matrix(y, pred, labels=labels).tolist()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out["confusionNormalized"] = confusion_matrix(y, pred, labels=labels, normalize="true").tolist()
    out["logLoss1e15"] = float(log_loss(y, P, labels=labels, eps=1e-15))
    out["logLossAuto"] = float(log_loss(y, P, labels=labels))
    for avg in ("macro", "weighted"):
        try:
            out["rocAucOvr_" + avg] = float(roc_auc_score(y, P, multi_class="ovr", average=avg, labels=labels))
        except ValueError:
            out["rocAucOvr_" + avg] = None
    per_class = []
    for c in labels:
        yc, sc = (y == c).astype(int), P[:, c]
        entry = {"support": int(yc.sum())}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if 0 < yc.sum() < len(yc):
                fpr, tpr, _ = roc_curve(yc, sc)
                entry["roc"] = {"fpr": floats(fpr), "tpr": floats(tpr)}
                entry["rocAuc"] = float(roc_auc_score(yc, sc))
            else:
                entry["roc"] = {"fpr": [], "tpr": []}
                entry["rocAuc"] = None
            if yc.sum() > 0:
                pr, rc, _ = precision_recall_curve(yc, sc)
                entry["pr"] = {"precision": floats(pr[:-1]), "recall": floats(rc[:-1])}
                entry["averagePrecision"] = float(average_precision_score(yc, sc))
            else:
                entry["pr"] = {"precision": [], "recall": []}
                entry["averagePrecision"] = None
            t, m = calibration_curve(yc, sc, n_bins=5, strategy="uniform")
            entry["calibrationUniform5"] = {"fractionPositive": floats(t), "meanPredicted": floats(m)}
        per_class.append(entry)
    out["ovr"] = per_class
    costs = cost_matrix(k)
    out["costs"] = costs
    out["valueArgMax"] = value(y, P, costs, pred)
    out["valueMinExpectedCost"] = value(y, P, costs, min_expected_cost(P, costs))
    return out


def main():
    cases = {}
    for name, (n, k, seed) in {"three": (300, 3, 21), "seven": (500, 7, 22)}.items():
        y, p = random_multiclass(n, k, seed)
        cases[name] = {"seed": seed, "firstY": y[:5], "firstP": p[:2], **case(y, p)}
    # Class 2 of 3 has no rows: its one-vs-rest AUC is undefined, so are the averages (sklearn raises).
    y, p = random_multiclass(120, 3, 23)
    keep = [i for i, v in enumerate(y) if v != 2]
    cases["missingClass"] = {"seed": 23, "drop": 2, **case([y[i] for i in keep], [p[i] for i in keep])}
    out = {"sklearnVersion": sklearn.__version__, "numpyVersion": np.__version__, "cases": cases}
    text = (
        "// Generated by src/ml/metrics/reference/multiclass_reference.py: do not edit by hand.\n"
        f"// scikit-learn {sklearn.__version__} (precision_recall_fscore_support, accuracy_score,\n"
        "// confusion_matrix, log_loss, roc_auc_score(multi_class='ovr'), roc_curve,\n"
        "// precision_recall_curve, average_precision_score, calibration_curve) and numpy "
        f"{np.__version__} (the cost matrix's value).\n"
        f"export const SKLEARN_MULTICLASS = {json.dumps(out, allow_nan=False)} as const;\n"
    )
    with open(OUT, "w") as f:
        f.write(text)
    for name, c in cases.items():
        print(name, "accuracy", c["accuracy"], "macro F1", c["macro"]["f1"], "OvR AUC", c["rocAucOvr_macro"], c["rocAucOvr_weighted"], "log loss", c["logLoss1e15"])


if __name__ == "__main__":
    main()
