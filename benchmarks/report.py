"""Turn one benchmark run's raw figures into the Markdown table printed and kept in README.md."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from crowds import SPREAD_S, feedback, phases
from harness import median, p95, write_between

MB = 2**20
START = "<!-- bench:start -->"
END = "<!-- bench:end -->"
TARGET_RATIO = 1.5
"""Issue 5: a chapter's first quiz is clickable within 1.5x the hello page on the same stack."""
TARGET_STOCK_RATIO = 1.2
"""Issue 11: the first quiz is usable within 1.2x stock Voila's one-button page."""
TARGET_CHECK_P95 = 150.0
TARGET_CROWD_P95 = 500.0
TARGET_TEXT_RATIO = 1.0
"""Issue 11: the chapter's text is visible within 1.0x the stock page's LCP."""
TARGET_FIRST_BYTES = 1_500_000
TARGET_NEXT_BYTES = 300_000


def _met(ok: bool) -> str:
    return "met" if ok else "**not met**"


def _readies(r: dict, key: str) -> list[float]:
    """The ``ready`` times of a page (older raw files kept a bare list)."""
    v = r["start"][key]
    return v["ready"] if isinstance(v, dict) else v


def render(r: dict) -> str:
    """The results section: machine, start-time table, latency, memory, crowd, Lighthouse."""
    m = r["machine"]
    floor = median(_readies(r, "hello"))
    load = r.get("load_before")
    note = r.get("load_note")
    lines = [
        f"Measured {r['date']} on {m['cpus']} CPUs ({m['cpu']}), {m['ram']} RAM, {m['os']}; "
        f"Python {m['python']}, Voila {m['voila']}, headless Chromium ({m['chromium']})."
        + (f" Both servers with {r['preheat']} preheated kernel(s) per page." if r.get("preheat") else "")
        + (f" Load average when the run started: {load[0]:.1f}." if load else "")
        + (f" {note}" if note else ""),
        "",
    ]
    lines += _goals(r)
    lines += [
        f"### 1. Time until the first quiz Check is clickable ({r['reps']} loads each, median)",
        "",
        "| page | median ms | min ms | max ms | / hello (issue 5: <= 1.5x) "
        "| / stock Voila (issue 11: <= 1.2x) | text shown ms | LCP ms |",
        "|---|---:|---:|---:|---|---|---:|---:|",
    ]
    stock = median(_readies(r, "stock")) if "stock" in r["start"] else None
    order = [k for k in r.get("start_order", []) if k in r["start"]] or list(r["start"])
    for cid in order:
        xs = _readies(r, cid)
        ratio = median(xs) / floor
        name = {"hello": "hello world (floor of the lesson's stack)",
                "stock": "stock Voila, one button (floor of issue 11)"}.get(cid, cid)
        mark = " (heaviest)" if cid == r["heaviest"] else ""
        floors = cid in ("hello", "stock")
        to_hello = f"{ratio:.2f}" + ("" if floors else f" {_met(ratio <= TARGET_RATIO)}")
        to_stock = "" if stock is None else f"{median(xs) / stock:.2f}" + (
            "" if floors else f" {_met(median(xs) / stock <= TARGET_STOCK_RATIO)}")
        lines.append(f"| {name}{mark} | {median(xs):.0f} | {min(xs):.0f} | {max(xs):.0f} | "
                     f"{to_hello} | {to_stock} | {_med(r, cid, 'text')} | {_med(r, cid, 'lcp')} |")
    lines += [
        "",
        "Text shown: the chapter's heading and first paragraph are on screen; LCP as Chromium "
        "reported it, unthrottled (Lighthouse's simulated figures are in section 6).",
        "",
        f"Kernels left running after all the loads above: {r['leftover_kernels']} "
        "(each page is left through about:blank, so Voila shuts its kernel down).",
    ]
    lines += _link_table(r)
    if "latency" in r:
        lines += _latency_crowd(r)
    lines += _presenter(r)
    lines += _lighthouse(r)
    return "\n".join(lines) + "\n"


