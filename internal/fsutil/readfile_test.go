package fsutil

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func write(t testing.TB, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t testing.TB, target, link string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

// within runs f and fails the test if it takes longer than d: a read that
// blocks (a FIFO) must not hang charmgen.
func within[T any](t *testing.T, d time.Duration, f func() T) T {
	t.Helper()
	done := make(chan T, 1)
	go func() { done <- f() }()
	select {
	case v := <-done:
		return v
	case <-time.After(d):
		t.Fatalf("still running after %v: the read hangs", d)
		panic("unreachable")
	}
}

type result struct {
	data []byte
	err  error
}

func TestReadFileRegular(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.yaml"), "name: x\n")
	write(t, filepath.Join(dir, "sub", "b.yaml"), "b")
	// Links that stay inside the root are followed.
	symlink(t, "a.yaml", filepath.Join(dir, "link.yaml"))
	symlink(t, "../a.yaml", filepath.Join(dir, "sub", "up.yaml"))
	symlink(t, "sub", filepath.Join(dir, "subdir"))
	for rel, want := range map[string]string{
		"a.yaml": "name: x\n", "sub/b.yaml": "b", "link.yaml": "name: x\n",
		"sub/up.yaml": "name: x\n", "subdir/b.yaml": "b",
	} {
		got, err := ReadFileIn(dir, filepath.FromSlash(rel), MaxInput)
		if err != nil || string(got) != want {
			t.Errorf("ReadFileIn(%s) = %q, %v; want %q", rel, got, err, want)
		}
	}
	got, err := ReadFile(filepath.Join(dir, "link.yaml"), 0)
	if err != nil || string(got) != "name: x\n" {
		t.Errorf("ReadFile = %q, %v", got, err)
	}
	// Exactly the limit is fine; an empty file too.
	write(t, filepath.Join(dir, "full"), strings.Repeat("x", 100))
	if got, err := ReadFile(filepath.Join(dir, "full"), 100); err != nil || len(got) != 100 {
		t.Errorf("a file of exactly the limit: %d bytes, %v", len(got), err)
	}
	write(t, filepath.Join(dir, "empty"), "")
	if got, err := ReadFileIn(dir, "empty", 0); err != nil || len(got) != 0 {
		t.Errorf("empty file: %q, %v", got, err)
	}
}

func TestReadFileMissingIsNotExist(t *testing.T) {
	dir := t.TempDir()
	for _, err := range []error{
		func() error { _, err := ReadFile(filepath.Join(dir, "nope"), 0); return err }(),
		func() error { _, err := ReadFileIn(dir, "nope", 0); return err }(),
		func() error { _, err := ReadFileIn(dir, filepath.Join("no", "such"), 0); return err }(),
	} {
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("err = %v, want fs.ErrNotExist", err)
		}
		if !strings.Contains(err.Error(), dir) {
			t.Errorf("err %q does not name the file", err)
		}
	}
}

// TestDevZeroInputIsRefused: /dev/zero, directly or through a symlink,
// and a sparse file that claims 5 MiB, are refused at once and never read
// to the end (a plain os.ReadFile of /dev/zero grows without bound).
func TestDevZeroInputIsRefused(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	dir := t.TempDir()
	symlink(t, "/dev/zero", filepath.Join(dir, "zero.yaml"))
	for _, path := range []string{"/dev/zero", filepath.Join(dir, "zero.yaml")} {
		r := within(t, 5*time.Second, func() result { b, err := ReadFile(path, 0); return result{b, err} })
		if !errors.Is(r.err, ErrNotRegular) || r.data != nil {
			t.Errorf("ReadFile(%s) = %d bytes, %v; want ErrNotRegular", path, len(r.data), r.err)
			continue
		}
		if msg := r.err.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, "character device") || !strings.Contains(msg, "must be regular files") {
			t.Errorf("error %q should name %s, say what it is and that it must be a regular file", msg, path)
		}
	}
	// Inside a root, an absolute link is refused before its target is looked at.
	r := within(t, 5*time.Second, func() result { b, err := ReadFileIn(dir, "zero.yaml", 0); return result{b, err} })
	if !errors.Is(r.err, ErrLinkOutside) {
		t.Errorf("ReadFileIn(zero.yaml) = %d bytes, %v; want ErrLinkOutside", len(r.data), r.err)
	}

	// A regular file over the limit, sparse so that it costs no disk.
	big := filepath.Join(dir, "big.yaml")
	write(t, big, "")
	if err := os.Truncate(big, 5<<20); err != nil {
		t.Fatal(err)
	}
	for _, f := range []func() ([]byte, error){
		func() ([]byte, error) { return ReadFile(big, 0) },
		func() ([]byte, error) { return ReadFileIn(dir, "big.yaml", MaxInput) },
	} {
		b, err := f()
		if !errors.Is(err, ErrTooLarge) || b != nil {
			t.Fatalf("5 MiB file: %d bytes, %v; want ErrTooLarge", len(b), err)
		}
		if want := big + ": file too large: over 4 MiB"; !strings.HasSuffix(err.Error(), want) {
			t.Errorf("error %q, want it to end %q", err, want)
		}
	}
}

