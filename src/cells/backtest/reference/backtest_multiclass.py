"""Reference for src/cells/backtest/multiclass.test.ts: a backtest of the Penguin species brief
(multiclass). The sample's 344 birds get a synthetic tagging month, bird i (in the CSV's order) in
month i mod 6 of 2021; monthly expanding folds test February to June, each on the months before.
Each fold's encodings are fitted on its training rows only, as the sample's Features cell makes
them (the four measures mean-imputed then standardised, island and sex one-hot with a missing
sex its own category), then softmax LogisticRegression(C=1) (lbfgs, converged tightly as the
app's), the brief's macro-F1 on the fold's test rows (of the arg-max decision) and the cost per
1,000 rows under the brief's cost matrix of the brief's decision rule: the class of least
expected cost, argmin over p of sum_t P(t) cost[t][p], the first on a tie (the brief has a matrix;
without one it is the arg-max); the cost of the arg-max decision is kept beside it, to show where
the two rules differ. The majority-free baseline (every row the training class shares) likewise:
there the rules differ (arg-max says Adelie, the least expected cost Gentoo).

Run: /usr/bin/python3 src/cells/backtest/reference/backtest_multiclass.py > src/cells/backtest/fixtures/backtest-multiclass.json
scikit-learn 1.2.1, numpy, pandas (Debian).
"""
import json
import os

import numpy as np
import pandas as pd
import sklearn
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.preprocessing import OneHotEncoder, StandardScaler

here = os.path.dirname(os.path.abspath(__file__))
df = pd.read_csv(os.path.join(here, "..", "..", "..", "..", "public", "sample", "penguins", "penguins.csv"))
df["sex"] = df["sex"].fillna("__missing__")
month = np.arange(len(df)) % 6 + 1
MEASURES = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
COSTS = np.array([[0, 1, 1], [3, 0, 1], [1, 1, 0]], dtype=float)  # Adelie, Chinstrap, Gentoo

out = {"sklearn": sklearn.__version__, "folds": []}
for test_month in range(2, 7):
    train = month < test_month
    test = month == test_month
    classes = sorted(df.loc[train, "species"].unique())
    imputer = SimpleImputer(strategy="mean").fit(df.loc[train, MEASURES])
    scaler = StandardScaler().fit(imputer.transform(df.loc[train, MEASURES]))
    onehot = OneHotEncoder(handle_unknown="ignore", sparse_output=False).fit(df.loc[train, ["island", "sex"]])

    def enc(rows):
        numeric = scaler.transform(imputer.transform(df.loc[rows, MEASURES]))
        return np.hstack([numeric, onehot.transform(df.loc[rows, ["island", "sex"]])])

    y_train = df.loc[train, "species"].map(classes.index).to_numpy()
    y_test = df.loc[test, "species"].map(classes.index).to_numpy()
    model = LogisticRegression(C=1.0, tol=1e-10, max_iter=10000).fit(enc(train), y_train)
    p = model.predict_proba(enc(test))
    shares = np.bincount(y_train, minlength=3) / len(y_train)
    baseline = np.tile(shares, (len(y_test), 1))

    def judged(prob):
        decided = prob.argmax(axis=1)
        least_cost = (prob @ COSTS).argmin(axis=1)
        return {
            "macroF1": float(f1_score(y_test, decided, labels=[0, 1, 2], average="macro", zero_division=0)),
            "valuePer1000": float(-COSTS[y_test, least_cost].sum() / len(y_test) * 1000),
            "valuePer1000ArgMax": float(-COSTS[y_test, decided].sum() / len(y_test) * 1000),
        }

    out["folds"].append(
        {
            "label": f"2021-{test_month:02d}",
            "train": int(train.sum()),
            "test": int(test.sum()),
            "classes": classes,
            "model": judged(p),
            "baseline": judged(baseline),
        }
    )
print(json.dumps(out, indent=2))
