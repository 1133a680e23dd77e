package main

import (
	"encoding/json"
	"errors"
	"io"
	"sync"
)

// message is one line of the protocol between Slipway (the host, in Node)
// and this process, in either direction. The host sends "build" and
// "answer"; this process sends "ready", "read" and "done".
type message struct {
	Type string `json:"type"`
	// Call numbers a build, as the host chose it.
	Call int64 `json:"call,omitempty"`
	// Read numbers a question this process asks the host.
	Read int64 `json:"read,omitempty"`
	// Path is the repository folder a build renders.
	Path string `json:"path,omitempty"`
	// Output is what a build sends back: "yaml" (the default), as
	// `kustomize build` prints it, or "objects", the same objects as JSON.
	Output string `json:"output,omitempty"`
	// Op and Args are the question: stat, readFile, readDirectory or
	// helmTemplate, with their arguments.
	Op   string `json:"op,omitempty"`
	Args []any  `json:"args,omitempty"`
	// Value or Error is the host's answer.
	Value  json.RawMessage `json:"value,omitempty"`
	Error  *string         `json:"error,omitempty"`
	Result *buildResult    `json:"result,omitempty"`
}

// buildResult is what a build sends back: kustomize's YAML or its objects
// (with their size in bytes), or its error and the paths outside the
// repository it tried to reach.
type buildResult struct {
	YAML    *string         `json:"yaml,omitempty"`
	Objects json.RawMessage `json:"objects,omitempty"`
	Size    int             `json:"size,omitempty"`
	Error   *string         `json:"error,omitempty"`
	Escaped []string        `json:"escaped,omitempty"`
}

// host is the Node process on the other end of standard input and output.
// Builds run on goroutines of their own and ask the host for the
// repository's files; each question waits for its answer, matched by number.
type host struct {
	writeLock sync.Mutex
	out       *json.Encoder

	pendingLock sync.Mutex
	pending     map[int64]chan message
	nextRead    int64
}

func newHost(out io.Writer) *host {
	return &host{out: json.NewEncoder(out), pending: map[int64]chan message{}}
}

func (h *host) send(m message) {
	h.writeLock.Lock()
	defer h.writeLock.Unlock()
	// A host that stopped reading has gone; the process ends when its
	// standard input closes.
	_ = h.out.Encode(m)
}

// ask sends a question for build call and waits for the host's answer,
// which it decodes into value.
func (h *host) ask(call int64, op string, value any, args ...any) error {
	answer := make(chan message, 1)
	h.pendingLock.Lock()
	h.nextRead++
	read := h.nextRead
	h.pending[read] = answer
	h.pendingLock.Unlock()
	h.send(message{Type: "read", Call: call, Read: read, Op: op, Args: args})
	m := <-answer
	if m.Error != nil {
		return errors.New(*m.Error)
	}
	if len(m.Value) == 0 {
		return nil
	}
	return json.Unmarshal(m.Value, value)
}

// answered hands an answer to the question waiting for it.
func (h *host) answered(m message) {
	h.pendingLock.Lock()
	answer, ok := h.pending[m.Read]
	delete(h.pending, m.Read)
	h.pendingLock.Unlock()
	if ok {
		answer <- m
	}
}
