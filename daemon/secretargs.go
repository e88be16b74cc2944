package daemon

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"syscall"
)

// maxSecretValue bounds a secret value read from stdin or a file: it
// travels to the daemon as one argument (maxArgSize).
const maxSecretValue = 32 << 10

// secretInputs resolves the content arguments of `secret add` and `secret
// set` in the script's process, before they go to the daemon over its
// socket (never on a command line): key=- reads the value from stdin (one
// trailing newline removed), key@PATH from a regular file (verbatim).
// A value given as key=value on the command line is visible to other
// processes (/proc/PID/cmdline) while the command runs: it still works,
// with a warning on stderr. Other commands' arguments are returned as
// they are.
func secretInputs(name string, args []string, stdin io.Reader, stderr io.Writer) ([]string, error) {
	if len(args) < 2 || args[0] != "secret" || (args[1] != "add" && args[1] != "set") {
		return args, nil
	}
	out := append([]string(nil), args[:2]...)
	usedStdin, warned := false, false
	for i := 2; i < len(args); i++ {
		a := args[i]
		if strings.HasPrefix(a, "-") {
			out = append(out, a)
			if (a == "--label" || a == "-label" || a == "--description" || a == "-description") && i+1 < len(args) {
				i++
				out = append(out, args[i])
			}
			continue
		}
		eq, at := strings.IndexByte(a, '='), strings.IndexByte(a, '@')
		switch {
		case at > 0 && (eq < 0 || at < eq):
			key, path := a[:at], a[at+1:]
			v, err := readSecretFile(path)
			if err != nil {
				return nil, fmt.Errorf("secret %s: %s@%s: %w", args[1], key, path, err)
			}
			out = append(out, key+"="+v)
		case eq > 0 && a[eq+1:] == "-":
			key := a[:eq]
			if usedStdin {
				return nil, usagef("secret %s: only one value can come from stdin (%s=-)", args[1], key)
			}
			usedStdin = true
			v, err := readSecretStdin(stdin)
			if err != nil {
				return nil, fmt.Errorf("secret %s: %s=-: %w", args[1], key, err)
			}
			out = append(out, key+"="+v)
		case eq > 0:
			if !warned {
				fmt.Fprintf(stderr, "WARNING %s secret %s: a value given as key=value on the command line can be read by other processes while the command runs; use key=- (stdin) or key@FILE\n", name, args[1])
				warned = true
			}
			out = append(out, a)
		default:
			out = append(out, a) // the id of secret set, or a mistake the daemon reports
		}
	}
	return out, nil
}

func readSecretStdin(r io.Reader) (string, error) {
	if r == nil {
		return "", fmt.Errorf("no standard input")
	}
	b, err := io.ReadAll(io.LimitReader(r, maxSecretValue+2))
	if err != nil {
		return "", fmt.Errorf("reading stdin: %w", err)
	}
	s := strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r")
	if len(s) > maxSecretValue {
		return "", fmt.Errorf("value on stdin is longer than %d bytes", maxSecretValue)
	}
	return s, nil
}

// readSecretFile reads a regular file of at most maxSecretValue bytes.
// It is opened non-blocking, so a FIFO cannot make it wait, and checked
// once open, so what is read is what was checked.
func readSecretFile(path string) (string, error) {
	if path == "" {
		return "", fmt.Errorf("no file named")
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return "", err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return "", err
	}
	if !fi.Mode().IsRegular() {
		return "", fmt.Errorf("not a regular file")
	}
	if fi.Size() > maxSecretValue {
		return "", fmt.Errorf("file of %d bytes is longer than %d bytes", fi.Size(), maxSecretValue)
	}
	b, err := io.ReadAll(io.LimitReader(f, maxSecretValue+1))
	if err != nil {
		return "", err
	}
	if len(b) > maxSecretValue {
		return "", fmt.Errorf("file is longer than %d bytes", maxSecretValue)
	}
	return string(b), nil
}

// redactSecrets removes from an error about a secret command every
// value its arguments carry (the part after = of key=value, and any bare
// argument, which may be a value given without its key), so neither the
// script's stderr nor the hook's log (Juju's debug log) shows one.
func redactSecrets(err error, args []string) error {
	if err == nil {
		return nil
	}
	var vals []string
	for _, a := range args {
		if strings.HasPrefix(a, "-") {
			if _, v, ok := strings.Cut(a, "="); ok && v != "" {
				vals = append(vals, v)
			}
			continue
		}
		if _, v, ok := strings.Cut(a, "="); ok {
			if v != "" {
				vals = append(vals, v)
			}
			continue
		}
		if a != "" {
			vals = append(vals, a)
		}
	}
	sort.Slice(vals, func(i, j int) bool { return len(vals[i]) > len(vals[j]) })
	msg := err.Error()
	for _, v := range vals {
		msg = strings.ReplaceAll(msg, v, "<redacted>")
	}
	if msg == err.Error() {
		return err
	}
	if _, ok := err.(usageError); ok {
		return usageError{msg}
	}
	return redactedError{msg}
}

type redactedError struct{ msg string }

func (e redactedError) Error() string { return e.msg }
