import statistics


def summary(timings):
    """Median and 95th percentile in milliseconds, as the benchmark tables print them."""
    median = statistics.median(timings) * 1000
    p95 = statistics.quantiles(timings, n=20)[-1] * 1000 if len(timings) > 1 else median
    return f"{median:>10.1f} {p95:>8.1f}"
