#!/usr/bin/env bash
# Prints the -X linker flags Helm's Makefile gives a release of the version
# go.mod pins: its version, and the Kubernetes version `helm template`
# reports by default (.Capabilities.KubeVersion), derived from client-go's as
# the Makefile does. helm.wasm and the test's helm binary both use them, so
# that they render as a released `helm` does.
#
#   ldflags.sh GO       GO is the go command to ask
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
go=$1
version=$(awk '$1 == "helm.sh/helm/v3" { print $2 }' "$here/go.mod")
client_go=$(cd "$here" && GOFLAGS=-mod=readonly "$go" list -m -f '{{.Version}}' k8s.io/client-go)
IFS=. read -r major minor _ <<<"${client_go#v}"
major=$((major + 1))
echo "-X helm.sh/helm/v3/internal/version.version=$version" \
  "-X helm.sh/helm/v3/internal/version.gitTreeState=clean" \
  "-X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=$major" \
  "-X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=$minor" \
  "-X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=$major" \
  "-X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=$minor"
