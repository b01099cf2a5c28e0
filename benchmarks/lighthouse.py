"""Lighthouse 12.2.3 against the local servers, outside hosts blocked.

Lighthouse is pinned in ``benchmarks/package.json`` (13.x needs Node 22) and installed with
``npm ci --prefix benchmarks`` (the Makefile's ``bench`` target does it). Each run uses the
desktop preset (simulated throttling: 40 ms round trip, 10 Mbit/s, no CPU slowdown), a fresh
Chromium profile (empty cache), and Chromium's own resolver refuses every host but 127.0.0.1,
so nothing can load from outside even if a page asked for it.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
VERSION = "12.2.3"
BLOCK_OUTSIDE = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
"""Every name but 127.0.0.1 fails to resolve (Chromium's own resolver, so no request leaves)."""
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                BLOCK_OUTSIDE]
CATEGORIES = "performance,accessibility,best-practices"
TIMEOUT_S = 240


def available() -> str | None:
    """None when Lighthouse can run, else why not."""
    if not LIGHTHOUSE.exists():
        return "Lighthouse is not installed: run `npm ci --prefix benchmarks` (make bench does it)"
    return None


def run(url: str, chromium: str) -> dict[str, Any]:
    """One Lighthouse run of ``url``; the summary of its report (see ``summary``)."""
    with tempfile.TemporaryDirectory(prefix="lesson-lh-") as tmp:
        out = Path(tmp) / "report.json"
        flags = " ".join(f'"{f}"' if " " in f else f for f in CHROME_FLAGS)
        cmd = [str(LIGHTHOUSE), url, "--preset=desktop", f"--only-categories={CATEGORIES}",
               "--output=json", f"--output-path={out}", "--quiet", f"--chrome-flags={flags}"]
        env = {**os.environ, "CHROME_PATH": chromium}
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
        if proc.returncode != 0 or not out.exists():
            raise RuntimeError(f"lighthouse failed ({proc.returncode}): {proc.stderr[-2000:]}")
        return summary(json.loads(out.read_text()))


def _num(audits: dict, key: str) -> float | None:
    value = audits.get(key, {}).get("numericValue")
    return float(value) if value is not None else None


def summary(report: dict[str, Any]) -> dict[str, Any]:
    """The figures the benchmark keeps from one Lighthouse report."""
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse: {report['runtimeError']}")
    a = report["audits"]
    cats = report["categories"]
    items = a.get("network-requests", {}).get("details", {}).get("items", [])
    foreign = sorted({i["url"] for i in items
                      if i["url"].startswith("http") and not i["url"].startswith("http://127.0.0.1")})
    bf = a.get("bf-cache", {})
    return {
        "version": report.get("lighthouseVersion"),
        "performance": cats["performance"]["score"],
        "accessibility": cats["accessibility"]["score"],
        "best_practices": cats["best-practices"]["score"],
        "fcp_ms": _num(a, "first-contentful-paint"),
        "lcp_ms": _num(a, "largest-contentful-paint"),
        "tbt_ms": _num(a, "total-blocking-time"),
        "tti_ms": _num(a, "interactive"),
        "cls": _num(a, "cumulative-layout-shift"),
        "bytes": _num(a, "total-byte-weight"),
        "requests": len(items),
        "dom_size": _num(a, "dom-size"),
        "bf_cache": bf.get("score"),
        "bf_cache_reasons": [i.get("reason", "") for i in bf.get("details", {}).get("items", [])],
        "text_compression": a.get("uses-text-compression", {}).get("score"),
        "cache_ttl": a.get("uses-long-cache-ttl", {}).get("score"),
        "failed": sorted(k for k, v in a.items()
                         if v.get("score") is not None and v["score"] < 1
                         and v.get("scoreDisplayMode") in ("binary", "metricSavings")),
        "foreign_requests": foreign,
    }
