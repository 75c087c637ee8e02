# shellcheck shell=bash disable=SC2034
# Pinned versions of the test peers, sourced by build.sh, up.sh and down.sh.
# Every version here was checked to build from proxy.golang.org as reachable from the CI machines (whose
# module proxy serves only part of the public modules; see README.md for why Flux is not at v1.9.6).
K8S_VERSION=v1.35.4                      # k8s.io/kubernetes; staging modules at v0.35.4
ETCD_VERSION=v3.6.16                     # go.etcd.io/etcd/server/v3
KWOK_VERSION=v0.8.0                      # sigs.k8s.io/kwok
SOURCE_CONTROLLER_VERSION=v1.8.0         # github.com/fluxcd/source-controller (v1.9.x does not build here, see README)
KUSTOMIZE_CONTROLLER_VERSION=v1.9.5      # github.com/fluxcd/kustomize-controller (v1.9.6 does not build here)

PEERS_CACHE="${GANTRY_PEERS_CACHE:-$HOME/.cache/gantry-peers}"
PEERS_RUN="${GANTRY_PEERS_RUN:-/tmp/gantry-peers-run}"

K8S_BIN_DIR="$PEERS_CACHE/kubernetes-$K8S_VERSION"
ETCD_BIN_DIR="$PEERS_CACHE/etcd-$ETCD_VERSION"
KWOK_BIN_DIR="$PEERS_CACHE/kwok-$KWOK_VERSION"
SOURCE_CONTROLLER_BIN_DIR="$PEERS_CACHE/source-controller-$SOURCE_CONTROLLER_VERSION"
KUSTOMIZE_CONTROLLER_BIN_DIR="$PEERS_CACHE/kustomize-controller-$KUSTOMIZE_CONTROLLER_VERSION"
