#!/usr/bin/env bash
# Measures reroute latency on a k=16 fat-tree (issue 3: "reroute under 10 ms of controller time
# after the PORT_STATUS arrives"). Starts `sdnctl run`, waits for discovery, installs routes with
# pings from every pod into pod 16, then cuts the core links c1..cN to a16_1 one by one and prints
# lastRerouteMs (PORT_STATUS enqueued -> last flow-mod of the reroute queued) for each cut.
#
#   bench/reroute.sh [TOPOLOGY] [CUTS] [--split]     defaults: topologies/fat-tree-k16.yaml 5
#
# --split runs the controller (`sdnctl controller`) and the simulated network (`sdnctl sim --api`)
# as two processes, as a controller runs against real switches: the controller's heap then holds only
# the controller, so its garbage collections are its own. Without it, `sdnctl run` hosts both.
#
# GC_GEN0 (default 0x4000000, 64 MB; "default" leaves the runtime's) is the controller's gen0 budget,
# given as DOTNET_GCgen0size, which only the environment sets (runtimeconfig's System.GC.Gen0Size is
# not read). With the default budget (~2 MB here) the controller collected about once a second, each
# gen0 collection promoting ~1.2 MB of in-flight LLDP packet-ins and pausing every thread 4.5-8 ms,
# so a reroute now and then took one; 64 MB makes that ~30 times rarer.
#
# lastRerouteMs is wall time; on a shared machine most of it can be waiting for a CPU, which
# "on CPU" (the loop thread's CPU time for that input, Linux) leaves out. Needs curl. Builds Release first. Prints one line per cut and the controller's stats at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
topology=${1:-topologies/fat-tree-k16.yaml}
cuts=${2:-5}
split=${3:-}
rest_port=${REST_PORT:-$((20000 + RANDOM % 20000))}
of_port=${OF_PORT:-$((40000 + RANDOM % 20000))}
api="http://127.0.0.1:${rest_port}"
log=$(mktemp /tmp/reroute.XXXXXX.log)
gen0=${GC_GEN0:-0x4000000}
controller_env=()
[ "$gen0" != "default" ] && controller_env=(env "DOTNET_GCgen0size=$gen0")

dotnet build -c Release src/SdnCtl.Cli -v q -nologo >"$log" 2>&1 || { grep -E "error" "$log" | sort -u; exit 1; }
sim_api="$api"
if [ "$split" == "--split" ]; then
  sim_port=$((rest_port + 1))
  sim_api="http://127.0.0.1:${sim_port}"
  sim_log=$(mktemp /tmp/reroute-sim.XXXXXX.log)
  data=$(mktemp -d /tmp/reroute-data.XXXXXX)
  "${controller_env[@]}" dotnet run -c Release --no-build --project src/SdnCtl.Cli -- controller --topology "$topology" \
    --api "$api" --openflow "127.0.0.1:${of_port}" --data "$data" >"$log" 2>&1 &
  pid=$!
  trap 'kill $pid $sim_pid 2>/dev/null || true; wait $pid $sim_pid 2>/dev/null || true; rm -rf "$data"' EXIT
  for _ in $(seq 1 120); do grep -q "REST API on" "$log" && break; sleep 0.5; done
  started=$(date +%s%N)
  dotnet run -c Release --no-build --project src/SdnCtl.Cli -- sim "$topology" \
    --controller "127.0.0.1:${of_port}" --api "$sim_api" >"$sim_log" 2>&1 &
  sim_pid=$!
  for _ in $(seq 1 480); do
    curl -sf "$api/api/v1/topology" | grep -q '"matches":true' && break
    kill -0 $sim_pid 2>/dev/null || { cat "$sim_log"; exit 1; }
    sleep 0.25
  done
  curl -sf "$api/api/v1/topology" | grep -q '"matches":true' || { echo "discovery did not finish"; tail -20 "$log" "$sim_log"; exit 1; }
  echo "split: controller pid $pid, simulator pid $sim_pid; declared topology discovered $(( ($(date +%s%N) - started) / 1000000 )) ms after the simulator started"
  for _ in $(seq 1 120); do curl -sf "$sim_api/health" >/dev/null && break; sleep 0.5; done
else
"${controller_env[@]}" dotnet run -c Release --no-build --project src/SdnCtl.Cli -- run "$topology" \
  --api "$api" --openflow "127.0.0.1:${of_port}" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT

for _ in $(seq 1 240); do
  grep -q "topology discovered as declared" "$log" && break
  kill -0 $pid 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.5
done
grep -q "topology discovered as declared" "$log" || { echo "discovery did not finish"; tail -20 "$log"; exit 1; }
grep -o "topology discovered as declared.*" "$log"
fi

stat() { curl -sf "$api/api/v1/stats" | tr -d '{}"' | tr ',' '\n' | sed -n "s/^$1://p"; }

# One source in each pod 1..15 (64 hosts per pod), all toward hosts in pod 16 (h961..h1024).
pings=0
for pod in $(seq 0 14); do
  src=$((pod * 64 + 1 + pod)); dst=$((961 + pod))
  for pair in "h$src h$dst" "h$dst h$src"; do
    set -- $pair
    curl -sf -X POST "$sim_api/api/v1/sim/ping" -H 'content-type: application/json' \
      -d "{\"src\":\"$1\",\"dst\":\"$2\"}" | grep -q '"replied":true' || echo "ping $1 -> $2 failed"
    pings=$((pings + 1))
  done
done
echo "pings: $pings, installed routes: $(stat installedRoutes), rules: $(stat installedRules)"

for n in $(seq 1 "$cuts"); do
  before=$(stat reroutes)
  [ -n "${JIT_MARK:-}" ] && echo "==== MARK cut $n" >>"$JIT_MARK"
  curl -sf -X POST "$sim_api/api/v1/sim/links/c$n/a16_1/down" >/dev/null
  for _ in $(seq 1 100); do
    [ "$(stat reroutes)" != "$before" ] && break
    sleep 0.05
  done
  after=$(stat reroutes)
  if [ "$after" == "$before" ]; then
    echo "cut c$n-a16_1: no installed route used it"
  else
    echo "cut c$n-a16_1: lastRerouteMs=$(stat lastRerouteMs) (queued $(stat lastRerouteQueueMs), on CPU $(stat lastRerouteCpuMs)) reroutedDestinations(total)=$(stat reroutedDestinations)"
  fi
  # The pair still answers over the new path.
  curl -sf -X POST "$sim_api/api/v1/sim/ping" -H 'content-type: application/json' \
    -d '{"src":"h1","dst":"h961"}' | grep -q '"replied":true' || echo "  ping h1 -> h961 failed after cut"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; controller gen0 budget: $gen0"
echo "maxRerouteMs=$(stat maxRerouteMs) reroutes=$(stat reroutes) switchErrors=$(stat switchErrors)"
grep -i "rerouted" "$log" | tail -"$cuts" || true
grep "garbage collection .* that reroute" "$log" | head -"$cuts" | sed 's/.*The last/  last/' || true
