//go:build js && wasm

// Command kustomize is kustomize's own build (sigs.k8s.io/kustomize/api,
// krusty) compiled to WebAssembly for Slipway's KustomizeRenderer. Node loads
// it once; each render is a call that reads the repository snapshot through
// the host, so the render cache sees every file kustomize looked at.
//
// The module has no file system, network or process of its own: the only
// way in is the snapshot the host hands over.
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
	// back afterwards.
	schemaLock    sync.RWMutex
	defaultSchema = openapi.GetSchemaVersion()
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
	js.Global().Set(os.Getenv("SLIPWAY_KUSTOMIZE_EXPORT"), api)
	// Parsing the default schema takes a second or more; do it once the
	// host has control back, before the first build needs it.
	go func() {
		time.Sleep(time.Millisecond)
		schemaLock.RLock()
		defer schemaLock.RUnlock()
		openapi.Schema()
	}()
	select {}
}

// build(host, path) starts a render of the repository folder path and
// returns a promise of { yaml } or { error, escaped }. host has stat,
// readFile and readDirectory, each returning a promise.
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

// run builds with the shared default schema and, when a kustomization
// turns out to set its own, again on its own.
func run(fsys *snapshotFS, dir string) ([]byte, error) {
	out, err := runWithSchema(fsys, dir, false)
	if fsys.ownSchema {
		fsys.escaped = nil
		return runWithSchema(fsys, dir, true)
	}
	return out, err
}

func runWithSchema(fsys *snapshotFS, dir string, exclusive bool) (out []byte, err error) {
	if exclusive {
		schemaLock.Lock()
		defer func() {
			if openapi.GetSchemaVersion() != defaultSchema {
				openapi.ResetOpenAPI()
			}
			schemaLock.Unlock()
		}()
	} else {
		schemaLock.RLock()
		defer schemaLock.RUnlock()
	}
	fsys.sharedSchema = !exclusive
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("kustomize failed: %v", r)
		}
	}()
	options := krusty.MakeDefaultOptions()
	options.LoadRestrictions = types.LoadRestrictionsRootOnly
	options.PluginConfig = types.DisabledPluginConfig()
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
