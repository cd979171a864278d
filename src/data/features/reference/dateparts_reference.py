"""Reference values for date parts and their cyclic encodings (src/data/features/dateparts.test.ts).

Run: /usr/bin/python3 src/data/features/reference/dateparts_reference.py  (pandas 1.5, numpy 1.24)

pandas' dt accessors give the parts (dayofweek is Monday 0, the app's ISO dow is Monday 1, so the
app's dow is dayofweek + 1); the cyclic encodings are sin/cos of 2π·(month − 1)/12,
2π·dayofweek/7 and 2π·hour/24, as usual for seasonal features.
"""
import numpy as np
import pandas as pd

stamps = pd.to_datetime([
    "2023-01-01 00:00:00",  # a Sunday, the first day of the year
    "2024-02-29 13:45:00",  # a leap day, Thursday
    "2024-07-15 06:30:00",  # Monday
    "2024-12-31 23:59:59",  # the 366th day of a leap year, Tuesday
    "2025-06-07 18:00:00",  # Saturday
])

parts = pd.DataFrame({
    "year": stamps.year,
    "month": stamps.month,
    "dow": stamps.dayofweek + 1,
    "day": stamps.day,
    "hour": stamps.hour,
    "doy": stamps.dayofyear,
    "month_sin": np.sin(2 * np.pi * (stamps.month - 1) / 12),
    "month_cos": np.cos(2 * np.pi * (stamps.month - 1) / 12),
    "dow_sin": np.sin(2 * np.pi * stamps.dayofweek / 7),
    "dow_cos": np.cos(2 * np.pi * stamps.dayofweek / 7),
    "hour_sin": np.sin(2 * np.pi * stamps.hour / 24),
    "hour_cos": np.cos(2 * np.pi * stamps.hour / 24),
})
for name in parts.columns:
    print(f"{name}: {[float(v) if isinstance(v, float) else int(v) for v in parts[name].tolist()]},")
