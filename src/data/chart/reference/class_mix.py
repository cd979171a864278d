"""The class mix of the penguins' species per segment, computed with pandas, for class-mix.test.ts.

Run from the repository root: /usr/bin/python3 src/data/chart/reference/class_mix.py > src/data/chart/fixtures/class-mix-penguins.json
(Debian's python3-pandas). A segment is a text column's value (NULL shown as "(missing)") or a
numeric column's quantile bin by percent rank as DuckDB's percent_rank(): (min rank - 1) / (n - 1)
over the non-NULL values, floor(· × bins) capped at bins - 1, NULLs in bin -1.
"""

import json
import math

import pandas as pd

CSV = "public/sample/penguins/penguins.csv"


def mix(frame: pd.DataFrame, key: str) -> list:
    rows = []
    for segment, group in frame.groupby(key, sort=True, dropna=False):
        counts = group["species"].value_counts()
        for cls in sorted(counts.index):
            rows.append(
                {
                    "segment": segment,
                    "class": cls,
                    "n": int(counts[cls]),
                    "count": int(len(group)),
                    "share": float(counts[cls] / len(group)),
                    "lo": None if "v" not in group else _num(group["v"].min()),
                    "hi": None if "v" not in group else _num(group["v"].max()),
                }
            )
    return rows


def _num(x):
    return None if pd.isna(x) else float(x)


def text_segment(df: pd.DataFrame, column: str) -> list:
    frame = pd.DataFrame({"species": df["species"], "seg": df[column].fillna("(missing)")})
    return mix(frame, "seg")


def quantile_segment(df: pd.DataFrame, column: str, bins: int) -> list:
    v = df[column].astype(float)
    present = v.notna()
    rank = v[present].rank(method="min")
    n = int(present.sum())
    pr = (rank - 1) / (n - 1)
    bin_ = pr.map(lambda p: min(math.floor(p * bins), bins - 1))
    frame = pd.DataFrame({"species": df["species"], "v": v, "seg": -1})
    frame.loc[present, "seg"] = bin_
    return mix(frame, "seg")


df = pd.read_csv(CSV)
df = df[df["species"].notna()]
print(
    json.dumps(
        {
            "source": "pandas " + pd.__version__ + ", " + CSV,
            "island": text_segment(df, "island"),
            "sex": text_segment(df, "sex"),
            "flipper_length_mm_4_bins": quantile_segment(df, "flipper_length_mm", 4),
        },
        indent=1,
    )
)
