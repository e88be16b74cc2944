package cli

import "fmt"

// progressf tells the user, on stderr, what a long step is doing (a cold
// go build, generation over many schemas): one line, "charmgen: " and the
// formatted text. -q (--quiet) silences it. Use it before steps that can
// take more than a second or two, not for results or diagnostics, which
// are always printed.
func (e *env) progressf(format string, args ...any) {
	if e.quiet {
		return
	}
	fmt.Fprintf(e.stderr, "charmgen: "+format+"\n", args...)
}
