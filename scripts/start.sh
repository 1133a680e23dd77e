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
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$SLIPWAY_ROOT"

real_cluster=0
seed_args=()
for arg in "$@"; do
  case "$arg" in
    --real-cluster) real_cluster=1 ;;
    *) seed_args+=("$arg") ;;
  esac
done

bash scripts/setup.sh
node scripts/seed-demo.mjs ${seed_args[@]+"${seed_args[@]}"}

if [ "$real_cluster" = 0 ]; then
  exec yarn backstage-cli repo start
fi

kube_dir="$SLIPWAY_ROOT/.demo/kube"
# A cluster a killed demo left behind: stop exactly its processes.
bash scripts/kube.sh stop "$kube_dir"
trap 'bash scripts/kube.sh stop "$kube_dir"' EXIT
bash scripts/kube.sh start "$kube_dir" >/dev/null
bash scripts/kube.sh kubeconfig "$kube_dir" dev-cluster prod-cluster >.demo/kubeconfig
chmod 600 .demo/kubeconfig
bash scripts/kube.sh app-config "$kube_dir" dev-cluster prod-cluster >.demo/app-config.real-cluster.yaml
echo "slipway: the demo's clusters run on a real control plane; kubectl --kubeconfig .demo/kubeconfig get nodes"
yarn backstage-cli repo start --config ../../app-config.yaml --config ../../.demo/app-config.real-cluster.yaml
