#!/usr/bin/env bash
# bianwei serve under hostile load (issue 24): a flood of the largest bodies, long texts looped against a victim's
# short ones, and a SIGTERM under load. Every input is within the documented limits (bench/README.md).
#
#   bench/serve-hostile.sh                                  # about 3 minutes on 2 cores
#   SERVE_JAR=/other/bianwei.jar bench/serve-hostile.sh     # another build of the service (e.g. main's, for "before")
#   SERVE_JVM="-Xmx1g" HOSTILE_SECONDS=30 bench/serve-hostile.sh
#
# Steps, each against a fresh server (java $SERVE_JVM -jar $SERVE_JAR serve --port 0, default pack, defaults):
# 1. flood: 256 requests at once, each one document of 4 MiB (the largest body allowed), 2 of them sent slowly;
#    every request's status or error, whether the process is alive after, its peak RSS (VmHWM) and /metrics;
# 2. starve: a victim posting short posts one after another for HOSTILE_SECONDS, alone, then while 2 clients loop a
#    15 KB text of repeated claims (the red team's); the victim's p50/p99;
# 3. drain: 4 clients post batches of 20 long posts (about 1,300 characters each: a batch takes a second or more)
#    in a loop; SIGTERM after 10 s; how many got 200, 503, 500 or an error, and what the server logged of the stop.
# Results in bench/target/serve-hostile/<timestamp>/ (report.md, *.json, server logs). Needs Java 17, Maven, curl.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
JAR="${SERVE_JAR:-cli/target/bianwei.jar}"
JVM_OPTS="${SERVE_JVM:--Xmx1g -XX:+ExitOnOutOfMemoryError}"
SECONDS_STARVE="${HOSTILE_SECONDS:-30}"
BENCH_JAR=bench/target/benchmarks.jar

if [[ -z "${BENCH_NO_BUILD:-}" ]] && { [[ ! -f cli/target/bianwei.jar || ! -f "$BENCH_JAR" ]] \
    || [[ -n "$(find core/src/main rules/src/main json/src/main server/src/main cli/src/main bench/src -newer "$BENCH_JAR" -print -quit)" ]]; }; then
  echo "[serve-hostile] building cli/target/bianwei.jar and $BENCH_JAR" >&2
  mvn -B -q -pl cli,bench -am package -DskipTests
fi

