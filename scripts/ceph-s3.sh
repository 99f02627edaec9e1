#!/usr/bin/env bash
# A single-node Ceph (Debian 12: Pacific 16.2.x) with S3 for Reelvault's S3 tests and benchmarks: one monitor,
# one bluestore OSD on a sparse file, pool size 1, no manager, and radosgw on 127.0.0.1:$PORT with a real S3
# user (SigV4 signatures are checked). Adapted from the build machines' recipe; owned here.
#
# Usage: scripts/ceph-s3.sh <command>
#   start              install the Debian packages if missing, create the cluster if missing, start it, write $DIR/env
#   stop               stop every daemon this script started (by the pids it recorded), nothing else
#   status             exit 0 when radosgw answers and the daemons recorded are alive
#   rgw-start NAME PORT  one more radosgw on the same cluster (the fault tests stop and kill their own)
#   rgw-stop NAME      stops that radosgw (SIGTERM, waits)
#   rgw-kill NAME      kills it at once (SIGKILL): a server dying mid-request
# State lives in $REELVAULT_CEPH_DIR (default /tmp/reelvault-ceph); data survives a restart.
# Measured on the build machines: install + first start ~37 s, restart ~13 s, stop ~7 s, ~124 MB RSS idle.
set -euo pipefail
D=${REELVAULT_CEPH_DIR:-/tmp/reelvault-ceph}
C=$D/ceph.conf
PORT=${REELVAULT_CEPH_PORT:-7480}
KEY=reelvaultkey
SECRET=reelvaultsecret
T0=$(date +%s.%N)
log() { awk -v a="$T0" -v b="$(date +%s.%N)" -v m="$*" 'BEGIN{printf "[ceph-s3 %.1fs] %s\n", b-a, m}' >&2; }
answers() { curl -s -o /dev/null -m 2 "http://127.0.0.1:$1/"; }
wait_http() { local i=0; until answers "$1"; do i=$((i+1)); [ $i -ge $(($2*2)) ] && return 1; sleep 0.5; done; }
alive_pidfile() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Waits for the process in a pid file to end (after a signal), then removes the file.
wait_gone() {
  local f=$1 i
  for i in $(seq 1 60); do alive_pidfile "$f" || break; sleep 0.25; done
  rm -f "$f"
}

