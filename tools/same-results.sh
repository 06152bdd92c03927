#!/usr/bin/env bash
# Behaviour check for refactorings: screens the same inputs with the jar built from BASE (a git ref, default
# origin/main or HEAD~1) and with the working tree's jar, and diffs every result (elapsed time left out).
#   tools/same-results.sh [BASE_REF]
# Inputs: seeds/, every @hit/@ok example of the default pack, the family posts, the default model's training texts,
# and ../shared/eval/{real-dev,synthetic-health-dev}.jsonl when they exist, plus SAME_EXTRA (files or folders,
# space-separated).
# Exit 0 when all results are identical, 1 when any differ (the diff is printed), 2 on usage/build errors.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
base=${1:-HEAD~1}
work=$(mktemp -d)
trap 'git worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

git rev-parse --verify -q "$base^{commit}" >/dev/null || { echo "unknown ref: $base" >&2; exit 2; }
echo "building $base in a worktree ..." >&2
git worktree add -q --detach "$work/base" "$base"
(cd "$work/base" && mvn -B -q -DskipTests -pl cli -am package >/dev/null) || { echo "base build failed" >&2; exit 2; }
if [ ! -f cli/target/bianwei.jar ] || [ -n "${REBUILD:-}" ]; then
  echo "building the working tree ..." >&2
  mvn -B -q -DskipTests -pl cli -am package >/dev/null || { echo "build failed" >&2; exit 2; }
fi

# the rule examples of the BASE pack, as JSONL (markers removed), so both jars screen the same texts
python3 - "$work/base/rules/src/main/resources/bianwei/rules" > "$work/examples.jsonl" <<'PY'
import json, pathlib, re, sys
n = 0
for f in sorted(pathlib.Path(sys.argv[1]).rglob("*.drl")):
    for m in re.finditer(r'@(hit|ok)\d*\s*\(\s*"((?:[^"\\]|\\.)*)"\s*\)', f.read_text(encoding="utf-8")):
        n += 1
        text = m.group(2).replace("«", "").replace("»", "")
        print(json.dumps({"id": f"ex{n:04d}", "text": text}, ensure_ascii=False))
PY
# every labelled set the project has: the seeds, the rule examples, the family posts, the default model's training
# texts, and the shared evaluation sets when this checkout sits beside them
inputs=(seeds "$work/examples.jsonl" rules/src/test/resources/families model/training)
for f in ../shared/eval/real-dev.jsonl ../shared/eval/synthetic-health-dev.jsonl; do
  [ -f "$f" ] && inputs+=("$f")
done
# more inputs, space-separated: SAME_EXTRA="rules/src/test/resources/families ../shared/eval/synthetic-health-dev.jsonl"
# shellcheck disable=SC2206
[ -n "${SAME_EXTRA:-}" ] && inputs+=(${SAME_EXTRA})

run() { # jar, out
  java -jar "$1" screen -f jsonl -q --fail-on never "${inputs[@]}" \
    | python3 -c 'import json,sys
for l in sys.stdin:
    d=json.loads(l); d.pop("elapsedMicros",None); d.pop("rulesetVersion",None)
    d["id"]=d.get("id","").replace(sys.argv[1],"")
    print(json.dumps(d,ensure_ascii=False,sort_keys=True))' "$2" > "$3"
}
run "$work/base/cli/target/bianwei.jar" "$work/base/" "$work/before.jsonl"
run "$root/cli/target/bianwei.jar" "$root/" "$work/after.jsonl"
n=$(wc -l < "$work/before.jsonl")
if diff -u "$work/before.jsonl" "$work/after.jsonl" > "$work/diff.txt"; then
  echo "identical: $n results (${inputs[*]/$work\//})"
else
  head -200 "$work/diff.txt"
  echo "DIFFERENT: $(grep -c '^+{' "$work/diff.txt" || true) of $n results changed" >&2
  exit 1
fi
