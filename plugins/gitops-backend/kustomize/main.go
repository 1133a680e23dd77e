// Command kustomize is kustomize's own build (sigs.k8s.io/kustomize/api,
// krusty) as a long-lived helper of Slipway's KustomizeRenderer. The
// backend starts it once; each render is a message on standard input, and
// the build reads the repository snapshot by asking the backend back (see
// host.go), so the render cache sees every file kustomize looked at.
//
// The process reaches nothing else: kustomize's file system is the
// snapshot; HTTP is refused; exec and function plugins are disabled; and
// with no PATH it finds no `git` to clone a remote base with nor any other
// program. A kustomization's helmCharts are rendered by Helm's own code in
// helm.wasm (see helm/), which the backend runs on kustomize's behalf.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"

	"sigs.k8s.io/kustomize/kyaml/openapi"
)

// refusedTransport answers kustomize's HTTP(S) resource URLs: a render reads
// the repository snapshot and nothing else.
type refusedTransport struct{}

func (refusedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return nil, fmt.Errorf("remote resource %s is not fetched: Slipway renders from the repository only", r.URL)
}

func main() {
	// kustomize logs deprecation warnings; a render's caller gets its
	// result or its error, not a console full of warnings. Standard output
	// carries the protocol alone: anything else printed goes to standard
	// error.
	log.SetOutput(io.Discard)
	protocol := os.Stdout
	os.Stdout = os.Stderr
	os.Setenv("PATH", "")
	http.DefaultTransport = refusedTransport{}
	http.DefaultClient = &http.Client{Transport: refusedTransport{}}

	h := newHost(protocol)
	h.send(message{Type: "ready"})
	// Parsing the default schema takes a moment; do it before the first
	// build that needs it, beside whatever comes first.
	go func() {
		aloneLock.RLock()
		defer aloneLock.RUnlock()
		openapi.Schema()
	}()

	in := json.NewDecoder(os.Stdin)
	for {
		var m message
		if err := in.Decode(&m); err != nil {
			// The backend closed standard input (or went away): done.
			if err != io.EOF {
				fmt.Fprintf(os.Stderr, "kustomize: unreadable message: %v\n", err)
			}
			os.Exit(0)
		}
		switch m.Type {
		case "answer":
			h.answered(m)
		case "build":
			go func(call int64, dir string, objects bool) {
				result := build(newSnapshotFS(h, call), dir, objects)
				h.send(message{Type: "done", Call: call, Result: &result})
			}(m.Call, m.Path, m.Output == "objects")
		}
	}
}
