package meta

import "strings"

// seriesBases maps Ubuntu series names to the base Juju 4 wants instead.
var seriesBases = map[string]string{
	"precise":  "ubuntu@12.04",
	"trusty":   "ubuntu@14.04",
	"xenial":   "ubuntu@16.04",
	"bionic":   "ubuntu@18.04",
	"focal":    "ubuntu@20.04",
	"groovy":   "ubuntu@20.10",
	"hirsute":  "ubuntu@21.04",
	"impish":   "ubuntu@21.10",
	"jammy":    "ubuntu@22.04",
	"kinetic":  "ubuntu@22.10",
	"lunar":    "ubuntu@23.04",
	"mantic":   "ubuntu@23.10",
	"noble":    "ubuntu@24.04",
	"oracular": "ubuntu@24.10",
	"plucky":   "ubuntu@25.04",
	"questing": "ubuntu@25.10",
	"resolute": "ubuntu@26.04",
}

// BaseForSeries returns the base ("ubuntu@22.04") that replaces an Ubuntu
// series name ("jammy"), and whether the name is known.
func BaseForSeries(series string) (string, bool) {
	b, ok := seriesBases[strings.ToLower(strings.TrimSpace(series))]
	return b, ok
}
