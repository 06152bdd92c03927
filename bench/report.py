#!/usr/bin/env python3
"""Turns one run.sh result folder into the Performance tables (Markdown): throughput in docs/s and chars/s,
allocation per screen, the ratios the targets are stated in, and start-up. Usage: report.py RESULT_DIR"""
import json
import os
import statistics
import sys

ENGINES = [  # (JMH method, label)
    ("bianwei", "Bianwei `screen`, 1 thread"),
    ("bianwei2t", "Bianwei `screen`, 2 threads, one Screener"),
    ("bianweiWeights", "Bianwei `screen`, hand weights (no model), 1 thread"),
    ("hanlpSegment", "A: HanLP standard segmentation alone"),
    ("sensitiveWord", "B: sensitive-word `findAll` (our terms, normalisation on)"),
    ("ahoCorasick", "C: one Aho-Corasick pass, raw text"),
    ("ahoCorasick2t", "C, 2 threads (control for the 2-thread ratio)"),
]
CORPORA = ["mix", "flagged", "seed", "long"]
CORPUS_LABEL = {"mix": "realistic mix", "flagged": "suspicious only", "seed": "seed document",
                "long": "long texts (~100 KB)"}


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def si(x):
    for unit, div in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if abs(x) >= div:
            return f"{x / div:.3g} {unit}"
    return f"{x:.3g}"


def ratio(a, b):
    return f"{a / b:.2f}×" if a and b else "–"


