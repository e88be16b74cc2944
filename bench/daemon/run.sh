#!/usr/bin/env bash
# Hook round trip of the daemon layout against the plain Go layout: a fresh
# dispatch process per hook, no-op reconcile, no hook tools.
#
# Usage: bench/daemon/run.sh [HOOKS]   (default 300 per benchmark)
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-300}
echo "== $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(go version | cut -d' ' -f3)"
go test ./bench/daemon -run '^$' -bench . -benchtime "${n}x" -count 3 | grep -E '^Benchmark'
