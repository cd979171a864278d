#!/usr/bin/python3
"""Reference for the one-hot encoding with NULL → the training mode (src/data/features/mode.test.ts).

Run: /usr/bin/python3 src/data/features/reference/mode_reference.py  (scikit-learn 1.2.1)

SimpleImputer(strategy='most_frequent') then OneHotEncoder(handle_unknown='ignore'), both fitted
on the train rows only, applied to every row. The train rows tie 'b' and 'c' (3 each) once the
validation rows are left out, and 'a' is the mode of all rows: the fill must be 'b' (the smallest of
the tied values, as SimpleImputer), learned from the train rows, not 'a'.
"""
import json

import numpy as np
from sklearn.impute import SimpleImputer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder

TRAIN = ["c", "b", None, "a", "c", "b", None, "b", "c", "a"]
VALID = ["a", "a", "a", "a", None, "d", "b"]

X_train = np.array(TRAIN, dtype=object).reshape(-1, 1)
X_valid = np.array(VALID, dtype=object).reshape(-1, 1)
pipe = make_pipeline(
    SimpleImputer(strategy="most_frequent", missing_values=None),
    OneHotEncoder(handle_unknown="ignore", sparse_output=False),
).fit(X_train)
imputer, encoder = pipe.steps[0][1], pipe.steps[1][1]
print(json.dumps({
    "fill": imputer.statistics_[0],
    "categories": list(encoder.categories_[0]),
    "train": pipe.transform(X_train).astype(int).tolist(),
    "valid": pipe.transform(X_valid).astype(int).tolist(),
}))
