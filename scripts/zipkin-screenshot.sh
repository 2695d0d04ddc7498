#!/bin/sh
# Takes docs/images/zipkin-trace.png: a real trace of the gettime sample in the Zipkin UI.
#
# It starts Zipkin on loopback (in-memory), runs the sample's server and client as two processes (by default a
# Brave server and a Jaeger client, joined by B3: a trace crossing both a process and a tracer boundary), waits
# until Zipkin has all five spans, and shoots the trace page with headless Chromium, the first attempt selected so
# that its lifecycle events show. It fails, and writes no picture, when the page shows no trace.
#
# Needs: Java 17+, Maven 3.8+ (to build the sample and fetch the Zipkin server jar), curl, and Chromium:
#   Debian/Ubuntu: apt-get install -y chromium      (or set CHROMIUM=/path/to/chrome)
# Not part of `mvn verify`. Usage:
#   scripts/zipkin-screenshot.sh [OUT.png]           # env: SERVER_TRACER, CLIENT_TRACER, ZIPKIN_PORT, DEVTOOLS_PORT
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/docs/images/zipkin-trace.png}
server_tracer=${SERVER_TRACER:-brave}
client_tracer=${CLIENT_TRACER:-jaeger}
zipkin_port=${ZIPKIN_PORT:-19411}
sample_port=${SAMPLE_PORT:-18080}
devtools_port=${DEVTOOLS_PORT:-19222}
work=$root/target/zipkin-screenshot
zipkin_url=http://127.0.0.1:$zipkin_port

chromium=${CHROMIUM:-}
if [ -z "$chromium" ]; then
  for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then chromium=$(command -v "$candidate"); break; fi
  done
fi
if [ -z "$chromium" ]; then
  echo "Chromium not found: install it (Debian/Ubuntu: apt-get install -y chromium) or set CHROMIUM" >&2
  exit 2
fi
for tool in java mvn curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool not found" >&2; exit 2; }
done

mkdir -p "$work"
pids=""
cleanup() {
  # Stops what this script started, by process id.
  for pid in $pids; do kill "$pid" 2>/dev/null || true; done
  for pid in $pids; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

echo "Building the sample and fetching the Zipkin server jar..." >&2
mvn -B -q -f "$root/pom.xml" -pl samples/gettime-redirect -am -DskipTests package >&2
if [ ! -f "$work/zipkin-server.jar" ]; then
  mvn -B -q -f "$root/pom.xml" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact=io.zipkin:zipkin-server:3.5.1:jar:exec -DoutputDirectory="$work" >&2
  mv "$work/zipkin-server-3.5.1-exec.jar" "$work/zipkin-server.jar"
fi
sample_jar=$root/samples/gettime-redirect/target/httptrace-gettime-redirect.jar

echo "Starting Zipkin on $zipkin_url..." >&2
STORAGE_TYPE=mem SELF_TRACING_ENABLED=false java -Xmx128m -jar "$work/zipkin-server.jar" \
  --armeria.ports[0].ip=127.0.0.1 --armeria.ports[0].port="$zipkin_port" --armeria.ports[0].protocols[0]=http \
  >"$work/zipkin.log" 2>&1 &
pids="$pids $!"
tries=0
until curl -fsS "$zipkin_url/health" >/dev/null 2>&1; do
  tries=$((tries + 1))
  [ "$tries" -lt 240 ] || { echo "Zipkin did not start; see $work/zipkin.log" >&2; exit 1; }
  sleep 0.5
done

echo "Running the sample: server --tracer=$server_tracer, client --tracer=$client_tracer..." >&2
java -jar "$sample_jar" --actor=server --port="$sample_port" --tracer="$server_tracer" --zipkin="$zipkin_url" \
  >"$work/server.log" 2>&1 &
server_pid=$!
pids="$server_pid $pids"
tries=0
until grep -q "Server listening" "$work/server.log" 2>/dev/null; do
  tries=$((tries + 1))
  [ "$tries" -lt 120 ] || { echo "the sample's server did not start; see $work/server.log" >&2; exit 1; }
  sleep 0.5
done
java -jar "$sample_jar" --actor=client --port="$sample_port" --tracer="$client_tracer" --zipkin="$zipkin_url" \
  >"$work/client.log" 2>&1
trace_id=$(sed -n 's/^Trace ID: \([0-9a-f]*\)$/\1/p' "$work/client.log")
[ -n "$trace_id" ] || { echo "the client printed no trace id; see $work/client.log" >&2; exit 1; }
# The server's spans are flushed when it stops.
kill "$server_pid"
wait "$server_pid" 2>/dev/null || true

tries=0
until [ "$(curl -fsS "$zipkin_url/api/v2/trace/$trace_id" 2>/dev/null | grep -o '"traceId"' | wc -l)" -ge 5 ]; do
  tries=$((tries + 1))
  [ "$tries" -lt 60 ] || { echo "Zipkin does not have the trace's 5 spans" >&2; exit 1; }
  sleep 0.5
done
echo "Trace $trace_id is in Zipkin: $zipkin_url/zipkin/traces/$trace_id" >&2

"$chromium" --headless=new --no-sandbox --disable-gpu --no-first-run --no-proxy-server \
  --remote-debugging-address=127.0.0.1 --remote-debugging-port="$devtools_port" \
  --user-data-dir="$work/chromium-profile" --window-size=1400,900 about:blank >"$work/chromium.log" 2>&1 &
pids="$! $pids"
tries=0
until curl -fsS "http://127.0.0.1:$devtools_port/json/version" >/dev/null 2>&1; do
  tries=$((tries + 1))
  [ "$tries" -lt 60 ] || { echo "Chromium did not start; see $work/chromium.log" >&2; exit 1; }
  sleep 0.5
done
mkdir -p "$(dirname "$out")"
java "$root/scripts/ZipkinScreenshot.java" "$devtools_port" "$zipkin_url/zipkin/traces/$trace_id" "http get" \
  "$out.tmp"
mv "$out.tmp" "$out"
echo "Wrote $out" >&2
