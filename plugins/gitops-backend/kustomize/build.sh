#!/usr/bin/env bash
# Builds the renderers' WebAssembly modules: kustomize (sigs.k8s.io/kustomize/api,
# pinned in go.mod) as kustomize/dist/kustomize.wasm, and Helm's `helm template`
# (helm.sh/helm/v3, pinned in helm/go.mod, a module of its own) as
# kustomize/dist/helm.wasm, plus Go's wasm_exec.js loader; npm pack ships them.
#
# Each build is cached outside the repository under a hash of its module's Go
# sources, go.mod, go.sum and the Go version, so only the first run on a
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
  log "no Go toolchain found (Go 1.26 or newer builds kustomize.wasm and helm.wasm)"
  exit 1
}

go=$(find_go)
go_version=$("$go" env GOVERSION)
# module_hash DIR [FILE…]: of the module's sources, the FILEs and the Go version.
module_hash() {
  local dir=$1
  shift
  (cd "$dir" && cat go.mod go.sum ./*.go "$@" | { cat; echo "$go_version"; } | sha256sum | cut -c1-16)
}
kustomize_hash=$(module_hash "$here")
helm_hash=$(module_hash "$here/helm" ldflags.sh)
build_id="$kustomize_hash-$helm_hash"

if [ -f "$dist/build-id" ] && [ "$(cat "$dist/build-id")" = "$build_id" ] &&
  [ -f "$dist/kustomize.wasm" ] && [ -f "$dist/helm.wasm" ] && [ -f "$dist/wasm_exec.js" ]; then
  echo "$dist"
  exit 0
fi

cache_root="${SLIPWAY_CACHE:-$HOME/.cache/slipway}"

# build NAME MODULE_DIR HASH [LDFLAGS]: the module as
# $cache_root/NAME-wasm/HASH/NAME.wasm.
build() {
  local name=$1 module=$2 hash=$3 ldflags=${4:-}
  local cache="$cache_root/$name-wasm/$hash"
  if [ ! -f "$cache/$name.wasm" ]; then
    log "building $name.wasm ($hash) with $go_version — the first build takes a few minutes"
    local started
    started=$(date +%s)
    rm -rf "$cache.tmp"
    mkdir -p "$cache.tmp"
    # Low priority: the machine is shared with other builds and tests.
    (cd "$module" && GOOS=js GOARCH=wasm GOFLAGS=-mod=readonly nice -n 15 \
      "$go" build -trimpath -ldflags "-s -w $ldflags" -o "$cache.tmp/$name.wasm" .) >&2
    cp "$("$go" env GOROOT)/lib/wasm/wasm_exec.js" "$cache.tmp/wasm_exec.js"
    rm -rf "$cache"
    mv "$cache.tmp" "$cache"
    log "built $name.wasm in $(( $(date +%s) - started ))s: $(du -h "$cache/$name.wasm" | cut -f1)"
  fi
  echo "$cache"
}

kustomize_cache=$(build kustomize "$here" "$kustomize_hash")
# Helm as its releases are built (version, default Kubernetes version).
helm_cache=$(build helm "$here/helm" "$helm_hash" "$(bash "$here/helm/ldflags.sh" "$go")")

rm -rf "$dist.tmp"
mkdir -p "$dist.tmp"
cp "$kustomize_cache/kustomize.wasm" "$kustomize_cache/wasm_exec.js" "$helm_cache/helm.wasm" "$dist.tmp/"
echo "$build_id" > "$dist.tmp/build-id"
rm -rf "$dist"
mv "$dist.tmp" "$dist"
echo "$dist"