// TestReadStopsAtTheLimit: the limit is enforced while reading, not by
// the size Stat reports: a regular file whose Stat size is 0 but which
// yields more (as /proc files do) is cut off at limit+1 bytes.
func TestReadStopsAtTheLimit(t *testing.T) {
	// /proc/self/maps is a regular file of size 0 whose content is
	// generated on read, several KiB for a Go test binary.
	const p = "/proc/self/maps"
	st, err := os.Stat(p)
	if err != nil || !st.Mode().IsRegular() || st.Size() != 0 {
		t.Skip("no /proc/self/maps of size 0")
	}
	_, err = ReadFile(p, 64)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("ReadFile(%s, 64) = %v, want ErrTooLarge", p, err)
	}
	if !strings.Contains(err.Error(), "over 64 bytes") {
		t.Errorf("error %q should give the limit", err)
	}
}

func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
}

// TestFIFOInputDoesNotHang: a FIFO with no writer is refused at once
// (os.ReadFile would block in open forever), by both readers, and so is
// one that is opened after the Stat check (the second check, on the opened
// file, which is opened non-blocking).
func TestFIFOInputDoesNotHang(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "charmcraft.yaml")
	mkfifo(t, fifo)
	symlink(t, "charmcraft.yaml", filepath.Join(dir, "link.yaml"))
	for name, f := range map[string]func() ([]byte, error){
		"ReadFile":         func() ([]byte, error) { return ReadFile(fifo, 0) },
		"ReadFile(link)":   func() ([]byte, error) { return ReadFile(filepath.Join(dir, "link.yaml"), 0) },
		"ReadFileIn":       func() ([]byte, error) { return ReadFileIn(dir, "charmcraft.yaml", 0) },
		"ReadFileIn(link)": func() ([]byte, error) { return ReadFileIn(dir, "link.yaml", 0) },
	} {
		r := within(t, 5*time.Second, func() result { b, err := f(); return result{b, err} })
		if !errors.Is(r.err, ErrNotRegular) {
			t.Errorf("%s: %v, want ErrNotRegular", name, r.err)
		} else if !strings.Contains(r.err.Error(), "named pipe (FIFO)") {
			t.Errorf("%s: error %q should say it is a FIFO", name, r.err)
		}
	}
	// The check on the opened file: a FIFO that got past the Stat (swapped
	// in) is opened without blocking and refused before any read.
	r := within(t, 5*time.Second, func() result {
		f, err := os.OpenFile(fifo, os.O_RDONLY|openNonblock, 0)
		if err != nil {
			return result{nil, err}
		}
		defer f.Close()
		b, err := readOpened(f, fifo, MaxInput)
		return result{b, err}
	})
	if !errors.Is(r.err, ErrNotRegular) {
		t.Errorf("readOpened(FIFO) = %v, want ErrNotRegular", r.err)
	}
	// A directory is not a regular file either.
	if _, err := ReadFileIn(dir, ".", 0); !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "a directory") {
		t.Errorf("ReadFileIn(dir) = %v, want ErrNotRegular naming a directory", err)
	}
}

