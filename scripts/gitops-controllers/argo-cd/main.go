// The Argo CD programs that scripts/gitops-controllers.sh runs against the
// tests' local cluster: the application controller, the repo server and the
// ApplicationSet controller, plus the Git askpass helper the repo server hands
// to git. Argo CD's own cmd/main.go
// picks the program by the binary's name (or ARGOCD_BINARY_NAME) the same way;
// this wrapper only leaves out the API server, UI, CLI and Dex, which the tests
// do not run, so the build stays smaller. The commands are Argo CD's own.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	appcontroller "github.com/argoproj/argo-cd/v2/cmd/argocd-application-controller/commands"
	appsetcontroller "github.com/argoproj/argo-cd/v2/cmd/argocd-applicationset-controller/commands"
	gitaskpass "github.com/argoproj/argo-cd/v2/cmd/argocd-git-ask-pass/commands"
	reposerver "github.com/argoproj/argo-cd/v2/cmd/argocd-repo-server/commands"
	"github.com/argoproj/argo-cd/v2/cmd/util"
)

func main() {
	name := filepath.Base(os.Args[0])
	if v := os.Getenv("ARGOCD_BINARY_NAME"); v != "" {
		name = v
	}
	var command *cobra.Command
	isCLI := false
	switch name {
	case "argocd-application-controller":
		command = appcontroller.NewCommand()
	case "argocd-repo-server":
		command = reposerver.NewCommand()
	case "argocd-applicationset-controller":
		command = appsetcontroller.NewCommand()
	case "argocd-git-ask-pass", "argocd":
		// The repo server runs git with GIT_ASKPASS=argocd and
		// ARGOCD_BINARY_NAME=argocd-git-ask-pass.
		command = gitaskpass.NewCommand()
		isCLI = true
	default:
		fmt.Fprintf(os.Stderr, "%s: run as argocd-application-controller, argocd-repo-server, argocd-applicationset-controller or argocd-git-ask-pass\n", name)
		os.Exit(2)
	}
	util.SetAutoMaxProcs(isCLI)
	if err := command.Execute(); err != nil {
		os.Exit(1)
	}
}
