#!/usr/bin/python3
"""Known answers for src/ml/drift/*.test.ts from SciPy 1.10, statsmodels 0.13 and numpy 1.24 (Debian's python3).

Run:  /usr/bin/python3 src/ml/drift/reference/drift_reference.py && npx prettier --write src/ml/drift/fixtures
Writes src/ml/drift/fixtures/scipy_reference.ts; tests never run Python.

Peers:
  ks_2samp(reference, batch)                     scipy.stats, method='auto' (exact when max(n) <= 10000)
  kstwo.sf(x, n), smirnov(n, x), chi2.sf(x, df)  scipy.stats / scipy.special: the special functions alone
  chi2_contingency(table, correction=False)      scipy.stats, on the table after the pooling rule below
  multipletests(p, alpha, method='fdr_bh')       statsmodels.stats.multitest
  PSI                                            numpy, written here from the bin rules of src/ml/drift/README.md

Samples are drawn with mulberry32, ported bit for bit from src/ml/models/prng.ts, and only sums,
products and floor (no log or cos, whose last bit may differ between libms), so that
src/ml/drift/testing.ts draws the same values in TypeScript and the fixture holds only the answers.
Per row of a numeric sample (in this order): m = r(), z = r(), u1..u4 = r() and
  value = missing       if m < missing_share
          0             elif z < zero_share
          mean + sd * ((u1 + u2 + u3 + u4) - 2) * sqrt(3), then floor(value * 10**decimals) / 10**decimals if decimals is set
Per row of a categorical sample: m = r(), u = r(); missing if m < missing_share, else the first category
whose cumulative weight (added left to right) exceeds u.
The Telco cases read src/ml/models/fixtures/telco_churn.csv: reference = rows 0..4999, batch = the rest,
and a drifted batch = the rest with tenure < 24 (TotalCharges blanks are missing).
"""
import csv
import json
import math
import os

import numpy as np
import scipy
import statsmodels
from scipy.special import smirnov
from scipy.stats import chi2, chi2_contingency, ks_2samp, kstwo
from statsmodels.stats.multitest import multipletests

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "fixtures", "scipy_reference.ts")
TELCO = os.path.join(HERE, "..", "..", "models", "fixtures", "telco_churn.csv")
M = 0xFFFFFFFF
SQRT3 = math.sqrt(3)


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


def numeric_sample(spec, n, seed):
    r = mulberry32(seed)
    out = []
    for _ in range(n):
        m, z = r(), r()
        u = r() + r() + r() + r()
        if m < spec.get("missingShare", 0):
            out.append(math.nan)
        elif z < spec.get("zeroShare", 0):
            out.append(0.0)
        else:
            v = spec["mean"] + spec["sd"] * (u - 2) * SQRT3
            d = spec.get("decimals")
            if d is not None:
                v = math.floor(v * 10**d) / 10**d
            out.append(v)
    return np.array(out, dtype=float)


def categorical_sample(spec, n, seed):
    r = mulberry32(seed)
    cum, total = [], 0.0
    for w in spec["weights"]:
        total += w
        cum.append(total)
    out = []
    for _ in range(n):
        m, u = r(), r()
        if m < spec.get("missingShare", 0):
            out.append(None)
        else:
            out.append(next((c for c, t in zip(spec["categories"], cum) if u < t), spec["categories"][-1]))
    return out


# ---------------------------------------------------------------- PSI, numpy, from the bin rules


