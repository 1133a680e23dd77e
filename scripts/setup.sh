#!/usr/bin/env bash
# Installs everything the portal and its tests need: Node 22 (when missing), the
# workspace's dependencies, kustomize.wasm, and (with --browser) Debian's Chromium for the
# end-to-end tests.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$SLIPWAY_ROOT"

want_browser=false
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=true ;;
  esac
done

echo "slipway: node $(node --version), yarn $(yarn --version)" >&2
start=$(date +%s)
yarn install >&2
echo "slipway: dependencies installed in $(( $(date +%s) - start ))s" >&2

# kustomize itself, compiled to WebAssembly for the in-process renderer;
# cached outside the repository, so this is quick after the first build.
bash plugins/gitops-backend/kustomize/build.sh >/dev/null

if $want_browser && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "slipway: installing Debian's chromium for the end-to-end tests" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  else
    echo "slipway: Chromium is missing; install it (e.g. apt-get install chromium) or set SLIPWAY_CHROMIUM" >&2
    exit 1
  fi
fi
