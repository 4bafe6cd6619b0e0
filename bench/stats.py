"""Percentiles for the benchmark printouts."""

from __future__ import annotations

import statistics


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(name: str, values_ms: list[float]) -> str:
    return (
        f"{name:<22} n={len(values_ms):<4} p50={percentile(values_ms, 50):7.1f} ms  "
        f"p95={percentile(values_ms, 95):7.1f} ms  mean={statistics.fmean(values_ms):7.1f} ms"
    )
