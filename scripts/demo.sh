#!/usr/bin/env bash
# The main job, end to end: scaffold a charm with charmgen new, check its
# generated code, build it, run its lifecycle under the simulator; port a
# legacy charm to Go (charmgen new --from); then the metadata tools
# (convert to unified form, show, convert to legacy) and the hand-written
# demo charm's own lifecycle with relations. Every charm it makes builds
# against this checkout (--sdk), offline.
set -euo pipefail
bin=$(realpath "${1:-bin/charmgen}")
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== charmgen new hello --kind machine (in $work)"
"$bin" new hello --dir "$work/hello" --kind machine --sdk "$root" >/dev/null
(cd "$work/hello" && find . -type f -not -path './.git/*' | sort | sed 's/^/   /')
echo
echo "== charmgen gen --check; go build ./...; go test ./..."
(cd "$work/hello" && "$bin" gen --check && go build ./... && go test ./... 2>&1 | sed 's/^/   /')
echo
echo "== charmgen sim --scenario deploy (builds hello and runs install, leader-elected, config-changed, start)"
(cd "$work/hello" && "$bin" sim -q --scenario deploy)
echo
echo "== charmgen new web --kind kubernetes; charmgen sim --scenario deploy (the container's Pebble is simulated)"
"$bin" new web --dir "$work/web" --kind kubernetes --sdk "$root" >/dev/null
(cd "$work/web" && "$bin" sim -q --scenario deploy --out "$work/web.json")
echo "   the workload container's Pebble after deploy:"
grep -E '"(command|current|can_connect)"' "$work/web.json" | sort -u | sed 's/^ */     /'
echo
echo "== charmgen new kettle --from meta/unified/testdata/legacy-series/input (port a legacy Juju 3 charm to Go)"
"$bin" new kettle --from meta/unified/testdata/legacy-series/input --dir "$work/kettle" --sdk "$root" -q 2>&1 >/dev/null | sed 's/^/   /'
sed -n '/^## Ported from/,/^What you still write/p' "$work/kettle/README.md" | sed 's/^/   /'
(cd "$work/kettle" && go test ./... 2>&1 | sed 's/^/   /' && "$bin" sim -q --scenario deploy)
echo
echo "== charmgen meta convert --to unified (the legacy files back into one charmcraft.yaml)"
"$bin" meta convert meta/unified/testdata/legacy-series/input --to unified --out "$work/unified" >/dev/null 2>&1
sed -n '1,12p' "$work/unified/charmcraft.yaml" | sed 's/^/   /'
echo "   ..."
echo
echo "== charmgen meta show examples/demo --format yaml (first lines)"
"$bin" meta show examples/demo --format yaml | sed -n '1,12p'
echo "   ..."
echo
echo "== charmgen meta convert examples/demo --to legacy"
"$bin" meta convert examples/demo --to legacy --out "$work/legacy"
echo
echo "== charmgen sim examples/demo: deploy, relate, update-status, greet, teardown"
cp examples/demo/sim-state.json "$work/state.json"
"$bin" sim examples/demo --state "$work/state.json" -q \
	scenario/deploy scenario/relate \
	update-status 'actions/greet:name=world' \
	scenario/teardown
