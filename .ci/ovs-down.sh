#!/usr/bin/env bash
# Stops the private Open vSwitch that ovs-up.sh started under DIR, by its pid files only, and
# removes DIR. Bridges should be deleted first (`sdnctl ovs down`); ovs-vswitchd's exit closes the
# tap devices of any that are left.
set -uo pipefail

dir=${1:?usage: ovs-down.sh DIR}
for daemon in ovs-vswitchd ovsdb-server; do
  pidfile="$dir/run/$daemon.pid"
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null
    # Waiting for a process to exit has no event to wait on from a shell; poll, bounded.
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  fi
  rm -f "$pidfile"
done
rm -rf "$dir"
