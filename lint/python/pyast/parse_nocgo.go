//go:build !cgo

package pyast

import "context"

// Available says whether Parse works: false in a build without cgo, which
// leaves tree-sitter (C) out.
const Available = false

// Parse returns ErrUnavailable: this charmgen was built without cgo.
func Parse(ctx context.Context, src []byte) (*File, error) {
	return nil, ErrUnavailable
}
