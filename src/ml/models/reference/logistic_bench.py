#!/usr/bin/python3
"""scikit-learn 1.2.1's side of logistic-bench.test.ts: whole-fit times on the same rows, 1 thread.

Usage: OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 logistic_bench.py BINARY MULTICLASS ROWS COLUMNS
Each file is float32 little-endian: ROWS x COLUMNS features (row-major), then ROWS targets (0/1,
or class indices). Fits LogisticRegression() (binary: lbfgs, its defaults) and
LogisticRegression(multi_class='multinomial') (lbfgs, its defaults) three times each on float64
copies (what the app's fit computes in) and prints the median time, the iterations and how far
from the optimum sklearn's default stopping leaves the coefficients. Prints JSON.
"""
import json
import sys
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_info, threadpool_limits


def load(path, rows, columns):
    raw = np.fromfile(path, dtype="<f4")
    return raw[: rows * columns].reshape(rows, columns).astype(np.float64), raw[rows * columns :].astype(np.int64)


def timed(make, x, y, runs=3):
    fits = []
    for _ in range(runs):
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model = make().fit(x, y)
        fits.append((time.perf_counter() - start, model))
    fits.sort(key=lambda f: f[0])
    return fits[len(fits) // 2]


def main():
    binary, multiclass, rows, columns = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    out = {}
    with threadpool_limits(limits=1):
        out["threads"] = max(info["num_threads"] for info in threadpool_info())
        x, y = load(binary, rows, columns)
        seconds, model = timed(LogisticRegression, x, y)
        out["binary"] = {"fitMs": seconds * 1000, "iterations": int(model.n_iter_[0])}
        x, y = load(multiclass, rows, columns)
        seconds, model = timed(lambda: LogisticRegression(multi_class="multinomial"), x, y)
        out["multiclass"] = {"fitMs": seconds * 1000, "iterations": int(model.n_iter_[0]), "classes": int(len(model.classes_))}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
