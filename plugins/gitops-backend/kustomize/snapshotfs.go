package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"sigs.k8s.io/kustomize/kyaml/filesys"
)

// repoRoot is where the repository appears in kustomize's file system. A
// folder below "/" rather than "/" itself, so that "../../x" climbing past
// the repository's root is seen (and refused) instead of being clamped to
// "/x" by path cleaning.
const repoRoot = "/repo"

var errReadOnly = errors.New("the repository snapshot is read-only")

// entryType is what the host says is at a path: "file", "directory" or ""
// (nothing there).
type entryType string

// snapshotFS is kustomize's view of one RepositorySnapshot. Every read goes
// to the host (Node), which applies Slipway's limits and records the read
// for the render cache; answers are kept for the length of one render, so
// kustomize asking the same question twice costs one round trip.
type snapshotFS struct {
	host    *host
	call    int64
	types   map[string]entryType
	files   map[string][]byte
	lists   map[string][]string
	escaped []string
	// shared is set while the build runs beside others; alone records
	// that it cannot: a kustomization sets its own OpenAPI schema (a
	// global of kustomize's) or inflates Helm charts (which reach the host
	// through the build running alone).
	shared bool
	alone  bool
}

func newSnapshotFS(host *host, call int64) *snapshotFS {
	return &snapshotFS{
		host:  host,
		call:  call,
		types: map[string]entryType{},
		files: map[string][]byte{},
		lists: map[string][]string{},
	}
}

// repoPath maps an absolute kustomize path to a repository-relative one;
// ok is false for paths outside the repository.
func (s *snapshotFS) repoPath(p string) (string, bool) {
	clean := path.Clean("/" + filepath.ToSlash(p))
	if clean == repoRoot {
		return ".", true
	}
	if strings.HasPrefix(clean, repoRoot+"/") {
		return clean[len(repoRoot)+1:], true
	}
	s.escaped = append(s.escaped, clean)
	return "", false
}

func (s *snapshotFS) typeOf(p string) entryType {
	key, ok := s.repoPath(p)
	if !ok {
		return ""
	}
	if t, seen := s.types[key]; seen {
		return t
	}
	var t entryType
	if err := s.host.ask(s.call, "stat", &t, key); err != nil {
		t = ""
	}
	s.types[key] = t
	return t
}

func (s *snapshotFS) notExist(p string) error {
	return &fs.PathError{Op: "open", Path: p, Err: fs.ErrNotExist}
}

func (s *snapshotFS) ReadFile(p string) ([]byte, error) {
	key, ok := s.repoPath(p)
	if !ok {
		return nil, fmt.Errorf("%s is outside the repository", p)
	}
	if content, seen := s.files[key]; seen {
		return content, nil
	}
	if s.typeOf(p) != "file" {
		return nil, s.notExist(p)
	}
	var content []byte
	if err := s.host.ask(s.call, "readFile", &content, key); err != nil {
		return nil, err
	}
	s.files[key] = content
	if s.shared && needsAlone(key, content) {
		s.alone = true
		return nil, errors.New("the build has to run alone")
	}
	return content, nil
}

// needsAlone tells, generously, whether a file may set an OpenAPI schema
// or configure Helm charts (in a kustomization's helmCharts or
// helmChartInflationGenerator, or a generator's configuration).
func needsAlone(key string, content []byte) bool {
	if bytes.Contains(content, []byte("HelmChartInflationGenerator")) {
		return true
	}
	return isKustomization(key) &&
		(bytes.Contains(content, []byte("openapi")) || bytes.Contains(content, []byte("helmChart")))
}

