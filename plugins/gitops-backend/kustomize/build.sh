#!/usr/bin/env bash
# Builds kustomize (sigs.k8s.io/kustomize/api, pinned in go.mod) to
# WebAssembly for KustomizeRenderer: kustomize/dist/kustomize.wasm plus Go's
# wasm_exec.js loader, which npm pack ships with the package.
#
# The build is cached outside the repository under a hash of this module's
# Go sources, go.mod, go.sum and the Go version, so only the first run on a
# machine (or after a change) compiles; later runs copy or do nothing.
#
#   build.sh            builds when dist/ is missing or stale; prints dist/
# Environment:
#   SLIPWAY_CACHE       cache root (default ~/.cache/slipway)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dist="$here/dist"

log() { echo "slipway kustomize: $*" >&2; }

find_go() {
  if command -v go >/dev/null 2>&1; then command -v go; return; fi
  [ -x /usr/local/go/bin/go ] && { echo /usr/local/go/bin/go; return; }
  log "no Go toolchain found (Go 1.24 or newer builds kustomize.wasm)"
  exit 1
}

go=$(find_go)
go_version=$("$go" env GOVERSION)
hash=$(cd "$here" && cat go.mod go.sum ./*.go | { cat; echo "$go_version"; } | sha256sum | cut -c1-16)

if [ -f "$dist/build-id" ] && [ "$(cat "$dist/build-id")" = "$hash" ] &&
  [ -f "$dist/kustomize.wasm" ] && [ -f "$dist/wasm_exec.js" ]; then
  echo "$dist"
  exit 0
fi

cache="${SLIPWAY_CACHE:-$HOME/.cache/slipway}/kustomize-wasm/$hash"
if [ ! -f "$cache/kustomize.wasm" ]; then
  log "building kustomize.wasm ($hash) with $go_version — the first build takes a few minutes"
  started=$(date +%s)
  rm -rf "$cache.tmp"
  mkdir -p "$cache.tmp"
  # Low priority: the machine is shared with other builds and tests.
  (cd "$here" && GOOS=js GOARCH=wasm GOFLAGS=-mod=readonly nice -n 15 \
    "$go" build -trimpath -ldflags '-s -w' -o "$cache.tmp/kustomize.wasm" .) >&2
  cp "$("$go" env GOROOT)/lib/wasm/wasm_exec.js" "$cache.tmp/wasm_exec.js"
  rm -rf "$cache"
  mv "$cache.tmp" "$cache"
  log "built in $(( $(date +%s) - started ))s: $(du -h "$cache/kustomize.wasm" | cut -f1)"
fi

rm -rf "$dist.tmp"
mkdir -p "$dist.tmp"
cp "$cache/kustomize.wasm" "$cache/wasm_exec.js" "$dist.tmp/"
echo "$hash" > "$dist.tmp/build-id"
rm -rf "$dist"
mv "$dist.tmp" "$dist"
echo "$dist"
