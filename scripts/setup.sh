#!/usr/bin/env bash
# Installs everything the portal and its tests need: Node 22 (when missing), the
# workspace's dependencies, the renderers (kustomize, helm.wasm), (with --browser) Debian's Chromium for the
# end-to-end tests, and (with --controllers) Debian's redis-server, which the real Argo CD
# of the pull-model tests and demo needs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$SLIPWAY_ROOT"

want_browser=false
want_controllers=false
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=true ;;
    --controllers) want_controllers=true ;;
  esac
done

echo "slipway: node $(node --version), yarn $(yarn --version)" >&2
start=$(date +%s)
yarn install >&2
echo "slipway: dependencies installed in $(( $(date +%s) - start ))s" >&2

# kustomize itself, built natively for the renderer's helper process, and
# Helm compiled to WebAssembly; cached outside the repository, so this is
# quick after the first build.
bash plugins/gitops-backend/kustomize/build.sh >/dev/null

# Debian packages the tests need, installed when missing (as root, with apt).
missing=()
if $want_browser && ! command -v chromium >/dev/null 2>&1; then missing+=(chromium); fi
if $want_controllers && ! command -v redis-server >/dev/null 2>&1; then missing+=(redis-server); fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "slipway: installing Debian's ${missing[*]} for the tests" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  else
    echo "slipway: ${missing[*]} missing; install them (e.g. apt-get install ${missing[*]}); SLIPWAY_CHROMIUM may name another Chromium" >&2
    exit 1
  fi
fi
