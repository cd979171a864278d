#!/usr/bin/python3
"""Known answers for src/ml/abtest/*.test.ts from SciPy 1.10.1 and statsmodels 0.13.5 (Debian's python3).

The t quantiles are also solved to 40 digits with mpmath (python3-mpmath), because SciPy's are not
exact at df = 1.

Run:  /usr/bin/python3 src/ml/abtest/reference/abtest_reference.py && npx prettier --write src/ml/abtest/fixtures
Writes src/ml/abtest/fixtures/scipy_reference.ts; tests never run Python.

Orientation: statsmodels' sample 1 is the treatment and sample 2 the control, so every difference
is treatment - control. In the design, nobs1 is the treatment's size and ratio = n_control / n_treatment.
"""
import json
import math
import os

import mpmath
import numpy as np
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import (
    confint_proportions_2indep, power_proportions_2indep, proportion_confint, proportion_effectsize,
    proportions_ztest, samplesize_proportions_2indep_onetail,
)
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "fixtures", "scipy_reference.ts")


def f(x):
    x = float(x)
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


# --- distributions -------------------------------------------------------------------------------
zs = [-38.0, -12.5, -8.0, -5.0, -3.0, -1.959963984540054, -1.0, -0.3, 0.0, 0.25, 1.0, 2.5, 6.0, 9.0]
ps = [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.025, 0.05, 0.2, 0.5, 0.8, 0.975, 0.999, 1 - 1e-12]
qs = [1e-300, 1e-20, 1e-8, 0.0005, 0.025, 0.05, 0.3, 0.5, 0.9, 0.999999]
normal = {
    "cdf": [[z, stats.norm.cdf(z)] for z in zs],
    "sf": [[z, stats.norm.sf(z)] for z in zs],
    "ppf": [[p, stats.norm.ppf(p)] for p in ps],
    "isf": [[q, stats.norm.isf(q)] for q in qs],
}
dfs = [1, 2, 3.5, 7, 10, 29.7, 57.3, 250, 1000.5, 1e5]
ts = [-40.0, -6.0, -2.5, -1.0, -0.1, 0.0, 0.7, 1.96, 3.3, 12.0, 100.0]
tprobs = [1e-12, 1e-6, 0.0005, 0.025, 0.1, 0.4, 0.5, 0.6, 0.95, 0.975, 0.9995]


def t_cdf_exact(t, d):
    """The t CDF to 40 digits with mpmath's regularized incomplete beta."""
    t, d = mpmath.mpf(t), mpmath.mpf(d)
    tail = mpmath.betainc(d / 2, mpmath.mpf(1) / 2, 0, d / (d + t * t), regularized=True) / 2
    return 1 - tail if t > 0 else tail


def t_ppf_exact(p, d):
    """SciPy 1.10's t.ppf is off by up to 1e-9 relative at df=1 (e.g. p=0.0005); mpmath is not."""
    if p == 0.5:
        return 0.0
    return float(mpmath.findroot(lambda x: t_cdf_exact(x, d) - p, mpmath.mpf(stats.t.ppf(p, d))))


mpmath.mp.dps = 40
student = {
    "cdf": [[t, d, stats.t.cdf(t, d)] for d in dfs for t in ts],
    "sf": [[t, d, stats.t.sf(t, d)] for d in dfs for t in ts],
    "ppf": [[p, d, stats.t.ppf(p, d)] for d in dfs for p in tprobs],
    "ppfExact": [[p, d, t_ppf_exact(p, d)] for d in dfs for p in tprobs],
}
xs = [0.0, 0.001, 0.5, 1.0, 3.84, 10.83, 25.0, 80.0, 400.0]
chi2 = {
    "sf": [[x, k, stats.chi2.sf(x, k)] for k in [1, 2, 3, 5, 10, 33] for x in xs],
    "cdf": [[x, k, stats.chi2.cdf(x, k)] for k in [1, 2, 3, 5, 10, 33] for x in xs],
}

# --- design ----------------------------------------------------------------------------------------
design_inputs = [
    dict(baseline=0.10, kind="absolute", value=0.02, power=0.8, alpha=0.05, alternative="two-sided", share=0.5),
    dict(baseline=0.10, kind="relative", value=0.10, power=0.8, alpha=0.05, alternative="two-sided", share=0.5),
    dict(baseline=0.03, kind="relative", value=0.05, power=0.9, alpha=0.05, alternative="one-sided", share=0.5),
    dict(baseline=0.265, kind="absolute", value=-0.05, power=0.8, alpha=0.05, alternative="two-sided", share=0.5),
    dict(baseline=0.60, kind="absolute", value=0.08, power=0.8, alpha=0.01, alternative="one-sided", share=0.3),
    dict(baseline=0.5, kind="absolute", value=0.2, power=0.95, alpha=0.1, alternative="two-sided", share=0.7),
    dict(baseline=0.002, kind="relative", value=0.5, power=0.8, alpha=0.05, alternative="two-sided", share=0.5),
]
design = []
for d in design_inputs:
    p0 = d["baseline"]
    p1 = p0 + d["value"] if d["kind"] == "absolute" else p0 * (1 + d["value"])
    diff = p1 - p0
    ratio = (1 - d["share"]) / d["share"]
    if d["alternative"] == "two-sided":
        alt = "two-sided"
    else:
        alt = "larger" if diff > 0 else "smaller"
    n_pooled = samplesize_proportions_2indep_onetail(diff, p0, d["power"], ratio=ratio, alpha=d["alpha"],
                                                     alternative=alt)
    h = proportion_effectsize(p1, p0)
    h_alt = alt if alt == "two-sided" else ("larger" if h > 0 else "smaller")
    n_h = NormalIndPower().solve_power(effect_size=h, nobs1=None, alpha=d["alpha"], power=d["power"],
                                       ratio=ratio, alternative=h_alt)
    n_h = float(np.asarray(n_h).ravel()[0])
    probe = [50, 400, 3000]
    design.append(dict(
        input=d,
        treatmentRate=p1,
        cohensH=float(h),
        pooled=dict(
            nobs1=float(n_pooled),
            powerAt=[[n, float(power_proportions_2indep(diff, p0, n, ratio=ratio, alpha=d["alpha"],
                                                        alternative=alt, return_results=False))]
                     for n in probe + [math.ceil(n_pooled)]],
        ),
        cohensHMethod=dict(
            nobs1=n_h,
            powerAt=[[n, float(NormalIndPower().power(h, n, d["alpha"], ratio=ratio, alternative=h_alt))]
                     for n in probe + [math.ceil(n_h)]],
        ),
    ))

