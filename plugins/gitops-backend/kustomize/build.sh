#!/usr/bin/env bash
# Builds the renderers: kustomize (sigs.k8s.io/kustomize/api, pinned in go.mod)
# as a native helper program, kustomize/dist/kustomize-<GOOS>-<GOARCH>, and
# Helm's `helm template` (helm.sh/helm/v3, pinned in helm/go.mod, a module of
# its own) as kustomize/dist/helm.wasm, plus Go's wasm_exec.js loader; npm pack
# ships the folder.
#
# Each build is cached outside the repository under a hash of its module's Go
# sources, go.mod, go.sum and the Go version, so only the first run on a
# machine (or after a change) compiles; later runs copy or do nothing.
#
#   build.sh            builds kustomize for this machine's platform (and
#                       helm.wasm) when dist/ is missing or stale; prints dist/
#   build.sh --all      also for every platform a backend runs on (linux and
#                       darwin, amd64 and arm64, windows amd64), for a package
#                       that will be published
# Environment:
#   SLIPWAY_CACHE       cache root (default ~/.cache/slipway)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dist="$here/dist"

log() { echo "slipway kustomize: $*" >&2; }

find_go() {
  if command -v go >/dev/null 2>&1; then command -v go; return; fi
  [ -x /usr/local/go/bin/go ] && { echo /usr/local/go/bin/go; return; }
  log "no Go toolchain found (Go 1.26 or newer builds kustomize and helm.wasm)"
  exit 1
}

platforms_wanted=host
[ "${1:-}" = "--all" ] && platforms_wanted=all

go=$(find_go)
host_platform="$("$go" env GOHOSTOS)-$("$go" env GOHOSTARCH)"
if [ "$platforms_wanted" = all ]; then
  platforms="linux-amd64 linux-arm64 darwin-amd64 darwin-arm64 windows-amd64"
else
  platforms=$host_platform
fi
binary_name() { echo "kustomize-$1$([ "${1%%-*}" = windows ] && echo .exe)"; }
go_version=$("$go" env GOVERSION)
# module_hash DIR [FILE…]: of the module's sources, the FILEs and the Go version.
module_hash() {
  local dir=$1
  shift
  (cd "$dir" && cat go.mod go.sum ./*.go "$@" | { cat; echo "$go_version"; } | sha256sum | cut -c1-16)
}
kustomize_hash=$(module_hash "$here")
helm_hash=$(module_hash "$here/helm" ldflags.sh)
build_id="$kustomize_hash-$helm_hash-$platforms"

all_present=true
for platform in $platforms; do
  [ -f "$dist/$(binary_name "$platform")" ] || all_present=false
done
if [ -f "$dist/build-id" ] && [ "$(cat "$dist/build-id")" = "$build_id" ] && $all_present &&
  [ -f "$dist/helm.wasm" ] && [ -f "$dist/wasm_exec.js" ]; then
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

# build_native PLATFORM: kustomize for GOOS-GOARCH as
# $cache_root/kustomize-native/HASH/kustomize-PLATFORM. Pure Go (no cgo), so
# one machine builds every platform.
build_native() {
  local platform=$1 name
  name=$(binary_name "$platform")
  local cache="$cache_root/kustomize-native/$kustomize_hash"
  if [ ! -f "$cache/$name" ]; then
    log "building $name ($kustomize_hash) with $go_version — the first build takes a minute or two"
    local started
    started=$(date +%s)
    mkdir -p "$cache"
    (cd "$here" && CGO_ENABLED=0 GOOS=${platform%%-*} GOARCH=${platform#*-} GOFLAGS=-mod=readonly nice -n 15 \
      "$go" build -trimpath -ldflags "-s -w" -o "$cache/$name.tmp" .) >&2
    mv "$cache/$name.tmp" "$cache/$name"
    log "built $name in $(( $(date +%s) - started ))s: $(du -h "$cache/$name" | cut -f1)"
  fi
  echo "$cache/$name"
}

# Helm as its releases are built (version, default Kubernetes version).
helm_cache=$(build helm "$here/helm" "$helm_hash" "$(bash "$here/helm/ldflags.sh" "$go")")

rm -rf "$dist.tmp"
mkdir -p "$dist.tmp"
for platform in $platforms; do
  cp "$(build_native "$platform")" "$dist.tmp/"
done
cp "$helm_cache/wasm_exec.js" "$helm_cache/helm.wasm" "$dist.tmp/"
echo "$build_id" > "$dist.tmp/build-id"
rm -rf "$dist"
mv "$dist.tmp" "$dist"
echo "$dist"
