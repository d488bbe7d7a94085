#!/usr/bin/env bash
# bench/run.sh FIGURE [-Dbench.runs=N ...] — one figure of BENCHMARKS.md on this machine.
#   overhead   figure 1: POST → Ready of one 3-node cluster, 1 warm-up + bench.runs (default 7) runs
#   load       figures 2, 4, 5: bench.clusters (default 100) 3-node clusters at once; hop latency; footprint
#   scale      figure 3: one cluster of bench.sizes (default 3,10,30,100) nodes, bench.runs runs each
#   realistic  figure 6: sandbox delays at published Linode figures, one 3-node cluster
#   history    figure 7: start-up of the stack with 1 and with bench.history (default 500) clusters of history
# Needs every service's fast-jar built (mvn -B install -DskipTests once). Tables are appended to
# bench/target/bench/FIGURE.md; logs of every process under bench/target/stack-*/logs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FIGURE="${1:?usage: bench/run.sh overhead|load|scale|realistic|history [-Dbench.runs=N ...]}"
shift
cd "$ROOT"
mvn -B -o verify -pl bench -Pbench -Dbench.figure="$FIGURE" "$@"
echo "results: $ROOT/bench/target/bench/$FIGURE.md"
