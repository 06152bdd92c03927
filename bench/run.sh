#!/usr/bin/env bash
# Runs the whole benchmark suite (throughput with -prof gc, start-up, the CLI's first result) and prints the
# Performance tables. Takes 7-9 minutes on 2 cores. Results: bench/target/results/<timestamp>/.
#
#   bench/run.sh                      # everything
#   BENCH_JMH="-wi 1 -i 1 -w 1s -r 1s" bench/run.sh       # a quick smoke run
#   BENCH_ABLATION=1 bench/run.sh                          # also the ablations (proposed fixes, +2 min)
#   BIANWEI_EVAL=/path/to/real-dev.jsonl bench/run.sh     # another eval file (default ../shared/eval/real-dev.jsonl)
#   BENCH_SKIP_STARTUP=1 bench/run.sh                      # throughput only
#   BENCH_FLAME=1 bench/run.sh                             # also flame graphs of screen on mix, flagged, long
#                                                          # (SVG, bench/flame_svg.py; needs async-profiler, +2 min)
#
# Needs: Java 17, Maven (to build the jar if missing), python3 (the cold-start runs and the report).
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

if [[ -n "${BENCH_FLAME:-}" ]]; then
  # async-profiler's library from Maven Central (its jar carries linux-x64/libasyncProfiler.so)
  AP_JAR="$HOME/.m2/repository/tools/profiler/async-profiler/2.9/async-profiler-2.9.jar"
  [[ -f "$AP_JAR" ]] || mvn -B -q dependency:get -Dartifact=tools.profiler:async-profiler:2.9
  unzip -o -q "$AP_JAR" linux-x64/libasyncProfiler.so -d "$OUT/ap"
  AP_LIB="$ROOT/$OUT/ap/linux-x64/libasyncProfiler.so" # JMH wants an absolute path
  for corpus in mix flagged long; do
    java -jar "$JAR" 'ThroughputBench.bianwei$' -p corpus=$corpus -f 1 -wi 4 -w 3s -i 2 -r 8s -jvmArgsAppend "$JVM_ARGS" \
      -prof "async:libPath=$AP_LIB;output=collapsed;event=cpu;interval=1000000;dir=$OUT/prof-$corpus" \
      > "$OUT/flame-$corpus.log" 2>&1
    python3 bench/flame_svg.py "$(find "$OUT/prof-$corpus" -name collapsed-cpu.csv | head -1)" "TextScreener.screen|DroolsEngine.lambda\$runOnce" \
      "$OUT/flame-$corpus.svg" "Bianwei screen, $corpus corpus: CPU by frame (async-profiler, $(date +%Y-%m-%d))"
  done
fi

if [[ -z "${BENCH_SKIP_STARTUP:-}" ]]; then
  java -jar "$JAR" 'io.bianwei.bench.StartupBench' -f "$STARTUP_FORKS" -jvmArgsAppend "$JVM_ARGS" \
    -rf json -rff "$OUT/startup.json" > "$OUT/startup.log" 2>&1
  grep -E '^StartupBench' "$OUT/startup.log" >&2 || true
  if [[ -f "$CLI_JAR" ]]; then
    # Cold start, whole processes, interleaved round-robin so that load drifts hit all alike: the CLI's first
    # verdict through bin/bianwei (class-data archive, client compiler) and through plain java -jar, against a JVM
    # that loads HanLP and segments one sentence. Wall and CPU (user+sys of the child) per run.
    python3 - "$OUT/cli.json" "${BENCH_COLD_RUNS:-6}" "$CLI_TEXT" "$JAR" "$CLI_JAR" <<'PY'
import json, os, subprocess, sys, time
out, runs, text, bench_jar, cli_jar = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
cmds = {
    "hanlp_hello": ["java", "-cp", bench_jar, "io.bianwei.bench.HanlpHello", text],
    "launcher": ["bin/bianwei", "screen", "-t", text],
    "java_jar": ["java", "-jar", cli_jar, "screen", "-t", text],
}
res = {k: {"command": " ".join(v), "times": [], "cpu": []} for k, v in cmds.items()}
for i in range(runs + 1):
    for k, cmd in cmds.items():
        t = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t
        if i:  # the first round warms the page cache
            res[k]["times"].append(wall)
            res[k]["cpu"].append(ru.ru_utime + ru.ru_stime)
json.dump({"results": [dict(name=k, **v) for k, v in res.items()]}, open(out, "w"))
PY
  else
    echo "$CLI_JAR absent (build cli first)" > "$OUT/cli-missing.txt"
  fi
fi
echo "load after all: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/meta.txt"

python3 bench/report.py "$OUT" | tee "$OUT/report.md"
echo "[run] results in $OUT" >&2
