"""``--quick``: the same phases and target table in under 10 minutes on a 2-core machine.

Defaults only: a flag given on the command line still wins. The store is a tenth of the full
run's, the sustained load lasts a minute instead of ten, and every cell (ours and Ralph's)
a few seconds; query kinds and replays are bounded so that a slow one cannot eat the budget.
"""

from __future__ import annotations

QUICK_DEFAULTS: dict[str, float | int] = {
    "seconds": 3.0,
    "warmup": 100,
    "lag_samples": 100,
    "open_loop_seconds": 5.0,
    "sustained_seconds": 60.0,
    "drain_seconds": 90.0,
    "store_size": 100_000,
    "store_fill_seconds": 240.0,
    "store_queries": 20,
    "store_query_seconds": 10.0,
    "store_query_timeout": 10.0,
    "store_settle_seconds": 10.0,
    "rebuild_seconds": 45.0,
}
