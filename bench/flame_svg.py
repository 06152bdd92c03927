#!/usr/bin/env python3
"""A flame graph as a small SVG figure from an async-profiler collapsed-stack file (output=collapsed).

    python3 bench/flame_svg.py COLLAPSED ROOT_FRAME[|ROOT_FRAME...] OUT.svg [TITLE]

Only stacks through a ROOT_FRAME (a substring of a frame, e.g. TextScreener.screen) are drawn, from that frame up
(several roots, separated by |, side by side: the rules run on a worker thread of their own);
frames narrower than 0.25 % of the root are left out, so the figure stays small enough to commit beside the README.
Colours: Bianwei green, HanLP blue, Drools orange, the JDK grey, anything else yellow.
"""
import html
import sys

WIDTH = 1200
ROW = 16
MIN_SHARE = 0.0025


def load(path, roots):
    tree = {"n": 0, "kids": {}, "full": "all"}
    for line in open(path, encoding="utf-8"):
        stack, _, count = line.rstrip("\n").rpartition(" ")
        if not stack:
            continue
        frames = stack.split(";")
        at = next((i for i, f in enumerate(frames) if any(r in f for r in roots)), None)
        if at is None:
            continue
        node = tree
        node["n"] += int(count)
        for f in frames[at:]:
            node = node["kids"].setdefault(short(f), {"n": 0, "kids": {}, "full": f.replace("/", ".")})
            node["n"] += int(count)
    return tree


def short(frame):
    f = frame.replace("/", ".")
    for prefix in ("io.bianwei.internal.", "io.bianwei.", "com.hankcs.hanlp.", "org.drools.", "java.util."):
        if f.startswith(prefix):
            return f[len(prefix):] if prefix != "io.bianwei.internal." else f[len(prefix):]
    return f


def colour(full):
    if full.startswith("io.bianwei"):
        return "#7fd37f"
    if full.startswith("com.hankcs"):
        return "#7fb8e6"
    if full.startswith(("org.drools", "org.kie", "org.mvel")):
        return "#f2a65a"
    if full.startswith(("java.", "jdk.", "sun.")):
        return "#c8c8c8"
    return "#e8d36a"


def draw(tree, out, title):
    total = tree["n"]
    rects = []
    depth_max = [0]

    def walk(node, name, x, depth):
        w = WIDTH * node["n"] / total
        if node["n"] / total < MIN_SHARE:
            return
        depth_max[0] = max(depth_max[0], depth)
        rects.append((x, depth, w, name, node["n"], node["full"]))
        cx = x
        for kid_name, kid in sorted(node["kids"].items(), key=lambda kv: -kv[1]["n"]):
            walk(kid, kid_name, cx, depth + 1)
            cx += WIDTH * kid["n"] / total

    (root_name, root), = tree["kids"].items() if len(tree["kids"]) == 1 else (("all", tree),)
    walk(root, root_name, 0, 0)
    height = (depth_max[0] + 1) * ROW + 40
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
             f'font-family="monospace" font-size="11">',
             f'<text x="{WIDTH / 2}" y="16" text-anchor="middle" font-size="13">{html.escape(title)}</text>']
    for x, depth, w, name, n, full in rects:
        y = height - (depth + 1) * ROW - 4
        label = name if len(name) * 6.6 < w - 4 else name[: max(0, int((w - 4) / 6.6) - 2)] + ".." if w > 30 else ""
        parts.append(f'<g><title>{html.escape(name)} ({100 * n / total:.1f} %)</title>'
                     f'<rect x="{x:.1f}" y="{y}" width="{max(w - 0.5, 0.5):.1f}" height="{ROW - 1}" '
                     f'fill="{colour(full)}" rx="2"/>'
                     + (f'<text x="{x + 3:.1f}" y="{y + 11}">{html.escape(label)}</text>' if label else "")
                     + "</g>")
    parts.append("</svg>")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(parts) + "\n")


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    tree = load(sys.argv[1], sys.argv[2].split("|"))
    if tree["n"] == 0:
        sys.exit(f"no stack goes through {sys.argv[2]!r}")
    draw(tree, sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else f"CPU under {sys.argv[2]}")


if __name__ == "__main__":
    main()
