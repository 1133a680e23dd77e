// Command etcd is etcd's own server entry point (etcdmain), built from the
// version that go.mod pins: the etcd module that carries a main package is
// published only for older releases.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
