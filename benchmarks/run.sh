#!/usr/bin/env bash
# Builds the benchmarks, runs every one of them in rounds (about 14 minutes on 2 cores), writes JMH's JSON and a
# markdown table into benchmarks/results/, and puts the table into benchmarks/README.md (between its
# benchmarks:begin and benchmarks:end markers).
#
#   benchmarks/run.sh                    # everything, as published
#   benchmarks/run.sh OkHttp             # extra arguments go to JMH: here, only the OkHttp benchmarks
#   ROUNDS=1 benchmarks/run.sh OkHttp    # one round: a quick look
#   benchmarks/run.sh --paired           # the paired time measure instead (PairedRun): every variant of a benchmark
#                                        # in one JVM, 300 rotated rounds of 200 requests each after 20 discarded
#                                        # (about 1-2 minutes per benchmark); writes benchmarks/results/paired.md and puts
#                                        # it into benchmarks/README.md (between its paired:begin and paired:end markers).
#                                        # Names after --paired pick benchmarks.
#   PAIRED_VARIANTS=uninstrumented,ours-brave,peer-brave benchmarks/run.sh --paired
#                                        # the paired measure on those variants alone (a head-to-head: no other variant's
#                                        # code in the JVM); writes benchmarks/results/paired-variants.md, not the README
#   benchmarks/run.sh --head-to-head     # the verdict of ours against each tracer's own instrumentation (HeadToHead):
#                                        # JVMs holding the baseline, ours on that tracer and its own instrumentation
#                                        # alone, 5 of them per pair (HEAD_FORKS) with 600 rounds each (HEAD_ROUNDS),
#                                        # pooled (about 15 minutes); writes benchmarks/results/head-to-head.md and puts
#                                        # it into benchmarks/README.md (between its head-to-head:begin and :end markers)
#   benchmarks/run.sh --floor            # what the gap to Brave's own is made of: the head-to-head against Brave with two
#                                        # more variants in every JVM, hooks-only (our hooks, passing straight through)
#                                        # and ours-nullbinding (about 15 minutes); writes benchmarks/results/floor.md and
#                                        # puts it into benchmarks/README.md (between its floor:begin and :end markers)
#   benchmarks/run.sh --bytes OkHttpBenchmark ours-brave   # exact bytes and objects per request, by class
#                                        # (ExactBytes: heap histograms, no sampling)
#
# Each round runs every benchmark once: one fork per variant, 5 warm-up iterations of 2 s (on 2 cores the JIT
# is still settling after 5 s), 4 measured iterations of 1 s, the gc profiler for bytes per operation, a fixed
# 1 GiB heap. The report pools each variant's iterations from all rounds. Rounds rather than more forks in a
# row: on a shared machine a slow spell lasts minutes, and with rounds it falls on every variant instead of on
# whichever happened to run then.
set -euo pipefail
cd "$(dirname "$0")/.."
results=benchmarks/results
readme=benchmarks/README.md
rounds=${ROUNDS:-2}
mkdir -p "$results"

mvn -B -q -pl benchmarks -am package -DskipTests

if [ "${1:-}" = "--bytes" ]; then
  # Exact bytes and objects per request by class for one benchmark and variant (ExactBytes): heap histograms
  # around 20,000 requests with no collection between them; thread-local allocation buffers off so none of their
  # unused tails is counted; compilation in the foreground (-Xbatch), so two runs compile the same code at the same
  # request and agree to within a byte.
  shift
  java -Xms6g -Xmx6g -Xmn5g -XX:+UseParallelGC -XX:-UseTLAB -Xbatch -cp benchmarks/target/benchmarks.jar \
    io.github.httptrace.benchmarks.ExactBytes "$@"
  exit 0
fi

# Replaces what lies between <!-- $1:begin --> and <!-- $1:end --> in the README with the file $2.
into_readme() {
  local begin="<!-- $1:begin -->" end="<!-- $1:end -->"
  grep -qxF "$begin" "$readme" && grep -qxF "$end" "$readme" || { echo "no $begin … $end in $readme" >&2; exit 1; }
  awk -v begin="$begin" -v end="$end" -v body="$2" '
    $0 == begin { print; while ((getline line < body) > 0) print line; skip = 1; next }
    $0 == end { skip = 0 }
    !skip { print }' "$readme" > "$readme.tmp"
  mv "$readme.tmp" "$readme"
}

