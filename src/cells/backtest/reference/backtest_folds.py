"""Reference for src/cells/backtest/run.test.ts: monthly expanding backtest folds of a small
seeded data set, each fold's encodings fitted on its training rows only (StandardScaler,
OneHotEncoder), LogisticRegression(C=1) fitted per fold, ROC AUC on the fold's test rows.

Run: /usr/bin/python3 src/cells/backtest/reference/backtest_folds.py
Writes fixtures/backtest-data.csv and prints the JSON kept in fixtures/backtest-reference.json.
scikit-learn 1.2.1, numpy (Debian).
"""
import json
import os

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import OneHotEncoder, StandardScaler

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(7)
n = 1500
start = np.datetime64("2001-01-01T00:00:00")
minutes = np.sort(rng.integers(0, 181 * 24 * 60, n))
when = start + minutes.astype("timedelta64[m]")
month = pd.DatetimeIndex(when).month.to_numpy()
x = rng.normal(0, 1, n) + 0.1 * month  # drifts: later months have larger x
kind = rng.choice(["a", "b", "c"], n, p=[0.5, 0.3, 0.2])
# The signal weakens month by month: the model decays.
strength = 2.0 - 0.3 * (month - 1)
logit = -0.5 + strength * (x - 0.1 * month) + np.where(kind == "b", 0.8, 0.0)
y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
df = pd.DataFrame(
    {"when": pd.DatetimeIndex(when).strftime("%Y-%m-%d %H:%M:%S"), "x": np.round(x, 6), "kind": kind, "late": y}
)
df.to_csv(os.path.join(here, "..", "fixtures", "backtest-data.csv"), index=False)

df = pd.read_csv(os.path.join(here, "..", "fixtures", "backtest-data.csv"))
t = pd.to_datetime(df["when"])
out = []
for test_month in range(2, 7):
    train = (t < f"2001-{test_month:02d}-01").to_numpy()
    test = ((t >= f"2001-{test_month:02d}-01") & (t < (f"2001-{test_month + 1:02d}-01" if test_month < 12 else "2002-01-01"))).to_numpy()
    scaler = StandardScaler().fit(df.loc[train, ["x"]])
    onehot = OneHotEncoder(handle_unknown="ignore", sparse_output=False).fit(df.loc[train, ["kind"]])
    enc = lambda rows: np.hstack([scaler.transform(df.loc[rows, ["x"]]), onehot.transform(df.loc[rows, ["kind"]])])
    model = LogisticRegression(C=1.0, max_iter=1000).fit(enc(train), df.loc[train, "late"])
    scores = model.predict_proba(enc(test))[:, 1]
    out.append(
        {
            "label": f"2001-{test_month:02d}",
            "train": int(train.sum()),
            "test": int(test.sum()),
            "xMean": float(scaler.mean_[0]),
            "xStd": float(scaler.scale_[0]),
            "rocAuc": float(roc_auc_score(df.loc[test, "late"], scores)),
        }
    )
print(json.dumps(out, indent=2))
