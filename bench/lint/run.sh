#!/usr/bin/env bash
# Measures charmgen lint (see ../README.md, section "charmgen lint").
#   bench/lint/run.sh [RUNS]   (default RUNS=20)
# 1. go test -bench in process: the whole corpus (metadata only) and a
#    50-file Python tree built from lint's fixture charms;
# 2. the charmgen binary, RUNS times on each input, wall clock per run
#    (process start included), median and max.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-20}
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)  cpus: $(nproc)  $(go version)"
go test ./bench/lint -run '^$' -bench . -benchtime 20x -count 1

go build -o bin/charmgen ./cmd/charmgen
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
# Same tree as the benchmark: 50 files copied in turn from the fixtures.
mkdir -p "$tree/src"
printf 'name: tree\ntype: charm\ntitle: Tree\nsummary: Fifty Python files.\ndescription: A tree.\nbase: ubuntu@24.04\nplatforms:\n  amd64:\nparts:\n  charm:\n    plugin: uv\n    source: .\n    build-snaps: [astral-uv]\n' > "$tree/charmcraft.yaml"
mapfile -t srcs < <(ls lint/testdata/pycharms/*/src/charm.py)
for i in $(seq 0 49); do cp "${srcs[$((i % ${#srcs[@]}))]}" "$tree/src/charm_$(printf %02d "$i").py"; done

time_runs() { # label, command...
	local label=$1; shift
	local ms=()
	for _ in $(seq "$runs"); do
		local t0 t1
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1 || true
		t1=$(date +%s%N)
		ms+=($(( (t1 - t0) / 1000000 )))
	done
	mapfile -t sorted < <(printf '%s\n' "${ms[@]}" | sort -n)
	echo "$label: median ${sorted[$((runs / 2))]} ms, max ${sorted[$((runs - 1))]} ms over $runs runs"
}
if [ -d ../shared/corpus/charms ]; then
	time_runs "charmgen lint --kinds metadata ../shared/corpus/charms (34 charms)" bin/charmgen lint --kinds metadata ../shared/corpus/charms
fi
time_runs "charmgen lint <50-file Python tree>" bin/charmgen lint "$tree"
