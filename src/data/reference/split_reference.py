"""Reference values for the regression split (src/data/split.test.ts, 'stratified regression').

Run: /usr/bin/python3 src/data/reference/split_reference.py  (numpy 1.24, pandas, scikit-learn 1.2.1)

The target is a house-price-like column with a heavy right tail and ~50 tied values at the bottom:
    y_i = 50000 + floor(700000 * (((i * 7919) mod 1460) / 1459) ** 4),  i = 0 … 1459
which DuckDB computes exactly as numpy does. The split must validate on exactly the requested share
of the rows (rounded half up, as the split SQL's floor(share * n + 0.5)), keep every value decile
at its share (within 2 rows), and hold rows from both tails (beyond the 1st and 99th percentiles).
"""
import math

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

n = 1460
i = np.arange(n)
y = 50000 + np.floor(700000 * (((i * 7919) % n) / (n - 1)) ** 4)

print("n", n, "min", y.min(), "max", y.max(), "ties at the minimum", int((y == y.min()).sum()))
print("p1", np.percentile(y, 1), "p99", np.percentile(y, 99))

# Validation counts, rounded half up (Python's round() is half to even; the SQL is not).
for rows, share in [(1460, 0.2), (1460, 0.15), (1459, 0.2), (1460, 0.333), (37, 0.25), (10, 0.25)]:
    print("validation rows of", rows, "at", share, "=", math.floor(rows * share + 0.5))

edges = np.percentile(y, np.arange(10, 100, 10))
decile = np.searchsorted(edges, y, side="right")  # value deciles: [edge_k, edge_k+1)
print("decile edges", edges.tolist())
print("rows per value decile", np.bincount(decile, minlength=10).tolist())

# What scikit-learn users do: stratify on pd.qcut bins. Its counts per decile, for comparison.
bins = pd.qcut(y, 10, labels=False, duplicates="drop")
_, test = train_test_split(i, test_size=0.2, stratify=bins, random_state=0)
print("sklearn qcut(10) stratified: validation rows", len(test),
      "max", y[test].max(), "min", y[test].min(),
      "per decile", np.bincount(decile[test], minlength=10).tolist())
