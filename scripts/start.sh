#!/usr/bin/env bash
# Sets up everything the demo portal needs, seeds the demo config repositories
# (kept across restarts; pass --reset to start over) and starts the portal:
# frontend on http://localhost:3000, backend on http://localhost:7007.
#
# The demo's clusters are the in-memory simulator the backend embeds; with
# --real-cluster they are a real control plane instead (etcd, kube-apiserver,
# controller manager, scheduler and KWOK nodes from scripts/kube.sh, built on
# first use), stopped when the portal stops. Either way .demo/kubeconfig lets
# kubectl see what the demo deploys.
#
# --pull-model (implies --real-cluster) also runs the real Argo CD and Flux
# controllers (scripts/gitops-controllers.sh, built on first use; state in
# .demo/gitops) and a Git server on 127.0.0.1 for the demo's repositories, and
# puts staging on Argo CD (an Application per service) and production on Flux
# (a GitRepository and a Kustomization per service); dev stays on Slipway's own
# engine. Without the controllers it fails: it never falls back.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$SLIPWAY_ROOT"

real_cluster=0
pull_model=0
seed_args=()
for arg in "$@"; do
  case "$arg" in
    --real-cluster) real_cluster=1 ;;
    --pull-model) real_cluster=1 pull_model=1 ;;
    *) seed_args+=("$arg") ;;
  esac
done

pull_model_failed() {
  echo "slipway: --pull-model needs the real Argo CD and Flux controllers: $*" >&2
  echo "slipway: not starting the demo (it never falls back to Slipway's own engine); ./scripts/start.sh --real-cluster runs it without them" >&2
  exit 1
}

if [ "$pull_model" = 1 ]; then
  # Argo CD keeps its cache in Redis.
  bash scripts/setup.sh --controllers || pull_model_failed "redis-server could not be installed"
else
  bash scripts/setup.sh
fi
node scripts/seed-demo.mjs ${seed_args[@]+"${seed_args[@]}"}

if [ "$real_cluster" = 0 ]; then
  exec yarn backstage-cli repo start
fi

kube_dir="$SLIPWAY_ROOT/.demo/kube"
gitops_dir="$SLIPWAY_ROOT/.demo/gitops"
# What a killed demo left behind: stop exactly its processes.
bash scripts/gitops-controllers.sh stop "$gitops_dir"
bash scripts/kube.sh stop "$kube_dir"
trap 'bash scripts/gitops-controllers.sh stop "$gitops_dir"; bash scripts/kube.sh stop "$kube_dir"' EXIT
bash scripts/kube.sh start "$kube_dir" >/dev/null
bash scripts/kube.sh kubeconfig "$kube_dir" dev-cluster prod-cluster >.demo/kubeconfig
chmod 600 .demo/kubeconfig
bash scripts/kube.sh app-config "$kube_dir" dev-cluster prod-cluster >.demo/app-config.real-cluster.yaml
echo "slipway: the demo's clusters run on a real control plane; kubectl --kubeconfig .demo/kubeconfig get nodes"
configs=(--config ../../app-config.yaml --config ../../.demo/app-config.real-cluster.yaml)

if [ "$pull_model" = 1 ]; then
  # Builds the controllers on first use (many minutes), then starts them.
  bash scripts/gitops-controllers.sh start "$gitops_dir" "$kube_dir/kubeconfig" >/dev/null \
    || pull_model_failed "scripts/gitops-controllers.sh could not build or start them (see above)"
  # Flux's source-controller reads Git over HTTP(S) or SSH only, so the
  # demo's repositories are served over smart HTTP, anonymously, on loopback.
  # Started like the controllers (working folder and pid file in
  # $gitops_dir), so `gitops-controllers.sh stop` ends it with them.
  mkdir -p "$gitops_dir/pids" "$gitops_dir/logs"
  (cd "$gitops_dir" && SLIPWAY_GITOPS_DIR="$gitops_dir" exec setsid node "$SLIPWAY_ROOT/scripts/gitops-controllers/git-http.mjs" \
    "$SLIPWAY_ROOT/.demo/repos" "$gitops_dir/git-http.port") >"$gitops_dir/logs/git-http.log" 2>&1 </dev/null &
  echo $! >"$gitops_dir/pids/git-http.pid"
  for _ in $(seq 1 60); do
    [ -s "$gitops_dir/git-http.port" ] && break
    kill -0 "$(cat "$gitops_dir/pids/git-http.pid")" 2>/dev/null || break
    sleep 0.5
  done
  [ -s "$gitops_dir/git-http.port" ] \
    || pull_model_failed "the Git server did not start ($(tail -n 5 "$gitops_dir/logs/git-http.log"))"
  git_url="http://127.0.0.1:$(tr -d '[:space:]' <"$gitops_dir/git-http.port")"
  node scripts/demo-pull-model.mjs "$git_url" .demo/app-config.pull-model.yaml \
    | kubectl --kubeconfig "$kube_dir/kubeconfig" apply -f - >/dev/null \
    || pull_model_failed "the Argo CD Applications and Flux Kustomizations could not be created (see above)"
  configs+=(--config ../../.demo/app-config.pull-model.yaml)
  echo "slipway: staging runs on Argo CD, production on Flux (repositories served at $git_url);" \
    "kubectl --kubeconfig .demo/kubeconfig get applications -n argocd; ... get kustomizations -n flux-system"
fi

yarn backstage-cli repo start "${configs[@]}"
