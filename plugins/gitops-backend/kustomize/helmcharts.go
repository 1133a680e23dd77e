package main

import (
	"bytes"
	"fmt"
	"path"
	"path/filepath"
	"strings"
	_ "unsafe" // go:linkname

	"sigs.k8s.io/kustomize/api/builtins"
	"sigs.k8s.io/kustomize/api/resmap"
	"sigs.k8s.io/kustomize/api/types"
	"sigs.k8s.io/kustomize/kyaml/errors"
	"sigs.k8s.io/kustomize/kyaml/kio"
	kyaml "sigs.k8s.io/kustomize/kyaml/yaml"
	"sigs.k8s.io/kustomize/kyaml/yaml/merge2"
	"sigs.k8s.io/yaml"
)

// kustomize makes its builtin generators from this table, for a
// kustomization's helmCharts as for a HelmChartInflationGenerator listed
// under generators. It is internal to kustomize, and the only place where
// the Helm generator can be swapped.
//
//go:linkname builtinGenerators sigs.k8s.io/kustomize/api/internal/plugins/builtinhelpers.GeneratorFactories
var builtinGenerators map[builtinPluginType]func() resmap.GeneratorPlugin

// builtinPluginType is kustomize's builtinhelpers.BuiltinPluginType (an int).
type builtinPluginType int

func init() {
	for key, factory := range builtinGenerators {
		if _, ok := factory().(*builtins.HelmChartInflationGeneratorPlugin); ok {
			builtinGenerators[key] = newHelmChartGenerator
			return
		}
	}
	panic("kustomize's HelmChartInflationGenerator was not found among its builtin generators")
}

// scratchDir is where the values kustomize hands to Helm appear to Helm
// (the builtin writes them to a temporary folder); helm.wasm sees them
// there, beside the repository.
const scratchDir = "/tmp/kustomize-helm"

// helmChartGenerator is kustomize's HelmChartInflationGenerator (the
// builtin of the pinned sigs.k8s.io/kustomize/api) with one difference: the
// builtin runs a `helm` process, which a WebAssembly module cannot, so this
// one hands the same `helm template` arguments (kustomize's own
// HelmChart.AsHelmArgs) to Helm compiled to WebAssembly, through the host.
// Its configuration, defaults, values merging and output parsing restate
// the builtin's step by step; which kustomizations use it, in which order,
// and everything done to its output stay kustomize's.
//
// Nothing is downloaded: a chart must be vendored where kustomize looks for
// it before pulling (<chartHome>/<name>, or <chartHome>/<name>-<version>/<name>
// when repo and version are set).
type helmChartGenerator struct {
	h *resmap.PluginHelpers
	types.HelmGlobals
	types.HelmChart
	fsys *snapshotFS
}

func newHelmChartGenerator() resmap.GeneratorPlugin {
	return &helmChartGenerator{fsys: helmBuild}
}

var legalMergeOptions = []string{"merge", "override", "replace"}

// Config is the builtin's Config and validateArgs, less the temporary
// HELM_CONFIG_HOME (Helm here reads no configuration).
func (p *helmChartGenerator) Config(h *resmap.PluginHelpers, config []byte) error {
	p.h = h
	if err := yaml.Unmarshal(config, p); err != nil {
		return err
	}
	if p.Name == "" {
		return fmt.Errorf("chart name cannot be empty")
	}
	if p.ChartHome == "" {
		p.ChartHome = types.HelmDefaultHome
	}
	if p.ValuesFile == "" {
		p.ValuesFile = filepath.Join(p.absChartHome(), p.Name, "values.yaml")
	}
	for i, file := range p.AdditionalValuesFiles {
		// Load enforces kustomize's load restrictions.
		if _, err := p.h.Loader().Load(file); err != nil {
			return errors.WrapPrefixf(err, "could not load additionalValuesFile")
		}
		p.AdditionalValuesFiles[i] = filepath.Join(p.h.Loader().Root(), file)
	}
	switch p.ValuesMerge {
	case "":
		p.ValuesMerge = "override"
	case "merge", "override", "replace":
	default:
		return fmt.Errorf("valuesMerge must be one of %v", legalMergeOptions)
	}
	return nil
}

func (p *helmChartGenerator) absChartHome() string {
	chartHome := p.ChartHome
	if !filepath.IsAbs(chartHome) {
		chartHome = filepath.Join(p.h.Loader().Root(), p.ChartHome)
	}
	if p.Version != "" && p.Repo != "" {
		return filepath.Join(chartHome, fmt.Sprintf("%s-%s", p.Name, p.Version))
	}
	return chartHome
}

