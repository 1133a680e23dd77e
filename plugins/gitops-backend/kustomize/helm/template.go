//go:build js && wasm

package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
		"path/filepath"
	"strings"

	"github.com/spf13/pflag"
	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/engine"
	"helm.sh/helm/v3/pkg/release"
	"helm.sh/helm/v3/pkg/releaseutil"
	"sigs.k8s.io/yaml"
)

// template runs `helm template` on the arguments that follow `helm`, with
// the packages Helm's command line renders with (the chart loader,
// chartutil's dependencies, capabilities and values, the template engine,
// releaseutil's install order), called in the order and with the settings
// of `helm template` in the version go.mod pins: cmd/helm/template.go,
// runInstall in cmd/helm/install.go, and the client-only dry run of
// pkg/action's Install.RunWithContext and renderResources. pkg/action
// itself (and pkg/cli, which reads values files) does not build for
// WebAssembly: it brings a cluster client and a terminal.
//
// It takes the flags kustomize's HelmChartInflationGenerator passes (see
// HelmChart.AsHelmArgs in sigs.k8s.io/kustomize/api/types) and no others:
// nothing that downloads (a repository, --dependency-update, a URL) or
// reaches a cluster is accepted, and files are read through the host's
// file system, which is the repository snapshot.
func template(argv []string) (string, error) {
	if len(argv) == 0 || argv[0] != "template" {
		return "", fmt.Errorf("only `helm template` runs in Slipway, not `helm %s`", strings.Join(argv, " "))
	}
	var namespace, nameTemplate, kubeVersion string
	var valueFiles, extraAPIs []string
	var generateName, includeCrds, skipTests, disableHooks, debug bool

	// The flags of `helm template` that kustomize uses, as Helm declares
	// them (names, shorthands, comma-separated lists).
	f := pflag.NewFlagSet("template", pflag.ContinueOnError)
	f.SetOutput(io.Discard)
	f.StringVarP(&namespace, "namespace", "n", "", "")
	f.BoolVarP(&generateName, "generate-name", "g", false, "")
	f.StringVar(&nameTemplate, "name-template", "", "")
	f.StringSliceVarP(&valueFiles, "values", "f", []string{}, "")
	f.StringSliceVarP(&extraAPIs, "api-versions", "a", []string{}, "")
	f.StringVar(&kubeVersion, "kube-version", "", "")
	f.BoolVar(&includeCrds, "include-crds", false, "")
	f.BoolVar(&skipTests, "skip-tests", false, "")
	f.BoolVar(&disableHooks, "no-hooks", false, "")
	// Helm's --debug prints the manifests of a failed render and fails all
	// the same; a successful render is the same with or without it.
	f.BoolVar(&debug, "debug", false, "")
	if err := f.Parse(argv[1:]); err != nil {
		return "", err
	}
	args := f.Args()
	if len(args) < 1 {
		return "", errors.New(`"helm template" requires at least 1 argument`)
	}
	if nameTemplate != "" {
		// Helm would execute the template (with sprig's random functions)
		// for each render; a GitOps render must not change by itself.
		return "", errors.New("--name-template (nameTemplate) is not supported: set a release name (releaseName)")
	}
	// Helm's default without a kubeconfig context, which a render has none of.
	if namespace == "" {
		namespace = "default"
	}

	// cmd/helm/template.go
	capabilities := chartutil.DefaultCapabilities.Copy()
	if kubeVersion != "" {
		parsedKubeVersion, err := chartutil.ParseKubeVersion(kubeVersion)
		if err != nil {
			return "", fmt.Errorf("invalid kube version '%s': %s", kubeVersion, err)
		}
		capabilities.KubeVersion = *parsedKubeVersion
	}
	capabilities.APIVersions = append(capabilities.APIVersions, chartutil.VersionSet(extraAPIs)...)

	// Install.NameAndChart, after template.go set the name "release-name":
	// that is the name --generate-name gives in `helm template`.
	name, chartPath := "release-name", args[0]
	switch {
	case len(args) > 2:
		return "", fmt.Errorf("expected at most two arguments, unexpected arguments: %v", strings.Join(args[2:], ", "))
	case len(args) == 2 && generateName:
		return "", errors.New("cannot set --generate-name and also specify a name")
	case len(args) == 2:
		name, chartPath = args[0], args[1]
	}

	// runInstall in cmd/helm/install.go: ChartPathOptions.LocateChart for a
	// local chart (nothing else is fetched), the values files, the chart.
	if _, err := os.Stat(chartPath); err != nil {
		return "", fmt.Errorf("path %q not found", chartPath)
	}
	chartPath, err := filepath.Abs(chartPath)
	if err != nil {
		return "", err
	}
	vals, err := mergeValueFiles(valueFiles)
	if err != nil {
		return "", err
	}
	chrt, err := loader.Load(chartPath)
	if err != nil {
		return "", err
	}
	switch chrt.Metadata.Type {
	case "", "application":
	default:
		return "", fmt.Errorf("%s charts are not installable", chrt.Metadata.Type)
	}
	if req := chrt.Metadata.Dependencies; req != nil {
		if err := checkDependencies(chrt, req); err != nil {
			return "", fmt.Errorf("An error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: %w", err)
		}
	}

	// Install.RunWithContext, client only and dry run.
	if err := chartutil.ValidateReleaseName(name); err != nil {
		return "", fmt.Errorf("release name %q: %w", name, err)
	}
	if err := chartutil.ProcessDependenciesWithMerge(chrt, vals); err != nil {
		return "", err
	}
	options := chartutil.ReleaseOptions{
		Name:      name,
		Namespace: namespace,
		Revision:  1,
		IsInstall: true,
	}
	valuesToRender, err := chartutil.ToRenderValuesWithSchemaValidation(chrt, vals, options, capabilities, false)
	if err != nil {
		return "", err
	}
	hooks, manifest, err := renderResources(chrt, valuesToRender, capabilities, includeCrds)
	if err != nil {
		return "", err
	}

	// cmd/helm/template.go, without --output-dir and --show-only.
	var out bytes.Buffer
	fmt.Fprintln(&out, strings.TrimSpace(manifest))
	if !disableHooks {
		for _, m := range hooks {
			if skipTests && isTestHook(m) {
				continue
			}
			fmt.Fprintf(&out, "---\n# Source: %s\n%s\n", m.Path, m.Manifest)
		}
	}
	return out.String(), nil
}

