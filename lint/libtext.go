package lint

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// maxLibText bounds what libMentions reads of a charm's lib/ tree.
const maxLibText = 32 << 20

// libMentions returns a lookup that reports whether the Python files
// under the charm's lib/ name an identifier, or nil when there are none.
// The Python rules do not parse the charm libraries, but a public method
// of the charm that no code of src/ calls may be called by one of them;
// the text is read once, on the first question, through the same bounded
// reader as the charm's own files (regular files inside the root only).
func libMentions(root string) func(name string) bool {
	lib := filepath.Join(root, "lib")
	if st, err := os.Lstat(lib); err != nil || !st.IsDir() {
		return nil
	}
	var (
		once sync.Once
		text []string
	)
	load := func() {
		total := 0
		_ = filepath.WalkDir(lib, func(path string, d fs.DirEntry, err error) error {
			if err != nil || total > maxLibText {
				return filepath.SkipDir
			}
			if d.IsDir() || !d.Type().IsRegular() || !strings.HasSuffix(path, ".py") {
				return nil
			}
			src, err := readCharmFile(root, path)
			if err == nil {
				total += len(src)
				text = append(text, string(src))
			}
			return nil
		})
	}
	return func(name string) bool {
		once.Do(load)
		for _, t := range text {
			if containsWord(t, name) {
				return true
			}
		}
		return false
	}
}

// containsWord reports whether s holds name as a whole identifier (not
// inside a longer one).
func containsWord(s, name string) bool {
	if name == "" {
		return false
	}
	for i := 0; ; {
		j := strings.Index(s[i:], name)
		if j < 0 {
			return false
		}
		at := i + j
		end := at + len(name)
		if (at == 0 || !identByte(s[at-1])) && (end == len(s) || !identByte(s[end])) {
			return true
		}
		i = at + 1
	}
}

func identByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}
