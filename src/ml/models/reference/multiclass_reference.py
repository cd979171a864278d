#!/usr/bin/python3
"""Reference numbers for src/ml/models/multiclass.test.ts from scikit-learn 1.2.1 (Debian's python3).

Run:  /usr/bin/python3 src/ml/models/reference/multiclass_reference.py && npx prettier --write src/ml/models/fixtures
Writes src/ml/models/fixtures/multiclass_reference.ts; tests never run Python.

Data, drawn alike in both languages (src/ml/models/testing.ts multiclassData) with mulberry32 and
exact arithmetic only: x_ij = floor(r() * 1e6) / 1e5 - 5 (rounded to float32 for the models, as
the app's matrix is), and the class is argmax_c (sum_j A[c][j] * x_ij + 3 * (r() - 0.5)) with
A[c][j] = ((7c + 3j) mod 5) - 2, computed in float64 before the rounding. Row i is validation when
i % 4 == 3, training otherwise (the same split on both sides).

Logistic regression, multinomial, C=1 and C=0.1: fitted to the optimum with solver='newton-cg',
tol=1e-10 (lbfgs stops on its relative-decrease test before that), and as sklearn's default
lbfgs (tol=1e-4, max_iter=100) for what a user of sklearn would see.
Decision trees: DecisionTreeClassifier(max_depth=4) and (min_samples_leaf=5), random_state=0.
"""
import json
import math
import os
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, log_loss
from sklearn.tree import DecisionTreeClassifier

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "fixtures", "multiclass_reference.ts")
M = 0xFFFFFFFF


def mulberry32(seed):
    state = seed & M

    def rnd():
        nonlocal state
        state = (state + 0x6D2B79F5) & M
        t = state
        t = ((t ^ (t >> 15)) * (t | 1)) & M
        t = (t ^ ((t + (((t ^ (t >> 7)) * (t | 61)) & M)) & M)) & M
        return ((t ^ (t >> 14)) & M) / 4294967296

    return rnd


def multiclass_data(n, d, k, seed):
    r = mulberry32(seed)
    x, y = [], []
    for _ in range(n):
        row = [math.floor(r() * 1e6) / 1e5 - 5 for _ in range(d)]
        best, best_score = 0, -math.inf
        for c in range(k):
            s = 0.0
            for j in range(d):
                s += (((7 * c + 3 * j) % 5) - 2) * row[j]
            s += 3 * (r() - 0.5)
            if s > best_score:
                best, best_score = c, s
        x.append(row)
        y.append(best)
    return np.asarray(x, dtype=np.float32).astype(np.float64), np.asarray(y)


def floats(a):
    return [float(v) for v in np.asarray(a).ravel()]


def gradient_norm(model, x, y, C):
    """max |gradient| of the summed objective at the model's coefficients: how close to the optimum."""
    z = x @ model.coef_.T + model.intercept_
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    r = p - np.eye(p.shape[1])[y]
    g = np.hstack([r.T @ x + model.coef_ / C, r.sum(axis=0)[:, None]])
    return float(np.abs(g).max())


def logistic(xt, yt, xv, yv, C):
    with warnings.catch_warnings():
        # newton-cg ends on "Rounding errors prevent the line search from converging": the floor of
        # float64, where the gradient below is ~1e-9 of the objective's scale.
        warnings.simplefilter("ignore")
        tight = LogisticRegression(multi_class="multinomial", solver="newton-cg", C=C, tol=1e-10, max_iter=10000).fit(xt, yt)
    print(f"  C={C}: newton-cg max|gradient| {gradient_norm(tight, xt, yt, C):.2e} (objective ~{len(yt) * 0.5:.0f})")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        default = LogisticRegression(multi_class="multinomial", C=C).fit(xt, yt)
    p, q = tight.predict_proba(xv), default.predict_proba(xv)
    return {
        "C": C,
        "coef": [floats(row) for row in tight.coef_],
        "intercept": floats(tight.intercept_),
        "validationProba": floats(p),
        "validationLogLoss": float(log_loss(yv, p, eps=1e-15)),
        "defaultLbfgs": {
            "nIter": int(default.n_iter_[0]),
            "maxProbaDiff": float(np.abs(p - q).max()),
            "validationMacroF1": float(f1_score(yv, q.argmax(1), average="macro")),
        },
        "validationMacroF1": float(f1_score(yv, p.argmax(1), average="macro")),
    }


def tree(xt, yt, xv, **settings):
    t = DecisionTreeClassifier(random_state=0, **settings).fit(xt, yt)
    s = t.tree_
    return {
        "settings": settings,
        "nodeCount": int(s.node_count),
        # sklearn's node order is depth-first, left first: the order tree-multiclass.ts stores.
        "feature": [int(f) for f in s.feature],
        "threshold": floats(np.where(s.feature >= 0, s.threshold, 0)),
        "count": [int(c) for c in s.n_node_samples],
        "impurity": floats(s.impurity),
        "featureImportance": floats(t.feature_importances_),
        "validationProba": floats(t.predict_proba(xv)),
    }


def case(n, d, k, seed):
    x, y = multiclass_data(n, d, k, seed)
    val = np.arange(n) % 4 == 3
    xt, yt, xv, yv = x[~val], y[~val], x[val], y[val]
    assert len(np.unique(yt)) == k, "every class must have training rows"
    return {
        "n": n, "d": d, "k": k, "seed": seed,
        "firstRow": floats(x[0]), "firstY": [int(v) for v in y[:10]],
        "classCounts": [int((y == c).sum()) for c in range(k)],
        "logistic": [logistic(xt, yt, xv, yv, C) for C in (1.0, 0.1)],
        "trees": [tree(xt, yt, xv, max_depth=4), tree(xt, yt, xv, min_samples_leaf=5)],
    }


def main():
    out = {
        "sklearn": sklearn.__version__,
        "three": case(600, 5, 3, 101),
        "seven": case(1400, 8, 7, 102),
    }
    text = (
        "// Generated by reference/multiclass_reference.py with scikit-learn "
        f"{sklearn.__version__} (Debian /usr/bin/python3):\n"
        "// do not edit; rerun the script (then prettier).\n"
        f"export const SKLEARN_MULTICLASS_MODELS = {json.dumps(out, allow_nan=False)} as const;\n"
    )
    with open(OUT, "w") as f:
        f.write(text)
    for name in ("three", "seven"):
        c = out[name]
        print(name, "classes", c["classCounts"])
        for lr in c["logistic"]:
            print("  logistic C", lr["C"], "log loss", lr["validationLogLoss"], "macro F1", lr["validationMacroF1"], "default lbfgs", lr["defaultLbfgs"])
        for t in c["trees"]:
            print("  tree", t["settings"], "nodes", t["nodeCount"])


if __name__ == "__main__":
    main()