// renderResources is Configuration.renderResources of pkg/action for
// `helm template`: no cluster, no output folder, no post-renderer.
func renderResources(ch *chart.Chart, values chartutil.Values, caps *chartutil.Capabilities, includeCrds bool) ([]*release.Hook, string, error) {
	if ch.Metadata.KubeVersion != "" {
		if !chartutil.IsCompatibleRange(ch.Metadata.KubeVersion, caps.KubeVersion.String()) {
			return nil, "", fmt.Errorf("chart requires kubeVersion: %s which is incompatible with Kubernetes %s", ch.Metadata.KubeVersion, caps.KubeVersion.String())
		}
	}
	var e engine.Engine
	files, err := e.Render(ch, values)
	if err != nil {
		return nil, "", err
	}
	// NOTES.txt is not a manifest: Helm shows it after an install.
	for k := range files {
		if strings.HasSuffix(k, "NOTES.txt") {
			delete(files, k)
		}
	}
	hooks, manifests, err := releaseutil.SortManifests(files, nil, releaseutil.InstallOrder)
	if err != nil {
		return nil, "", err
	}
	var b bytes.Buffer
	if includeCrds {
		for _, crd := range ch.CRDObjects() {
			fmt.Fprintf(&b, "---\n# Source: %s\n%s\n", crd.Filename, string(crd.File.Data[:]))
		}
	}
	for _, m := range manifests {
		fmt.Fprintf(&b, "---\n# Source: %s\n%s\n", m.Name, m.Content)
	}
	return hooks, b.String(), nil
}

// mergeValueFiles is values.Options.MergeValues of pkg/cli/values for -f
// files (local files only): each file overrides the ones before it, maps
// merged key by key; chartutil.MergeTables(current, base) merges so.
func mergeValueFiles(files []string) (map[string]interface{}, error) {
	base := map[string]interface{}{}
	for _, filePath := range files {
		currentMap := map[string]interface{}{}
		raw, err := os.ReadFile(filePath)
		if err != nil {
			return nil, err
		}
		if err := yaml.Unmarshal(raw, &currentMap); err != nil {
			return nil, fmt.Errorf("failed to parse %s: %w", filePath, err)
		}
		base = chartutil.MergeTables(currentMap, base)
	}
	return base, nil
}

// checkDependencies is pkg/action's CheckDependencies: every dependency
// Chart.yaml lists must be vendored in charts/.
func checkDependencies(ch *chart.Chart, reqs []*chart.Dependency) error {
	var missing []string
OUTER:
	for _, r := range reqs {
		for _, d := range ch.Dependencies() {
			if d.Name() == r.Name {
				continue OUTER
			}
		}
		missing = append(missing, r.Name)
	}
	if len(missing) > 0 {
		return fmt.Errorf("found in Chart.yaml, but missing in charts/ directory: %s", strings.Join(missing, ", "))
	}
	return nil
}

func isTestHook(h *release.Hook) bool {
	for _, e := range h.Events {
		if e == release.HookTest {
			return true
		}
	}
	return false
}
