#!/usr/bin/env bash
# A real local Kubernetes control plane for the tests and the demo: etcd,
# kube-apiserver, kube-controller-manager and kube-scheduler, with KWOK playing
# the nodes and kubelets (Pods are scheduled and become Running and Ready
# without containers). Every binary is built from the Go modules pinned in
# scripts/kube/*/go.mod with the machine's Go, and cached outside the
# repository, keyed by module version and pin, so only the first run builds.
#
#   kube.sh build          builds what the cache lacks; prints the binaries' folder
#   kube.sh start <dir>    starts a cluster whose state lives in <dir>;
#                          prints the path of its kubeconfig (<dir>/kubeconfig)
#   kube.sh stop <dir>     stops the processes started in <dir> and removes <dir>
#   kube.sh restart <dir> <component>
#                          stops one process (kube-apiserver, etcd, …) and starts it
#                          again as it was, for tests of clients surviving a restart
#   kube.sh kubeconfig <dir> <name>...
#                          prints a kubeconfig for the cluster in <dir> with one
#                          context per name (for kubectl and gitops.kubeconfig)
#   kube.sh app-config <dir> <name>...
#                          prints the portal config (kubernetes.clusterLocatorMethods)
#                          that serves the cluster in <dir> under each name, and
#                          turns the demo backend's embedded simulator off
#
# Everything listens on 127.0.0.1 only. Environment:
#   SLIPWAY_CACHE          cache root (default ~/.cache/slipway)
#   SLIPWAY_KUBE_CONTEXT   context, cluster and user name in the kubeconfig
#                          (default slipway-kube)
#   SLIPWAY_KUBE_NODES     number of KWOK nodes (default 1)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
wrappers="$here/kube"
cache="${SLIPWAY_CACHE:-$HOME/.cache/slipway}/bin"
context="${SLIPWAY_KUBE_CONTEXT:-slipway-kube}"
nodes="${SLIPWAY_KUBE_NODES:-1}"

log() { echo "slipway kube: $*" >&2; }
die() { log "$*"; exit 1; }

find_go() {
  if command -v go >/dev/null 2>&1; then command -v go; return; fi
  [ -x /usr/local/go/bin/go ] && { echo /usr/local/go/bin/go; return; }
  die "no Go toolchain found (Go 1.26 builds the control plane)"
}