# --- proportions -----------------------------------------------------------------------------------
prop_cases = [  # [treatment conversions, users, control conversions, users]
    [120, 1000, 100, 1000],
    [56, 70, 48, 80],
    [0, 50, 3, 60],
    [730, 1031, 611, 987],
    [9, 12, 4, 15],
    [15, 20000, 7, 19850],
    [5000, 5000, 4990, 5000],
]
proportions = []
for ct, nt, cc, nc in prop_cases:
    out = dict(treatment=[ct, nt], control=[cc, nc])
    for alpha in [0.05, 0.1]:
        wald = confint_proportions_2indep(ct, nt, cc, nc, method="wald", compare="diff", alpha=alpha)
        newc = confint_proportions_2indep(ct, nt, cc, nc, method="newcomb", compare="diff", alpha=alpha)
        wt = proportion_confint(ct, nt, alpha=alpha, method="wilson")
        entry = dict(wald=[f(wald[0]), f(wald[1])], newcombe=[f(newc[0]), f(newc[1])], wilsonTreatment=list(map(f, wt)))
        if ct > 0 and cc > 0:
            r = confint_proportions_2indep(ct, nt, cc, nc, method="log", compare="ratio", alpha=alpha)
            entry["ratio"] = [f(r[0]), f(r[1])]
        out["alpha%s" % ("05" if alpha == 0.05 else "10")] = entry
    z = {}
    for side, alt in [("twoSided", "two-sided"), ("greater", "larger"), ("less", "smaller")]:
        s, p = proportions_ztest([ct, cc], [nt, nc], alternative=alt)
        z[side] = [f(s), f(p)]
    out["z"] = z
    proportions.append(out)

# --- Welch -----------------------------------------------------------------------------------------
rng = np.random.RandomState(20240517)
welch = []
for n1, n0, m1, m0, s1, s0 in [(40, 55, 10.5, 9.0, 3.0, 5.0), (12, 9, 0.3, 0.1, 1.0, 0.2), (300, 280, 64.0, 61.0, 30.0, 29.0)]:
    a = np.round(rng.normal(m1, s1, n1), 3)
    b = np.round(rng.normal(m0, s0, n0), 3)
    out = dict(treatment=a.tolist(), control=b.tolist())
    for side, alt in [("twoSided", "two-sided"), ("greater", "greater"), ("less", "less")]:
        r = stats.ttest_ind(a, b, equal_var=False, alternative=alt)
        out[side] = [f(r.statistic), f(r.pvalue)]
    cm = CompareMeans(DescrStatsW(a), DescrStatsW(b))
    out["df"] = float(cm.dof_satt())
    out["ci95"] = list(map(f, cm.tconfint_diff(alpha=0.05, usevar="unequal")))
    out["ci90"] = list(map(f, cm.tconfint_diff(alpha=0.10, usevar="unequal")))
    welch.append(out)

# --- sample-ratio mismatch and Holm ---------------------------------------------------------------
srm = []
for obs, shares in [([5000, 5000], [0.5, 0.5]), ([5130, 4870], [0.5, 0.5]), ([5250, 4750], [0.5, 0.5]),
                    ([3100, 6900], [0.3, 0.7]), ([1000, 1040, 905], [1 / 3, 1 / 3, 1 / 3])]:
    tot = sum(obs)
    r = stats.chisquare(obs, [tot * s for s in shares])
    srm.append(dict(observed=obs, shares=shares, statistic=f(r.statistic), pValue=f(r.pvalue)))
holm = []
for pv in [[0.01, 0.04, 0.03], [0.2, 0.001, 0.5, 0.04], [0.049, 0.051]]:
    holm.append(dict(p=pv, adjusted=list(map(f, multipletests(pv, method="holm")[1]))))

ref = dict(
    scipyVersion=scipy.__version__, statsmodelsVersion=statsmodels.__version__,
    normal=normal, student=student, chi2=chi2, design=design, proportions=proportions, welch=welch,
    srm=srm, holm=holm,
)
text = json.dumps(ref, indent=1).replace('"Infinity"', "Infinity").replace('"-Infinity"', "-Infinity")
with open(OUT, "w") as out:
    out.write("// Generated by src/ml/abtest/reference/abtest_reference.py: do not edit by hand.\n")
    out.write("// SciPy %s (norm, t, chi2, ttest_ind, chisquare) and statsmodels %s (proportions_ztest,\n"
              % (scipy.__version__, statsmodels.__version__))
    out.write("// confint_proportions_2indep, proportion_confint, samplesize_proportions_2indep_onetail,\n")
    out.write("// power_proportions_2indep, NormalIndPower, CompareMeans, multipletests).\n")
    out.write("export const SCIPY_REFERENCE = " + text + " as const;\n")
print("wrote", OUT)