OUT="bench/target/serve-hostile/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
{
  echo "date:    $(date -Iseconds)"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
  echo "commit:  $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "jar:     $JAR"
  echo "jvm:     $JVM_OPTS"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT/meta.txt"
cat "$OUT/meta.txt" >&2

PID=""
URL=""
trap '[[ -n "$PID" ]] && kill "$PID" 2> /dev/null || true' EXIT
start_server() { # name
  # shellcheck disable=SC2086
  java $JVM_OPTS -jar "$JAR" serve --port 0 > "$OUT/server-$1.log" 2>&1 &
  PID=$!
  URL=""
  for _ in $(seq 1 900); do
    URL="$(grep -o 'listening on http://[^ :]*:[0-9]*' "$OUT/server-$1.log" | head -1 | cut -d' ' -f3 || true)"
    if [[ -n "$URL" ]] && curl -sf "$URL/readyz" > /dev/null; then break; fi
    kill -0 "$PID" 2> /dev/null || { cat "$OUT/server-$1.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "[serve-hostile] $1: server $PID at $URL" >&2
}
stop_server() {
  kill -TERM "$PID" 2> /dev/null || true
  wait "$PID" 2> /dev/null || true
  PID=""
}
hostile() { java -Dbianwei.root="$ROOT" -cp "$BENCH_JAR" io.bianwei.bench.ServeHostile "$@"; }

# 1. flood
start_server flood
hostile flood "$URL" 256 4194304 2 | tee "$OUT/flood.json" >&2
if kill -0 "$PID" 2> /dev/null && curl -sf "$URL/healthz" > /dev/null; then alive=yes; else alive=NO; fi
echo "{\"alive\":\"$alive\",\"peak_rss_kb\":$(awk '/VmHWM/ {print $2}' "/proc/$PID/status" 2> /dev/null || echo 0)}" \
  > "$OUT/flood-process.json"
curl -s "$URL/metrics" > "$OUT/flood-metrics.txt" || true
stop_server

# 2. starve
python3 - "$OUT/large.txt" <<'PY'
import sys
open(sys.argv[1], "w", encoding="utf-8").write("出售针孔摄像头偷拍酒店私密视频，身份证号手机号开房记录打包出售，" * 150)
PY
start_server starve
hostile starve "$URL" 10 0 "$OUT/large.txt" > /dev/null # warm-up, not reported
hostile starve "$URL" "$SECONDS_STARVE" 0 "$OUT/large.txt" | tee "$OUT/starve-alone.json" >&2
hostile starve "$URL" "$SECONDS_STARVE" 2 "$OUT/large.txt" | tee "$OUT/starve-attacked.json" >&2
stop_server

# 3. drain
start_server drain
hostile drain "$URL" 4 20 > "$OUT/drain.json" &
CLIENTS=$!
sleep 10
t0=$(date +%s.%N)
kill -TERM "$PID"
wait "$PID" 2> /dev/null || true
echo "stop_seconds $(echo "$(date +%s.%N) - $t0" | bc)" > "$OUT/drain-stop.txt"
PID=""
wait "$CLIENTS" || true
cat "$OUT/drain.json" >&2
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/meta.txt"

python3 - "$OUT" <<'PY' | tee "$OUT/report.md"
import json, os, re, sys
out = sys.argv[1]
j = lambda n: json.load(open(os.path.join(out, n)))
print("```\n" + open(os.path.join(out, "meta.txt")).read().strip() + "\n```\n")
f, p = j("flood.json"), j("flood-process.json")
outc = ", ".join(f"{k}: {v['n']} (p50 {v['p50_ms']:.0f} ms, max {v['max_ms']:.0f} ms)" for k, v in f["outcomes"].items())
print(f"**Flood**: {f['requests']} requests at once of {f['body_bytes']:,} bytes ({f['slow']} sent slowly): "
      f"{f['answered']} answered ({outc}); alive afterwards: {p['alive']}; peak RSS {p['peak_rss_kb'] / 1024:.0f} MB.")
m = open(os.path.join(out, "flood-metrics.txt")).read()
counted = {k: float(v) for k, v in re.findall(r'bianwei_http_requests_total\{route="screen",status="(\d+)"\} (\S+)', m)}
late = re.findall(r'^bianwei_deadline_late_total (\S+)', m, re.M)
print(f"Server's count for /v1/screen: {', '.join(f'{k}: {v:.0f}' for k, v in sorted(counted.items()))}; "
      f"504s sent more than 1 s after their deadline (server clock, from arrival): {float(late[0]) if late else 'n/a'} "
      f"(client latencies include sending 4 MiB among 256).\n")
a, b = j("starve-alone.json"), j("starve-attacked.json")
print(f"**Starve** (victim: short posts one at a time, {a['seconds']:.0f} s): alone p50 {a['victim_p50_ms']:.1f} ms, "
      f"p99 {a['victim_p99_ms']:.1f} ms ({a['victim_requests']} requests); with {b['attackers']} clients looping a "
      f"{b['large_body_bytes']:,}-byte text: p50 {b['victim_p50_ms']:.1f} ms, p99 {b['victim_p99_ms']:.1f} ms, max "
      f"{b['victim_max_ms']:.0f} ms ({b['victim_requests']} requests; victim {json.dumps({k: v['n'] for k, v in b['victim'].items()})}; "
      f"attackers {json.dumps({k: v['n'] for k, v in b['attackers_outcomes'].items()})}).\n")
d = j("drain.json")
stop = open(os.path.join(out, "drain-stop.txt")).read().split()[1]
log = open(os.path.join(out, "server-drain.log")).read()
said = [l.split(" - ", 1)[1] for l in log.splitlines() if "stopp" in l and " - " in l]
print(f"**SIGTERM under load** ({d['clients']} clients, batches of {d['docs_per_batch']} long posts): {d['ok']} batches answered 200 "
      f"({d['documents']} documents), {d['refused_503']} refused 503, other statuses {json.dumps(d['other_statuses'])}, client errors "
      f"{json.dumps(d['errors'], ensure_ascii=False)}; the stop took {float(stop):.2f} s; the server said: {' / '.join(said)}")
PY
echo "[serve-hostile] results in $OUT" >&2
