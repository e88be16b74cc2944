// Package legacy converts the charm model into the legacy metadata files
// that charmcraft pack writes into a built charm.
package legacy

import (
	"errors"

	"github.com/charmgen/charmgen/meta"
)

// Options control a conversion.
type Options struct {
	// Platform selects the platform (by name) or legacy bases entry (by
	// index) whose bases go into manifest.yaml; empty means the first.
	Platform string
}

// Convert returns the legacy files (name → content) for c.
func Convert(c *meta.Charm, opts Options) (map[string][]byte, error) {
	return nil, errors.New("meta convert: not implemented yet")
}
