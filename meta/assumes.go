package meta

import (
	"fmt"
	"strconv"
	"strings"
)

// A version is a Juju version as assumes compares it: major, minor, patch.
type version [3]int

func (a version) less(b version) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

// parseVersion reads 3, 3.6 or 3.6.1 (a suffix such as -beta1 is ignored).
func parseVersion(s string) (version, bool) {
	var v version
	s, _, _ = strings.Cut(s, "-")
	parts := strings.Split(s, ".")
	if len(parts) == 0 || len(parts) > 4 {
		return v, false
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return v, false
		}
		if i < 3 {
			v[i] = n
		}
	}
	return v, true
}

// span is a half-open range of versions [lo, hi).
type span struct{ lo, hi version }

// spans is a union of ranges; empty means no version.
type spans []span

func intersect(a, b spans) spans {
	var out spans
	for _, x := range a {
		for _, y := range b {
			lo, hi := x.lo, x.hi
			if lo.less(y.lo) {
				lo = y.lo
			}
			if y.hi.less(hi) {
				hi = y.hi
			}
			if lo.less(hi) {
				out = append(out, span{lo, hi})
			}
		}
	}
	return out
}

// jujuConstraint reads an assumes expression "juju >= 3.6" or "juju < 4".
func jujuConstraint(expr string) (op string, v version, ok bool) {
	m := featureVersionRE.FindStringSubmatch(strings.TrimSpace(expr))
	if m == nil || m[1] != "juju" {
		return "", v, false
	}
	v, ok = parseVersion(m[3])
	return m[2], v, ok
}

// checkAssumesJuju warns when the juju version constraints of assumes
// admit no release of the Juju major version the charm targets: Juju
// refuses to deploy such a charm. Features other than juju are taken as
// met; the top-level list and all-of need every element, any-of one.
func (l *loader) checkAssumesJuju() {
	j := l.opts.juju()
	target := spans{{lo: version{j}, hi: version{j + 1}}}
	top := &Assume{AllOf: l.c.Assumes}
	if len(l.c.Assumes) == 0 || len(l.eval(top, target)) > 0 {
		return
	}
	l.explainAssumes(top, target, j)
}

// eval returns the versions of within that an assumes element admits.
func (l *loader) eval(a *Assume, within spans) spans { return evalAssume(a, within) }

// AdmitsJuju reports whether the charm's assumes admit some release of
// Juju major version major (features other than juju taken as met; no
// assumes admits every version). A charm that admits Juju 3 can be
// deployed there, and must then take Juju 3's hooks (leader-settings-changed).
func (c *Charm) AdmitsJuju(major int) bool {
	if len(c.Assumes) == 0 {
		return true
	}
	return len(evalAssume(&Assume{AllOf: c.Assumes}, spans{{lo: version{major}, hi: version{major + 1}}})) > 0
}

func evalAssume(a *Assume, within spans) spans {
	switch {
	case a.Expr != "":
		op, v, ok := jujuConstraint(a.Expr)
		if !ok {
			return within
		}
		if op == ">=" {
			return intersect(within, spans{{lo: v, hi: version{1 << 30}}})
		}
		return intersect(within, spans{{lo: version{}, hi: v}})
	case a.AllOf != nil:
		out := within
		for _, x := range a.AllOf {
			out = evalAssume(x, out)
		}
		return out
	case a.AnyOf != nil:
		var out spans
		for _, x := range a.AnyOf {
			out = append(out, evalAssume(x, within)...)
		}
		return out
	}
	return within
}

// explainAssumes reports why an element that admits no version of the
// target does not: at the constraint that excludes it when one does on its
// own, else at the group whose constraints together do.
func (l *loader) explainAssumes(a *Assume, within spans, j int) {
	tail := fmt.Sprintf("the Juju this charm targets (juju: in charmgen.yaml, or --juju), so Juju %d refuses to deploy it: widen the constraint (such as juju >= 3.6, or an any-of with a juju >= %d.0 alternative) or target the Juju it names", j, j)
	switch {
	case a.Expr != "":
		l.r.warnf(a.Pos, "assumes-juju", "assumes %q rules out Juju %d, %s", a.Expr, j, tail)
	case a.AllOf != nil:
		alone := false
		for _, x := range a.AllOf {
			if len(l.eval(x, within)) == 0 {
				alone = true
				l.explainAssumes(x, within, j)
			}
		}
		if !alone {
			p := a.Pos
			if !p.IsValid() && len(a.AllOf) > 0 {
				p = a.AllOf[0].Pos
			}
			l.r.warnf(p, "assumes-juju", "assumes %s together rule out Juju %d, %s", jujuExprs(a.AllOf), j, tail)
		}
	case a.AnyOf != nil:
		l.r.warnf(a.Pos, "assumes-juju", "no alternative of this any-of (%s) admits Juju %d, %s", jujuExprs(a.AnyOf), j, tail)
	}
}

// jujuExprs lists the juju constraints of elements, nested ones included.
func jujuExprs(as []*Assume) string {
	var out []string
	var walk func([]*Assume)
	walk = func(as []*Assume) {
		for _, a := range as {
			if _, _, ok := jujuConstraint(a.Expr); ok {
				out = append(out, strconv.Quote(a.Expr))
			}
			walk(a.AnyOf)
			walk(a.AllOf)
		}
	}
	walk(as)
	return strings.Join(out, ", ")
}
