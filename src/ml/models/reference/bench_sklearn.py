#!/usr/bin/python3
"""Fit times of scikit-learn on 200,000 x 32 synthetic rows, to compare with bench.test.ts.

Run:  /usr/bin/python3 src/ml/models/reference/bench_sklearn.py
Same shape and the same kind of data as syntheticClassification in testing.ts (standard normal
features, a logistic target with one quadratic term); numpy's RNG, so not the same numbers.
HistGradientBoosting: early stopping off (it would switch itself on above 10,000 rows) so that
it grows exactly 100 trees, as our default does. Threads: whatever OpenMP/BLAS use by default.
"""
import time

import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression

N, D = 200_000, 32


def data(seed=42):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((N, D)).astype(np.float32)
    w = np.array([(1 if j % 3 == 0 else -0.5) / np.sqrt(1 + j) for j in range(D)])
    z = -0.5 + x @ w + 0.5 * x[:, 0] ** 2
    y = (rng.random(N) < 1 / (1 + np.exp(-z))).astype(np.int64)
    return x.astype(np.float64), y


def timed(label, fit):
    start = time.perf_counter()
    model = fit()
    print(f"{label}: {time.perf_counter() - start:.2f} s")
    return model


def main():
    x, y = data()
    print("scikit-learn", sklearn.__version__)
    timed("LogisticRegression(lbfgs)", lambda: LogisticRegression().fit(x, y))
    timed("LogisticRegression(newton-cholesky)", lambda: LogisticRegression(solver="newton-cholesky").fit(x, y))
    timed("HistGradientBoostingClassifier", lambda: HistGradientBoostingClassifier(early_stopping=False, random_state=0).fit(x, y))


if __name__ == "__main__":
    main()
