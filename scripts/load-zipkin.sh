#!/bin/sh
# The load run into a real Zipkin (issue 20): Jetty 12 with TracingFilter, OkHttp and HttpClient 5 (classic and
# async) clients with lifecycle events on, Brave on both sides reporting asynchronously to the real zipkin-server jar
# (in-memory storage) that the run starts on a free loopback port and stops at the end. 10,000 requests at
# concurrency 64 through a 301 -> 200 redirect, the same number untraced in the same JVM; then every trace is read
# back from Zipkin's API and its spans counted. Prints (and writes to target/load-run/load-report.md) requests,
# errors, spans expected/found, throughput with and without tracing, and heap after a full GC at the start and end.
#
# Loopback only; bounded: each phase stops after --max-seconds (300), each request after 30 s, the whole script
# after LOAD_TIMEOUT seconds (1800). Exits 1 if a request failed or a span was lost.
#
# Needs Java 17+ and Maven 3.8+ (builds the module with its reactor dependencies, tests skipped; the first build
# fetches the 130 MB Zipkin server jar). Usage:
#   scripts/load-zipkin.sh                                   # the full run
#   scripts/load-zipkin.sh --requests=1000 --warmup=200      # any LoadRun option: --concurrency, --rounds,
#       --zipkin-heap, --zipkin-max-spans, --queued-max-spans, --queued-max-bytes, --message-max-bytes
# MVN_ARGS adds Maven options (e.g. MVN_ARGS=-o); SKIP_BUILD=1 reuses the last build.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
module=$root/integration-tests/load
for tool in java mvn; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool not found" >&2; exit 2; }
done
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  (cd "$root" && mvn -B -q ${MVN_ARGS:-} -pl integration-tests/load -am -DskipTests package)
fi
classpath="$module/target/classes:$(cat "$module/target/run-classpath.txt")"
exec timeout --kill-after=30 "${LOAD_TIMEOUT:-1800}" \
  java -Xmx1g -cp "$classpath" io.github.httptrace.it.load.LoadRun \
  --zipkin-jar="$module/target/zipkin/zipkin-server.jar" --work-dir="$module/target/load-run" "$@"
