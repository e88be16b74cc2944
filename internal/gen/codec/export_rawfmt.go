package codec

import "sync"

var formatMu sync.RWMutex

// SetFormatter makes Generate pass every file's unformatted source
// (jennifer's NoFormat output) to format instead of the default
// formatter (gofmtlite.Source). It exists so that gofmtlite's tests can
// collect the raw text of real generated files and compare the fast
// formatter with go/format on it; it returns a function that restores
// the default. format is called concurrently.
func SetFormatter(format func(src []byte) ([]byte, error)) (restore func()) {
	formatMu.Lock()
	prev := formatSource
	formatSource = format
	formatMu.Unlock()
	return func() {
		formatMu.Lock()
		formatSource = prev
		formatMu.Unlock()
	}
}
