package main

import (
	"bytes"
	"fmt"
	"sync"

	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/api/resmap"
	"sigs.k8s.io/kustomize/api/types"
	"sigs.k8s.io/kustomize/kyaml/openapi"
)

var (
	// kustomize keeps the OpenAPI schema in a global that a kustomization's
	// `openapi:` field replaces; a command-line kustomize exits after one
	// build, this process does not. Builds share the default schema; one
	// whose kustomizations set their own runs alone and puts the default
	// back afterwards. So does one that inflates Helm charts: kustomize
	// makes its generators from a global table, and helmBuild tells the
	// Helm generator whose snapshot (and host) it works for.
	aloneLock     sync.RWMutex
	defaultSchema = openapi.GetSchemaVersion()
	helmBuild     *snapshotFS
)

// build renders the repository folder dir (`.` for the root) of the
// snapshot fsys reads, as YAML or, with objects, as a JSON array.
func build(fsys *snapshotFS, dir string, objects bool) buildResult {
	out, err := run(fsys, dir, objects)
	if err != nil {
		message := err.Error()
		return buildResult{Error: &message, Escaped: fsys.escaped}
	}
	if objects {
		return buildResult{Objects: out, Size: len(out)}
	}
	text := string(out)
	return buildResult{YAML: &text}
}

// asJSON is the objects kustomize would print, as a JSON array. kustomize
// prints each object by converting this same JSON to YAML (see
// resmap.AsYaml), so a caller that wants objects is spared both the
// conversion here and parsing YAML there.
func asJSON(m resmap.ResMap) ([]byte, error) {
	var out bytes.Buffer
	out.WriteByte('[')
	for i, r := range m.Resources() {
		object, err := r.MarshalJSON()
		if err != nil {
			return nil, err
		}
		if i > 0 {
			out.WriteByte(',')
		}
		out.Write(object)
	}
	out.WriteByte(']')
	return out.Bytes(), nil
}

// run builds beside other builds and, when a kustomization turns out to
// set its own schema or to inflate Helm charts, again alone.
func run(fsys *snapshotFS, dir string, objects bool) ([]byte, error) {
	out, err := runBuild(fsys, dir, false, objects)
	if fsys.alone {
		fsys.escaped = nil
		return runBuild(fsys, dir, true, objects)
	}
	return out, err
}

func runBuild(fsys *snapshotFS, dir string, alone, objects bool) (out []byte, err error) {
	if alone {
		aloneLock.Lock()
		helmBuild = fsys
		defer func() {
			helmBuild = nil
			if openapi.GetSchemaVersion() != defaultSchema {
				openapi.ResetOpenAPI()
			}
			aloneLock.Unlock()
		}()
	} else {
		aloneLock.RLock()
		defer aloneLock.RUnlock()
	}
	fsys.shared = !alone
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("kustomize failed: %v", r)
		}
	}()
	options := krusty.MakeDefaultOptions()
	options.LoadRestrictions = types.LoadRestrictionsRootOnly
	options.PluginConfig = types.DisabledPluginConfig()
	// As `kubectl kustomize --enable-helm`; the Helm generator is this
	// module's (helmcharts.go), which runs no command.
	options.PluginConfig.HelmConfig = types.HelmConfig{Enabled: true, Command: "helm"}
	// kustomize build's and kubectl kustomize's default: sortOptions in the
	// kustomization if any, else kustomize's legacy order.
	options.Reorder = krusty.ReorderOptionUnspecified
	root := repoRoot
	if dir != "." {
		root = repoRoot + "/" + dir
	}
	m, err := krusty.MakeKustomizer(options).Run(fsys, root)
	if err != nil {
		return nil, err
	}
	if objects {
		return asJSON(m)
	}
	return m.AsYaml()
}
