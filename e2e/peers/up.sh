#!/usr/bin/env bash
# Starts a real, local-only Kubernetes control plane with Flux for the end-to-end tests:
#   etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok (fake GPU nodes and pods),
#   Flux source-controller and kustomize-controller.
# Everything listens on 127.0.0.1 on free ports; state lives in ${GANTRY_PEERS_RUN:-/tmp/gantry-peers-run}.
# Builds missing binaries first (build.sh is a no-op when everything is cached).
#
# Usage: e2e/peers/up.sh
# Environment:
#   GANTRY_PEERS_CACHE    binary cache (default ~/.cache/gantry-peers)
#   GANTRY_PEERS_RUN      run dir: pids, logs, certs, kubeconfigs (default /tmp/gantry-peers-run)
#   GANTRY_PEERS_TIMEOUT  seconds each wait may take (default 120)
#   GANTRY_PEERS_NO_BUILD=1  fail instead of building missing binaries
#
# On success the last two lines of stdout are exactly:
#   KUBECONFIG=<admin kubeconfig>
#   KUBECONFIG_RESTRICTED=<kubeconfig of a user who may only get/list/watch in gantry-system and flux-system>
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=versions.sh
source "$HERE/versions.sh"

TIMEOUT="${GANTRY_PEERS_TIMEOUT:-120}"
# The real upstream CRDs (see the fixtures' PROVENANCE.md).
FIXTURES="${GANTRY_FIXTURES:-}"
if [[ -z "$FIXTURES" ]]; then
  for d in "$REPO_ROOT/fixtures" "$REPO_ROOT/../shared/fixtures"; do
    if [[ -d "$d/flux/crds" ]]; then FIXTURES="$d"; break; fi
  done
fi
[[ -n "$FIXTURES" ]] || { echo "up.sh: fixtures with flux/crds not found; set GANTRY_FIXTURES" >&2; exit 1; }
RUN="$PEERS_RUN"
MARKER="$RUN/.gantry-peers-run"

# Start order; down.sh stops them in reverse.
PEERS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok source-controller kustomize-controller)

# The fake GPU nodes: name zone gpu-type instance-type
NODES=(
  "kwok-h100-z1-a westeurope-1 nvidia-h100 Standard_ND96isr_H100_v5"
  "kwok-h100-z1-b westeurope-1 nvidia-h100 Standard_ND96isr_H100_v5"
  "kwok-h100-z2-a westeurope-2 nvidia-h100 Standard_ND96isr_H100_v5"
  "kwok-h100-z2-b westeurope-2 nvidia-h100 Standard_ND96isr_H100_v5"
  "kwok-h100-z3-a westeurope-3 nvidia-h100 Standard_ND96isr_H100_v5"
  "kwok-h100-z3-b westeurope-3 nvidia-h100 Standard_ND96isr_H100_v5"
  "kwok-a100-z1-a westeurope-1 nvidia-a100 Standard_ND96asr_v4"
  "kwok-a100-z2-a westeurope-2 nvidia-a100 Standard_ND96asr_v4"
)
RESTRICTED_NAMESPACES=(gantry-system flux-system)

