package charm

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
)

// Secret is a string that logs as *** whatever handler prints it.
type Secret string

// LogValue implements slog.LogValuer.
func (Secret) LogValue() slog.Value { return slog.StringValue("***") }

// String hides the value from fmt too.
func (Secret) String() string { return "***" }

// Logger returns a slog.Logger that writes through juju-log, so records
// land in the unit's log with Juju's levels. Any secret value this hook has
// read or written is replaced by *** before it leaves the process.
func (c *Context) Logger() *slog.Logger {
	return slog.New(&jujuLogHandler{c: c, level: slog.LevelDebug})
}

type jujuLogHandler struct {
	c      *Context
	level  slog.Leveler
	attrs  []slog.Attr
	groups []string
}

func (h *jujuLogHandler) Enabled(_ context.Context, l slog.Level) bool {
	return l >= h.level.Level()
}

// jujuLevel maps slog levels onto Juju's (loggo) levels.
func jujuLevel(l slog.Level) string {
	switch {
	case l < slog.LevelInfo:
		return "DEBUG"
	case l < slog.LevelWarn:
		return "INFO"
	case l < slog.LevelError:
		return "WARNING"
	case l < slog.LevelError+4:
		return "ERROR"
	}
	return "CRITICAL"
}

func (h *jujuLogHandler) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Message)
	prefix := strings.Join(h.groups, ".")
	write := func(prefix string, a slog.Attr) {
		a.Value = a.Value.Resolve()
		if a.Equal(slog.Attr{}) {
			return
		}
		key := a.Key
		if prefix != "" {
			key = prefix + "." + key
		}
		fmt.Fprintf(&b, " %s=%s", key, quoteIfNeeded(a.Value.String()))
	}
	for _, a := range h.attrs {
		write("", a) // already qualified by WithAttrs
	}
	r.Attrs(func(a slog.Attr) bool { write(prefix, a); return true })
	msg := h.c.redact(b.String())
	// juju-log is not a write to the model: it is not counted. "--" ends
	// juju-log's flags (gnuflag), so a message that starts with "-" (say
	// "--debug oops") is logged as written, not parsed as a flag.
	_, err := h.c.run("juju-log", nil, "--log-level", jujuLevel(r.Level), "--", msg)
	return err
}

func quoteIfNeeded(s string) string {
	if s == "" || strings.ContainsAny(s, " \t\n\"=") {
		return fmt.Sprintf("%q", s)
	}
	return s
}

func (h *jujuLogHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	h2 := *h
	h2.attrs = append([]slog.Attr{}, h.attrs...)
	prefix := strings.Join(h.groups, ".")
	for _, a := range attrs {
		if prefix != "" {
			a.Key = prefix + "." + a.Key
		}
		h2.attrs = append(h2.attrs, a)
	}
	return &h2
}

func (h *jujuLogHandler) WithGroup(name string) slog.Handler {
	h2 := *h
	h2.groups = append(append([]string{}, h.groups...), name)
	return &h2
}