def numeric_bins(ref, bins=10, min_per_bin=10):
    s = np.sort(ref[~np.isnan(ref)])
    n = len(s)
    planned = min(bins, n // min_per_bin)
    ranks = np.array([-(-k * n // planned) for k in range(1, planned)])  # ceil(k n / B), exact
    return np.unique(s[ranks - 1]), planned


def numeric_counts(x, edges):
    ok = ~np.isnan(x)
    # right-closed bins: the number of edges strictly below the value
    idx = np.searchsorted(edges, x[ok], side="left")
    return np.append(np.bincount(idx, minlength=len(edges) + 1), (~ok).sum())


def psi(cr, cb, floor=1e-4):
    pr = np.maximum(cr / cr.sum(), floor)
    pb = np.maximum(cb / cb.sum(), floor)
    return float(np.sum((pb - pr) * np.log(pb / pr)))


def by_count(counts):
    return [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def category_counts(values):
    counts = {}
    for v in values:
        if v is not None:
            counts[v] = counts.get(v, 0) + 1
    return counts, sum(v is None for v in values)


def categorical_psi(ref, batch, max_categories=50, floor=1e-4):
    rc, rm = category_counts(ref)
    bc, bm = category_counts(batch)
    order = by_count(rc)
    kept, rest = order[:max_categories], order[max_categories:]
    r = [rc[c] for c in kept]
    b = [bc.get(c, 0) for c in kept]
    if rest:
        r.append(sum(rc[c] for c in rest))
        b.append(sum(bc.get(c, 0) for c in rest))
    r += [0, rm]
    b += [sum(v for c, v in bc.items() if c not in rc), bm]
    return psi(np.array(r, float), np.array(b, float), floor)


def pooled_table(ref, batch, min_expected=5):
    """2 x k table: categories by total count (ties by name), then missing; sparse ones pooled."""
    rc, rm = category_counts(ref)
    bc, bm = category_counts(batch)
    totals = {c: rc.get(c, 0) + bc.get(c, 0) for c in set(rc) | set(bc)}
    cols = [[c, rc.get(c, 0), bc.get(c, 0)] for c in by_count(totals)]
    if rm + bm > 0:
        cols.append(["(missing)", rm, bm])
    nr, nb = len(ref), len(batch)
    scale = min(nr, nb) / (nr + nb)
    sparse = lambda c: (c[1] + c[2]) * scale < min_expected
    kept = [c for c in cols if not sparse(c)]
    pooled = [c for c in cols if sparse(c)]
    if pooled:
        rare = ["rare", sum(c[1] for c in pooled), sum(c[2] for c in pooled)]
        if sparse(rare) and kept:
            smallest = None
            for c in kept:  # the smallest total, the last of equals
                if smallest is None or c[1] + c[2] <= smallest[1] + smallest[2]:
                    smallest = c
            smallest[1] += rare[1]
            smallest[2] += rare[2]
        else:
            kept.append(rare)
    return kept, [c[0] for c in pooled]


def chi_square_case(ref, batch):
    kept, pooled = pooled_table(ref, batch)
    table = np.array([[c[1] for c in kept], [c[2] for c in kept]], dtype=float)
    stat, p, dof, _ = chi2_contingency(table, correction=False)
    return {
        "reference": [c[1] for c in kept],
        "batch": [c[2] for c in kept],
        "pooled": len(pooled),
        "statistic": float(stat),
        "pValue": float(p),
        "df": int(dof),
        "psi": categorical_psi(ref, batch),
    }


def numeric_case(ref, batch):
    edges, planned = numeric_bins(ref)
    cr, cb = numeric_counts(ref, edges), numeric_counts(batch, edges)
    ks = ks_2samp(ref[~np.isnan(ref)], batch[~np.isnan(batch)])
    return {
        "planned": planned,
        "edges": [float(e) for e in edges],
        "referenceCounts": [int(c) for c in cr],
        "batchCounts": [int(c) for c in cb],
        "psi": psi(cr.astype(float), cb.astype(float)),
        "ksStatistic": float(ks.statistic),
        "ksPValue": float(ks.pvalue),
    }


# ---------------------------------------------------------------- cases

NUMERIC = {
    # exact KS, n1 = n2 (the alternating sum)
    "equalSizes": ({"mean": 0, "sd": 1}, 60, 1, {"mean": 0.3, "sd": 1}, 60, 2),
    # exact KS, unequal sizes, ties at one decimal
    "ties": ({"mean": 5, "sd": 2, "decimals": 1}, 250, 3, {"mean": 5.2, "sd": 2, "decimals": 1}, 173, 4),
    # exact KS on integers (heavy ties), missing values in both samples
    "integers": ({"mean": 30, "sd": 12, "decimals": 0, "missingShare": 0.05}, 4000, 5,
                 {"mean": 31, "sd": 12, "decimals": 0, "missingShare": 0.12}, 2600, 6),
    # zero-inflated: 70 % zeros merge the first seven edges into one
    "zeroInflated": ({"mean": 50, "sd": 10, "zeroShare": 0.7, "decimals": 2}, 3000, 7,
                     {"mean": 50, "sd": 10, "zeroShare": 0.5, "decimals": 2}, 2000, 8),
    # a reference of 57 values: 5 bins instead of 10
    "smallReference": ({"mean": 0, "sd": 1}, 57, 9, {"mean": 0, "sd": 1.5}, 80, 10),
    # asymptotic KS (12,000 > 10,000): Pelz-Good region
    "asymptotic": ({"mean": 0, "sd": 1}, 12000, 11, {"mean": 0.05, "sd": 1}, 900, 12),
    # asymptotic KS with n = round(n1 n2 / (n1 + n2)) = 109 <= 140: the small-n branches
    "asymptoticSmallN": ({"mean": 0, "sd": 1}, 12000, 13, {"mean": 0.1, "sd": 1}, 110, 14),
    # asymptotic KS far in the tail (the Smirnov sum)
    "asymptoticTail": ({"mean": 0, "sd": 1}, 20000, 15, {"mean": 0.15, "sd": 1}, 15000, 16),
    # exact KS, n1 = n2 = 10,000
    "exactLarge": ({"mean": 0, "sd": 1, "decimals": 3}, 10000, 17, {"mean": 0.02, "sd": 1, "decimals": 3}, 10000, 18),
}

CATEGORICAL = {
    "shifted": (
        {"categories": ["a", "b", "c", "d"], "weights": [0.4, 0.3, 0.2, 0.1]}, 3000, 21,
        {"categories": ["a", "b", "c", "d"], "weights": [0.35, 0.3, 0.2, 0.15], "missingShare": 0.02}, 1500, 22,
    ),
    # sparse categories pooled; a category only in the batch
    "sparseAndNew": (
        {"categories": ["x", "y", "z", "rare1", "rare2"], "weights": [0.5, 0.3, 0.195, 0.003, 0.002]}, 2000, 23,
        {"categories": ["x", "y", "z", "rare2", "new"], "weights": [0.42, 0.28, 0.198, 0.002, 0.1]}, 400, 24,
    ),
    # everything but one category is sparse: the pooled column merges into it
    "mostlySparse": (
        {"categories": ["big", "s1", "s2", "s3"], "weights": [0.97, 0.01, 0.01, 0.01]}, 300, 25,
        {"categories": ["big", "s1", "s2", "s3"], "weights": [0.95, 0.02, 0.02, 0.01]}, 100, 26,
    ),
}

KSTWO_GRID = [(n, x) for n in (5, 40, 140, 141, 1000, 5000, 100000, 200000) for x in (0.003, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.6, 0.98)]
SMIRNOV_GRID = [(n, x) for n in (2, 10, 100, 1012, 1013, 5000, 50000) for x in (0.01, 0.05, 0.1, 0.3, 0.7)]
CHI2_GRID = [(x, df) for df in (1, 2, 3, 7, 30, 99, 1000, 5000) for x in (0.001, 0.5, 3.0, 10.0, 50.0, 200.0, 1000.0, 4800.0, 5400.0)]
BH_CASES = [
    [0.01, 0.04, 0.03, 0.2, 0.5, 0.001, 0.04],
    [0.9, 0.8, 0.7],
    [0.0, 1.0, 0.05, 0.0125, 0.025],
    [0.03],
]


def telco():
    with open(TELCO, newline="") as f:
        rows = list(csv.DictReader(f))
    num = lambda name, rs: np.array([float(r[name]) if r[name].strip() != "" else math.nan for r in rs])
    ref, rest = rows[:5000], rows[5000:]
    drifted = [r for r in rest if int(r["tenure"]) < 24]
    out = {}
    for batch_name, batch in (("split", rest), ("shortTenure", drifted)):
        for name in ("tenure", "MonthlyCharges", "TotalCharges"):
            out[f"{batch_name}.{name}"] = numeric_case(num(name, ref), num(name, batch))
        for name in ("Contract", "PaymentMethod", "InternetService"):
            out[f"{batch_name}.{name}"] = chi_square_case([r[name] for r in ref], [r[name] for r in batch])
    return out


def main():
    numeric = {}
    for name, (rs, rn, rseed, bs, bn, bseed) in NUMERIC.items():
        case = numeric_case(numeric_sample(rs, rn, rseed), numeric_sample(bs, bn, bseed))
        numeric[name] = {"referenceSample": [rs, rn, rseed], "batchSample": [bs, bn, bseed], **case}
    categorical = {}
    for name, (rs, rn, rseed, bs, bn, bseed) in CATEGORICAL.items():
        case = chi_square_case(categorical_sample(rs, rn, rseed), categorical_sample(bs, bn, bseed))
        categorical[name] = {"referenceSample": [rs, rn, rseed], "batchSample": [bs, bn, bseed], **case}
    bh = []
    for p in BH_CASES:
        reject, corrected, _, _ = multipletests(p, alpha=0.05, method="fdr_bh")
        bh.append({"p": p, "adjusted": [float(v) for v in corrected], "rejected": [bool(v) for v in reject]})
    out = {
        "scipyVersion": scipy.__version__,
        "statsmodelsVersion": statsmodels.__version__,
        "numpyVersion": np.__version__,
        "firstDraws": [float(v) for v in numeric_sample({"mean": 0, "sd": 1}, 3, 1)],
        "numeric": numeric,
        "categorical": categorical,
        "telco": telco(),
        "kstwo": [[n, x, float(kstwo.sf(x, n))] for n, x in KSTWO_GRID],
        "smirnov": [[n, x, float(smirnov(n, x))] for n, x in SMIRNOV_GRID],
        "chi2": [[x, df, float(chi2.sf(x, df))] for x, df in CHI2_GRID],
        "bh": bh,
    }
    text = (
        "// Generated by src/ml/drift/reference/drift_reference.py: do not edit by hand.\n"
        f"// SciPy {scipy.__version__} (ks_2samp, kstwo.sf, smirnov, chi2.sf, chi2_contingency), statsmodels "
        f"{statsmodels.__version__} (multipletests fdr_bh), numpy {np.__version__} (PSI from the bin rules).\n"
        f"export const SCIPY_REFERENCE = {json.dumps(out, allow_nan=False)} as const;\n"
    )
    with open(OUT, "w") as f:
        f.write(text)
    print(json.dumps({k: out[k] for k in ("scipyVersion", "statsmodelsVersion", "numpyVersion", "firstDraws")}))
    for name, case in numeric.items():
        print(name, case["planned"], len(case["edges"]) + 1, "psi", round(case["psi"], 6), "ks", case["ksStatistic"], case["ksPValue"])
    for name, case in categorical.items():
        print(name, "chi2", case["statistic"], case["df"], case["pValue"], "pooled", case["pooled"])


if __name__ == "__main__":
    main()
