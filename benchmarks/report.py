"""Turn one benchmark run's raw figures into the Markdown table printed and kept in README.md."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from harness import median, p95

MB = 2**20
START = "<!-- bench:start -->"
END = "<!-- bench:end -->"
TARGET_RATIO = 1.5
TARGET_CHECK_P95 = 150.0
TARGET_CROWD_P95 = 500.0


def _met(ok: bool) -> str:
    return "met" if ok else "**not met**"


def render(r: dict) -> str:
    """The results section: machine, start-time table, latency, memory, crowd."""
    m = r["machine"]
    floor = median(r["start"]["hello"])
    lines = [
        f"Measured {r['date']} on {m['cpus']} CPUs ({m['cpu']}), {m['ram']} RAM, {m['os']}; "
        f"Python {m['python']}, Voila {m['voila']}, headless Chromium ({m['chromium']})."
        + (f" Both servers with {r['preheat']} preheated kernel(s) per page." if r.get("preheat") else ""),
        "",
        f"### 1. Time until the first quiz Check is clickable ({r['reps']} loads each, median)",
        "",
        "| page | median ms | min ms | max ms | ratio to hello | target <= 1.5x |",
        "|---|---:|---:|---:|---:|---|",
        f"| hello world (floor) | {floor:.0f} | {min(r['start']['hello']):.0f} | "
        f"{max(r['start']['hello']):.0f} | 1.00 | |",
    ]
    for cid, xs in r["start"].items():
        if cid == "hello":
            continue
        ratio = median(xs) / floor
        mark = " (heaviest)" if cid == r["heaviest"] else ""
        lines.append(f"| {cid}{mark} | {median(xs):.0f} | {min(xs):.0f} | {max(xs):.0f} | "
                     f"{ratio:.2f} | {_met(ratio <= TARGET_RATIO)} |")
    lat = r["latency"]
    t = lat["times"]
    bad = sum(1 for x in t if x < 0)
    good = [x for x in t if x >= 0]
    lines += [
        "",
        f"Kernels left running after all the loads above: {r['leftover_kernels']} "
        "(each page is left through about:blank, so Voila shuts its kernel down).",
        "",
        "### 2. Check -> feedback shown",
        "",
        "| chapter | clicks | p50 ms | p95 ms | max ms | target p95 < 150 ms |",
        "|---|---:|---:|---:|---:|---|",
        f"| {lat['chapter']} | {len(good)} (+{bad} no feedback) | {median(good):.0f} | {p95(good):.0f} | "
        f"{max(good):.0f} | {_met(p95(good) < TARGET_CHECK_P95 and not bad)} |",
        "",
        "### 3. Memory of one learner's kernel (RSS)",
        "",
        "| kernel | RSS MiB |",
        "|---|---:|",
        f"| baseline: only `import ipywidgets, matplotlib.pyplot` | {r['baseline_rss'] / MB:.0f} |",
        f"| one learner, {lat['chapter']} chapter loaded | {lat['kernel_rss'] / MB:.0f} |",
        f"| ratio | {lat['kernel_rss'] / max(r['baseline_rss'], 1):.2f} |",
    ]
    c = r["crowd"]
    h = r.get("crowd_hello")
    slowest = max(c["ready_s"], default=float("nan"))
    lines += [
        "",
        f"### 4. {c['size']} learners at once ({r['heaviest']} chapter, one browser, separate contexts)",
        "",
        "| pages | complete | p50 feedback ms | p95 feedback ms | target | slowest page ready s | wall s | "
        "server + kernels RSS MiB (all open) | peak MiB |",
        "|---|---:|---:|---:|---|---:|---:|---:|---:|",
        f"| {r['heaviest']}, each answering a question | {c['complete']}/{c['size']} | "
        f"{median(c['times']):.0f} | {p95(c['times']):.0f} | "
        f"{_met(c['complete'] == c['size'] and p95(c['times']) < TARGET_CROWD_P95)} (all, p95 < 500 ms) | "
        f"{slowest:.1f} | {c['wall_s']:.1f} | "
        f"{c['total_rss'] / MB:.0f} ({c['kernels']} kernels) | {c['peak_rss'] / MB:.0f} |",
    ]
    if h:
        lines.append(
            f"| hello world (floor), opened only | {h['complete']}/{h['size']} | | | | "
            f"{max(h['ready_s'], default=float('nan')):.1f} | {h['wall_s']:.1f} | "
            f"{h['total_rss'] / MB:.0f} ({h['kernels']} kernels) | {h['peak_rss'] / MB:.0f} |"
        )
        if h["ready_s"] and c["ready_s"]:
            lines += ["", f"Slowest lesson page / slowest hello page, both {c['size']} at once: "
                          f"{slowest / max(h['ready_s']):.2f}x."]
    lines += ["", "CPU seconds used while the pages loaded (the browser shares the machine's CPUs):", "",
              "| pages | server + kernels CPU s | Chromium CPU s |", "|---|---:|---:|"]
    for label, run in ((r["heaviest"], c), ("hello world", h)):
        if run and "cpu_server_s" in run:
            lines.append(f"| {label} | {run['cpu_server_s']:.0f} | {run['cpu_browser_s']:.0f} |")
    pres = r.get("presenter")
    if pres:
        plain = median(pres["plain"])
        lines += [
            "",
            "### 5. A presenter: chapters opened one at a time, 8 s apart (until the quiz is clickable)",
            "",
            "| server | loads | median ms | min ms | max ms | ratio to plain |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for label, xs in pres.items():
            lines.append(f"| {label} | {len(xs)} | {median(xs):.0f} | {min(xs):.0f} | {max(xs):.0f} | "
                         f"{median(xs) / plain:.2f} |")
    if c["errors"]:
        counts = Counter(e.splitlines()[0] for e in c["errors"])
        lines += ["", "Crowd errors: " + "; ".join(f"{n} x {e}" for e, n in counts.items())]
    return "\n".join(lines) + "\n"


def write_readme(path: Path, text: str) -> None:
    """Replace the text between the bench markers (or append a marked section)."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{START}\n{text}{END}"
    if START in old and END in old:
        new = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _m: block, old, flags=re.S)
    else:
        new = old.rstrip() + "\n\n## Latest measured figures\n\n" + block + "\n"
    path.write_text(new, encoding="utf-8")
