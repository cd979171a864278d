#!/usr/bin/python3
"""Reference numbers for src/data/features/*.test.ts, from scikit-learn 1.2.1 (Debian's python3).

Run:  /usr/bin/python3 src/data/features/reference/sklearn_reference.py
and paste what it prints into the tests (they name this script beside the numbers).
"""
import json

import numpy as np
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import KBinsDiscretizer, StandardScaler

# StandardScaler fitted on the train values, applied to train and validation values.
TRAIN = [1.5, -2.0, 3.25, 0.0, 7.125, 2.5]
VALID = [100.0, -50.0]
scaler = StandardScaler().fit(np.array(TRAIN).reshape(-1, 1))

# roc_auc_score with tied scores.
Y = [0, 0, 1, 1, 0, 1, 1, 0, 1, 0]
SCORE = [1, 2, 2, 3, 3, 3, 4, 1, 2, 5]
# A category scored by its target rate (mean of Y per category), as the assist does.
CATEGORY = ["a", "b", "a", "c", "b", "c", "c", "a", None, None]
rates = {}
for c in set(CATEGORY):
    ys = [y for y, k in zip(Y, CATEGORY) if k == c]
    rates[c] = sum(ys) / len(ys)
CATEGORY_SCORE = [rates[c] for c in CATEGORY]

# KBinsDiscretizer(quantile, ordinal) inner edges.
bins = KBinsDiscretizer(n_bins=4, encode="ordinal", strategy="quantile").fit(np.array(TRAIN).reshape(-1, 1))

print(json.dumps({
    "scaler_mean": float(scaler.mean_[0]),
    "scaler_scale": float(scaler.scale_[0]),
    "scaled_train": [float(v) for v in scaler.transform(np.array(TRAIN).reshape(-1, 1))[:, 0]],
    "scaled_valid": [float(v) for v in scaler.transform(np.array(VALID).reshape(-1, 1))[:, 0]],
    "auc_ties": roc_auc_score(Y, SCORE),
    "auc_category_rate": roc_auc_score(Y, CATEGORY_SCORE),
    "abs_corr": abs(float(np.corrcoef(SCORE, Y)[0, 1])),
    "quantile_inner_edges": [float(e) for e in bins.bin_edges_[0][1:-1]],
    "quantile_bins_valid": [float(v) for v in bins.transform(np.array(VALID + TRAIN).reshape(-1, 1))[:, 0]],
}, indent=1))
