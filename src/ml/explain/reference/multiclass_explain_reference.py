#!/usr/bin/python3
"""Reference numbers for src/ml/explain/multiclass.test.ts, from scikit-learn 1.2.1 (Debian's python3).

Run:  /usr/bin/python3 src/ml/explain/reference/multiclass_explain_reference.py && npx prettier --write src/ml/explain/fixtures
Writes src/ml/explain/fixtures/multiclass_explain_reference.json and prints a summary.

Two k = 3 class models on data both languages draw alike (the generators of
src/ml/models/reference/multiclass_reference.py and gbdt_multiclass_reference.py, imported):
  * logistic: multiclassData(600, 5, 3, seed 101), row i validation when i % 4 == 3;
    LogisticRegression(multi_class='multinomial', C=1, solver='newton-cg', tol=1e-10). Its
    coefficients are stored: the TS test scores with exactly this model (softmax in doubles).
  * hgb: gbdtMulticlassData(800, 5, 3, seed 11) (feature 1 has missing values), the first 640 rows
    train, the last 160 are explained; HistGradientBoostingClassifier(max_iter=30,
    early_stopping=False, random_state=0), which the TS fitGbdt equals to ~1e-6 in probability.

Permutation importance: permutation_importance(model, X, y, scoring=…, n_repeats=5,
random_state=0) with scoring 'f1_macro', 'accuracy', 'neg_log_loss' (its drop equals the rise of
log loss), 'roc_auc_ovr' (macro), and per class c a scorer roc_auc_score(y == c, P[:, c]) (the
one-vs-rest AUC of class c). The composite row permutations sklearn applies are stored (see
explain_reference.py): the TS test replays them, so the numbers must agree to float rounding.

Partial dependence: partial_dependence(model, X, [f], response_method='predict_proba',
method='brute', kind='average', grid_resolution=20): one average per class; the grid is stored and
the TS side evaluates its PDP on it, class by class.
"""
import json
import os
import sys
import warnings
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.inspection import partial_dependence, permutation_importance
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent / "models" / "reference"))
from explain_reference import sklearn_permutations  # noqa: E402
from multiclass_reference import multiclass_data  # noqa: E402
import gbdt_multiclass_reference as gbdt_ref  # noqa: E402

OUT = HERE.parent / "fixtures" / "multiclass_explain_reference.json"
REPEATS = 5
K = 3
SCORINGS = {"macro_f1": "f1_macro", "accuracy": "accuracy", "log_loss": "neg_log_loss", "roc_auc_ovr_macro": "roc_auc_ovr"}
PDP_FEATURES = [0, 4]


def class_auc(c):
    return lambda est, x, y: roc_auc_score(y == c, est.predict_proba(x)[:, c])


def importances(model, x, y):
    out = {}
    for name, scoring in SCORINGS.items():
        r = permutation_importance(model, x, y, scoring=scoring, n_repeats=REPEATS, random_state=0)
        out[name] = r.importances.tolist()
    out["perClass"] = [
        permutation_importance(model, x, y, scoring=class_auc(c), n_repeats=REPEATS, random_state=0).importances.tolist()
        for c in range(K)
    ]
    return out


def pdps(model, x):
    out = []
    for f in PDP_FEATURES:
        r = partial_dependence(model, x, [f], response_method="predict_proba", method="brute", kind="average", grid_resolution=20)
        out.append({"feature": f, "grid": r["values"][0].tolist(), "average": r["average"].tolist()})
    return out


def logistic_case():
    x, y = multiclass_data(600, 5, K, 101)
    x = np.asarray(x, dtype=np.float32).astype(np.float64)
    y = np.asarray(y)
    val = np.arange(len(y)) % 4 == 3
    model = LogisticRegression(multi_class="multinomial", C=1, solver="newton-cg", tol=1e-10, max_iter=1000)
    with warnings.catch_warnings():
        # newton-cg stops on rounding at tol=1e-10 (as in models/reference/multiclass_reference.py).
        warnings.simplefilter("ignore")
        model.fit(x[~val], y[~val])
    xv, yv = x[val], y[val]
    return {
        "coef": model.coef_.tolist(),
        "intercept": model.intercept_.tolist(),
        "validationRows": int(val.sum()),
        "firstProba": model.predict_proba(xv[:1])[0].tolist(),
        "permutations": [p.tolist() for p in sklearn_permutations(len(yv))],
        "importance": importances(model, xv, yv),
        "pdp": pdps(model, xv),
    }


def hgb_case():
    name, rows, cols, classes, max_iter, seed = gbdt_ref.CASES[0]
    x, y = gbdt_ref.multiclass_data(rows, cols, classes, seed)
    n_train = rows * 4 // 5
    model = HistGradientBoostingClassifier(max_iter=max_iter, early_stopping=False, random_state=0)
    model.fit(x[:n_train], y[:n_train])
    xe, ye = x[n_train:].astype(np.float64), y[n_train:]
    return {
        "case": name,
        "maxIter": max_iter,
        "trainRows": n_train,
        "explainedRows": int(len(ye)),
        "permutations": [p.tolist() for p in sklearn_permutations(len(ye))],
        "importance": importances(model, xe, ye),
        "pdp": pdps(model, xe),
    }


def main():
    result = {"sklearn": sklearn.__version__, "repeats": REPEATS, "logistic": logistic_case(), "hgb": hgb_case()}
    OUT.write_text(json.dumps(result) + "\n")
    for case in ("logistic", "hgb"):
        imp = result[case]["importance"]
        print(case, {k: np.round(np.mean(v, axis=1), 4).tolist() for k, v in imp.items() if k != "perClass"})
        print(case, "per class", [np.round(np.mean(v, axis=1), 4).tolist() for v in imp["perClass"]])
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