def _med(r: dict, key: str, what: str) -> str:
    v = r["start"][key]
    xs = v.get(what, []) if isinstance(v, dict) else []
    return f"{median(xs):.0f}" if xs else ""


def _lh_median(runs: list[dict], key: str) -> float:
    return median([x[key] for x in runs if x.get(key) is not None])


def _goals(r: dict) -> list[str]:
    """The issue 11 goals, each as measured in this run."""
    lh = r.get("lighthouse")
    wire = r.get("wire")
    if not lh and not wire:
        return []
    rows = []
    floor_key = "stock" if "stock" in r["start"] else "hello"
    if lh:
        floor_lcp = _lh_median(lh[floor_key], "lcp_ms")
        for label in ("treatment", "landing"):
            lcp = _lh_median(lh[label], "lcp_ms")
            rows.append((f"text visible: Lighthouse LCP, {label} / stock page",
                         f"{lcp:.0f} / {floor_lcp:.0f} ms", f"{lcp / floor_lcp:.2f}x", "<= 1.0x",
                         lcp / floor_lcp <= TARGET_TEXT_RATIO))
    for label, times in (("10 Mbit/s link", r.get("link")), ("localhost, no network limit", r["start"])):
        if not times or "stock" not in times:
            continue
        rows += _ratio_rows(label, times)
    if lh:
        tti_l, tti_h = _lh_median(lh["treatment"], "tti_ms"), _lh_median(lh[floor_key], "tti_ms")
        rows.append(("Lighthouse time to interactive, treatment / stock page",
                     f"{tti_l:.0f} / {tti_h:.0f} ms", f"{tti_l / tti_h:.2f}x", "<= 1.2x",
                     tti_l / tti_h <= TARGET_STOCK_RATIO))
    if wire:
        first = wire["lesson"]["first"]["http"]
        nxt = wire["lesson"]["next"]["http"]
        a, b = wire["pages"]
        rows.append((f"transferred, first visit ({a})", f"{first / 1000:.0f} kB", "", "<= 1500 kB",
                     first <= TARGET_FIRST_BYTES))
        rows.append((f"transferred, next chapter ({b})", f"{nxt / 1000:.0f} kB", "", "<= 300 kB",
                     nxt <= TARGET_NEXT_BYTES))
        back = wire.get("back")
        if back:
            same = abs(back["scroll_after"] - back["scroll_before"]) <= 2
            ok = back["restored"] and same and back["quiz_works"]
            how = ("from the back/forward cache" if back["restored"] else
                   "reloaded (" + ", ".join(back["reasons"][:3] or ["no reason given"]) + ")")
            rows.append((f"Back from {b} to {a}", f"{how}; scroll {back['scroll_before']:.0f} -> "
                         f"{back['scroll_after']:.0f} px; quiz {'works' if back['quiz_works'] else 'dead'}",
                         "", "cached, same place, quiz works", ok))
    if lh:
        for label in ("treatment", "landing"):  # the lesson's pages (stock Voila's are in section 6)
            a11y = min(x["accessibility"] for x in lh[label])
            bp = min(x["best_practices"] for x in lh[label])
            rows.append((f"Lighthouse accessibility / best practices, {label} (lowest run)",
                         f"{a11y:.2f} / {bp:.2f}", "", "1.0 / 1.0", a11y == 1 and bp == 1))
    out = ["### Goals of issue 11 (this run)", "",
           "| goal | measured | ratio | target | |", "|---|---|---:|---|---|"]
    for name, measured, ratio_s, target, ok in rows:
        out.append(f"| {name} | {measured} | {ratio_s} | {target} | {'' if ok is None else _met(ok)} |")
    return out + [""]


