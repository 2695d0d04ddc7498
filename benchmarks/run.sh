#!/usr/bin/env bash
# Builds the benchmarks, runs every one of them (about 9 minutes on 2 cores), writes JMH's JSON and a markdown
# table into benchmarks/results/, and puts the table into the README's Performance section.
#
#   benchmarks/run.sh                    # everything, as published
#   benchmarks/run.sh OkHttp             # extra arguments go to JMH: here, only the OkHttp benchmarks
#
# Settings: one fork per variant, 4 warm-up iterations of 2 s (the JIT is still settling after 6 s on 2 cores),
# 12 measured iterations of 1 s (more, shorter samples narrow JMH's interval), the gc profiler for bytes per
# operation, a fixed 1 GiB heap.
set -euo pipefail
cd "$(dirname "$0")/.."
results=benchmarks/results
mkdir -p "$results"

mvn -B -q -pl benchmarks -am package -DskipTests

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
  echo "JMH 1.37: 1 fork, 4 × 2 s warm-up, 12 × 1 s measured, \`-prof gc\`, heap 1 GiB. Reproduce: \`benchmarks/run.sh\`."
} > "$results/machine.txt"

java -jar benchmarks/target/benchmarks.jar \
  -f 1 -wi 4 -w 2s -i 12 -r 1s -foe true \
  -jvmArgs "-Xms1g -Xmx1g" \
  -prof gc \
  -rf json -rff "$results/results.json" \
  "$@" | tee "$results/jmh.log"

java -cp benchmarks/target/benchmarks.jar io.github.httptrace.benchmarks.ResultsReport \
  "$results/results.json" --machine "$results/machine.txt" --out "$results/results.md" --readme README.md
echo "Wrote $results/results.json, $results/results.md and README.md's Performance table."