def main(d):
    corpora = load(os.path.join(d, "corpora.json"))
    tp = {}
    for r in load(os.path.join(d, "throughput.json")):
        method = r["benchmark"].rsplit(".", 1)[1]
        corpus = r["params"]["corpus"]
        sec = r.get("secondaryMetrics", {})
        alloc = sec.get("gc.alloc.rate.norm", {}).get("score")
        tp[(method, corpus)] = (r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"], alloc)
    out = []
    meta_path = os.path.join(d, "meta.txt")
    if os.path.exists(meta_path):
        out.append("```\n" + open(meta_path, encoding="utf-8").read().strip() + "\n```\n")
    out.append("Corpora:\n")
    for c in CORPORA:
        k = corpora[c]
        out.append(f"- **{c}** ({CORPUS_LABEL[c]}): {k['docs']} texts, {k['chars']:,} chars, "
                   f"{k['bytes'] / 1024:.0f} KB UTF-8; {k['source']}")
    out.append("")
    out.append("### Throughput (one op = one pass over the corpus; ± is JMH's 99.9 % error of the op rate)\n")
    out.append("| corpus | engine | docs/s | chars/s | ± | alloc per text |")
    out.append("|---|---|---:|---:|---:|---:|")
    for c in CORPORA:
        k = corpora[c]
        for m, label in ENGINES:
            if (m, c) not in tp:
                continue
            ops, err, alloc = tp[(m, c)]
            err_pct = f"{100 * err / ops:.0f} %" if ops and err == err else "–"
            # for 2 threads JMH reports the ops of both threads summed; alloc.rate.norm is per op
            a = f"{alloc / k['docs'] / 1024:,.1f} KB" if alloc is not None else "–"
            out.append(f"| {c} | {label} | {si(ops * k['docs'])} | {si(ops * k['chars'])} | {err_pct} | {a} |")
    out.append("")
    out.append("### Ratios (same run)\n")
    out.append("| corpus | Bianwei / sensitive-word | Bianwei / HanLP seg. | Bianwei / Aho-Corasick | "
               "Bianwei 2 threads / 1 thread | control: Aho-Corasick 2 threads / 1 thread | "
               "learned verdict / hand weights | hand weights / sensitive-word |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    g = lambda m, c: tp.get((m, c), (None,))[0]
    for c in CORPORA:
        b = g("bianwei", c)
        out.append(f"| {c} | {ratio(b, g('sensitiveWord', c))} | {ratio(b, g('hanlpSegment', c))} | "
                   f"{ratio(b, g('ahoCorasick', c))} | {ratio(g('bianwei2t', c), b)} | "
                   f"{ratio(g('ahoCorasick2t', c), g('ahoCorasick', c))} | "
                   f"{ratio(b, g('bianweiWeights', c))} | {ratio(g('bianweiWeights', c), g('sensitiveWord', c))} |")
    out.append("")
    abl = {}
    for r in load(os.path.join(d, "throughput.json")):
        if ".AblationBench." in r["benchmark"]:
            abl[(r["benchmark"].rsplit(".", 1)[1], r["params"]["corpus"])] = r["primaryMetric"]["score"]
    if abl:
        out.append("### Ablations (proposed fixes measured without changing core; same run)\n")
        out.append("| corpus | Bianwei as is | with CTX_DEBUNK_ARTICLE rewritten | gain | "
                   "segmenter as Bianwei's, POS on | POS off | gain |")
        out.append("|---|---:|---:|---:|---:|---:|---:|")
        for c in CORPORA:
            if ("bianweiCtxFix", c) not in abl:
                continue
            k = corpora[c]["docs"]
            b, fx = g("bianwei", c), abl.get(("bianweiCtxFix", c))
            p_on, p_off = abl.get(("segmentAsBianweiPos", c)), abl.get(("segmentAsBianweiNoPos", c))
            out.append(f"| {c} | {si(b * k) if b else '–'} docs/s | {si(fx * k)} docs/s | {ratio(fx, b)} | "
                       f"{si(p_on * k)} docs/s | {si(p_off * k)} docs/s | {ratio(p_off, p_on)} |")
        out.append("")
    out.append("### Targets\n")
    targets = [
        ("realistic mix: Bianwei ≥ 1.0× sensitive-word", g("bianwei", "mix"), g("sensitiveWord", "mix"), 1.0),
        ("suspicious only: Bianwei ≥ 1.0× sensitive-word", g("bianwei", "flagged"), g("sensitiveWord", "flagged"), 1.0),
        ("suspicious only: Bianwei ≥ 0.5× HanLP segmentation", g("bianwei", "flagged"), g("hanlpSegment", "flagged"), 0.5),
        ("2 threads ≥ 1.7× 1 thread (realistic mix)", g("bianwei2t", "mix"), g("bianwei", "mix"), 1.7),
        ("2 threads ≥ 1.7× 1 thread (suspicious only)", g("bianwei2t", "flagged"), g("bianwei", "flagged"), 1.7),
    ]
    out.append("| target | measured | |")
    out.append("|---|---:|---|")
    for name, a, b, want in targets:
        if a and b:
            out.append(f"| {name} | {a / b:.2f}× | {'met' if a / b >= want else '**missed**'} |")
        else:
            out.append(f"| {name} | – | not measured |")
    out.append("")
    sp = os.path.join(d, "startup.json")
    if os.path.exists(sp):
        out.append("### Start-up (fresh JVM per fork, one shot each)\n")
        out.append("| what | mean | min | max | forks |")
        out.append("|---|---:|---:|---:|---:|")
        for r in load(sp):
            method = r["benchmark"].rsplit(".", 1)[1]
            raw = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
            out.append(f"| `{method}` | {statistics.mean(raw):,.0f} ms | {min(raw):,.0f} ms | {max(raw):,.0f} ms | "
                       f"{len(raw)} |")
        cli = os.path.join(d, "cli.json")
        cold = {}
        if os.path.exists(cli):
            for r in load(cli)["results"]:
                times, cpu = r["times"], r.get("cpu", [])
                cold[r.get("name", r["command"])] = (statistics.median(times), statistics.median(cpu) if cpu else None)
                out.append(f"| whole process: `{r['command']}` (median wall; CPU {statistics.median(cpu):.2f} s) | "
                           if cpu else f"| whole process: `{r['command']}` | ")
                out[-1] += (f"{1000 * statistics.median(times):,.0f} ms | {1000 * min(times):,.0f} ms | "
                            f"{1000 * max(times):,.0f} ms | {len(times)} runs |")
            if "hanlp_hello" in cold:
                h_wall, h_cpu = cold["hanlp_hello"]
                out.append("")
                out.append("Cold first verdict against the HanLP hello (same run; target ≤ 3×, stretch ≤ 2×):\n")
                out.append("| CLI | wall ratio | CPU ratio | |")
                out.append("|---|---:|---:|---|")
                for k, label in (("launcher", "`bin/bianwei`"), ("java_jar", "`java -jar cli/target/bianwei.jar`")):
                    if k in cold:
                        w, c = cold[k]
                        verdict = "met" if w / h_wall <= 3 else "**missed**"
                        if w / h_wall <= 2:
                            verdict = "met (stretch too)"
                        out.append(f"| {label} | {w / h_wall:.1f}× | "
                                   f"{(c / h_cpu) if c and h_cpu else float('nan'):.1f}× | {verdict} |")
        elif os.path.exists(os.path.join(d, "cli-missing.txt")):
            out.append("| CLI first result | not measured: " + open(os.path.join(d, "cli-missing.txt")).read().strip()
                       + " | | | |")
        out.append("")
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