def _ratio_rows(label: str, times: dict) -> list[tuple]:
    """Text shown / stock LCP and quiz usable / stock button usable, for the slowest chapter."""
    chapters = [c for c in times if c not in ("hello", "stock")]
    rows: list[tuple] = []
    floor_lcp = median(times["stock"].get("lcp", []))
    texts = [(c, median(times[c]["text"])) for c in chapters if times[c].get("text")]
    if texts and floor_lcp == floor_lcp:
        worst = max(texts, key=lambda t: t[1])
        rows.append((f"text visible ({label}), slowest chapter ({worst[0]}) / stock LCP",
                     f"{worst[1]:.0f} / {floor_lcp:.0f} ms", f"{worst[1] / floor_lcp:.2f}x", "<= 1.0x",
                     worst[1] / floor_lcp <= TARGET_TEXT_RATIO))
    floor = median(times["stock"]["ready"])
    slowest = max(chapters, key=lambda c: median(times[c]["ready"]))
    ratio = median(times[slowest]["ready"]) / floor
    rows.append((f"first quiz usable ({label}), slowest chapter ({slowest}) / stock button usable",
                 f"{median(times[slowest]['ready']):.0f} / {floor:.0f} ms", f"{ratio:.2f}x", "<= 1.2x",
                 ratio <= TARGET_STOCK_RATIO))
    return rows


def _link_table(r: dict) -> list[str]:
    link = r.get("link")
    if not link:
        return []
    floor = median(link["stock"]["ready"])
    out = ["", f"### 1b. On a 10 Mbit/s link with 150 ms request latency (Lighthouse's desktop network as "
           f"DevTools applies it; {len(link['stock']['ready'])} loads each, median)", "",
           "| page | quiz usable ms | / stock Voila (<= 1.2x) | text shown ms | LCP ms |",
           "|---|---:|---|---:|---:|"]
    for key, v in link.items():
        name = "stock Voila, one button (floor)" if key == "stock" else key
        ratio = median(v["ready"]) / floor
        mark = "" if key == "stock" else f" {_met(ratio <= TARGET_STOCK_RATIO)}"
        text = f"{median(v['text']):.0f}" if v.get("text") else ""
        lcp = f"{median(v['lcp']):.0f}" if v.get("lcp") else ""
        out.append(f"| {name} | {median(v['ready']):.0f} | {ratio:.2f}{mark} | {text} | {lcp} |")
    return out


