#!/usr/bin/python3
"""scikit-learn's side of the training bench (bench/training.mjs): the same models on the same rows.

Usage: training_peer.py DATA ROWS COLUMNS TRAIN_ROWS SPEC THREADS...
DATA is float32 little-endian: ROWS x COLUMNS features, row-major, then ROWS targets. The first
TRAIN_ROWS rows are fitted, the rest score a validation log-loss. SPEC is JSON: the MLP's
hidden, batchSize, learningRate and epochs, and gbdtMaxIter (100 when absent). Each THREADS value (an integer,
or 0 for the library's default) limits OpenMP and BLAS through threadpoolctl. Prints JSON.
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
from sklearn.neural_network import MLPClassifier
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


def models(x, y, xv, yv, mlp):
    runs = [fit_timed(LogisticRegression(), x, y) for _ in range(LOGISTIC_RUNS)]
    logistic, logistic_ms = sorted(runs, key=lambda r: r[1])[LOGISTIC_RUNS // 2]
    with warnings.catch_warnings():
        # max_iter=epochs: "Stochastic Optimizer: Maximum iterations reached" is the point.
        warnings.simplefilter("ignore", ConvergenceWarning)
        net, mlp_ms = fit_timed(
            MLPClassifier(
                hidden_layer_sizes=tuple(mlp["hidden"]),
                activation="relu",
                solver="adam",
                alpha=0.0,
                batch_size=mlp["batchSize"],
                learning_rate_init=mlp["learningRate"],
                max_iter=mlp["epochs"],
                shuffle=True,
                random_state=0,
            ),
            x,
            y,
        )
    gbdt, gbdt_ms = fit_timed(
        HistGradientBoostingClassifier(
            max_iter=mlp.get("gbdtMaxIter", 100), early_stopping=False, random_state=0
        ),
        x,
        y,
    )

    def loss(model):
        return float(log_loss(yv, model.predict_proba(xv)[:, 1]))

    return {
        "logistic": {
            "fitMs": logistic_ms,
            "iterations": int(logistic.n_iter_[0]),
            "validationLogLoss": loss(logistic),
        },
        "mlp": {
            "fitMs": mlp_ms,
            "epochs": int(net.n_iter_),
            "dtype": str(net.coefs_[0].dtype),
            "validationLogLoss": loss(net),
        },
        "gbdt": {"fitMs": gbdt_ms, "trees": int(gbdt.n_iter_), "validationLogLoss": loss(gbdt)},
    }


def main():
    path, rows, columns, train_rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    mlp = json.loads(sys.argv[5])
    x, y = load(path, rows, columns)
    xt, yt, xv, yv = x[:train_rows], y[:train_rows], x[train_rows:], y[train_rows:]
    result = {"sklearn": sklearn.__version__, "numpy": np.__version__, "runs": []}
    for threads in (int(t) for t in sys.argv[6:]):
        with threadpool_limits(limits=threads or None):
            used = max(info["num_threads"] for info in threadpool_info())
            result["runs"].append({"threads": used, **models(xt, yt, xv, yv, mlp)})
    print(json.dumps(result))


if __name__ == "__main__":
    main()