# The cache folder of one wrapper module: <module>@<version>-<hash of the pin>,
# so a changed pin or build flag never reuses an old binary.
cache_dir() {
  local wrapper="$1" module="$2" flags="$3" version hash
  version=$(awk -v m="$module" '$1 == m || $1 == "require" && $2 == m { print ($1 == m ? $2 : $3); exit }' "$wrappers/$wrapper/go.mod")
  [ -n "$version" ] || die "scripts/kube/$wrapper/go.mod does not pin $module"
  hash=$(cat "$wrappers/$wrapper"/go.mod "$wrappers/$wrapper"/go.sum "$wrappers/$wrapper"/*.go 2>/dev/null \
    | { cat; echo "$flags"; } | sha256sum | cut -c1-12)
  echo "$cache/${module//\//_}@$version-$hash"
}

# Builds the packages of one wrapper module into its cache folder unless every
# binary is already there. The build runs at low priority: the machine is shared.
build_wrapper() {
  local wrapper="$1" module="$2" flags="$3"
  shift 3
  local dir go started pkg missing=0
  dir=$(cache_dir "$wrapper" "$module" "$flags")
  for pkg in "$@"; do
    [ -x "$dir/$(basename "$pkg")" ] || missing=1
  done
  if [ "$missing" = 1 ]; then
    go=$(find_go)
    log "building $module ($(basename "$dir")): $* — the first build takes many minutes"
    started=$(date +%s)
    rm -rf "$dir.tmp"
    mkdir -p "$dir.tmp"
    (cd "$wrappers/$wrapper" && GOFLAGS="-mod=readonly -buildvcs=false" nice -n 15 "$go" build -trimpath -ldflags "$flags" -o "$dir.tmp/" "$@") >&2 \
      || die "building $module failed (see above); nothing was cached"
    rm -rf "$dir"
    mv "$dir.tmp" "$dir"
    log "built $module in $(( $(date +%s) - started ))s"
  fi
  echo "$dir"
}

k8s_version() { awk '$1 == "k8s.io/kubernetes" { print $2; exit }' "$wrappers/kubernetes/go.mod"; }

build_all() {
  command -v kubectl >/dev/null || die "kubectl is needed (its kustomize renders KWOK's stages)"
  local kv major minor k8s etcd kwok
  kv=$(k8s_version)
  major=${kv#v}; major=${major%%.*}
  minor=${kv#v*.}; minor=${minor%%.*}
  # Without these the binaries report v0.0.0, which clients and the
  # compatibility-version checks reject.
  local base=k8s.io/component-base/version
  k8s=$(build_wrapper kubernetes k8s.io/kubernetes \
    "-s -w -X $base.gitVersion=$kv -X $base.gitMajor=$major -X $base.gitMinor=$minor -X $base.gitTreeState=clean" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler)
  etcd=$(build_wrapper etcd go.etcd.io/etcd/server/v3 "-s -w" .)
  kwok=$(build_wrapper kwok sigs.k8s.io/kwok "-s -w" sigs.k8s.io/kwok/cmd/kwok)
  KWOK_STAGES="$kwok/stages.yaml"
  if [ ! -s "$KWOK_STAGES" ]; then
    # KWOK's own stage set, the one kwokctl uses by default: nodes become
    # Ready and renew leases, Pods become Running and Ready, Job Pods complete.
    local kwok_src
    kwok_src=$(cd "$wrappers/kwok" && "$(find_go)" list -m -f '{{.Dir}}' sigs.k8s.io/kwok)
    kubectl kustomize "$kwok_src/kustomize/stage/fast" >"$KWOK_STAGES.tmp"
    mv "$KWOK_STAGES.tmp" "$KWOK_STAGES"
  fi
  # The etcd wrapper's package is its folder, so its binary is named after it.
  KUBE_APISERVER="$k8s/kube-apiserver"
  KUBE_CONTROLLER_MANAGER="$k8s/kube-controller-manager"
  KUBE_SCHEDULER="$k8s/kube-scheduler"
  ETCD="$etcd/etcd"
  KWOK="$kwok/kwok"
}

free_port() {
  if command -v node >/dev/null 2>&1; then
    node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
  else
    python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'
  fi
}

# Certificates and keys for one cluster, made fresh in <dir>/pki.
make_pki() {
  local pki="$1/pki"
  mkdir -p "$pki"
  (
    cd "$pki"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 30 \
      -subj "/CN=slipway-kube-ca" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr \
      -subj "/CN=kube-apiserver" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n' >apiserver.ext
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
      -out apiserver.crt -days 30 -extfile apiserver.ext 2>/dev/null
    openssl genrsa -out service-account.key 2048 2>/dev/null
    openssl rsa -in service-account.key -pubout -out service-account.pub 2>/dev/null
    openssl rand -hex 24 >admin.token
    echo "$(cat admin.token),admin,admin,system:masters" >tokens.csv
    chmod 600 ./*.key admin.token tokens.csv
  )
}

write_kubeconfig() {
  local dir="$1" port="$2"
  cat >"$dir/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: $context
    cluster:
      server: https://127.0.0.1:$port
      certificate-authority-data: $(base64 -w0 "$dir/pki/ca.crt")
users:
  - name: $context
    user:
      token: $(cat "$dir/pki/admin.token")
contexts:
  - name: $context
    context:
      cluster: $context
      user: $context
current-context: $context
EOF
  chmod 600 "$dir/kubeconfig"
}

# Starts one process in the background, its output in <dir>/logs/<name>.log and
# its pid in <dir>/pids/<name>.pid, so `stop` ends exactly these processes.
spawn() {
  local dir="$1" name="$2"
  shift 2
  mkdir -p "$dir/logs" "$dir/pids" "$dir/args"
  printf '%s\0' "$@" >"$dir/args/$name"
  setsid "$@" >>"$dir/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$dir/pids/$name.pid"
}

# Waits until `check` succeeds, or fails naming the process and its log.
wait_for() {
  local dir="$1" name="$2" seconds="$3"
  shift 3
  local deadline=$(( $(date +%s) + seconds ))
  until "$@" >/dev/null 2>&1; do
    if ! kill -0 "$(cat "$dir/pids/$name.pid")" 2>/dev/null; then
      tail -n 30 "$dir/logs/$name.log" >&2
      die "$name exited during start-up (log: $dir/logs/$name.log)"
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      tail -n 30 "$dir/logs/$name.log" >&2
      die "$name was not ready within ${seconds}s (log: $dir/logs/$name.log)"
    fi
    sleep 0.5
  done
}

kwok_node() {
  cat <<EOF
{
  "apiVersion": "v1",
  "kind": "Node",
  "metadata": {
    "name": "$1",
    "annotations": { "kwok.x-k8s.io/node": "fake", "node.alpha.kubernetes.io/ttl": "0" },
    "labels": {
      "kubernetes.io/hostname": "$1",
      "kubernetes.io/os": "linux",
      "kubernetes.io/arch": "amd64",
      "kubernetes.io/role": "agent",
      "type": "kwok"
    }
  },
  "status": {
    "allocatable": { "cpu": "1000", "memory": "1Ti", "pods": "10000" },
    "capacity": { "cpu": "1000", "memory": "1Ti", "pods": "10000" }
  }
}
EOF
}

start() {
  local dir="$1" started etcd_port peer_port api_port kwok_port kubectl i
  command -v openssl >/dev/null || die "openssl is needed to make the cluster's certificates"
  kubectl=$(command -v kubectl) || die "kubectl is needed to wait for the cluster"
  [ -e "$dir/pids" ] && die "$dir already holds a cluster; stop it first"
  build_all
  started=$(date +%s)
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  make_pki "$dir"
  etcd_port=$(free_port)
  peer_port=$(free_port)
  api_port=$(free_port)
  kwok_port=$(free_port)
  write_kubeconfig "$dir" "$api_port"
  local pki="$dir/pki" kc="$dir/kubeconfig"

  spawn "$dir" etcd "$ETCD" --name slipway --data-dir "$dir/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "slipway=http://127.0.0.1:$peer_port" \
    --unsafe-no-fsync --quota-backend-bytes 4294967296 --log-level warn
  wait_for "$dir" etcd 60 curl -fsS "http://127.0.0.1:$etcd_port/health"

  spawn "$dir" kube-apiserver "$KUBE_APISERVER" \
    --etcd-servers "http://127.0.0.1:$etcd_port" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" \
    --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" \
    --client-ca-file "$pki/ca.crt" --token-auth-file "$pki/tokens.csv" \
    --authorization-mode Node,RBAC \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$pki/service-account.pub" \
    --service-account-signing-key-file "$pki/service-account.key" \
    --service-cluster-ip-range 10.96.0.0/16 \
    --endpoint-reconciler-type none \
    --enable-priority-and-fairness=false \
    --allow-privileged=true --profiling=false --v=1
  wait_for "$dir" kube-apiserver 240 "$kubectl" --kubeconfig "$kc" get --raw /readyz

  spawn "$dir" kube-controller-manager "$KUBE_CONTROLLER_MANAGER" \
    --kubeconfig "$kc" --leader-elect=false \
    --bind-address 127.0.0.1 --secure-port 0 \
    --service-account-private-key-file "$pki/service-account.key" \
    --root-ca-file "$pki/ca.crt" \
    --profiling=false --v=1
  spawn "$dir" kube-scheduler "$KUBE_SCHEDULER" \
    --kubeconfig "$kc" --leader-elect=false \
    --bind-address 127.0.0.1 --secure-port 0 --profiling=false --v=1
  spawn "$dir" kwok "$KWOK" \
    --kubeconfig "$kc" --config "$KWOK_STAGES" --node-lease-duration-seconds 40 \
    --manage-all-nodes=false \
    --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
    --server-address "127.0.0.1:$kwok_port" \
    --node-ip 127.0.0.1 --cidr 10.244.0.1/16

  for i in $(seq 0 $(( nodes - 1 ))); do
    kwok_node "kwok-node-$i" | "$kubectl" --kubeconfig "$kc" create -f - >/dev/null
  done
  wait_for "$dir" kwok 120 "$kubectl" --kubeconfig "$kc" wait --for=condition=Ready node --all --timeout=5s
  # Pods need the namespace's default ServiceAccount, which the controller
  # manager creates: its presence shows the controllers run.
  wait_for "$dir" kube-controller-manager 120 "$kubectl" --kubeconfig "$kc" get serviceaccount default -n default
  echo "$api_port" >"$dir/port"
  log "cluster ready in $(( $(date +%s) - started ))s: kubectl --kubeconfig $kc get nodes"
  echo "$kc"
}

# Ends one process of the cluster in <dir>. Only a process that still runs
# with this cluster's state folder in its command line is ours; a reused pid
# is left alone.
stop_one() {
  local dir="$1" name="$2" pid i
  [ -f "$dir/pids/$name.pid" ] || return 0
  pid=$(cat "$dir/pids/$name.pid")
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$dir/"; then
    kill "$pid" 2>/dev/null || true
    for i in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
}

stop() {
  local dir="$1" name
  if [ -d "$dir/pids" ]; then
    for name in kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do
      stop_one "$dir" "$name"
    done
  fi
  rm -rf "$dir"
}

restart() {
  local dir="$1" name="$2" args=()
  [ -f "$dir/args/$name" ] || die "$dir runs no $name"
  mapfile -d '' args <"$dir/args/$name"
  stop_one "$dir" "$name"
  spawn "$dir" "$name" "${args[@]}"
  if [ "$name" = kube-apiserver ]; then
    wait_for "$dir" kube-apiserver 240 kubectl --kubeconfig "$dir/kubeconfig" get --raw /readyz
  fi
}

# One context per name, all on the cluster in <dir>: the demo's dev-cluster
# and prod-cluster share one control plane and keep apart by namespace.
named_kubeconfig() {
  local dir="$1" name
  shift
  [ -f "$dir/port" ] || die "$dir holds no running cluster"
  local server ca token
  server="https://127.0.0.1:$(cat "$dir/port")"
  ca=$(base64 -w0 "$dir/pki/ca.crt")
  token=$(cat "$dir/pki/admin.token")
  echo "apiVersion: v1"
  echo "kind: Config"
  echo "clusters:"
  for name in "$@"; do
    printf '  - name: %s
    cluster:
      server: %s
      certificate-authority-data: %s
' "$name" "$server" "$ca"
  done
  echo "users:"
  for name in "$@"; do
    printf '  - name: %s
    user:
      token: %s
' "$name" "$token"
  done
  echo "contexts:"
  for name in "$@"; do
    printf '  - name: %s
    context:
      cluster: %s
      user: %s
' "$name" "$name" "$name"
  done
  echo "current-context: $1"
}

app_config() {
  local dir="$1" name
  shift
  [ -f "$dir/port" ] || die "$dir holds no running cluster"
  echo "# Written by scripts/kube.sh for the control plane in $dir."
  echo "kubernetes:"
  echo "  clusterLocatorMethods:"
  echo "    - type: config"
  echo "      clusters:"
  for name in "$@"; do
    printf '        - name: %s
          url: https://127.0.0.1:%s
          authProvider: serviceAccount
          serviceAccountToken: %s
          caData: %s
' \
      "$name" "$(cat "$dir/port")" "$(cat "$dir/pki/admin.token")" "$(base64 -w0 "$dir/pki/ca.crt")"
  done
  echo "slipwayDemo:"
  echo "  kubeSimulator:"
  echo "    clusters: []"
}

cmd="${1:-}"
case "$cmd" in
  build)
    build_all
    dirname "$KUBE_APISERVER"
    dirname "$ETCD"
    dirname "$KWOK"
    ;;
  start)
    start "${2:?usage: kube.sh start <dir>}"
    ;;
  stop)
    stop "$(cd "${2:?usage: kube.sh stop <dir>}" 2>/dev/null && pwd || echo "$2")"
    ;;
  restart)
    [ $# -eq 3 ] || die "usage: kube.sh restart <dir> <component>"
    restart "$(cd "$2" && pwd)" "$3"
    ;;
  kubeconfig)
    [ $# -ge 3 ] || die "usage: kube.sh kubeconfig <dir> <name>..."
    named_kubeconfig "${@:2}"
    ;;
  app-config)
    [ $# -ge 3 ] || die "usage: kube.sh app-config <dir> <name>..."
    app_config "${@:2}"
    ;;
  *)
    echo "usage: kube.sh build | start <dir> | stop <dir> | restart <dir> <component> | kubeconfig <dir> <name>... | app-config <dir> <name>..." >&2
    exit 2
    ;;
esac
