#!/usr/bin/python3
"""Known answers for src/ml/drift/class-mix.test.ts from SciPy 1.10 and numpy (Debian's python3).

Run:  /usr/bin/python3 src/ml/drift/reference/class_mix_reference.py
Prints the values kept in src/ml/drift/fixtures/class_mix_reference.ts; tests never run Python.

The class mix of a multiclass model's predictions: rows predicted as each class in the reference
and in a batch (rows with no class, from NaN probabilities, a "missing" bin).
  chi2_contingency(table, correction=False)   the 2 x k table after the app's pooling rule
                                              (a column whose smaller expected count is below 5 is
                                              pooled; still sparse, it joins the smallest column)
  PSI                                         sum((b - r) * ln(b / r)) over the class shares, each
                                              share floored at 1e-4, the missing bin included
"""
import json

import numpy as np
import scipy
from scipy.stats import chi2_contingency


def psi(cr, cb, floor=1e-4):
    cr = np.array(cr, dtype=float)
    cb = np.array(cb, dtype=float)
    pr = np.maximum(cr / cr.sum(), floor)
    pb = np.maximum(cb / cb.sum(), floor)
    return float(np.sum((pb - pr) * np.log(pb / pr)))


def chi(table):
    stat, p, dof, _ = chi2_contingency(np.array(table), correction=False)
    return {"statistic": float(stat), "pValue": float(p), "df": int(dof)}


CASES = {
    # Four classes, no class sparse: the table as counted.
    "four": {
        "reference": [120, 60, 95, 25],
        "batch": [40, 45, 50, 15],
        "table": [[120, 60, 95, 25], [40, 45, 50, 15]],
        "psi": ([120, 60, 95, 25], [40, 45, 50, 15]),
    },
    # Three classes, 4 batch rows with no class: the missing column (0 + 4) is sparse, pooled,
    # still sparse, and joins the smallest column (the third class, 50 + 80).
    "missing": {
        "reference": [300, 150, 50],
        "batch": [100, 20, 80],
        "batchMissing": 4,
        "table": [[300, 150, 50], [100, 20, 84]],
        "psi": ([300, 150, 50, 0], [100, 20, 80, 4]),
    },
    # Same mix, different sizes: no drift.
    "stable": {
        "reference": [500, 300, 200],
        "batch": [50, 30, 20],
        "table": [[500, 300, 200], [50, 30, 20]],
        "psi": ([500, 300, 200], [50, 30, 20]),
    },
}

out = {}
for name, case in CASES.items():
    out[name] = {"psi": psi(*case["psi"]), **chi(case["table"])}
print(f"// scipy {scipy.__version__}, numpy {np.__version__}")
print(json.dumps(out, indent=2))
