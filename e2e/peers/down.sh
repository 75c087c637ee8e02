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
    STOPPED+=("$pid")
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_gone "$peer" "$pid" "$GRACE"; then
      log "$peer (pid $pid) still running after ${GRACE}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      wait_gone "$peer" "$pid" 5 || log "WARNING: $peer (pid $pid) survived SIGKILL"
    fi
  fi
  rm -f "$pidf" "$RUN/pids/$peer.bin"
}

# The peers outlive up.sh, so their parent is PID 1, which on some machines reaps exited children only
# after a moment: wait (bounded) until they are gone from the process table, so that a `pgrep` right
# after down.sh finds nothing.
wait_reaped() {
  local deadline=$((SECONDS + 10)) p left
  while :; do
    left=()
    for p in "${STOPPED[@]+"${STOPPED[@]}"}"; do [[ -e "/proc/$p" ]] && left+=("$p"); done
    ((${#left[@]})) || return 0
    if ((SECONDS >= deadline)); then
      log "note: exited but not yet reaped by their parent (zombies, not running): ${left[*]}"
      return 0
    fi
    sleep 0.2
  done
}

STOPPED=()
if [[ -d "$RUN/pids" ]]; then
  for p in "${PEERS[@]}"; do stop_peer "$p"; done
  wait_reaped
  rm -f "$RUN/up.ok"
else
  log "nothing to stop ($RUN/pids does not exist)"
fi

# leftovers: pids of processes of this cache's peer binaries that belong to this run dir (on their
# command line or in their environment, e.g. KUBECONFIG) although no pid file names them (e.g. up.sh
# was killed between starting a peer and recording it).
leftovers() {
  local exe_link exe procdir
  for exe_link in /proc/[0-9]*/exe; do
    exe="$(readlink "$exe_link" 2>/dev/null)" || continue
    case "$exe" in "$PEERS_CACHE"/*) ;; *) continue ;; esac
    procdir="${exe_link%/exe}"
    if tr '\0' '\n' <"$procdir/cmdline" 2>/dev/null | grep -qxF -e "$RUN" -e "--kubeconfig=$RUN/kubeconfig" ||
      tr '\0' '\n' <"$procdir/cmdline" 2>/dev/null | grep -qF -- "=$RUN/" ||
      tr '\0' '\n' <"$procdir/environ" 2>/dev/null | grep -qxF -- "KUBECONFIG=$RUN/kubeconfig"; then
      printf '%s\n' "${procdir#/proc/}"
    fi
  done
}

mapfile -t left < <(leftovers)
if ((${#left[@]})); then
  log "stopping processes of this run that had no pid file: ${left[*]}"
  ps -o pid,args -p "$(IFS=,; echo "${left[*]}")" >&2 || true
  kill -TERM "${left[@]}" 2>/dev/null || true
  deadline=$((SECONDS + GRACE))
  while mapfile -t left < <(leftovers) && ((${#left[@]})) && ((SECONDS < deadline)); do sleep 0.2; done
  if ((${#left[@]})); then
    kill -KILL "${left[@]}" 2>/dev/null || true
    sleep 1
  fi
  mapfile -t left < <(leftovers)
  if ((${#left[@]})); then
    log "ERROR: processes of this run are still alive: ${left[*]}"
    exit 1
  fi
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
