#!/usr/bin/env bash
# Sets up everything and runs every check: type check, lint, formatting, API
# reports, unit and integration tests (on SQLite and a throwaway PostgreSQL,
# and on a real Kubernetes control plane built by scripts/kube.sh), and the
# end-to-end tests in Chromium against the demo portal.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$SLIPWAY_ROOT"

step() { echo; echo "=== $* ($(date -u +%H:%M:%S))"; }
started=$(date +%s)

step "setup"
bash scripts/setup.sh --browser --controllers

pg_dir=""
kube_dir=""
controllers_dir=""
stop_services() {
  if [ -n "$controllers_dir" ]; then
    bash scripts/gitops-controllers.sh stop "$controllers_dir"
  fi
  if [ -n "$pg_dir" ]; then
    bash scripts/postgres.sh stop "$pg_dir"
  fi
  if [ -n "$kube_dir" ]; then
    bash scripts/kube.sh stop "$kube_dir"
  fi
}
trap stop_services EXIT
if [ -z "${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-}" ]; then
  step "start a throwaway PostgreSQL"
  pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/slipway-pg-XXXXXX")
  BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING=$(bash scripts/postgres.sh start "$pg_dir")
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
fi
# Store tests must run on PostgreSQL too; never fall back to Docker.
export SLIPWAY_REQUIRE_POSTGRES=1
export BACKSTAGE_TEST_DISABLE_DOCKER=1

# A given SLIPWAY_TEST_KUBECONFIG must be one `scripts/kube.sh start` wrote:
# the end-to-end step reads the cluster's state folder beside it.
if [ -z "${SLIPWAY_TEST_KUBECONFIG:-}" ]; then
  step "start a Kubernetes control plane (built on first use; see scripts/kube.sh)"
  kube_dir=$(mktemp -d "${TMPDIR:-/tmp}/slipway-kube-XXXXXX")
  SLIPWAY_TEST_KUBECONFIG=$(bash scripts/kube.sh start "$kube_dir")
  export SLIPWAY_TEST_KUBECONFIG
fi
# Tests that need the real cluster fail without it; never quietly skip them.
export SLIPWAY_REQUIRE_KUBE=1

# The pull model's tests run against real Argo CD and Flux controllers on
# that cluster (built on first use; see scripts/gitops-controllers.sh).
if [ -z "${SLIPWAY_GITOPS_ENV:-}" ]; then
  step "start Argo CD and Flux on that cluster (built on first use)"
  controllers_dir=$(mktemp -d "${TMPDIR:-/tmp}/slipway-gitops-XXXXXX")
  SLIPWAY_GITOPS_ENV=$(bash scripts/gitops-controllers.sh start "$controllers_dir" "$SLIPWAY_TEST_KUBECONFIG")
  export SLIPWAY_GITOPS_ENV
fi
export SLIPWAY_REQUIRE_GITOPS_CONTROLLERS=1

step "type check"
yarn tsc:full

step "lint"
yarn lint:all

step "formatting"
yarn prettier:check

step "API reports"
yarn build:api-reports:check

step "unit and integration tests"
CI=true yarn test

step "end-to-end tests (Chromium, the demo's clusters on the real control plane, staging on Argo CD, production on Flux)"
kube_state="$(dirname "$SLIPWAY_TEST_KUBECONFIG")"
SLIPWAY_E2E_CLUSTER_CONFIG="$kube_state/app-config.e2e-cluster.yaml"
bash scripts/kube.sh app-config "$kube_state" dev-cluster prod-cluster >"$SLIPWAY_E2E_CLUSTER_CONFIG"
export SLIPWAY_E2E_CLUSTER_CONFIG
# With SLIPWAY_GITOPS_ENV set, the portal runs the pull model on those
# controllers (playwright.config.ts): its Git server and objects are stopped
# by Playwright's teardown, and here too should Playwright itself be killed
# (before the controllers and the cluster).
trap 'node e2e-tests/pullModelEnvironment.mjs stop; stop_services' EXIT
CI=true yarn test:e2e

echo
echo "slipway: every check passed in $(( $(date +%s) - started ))s"