// helmTemplate runs `helm template` with args (what follows `helm`) in
// helm.wasm through the host, which reads the chart from this build's
// snapshot; scratch holds files Helm reads besides the repository's.
func (s *snapshotFS) helmTemplate(args []string, scratch map[string][]byte) ([]byte, error) {
	// Scratch files travel as base64, as encoding/json writes []byte.
	var template struct {
		YAML  string  `json:"yaml"`
		Error *string `json:"error"`
	}
	if err := s.host.ask(s.call, "helmTemplate", &template, args, scratch); err != nil {
		return nil, err
	}
	if template.Error != nil {
		return nil, errors.New(*template.Error)
	}
	return []byte(template.YAML), nil
}

func (s *snapshotFS) ReadDir(p string) ([]string, error) {
	key, ok := s.repoPath(p)
	if !ok {
		return nil, fmt.Errorf("%s is outside the repository", p)
	}
	if names, seen := s.lists[key]; seen {
		return names, nil
	}
	if s.typeOf(p) != "directory" {
		return nil, s.notExist(p)
	}
	var names []string
	if err := s.host.ask(s.call, "readDirectory", &names, key); err != nil {
		return nil, err
	}
	sort.Strings(names)
	s.lists[key] = names
	return names, nil
}

func isKustomization(p string) bool {
	switch path.Base(p) {
	case "kustomization.yaml", "kustomization.yml", "Kustomization":
		return true
	}
	return false
}

func (s *snapshotFS) IsDir(p string) bool { return s.typeOf(p) == "directory" }

func (s *snapshotFS) Exists(p string) bool { return s.typeOf(p) != "" }

// CleanedAbs follows fsnode (kustomize's in-memory file system): symbolic
// links are resolved by the snapshot itself, which refuses any that lead out
// of the repository.
func (s *snapshotFS) CleanedAbs(p string) (filesys.ConfirmedDir, string, error) {
	clean := path.Clean("/" + filepath.ToSlash(p))
	switch s.typeOf(clean) {
	case "directory":
		return filesys.ConfirmedDir(clean), "", nil
	case "file":
		return filesys.ConfirmedDir(path.Dir(clean)), path.Base(clean), nil
	}
	return "", "", fmt.Errorf("'%s' doesn't exist", p)
}

func (s *snapshotFS) Glob(pattern string) ([]string, error) {
	var matches []string
	err := s.Walk(repoRoot, func(p string, _ fs.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if ok, _ := path.Match(pattern, p); ok {
			matches = append(matches, p)
		}
		return nil
	})
	return matches, err
}

func (s *snapshotFS) Walk(root string, walkFn filepath.WalkFunc) error {
	t := s.typeOf(root)
	if t == "" {
		return walkFn(root, nil, s.notExist(root))
	}
	info := entryInfo{name: path.Base(root), dir: t == "directory"}
	if err := walkFn(root, info, nil); err != nil || !info.dir {
		if errors.Is(err, filepath.SkipDir) {
			return nil
		}
		return err
	}
	names, err := s.ReadDir(root)
	if err != nil {
		return walkFn(root, info, err)
	}
	for _, name := range names {
		if err := s.Walk(path.Join(root, name), walkFn); err != nil {
			return err
		}
	}
	return nil
}

func (s *snapshotFS) Open(p string) (filesys.File, error) {
	return nil, errReadOnly
}

func (s *snapshotFS) Create(string) (filesys.File, error) { return nil, errReadOnly }
func (s *snapshotFS) Mkdir(string) error                  { return errReadOnly }
func (s *snapshotFS) MkdirAll(string) error               { return errReadOnly }
func (s *snapshotFS) RemoveAll(string) error              { return errReadOnly }
func (s *snapshotFS) WriteFile(string, []byte) error      { return errReadOnly }

type entryInfo struct {
	name string
	dir  bool
}

func (i entryInfo) Name() string { return i.name }
func (i entryInfo) Size() int64  { return 0 }
func (i entryInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
func (i entryInfo) ModTime() time.Time { return time.Time{} }
func (i entryInfo) IsDir() bool        { return i.dir }
func (i entryInfo) Sys() any           { return nil }

var _ filesys.FileSystem = (*snapshotFS)(nil)
var _ os.FileInfo = entryInfo{}
