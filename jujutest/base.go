package jujutest

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/charmgen/charmgen/meta"
)

// Base is an operating system and channel, "ubuntu@24.04" on the command
// line. Juju 4 has no series: every place that took a series takes a base.
// In `juju status --format json` a base is {"name": "ubuntu", "channel":
// "24.04"}, which is also this type's JSON form.
type Base struct {
	// Name is the operating system, "ubuntu".
	Name string `json:"name"`
	// Channel is the OS version, with an optional risk: "24.04",
	// "22.04/stable".
	Channel string `json:"channel"`
}

// Common bases.
var (
	Ubuntu2004 = Base{Name: "ubuntu", Channel: "20.04"}
	Ubuntu2204 = Base{Name: "ubuntu", Channel: "22.04"}
	Ubuntu2404 = Base{Name: "ubuntu", Channel: "24.04"}
)

var (
	baseOSRe      = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	baseChannelRe = regexp.MustCompile(`^[0-9][0-9a-z.]*(/[a-z]+)?$`)
)

// SeriesError says that a series name was given where Juju 4 needs a
// base, and which base replaces it.
type SeriesError struct {
	// Series is the name that was given, "jammy".
	Series string
	// Base is its replacement, "ubuntu@22.04".
	Base string
}

// Error implements error.
func (e *SeriesError) Error() string {
	return fmt.Sprintf("series %q is not supported by Juju 4: use base %q", e.Series, e.Base)
}

// ParseBase parses "ubuntu@24.04". A series name ("noble", or
// "ubuntu@noble") is rejected with a *SeriesError that names the base to
// use instead.
func ParseBase(s string) (Base, error) {
	in := strings.TrimSpace(s)
	name, channel, ok := strings.Cut(in, "@")
	if !ok {
		if b, known := meta.BaseForSeries(in); known {
			return Base{}, &SeriesError{Series: in, Base: b}
		}
		return Base{}, fmt.Errorf("invalid base %q: want <os>@<channel>, such as ubuntu@24.04", s)
	}
	b := Base{Name: name, Channel: channel}
	if err := b.Validate(); err != nil {
		return Base{}, err
	}
	return b, nil
}

// MustParseBase is ParseBase for constants; it panics on an error.
func MustParseBase(s string) Base {
	b, err := ParseBase(s)
	if err != nil {
		panic(err)
	}
	return b
}

// String returns the command-line form, "ubuntu@24.04", or "" for the zero
// Base.
func (b Base) String() string {
	if b.IsZero() {
		return ""
	}
	return b.Name + "@" + b.Channel
}

// IsZero reports whether b is unset.
func (b Base) IsZero() bool { return b.Name == "" && b.Channel == "" }

// Validate checks that b is a well-formed base and not a series in
// disguise (Base{Name: "jammy"} or Base{Name: "ubuntu", Channel: "jammy"}).
func (b Base) Validate() error {
	for _, s := range []string{b.Name, b.Channel} {
		if base, known := meta.BaseForSeries(s); known {
			return &SeriesError{Series: s, Base: base}
		}
	}
	if !baseOSRe.MatchString(b.Name) || !baseChannelRe.MatchString(b.Channel) {
		return fmt.Errorf("invalid base %q: want <os>@<channel>, such as ubuntu@24.04", b.Name+"@"+b.Channel)
	}
	return nil
}
