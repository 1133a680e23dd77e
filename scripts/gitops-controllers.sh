#!/usr/bin/env bash
# Real Argo CD and Flux controllers for the pull-model tests (engine: argocd /
# engine: flux), run as local processes against a cluster from scripts/kube.sh.
# Every controller is built from its Go module, pinned in
# scripts/gitops-controllers/*/go.mod, with the machine's Go, and cached outside
# the repository keyed by module version and pin, so only the first run builds.
#
#   gitops-controllers.sh build                     builds what the cache lacks;
#                                                   prints the binaries' folders
#   gitops-controllers.sh start <dir> [kubeconfig]  installs the CRDs and the
#                                                   settings, starts Redis, Argo CD's
#                                                   repo server and application
#                                                   controller, Flux's source- and
#                                                   kustomize-controller; state in
#                                                   <dir>; prints <dir>/env
#   gitops-controllers.sh stop <dir>                stops the processes started in
#                                                   <dir> and removes <dir>
#   gitops-controllers.sh smoke [dir]               starts a cluster (kube.sh), the
#                                                   controllers and a Git server,
#                                                   proves both engines sync from
#                                                   Git; exits non-zero on failure
#
# <dir>/env (shell syntax) names what a test needs: KUBECONFIG, the namespaces,
# the repo server's, Redis' and the artifact server's addresses. Everything
# listens on 127.0.0.1, except the metrics listener of Argo CD's application
# controller, which Argo CD binds to 0.0.0.0 (not configurable in 2.x); it gets a
# free port. Environment:
#   SLIPWAY_CACHE            cache root (default ~/.cache/slipway)
#   SLIPWAY_GITOPS_ENGINES   which engines `start` runs (default "argocd flux")
#   SLIPWAY_ARGOCD_RESYNC    Argo CD's --app-resync in seconds (default 180)
#   SLIPWAY_GITOPS_KEEP=1    `smoke` leaves everything running (and says where)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
wrappers="$here/gitops-controllers"
cache="${SLIPWAY_CACHE:-$HOME/.cache/slipway}/bin"
engines="${SLIPWAY_GITOPS_ENGINES:-argocd flux}"

log() { echo "slipway gitops-controllers: $*" >&2; }
die() { log "$*"; exit 1; }
now_ms() { date +%s%3N; }
secs_since() { local t=$(( $(now_ms) - $1 )); printf '%d.%01d' $(( t / 1000 )) $(( t % 1000 / 100 )); }

find_go() {
  if command -v go >/dev/null 2>&1; then command -v go; return; fi
  [ -x /usr/local/go/bin/go ] && { echo /usr/local/go/bin/go; return; }
  die "no Go toolchain found (Go 1.26 builds the controllers)"
}

wrapper_version() {
  local wrapper="$1" module="$2"
  awk -v m="$module" '$1 == m || $1 == "require" && $2 == m { print ($1 == m ? $2 : $3); exit }' "$wrappers/$wrapper/go.mod"
}

