#!/usr/bin/env bash
# Load test of `bianwei serve` with wrk, next to in-process Screener.screen on the same corpus (bench/README.md).
#
#   bench/serve-load.sh                        # everything, about 5 minutes on 2 cores
#   SERVE_SECONDS=5 SERVE_WARMUP=10 bench/serve-load.sh   # a quick run (seconds per level, default 20; warm-up, 30)
#   BIANWEI_EVAL=/path/to/corpus.jsonl bench/serve-load.sh   # another corpus (default ../shared/eval/real-dev.jsonl)
#   SERVE_JVM="-Xmx512m" bench/serve-load.sh   # the JVM options of both the server and the in-process baseline
#
# Steps: the in-process baseline (1, 2, 8, 64 threads sharing one Screener); then the server alone on the machine:
# idle memory, wrk at 1, 8 and 64 connections (each request one document of the corpus, in corpus order), 10x
# overload (640 connections against a queue of 256 documents), a check that it is alive, recovery at 1 connection,
# loaded memory; a graceful stop. Results and report.md land in bench/target/serve-load/<timestamp>/.
# Needs: Java 17, Maven (builds the jars when missing), wrk (installed with apt-get when absent and root), python3.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
SECONDS_PER_LEVEL="${SERVE_SECONDS:-20}"
WARMUP="${SERVE_WARMUP:-30}"  # seconds; Drools and HanLP keep C2 busy for tens of seconds
JVM_OPTS="${SERVE_JVM:--Xms256m -Xmx1g -XX:+ExitOnOutOfMemoryError}"
EVAL="${BIANWEI_EVAL:-../shared/eval/real-dev.jsonl}"
CLI_JAR=cli/target/bianwei.jar
BENCH_JAR=bench/target/benchmarks.jar

if ! command -v wrk > /dev/null; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get > /dev/null; then
    echo "[serve-load] installing wrk (Debian package)" >&2
    apt-get install -y -qq wrk > /dev/null || { apt-get update -qq && apt-get install -y -qq wrk > /dev/null; }
  else
    echo "[serve-load] wrk is missing: apt-get install wrk" >&2
    exit 2
  fi
fi

if [[ -z "${BENCH_NO_BUILD:-}" ]] && { [[ ! -f "$CLI_JAR" || ! -f "$BENCH_JAR" ]] \
    || [[ -n "$(find core/src/main rules/src/main json/src/main server/src/main cli/src/main bench/src -newer "$CLI_JAR" -print -quit)" ]]; }; then
  echo "[serve-load] building $CLI_JAR and $BENCH_JAR" >&2
  mvn -B -q -pl cli,bench -am package -DskipTests
fi

