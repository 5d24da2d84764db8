#!/usr/bin/env bash
# Starts a private Open vSwitch (userspace datapath, no kernel module) for the interop tests and
# `sdnctl ovs up`: ovsdb-server and ovs-vswitchd with their run, db and log files under DIR, so
# nothing touches a system-wide OVS. Idempotent per daemon: a daemon whose pid file names a live
# process is left alone, so after `kill $(cat DIR/run/ovs-vswitchd.pid)` this restarts only it.
#
#   .ci/ovs-up.sh DIR        then: export OVS_RUNDIR=DIR/run OVS_DBDIR=DIR/db OVS_LOGDIR=DIR/log
#
# Exit codes: 0 running; 2 not root; 3 the Debian packages could not be installed; 1 other failure.
set -euo pipefail

dir=${1:?usage: ovs-up.sh DIR}
if [ "$(id -u)" != 0 ]; then
  echo "ovs-up: needs root (network namespaces, veth pairs, OVS datapath)" >&2
  exit 2
fi

if ! command -v ovs-vswitchd >/dev/null || ! command -v ovsdb-server >/dev/null \
   || ! command -v ip >/dev/null || ! command -v ping >/dev/null; then
  if ! (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        openvswitch-switch iproute2 iputils-ping tcpdump) >"${TMPDIR:-/tmp}/ovs-up-apt.log" 2>&1; then
    echo "ovs-up: could not install openvswitch-switch iproute2 iputils-ping (see ${TMPDIR:-/tmp}/ovs-up-apt.log)" >&2
    exit 3
  fi
fi

mkdir -p "$dir/run" "$dir/db" "$dir/log"
export OVS_RUNDIR="$dir/run" OVS_DBDIR="$dir/db" OVS_LOGDIR="$dir/log"

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

if ! alive "$dir/run/ovsdb-server.pid"; then
  rm -f "$dir/db/conf.db" "$dir/run/db.sock"
  ovsdb-tool create "$dir/db/conf.db" /usr/share/openvswitch/vswitch.ovsschema
  ovsdb-server "$dir/db/conf.db" --remote="punix:$dir/run/db.sock" \
    --pidfile="$dir/run/ovsdb-server.pid" --detach --no-chdir --log-file="$dir/log/ovsdb-server.log" -vconsole:off
  ovs-vsctl --timeout=10 --no-wait init
fi

if ! alive "$dir/run/ovs-vswitchd.pid"; then
  ovs-vswitchd "unix:$dir/run/db.sock" \
    --pidfile="$dir/run/ovs-vswitchd.pid" --detach --no-chdir --log-file="$dir/log/ovs-vswitchd.log" -vconsole:off
fi

# --detach returns once the daemon is ready; confirm both answer before reporting success.
ovs-appctl --timeout=10 -t "$dir/run/ovs-vswitchd.$(cat "$dir/run/ovs-vswitchd.pid").ctl" version >/dev/null
ovs-vsctl --timeout=10 show >/dev/null
echo "ovs-up: ovsdb-server $(cat "$dir/run/ovsdb-server.pid"), ovs-vswitchd $(cat "$dir/run/ovs-vswitchd.pid") under $dir"