// Generate is the builtin's Generate, with `helm pull` refused and
// `helm template` run by helm.wasm.
func (p *helmChartGenerator) Generate() (resmap.ResMap, error) {
	if p.fsys == nil {
		return nil, fmt.Errorf("helm chart %q: the build was not prepared for Helm", p.Name)
	}
	chart := filepath.Join(p.absChartHome(), p.Name)
	if !p.fsys.IsDir(chart) {
		if p.Repo == "" {
			return nil, fmt.Errorf("helm chart %q: no repo specified for pull, no chart found at '%s'", p.Name, chart)
		}
		return nil, fmt.Errorf(
			"helm chart %q (repo %s%s) is not vendored at %s: Slipway renders offline and never downloads a chart; "+
				"vendor it (helm %s) and commit the folder",
			p.Name, p.Repo, versionSuffix(p.Version), chart, strings.Join(p.pullCommand(), " "))
	}
	values, err := p.values()
	if err != nil {
		return nil, err
	}
	scratch := path.Join(scratchDir, p.Name+"-kustomize-values.yaml")
	chartArgs := p.HelmChart
	chartArgs.ValuesFile = scratch
	args := chartArgs.AsHelmArgs(p.absChartHome())
	stdout, err := p.fsys.helmTemplate(args, map[string][]byte{scratch: values})
	if err != nil {
		// Helm names the values file it read; that is the kustomization's.
		valuesFile := p.ValuesFile
		if !filepath.IsAbs(valuesFile) {
			valuesFile = filepath.Join(p.h.Loader().Root(), valuesFile)
		}
		message := strings.ReplaceAll(err.Error(), scratch, valuesFile)
		command := strings.ReplaceAll(strings.Join(args, " "), scratch, valuesFile)
		return nil, fmt.Errorf("helm %s: %s", command, message)
	}

	rm, resMapErr := p.h.ResmapFactory().NewResMapFromBytes(stdout)
	if resMapErr == nil {
		return rm, nil
	}
	// As the builtin: Helm may print messages before the first "---".
	r := &kio.ByteReader{Reader: bytes.NewBufferString(string(stdout)), OmitReaderAnnotations: true}
	nodes, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("error reading helm output: %w", err)
	}
	if len(nodes) != 0 {
		rm, err = p.h.ResmapFactory().NewResMapFromRNodeSlice(nodes)
		if err != nil {
			return nil, fmt.Errorf("could not parse rnode slice into resource map: %w", err)
		}
		return rm, nil
	}
	return nil, fmt.Errorf("could not parse bytes into resource map: %w", resMapErr)
}

// values is what the builtin writes to the values file it gives Helm: the
// valuesFile as it is, or merged with valuesInline (createNewMergedValuesFile
// and replaceValuesInline).
func (p *helmChartGenerator) values() ([]byte, error) {
	if len(p.ValuesInline) == 0 {
		return p.h.Loader().Load(p.ValuesFile)
	}
	if p.ValuesMerge == "merge" || p.ValuesMerge == "override" {
		pValues, err := p.h.Loader().Load(p.ValuesFile)
		if err != nil {
			return nil, err
		}
		chValues, err := kyaml.Parse(string(pValues))
		if err != nil {
			return nil, errors.WrapPrefixf(err, "could not parse values file into rnode")
		}
		inlineValues, err := kyaml.FromMap(p.ValuesInline)
		if err != nil {
			return nil, errors.WrapPrefixf(err, "could not parse values inline into rnode")
		}
		var outValues *kyaml.RNode
		if p.ValuesMerge == "override" {
			outValues, err = merge2.Merge(inlineValues, chValues.Copy(), kyaml.MergeOptions{})
		} else {
			outValues, err = merge2.Merge(chValues, inlineValues.Copy(), kyaml.MergeOptions{})
		}
		if err != nil {
			return nil, errors.WrapPrefixf(err, "could not merge values")
		}
		mapValues, err := outValues.Map()
		if err != nil {
			return nil, errors.WrapPrefixf(err, "could not parse merged values into map")
		}
		p.ValuesInline = mapValues
	}
	return yaml.Marshal(p.ValuesInline)
}

// pullCommand is the `helm pull` the builtin would run, with the folder
// relative to the repository.
func (p *helmChartGenerator) pullCommand() []string {
	untarDir := strings.TrimPrefix(strings.TrimPrefix(p.absChartHome(), repoRoot), "/")
	args := []string{"pull", "--untar", "--untardir", untarDir}
	switch {
	case strings.HasPrefix(p.Repo, "oci://"):
		args = append(args, strings.TrimSuffix(p.Repo, "/")+"/"+p.Name)
	default:
		args = append(args, "--repo", p.Repo, p.Name)
	}
	if p.Version != "" {
		args = append(args, "--version", p.Version)
	}
	return args
}

func versionSuffix(version string) string {
	if version == "" {
		return ""
	}
	return ", version " + version
}
