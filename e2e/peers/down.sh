#!/usr/bin/env bash
# Stops every process up.sh started (by its pid files, newest peer first), waits a bounded time for
# each to exit, sends SIGKILL after the grace period, and checks that none is left.
#
# Usage: e2e/peers/down.sh [--purge]
#   --purge  also removes the run dir (${GANTRY_PEERS_RUN:-/tmp/gantry-peers-run}); logs go with it
# Environment: GANTRY_PEERS_GRACE  seconds to wait after SIGTERM before SIGKILL (default 10)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.sh
source "$HERE/versions.sh"

RUN="$PEERS_RUN"
GRACE="${GANTRY_PEERS_GRACE:-10}"
PURGE=0
for arg in "$@"; do
  case "$arg" in
    --purge) PURGE=1 ;;
    -h | --help)
      sed -n '2,8p' "$0"
      exit 0
      ;;
    *)
      echo "usage: $0 [--purge]" >&2
      exit 2
      ;;
  esac
done

# Reverse of the start order in up.sh.
PEERS=(kustomize-controller source-controller kwok kube-scheduler kube-controller-manager kube-apiserver etcd)

log() { printf '[peers/down %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ours PEER PID: PID is alive and runs the binary recorded for PEER (guards against pid reuse).
ours() {
  local exe want
  kill -0 "$2" 2>/dev/null || return 1
  exe="$(readlink "/proc/$2/exe" 2>/dev/null)" || return 1
  want="$(cat "$RUN/pids/$1.bin" 2>/dev/null)" || return 1
  [[ "$(basename "${exe% (deleted)}")" == "$want" ]]
}

# wait_gone PEER PID SECONDS: true once PID has exited (or is no longer ours).
wait_gone() {
  local deadline=$((SECONDS + $3))
  while ours "$1" "$2"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

stop_peer() {
  local peer="$1" pidf="$RUN/pids/$1.pid" pid
  [[ -f "$pidf" ]] || return 0
  pid="$(cat "$pidf")"
  if [[ -n "$pid" ]] && ours "$peer" "$pid"; then
    log "stopping $peer (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_gone "$peer" "$pid" "$GRACE"; then
      log "$peer (pid $pid) still running after ${GRACE}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      wait_gone "$peer" "$pid" 5 || log "WARNING: $peer (pid $pid) survived SIGKILL"
    fi
  fi
  rm -f "$pidf" "$RUN/pids/$peer.bin"
}

if [[ -d "$RUN/pids" ]]; then
  for p in "${PEERS[@]}"; do stop_peer "$p"; done
  rm -f "$RUN/up.ok"
else
  log "nothing to stop ($RUN/pids does not exist)"
fi

# Anything still running from this cache's peer binaries that belongs to this run dir (on its command
# line or in its environment, e.g. KUBECONFIG)?
left=()
for exe_link in /proc/[0-9]*/exe; do
  exe="$(readlink "$exe_link" 2>/dev/null)" || continue
  case "$exe" in "$PEERS_CACHE"/*) ;; *) continue ;; esac
  procdir="${exe_link%/exe}"
  if tr '\0' '\n' <"$procdir/cmdline" 2>/dev/null | grep -qF -- "$RUN" ||
    tr '\0' '\n' <"$procdir/environ" 2>/dev/null | grep -qF -- "$RUN"; then
    left+=("${procdir#/proc/}")
  fi
done
if ((${#left[@]})); then
  log "ERROR: processes of this run are still alive: ${left[*]}"
  ps -o pid,args -p "$(IFS=,; echo "${left[*]}")" >&2 || true
  exit 1
fi

if ((PURGE)); then
  if [[ -f "$RUN/.gantry-peers-run" ]]; then
    rm -rf -- "$RUN"
    log "removed $RUN"
  elif [[ -e "$RUN" ]]; then
    log "not removing $RUN: it was not made by up.sh"
  fi
fi
log "all peers stopped"
