"""Sampling, statistics, the printed table and the JSON file."""

from __future__ import annotations

import json
import math
import os
import resource
import statistics
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Sample:
    seconds: float
    peak_rss_kb: int  # of the process that did the work (the bench itself for in-process ops)


def run_process(command: Sequence[str], env: dict[str, str], *, timeout: float = 300) -> Sample:
    """Run a child to completion; its wall time, and its peak RSS from `wait4` (it and its children)."""
    started = time.perf_counter()
    child = subprocess.Popen(list(command), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    watchdog = threading.Timer(timeout, child.kill)
    watchdog.start()
    try:
        assert child.stderr is not None
        errors = child.stderr.read()  # drained while it runs, so a chatty child cannot block
        _, status, usage = os.wait4(child.pid, 0)
    finally:
        watchdog.cancel()
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        tail = errors.decode(errors="replace").strip().splitlines()[-5:]
        raise RuntimeError(f"{command[0]} ... exited with {child.returncode}: " + " | ".join(tail))
    return Sample(seconds, usage.ru_maxrss)


def in_process(work: Callable[[], object]) -> Sample:
    started = time.perf_counter()
    work()
    seconds = time.perf_counter() - started
    return Sample(seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


@dataclass(frozen=True)
class Result:
    op: str
    samples: int
    median_ms: float
    p95_ms: float
    raw_median_ms: float | None
    ratio: float | None
    peak_rss_mb: float
    target: str

    def as_json(self) -> dict[str, object]:
        return {
            "op": self.op,
            "median_ms": self.median_ms,
            "p95_ms": self.p95_ms,
            "raw_median_ms": self.raw_median_ms,
            "ratio": self.ratio,
            "peak_rss_mb": self.peak_rss_mb,
        }


def p95(values: Sequence[float]) -> float:
    """Nearest-rank 95th percentile (the maximum for fewer than 20 samples)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def summarise(op: str, target: str, app: Sequence[Sample], raw: Sequence[Sample]) -> Result:
    app_ms = [s.seconds * 1000 for s in app]
    raw_ms = [s.seconds * 1000 for s in raw]
    median = statistics.median(app_ms)
    raw_median = statistics.median(raw_ms) if raw_ms else None
    return Result(
        op=op,
        samples=len(app_ms),
        median_ms=round(median, 2),
        p95_ms=round(p95(app_ms), 2),
        raw_median_ms=round(raw_median, 2) if raw_median is not None else None,
        ratio=round(median / raw_median, 2) if raw_median else None,
        peak_rss_mb=round(max(s.peak_rss_kb for s in app) / 1024, 1),
        target=target,
    )


def table(results: Sequence[Result]) -> str:
    head = ("op", "n", "median ms", "p95 ms", "raw median ms", "ratio", "peak RSS MB", "target")
    rows = [head] + [
        (r.op, str(r.samples), f"{r.median_ms:,.1f}", f"{r.p95_ms:,.1f}",
         "-" if r.raw_median_ms is None else f"{r.raw_median_ms:,.1f}", "-" if r.ratio is None else f"{r.ratio:.2f}",
         f"{r.peak_rss_mb:,.0f}", r.target)
        for r in results
    ]  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = [" | ".join(cell.ljust(w) if i in (0, 7) else cell.rjust(w) for i, (cell, w) in
                        enumerate(zip(row, widths, strict=True))) for row in rows]  # fmt: skip
    lines.insert(1, "-|-".join("-" * w for w in widths))
    return "\n".join(lines)


def write_json(results: Sequence[Result], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([r.as_json() for r in results], indent=2) + "\n")
