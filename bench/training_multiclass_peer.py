#!/usr/bin/python3
"""scikit-learn's side of the multiclass training row (bench/training-multiclass.mjs).

Usage: training_multiclass_peer.py DATA ROWS COLUMNS TRAIN_ROWS CLASSES GBDT_MAX_ITER THREADS...
DATA is float32 little-endian: ROWS x COLUMNS features, row-major, then ROWS class indices
0 .. CLASSES-1. The first TRAIN_ROWS rows are fitted, the rest score a validation log-loss.
Softmax logistic regression is LogisticRegression(multi_class="multinomial", solver="lbfgs")
at its defaults (C=1, max_iter=100, tol=1e-4); the boosted trees are
HistGradientBoostingClassifier's defaults with early stopping off (GBDT_MAX_ITER rounds, a tree
per class per round). Each THREADS value (an integer, or 0 for the library's default) limits
OpenMP and BLAS through threadpoolctl. Prints JSON.
"""
import json
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from threadpoolctl import threadpool_info, threadpool_limits

LOGISTIC_RUNS = 3


def load(path, rows, columns):
    raw = np.fromfile(path, dtype="<f4")
    if raw.size != rows * columns + rows:
        raise SystemExit(f"{path}: {raw.size} floats, expected {rows * columns + rows}")
    return raw[: rows * columns].reshape(rows, columns), raw[rows * columns :].astype(np.int64)


def fit_timed(model, x, y):
    start = time.perf_counter()
    model.fit(x, y)
    return model, (time.perf_counter() - start) * 1000


def models(x, y, xv, yv, classes, gbdt_max_iter):
    labels = list(range(classes))
    with warnings.catch_warnings(record=True) as caught:
        # The lbfgs default may stop at max_iter=100 on 7 classes: say so, do not hide it.
        warnings.simplefilter("always", ConvergenceWarning)
        runs = [
            fit_timed(LogisticRegression(multi_class="multinomial", solver="lbfgs"), x, y)
            for _ in range(LOGISTIC_RUNS)
        ]
    logistic, logistic_ms = sorted(runs, key=lambda r: r[1])[LOGISTIC_RUNS // 2]
    gbdt, gbdt_ms = fit_timed(
        HistGradientBoostingClassifier(max_iter=gbdt_max_iter, early_stopping=False, random_state=0),
        x,
        y,
    )

    def loss(model):
        return float(log_loss(yv, model.predict_proba(xv), labels=labels))

    return {
        "logistic": {
            "fitMs": logistic_ms,
            "iterations": int(logistic.n_iter_[0]),
            "converged": not any(issubclass(w.category, ConvergenceWarning) for w in caught),
            "validationLogLoss": loss(logistic),
        },
        "gbdt": {"fitMs": gbdt_ms, "rounds": int(gbdt.n_iter_), "validationLogLoss": loss(gbdt)},
    }


def main():
    path, rows, columns, train_rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    classes, gbdt_max_iter = int(sys.argv[5]), int(sys.argv[6])
    x, y = load(path, rows, columns)
    xt, yt, xv, yv = x[:train_rows], y[:train_rows], x[train_rows:], y[train_rows:]
    result = {"sklearn": sklearn.__version__, "numpy": np.__version__, "runs": []}
    for threads in (int(t) for t in sys.argv[7:]):
        with threadpool_limits(limits=threads or None):
            used = max(info["num_threads"] for info in threadpool_info())
            result["runs"].append({"threads": used, **models(xt, yt, xv, yv, classes, gbdt_max_iter)})
    print(json.dumps(result))


if __name__ == "__main__":
    main()
