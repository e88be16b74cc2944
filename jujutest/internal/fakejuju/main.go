// Command fakejuju stands in for the juju CLI in jujutest's tests. It
// replays a script: each invocation takes the next step, prints the step's
// stdout (inline or from a file, such as a captured `juju status --format
// json`), writes its stderr, sleeps if asked, and exits with its code.
// Every invocation's argv, and the content and mode of the files named by
// --file and --params, are appended as one JSON line to a log the test
// reads back.
//
// Environment:
//
//	FAKEJUJU_SCRIPT  path of the script (JSON, see Script)
//	FAKEJUJU_LOG     path of the call log (JSON lines, see Call)
//
// Invocations are numbered by the lines already in the log, so calls must
// not overlap (jujutest runs one command at a time per client).
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Script is the file FAKEJUJU_SCRIPT names.
type Script struct {
	// Steps are consumed in order, one per invocation (Times each).
	Steps []Step `json:"steps"`
	// Then, when set, answers every invocation after the steps run out;
	// otherwise such an invocation fails with exit code 98.
	Then *Step `json:"then,omitempty"`
}

// Step is the answer to one or more invocations.
type Step struct {
	// Expect, when set, is the subcommand the invocation must have
	// (argv[1]); a mismatch fails with exit code 97.
	Expect string `json:"expect,omitempty"`
	// Stdout is printed as is.
	Stdout string `json:"stdout,omitempty"`
	// StdoutFile is printed instead of Stdout when set; a relative path
	// is relative to the script.
	StdoutFile string `json:"stdout_file,omitempty"`
	Stderr     string `json:"stderr,omitempty"`
	Exit       int    `json:"exit,omitempty"`
	// SleepMS delays the answer (tests of cancellation).
	SleepMS int `json:"sleep_ms,omitempty"`
	// Times repeats the step (default 1).
	Times int `json:"times,omitempty"`
}

// Call is one line of the log.
type Call struct {
	N     int             `json:"n"`
	Argv  []string        `json:"argv"`
	Files map[string]File `json:"files,omitempty"`
}

// File is a file named on the command line, as it was during the call.
type File struct {
	Path    string `json:"path"`
	Content string `json:"content"`
	Mode    string `json:"mode"`
}

func main() {
	os.Exit(run())
}

func fail(code int, format string, args ...any) int {
	fmt.Fprintf(os.Stderr, "fakejuju: "+format+"\n", args...)
	return code
}

func run() int {
	scriptPath, logPath := os.Getenv("FAKEJUJU_SCRIPT"), os.Getenv("FAKEJUJU_LOG")
	if scriptPath == "" || logPath == "" {
		return fail(99, "FAKEJUJU_SCRIPT and FAKEJUJU_LOG must be set")
	}
	data, err := os.ReadFile(scriptPath)
	if err != nil {
		return fail(99, "%v", err)
	}
	var script Script
	if err := json.Unmarshal(data, &script); err != nil {
		return fail(99, "script: %v", err)
	}
	n := 0
	if prev, err := os.ReadFile(logPath); err == nil {
		n = strings.Count(string(prev), "\n")
	}
	args := os.Args[1:]
	c := Call{N: n, Argv: args, Files: files(args)}
	line, _ := json.Marshal(c)
	f, err := os.OpenFile(logPath, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return fail(99, "log: %v", err)
	}
	_, err = f.Write(append(line, '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fail(99, "log: %v", err)
	}

	step, ok := pick(script, n)
	if !ok {
		return fail(98, "call %d (%s): script exhausted", n, strings.Join(args, " "))
	}
	if step.Expect != "" && (len(args) == 0 || args[0] != step.Expect) {
		return fail(97, "call %d: expected subcommand %q, got %q", n, step.Expect, strings.Join(args, " "))
	}
	if step.SleepMS > 0 {
		time.Sleep(time.Duration(step.SleepMS) * time.Millisecond)
	}
	out := step.Stdout
	if step.StdoutFile != "" {
		p := step.StdoutFile
		if !filepath.IsAbs(p) {
			p = filepath.Join(filepath.Dir(scriptPath), p)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return fail(99, "stdout_file: %v", err)
		}
		out = string(b)
	}
	os.Stdout.WriteString(out)
	os.Stderr.WriteString(step.Stderr)
	return step.Exit
}

// pick returns the step for invocation n.
func pick(s Script, n int) (Step, bool) {
	for _, st := range s.Steps {
		times := max(st.Times, 1)
		if n < times {
			return st, true
		}
		n -= times
	}
	if s.Then != nil {
		return *s.Then, true
	}
	return Step{}, false
}

// files reads the files named by --file and --params.
func files(args []string) map[string]File {
	out := map[string]File{}
	for i, a := range args {
		if a == "--" {
			break
		}
		flag, val, hasVal := strings.Cut(a, "=")
		if flag != "--file" && flag != "--params" {
			continue
		}
		if !hasVal {
			if i+1 >= len(args) {
				continue
			}
			val = args[i+1]
		}
		f := File{Path: val}
		if fi, err := os.Stat(val); err == nil {
			f.Mode = fmt.Sprintf("%04o", fi.Mode().Perm())
		}
		if b, err := os.ReadFile(val); err == nil {
			f.Content = string(b)
		}
		out[flag] = f
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
