package conformance_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	// testName is a test a table cell names, with or without its package.
	testName = regexp.MustCompile("`(?:[a-z_]+\\.)?(Test[A-Z][A-Za-z0-9_]*)")
	testFunc = regexp.MustCompile(`(?m)^func (Test[A-Za-z0-9_]*)\(`)
	txtar    = regexp.MustCompile("([a-z_]+\\.txtar)")
)

func TestTablesNameRealTests(t *testing.T) {
	root := filepath.Join("..", "..")
	funcs := map[string]bool{}
	scripts := map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "golden") {
			return filepath.SkipDir
		}
		switch {
		case strings.HasSuffix(path, "_test.go"):
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, m := range testFunc.FindAllStringSubmatch(string(b), -1) {
				funcs[m[1]] = true
			}
		case strings.HasSuffix(path, ".txtar"):
			scripts[filepath.Base(path)] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	tables, err := filepath.Glob("*.md")
	if err != nil || len(tables) < 3 {
		t.Fatalf("conformance tables: %v %v", tables, err)
	}
	for _, table := range tables {
		b, err := os.ReadFile(table)
		if err != nil {
			t.Fatal(err)
		}
		rows := 0
		for i, line := range strings.Split(string(b), "\n") {
			if !strings.HasPrefix(line, "| ") || strings.HasPrefix(line, "|--") || strings.HasPrefix(line, "| #") {
				continue
			}
			names := testName.FindAllStringSubmatch(line, -1)
			scriptNames := txtar.FindAllStringSubmatch(line, -1)
			if len(names)+len(scriptNames) == 0 {
				continue
			}
			rows++
			for _, m := range names {
				if m[1] != "TestX" && !funcs[m[1]] {
					t.Errorf("%s:%d: names %s, which no test file defines", table, i+1, m[1])
				}
			}
			for _, m := range scriptNames {
				if !scripts[m[1]] {
					t.Errorf("%s:%d: names %s, which no script is", table, i+1, m[1])
				}
			}
		}
		if table != "README.md" && rows == 0 {
			t.Errorf("%s: no row names a test", table)
		}
	}
}
