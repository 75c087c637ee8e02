#!/usr/bin/env bash
# Builds the real test peers (Kubernetes control plane, etcd, kwok, Flux source- and
# kustomize-controller) from their Go modules, at the exact versions pinned in versions.sh.
#
# Usage: e2e/peers/build.sh [peer ...]
#   peers: kubernetes etcd kwok source-controller kustomize-controller (default: all, in that order)
#
# Each peer is built in its own throwaway Go module in a temp dir (never inside the repository) and
# installed into ${GANTRY_PEERS_CACHE:-$HOME/.cache/gantry-peers}/<peer>-<version>/. A peer whose
# binaries and stamp file exist is not rebuilt; the stamp is written only after a successful build.
# GOMODCACHE and GOCACHE stay at Go's defaults (or whatever the caller exports).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.sh
source "$HERE/versions.sh"

export GOTOOLCHAIN=local
export CGO_ENABLED=0
# -mod=mod lets `go build` add the go.sum entries of the throwaway module by itself.
export GOFLAGS="-mod=mod -buildvcs=false"

ALL_PEERS=(kubernetes etcd kwok source-controller kustomize-controller)

log() { printf '[peers/build %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

for tool in go jq; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is required but not on PATH"
done

WORK_DIRS=()
CURRENT_PEER=""
# shellcheck disable=SC2329 # invoked by the EXIT trap below
cleanup() {
  local rc=$? d
  if ((rc != 0)) && [[ -n "$CURRENT_PEER" ]]; then
    log "ERROR: building $CURRENT_PEER failed (exit $rc); see the go output above"
  fi
  for d in "${WORK_DIRS[@]+"${WORK_DIRS[@]}"}"; do
    # the module cache is read-only; the throwaway dir only holds go.mod/go.sum
    rm -rf -- "$d"
  done
}
trap cleanup EXIT

# new_module NAME: creates a throwaway Go module in a temp dir, sets MODDIR and cds into it.
new_module() {
  MODDIR="$(mktemp -d "${TMPDIR:-/tmp}/gantry-peer-$1.XXXXXX")"
  WORK_DIRS+=("$MODDIR")
  cd "$MODDIR"
  go mod init "gantry-peers.local/$1" >/dev/null 2>&1
}

# module_gomod MODULE@VERSION: downloads the module and prints the path of its go.mod.
module_gomod() {
  local json gomod
  json="$(go mod download -json "$1")" || die "go mod download $1 failed"
  gomod="$(jq -r '.GoMod // empty' <<<"$json")"
  [[ -n "$gomod" && -f "$gomod" ]] || die "no go.mod for $1: $json"
  printf '%s\n' "$gomod"
}

# module_dir MODULE@VERSION: prints the extracted source dir in the module cache.
module_dir() {
  go mod download -json "$1" | jq -r '.Dir'
}

# copy_versioned_replaces GOMOD: copies every replace directive of GOMOD that points to a published
# module version (replaces to local paths such as ./api are ignored for dependencies, so skip them).
copy_versioned_replaces() {
  local line args=()
  while IFS= read -r line; do
    [[ -n "$line" ]] && args+=("-replace=$line")
  done < <(go mod edit -json "$1" |
    jq -r '(.Replace // [])[] | select(.New.Version != null)
           | "\(.Old.Path)\(if .Old.Version then "@" + .Old.Version else "" end)=\(.New.Path)@\(.New.Version)"')
  if ((${#args[@]})); then
    go mod edit "${args[@]}"
    log "  copied ${#args[@]} replace directive(s) from $(basename "$1")"
  fi
}

# is_built DIR FILE...: true if DIR has a stamp file and every named binary or file.
is_built() {
  local dir="$1" b
  shift
  [[ -f "$dir/.build-stamp" ]] || return 1
  for b in "$@"; do [[ -e "$dir/$b" ]] || return 1; done
}

# keep_module DIR: keeps the throwaway module's go.mod and go.sum next to the binaries (a record of
# exactly which module versions went in; sums/ in this directory holds copies where they are needed).
keep_module() {
  install -m 0644 "$MODDIR/go.mod" "$1/go.mod"
  install -m 0644 "$MODDIR/go.sum" "$1/go.sum"
}

write_stamp() { # DIR SECONDS WHAT
  printf 'built=%s\nseconds=%s\nwhat=%s\ngo=%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$2" "$3" "$(go env GOVERSION)" \
    >"$1/.build-stamp"
}

build_kubernetes() {
  local out="$K8S_BIN_DIR" bins=(kube-apiserver kube-controller-manager kube-scheduler)
  if is_built "$out" "${bins[@]}"; then log "kubernetes $K8S_VERSION: already built in $out"; return; fi
  local start=$SECONDS
  log "kubernetes $K8S_VERSION: building ${bins[*]} (the long pole: tens of minutes on a cold cache)"
  new_module kubernetes
  local gomod staging_version minor args=() m ld date_ pkg
  go mod edit -go=1.25.0 -godebug=default=go1.25 -require="k8s.io/kubernetes@$K8S_VERSION"
  gomod="$(module_gomod "k8s.io/kubernetes@$K8S_VERSION")"
  # k8s.io/kubernetes requires its staging modules at v0.0.0 and replaces them with ./staging/src/...;
  # point each at its published tag instead (v1.X.Y -> v0.X.Y).
  staging_version="v0.${K8S_VERSION#v1.}"
  while IFS= read -r m; do
    args+=("-replace=$m=$m@$staging_version")
  done < <(go mod edit -json "$gomod" | jq -r '.Replace[] | select(.New.Path | startswith("./staging/")) | .Old.Path')
  ((${#args[@]} > 20)) || die "expected ~30 staging modules in $gomod, found ${#args[@]}"
  go mod edit "${args[@]}"
  log "  replaced ${#args[@]} staging modules with $staging_version"
  minor="${K8S_VERSION#v1.}"
  minor="${minor%%.*}"
  date_="$(go list -m -json "k8s.io/kubernetes@$K8S_VERSION" | jq -r '.Time // empty')"
  date_="${date_:-1970-01-01T00:00:00Z}"
  ld="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ld+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$date_"
  done
  mkdir -p "$out"
  # One go build for all three so the shared packages compile once.
  go build -trimpath -ldflags="$ld" -o "$out/" \
    k8s.io/kubernetes/cmd/kube-apiserver \
    k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler
  "$out/kube-apiserver" --version >&2
  keep_module "$out"
  write_stamp "$out" "$((SECONDS - start))" "${bins[*]}"
  log "kubernetes $K8S_VERSION: done in $((SECONDS - start))s"
}

build_etcd() {
  local out="$ETCD_BIN_DIR"
  if is_built "$out" etcd; then log "etcd $ETCD_VERSION: already built in $out"; return; fi
  local start=$SECONDS gomod
  log "etcd $ETCD_VERSION: building"
  new_module etcd
  go mod edit -require="go.etcd.io/etcd/server/v3@$ETCD_VERSION"
  gomod="$(module_gomod "go.etcd.io/etcd/server/v3@$ETCD_VERSION")"
  copy_versioned_replaces "$gomod"
  mkdir -p "$out"
  # the server module's root package is etcd's main package
  go build -trimpath -ldflags="-s -w" -o "$out/etcd" go.etcd.io/etcd/server/v3
  "$out/etcd" --version >&2
  keep_module "$out"
  write_stamp "$out" "$((SECONDS - start))" etcd
  log "etcd $ETCD_VERSION: done in $((SECONDS - start))s"
}

# The stage set kwokctl uses by default ("fast" pods: Pending -> Running at once), relative to the kwok
# module's kustomize/stage/. v0.8.0 has no built-in default stages, so these are passed to kwok by up.sh.
# (pod/general/pod-ready.yaml would wait for an Initialized condition that only pod/general/pod-create sets.)
KWOK_STAGES=(
  node/fast/node-initialize.yaml
  node/heartbeat-with-lease/node-heartbeat-with-lease.yaml
  pod/fast/pod-ready.yaml
  pod/fast/pod-complete.yaml
  pod/fast/pod-delete.yaml
)

# copy_kwok_stages OUT: copies KWOK_STAGES flat into OUT/stages/ unless the same list is already there.
copy_kwok_stages() {
  local out="$1" src s
  if [[ "$(cat "$out/stages/.stamp" 2>/dev/null)" == "${KWOK_STAGES[*]}" ]]; then return; fi
  src="$(module_dir "sigs.k8s.io/kwok@$KWOK_VERSION")/kustomize/stage"
  rm -rf "$out/stages"
  mkdir -p "$out/stages"
  for s in "${KWOK_STAGES[@]}"; do
    [[ -f "$src/$s" ]] || die "kwok stage $s not found under $src"
    install -m 0644 "$src/$s" "$out/stages/$(basename "$s")"
  done
  printf '%s\n' "${KWOK_STAGES[*]}" >"$out/stages/.stamp"
  log "  kwok stages copied to $out/stages: ${KWOK_STAGES[*]}"
}

build_kwok() {
  local out="$KWOK_BIN_DIR"
  if is_built "$out" kwok; then
    copy_kwok_stages "$out"
    log "kwok $KWOK_VERSION: already built in $out"
    return
  fi
  local start=$SECONDS gomod
  log "kwok $KWOK_VERSION: building"
  new_module kwok
  go mod edit -require="sigs.k8s.io/kwok@$KWOK_VERSION"
  gomod="$(module_gomod "sigs.k8s.io/kwok@$KWOK_VERSION")"
  copy_versioned_replaces "$gomod"
  mkdir -p "$out"
  go build -trimpath -ldflags="-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$KWOK_VERSION" \
    -o "$out/" sigs.k8s.io/kwok/cmd/kwok
  copy_kwok_stages "$out"
  "$out/kwok" --version >&2 || true
  keep_module "$out"
  write_stamp "$out" "$((SECONDS - start))" "kwok"
  log "kwok $KWOK_VERSION: done in $((SECONDS - start))s"
}

# use_pinned_sums NAME VERSION: if sums/NAME-VERSION.go.sum exists, starts the throwaway module with it.
# The module proxy reachable here has no checksum-database entry for some of the modules that
# source-controller needs; their hashes are pinned in that file instead (see README.md), and Go checks
# every download against it without asking the checksum database.
use_pinned_sums() {
  local f="$HERE/sums/$1-$2.go.sum"
  if [[ -f "$f" ]]; then
    install -m 0644 "$f" go.sum
    log "  using pinned checksums from ${f#"$HERE/"}"
  fi
}

# build_flux NAME VERSION OUT
build_flux() {
  local name="$1" version="$2" out="$3"
  if is_built "$out" "$name" crds; then log "$name $version: already built in $out"; return; fi
  local start=$SECONDS gomod src mod="github.com/fluxcd/$name"
  log "$name $version: building"
  new_module "$name"
  go mod edit -require="$mod@$version"
  gomod="$(module_gomod "$mod@$version")"
  copy_versioned_replaces "$gomod"
  use_pinned_sums "$name" "$version"
  mkdir -p "$out"
  go build -trimpath -ldflags="-s -w" -o "$out/$name" "$mod"
  # the controller's own CRDs: up.sh installs those the fixtures do not have (it fails to start
  # without every kind it watches, e.g. OCIRepository, HelmChart, Bucket)
  src="$(module_dir "$mod@$version")/config/crd/bases"
  mkdir -p "$out/crds"
  install -m 0644 "$src"/*.yaml "$out/crds/"
  keep_module "$out"
  write_stamp "$out" "$((SECONDS - start))" "$name"
  log "$name $version: done in $((SECONDS - start))s"
}

build_peer() {
  case "$1" in
    kubernetes) build_kubernetes ;;
    etcd) build_etcd ;;
    kwok) build_kwok ;;
    source-controller) build_flux source-controller "$SOURCE_CONTROLLER_VERSION" "$SOURCE_CONTROLLER_BIN_DIR" ;;
    kustomize-controller) build_flux kustomize-controller "$KUSTOMIZE_CONTROLLER_VERSION" "$KUSTOMIZE_CONTROLLER_BIN_DIR" ;;
    *) die "unknown peer '$1' (known: ${ALL_PEERS[*]})" ;;
  esac
}

main() {
  local peers=("$@") p total_start=$SECONDS
  ((${#peers[@]})) || peers=("${ALL_PEERS[@]}")
  mkdir -p "$PEERS_CACHE"
  # one build at a time per cache (two concurrent cold builds would not fit in 2 cores / CI time)
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$PEERS_CACHE/.build.lock"
    flock -w 7200 9 || die "timed out waiting for another build.sh holding $PEERS_CACHE/.build.lock"
  fi
  log "cache: $PEERS_CACHE ($(go env GOVERSION), GOMODCACHE=$(go env GOMODCACHE), GOCACHE=$(go env GOCACHE))"
  for p in "${peers[@]}"; do
    CURRENT_PEER="$p"
    build_peer "$p"
    CURRENT_PEER=""
  done
  log "all requested peers ready in $((SECONDS - total_start))s: ${peers[*]}"
}

# (exit on the same line: an edit of this file while it runs cannot inject commands)
main "$@"; exit