# The cache folder of one wrapper module: <module>@<version>-<hash of the pin>,
# the same layout as scripts/kube.sh, so a changed pin or build flag never
# reuses an old binary.
cache_dir() {
  local wrapper="$1" module="$2" flags="$3" version hash
  version=$(wrapper_version "$wrapper" "$module")
  [ -n "$version" ] || die "scripts/gitops-controllers/$wrapper/go.mod does not pin $module"
  hash=$(cat "$wrappers/$wrapper"/go.mod "$wrappers/$wrapper"/go.sum "$wrappers/$wrapper"/*.go 2>/dev/null \
    | { cat; echo "$flags"; } | sha256sum | cut -c1-12)
  echo "$cache/${module//\//_}@$version-$hash"
}

# Builds one package of a wrapper module into its cache folder as <binary>
# unless it is there. Low priority: the machine is shared.
build_wrapper() {
  local wrapper="$1" module="$2" flags="$3" pkg="$4" binary="$5"
  local dir go started
  dir=$(cache_dir "$wrapper" "$module" "$flags")
  if [ ! -x "$dir/$binary" ]; then
    go=$(find_go)
    log "building $module ($(basename "$dir")) — the first build takes many minutes"
    started=$(now_ms)
    rm -rf "$dir.tmp"
    mkdir -p "$dir.tmp"
    (cd "$wrappers/$wrapper" && GOFLAGS=-mod=readonly nice -n 15 "$go" build -trimpath -ldflags "$flags" -o "$dir.tmp/$binary" "$pkg") >&2 \
      || die "building $module failed (see above); nothing was cached"
    rm -rf "$dir"
    mv "$dir.tmp" "$dir"
    log "built $module in $(secs_since "$started")s ($(du -m "$dir/$binary" | cut -f1) MB)"
  fi
  echo "$dir"
}

# The source folder of a pinned module in Go's module cache (downloaded if
# missing); the CRDs are read from there at run time, never copied.
module_dir() {
  local wrapper="$1" module="$2" dir
  dir=$(cd "$wrappers/$wrapper" && GOFLAGS=-mod=readonly "$(find_go)" list -m -f '{{.Dir}}' "$module")
  if [ -z "$dir" ] || [ ! -d "$dir" ]; then
    (cd "$wrappers/$wrapper" && GOFLAGS=-mod=readonly "$(find_go)" mod download "$module") >&2
    dir=$(cd "$wrappers/$wrapper" && GOFLAGS=-mod=readonly "$(find_go)" list -m -f '{{.Dir}}' "$module")
  fi
  [ -d "$dir" ] || die "cannot find the source of $module"
  echo "$dir"
}

build_argocd() {
  local v dir
  v=$(wrapper_version argo-cd github.com/argoproj/argo-cd/v2)
  dir=$(build_wrapper argo-cd github.com/argoproj/argo-cd/v2 \
    "-s -w -X github.com/argoproj/argo-cd/v2/common.version=${v#v} -X github.com/argoproj/argo-cd/v2/common.gitTreeState=clean" \
    . argocd)
  # One binary, picked by its name as in Argo CD's images; the repo server
  # runs git with GIT_ASKPASS=argocd, so that name must be on PATH too.
  local name
  for name in argocd-application-controller argocd-repo-server argocd-applicationset-controller argocd-git-ask-pass; do
    [ -L "$dir/$name" ] || ln -sf argocd "$dir/$name"
  done
  ARGOCD_BIN="$dir"
  ARGOCD_SRC=$(module_dir argo-cd github.com/argoproj/argo-cd/v2)
  # The repo server renders a folder with a kustomization.yaml by running
  # `kustomize build`, so it needs the binary on its PATH.
  local kv
  kv=$(wrapper_version kustomize sigs.k8s.io/kustomize/kustomize/v5)
  KUSTOMIZE_BIN=$(build_wrapper kustomize sigs.k8s.io/kustomize/kustomize/v5 \
    "-s -w -X sigs.k8s.io/kustomize/api/provenance.version=$kv" sigs.k8s.io/kustomize/kustomize/v5 kustomize)
}

build_flux() {
  local sc kc
  sc=$(build_wrapper source-controller github.com/fluxcd/source-controller "-s -w" github.com/fluxcd/source-controller source-controller)
  kc=$(build_wrapper kustomize-controller github.com/fluxcd/kustomize-controller "-s -w" github.com/fluxcd/kustomize-controller kustomize-controller)
  SOURCE_CONTROLLER="$sc/source-controller"
  KUSTOMIZE_CONTROLLER="$kc/kustomize-controller"
  SOURCE_CONTROLLER_SRC=$(module_dir source-controller github.com/fluxcd/source-controller)
  KUSTOMIZE_CONTROLLER_SRC=$(module_dir kustomize-controller github.com/fluxcd/kustomize-controller)
}

has_engine() { case " $engines " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

build_all() {
  if has_engine argocd; then build_argocd; fi
  if has_engine flux; then build_flux; fi
}

free_port() {
  if command -v node >/dev/null 2>&1; then
    node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
  else
    python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'
  fi
}

# Starts one process in the background with its output in <dir>/logs/<name>.log
# and its pid in <dir>/pids/<name>.pid. Its working folder inside <dir> (and
# SLIPWAY_GITOPS_DIR in its environment, which redis-server overwrites with its
# process title) marks it as ours, so `stop` never ends a process it did not
# start. Every step execs, so the pid is the program's.
spawn() {
  local dir="$1" name="$2"
  shift 2
  mkdir -p "$dir/logs" "$dir/pids"
  (cd "$dir" && SLIPWAY_GITOPS_DIR="$dir" exec setsid "$@") >"$dir/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$dir/pids/$name.pid"
}

ours() {
  local dir="$1" pid="$2" cwd
  kill -0 "$pid" 2>/dev/null || return 1
  cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null) || return 1
  case "$cwd/" in "$dir"/*) return 0 ;; esac
  tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qxF "SLIPWAY_GITOPS_DIR=$dir"
}

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

kc() { kubectl --kubeconfig "$KUBECONFIG_FILE" "$@"; }

install_crds() {
  local files=() f
  if has_engine argocd; then
    files+=("$ARGOCD_SRC"/manifests/crds/application-crd.yaml "$ARGOCD_SRC"/manifests/crds/appproject-crd.yaml
      "$ARGOCD_SRC"/manifests/crds/applicationset-crd.yaml)
  fi
  if has_engine flux; then
    files+=("$SOURCE_CONTROLLER_SRC"/config/crd/bases/*.yaml "$KUSTOMIZE_CONTROLLER_SRC"/config/crd/bases/*.yaml)
  fi
  # Server-side: the ApplicationSet CRD is too large for the last-applied annotation.
  kc apply --server-side --force-conflicts --field-manager slipway-gitops-controllers \
    $(printf -- '-f %s ' "${files[@]}") >/dev/null
  # kubectl wait fails at once while a new CRD has no conditions yet, so retry.
  local deadline=$(( $(date +%s) + 60 ))
  until kc wait --for=condition=Established --timeout=10s $(printf -- '-f %s ' "${files[@]}") >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || die "the CRDs were not established within 60s"
    sleep 0.5
  done
}

# What Argo CD's install manifests create besides the Deployments: the settings
# ConfigMaps and Secret (out-of-cluster the controller reads them through the
# API like in a cluster) and the default AppProject, which Argo CD's API server
# would otherwise create.
argocd_settings() {
  local secretkey
  secretkey=$(openssl rand -base64 32)
  cat <<EOF
apiVersion: v1
kind: Namespace
metadata: { name: argocd }
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: argocd-cm
  namespace: argocd
  labels: { app.kubernetes.io/name: argocd-cm, app.kubernetes.io/part-of: argocd }
data:
  application.instanceLabelKey: argocd.argoproj.io/instance
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: argocd-rbac-cm
  namespace: argocd
  labels: { app.kubernetes.io/name: argocd-rbac-cm, app.kubernetes.io/part-of: argocd }
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: argocd-cmd-params-cm
  namespace: argocd
  labels: { app.kubernetes.io/name: argocd-cmd-params-cm, app.kubernetes.io/part-of: argocd }
---
apiVersion: v1
kind: Secret
metadata:
  name: argocd-secret
  namespace: argocd
  labels: { app.kubernetes.io/name: argocd-secret, app.kubernetes.io/part-of: argocd }
type: Opaque
stringData:
  server.secretkey: "$secretkey"
---
apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata:
  name: default
  namespace: argocd
spec:
  sourceRepos: ['*']
  destinations: [{ server: '*', namespace: '*' }]
  clusterResourceWhitelist: [{ group: '*', kind: '*' }]
EOF
}

start_argocd() {
  local dir="$1" redis_port repo_port repo_metrics ctrl_metrics appset_metrics appset_probe appset_webhook t
  mkdir -p "$dir/argocd/redis" "$dir/argocd/tmp" "$dir/argocd/home"
  argocd_settings | kc apply -f - >/dev/null

  t=$(now_ms)
  redis_port=$(free_port)
  command -v redis-server >/dev/null || die "redis-server is needed for Argo CD (apt-get install -y redis-server)"
  spawn "$dir" redis redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$dir/argocd/redis" \
    --save '' --appendonly no --protected-mode yes --daemonize no
  wait_for "$dir" redis 30 redis-cli -h 127.0.0.1 -p "$redis_port" ping
  TIMINGS+=("start redis-server: $(secs_since "$t")s")

  t=$(now_ms)
  repo_port=$(free_port)
  repo_metrics=$(free_port)
  # HOME and TMPDIR private to this run: the repo server clones into TMPDIR and
  # git would otherwise read the machine user's configuration.
  spawn "$dir" argocd-repo-server env PATH="$ARGOCD_BIN:$KUSTOMIZE_BIN:$PATH" HOME="$dir/argocd/home" TMPDIR="$dir/argocd/tmp" \
    ARGOCD_ASK_PASS_SOCK="$dir/argocd/askpass.sock" ARGOCD_GPG_ENABLED=false \
    "$ARGOCD_BIN/argocd-repo-server" --address 127.0.0.1 --port "$repo_port" \
    --metrics-address 127.0.0.1 --metrics-port "$repo_metrics" \
    --redis "127.0.0.1:$redis_port" --disable-tls --parallelismlimit 2 --loglevel info
  wait_for "$dir" argocd-repo-server 120 curl -fsS "http://127.0.0.1:$repo_metrics/healthz"
  TIMINGS+=("start argocd-repo-server: $(secs_since "$t")s")

  t=$(now_ms)
  ctrl_metrics=$(free_port)
  # The destination https://kubernetes.default.svc (the "in-cluster" cluster)
  # normally uses the Pod's service account; ARGOCD_FAKE_IN_CLUSTER=true is
  # Argo CD's own switch (used by `argocd admin` and the headless CLI) to take
  # it from KUBECONFIG instead.
  spawn "$dir" argocd-application-controller env PATH="$ARGOCD_BIN:$PATH" HOME="$dir/argocd/home" TMPDIR="$dir/argocd/tmp" \
    KUBECONFIG="$KUBECONFIG_FILE" ARGOCD_FAKE_IN_CLUSTER=true \
    "$ARGOCD_BIN/argocd-application-controller" --kubeconfig "$KUBECONFIG_FILE" --namespace argocd \
    --repo-server "127.0.0.1:$repo_port" --repo-server-plaintext \
    --redis "127.0.0.1:$redis_port" --metrics-port "$ctrl_metrics" \
    --status-processors 4 --operation-processors 2 --kubectl-parallelism-limit 4 \
    --app-resync "${SLIPWAY_ARGOCD_RESYNC:-180}" --loglevel info
  wait_for "$dir" argocd-application-controller 120 curl -fsS "http://127.0.0.1:$ctrl_metrics/healthz"
  TIMINGS+=("start argocd-application-controller: $(secs_since "$t")s")

  t=$(now_ms)
  appset_metrics=$(free_port)
  appset_probe=$(free_port)
  # Its Git webhook listener cannot be turned off (an empty address is :80).
  appset_webhook=$(free_port)
  spawn "$dir" argocd-applicationset-controller env PATH="$ARGOCD_BIN:$PATH" HOME="$dir/argocd/home" TMPDIR="$dir/argocd/tmp" \
    KUBECONFIG="$KUBECONFIG_FILE" ARGOCD_FAKE_IN_CLUSTER=true \
    "$ARGOCD_BIN/argocd-applicationset-controller" --kubeconfig "$KUBECONFIG_FILE" --namespace argocd \
    --argocd-repo-server "127.0.0.1:$repo_port" --repo-server-plaintext \
    --metrics-addr "127.0.0.1:$appset_metrics" --probe-addr "127.0.0.1:$appset_probe" \
    --webhook-addr "127.0.0.1:$appset_webhook" --enable-leader-election=false --enable-scm-providers=false --loglevel info
  # It registers no health checks (its probe answers 404): its metrics
  # listener is up once the manager runs.
  wait_for "$dir" argocd-applicationset-controller 120 curl -fsS "http://127.0.0.1:$appset_metrics/metrics"
  TIMINGS+=("start argocd-applicationset-controller: $(secs_since "$t")s")

  cat >>"$dir/env" <<EOF
SLIPWAY_ARGOCD_NAMESPACE=argocd
SLIPWAY_ARGOCD_REDIS=127.0.0.1:$redis_port
SLIPWAY_ARGOCD_REPO_SERVER=127.0.0.1:$repo_port
SLIPWAY_ARGOCD_REPO_SERVER_METRICS=http://127.0.0.1:$repo_metrics/metrics
SLIPWAY_ARGOCD_CONTROLLER_METRICS=http://127.0.0.1:$ctrl_metrics/metrics
SLIPWAY_ARGOCD_VERSION=$(wrapper_version argo-cd github.com/argoproj/argo-cd/v2)
SLIPWAY_ARGOCD_BIN=$ARGOCD_BIN
SLIPWAY_ARGOCD_KUSTOMIZE=$KUSTOMIZE_BIN/kustomize
EOF
}

start_flux() {
  local dir="$1" storage sc_metrics sc_health kc_metrics kc_health t
  mkdir -p "$dir/flux/storage" "$dir/flux/tmp" "$dir/flux/home"
  kc create namespace flux-system --dry-run=client -o yaml | kc apply -f - >/dev/null

  t=$(now_ms)
  storage=$(free_port)
  sc_metrics=$(free_port)
  sc_health=$(free_port)
  spawn "$dir" source-controller env KUBECONFIG="$KUBECONFIG_FILE" RUNTIME_NAMESPACE=flux-system \
    HOME="$dir/flux/home" TMPDIR="$dir/flux/tmp" \
    "$SOURCE_CONTROLLER" --storage-path "$dir/flux/storage" \
    --storage-addr "127.0.0.1:$storage" --storage-adv-addr "127.0.0.1:$storage" \
    --metrics-addr "127.0.0.1:$sc_metrics" --health-addr "127.0.0.1:$sc_health" --events-addr "" \
    --enable-leader-election=false --watch-all-namespaces=true --concurrent 2 --log-level info
  wait_for "$dir" source-controller 120 curl -fsS "http://127.0.0.1:$sc_health/readyz"
  TIMINGS+=("start source-controller: $(secs_since "$t")s")

  t=$(now_ms)
  kc_metrics=$(free_port)
  kc_health=$(free_port)
  spawn "$dir" kustomize-controller env KUBECONFIG="$KUBECONFIG_FILE" RUNTIME_NAMESPACE=flux-system \
    HOME="$dir/flux/home" TMPDIR="$dir/flux/tmp" \
    "$KUSTOMIZE_CONTROLLER" \
    --metrics-addr "127.0.0.1:$kc_metrics" --health-addr "127.0.0.1:$kc_health" --events-addr "" \
    --enable-leader-election=false --watch-all-namespaces=true --concurrent 2 --log-level info
  wait_for "$dir" kustomize-controller 120 curl -fsS "http://127.0.0.1:$kc_health/readyz"
  TIMINGS+=("start kustomize-controller: $(secs_since "$t")s")

  cat >>"$dir/env" <<EOF
SLIPWAY_FLUX_NAMESPACE=flux-system
SLIPWAY_FLUX_STORAGE=http://127.0.0.1:$storage
SLIPWAY_FLUX_SOURCE_CONTROLLER_VERSION=$(wrapper_version source-controller github.com/fluxcd/source-controller)
SLIPWAY_FLUX_KUSTOMIZE_CONTROLLER_VERSION=$(wrapper_version kustomize-controller github.com/fluxcd/kustomize-controller)
EOF
}

TIMINGS=()

start() {
  local dir="$1" t
  KUBECONFIG_FILE="${2:-${KUBECONFIG:-}}"
  [ -n "$KUBECONFIG_FILE" ] && [ -f "$KUBECONFIG_FILE" ] || die "start needs a kubeconfig (argument or KUBECONFIG)"
  KUBECONFIG_FILE="$(cd "$(dirname "$KUBECONFIG_FILE")" && pwd)/$(basename "$KUBECONFIG_FILE")"
  command -v kubectl >/dev/null || die "kubectl is needed"
  [ -e "$dir/pids" ] && die "$dir already holds running controllers; stop it first"
  t=$(now_ms)
  build_all
  TIMINGS+=("build (cache check or build): $(secs_since "$t")s")
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  echo "KUBECONFIG=$KUBECONFIG_FILE" >"$dir/env"
  t=$(now_ms)
  install_crds
  TIMINGS+=("install CRDs: $(secs_since "$t")s")
  if has_engine argocd; then start_argocd "$dir"; fi
  if has_engine flux; then start_flux "$dir"; fi
  log "controllers ready ($engines): $(printf '%s; ' "${TIMINGS[@]}")"
  echo "$dir/env"
}

stop() {
  local dir="$1" name pid i pids=()
  if [ -d "$dir/pids" ]; then
    for name in kustomize-controller source-controller argocd-applicationset-controller argocd-application-controller argocd-repo-server redis git-http; do
      [ -f "$dir/pids/$name.pid" ] || continue
      pid=$(cat "$dir/pids/$name.pid")
      # Only a process that still carries this folder's mark is ours; a
      # reused pid is left alone.
      if ours "$dir" "$pid"; then
        kill "$pid" 2>/dev/null || true
        pids+=("$pid")
      fi
    done
    # All were asked at once; whichever has not exited after 10s is killed.
    for i in $(seq 1 100); do
      local alive=0
      for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
      [ "$alive" = 0 ] && break
      sleep 0.1
    done
    for pid in "${pids[@]}"; do
      if kill -0 "$pid" 2>/dev/null; then
        log "pid $pid did not stop on SIGTERM within 10s; killing it"
        kill -9 "$pid" 2>/dev/null || true
      fi
    done
  fi
  rm -rf "$dir"
}

# ---------------------------------------------------------------------------
# smoke: both engines against a real cluster, a real Git server, real commits.
# The config repo holds a plain manifest folder (plain/) and Slipway's default
# layout, a base with a Kustomize overlay per environment (overlay/envs/dev);
# each engine syncs both, then a commit changes version and replicas of both
# and each engine is asked to pick it up (Argo CD: hard refresh; Flux:
# reconcile.fluxcd.io/requestedAt), with intervals far longer than the test.

wait_until() {
  local what="$1" seconds="$2"
  shift 2
  local deadline=$(( $(date +%s) + seconds ))
  until "$@" >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "FAILED: $what within ${seconds}s"
      return 1
    fi
    sleep 0.5
  done
}

jp() { kc get "$@" 2>/dev/null; }

plain_manifest() {
  local name="$1" tag="$2" replicas="$3"
  cat <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: $name
  labels: { app: $name }
spec:
  replicas: $replicas
  selector:
    matchLabels: { app: $name }
  template:
    metadata:
      labels: { app: $name }
    spec:
      containers:
        - name: app
          image: registry.example/slipway/$name:$tag
          ports: [{ containerPort: 8080 }]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: $name-settings
data:
  version: "$tag"
EOF
}

overlay_tree() {
  local work="$1" tag="$2" replicas="$3"
  mkdir -p "$work/overlay/base" "$work/overlay/envs/dev"
  plain_manifest smoke-overlay base 1 >"$work/overlay/base/app.yaml"
  printf 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - app.yaml\n' \
    >"$work/overlay/base/kustomization.yaml"
  cat >"$work/overlay/envs/dev/kustomization.yaml" <<EOF
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../base
images:
  - name: registry.example/slipway/smoke-overlay
    newTag: $tag
replicas:
  - name: smoke-overlay
    count: $replicas
EOF
}

commit_and_push() {
  local work="$1" message="$2"
  git -C "$work" add -A
  git -C "$work" -c user.name=slipway-smoke -c user.email=smoke@slipway.invalid commit -q -m "$message"
  git -C "$work" push -q origin HEAD:main
  git -C "$work" rev-parse HEAD
}

deployment_ready() {
  local ns="$1" name="$2" tag="$3" replicas="$4" out
  out=$(jp -n "$ns" deployment "$name" -o jsonpath='{.spec.template.spec.containers[0].image} {.status.readyReplicas} {.status.updatedReplicas} {.status.replicas}')
  [ "$out" = "registry.example/slipway/$name:$tag $replicas $replicas $replicas" ]
}

argo_state() {
  jp -n argocd application "$1" -o jsonpath='{.status.sync.status} {.status.health.status} {.status.sync.revision}'
}

# Synced and Healthy at the revision, and the Deployment's Pods Ready (KWOK).
argo_done() {
  local app="$1" rev="$2" tag="$3" replicas="$4"
  [ "$(argo_state "$app")" = "Synced Healthy $rev" ] && deployment_ready "smoke-argocd-$app" "smoke-$app" "$tag" "$replicas"
}

argo_is() {
  local app="$1" want="$2" path="$3"
  [ "$(jp -n argocd application "$app" -o jsonpath="$path")" = "$want" ]
}

argo_refresh_consumed() {
  [ -z "$(jp -n argocd application "$1" -o jsonpath='{.metadata.annotations.argocd\.argoproj\.io/refresh}')" ]
}

flux_ready() {
  local kind="$1" name="$2" field="$3" rev="$4"
  [ "$(jp -n flux-system "$kind" "$name" -o jsonpath="{.status.conditions[?(@.type==\"Ready\")].status} {$field}")" = "True main@sha1:$rev" ]
}

flux_done() {
  local ks="$1" rev="$2" tag="$3" replicas="$4"
  flux_ready gitrepository smoke .status.artifact.revision "$rev" \
    && flux_ready kustomization "$ks" .status.lastAppliedRevision "$rev" \
    && deployment_ready "smoke-flux-$ks" "smoke-$ks" "$tag" "$replicas"
}

flux_handled() {
  local kind="$1" name="$2" token="$3"
  [ "$(jp -n flux-system "$kind" "$name" -o jsonpath='{.status.lastHandledReconcileAt}')" = "$token" ]
}

smoke_failed() {
  SMOKE_FAILED=1
  log "$*"
}

smoke() {
  local root="${1:-}" t0 t rev1 rev2 token app ks
  SMOKE_FAILED=0
  if [ -z "$root" ]; then root=$(mktemp -d /tmp/slipway-gitops-smoke.XXXXXX); fi
  mkdir -p "$root"
  root="$(cd "$root" && pwd)"
  SMOKE_ROOT="$root"
  # shellcheck disable=SC2317
  cleanup() {
    local rc=$?
    if [ "${SLIPWAY_GITOPS_KEEP:-}" = 1 ]; then
      log "left running: controllers in $SMOKE_ROOT/controllers, cluster in $SMOKE_ROOT/kube"
      return
    fi
    stop "$SMOKE_ROOT/controllers" || true
    bash "$here/kube.sh" stop "$SMOKE_ROOT/kube" >/dev/null 2>&1 || true
    rm -rf "$SMOKE_ROOT"
    exit "$rc"
  }
  trap cleanup EXIT

  t0=$(now_ms)
  # Build first so that the timings below are of starting, not building.
  t=$(now_ms)
  build_all
  TIMINGS+=("build (cache check or build): $(secs_since "$t")s")

  t=$(now_ms)
  KUBECONFIG_FILE=$(bash "$here/kube.sh" start "$root/kube")
  TIMINGS+=("start cluster (kube.sh): $(secs_since "$t")s")

  t=$(now_ms)
  local saved=("${TIMINGS[@]}")
  TIMINGS=()
  start "$root/controllers" "$KUBECONFIG_FILE" >/dev/null
  TIMINGS=("${saved[@]}" "${TIMINGS[@]:1}" "start all controllers (with CRDs): $(secs_since "$t")s")
  local dir="$root/controllers"

  # A Git server with basic auth, the way a real Git host answers; both
  # engines get the credentials through their own Secret formats.
  local user=slipway password
  password=$(openssl rand -hex 12)
  mkdir -p "$root/git"
  git init -q --bare -b main "$root/git/config.git"
  spawn "$dir" git-http node "$wrappers/git-http.mjs" "$root/git" "$root/git/port" "$user" "$password"
  wait_for "$dir" git-http 30 test -s "$root/git/port"
  local repo_url="http://127.0.0.1:$(cat "$root/git/port")/config.git"
  git clone -q "$root/git/config.git" "$root/work" 2>/dev/null
  mkdir -p "$root/work/plain"
  plain_manifest smoke-plain v1 1 >"$root/work/plain/app.yaml"
  overlay_tree "$root/work" v1 1
  rev1=$(commit_and_push "$root/work" "smoke: v1")
  git ls-remote "http://$user:$password@${repo_url#http://}" main | grep -q "$rev1" || die "the Git server does not serve $rev1"

  if has_engine argocd; then
    log "Argo CD: Applications plain and overlay -> $repo_url at $rev1"
    t=$(now_ms)
    {
      cat <<EOF
apiVersion: v1
kind: Secret
metadata:
  name: repo-smoke
  namespace: argocd
  labels: { argocd.argoproj.io/secret-type: repository }
stringData: { type: git, url: "$repo_url", username: "$user", password: "$password" }
EOF
      for app in plain overlay; do
        cat <<EOF
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: $app
  namespace: argocd
spec:
  project: default
  source: { repoURL: "$repo_url", targetRevision: main, path: $( [ $app = plain ] && echo plain || echo overlay/envs/dev ) }
  destination: { server: https://kubernetes.default.svc, namespace: smoke-argocd-$app }
  syncPolicy:
    automated: { prune: true, selfHeal: true }
    syncOptions: [CreateNamespace=true]
EOF
      done
    } | kc apply -f - >/dev/null
    if wait_until "Argo CD plain: Synced, Healthy, Pods Ready at $rev1" 180 argo_done plain "$rev1" v1 1 \
      && wait_until "Argo CD overlay: Synced, Healthy, Pods Ready at $rev1" 60 argo_done overlay "$rev1" v1 1; then
      TIMINGS+=("argocd: first sync of both Applications to Synced/Healthy, Pods Ready: $(secs_since "$t")s")
    else
      smoke_failed "Applications: plain: $(argo_state plain); overlay: $(argo_state overlay)"
      kc -n argocd get applications -o jsonpath='{range .items[*]}{.metadata.name}: {.status.conditions} {.status.operationState.message}{"\n"}{end}' >&2 || true
    fi
  fi

  if has_engine flux; then
    log "Flux: GitRepository smoke, Kustomizations plain and overlay -> $repo_url at $rev1"
    t=$(now_ms)
    {
      cat <<EOF
apiVersion: v1
kind: Secret
metadata: { name: repo-smoke, namespace: flux-system }
stringData: { username: "$user", password: "$password" }
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: { name: smoke, namespace: flux-system }
spec:
  url: "$repo_url"
  ref: { branch: main }
  interval: 10m
  secretRef: { name: repo-smoke }
EOF
      for ks in plain overlay; do
        cat <<EOF
---
apiVersion: v1
kind: Namespace
metadata: { name: smoke-flux-$ks }
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: { name: $ks, namespace: flux-system }
spec:
  sourceRef: { kind: GitRepository, name: smoke }
  path: ./$( [ $ks = plain ] && echo plain || echo overlay/envs/dev )
  targetNamespace: smoke-flux-$ks
  prune: true
  wait: true
  timeout: 2m
  interval: 10m
EOF
      done
    } | kc apply -f - >/dev/null
    if wait_until "Flux plain: Ready, applied, Pods Ready at $rev1" 180 flux_done plain "$rev1" v1 1 \
      && wait_until "Flux overlay: Ready, applied, Pods Ready at $rev1" 60 flux_done overlay "$rev1" v1 1; then
      TIMINGS+=("flux: first reconcile of both Kustomizations to Ready, Pods Ready: $(secs_since "$t")s")
    else
      smoke_failed "Flux objects not ready at $rev1"
      kc -n flux-system get gitrepository,kustomization -o wide >&2 || true
    fi
  fi

  # The change in Git: a new version and a second replica everywhere.
  plain_manifest smoke-plain v2 2 >"$root/work/plain/app.yaml"
  overlay_tree "$root/work" v2 2
  rev2=$(commit_and_push "$root/work" "smoke: v2")
  log "pushed $rev2 (v2, 2 replicas)"

  if has_engine argocd; then
    t=$(now_ms)
    for app in plain overlay; do
      kc -n argocd annotate application "$app" argocd.argoproj.io/refresh=hard --overwrite >/dev/null
    done
    if wait_until "Argo CD plain at $rev2 (v2, 2 Pods Ready) after a hard refresh" 180 argo_done plain "$rev2" v2 2 \
      && wait_until "Argo CD overlay at $rev2 (v2, 2 Pods Ready) after a hard refresh" 60 argo_done overlay "$rev2" v2 2 \
      && wait_until "Argo CD consumed the refresh annotations" 30 argo_refresh_consumed plain \
      && wait_until "Argo CD consumed the refresh annotations" 30 argo_refresh_consumed overlay; then
      TIMINGS+=("argocd: hard refresh to both synced at v2, Pods Ready: $(secs_since "$t")s")
    else
      smoke_failed "Applications: plain: $(argo_state plain); overlay: $(argo_state overlay)"
    fi
    # A sync requested through the Application's operation field (what
    # `argocd app sync` writes) on an Application without automated sync. The
    # operation carries its own sync options: Argo CD's API server copies
    # spec.syncPolicy.syncOptions into it, and so must whoever writes it here
    # (without CreateNamespace=true the sync fails: namespace not found).
    t=$(now_ms)
    kc apply -f - >/dev/null <<EOF
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: manual
  namespace: argocd
spec:
  project: default
  source: { repoURL: "$repo_url", targetRevision: main, path: plain }
  destination: { server: https://kubernetes.default.svc, namespace: smoke-argocd-manual }
  syncPolicy:
    syncOptions: [CreateNamespace=true]
EOF
    if wait_until "Argo CD manual: OutOfSync and Missing at $rev2 before any sync" 120 \
      argo_is manual "OutOfSync Missing $rev2" '{.status.sync.status} {.status.health.status} {.status.sync.revision}'; then
      kc -n argocd patch application manual --type merge \
        -p '{"operation":{"initiatedBy":{"username":"slipway-smoke"},"sync":{"revision":"'"$rev2"'","prune":true,"syncOptions":["CreateNamespace=true"]}}}' >/dev/null
      if wait_until "Argo CD manual at $rev2 (2 Pods Ready) after an operation" 120 \
        argo_is manual "Synced Healthy Succeeded slipway-smoke" \
          '{.status.sync.status} {.status.health.status} {.status.operationState.phase} {.status.operationState.operation.initiatedBy.username}' \
        && wait_until "Deployment smoke-plain in smoke-argocd-manual Ready" 60 deployment_ready smoke-argocd-manual smoke-plain v2 2; then
        TIMINGS+=("argocd: manual Application, operation-field sync to Synced/Healthy, Pods Ready: $(secs_since "$t")s")
      else
        smoke_failed "Application manual: $(argo_state manual)"
      fi
    else
      smoke_failed "Application manual: $(argo_state manual)"
    fi
    for app in plain overlay; do
      local history
      history=$(jp -n argocd application "$app" -o jsonpath='{range .status.history[*]}{.revision}{" "}{end}')
      case "$history" in
        *"$rev1"*"$rev2"*) ;;
        *) smoke_failed "FAILED: Argo CD $app history lacks $rev1 then $rev2: $history" ;;
      esac
    done
  fi

  if has_engine flux; then
    t=$(now_ms)
    token=$(date +%s%N)
    kc -n flux-system annotate gitrepository smoke "reconcile.fluxcd.io/requestedAt=$token" --overwrite >/dev/null
    for ks in plain overlay; do
      kc -n flux-system annotate kustomization "$ks" "reconcile.fluxcd.io/requestedAt=$token" --overwrite >/dev/null
    done
    if wait_until "Flux plain at $rev2 (v2, 2 Pods Ready) after reconcile.fluxcd.io/requestedAt" 180 flux_done plain "$rev2" v2 2 \
      && wait_until "Flux overlay at $rev2 (v2, 2 Pods Ready) after reconcile.fluxcd.io/requestedAt" 60 flux_done overlay "$rev2" v2 2 \
      && wait_until "GitRepository handled the request" 60 flux_handled gitrepository smoke "$token" \
      && wait_until "Kustomization plain handled the request" 60 flux_handled kustomization plain "$token" \
      && wait_until "Kustomization overlay handled the request" 60 flux_handled kustomization overlay "$token"; then
      TIMINGS+=("flux: requested reconcile to both applied at v2, Pods Ready: $(secs_since "$t")s")
    else
      smoke_failed "Flux objects not ready at $rev2"
      kc -n flux-system get gitrepository,kustomization -o wide >&2 || true
    fi
    if [ "$(jp -n smoke-flux-plain configmap smoke-plain-settings -o jsonpath='{.data.version}')" != v2 ]; then
      smoke_failed "FAILED: ConfigMap smoke-plain-settings (Flux) is not at v2"
    fi
  fi

  TIMINGS+=("smoke total: $(secs_since "$t0")s")
  printf '  %s\n' "${TIMINGS[@]}" >&2
  if [ "$SMOKE_FAILED" != 0 ]; then
    log "smoke FAILED (SLIPWAY_GITOPS_KEEP=1 keeps the logs in <dir>/controllers/logs)"
    local name
    for name in argocd-repo-server argocd-application-controller source-controller kustomize-controller; do
      if [ -f "$dir/logs/$name.log" ]; then
        echo "--- $name (last errors)" >&2
        grep -iE 'level=(error|fatal)|"level":"error"|error' "$dir/logs/$name.log" | tail -n 8 >&2 || true
      fi
    done
    exit 1
  fi
  log "smoke passed: $engines"
}

cmd="${1:-}"
case "$cmd" in
  build)
    build_all
    if has_engine argocd; then echo "$ARGOCD_BIN"; echo "$KUSTOMIZE_BIN"; fi
    if has_engine flux; then dirname "$SOURCE_CONTROLLER"; dirname "$KUSTOMIZE_CONTROLLER"; fi
    ;;
  start)
    start "${2:?usage: gitops-controllers.sh start <dir> [kubeconfig]}" "${3:-}"
    ;;
  stop)
    stop "$(cd "${2:?usage: gitops-controllers.sh stop <dir>}" 2>/dev/null && pwd || echo "$2")"
    ;;
  smoke)
    smoke "${2:-}"
    ;;
  *)
    echo "usage: gitops-controllers.sh build | start <dir> [kubeconfig] | stop <dir> | smoke [dir]" >&2
    exit 2
    ;;
esac
