#!/usr/bin/env bash
# Wall time of the whole `charmgen gen` process on the largest corpus charm
# (postgresql-operator, 186 options), from a fresh output directory and as a
# no-op rerun; then the Go benchmark of the in-process pipeline.
# Usage: bench/gen.sh [RUNS]   (default 20)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
corpus=../shared/corpus/charms/postgresql-operator
[ -d "$corpus" ] || { echo "corpus not found at $corpus" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/charmgen" ./cmd/charmgen
mkdir "$work/pg"
cp "$corpus"/metadata.yaml "$corpus"/config.yaml "$corpus"/actions.yaml "$work/pg/"
printf 'module example.com/pg\n\ngo 1.24\n' >"$work/pg/go.mod"

time_runs() { # label, then a command run $runs times
	local label=$1; shift
	local start end
	start=$(date +%s%N)
	for _ in $(seq "$runs"); do "$@"; done
	end=$(date +%s%N)
	awk -v ns=$((end - start)) -v n="$runs" -v l="$label" 'BEGIN {printf "%-34s %7.1f ms per run (%d runs)\n", l, ns/n/1e6, n}'
}
fresh() { rm -rf "$work/pg/internal" "$work/pg/cmd"; "$work/charmgen" gen "$work/pg" >/dev/null; }
noop() { "$work/charmgen" gen "$work/pg" >/dev/null; }
echo "== charmgen gen, postgresql-operator, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
time_runs "fresh output (writes 7 files)" fresh
time_runs "no-op rerun (writes nothing)" noop
wc -l "$work"/pg/internal/charm/*.gen.go | tail -1 | awk '{print "generated lines:", $1}'
echo
echo "== go test -bench BenchmarkPlanPostgres ./gen"
go test ./gen -run '^$' -bench BenchmarkPlanPostgres -benchtime 20x -count 3 | grep -E '^Benchmark'
