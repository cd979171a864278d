#!/usr/bin/python3
"""scikit-learn's side of the explain speed check (src/ml/explain/bench.test.ts): the same model on
the same rows, timed.

Usage: bench_peer.py DATA ROWS COLUMNS TRAIN_ROWS RUNS THREADS...
DATA is float32 little-endian: ROWS x COLUMNS features, row-major, then ROWS 0/1 targets (the
format of bench/training_peer.py). The first TRAIN_ROWS rows fit HistGradientBoostingClassifier
(random_state=0, defaults: 100 iterations, 31 leaves; no early stopping up to 10,000 rows), which
the TS GBDT equals; the rest are explained:
  * permutation_importance(model, X, y, scoring='roc_auc', n_repeats=5, random_state=0, n_jobs=1);
  * partial_dependence(model, X[:1000], [0], method='brute', grid_resolution=20).
Each THREADS value (an integer, or 0 for the library's default) limits OpenMP and BLAS through
threadpoolctl; HGB's prediction is OpenMP-parallel. Prints JSON.
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.inspection import partial_dependence, permutation_importance
from threadpoolctl import threadpool_limits


def load(path, rows, columns):
    raw = np.fromfile(path, dtype="<f4")
    if raw.size != rows * columns + rows:
        raise SystemExit(f"{path}: {raw.size} floats, expected {rows * columns + rows}")
    return raw[: rows * columns].reshape(rows, columns).astype(np.float64), raw[rows * columns :].astype(np.int64)


def median_ms(work, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append((time.perf_counter() - start) * 1000)
    return sorted(times)[runs // 2], result


def main():
    path, rows, columns, train_rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    runs = int(sys.argv[5])
    threads = [int(t) for t in sys.argv[6:]] or [1]
    x, y = load(path, rows, columns)
    xt, yt, xe, ye = x[:train_rows], y[:train_rows], x[train_rows:], y[train_rows:]
    with threadpool_limits(limits=1):  # not timed; one thread keeps a shared machine responsive
        model = HistGradientBoostingClassifier(random_state=0).fit(xt, yt)
    results = []
    for t in threads:
        with threadpool_limits(limits=None if t == 0 else t):
            perm_ms, perm = median_ms(
                lambda: permutation_importance(model, xe, ye, scoring="roc_auc", n_repeats=5, random_state=0, n_jobs=1),
                runs,
            )
            pdp_ms, _ = median_ms(
                lambda: partial_dependence(model, xe[:1000], [0], method="brute", grid_resolution=20),
                runs,
            )
        results.append({"threads": t, "permutationMs": perm_ms, "pdpMs": pdp_ms})
    print(json.dumps({
        "sklearn": sklearn.__version__,
        "nIter": int(model.n_iter_),
        "explainedRows": int(xe.shape[0]),
        "topFeature": int(np.argmax(perm.importances_mean)),
        "runs": results,
    }))


if __name__ == "__main__":
    main()
