#!/usr/bin/env bash
# Runs the whole benchmark suite (throughput with -prof gc, start-up, the CLI's first result) and prints the
# Performance tables. Takes 7-9 minutes on 2 cores. Results: bench/target/results/<timestamp>/.
#
#   bench/run.sh                      # everything
#   BENCH_JMH="-wi 1 -i 1 -w 1s -r 1s" bench/run.sh       # a quick smoke run
#   BENCH_ABLATION=1 bench/run.sh                          # also the ablations (proposed fixes, +2 min)
#   BIANWEI_EVAL=/path/to/real-dev.jsonl bench/run.sh     # another eval file (default ../shared/eval/real-dev.jsonl)
#   BENCH_SKIP_STARTUP=1 bench/run.sh                      # throughput only
#
# Needs: Java 17, Maven (to build the jar if missing), python3 (the report), hyperfine (optional, for the CLI).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
JAR=bench/target/benchmarks.jar
EVAL="${BIANWEI_EVAL:-../shared/eval/real-dev.jsonl}"
# iteration counts and times are set per benchmark in the sources (warm-up 2-8 x 2 s, 3 x 2 s measured, 1 fork);
# BENCH_JMH overrides them for every benchmark
JMH_OPTS="${BENCH_JMH:-}"
STARTUP_FORKS="${BENCH_STARTUP_FORKS:-4}"
CLI_JAR=cli/target/bianwei.jar
CLI_TEXT="祖传秘方三天根治糖尿病"

# (re)build when the jar is missing or older than the sources it measures; BENCH_NO_BUILD=1 uses the jar as it is
if [[ -z "${BENCH_NO_BUILD:-}" ]] && { [[ ! -f "$JAR" ]] \
    || [[ -n "$(find bench/pom.xml bench/src core/src/main rules/src/main -newer "$JAR" -print -quit)" ]]; }; then
  echo "[run] building $JAR (with core and rules from this tree)" >&2
  mvn -B -q -pl bench -am package -DskipTests
fi

OUT="bench/target/results/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
JVM_ARGS="-Xms1g -Xmx2g -XX:+ExitOnOutOfMemoryError -Dbianwei.root=$ROOT -Dbianwei.eval=$EVAL -Dorg.slf4j.simpleLogger.defaultLogLevel=warn"

{
  echo "date:    $(date -Iseconds)"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
  echo "os:      $(uname -sr)"
  echo "commit:  $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- core rules 2>/dev/null || echo ' (core/rules modified)')"
  echo "java:    $(java -version 2>&1 | head -2 | tr '\n' ' ')"
  echo "jmh:     ${JMH_OPTS:-1 fork; warm-up 8 x 2 s Bianwei and HanLP, 3 x 2 s sensitive-word, 2 x 1 s Aho-Corasick; measured 3 x 2 s (Aho-Corasick 3 x 1 s)} -prof gc; JVM $JVM_ARGS"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT/meta.txt"
cat "$OUT/meta.txt" >&2

java -Dbianwei.root="$ROOT" -Dbianwei.eval="$EVAL" -cp "$JAR" io.bianwei.bench.Corpora > "$OUT/corpora.json"

# shellcheck disable=SC2086
BENCHES='io.bianwei.bench.ThroughputBench'
[[ -n "${BENCH_ABLATION:-}" ]] && BENCHES="$BENCHES io.bianwei.bench.AblationBench"
# shellcheck disable=SC2086
java -jar "$JAR" $BENCHES $JMH_OPTS -prof gc -jvmArgsAppend "$JVM_ARGS" \
  -rf json -rff "$OUT/throughput.json" 2>&1 | tee "$OUT/throughput.log" | grep --line-buffered -E '^\[bench\]|^# (Benchmark|Parameters):|^Iteration|Run complete'
echo "load after throughput: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/meta.txt"

if [[ -z "${BENCH_SKIP_STARTUP:-}" ]]; then
  java -jar "$JAR" 'io.bianwei.bench.StartupBench' -f "$STARTUP_FORKS" -jvmArgsAppend "$JVM_ARGS" \
    -rf json -rff "$OUT/startup.json" > "$OUT/startup.log" 2>&1
  grep -E '^StartupBench' "$OUT/startup.log" >&2 || true
  if [[ -f "$CLI_JAR" ]] && command -v hyperfine > /dev/null; then
    # the CLI exits 1 on a REVIEW/BLOCK verdict: -i keeps hyperfine going
    hyperfine -N -i --warmup 1 --runs 4 --export-json "$OUT/cli.json" \
      "java -jar $CLI_JAR screen $CLI_TEXT" > "$OUT/cli.log" 2>&1 || true
  elif [[ -f "$CLI_JAR" ]]; then
    python3 - "$CLI_JAR" "$CLI_TEXT" "$OUT/cli.json" <<'PY'
import json, subprocess, sys, time
jar, text, out = sys.argv[1:]
times = []
for i in range(5):
    t = time.perf_counter()
    subprocess.run(["java", "-jar", jar, "screen", text], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if i:  # the first run warms the page cache
        times.append(time.perf_counter() - t)
json.dump({"results": [{"command": f"java -jar {jar} screen {text}", "times": times}]}, open(out, "w"))
PY
  else
    echo "$CLI_JAR absent (build cli first)" > "$OUT/cli-missing.txt"
  fi
fi
echo "load after all: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/meta.txt"

python3 bench/report.py "$OUT" | tee "$OUT/report.md"
echo "[run] results in $OUT" >&2
