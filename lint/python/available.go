package python

import "github.com/charmgen/charmgen/lint/python/pyast"

// Available says whether the Python rules can run in this build: they
// parse with tree-sitter, which needs cgo (pyast.Available). In a build
// without cgo, Parse fails with pyast.ErrUnavailable; the rules' IDs and
// documentation are the same in both builds.
const Available = pyast.Available
