#!/usr/bin/env bash
# Relation databag codecs (issue 8):
#  (a) decode + validate of a tls_certificates v1 provider app databag with
#      50 certificates: generated code, the run-time validator, and
#      encoding/json into any + santhosh-tekuri/jsonschema/v6;
#  (b) generating every corpus interface: charmgen interfaces gen against
#      github.com/atombender/go-jsonschema on the same schema files.
# Usage: bench/codec/run.sh [RUNS]   (default 7; wall-clock medians)
#        IOLOAD=1 bench/codec/run.sh    times (b) while a background writer
#        keeps the disk busy (dd of 128 MiB with conv=fsync, in a loop).
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-7}
corpus=../shared/corpus/interfaces
echo "== $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
go test ./bench/codec -run '^$' -bench 'DecodeTLS50|EncodeTLS50|GenerateCorpus|ParseCorpus' -benchmem -count 5 | tee /tmp/bench-codec.txt
awk '/DecodeTLS50\/(charmgen|json)/ {split($1, a, "/"); sub(/-[0-9]+$/, "", a[2]); t[a[2]] = t[a[2]] " " $3}
     END {for (k in t) print k ":" t[k]}' /tmp/bench-codec.txt
[ -d "$corpus" ] || { echo "corpus not found at $corpus: skipping (b)" >&2; exit 0; }
work=$(mktemp -d)
loadpid=
trap '[ -z "$loadpid" ] || kill "$loadpid" 2>/dev/null; rm -rf "$work"' EXIT
go build -o "$work/charmgen" ./cmd/charmgen
if ! GOBIN="$work" GOFLAGS= go install github.com/atombender/go-jsonschema@v0.24.1 2>"$work/install.log"; then
	echo "go-jsonschema could not be installed (see below); only charmgen is timed" >&2
	cat "$work/install.log" >&2
fi
# The role files charmgen reads, less the one empty file go-jsonschema
# cannot parse (hydra_endpoints v0 requirer).
files=$(cd "$corpus" && find docs/json_schemas interfaces -name provider.json -o -name requirer.json |
	grep -E '^(docs/json_schemas/[^/]+/v[0-9]+/|interfaces/[^/]+/v[0-9]+/schemas/)' | sort)
nonempty=$(cd "$corpus" && for f in $files; do [ -s "$f" ] && echo "$f"; done)
echo "== $(echo "$files" | wc -l) role files; go-jsonschema gets the $(echo "$nonempty" | wc -l) non-empty ones"
if [ "${IOLOAD:-}" = 1 ]; then
	(while :; do dd if=/dev/zero of="$work/ioload" bs=1M count=128 conv=fsync status=none; done) &
	loadpid=$!
	echo "== I/O load: a dd writer with conv=fsync runs in the background"
fi
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
# cg writes into a new directory each run, so removing the last run's output
# (slow on a busy disk, and not part of generating) is not timed.
n=0
cg() { n=$((n + 1)); "$work/charmgen" interfaces gen --from "$corpus" --out "$work/fresh$n"; }
cgnoop() { "$work/charmgen" interfaces gen --from "$corpus" --out "$work/fresh1"; } # cg wrote it
gj() { (cd "$corpus" && "$work/go-jsonschema" -p all -o "$work/all.go" $nonempty); }
gjeach() { i=0; for f in $nonempty; do i=$((i + 1)); (cd "$corpus" && "$work/go-jsonschema" -p p$i -o "$work/each$i.go" "$f"); done; }
for name in cg cgnoop gj gjeach; do
	[ "${name:0:2}" = gj ] && [ ! -x "$work/go-jsonschema" ] && continue
	t=$(for _ in $(seq "$runs"); do time_ms $name; done | median)
	printf '%-10s %6d ms (median of %d)\n' "$name" "$t" "$runs"
done
echo "cg: charmgen interfaces gen, fresh output (62 packages, temp file + rename each, no fsync)"
echo "cgnoop: the same into an up-to-date directory (no writes)"
echo "gj: go-jsonschema, one process over all files (one output file)"
echo "gjeach: go-jsonschema, one process per file"
