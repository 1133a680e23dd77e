//go:build js && wasm

// Command kustomize is kustomize's own build (sigs.k8s.io/kustomize/api,
// krusty) compiled to WebAssembly for Slipway's KustomizeRenderer. Node loads
// it once; each render is a call that reads the repository snapshot through
// the host, so the render cache sees every file kustomize looked at.
//
// The module has no file system, network or process of its own: the only
// way in is the snapshot the host hands over. A kustomization's helmCharts
// are rendered by Helm's own code in helm.wasm (see helm/), which the host
// runs on kustomize's behalf.
package main

import (
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"sync"
	"syscall/js"
	"time"

	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/api/types"
	"sigs.k8s.io/kustomize/kyaml/openapi"
)

var (
	// kustomize keeps the OpenAPI schema in a global that a kustomization's
	// `openapi:` field replaces; a command-line kustomize exits after one
	// build, this module does not. Builds share the default schema; one
	// whose kustomizations set their own runs alone and puts the default
	// back afterwards. So does one that inflates Helm charts: kustomize
	// makes its generators from a global table, and helmBuild tells the
	// Helm generator whose snapshot (and host) it works for.
	aloneLock     sync.RWMutex
	defaultSchema = openapi.GetSchemaVersion()
	helmBuild     *snapshotFS
)

// refusedTransport answers kustomize's HTTP(S) resource URLs: a render reads
// the repository snapshot and nothing else.
type refusedTransport struct{}

func (refusedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return nil, fmt.Errorf("remote resource %s is not fetched: Slipway renders from the repository only", r.URL)
}

func main() {
	// kustomize logs deprecation warnings; a render's caller gets its
	// result or its error, not a console full of warnings.
	log.SetOutput(io.Discard)
	http.DefaultTransport = refusedTransport{}
	http.DefaultClient = &http.Client{Transport: refusedTransport{}}
	api := js.Global().Get("Object").New()
	api.Set("build", js.FuncOf(build))
	js.Global().Set(os.Getenv("SLIPWAY_WASM_EXPORT"), api)
	// Parsing the default schema takes a second or more; do it once the
	// host has control back, before the first build needs it.
	go func() {
		time.Sleep(time.Millisecond)
		aloneLock.RLock()
		defer aloneLock.RUnlock()
		openapi.Schema()
	}()
	select {}
}

// build(host, path) starts a render of the repository folder path and
// returns a promise of { yaml } or { error, escaped }. host has stat,
// readFile and readDirectory, each returning a promise, and
// helmTemplate(args, files), which runs `helm template` and returns a
// promise of { yaml } or { error }.
func build(_ js.Value, args []js.Value) any {
	host, dir := args[0], args[1].String()
	return newPromise(func() js.Value {
		fsys := newSnapshotFS(host)
		result := js.Global().Get("Object").New()
		yaml, err := run(fsys, dir)
		if err != nil {
			result.Set("error", err.Error())
			escaped := make([]any, len(fsys.escaped))
			for i, p := range fsys.escaped {
				escaped[i] = p
			}
			result.Set("escaped", escaped)
			return result
		}
		result.Set("yaml", string(yaml))
		return result
	})
}

// run builds beside other builds and, when a kustomization turns out to
// set its own schema or to inflate Helm charts, again alone.
func run(fsys *snapshotFS, dir string) ([]byte, error) {
	out, err := runBuild(fsys, dir, false)
	if fsys.alone {
		fsys.escaped = nil
		return runBuild(fsys, dir, true)
	}
	return out, err
}

func runBuild(fsys *snapshotFS, dir string, alone bool) (out []byte, err error) {
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
	return m.AsYaml()
}

// newPromise runs work on its own goroutine, so that it may wait for the
// host's promises, and resolves a JavaScript promise with its result.
func newPromise(work func() js.Value) js.Value {
	var executor js.Func
	executor = js.FuncOf(func(_ js.Value, args []js.Value) any {
		resolve := args[0]
		go func() {
			defer executor.Release()
			resolve.Invoke(work())
		}()
		return nil
	})
	return js.Global().Get("Promise").New(executor)
}

// await blocks the calling goroutine until a JavaScript promise settles; the
// Go scheduler hands control back to Node's event loop meanwhile.
func await(promise js.Value) (js.Value, error) {
	type settled struct {
		value js.Value
		err   error
	}
	done := make(chan settled, 1)
	onResolve := js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- settled{value: args[0]}
		return nil
	})
	onReject := js.FuncOf(func(_ js.Value, args []js.Value) any {
		message := "read failed"
		if len(args) > 0 && args[0].Type() == js.TypeObject && args[0].Get("message").Type() == js.TypeString {
			message = args[0].Get("message").String()
		}
		done <- settled{err: errors.New(message)}
		return nil
	})
	defer onResolve.Release()
	defer onReject.Release()
	promise.Call("then", onResolve, onReject)
	result := <-done
	return result.value, result.err
}
