"""Reference values for src/cells/evaluate/multiclass.test.ts (scikit-learn 1.2.1, Debian python3).

Run: /usr/bin/python3 src/cells/evaluate/reference/multiclass_evaluate.py > src/cells/evaluate/fixtures/multiclass_evaluate.ts
The rows are the test's hand-made predictions table: 12 validation rows, classes a, b, c.
Each run is decided two ways: arg-max (sklearn's predict; the brief without a cost matrix) and, under
the brief's cost matrix, the class of least expected cost, argmin_p sum_t P(t) cost[t][p] (first on
a tie), the bundle's rule (min_cost).
"""
import json
import numpy as np
import pandas as pd
from sklearn.calibration import calibration_curve
from sklearn.metrics import (accuracy_score, average_precision_score, confusion_matrix, f1_score,
                             log_loss, precision_recall_curve, precision_recall_fscore_support,
                             roc_auc_score, roc_curve)

truth = np.array([0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2])
runs = {
    "model": np.array([
        [0.7, 0.2, 0.1], [0.5, 0.3, 0.2], [0.2, 0.6, 0.2], [0.6, 0.1, 0.3],
        [0.1, 0.8, 0.1], [0.3, 0.4, 0.3], [0.2, 0.2, 0.6],
        [0.1, 0.1, 0.8], [0.2, 0.1, 0.7], [0.3, 0.3, 0.4], [0.5, 0.2, 0.3], [0.1, 0.3, 0.6],
    ]),
    "baseline": np.tile([0.25, 0.3, 0.45], (12, 1)),
}
costs = np.array([[0, 1, 1], [5, 0, 1], [2, 1, 0]])
# The slice column of the test's source table, one value per row (row_id order).
island = ["Biscoe", "Biscoe", "Dream", "Torgersen", "Biscoe", "Dream",
          "Biscoe", "Dream", "Biscoe", "Torgersen", "Dream", "Biscoe"]


def slice_metrics(p, decided, metric):
    """Per island, the metric on its rows alone (sklearn's default labels: the classes present in
    the truth or the decision), or accuracy where sklearn raises (a class absent for ROC AUC)."""
    frame = pd.DataFrame({"island": island, "truth": truth, "decided": decided})
    rows = {}
    for name, g in frame.groupby("island"):
        at = g.index.to_numpy()
        y, d = truth[at], decided[at]
        accuracy = accuracy_score(y, d)
        fallback = False
        if metric == "macro_f1":
            value = f1_score(y, d, average="macro", zero_division=0)
        else:
            try:
                value = roc_auc_score(y, p[at], multi_class="ovr", average="macro", labels=[0, 1, 2])
            except ValueError:
                value, fallback = accuracy, True
        rows[name] = {"count": int(len(at)), "value": float(value), "fallback": fallback,
                      "accuracy": float(accuracy)}
    return rows


out = {}
for name, p in runs.items():
    pred = p.argmax(axis=1)
    prec, rec, f1, support = precision_recall_fscore_support(truth, pred, labels=[0, 1, 2], zero_division=0)
    mp, mr, mf, _ = precision_recall_fscore_support(truth, pred, average="macro", zero_division=0)
    wp, wr, wf, _ = precision_recall_fscore_support(truth, pred, average="weighted", zero_division=0)
    cm = confusion_matrix(truth, pred, labels=[0, 1, 2])
    out[name] = {
        "precision": prec.tolist(), "recall": rec.tolist(), "f1": f1.tolist(), "support": support.tolist(),
        "macro_f1": mf, "macro_precision": mp, "macro_recall": mr,
        "weighted_f1": wf, "weighted_precision": wp, "weighted_recall": wr,
        "accuracy": accuracy_score(truth, pred),
        "log_loss": log_loss(truth, p, labels=[0, 1, 2]),
        "roc_auc_ovr_macro": roc_auc_score(truth, p, multi_class="ovr", average="macro"),
        "roc_auc_ovr_weighted": roc_auc_score(truth, p, multi_class="ovr", average="weighted"),
        "confusion": cm.tolist(),
        "normalized": confusion_matrix(truth, pred, labels=[0, 1, 2], normalize="true").tolist(),
        "cost_per_1000": float(costs[truth, pred].sum() / len(truth) * 1000),
    }
    decided = (p @ costs).argmin(axis=1)
    dp, dr, df, _ = precision_recall_fscore_support(truth, decided, labels=[0, 1, 2], zero_division=0)
    _, _, dmf, _ = precision_recall_fscore_support(truth, decided, average="macro", zero_division=0)
    _, _, dwf, _ = precision_recall_fscore_support(truth, decided, average="weighted", zero_division=0)
    out[name]["min_cost"] = {
        "precision": dp.tolist(), "recall": dr.tolist(), "f1": df.tolist(),
        "macro_f1": dmf, "weighted_f1": dwf, "accuracy": accuracy_score(truth, decided),
        "confusion": confusion_matrix(truth, decided, labels=[0, 1, 2]).tolist(),
        "cost_per_1000": float(costs[truth, decided].sum() / len(truth) * 1000),
    }
    # Slices judge the decision the brief's matrix gives (least expected cost).
    out[name]["slices"] = {m: slice_metrics(p, decided, m) for m in ["macro_f1", "roc_auc_ovr_macro"]}
    # One-vs-rest curves per class: class c against the rest, scored by its own column.
    out[name]["ovr"] = []
    for c in range(3):
        yc = (truth == c).astype(int)
        fpr, tpr, _ = roc_curve(yc, p[:, c])
        precision, recall, _ = precision_recall_curve(yc, p[:, c])
        prob_true, prob_pred = calibration_curve(yc, p[:, c], n_bins=10)
        out[name]["ovr"].append({
            "roc_auc": roc_auc_score(yc, p[:, c]),
            "average_precision": average_precision_score(yc, p[:, c]),
            "fpr": fpr.tolist(), "tpr": tpr.tolist(),
            # sklearn's closing point (recall 0, precision 1) is left out: it is not drawn.
            "precision": precision[:-1].tolist(), "recall": recall[:-1].tolist(),
            "calibration_true": prob_true.tolist(), "calibration_pred": prob_pred.tolist(),
        })
print("// Generated by src/cells/evaluate/reference/multiclass_evaluate.py (scikit-learn 1.2.1). Do not edit.")
print("export const MULTICLASS_EVALUATE = " + json.dumps(out, indent=2) + " as const;")