// TestSymlinkOutsideCharmIsNotRead: a file of the root that links out of
// it (absolutely or with ../, directly or through a linked directory, or
// dangling) is refused with an error that names the link, and the target's
// content never comes back, not even in the error.
func TestSymlinkOutsideCharmIsNotRead(t *testing.T) {
	base := t.TempDir()
	root := filepath.Join(base, "charm")
	secret := filepath.Join(base, "outside", "secret.yaml")
	const token = "SECRET-TOKEN-5f1e"
	write(t, secret, "name: "+token+"\n")
	write(t, filepath.Join(root, "ok.yaml"), "ok")
	symlink(t, secret, filepath.Join(root, "abs.yaml"))
	symlink(t, "../outside/secret.yaml", filepath.Join(root, "rel.yaml"))
	symlink(t, "../outside", filepath.Join(root, "dirlink"))
	symlink(t, "../nowhere/x.yaml", filepath.Join(root, "dangling.yaml"))
	symlink(t, "/etc/passwd", filepath.Join(root, "passwd.yaml"))
	for rel, link := range map[string]string{
		"abs.yaml":                      "abs.yaml",
		"rel.yaml":                      "rel.yaml",
		"dirlink/secret.yaml":           "dirlink",
		"dangling.yaml":                 "dangling.yaml",
		"passwd.yaml":                   "passwd.yaml",
		"../outside/secret.yaml":        "",
		"sub/../../outside/secret.yaml": "",
	} {
		b, err := ReadFileIn(root, filepath.FromSlash(rel), 0)
		if err == nil || b != nil {
			t.Errorf("ReadFileIn(%s) = %q, %v; want it refused", rel, b, err)
			continue
		}
		msg := err.Error()
		if strings.Contains(msg, token) || strings.Contains(msg, "root:") {
			t.Errorf("ReadFileIn(%s): the error shows the target's content: %s", rel, msg)
		}
		if link != "" {
			if !errors.Is(err, ErrLinkOutside) {
				t.Errorf("ReadFileIn(%s) = %v, want ErrLinkOutside", rel, err)
			}
			if !strings.Contains(msg, filepath.Join(root, link)+" links to ") {
				t.Errorf("ReadFileIn(%s): error %q should name the link %s", rel, msg, link)
			}
		}
	}
	if _, err := ReadFileIn(root, secret, 0); !errors.Is(err, ErrLinkOutside) {
		t.Errorf("an absolute rel: %v, want ErrLinkOutside", err)
	}
	// The same files, named explicitly, are read: the user chose them.
	if b, err := ReadFile(filepath.Join(root, "rel.yaml"), 0); err != nil || !bytes.Contains(b, []byte(token)) {
		t.Errorf("ReadFile(rel.yaml) = %q, %v", b, err)
	}
}

func TestFormatSize(t *testing.T) {
	for n, want := range map[int64]string{4 << 20: "4 MiB", 16 << 20: "16 MiB", 64 << 10: "64 KiB", 100: "100 bytes", 1<<20 + 1: "1048577 bytes"} {
		if got := FormatSize(n); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", n, got, want)
		}
	}
}

// FuzzReadFile: for any content and any limit, the readers return the
// content exactly when it fits, and ErrTooLarge (never a partial read)
// when it does not. The size is steered around the limit: pad grows the
// content by up to 255 bytes of the repeated last byte.
func FuzzReadFile(f *testing.F) {
	f.Add([]byte("name: x\n"), uint16(8), uint8(0))
	f.Add([]byte("name: x\n"), uint16(7), uint8(0))
	f.Add([]byte("name: x\n"), uint16(9), uint8(1))
	f.Add([]byte(""), uint16(0), uint8(0))
	f.Add([]byte("\x00"), uint16(1), uint8(255))
	f.Fuzz(func(t *testing.T, data []byte, limit uint16, pad uint8) {
		if len(data) > 0 {
			data = append(data, bytes.Repeat(data[len(data)-1:], int(pad))...)
		}
		dir := t.TempDir()
		write(t, filepath.Join(dir, "f"), string(data))
		lim := int64(limit)
		eff := lim
		if eff <= 0 {
			eff = MaxInput
		}
		for _, read := range []func() ([]byte, error){
			func() ([]byte, error) { return ReadFile(filepath.Join(dir, "f"), lim) },
			func() ([]byte, error) { return ReadFileIn(dir, "f", lim) },
		} {
			got, err := read()
			if int64(len(data)) > eff {
				if !errors.Is(err, ErrTooLarge) || got != nil {
					t.Fatalf("%d bytes, limit %d: %d bytes, %v; want ErrTooLarge", len(data), eff, len(got), err)
				}
				continue
			}
			if err != nil || !bytes.Equal(got, data) {
				t.Fatalf("%d bytes, limit %d: %d bytes, %v", len(data), eff, len(got), err)
			}
		}
	})
}
