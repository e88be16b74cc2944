package cli

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// versionText is what charmgen --version and charmgen version print: the
// version, then the revision it was built from when the build recorded
// one.
func versionText() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		bi = nil
	}
	return formatVersion(Version, bi)
}

// formatVersion renders a version line from the -ldflags version (ld,
// "dev" when not set) and the binary's build info (nil when it has none):
//
//	charmgen v0.0.0-20260101120000-0123456789ab+dirty (git 0123456789ab..., modified)
//
// The version is ld when set, else the main module's version (Go stamps a
// pseudo-version from the checkout's VCS, or "(devel)"), else "(devel)".
// The revision comes from the vcs.revision and vcs.modified settings,
// which go build records in a checkout unless -buildvcs=false.
func formatVersion(ld string, bi *debug.BuildInfo) string {
	v := ld
	if v == "" || v == "dev" {
		v = "(devel)"
		if bi != nil && bi.Main.Version != "" {
			v = bi.Main.Version
		}
	}
	var vcs, rev string
	modified := false
	if bi != nil {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs":
				vcs = s.Value
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	if rev == "" {
		return "charmgen " + v
	}
	if vcs != "" {
		rev = vcs + " " + rev
	}
	if modified {
		rev += ", modified"
	}
	return fmt.Sprintf("charmgen %s (%s)", v, rev)
}

func newVersionCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print charmgen's version and the revision it was built from",
		Long: `Print charmgen's version and the VCS revision it was built from (with
", modified" when the checkout had uncommitted changes), as --version does.
A build outside a checkout, or with -buildvcs=false, has no revision; its
version is "(devel)" unless the module was installed at a version.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintln(e.stdout, versionText())
			return nil
		},
	}
}
