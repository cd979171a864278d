#!/usr/bin/python3
"""Reference for the regression rule baseline (src/cells/regression-rule.test.ts, issue 19 item 8).

Run: /usr/bin/python3 src/cells/reference/regression_rule.py  (numpy 1.24, scikit-learn 1.2.1)

A daily series of 100 days, y_t = 100 + 10·sin(2π t / 7) + 0.5 t (values rounded to float32, as
the features table holds them). The time split without a cutoff validates on the days from
quantile_disc(day, 0.8) on: t = 79 … 99 (21 rows). The rule "the value 14 days earlier" is
lag(y, 14); "90 days earlier" has no value on t = 79 … 89, which get the training rows' mean.
"""
import numpy as np
from sklearn.metrics import mean_absolute_error, mean_squared_error

t = np.arange(100)
y = (100 + 10 * np.sin(2 * np.pi * t / 7) + 0.5 * t).astype(np.float32).astype(np.float64)
train, valid = t < 79, t >= 79
mean = y[train].mean()
for lag in (14, 90):
    pred = np.array([y[i - lag] if i >= lag else np.nan for i in t])
    pred = np.where(np.isnan(pred), mean, pred)
    rmse = mean_squared_error(y[valid], pred[valid], squared=False)
    mae = mean_absolute_error(y[valid], pred[valid])
    print(f"lag {lag}: rmse {rmse!r} mae {mae!r} filled {int(sum(valid & (t < lag)))}")
print("mean baseline rmse", repr(mean_squared_error(y[valid], np.full(valid.sum(), mean), squared=False)))