OUT="bench/target/serve-load/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
PROPS="-Dbianwei.root=$ROOT -Dbianwei.eval=$EVAL -Dbianwei.bench.warmup=$WARMUP"
{
  echo "date:    $(date -Iseconds)"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
  echo "commit:  $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "java:    $(java -version 2>&1 | head -1)"
  echo "wrk:     $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
  echo "jvm:     $JVM_OPTS"
  echo "seconds: $SECONDS_PER_LEVEL per level, warm-up $WARMUP (in-process: 2 threads; server: 8 connections)"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT/meta.txt"
cat "$OUT/meta.txt" >&2

# shellcheck disable=SC2086
java $PROPS -cp "$BENCH_JAR" io.bianwei.bench.ServeLoad bodies "$OUT/bodies.jsonl"

echo "[serve-load] in-process baseline: Screener.screen, 1/2/8/64 threads" >&2
# shellcheck disable=SC2086
java $JVM_OPTS $PROPS -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$BENCH_JAR" io.bianwei.bench.ServeLoad \
  inprocess "$SECONDS_PER_LEVEL" 1 2 8 64 | tee "$OUT/inprocess.jsonl" >&2

rss() { awk -v k="$2" '$1 == k":" {print $2}' "/proc/$1/status"; }

echo "[serve-load] starting the server" >&2
# shellcheck disable=SC2086
java $JVM_OPTS -jar "$CLI_JAR" serve --port 0 2> "$OUT/server.log" &
PID=$!
trap 'kill "$PID" 2> /dev/null || true' EXIT
URL=""
for _ in $(seq 1 600); do
  URL="$(grep -o 'listening on http://[^ ]*' "$OUT/server.log" | head -1 | cut -d' ' -f3 || true)"
  if [[ -n "$URL" ]] && curl -sf "$URL/readyz" > /dev/null; then break; fi
  kill -0 "$PID" 2> /dev/null || { cat "$OUT/server.log" >&2; exit 1; }
  sleep 0.1
done
echo "[serve-load] ready at $URL" >&2
sleep 2
echo "idle_rss_kb $(rss "$PID" VmRSS)" > "$OUT/memory.txt"

export BODIES="$OUT/bodies.jsonl"
HZ=$(getconf CLK_TCK)
cpu() { awk -v hz="$HZ" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$PID/stat"; }
screen_time() { # the server's own histogram: sum and count of /v1/screen request durations
  curl -s "$URL/metrics" | awk '/^bianwei_http_request_duration_seconds_sum\{route="screen"\}/ {s=$2}
    /^bianwei_http_request_duration_seconds_count\{route="screen"\}/ {c=$2} END {printf "%s %s", s+0, c+0}'
}
load() { # name connections seconds
  local threads=$(( $2 < 2 ? $2 : 2 ))
  local c0 h0 t0 c1 h1 t1
  c0=$(cpu); h0=$(screen_time); t0=$(date +%s.%N)
  wrk -t"$threads" -c"$2" -d"$3"s --timeout 15s -s bench/serve-load.lua "$URL" > "$OUT/wrk-$1.log" 2>&1 || true
  t1=$(date +%s.%N); c1=$(cpu); h1=$(screen_time)
  # server CPU (cores) during the run, and the server-side mean time per /v1/screen request (arrival to response)
  python3 -c "import json,sys; w=json.loads([l for l in open(sys.argv[1]) if l.startswith('{')][-1]);
c0,c1,t0,t1=map(float,sys.argv[2:6]); s0,n0=map(float,sys.argv[6].split()); s1,n1=map(float,sys.argv[7].split())
w['server_cores']=round((c1-c0)/(t1-t0),2); w['server_mean_ms']=round(1000*(s1-s0)/max(1,n1-n0),3)
print(json.dumps(w))" "$OUT/wrk-$1.log" "$c0" "$c1" "$t0" "$t1" "$h0" "$h1" > "$OUT/wrk-$1.json"
  echo "[serve-load] $1: $(cat "$OUT/wrk-$1.json")" >&2
}
load warmup 8 "$WARMUP"
for c in 1 8 64; do
  load "c$c" "$c" "$SECONDS_PER_LEVEL"
done
echo "loaded_rss_kb $(rss "$PID" VmRSS)" >> "$OUT/memory.txt"
load overload 640 "$SECONDS_PER_LEVEL"
if kill -0 "$PID" 2> /dev/null && curl -sf "$URL/healthz" > /dev/null; then
  echo "alive_after_overload yes" >> "$OUT/memory.txt"
else
  echo "alive_after_overload NO" >> "$OUT/memory.txt"
fi
echo "overload_rss_kb $(rss "$PID" VmRSS)" >> "$OUT/memory.txt"
load recovery 1 10
echo "peak_rss_kb $(rss "$PID" VmHWM)" >> "$OUT/memory.txt"
curl -s "$URL/metrics" > "$OUT/metrics.txt"
t0=$(date +%s.%N)
kill -TERM "$PID"
wait "$PID" || true
echo "stop_seconds $(echo "$(date +%s.%N) - $t0" | bc)" >> "$OUT/memory.txt"
trap - EXIT
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/meta.txt"

python3 - "$OUT" <<'PY' | tee "$OUT/report.md"
import json, sys, os
out = sys.argv[1]
def wrk(name):
    with open(os.path.join(out, f"wrk-{name}.json")) as f:
        return json.loads(f.read())
inproc = [json.loads(l) for l in open(os.path.join(out, "inprocess.jsonl")) if l.strip()]
mem = dict(l.split(None, 1) for l in open(os.path.join(out, "memory.txt")) if l.strip())
mem = {k: v.strip() for k, v in mem.items()}
meta = open(os.path.join(out, "meta.txt")).read().strip()
print("```\n" + meta + "\n```\n")
corpus = inproc[0]["corpus"] if inproc else "?"
print(f"Corpus: {inproc[0]['corpus_docs'] if inproc else '?'} documents ({corpus}); one request = one document.\n")
print("| load | requests/s | p50 ms | p99 ms | errors (non-2xx, socket) | server CPU (cores of 2) | server-side mean ms |")
print("|---|---:|---:|---:|---|---:|---:|")
for c in ("c1", "c8", "c64"):
    w = wrk(c)
    errs = w["non2xx"] + w["connect_errors"] + w["read_errors"] + w["write_errors"] + w["timeouts"]
    print(f"| HTTP, {c[1:]} connection{'s' if c != 'c1' else ''} | {w['rps']:,.0f} | {w['p50_ms']:.2f} | {w['p99_ms']:.2f} | {errs} | {w['server_cores']:.2f} | {w['server_mean_ms']:.2f} |")
for r in inproc:
    print(f"| in-process `Screener.screen`, {r['threads']} thread{'s' if r['threads'] > 1 else ''} | {r['docs_per_s']:,.0f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | – | – | {1000 * r['threads'] / r['docs_per_s']:.2f} |")
o = wrk("overload")
ok = o["statuses"].get("200", 0)
rej = o["statuses"].get("503", 0)
other = o["requests"] - ok - rej
print()
print(f"**10x overload** (640 connections, queue 256 documents, {o['seconds']:.0f} s): {o['requests']:,} answers, "
      f"{ok:,} screened (200, {ok / o['seconds']:,.0f}/s), {rej:,} refused with 503 + Retry-After "
      f"({rej / max(1, o['requests']):.0%}), {other} other, socket errors {o['connect_errors'] + o['read_errors'] + o['write_errors']}, "
      f"timeouts {o['timeouts']}; server CPU {o['server_cores']:.2f} cores (wrk took the rest); latency of all answers p50 {o['p50_ms']:.2f} ms, p99 {o['p99_ms']:.2f} ms, max {o['max_ms']:.0f} ms. "
      f"Alive afterwards: {mem.get('alive_after_overload')}.")
r = wrk("recovery")
print(f"**Recovery** (1 connection, right after): {r['rps']:,.0f} requests/s, p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms, "
      f"{r['non2xx']} non-2xx.")
mb = lambda k: f"{int(mem[k]) / 1024:.0f} MB" if k in mem else "?"
print(f"**Memory (RSS)**: idle after start {mb('idle_rss_kb')}, after the 64-connection run {mb('loaded_rss_kb')}, "
      f"after overload {mb('overload_rss_kb')}, peak {mb('peak_rss_kb')}. Graceful stop took {float(mem.get('stop_seconds', 'nan')):.2f} s.")
PY
echo "[serve-load] results in $OUT" >&2
