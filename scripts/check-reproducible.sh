#!/usr/bin/env bash
# Builds the reactor twice from clean and compares every jar it makes byte for byte: the check behind the root pom's
# project.build.outputTimestamp. A difference names the jar and the entries that differ.
#
#   scripts/check-reproducible.sh            # offline (-o), tests skipped: packaging is what is compared
#   MVN_ARGS="" scripts/check-reproducible.sh   # let Maven fetch plugins it lacks
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mvn_args=${MVN_ARGS--o}

build() {
  # shellcheck disable=SC2086 # MVN_ARGS is a list of options
  mvn -B -q $mvn_args clean verify -DskipTests >"$work/build-$1.log" 2>&1 || {
    echo "build $1 failed; its log:" >&2
    tail -50 "$work/build-$1.log" >&2
    exit 2
  }
  mkdir -p "$work/$1"
  # Every jar of every module, kept under its module's path so that two modules' jars never collide.
  find . -path '*/target/*.jar' -not -path './.git/*' -not -path "$work/*" | while read -r jar; do
    mkdir -p "$work/$1/$(dirname "$jar")"
    cp "$jar" "$work/$1/$jar"
  done
}

build first
sleep 2 # a build within the same second could hide a time that leaks in
build second

(cd "$work/first" && find . -name '*.jar' | sort) >"$work/jars"
same=0
different=0
while read -r jar; do
  if cmp -s "$work/first/$jar" "$work/second/$jar"; then
    same=$((same + 1))
  else
    different=$((different + 1))
    echo "DIFFERENT: ${jar#./}"
    diff <(unzip -lv "$work/first/$jar" | awk '{print $7, $8}') \
         <(unzip -lv "$work/second/$jar" | awk '{print $7, $8}') | sed 's/^/  /' | head -20 || true
  fi
done <"$work/jars"

echo "$same jar(s) identical, $different different"
[ "$different" -eq 0 ]