def _lighthouse(r: dict) -> list[str]:
    lh = r.get("lighthouse")
    wire = r.get("wire")
    out: list[str] = []
    if lh:
        first = next(iter(lh.values()))
        runs = len(first)
        version = first[0].get("version", "?")
        out += ["", f"### 6. Lighthouse {version}, desktop preset, outside hosts blocked "
                f"(median of {runs} runs)", "",
                "| page | performance score | FCP | LCP | total blocking time | time to interactive | CLS | "
                "transferred | requests | DOM elements | back/forward cache |",
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
        names = {"stock": "stock Voila, one button (floor)", "hello": "hello on the lesson's stack",
                 "treatment": "lesson, Treatment chapter",
                 "landing": "lesson, landing page"}
        for label, xs in lh.items():
            bf = "yes" if all(x["bf_cache"] == 1 for x in xs) else "no: " + "; ".join(
                sorted({reason for x in xs for reason in x["bf_cache_reasons"]}))[:200]
            out.append(
                f"| {names.get(label, label)} | {_lh_median(xs, 'performance'):.2f} | "
                f"{_lh_median(xs, 'fcp_ms') / 1000:.1f} s | {_lh_median(xs, 'lcp_ms') / 1000:.1f} s | "
                f"{_lh_median(xs, 'tbt_ms') / 1000:.1f} s | {_lh_median(xs, 'tti_ms') / 1000:.1f} s | "
                f"{_lh_median(xs, 'cls'):.3f} | {_lh_median(xs, 'bytes') / 1e6:.2f} MB | "
                f"{_lh_median(xs, 'requests'):.0f} | {_lh_median(xs, 'dom_size'):.0f} | {bf} |")
        failed = Counter(k for xs in lh.values() for x in xs for k in x["failed"])
        foreign = sorted({u for xs in lh.values() for x in xs for u in x["foreign_requests"]})
        out += ["", "Audits that did not pass in some run (runs): "
                + (", ".join(f"{k} ({n})" for k, n in sorted(failed.items())) or "none") + "."]
        out += ["", "Requests to other hosts: " + (", ".join(foreign) if foreign else "none") + "."]
    if wire:
        out += ["", "Bytes on the wire in Chromium (responses as sent, headers included; kernel "
                "websocket frames apart):", "",
                "| visit | HTTP kB | responses | from cache | websocket kB |", "|---|---:|---:|---:|---:|"]
        a, b = wire["pages"]
        for label, d in ((f"{a}, first visit (empty cache)", wire["lesson"]["first"]),
                         (f"{b}, next chapter (same tab)", wire["lesson"]["next"]),
                         ("hello, first visit", wire["hello"]["first"]),
                         ("hello, again", wire["hello"]["next"]),
                         *((("stock Voila, first visit", wire["stock"]["first"]),
                            ("stock Voila, again", wire["stock"]["next"])) if "stock" in wire else ())):
            out.append(f"| {label} | {d['http'] / 1000:.0f} | {d['requests']} | {d['cached']} | "
                       f"{d['ws'] / 1000:.0f} |")
    return out


def _latency_crowd(r: dict) -> list[str]:
    lat = r["latency"]
    t = lat["times"]
    bad = sum(1 for x in t if x < 0)
    good = [x for x in t if x >= 0]
    lines = [
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
    checks = c["times"] + c.get("times_after", [])  # every Check: the target
    lines += [
        "",
        f"### 4. {c['size']} learners at once ({r['heaviest']} chapter, one browser, separate contexts)",
        "",
        "| pages | complete | p50 feedback ms | p95 feedback ms | target | slowest page ready s | wall s | "
        "server + kernels RSS MiB (all open) | peak MiB |",
        "|---|---:|---:|---:|---|---:|---:|---:|---:|",
        f"| {r['heaviest']}, each answering a question | {c['complete']}/{c['size']} | "
        f"{median(checks):.0f} | {p95(checks):.0f} | "
        f"{_met(c['complete'] == c['size'] and p95(checks) < TARGET_CROWD_P95)} (all, p95 < 500 ms) | "
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
    if "times_after" in c:
        lines += ["", "Check -> feedback p50 / p95 (the table: every Check): each learner's first Check, "
                      f"made while other pages were still starting, {feedback(c['times'])} ms; once every "
                      f"learner had loaded (one more Check each, at random moments within {SPREAD_S:g} s), "
                      f"{feedback(c['times_after'])} ms ({c['no_feedback_after']} without feedback).",
                  "", f"Where the working learners' time went (median / max s): {phases(c)}."]
    lines += ["", "CPU seconds used while the pages loaded (the browser shares the machine's CPUs):", "",
              "| pages | server + kernels CPU s | Chromium CPU s |", "|---|---:|---:|"]
    for label, run in ((r["heaviest"], c), ("hello world", h)):
        if run and "cpu_server_s" in run:
            lines.append(f"| {label} | {run['cpu_server_s']:.0f} | {run['cpu_browser_s']:.0f} |")
    if c["errors"]:
        counts = Counter(e.splitlines()[0] for e in c["errors"])
        lines += ["", "Crowd errors: " + "; ".join(f"{n} x {e}" for e, n in counts.items())]
    return lines


def _presenter(r: dict) -> list[str]:
    lines: list[str] = []
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
    return lines


def write_readme(path: Path, text: str) -> None:
    """Replace the text between the bench markers (or append a marked section)."""
    write_between(path, text, START, END, "Latest measured figures")