if [ "${1:-}" = "--head-to-head" ] || [ "${1:-}" = "--floor" ]; then
  name=head-to-head
  label=Head-to-head
  extra=()
  if [ "$1" = "--floor" ]; then
    name=floor
    label=Floor
    extra=(--peer peer-brave --with hooks-only,ours-nullbinding)
  fi
  shift
  if [ -w /dev/cpu_dma_latency ]; then
    exec 3>/dev/cpu_dma_latency
    printf '\x00\x00\x00\x00' >&3
  fi
  out="$results/$name.md"
  {
    echo "$label run on $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown):"
    echo "$(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start."
    echo
  } > "$out.head"
  # Every JVM bounded: at most 4 minutes of rounds each, killed after 10; HEAD_FORKS × pairs JVMs in all.
  java -cp benchmarks/target/benchmarks.jar io.github.httptrace.benchmarks.HeadToHead \
    --forks "${HEAD_FORKS:-5}" --rounds "${HEAD_ROUNDS:-600}" ${extra[@]+"${extra[@]}"} --out "$out.body" \
    --raw "$results/$name.tsv" "$@"
  { cat "$out.head" "$out.body"; echo; echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."; } > "$out"
  rm -f "$out.head" "$out.body"
  into_readme "$name" "$out"
  echo "Wrote $out, $results/$name.tsv and $readme's $name table."
  exit 0
fi

if [ "${1:-}" = "--paired" ]; then
  shift
  benchmarks=("$@")
  [ ${#benchmarks[@]} -gt 0 ] || benchmarks=(HttpClientClassicBenchmark HttpClientAsyncBenchmark OkHttpBenchmark \
    ServletFilterBenchmark)
  rounds=${PAIRED_ROUNDS:-300}
  requests=${PAIRED_REQUESTS:-200}
  discard=${PAIRED_DISCARD:-20}
  out="$results/paired.md"
  variants=()
  if [ -n "${PAIRED_VARIANTS:-}" ]; then
    out="$results/paired-variants.md"
    variants=(--variants "$PAIRED_VARIANTS")
  fi
  {
    echo "Paired run on $(date -u '+%Y-%m-%d %H:%M UTC'): $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start;"
    echo "$rounds rounds of $requests requests per variant after $discard discarded rounds and 5,000 warm-up requests per variant."
    echo
  } > "$out"
  for benchmark in "${benchmarks[@]}"; do
    echo "Load average before $benchmark: $(cut -d' ' -f1-3 /proc/loadavg)." >> "$out"
    echo >> "$out"
    # One JVM per benchmark, every variant in it; heap as in the JMH runs. At most 4 minutes of rounds each.
    java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar io.github.httptrace.benchmarks.PairedRun "$benchmark" \
      --rounds "$rounds" --requests "$requests" --discard "$discard" --max-seconds "${PAIRED_MAX_SECONDS:-240}" \
      "${variants[@]}" --out "$out"
  done
  echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)." >> "$out"
  if [ ${#variants[@]} -gt 0 ]; then
    echo "Wrote $out."
    exit 0
  fi
  # Replace what lies between the markers with paired.md, as ResultsReport does for the JMH tables.
  into_readme paired "$results/paired.md"
  echo "Wrote $results/paired.md and $readme's paired tables."
  exit 0
fi

# A loopback round trip is two thread wake-ups. On a virtual machine whose idle CPUs halt, each wake-up waits on
# the hypervisor, and the round trip swings by 2-4x between iterations. Asking for zero wake-up latency keeps
# idle CPUs polling while this script runs (released when it exits). Without root this is skipped, and the
# table says so.
latency="idle CPUs allowed to halt (no write access to /dev/cpu_dma_latency)"
if [ -w /dev/cpu_dma_latency ]; then
  exec 3>/dev/cpu_dma_latency
  printf '\x00\x00\x00\x00' >&3
  latency="idle CPUs kept polling through /dev/cpu_dma_latency = 0"
fi

{
  echo "Run on $(date -u '+%Y-%m-%d %H:%M UTC'): $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),"
  echo "$(free -g | awk '/^Mem:/ {print $2}') GiB, Linux $(uname -r), $(java -version 2>&1 | head -1 | tr -d '"'); $latency."
  echo "JMH 1.37, $rounds rounds, each variant once per round: 1 fork, 5 × 2 s warm-up, 4 × 1 s measured, \`-prof gc\`,"
  echo "heap 1 GiB; the iterations of all rounds pooled. Reproduce: \`benchmarks/run.sh\`."
} > "$results/machine.txt"

rm -f "$results"/round-*.json
files=()
for round in $(seq 1 "$rounds"); do
  java -jar benchmarks/target/benchmarks.jar \
    -f 1 -wi 5 -w 2s -i 4 -r 1s -foe true \
    -jvmArgs "-Xms1g -Xmx1g" \
    -prof gc \
    -rf json -rff "$results/round-$round.json" \
    "$@" > "$results/round-$round.log"
  files+=("$results/round-$round.json")
  echo "Round $round of $rounds done."
done

# The figures from before the optimizations of issue 6, measured the same way, are compared when present.
before=()
if ls "$results"/before-round-*.json > /dev/null 2>&1; then
  before=(--before "$(ls "$results"/before-round-*.json | paste -sd, -)")
fi
java -cp benchmarks/target/benchmarks.jar io.github.httptrace.benchmarks.ResultsReport \
  "$(IFS=,; echo "${files[*]}")" --machine "$results/machine.txt" "${before[@]}" \
  --out "$results/results.md" --readme "$readme"
echo "Wrote $results/round-*.json, $results/results.md and $readme's tables."
