//go:build js && wasm

// Command helm is `helm template` from Helm's own Go packages
// (helm.sh/helm/v3, pinned in go.mod) compiled to WebAssembly, for Slipway's
// HelmRenderer and for the helmCharts of kustomizations that the kustomize
// process renders. Node loads it once, in a worker thread; a render is a call.
//
// It is a module of its own, beside kustomize's: Helm v3.22 builds with the
// Kubernetes 1.37 libraries, whose module graph would raise kustomize's
// (sigs.k8s.io/kustomize/api v0.18.0, the kustomize of kubectl 1.32) to
// v0.21; apart, each tool builds with the dependencies its own release
// was tested with.
//
// The module has no disk, network or process of its own: Go's file calls
// go to the worker, which answers from the repository snapshot being
// rendered (read-only, below /repo) and from the scratch files a call
// brings (the values kustomize merged); HTTP is refused.
package main

import (
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"os"
	"syscall/js"
)

// refusedTransport answers any HTTP request Helm might make (a chart or
// values URL): a render reads the repository snapshot and nothing else.
type refusedTransport struct{}

func (refusedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return nil, fmt.Errorf("%s is not fetched: Slipway renders from the repository only", r.URL)
}

func main() {
	// Helm's warnings (a deprecated chart, a symbolic link in a chart) go
	// to its logs; a render's caller gets its result or its error.
	log.SetOutput(io.Discard)
	slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
	http.DefaultTransport = refusedTransport{}
	http.DefaultClient = &http.Client{Transport: refusedTransport{}}
	api := js.Global().Get("Object").New()
	api.Set("template", js.FuncOf(templateCall))
	js.Global().Set(os.Getenv("SLIPWAY_WASM_EXPORT"), api)
	select {}
}

// templateCall(argv) starts `helm template` with the arguments that follow
// `helm` and returns a promise of { yaml } or { error }.
func templateCall(_ js.Value, args []js.Value) any {
	argv := make([]string, args[0].Length())
	for i := range argv {
		argv[i] = args[0].Index(i).String()
	}
	var executor js.Func
	executor = js.FuncOf(func(_ js.Value, promise []js.Value) any {
		resolve := promise[0]
		go func() {
			defer executor.Release()
			result := js.Global().Get("Object").New()
			yaml, err := run(argv)
			if err != nil {
				result.Set("error", err.Error())
			} else {
				result.Set("yaml", yaml)
			}
			resolve.Invoke(result)
		}()
		return nil
	})
	return js.Global().Get("Promise").New(executor)
}

func run(argv []string) (yaml string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("helm failed: %v", r)
		}
	}()
	return template(argv)
}
