#!/usr/bin/env bash
# Builds Helm's command line (helm.sh/helm/v3/cmd/helm) at the version
# helm/go.mod pins, from the Go module proxy, for the tests that compare
# Slipway's Helm rendering with the real tool (`helm template`, and
# `kubectl kustomize --enable-helm`, which runs it). Never shipped and
# never committed: it is cached under $SLIPWAY_CACHE/helm-cli.
#
#   helm-cli.sh         builds when missing; prints the binary's path
# Environment:
#   SLIPWAY_CACHE       cache root (default ~/.cache/slipway)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
log() { echo "slipway helm-cli: $*" >&2; }

go=$(command -v go || { [ -x /usr/local/go/bin/go ] && echo /usr/local/go/bin/go; } || true)
if [ -z "$go" ]; then
  log "no Go toolchain found (Go 1.26 or newer builds helm)"
  exit 1
fi
version=$(awk '$1 == "helm.sh/helm/v3" { print $2 }' "$here/helm/go.mod")
if [ -z "$version" ]; then
  log "helm/go.mod pins no helm.sh/helm/v3"
  exit 1
fi
bin="${SLIPWAY_CACHE:-$HOME/.cache/slipway}/helm-cli/$version-$("$go" env GOVERSION)"
if [ ! -x "$bin/helm" ]; then
  log "building helm $version — the first build takes a few minutes"
  started=$(date +%s)
  rm -rf "$bin.tmp"
  mkdir -p "$bin.tmp"
  # Low priority: the machine is shared with other builds and tests.
  # With the linker flags of Helm's releases, as helm.wasm is built.
  ldflags=$(bash "$here/helm/ldflags.sh" "$go")
  (cd "$bin.tmp" && GOBIN="$bin.tmp" GOFLAGS=-mod=mod nice -n 19 \
    "$go" install -trimpath -ldflags "-s -w $ldflags" "helm.sh/helm/v3/cmd/helm@$version") >&2
  rm -rf "$bin"
  mv "$bin.tmp" "$bin"
  log "built in $(( $(date +%s) - started ))s"
fi
echo "$bin/helm"
