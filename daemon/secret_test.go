package daemon

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSecretFromStdinAndFile: secret add takes its value from stdin
// (key=-) or a file (key@FILE), off the command line; the command-line
// form still works, with a warning.
func TestSecretFromStdinAndFile(t *testing.T) {
	u := newUnit(t)
	os.WriteFile(filepath.Join(u.charmDir, "pw.txt"), []byte("file-s3cr3t"), 0o600)
	u.writeHooks(`hooks:
  install:
    - inline: |
        printf 'stdin-s3cr3t\n' | tcharm secret add --label from-stdin password=-
        tcharm secret add --label from-file password@pw.txt
        tcharm secret add --label from-argv password=argv-s3cr3t 2> warn.txt
        tcharm secret add --label fifo password@/dev/stdin < /dev/null 2> fifo.txt && exit 7 || true
`)
	h := serveHook(t, u, "install")
	st := h.run(t)
	got := map[string]string{}
	for _, s := range st.Secrets {
		if len(s.Revisions) > 0 {
			got[s.Label] = s.Revisions[len(s.Revisions)-1].Content["password"]
		}
	}
	want := map[string]string{"from-stdin": "stdin-s3cr3t", "from-file": "file-s3cr3t", "from-argv": "argv-s3cr3t"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("secret %s: password %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
	if _, ok := got["fifo"]; ok {
		t.Error("a secret was read from something that is not a regular file")
	}
	warn, _ := os.ReadFile(filepath.Join(u.charmDir, "warn.txt"))
	if !strings.Contains(string(warn), "WARNING") || !strings.Contains(string(warn), "key=-") || strings.Contains(string(warn), "argv-s3cr3t") {
		t.Errorf("argv warning: %q", warn)
	}
	fifo, _ := os.ReadFile(filepath.Join(u.charmDir, "fifo.txt"))
	if !strings.Contains(string(fifo), "not a regular file") {
		t.Errorf("non-regular file: %q", fifo)
	}
}

// TestSecretValuesNotLeaked: failing secret commands (a value without its
// key, a bad flag value, a secret that does not exist, a bad key) report
// errors without the values, in the hook's output (the scripts' stderr,
// which Juju logs) and in daemon.log.
func TestSecretValuesNotLeaked(t *testing.T) {
	u := newUnit(t)
	u.writeHooks(`hooks:
  install:
    - inline: |
        tcharm secret add leaked-bare-value-1 || true
        tcharm secret set secret:d0000000000000000000 password=leaked-argv-value-2 || true
        printf 'leaked-stdin-value-3' | tcharm secret set secret:d0000000000000000001 password=- || true
        tcharm secret add BAD_KEY=leaked-argv-value-4 || true
        tcharm secret add --description=leaked-desc-5 --revision=leaked-flag-5 password=- < /dev/null || true
        tcharm secret add --label=x password leaked-bare-value-6 || true
`)
	h := serveHook(t, u, "install")
	var out strings.Builder
	code := RunHook(h.env, &out, &out)
	h.agent.Finish(code)
	if code != 0 {
		t.Fatalf("hook: %d %s", code, out.String())
	}
	if n := strings.Count(out.String(), "ERROR"); n < 5 {
		t.Errorf("want the failures reported, got %d errors:\n%s", n, out.String())
	}
	logb, _ := os.ReadFile(filepath.Join(u.dir, logName))
	for where, text := range map[string]string{"hook output": out.String(), "daemon.log": string(logb)} {
		if strings.Contains(text, "leaked") {
			t.Errorf("a secret value in the %s:\n%s", where, text)
		}
	}
	t.Logf("hook output:\n%s", out.String())
}