log() { printf '[peers/up %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# fail PEER MESSAGE: names the failing peer, shows its log, stops everything started, exits 1.
fail() {
  local peer="$1" logf="$RUN/logs/$1.log"
  shift
  log "ERROR: peer '$peer' failed: $*"
  if [[ -f "$logf" ]]; then
    log "log of $peer: $logf (last 20 lines):"
    tail -n 20 "$logf" >&2 || true
  fi
  log "stopping the other peers (logs stay in $RUN/logs)"
  "$HERE/down.sh" >&2 || true
  exit 1
}

# wait_until TIMEOUT DESCRIPTION CMD...: polls CMD every 0.5s until it succeeds or TIMEOUT seconds pass.
wait_until() {
  local timeout="$1" what="$2" deadline
  shift 2
  deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      log "timed out after ${timeout}s waiting for $what"
      return 1
    fi
    sleep 0.5
  done
}

pid_of() { [[ -f "$RUN/pids/$1.pid" ]] && cat "$RUN/pids/$1.pid"; }

# alive PEER: the pid in its pid file is running and is still our binary.
alive() {
  local pid exe
  pid="$(pid_of "$1" 2>/dev/null)" || return 1
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  exe="$(readlink "/proc/$pid/exe" 2>/dev/null)" || return 1
  [[ "$(basename "${exe% (deleted)}")" == "$(cat "$RUN/pids/$1.bin" 2>/dev/null)" ]]
}

# start PEER BINARY ARGS...: runs BINARY in the background, logs to logs/PEER.log, records its pid.
start() {
  local peer="$1" bin="$2"
  shift 2
  [[ -x "$bin" ]] || fail "$peer" "binary $bin is missing (run e2e/peers/build.sh)"
  log "starting $peer"
  {
    printf '### %s started %s\n### %s' "$peer" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$bin"
    printf ' %q' "$@"
    printf '\n'
  } >>"$RUN/logs/$peer.log"
  "$bin" "$@" >>"$RUN/logs/$peer.log" 2>&1 </dev/null &
  echo "$!" >"$RUN/pids/$peer.pid"
  basename "$bin" >"$RUN/pids/$peer.bin"
}

# --- free ports -------------------------------------------------------------------------------------
declare -A TAKEN=()
port_in_use() {
  ss -Htan "sport = :$1" 2>/dev/null | grep -q . && return 0
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
  return 1
}
# Ports come from below the kernel's ephemeral range, so that outgoing connections opened between
# picking a port and binding it (e.g. kube-apiserver -> etcd) cannot take it first.
PORT_LO=15000
PORT_HI=32767
if read -r eph_lo _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null && ((eph_lo - 1 - PORT_LO >= 2000)); then
  PORT_HI=$((eph_lo - 1))
fi
# free_port VAR: sets VAR to a port on 127.0.0.1 that is free now and not given out before in this run.
free_port() {
  local p i
  for ((i = 0; i < 200; i++)); do
    p=$((PORT_LO + RANDOM % (PORT_HI - PORT_LO + 1)))
    [[ -n "${TAKEN[$p]:-}" ]] && continue
    port_in_use "$p" && continue
    TAKEN[$p]=1
    printf -v "$1" '%s' "$p"
    return 0
  done
  die "no free port found on 127.0.0.1"
}

# --- health checks ----------------------------------------------------------------------------------
kadmin() { kubectl --kubeconfig "$RUN/kubeconfig" --request-timeout=10s "$@"; }
h_etcd() { curl -fsS --max-time 3 "http://127.0.0.1:$ETCD_PORT/health" | grep -q '"health":"true"'; }
h_kube_apiserver() { kadmin get --raw=/readyz >/dev/null; }
h_kube_controller_manager() { curl -fsSk --max-time 3 "https://127.0.0.1:$KCM_PORT/healthz" | grep -qx ok; }
h_kube_scheduler() { curl -fsSk --max-time 3 "https://127.0.0.1:$SCHED_PORT/healthz" | grep -qx ok; }
h_kwok() { curl -fsS --max-time 3 "http://127.0.0.1:$KWOK_PORT/healthz" | grep -qx ok; }
h_source_controller() { curl -fsS --max-time 3 "http://127.0.0.1:$SC_HEALTH_PORT/readyz" >/dev/null; }
h_kustomize_controller() { curl -fsS --max-time 3 "http://127.0.0.1:$KC_HEALTH_PORT/readyz" >/dev/null; }
healthy() { "h_${1//-/_}"; }

# wait_healthy PEER: waits for PEER's health check, failing fast if its process exits.
wait_healthy() {
  local peer="$1" deadline=$((SECONDS + TIMEOUT))
  until healthy "$peer" >/dev/null 2>&1; do
    alive "$peer" || fail "$peer" "process exited during startup"
    ((SECONDS < deadline)) || fail "$peer" "not healthy after ${TIMEOUT}s"
    sleep 0.5
  done
  log "$peer is healthy"
}

print_result() {
  printf 'KUBECONFIG=%s\n' "$RUN/kubeconfig"
  printf 'KUBECONFIG_RESTRICTED=%s\n' "$RUN/kubeconfig-restricted"
}

# --- already up? ------------------------------------------------------------------------------------
if [[ -f "$RUN/ports.env" && -f "$RUN/up.ok" ]]; then
  # shellcheck source=/dev/null
  source "$RUN/ports.env"
  all_ok=1
  for p in "${PEERS[@]}"; do
    if ! alive "$p" || ! healthy "$p" >/dev/null 2>&1; then
      all_ok=0
      log "$p is not running or not healthy"
      break
    fi
  done
  if ((all_ok)); then
    log "already up and healthy (run dir $RUN)"
    print_result
    exit 0
  fi
  log "previous run is incomplete; stopping it and starting over"
fi
if [[ -d "$RUN/pids" ]]; then "$HERE/down.sh" >&2; fi

# --- binaries ---------------------------------------------------------------------------------------
if [[ "${GANTRY_PEERS_NO_BUILD:-}" != 1 ]]; then
  "$HERE/build.sh" >&2 || die "build.sh failed"
fi
for tool in kubectl openssl curl ss; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is required but not on PATH"
done

# --- fresh run dir ----------------------------------------------------------------------------------
if [[ -e "$RUN" ]]; then
  if [[ -f "$MARKER" ]] || [[ -z "$(ls -A "$RUN")" ]]; then
    rm -rf -- "$RUN"
  else
    die "$RUN exists and was not made by up.sh; refusing to delete it (set GANTRY_PEERS_RUN)"
  fi
fi
mkdir -p "$RUN"/{pids,logs,pki,etcd,kcm,scheduler,source-controller/storage,manifests}
touch "$MARKER"
chmod 700 "$RUN" "$RUN/pki"
T0=$SECONDS

free_port ETCD_PORT
free_port ETCD_PEER_PORT
free_port API_PORT
free_port KCM_PORT
free_port SCHED_PORT
free_port KWOK_PORT
free_port SC_STORAGE_PORT
free_port SC_METRICS_PORT
free_port SC_HEALTH_PORT
free_port KC_METRICS_PORT
free_port KC_HEALTH_PORT
{
  for v in ETCD_PORT ETCD_PEER_PORT API_PORT KCM_PORT SCHED_PORT KWOK_PORT SC_STORAGE_PORT SC_METRICS_PORT \
    SC_HEALTH_PORT KC_METRICS_PORT KC_HEALTH_PORT; do
    printf '%s=%s\n' "$v" "${!v}"
  done
} >"$RUN/ports.env"

# --- certificates -----------------------------------------------------------------------------------
PKI="$RUN/pki"
log "generating certificates in $PKI"
(
  cd "$PKI"
  key=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1)
  openssl req -x509 -new -nodes "${key[@]}" -keyout ca.key -out ca.crt -days 3650 \
    -subj "/CN=gantry-peers-ca" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null
  # sign NAME SUBJECT EXTENSIONS
  sign() {
    openssl req -new -nodes "${key[@]}" -keyout "$1.key" -out "$1.csr" -subj "$2" 2>/dev/null
    printf '%s\n' "$3" >"$1.ext"
    openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -out "$1.crt" -days 3650 \
      -extfile "$1.ext" 2>/dev/null
    rm -f "$1.csr" "$1.ext"
  }
  sign apiserver "/CN=kube-apiserver" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  client_ext="basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth"
  sign admin "/O=system:masters/CN=gantry-admin" "$client_ext"
  sign restricted "/O=gantry-viewers/CN=gantry-restricted" "$client_ext"
  sign kube-controller-manager "/CN=system:kube-controller-manager" "$client_ext"
  sign kube-scheduler "/CN=system:kube-scheduler" "$client_ext"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out sa.key 2>/dev/null
  openssl pkey -in sa.key -pubout -out sa.pub 2>/dev/null
  chmod 600 ./*.key
) || die "certificate generation with openssl failed"

# write_kubeconfig FILE USER
write_kubeconfig() {
  local f="$1" user="$2"
  kubectl config --kubeconfig="$f" set-cluster gantry-peers --server="https://127.0.0.1:$API_PORT" \
    --certificate-authority="$PKI/ca.crt" --embed-certs=true >/dev/null
  kubectl config --kubeconfig="$f" set-credentials "$user" --client-certificate="$PKI/$user.crt" \
    --client-key="$PKI/$user.key" --embed-certs=true >/dev/null
  kubectl config --kubeconfig="$f" set-context gantry-peers --cluster=gantry-peers --user="$user" >/dev/null
  kubectl config --kubeconfig="$f" use-context gantry-peers >/dev/null
  chmod 600 "$f"
}
write_kubeconfig "$RUN/kubeconfig" admin
write_kubeconfig "$RUN/kubeconfig-restricted" restricted
write_kubeconfig "$RUN/kcm/kubeconfig" kube-controller-manager
write_kubeconfig "$RUN/scheduler/kubeconfig" kube-scheduler

# --- etcd -------------------------------------------------------------------------------------------
start etcd "$ETCD_BIN_DIR/etcd" \
  --name=default \
  --data-dir="$RUN/etcd/data" \
  --listen-client-urls="http://127.0.0.1:$ETCD_PORT" \
  --advertise-client-urls="http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-advertise-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster="default=http://127.0.0.1:$ETCD_PEER_PORT" \
  --unsafe-no-fsync \
  --max-request-bytes=10485760 \
  --log-level=warn
wait_healthy etcd

# --- kube-apiserver ---------------------------------------------------------------------------------
start kube-apiserver "$K8S_BIN_DIR/kube-apiserver" \
  --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
  --bind-address=127.0.0.1 \
  --advertise-address=127.0.0.1 \
  --endpoint-reconciler-type=none \
  --secure-port="$API_PORT" \
  --cert-dir="$RUN/pki/apiserver-generated" \
  --tls-cert-file="$PKI/apiserver.crt" \
  --tls-private-key-file="$PKI/apiserver.key" \
  --client-ca-file="$PKI/ca.crt" \
  --authorization-mode=Node,RBAC \
  --service-cluster-ip-range=10.0.0.0/24 \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-account-key-file="$PKI/sa.pub" \
  --service-account-signing-key-file="$PKI/sa.key" \
  --profiling=false \
  --v=1
wait_healthy kube-apiserver

# --- controller-manager, scheduler, kwok (started now; the CRDs install while they come up) ---------
start kube-controller-manager "$K8S_BIN_DIR/kube-controller-manager" \
  --kubeconfig="$RUN/kcm/kubeconfig" \
  --authentication-kubeconfig="$RUN/kcm/kubeconfig" \
  --authorization-kubeconfig="$RUN/kcm/kubeconfig" \
  --bind-address=127.0.0.1 \
  --secure-port="$KCM_PORT" \
  --cert-dir="$RUN/kcm" \
  --leader-elect=false \
  --service-account-private-key-file="$PKI/sa.key" \
  --root-ca-file="$PKI/ca.crt" \
  --use-service-account-credentials=true \
  --service-cluster-ip-range=10.0.0.0/24 \
  --cluster-signing-cert-file="$PKI/ca.crt" \
  --cluster-signing-key-file="$PKI/ca.key" \
  --profiling=false \
  --v=1
start kube-scheduler "$K8S_BIN_DIR/kube-scheduler" \
  --kubeconfig="$RUN/scheduler/kubeconfig" \
  --authentication-kubeconfig="$RUN/scheduler/kubeconfig" \
  --authorization-kubeconfig="$RUN/scheduler/kubeconfig" \
  --bind-address=127.0.0.1 \
  --secure-port="$SCHED_PORT" \
  --cert-dir="$RUN/scheduler" \
  --leader-elect=false \
  --profiling=false \
  --v=1
stage_files=""
for s in node-initialize node-heartbeat-with-lease pod-ready pod-complete pod-delete; do
  [[ -f "$KWOK_BIN_DIR/stages/$s.yaml" ]] || fail kwok "stage file $KWOK_BIN_DIR/stages/$s.yaml is missing"
  stage_files+="${stage_files:+,}$KWOK_BIN_DIR/stages/$s.yaml"
done
start kwok "$KWOK_BIN_DIR/kwok" \
  --kubeconfig="$RUN/kubeconfig" \
  --manage-all-nodes=false \
  --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
  --cidr=10.244.0.0/16 \
  --node-ip=10.240.0.1 \
  --node-lease-duration-seconds=40 \
  --server-address="127.0.0.1:$KWOK_PORT" \
  --v=WARN \
  --config="$stage_files"

# --- namespaces, RBAC for the restricted user, CRDs ---------------------------------------------------
{
  for ns in "${RESTRICTED_NAMESPACES[@]}"; do
    cat <<EOF
apiVersion: v1
kind: Namespace
metadata:
  name: $ns
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: gantry-restricted-read
  namespace: $ns
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: gantry-restricted-read
  namespace: $ns
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: gantry-restricted-read
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: User
    name: gantry-restricted
---
EOF
  done
} >"$RUN/manifests/rbac.yaml"
kadmin apply --server-side --field-manager=gantry-peers -f "$RUN/manifests/rbac.yaml" >/dev/null ||
  fail kube-apiserver "could not create namespaces and RBAC"

# Flux: the CRDs in the fixtures (GitRepository, Kustomization, HelmRelease) plus the other CRDs the two
# controllers watch (from each controller's module, copied by build.sh); Argo CD Application; KServe.
CRD_FILES=()
for f in "$FIXTURES"/flux/crds/*.yaml "$FIXTURES"/argocd/crds/application-crd.yaml \
  "$FIXTURES"/kserve/crds/serving.kserve.io_inferenceservices.full.yaml; do
  [[ -f "$f" ]] || die "CRD fixture $f is missing (set GANTRY_FIXTURES to the fixtures dir)"
  CRD_FILES+=("$f")
done
for d in "$SOURCE_CONTROLLER_BIN_DIR/crds" "$KUSTOMIZE_CONTROLLER_BIN_DIR/crds"; do
  for f in "$d"/*.yaml; do
    [[ -f "$f" ]] || continue
    # the fixture copy wins for kinds that are in the fixtures
    [[ -f "$FIXTURES/flux/crds/$(basename "$f")" ]] && continue
    CRD_FILES+=("$f")
  done
done
log "installing ${#CRD_FILES[@]} CRDs"
crd_args=()
for f in "${CRD_FILES[@]}"; do crd_args+=(-f "$f"); done
kadmin apply --server-side --force-conflicts --field-manager=gantry-peers "${crd_args[@]}" >/dev/null ||
  fail kube-apiserver "installing CRDs failed"
# (retried: kubectl wait errors out at once, instead of waiting, on a CRD that has no status.conditions yet)
wait_until "$TIMEOUT" "CRDs Established" \
  kadmin wait --for=condition=Established --timeout=10s "${crd_args[@]}" ||
  fail kube-apiserver "CRDs not Established after ${TIMEOUT}s"

wait_healthy kube-controller-manager
wait_healthy kube-scheduler
wait_healthy kwok

# --- the fake GPU nodes ------------------------------------------------------------------------------
{
  for n in "${NODES[@]}"; do
    read -r name zone gpu instance <<<"$n"
    cat <<EOF
apiVersion: v1
kind: Node
metadata:
  name: $name
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    type: kwok
    kubernetes.io/arch: amd64
    kubernetes.io/os: linux
    kubernetes.io/hostname: $name
    kubernetes.io/role: agent
    node.kubernetes.io/instance-type: $instance
    topology.kubernetes.io/region: westeurope
    topology.kubernetes.io/zone: "$zone"
    gantry.dev/gpu-type: $gpu
    nvidia.com/gpu.present: "true"
spec: {}
status:
  capacity:
    cpu: "96"
    memory: 1900Gi
    ephemeral-storage: 2Ti
    pods: "110"
    nvidia.com/gpu: "8"
  allocatable:
    cpu: "94"
    memory: 1850Gi
    ephemeral-storage: 2Ti
    pods: "110"
    nvidia.com/gpu: "8"
  nodeInfo:
    architecture: amd64
    operatingSystem: linux
    kubeletVersion: fake
    kubeProxyVersion: fake
---
EOF
  done
} >"$RUN/manifests/nodes.yaml"
log "creating ${#NODES[@]} fake GPU nodes"
kadmin create -f "$RUN/manifests/nodes.yaml" >/dev/null || fail kwok "creating the fake nodes failed"
wait_until "$TIMEOUT" "kwok nodes Ready" \
  kadmin wait --for=condition=Ready node -l type=kwok --timeout=10s ||
  fail kwok "nodes not Ready after ${TIMEOUT}s"
log "${#NODES[@]} kwok nodes are Ready"
wait_until "$TIMEOUT" "ServiceAccount default/default" kadmin -n default get serviceaccount default ||
  fail kube-controller-manager "ServiceAccount default/default not created after ${TIMEOUT}s"

# --- Flux -------------------------------------------------------------------------------------------
export KUBECONFIG="$RUN/kubeconfig" RUNTIME_NAMESPACE=flux-system
start source-controller "$SOURCE_CONTROLLER_BIN_DIR/source-controller" \
  --storage-path="$RUN/source-controller/storage" \
  --storage-addr="127.0.0.1:$SC_STORAGE_PORT" \
  --storage-adv-addr="127.0.0.1:$SC_STORAGE_PORT" \
  --metrics-addr="127.0.0.1:$SC_METRICS_PORT" \
  --health-addr="127.0.0.1:$SC_HEALTH_PORT" \
  --enable-leader-election=false \
  --log-encoding=console
start kustomize-controller "$KUSTOMIZE_CONTROLLER_BIN_DIR/kustomize-controller" \
  --metrics-addr="127.0.0.1:$KC_METRICS_PORT" \
  --health-addr="127.0.0.1:$KC_HEALTH_PORT" \
  --enable-leader-election=false \
  --log-encoding=console
unset KUBECONFIG
wait_healthy source-controller
wait_healthy kustomize-controller

touch "$RUN/up.ok"
log "all peers up in $((SECONDS - T0))s; logs in $RUN/logs"
print_result