stop_all() {
  for p in "$D"/run/*.pid; do [ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null || true; done
  for p in "$D"/run/*.pid; do [ -f "$p" ] && wait_gone "$p"; done
  return 0
}

rgw_pidfile() { echo "$D/run/client.rgw.$1.pid"; }

rgw_start() {
  local name=$1 port=$2
  alive_pidfile "$(rgw_pidfile "$name")" && answers "$port" && return 0
  radosgw -c "$C" -n "client.rgw.$name" --rgw_frontends="beast endpoint=127.0.0.1:$port" --rgw_data="$D/rgw" 9>&-
  wait_http "$port" 120 || { tail -30 "$D/log/client.rgw.$name.log" >&2; exit 1; }
}

install_if_missing() {
  command -v radosgw >/dev/null && command -v ceph-osd >/dev/null && command -v ceph-mon >/dev/null && command -v uuidgen >/dev/null && return 0
  mkdir -p "$D"
  log "installing radosgw ceph-mon ceph-osd (apt)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends radosgw ceph-mon ceph-osd uuid-runtime >"$D/apt.log" 2>&1 \
    || { tail -20 "$D/apt.log" >&2; echo "ceph-s3: could not install Ceph (run apt-get update first, as root)" >&2; exit 1; }
}

create_cluster() {
  mkdir -p "$D/run" "$D/log" "$D/mon.a" "$D/osd.0" "$D/rgw"
  local fsid; fsid=$(uuidgen)
  cat > "$C.tmp" <<CONF
[global]
fsid = $fsid
mon host = [v2:127.0.0.1:3300,v1:127.0.0.1:6789]
mon initial members = a
public network = 127.0.0.0/8
auth cluster required = none
auth service required = none
auth client required = none
ms mon client mode = crc
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon warn on pool no redundancy = false
mon allow pool delete = true
mon data avail warn = 2
mon warn on insecure global id reclaim allowed = false
# Deleted objects give their space back within seconds, not after RGW's default two hours: the tests
# and the benchmark delete what they upload, and with the default a third full benchmark run found the
# 20 GiB OSD full and every write hung.
rgw gc obj min wait = 5
rgw gc processor period = 10
rgw gc processor max time = 10
run dir = $D/run
pid file = $D/run/\$name.pid
admin socket = $D/run/\$name.asok
log file = $D/log/\$name.log
keyring = $D/keyring
[mon]
mon data = $D/mon.\$id
[osd]
osd data = $D/osd.\$id
osd objectstore = bluestore
bluestore block path = $D/osd.\$id.block
bluestore block create = true
bluestore block size = 21474836480
bluestore block db create = false
bluestore block wal create = false
osd memory target = 939524096
[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:$PORT
rgw data = $D/rgw
CONF
  touch "$D/keyring"
  monmaptool --create --fsid "$fsid" --addv a "[v2:127.0.0.1:3300,v1:127.0.0.1:6789]" "$D/monmap" >/dev/null
  ceph-mon -c "$C.tmp" --mkfs -i a --monmap "$D/monmap"
  ceph-mon -c "$C.tmp" -i a 9>&-
  local uuid id; uuid=$(uuidgen)
  id=$(ceph -c "$C.tmp" osd new "$uuid")
  ceph-osd -c "$C.tmp" -i "$id" --mkfs --osd-uuid "$uuid" >"$D/log/osd-mkfs.out" 2>&1 || { tail "$D/log/osd-mkfs.out" >&2; exit 1; }
  ceph-osd -c "$C.tmp" -i "$id" 9>&-
  # The config's presence means "a cluster exists": written last, so a failed creation is retried whole.
  mv "$C.tmp" "$C"
  log "cluster created (mon.a, osd.$id)"
}

# The cluster is the tests' own and its data is never needed again: one that is full (test runs on
# this machine add up: 20 GiB after a day of runs) is made anew, instead of every S3 test timing out
# on writes the OSD refuses.
cluster_full() { [ -f "$C" ] && alive_pidfile "$D/run/mon.a.pid" && timeout 10 ceph -c "$C" health 2>/dev/null | grep -qE 'full osd|pool\(s\) full'; }

start() {
  if cluster_full; then
    log "the test cluster is full: making it anew"
    stop_all
    rm -rf "${D:?}/mon.a" "$D/osd.0" "$D/osd.0.block" "$D/run" "$D/monmap" "$D/keyring" "$D/env" "$D/rgw" "$C"
  fi
  if [ -f "$D/env" ] && answers "$PORT" && alive_pidfile "$D/run/client.rgw.a.pid"; then return 0; fi
  install_if_missing
  local new=0
  if [ ! -f "$C" ]; then
    # A half-made cluster (a failed first start) is started over.
    [ -d "$D" ] && { stop_all; rm -rf "${D:?}/mon.a" "$D/osd.0" "$D/osd.0.block" "$D/run" "$D/monmap" "$D/keyring" "$D/env"; }
    create_cluster
    new=1
  else
    alive_pidfile "$D/run/mon.a.pid" || ceph-mon -c "$C" -i a 9>&-
    alive_pidfile "$D/run/osd.0.pid" || ceph-osd -c "$C" -i 0 9>&-
  fi
  local i=0
  until timeout 10 ceph -c "$C" osd stat 2>/dev/null | grep -q '1 up'; do i=$((i+1)); [ $i -ge 240 ] && { echo "ceph-s3: the OSD did not come up" >&2; exit 1; }; sleep 0.5; done
  log "mon + osd up"
  alive_pidfile "$D/run/client.rgw.a.pid" || radosgw -c "$C" -n client.rgw.a 9>&-
  wait_http "$PORT" 180 || { tail -30 "$D/log/client.rgw.a.log" >&2; exit 1; }
  log "radosgw answers on 127.0.0.1:$PORT"
  if [ $new = 1 ] || ! radosgw-admin -c "$C" user info --uid=reelvault >/dev/null 2>&1; then
    radosgw-admin -c "$C" user create --uid=reelvault --display-name=reelvault --access-key=$KEY --secret-key=$SECRET >/dev/null
    # RGW creates its data pools on the first write, which would otherwise land in the first test.
    local s3=(curl -sf --aws-sigv4 "aws:amz:us-east-1:s3" --user "$KEY:$SECRET" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD")
    "${s3[@]}" -X PUT "http://127.0.0.1:$PORT/warmup" >/dev/null
    head -c 6000000 /dev/urandom > "$D/warm.bin"
    "${s3[@]}" -X PUT --data-binary @"$D/warm.bin" "http://127.0.0.1:$PORT/warmup/blob" >/dev/null; rm -f "$D/warm.bin"
    "${s3[@]}" -X DELETE "http://127.0.0.1:$PORT/warmup/blob" >/dev/null
    "${s3[@]}" -X DELETE "http://127.0.0.1:$PORT/warmup" >/dev/null
    log "S3 user created, pools warmed up"
  fi
  cat > "$D/env.tmp" <<ENV
REELVAULT_S3_ENDPOINT=http://127.0.0.1:$PORT
REELVAULT_S3_ACCESS_KEY=$KEY
REELVAULT_S3_SECRET_KEY=$SECRET
ENV
  mv "$D/env.tmp" "$D/env"
}

cmd=${1:-start}
mkdir -p "$D"
# One caller at a time: parallel test files may all ask for the server at once. (Daemons are started
# with the lock descriptor closed, so they never hold it.)
exec 9>"$D/.lock"
flock 9
case "$cmd" in
  start) start; cat "$D/env" ;;
  stop) stop_all; log "stopped" ;;
  status) [ -f "$D/env" ] && answers "$PORT" && alive_pidfile "$D/run/client.rgw.a.pid" ;;
  rgw-start) rgw_start "${2:?name}" "${3:?port}" ;;
  rgw-stop) f=$(rgw_pidfile "${2:?name}"); [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; [ -f "$f" ] && wait_gone "$f"; true ;;
  rgw-kill) f=$(rgw_pidfile "${2:?name}"); [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null; [ -f "$f" ] && wait_gone "$f"; true ;;
  *) echo "usage: $0 start|stop|status|rgw-start NAME PORT|rgw-stop NAME|rgw-kill NAME" >&2; exit 2 ;;
esac
