package python

import (
	"regexp"
	"strings"
)

// What a try body can raise, for PY015's except clauses. A blocked status
// set in an except clause that nothing in its try body can reach is not a
// status the operator ever sees: the error the body does raise fails the
// hook, and Juju retries it. The model is deliberately small. It knows the
// builtin families a charm catches around its own work (a process, a file,
// RuntimeError) and what raises them: subprocess raises the process errors
// and OSError, a file operation raises OSError, a raise statement raises its
// type (a class of the charm's through its bases), and the systemd and snap
// libraries, ops' model, logging and status constructors raise none of
// them. Any other call may raise anything, and so may a clause that catches
// a type outside these families.

// builtinExcParent is the builtin exception hierarchy the model knows,
// child to parent, up to the families it reasons about.
var builtinExcParent = map[string]string{
	"CalledProcessError":  "SubprocessError",
	"TimeoutExpired":      "SubprocessError",
	"FileNotFoundError":   "OSError",
	"FileExistsError":     "OSError",
	"PermissionError":     "OSError",
	"IsADirectoryError":   "OSError",
	"NotADirectoryError":  "OSError",
	"IOError":             "OSError", // an alias of OSError since Python 3.3
	"EnvironmentError":    "OSError",
	"NotImplementedError": "RuntimeError",
	"RecursionError":      "RuntimeError",
}

// otherBuiltinExc are builtin exceptions outside the families: none of
// them is caught by a clause the model accepts.
var otherBuiltinExc = map[string]bool{"Exception": true, "BaseException": true, "ValueError": true, "TypeError": true, "KeyError": true, "IndexError": true, "LookupError": true, "AttributeError": true, "AssertionError": true, "NameError": true, "ZeroDivisionError": true, "UnicodeError": true}

// knownExc reports whether t is a builtin exception the model knows.
func knownExc(t string) bool {
	if _, ok := builtinExcParent[t]; ok {
		return true
	}
	return t == "SubprocessError" || t == "OSError" || t == "RuntimeError"
}

// excLineage returns t and its known builtin ancestors.
func excLineage(t string) []string {
	out := []string{t}
	for i := 0; i < 4; i++ {
		p, ok := builtinExcParent[t]
		if !ok {
			break
		}
		out = append(out, p)
		t = p
	}
	return out
}

// excName strips a module qualifier: subprocess.CalledProcessError is
// CalledProcessError.
func excName(t string) string {
	if i := strings.LastIndex(t, "."); i >= 0 {
		return t[i+1:]
	}
	return t
}

// catchSet is the exception types an except clause catches, each known to
// the model.
type catchSet map[string]bool

// catches reports whether the clause catches an exception of type t (one
// of the known builtins).
func (s catchSet) catches(t string) bool {
	for _, a := range excLineage(t) {
		if s[a] {
			return true
		}
	}
	return false
}

// processExcs and fileExcs are what a process and a file operation raise.
var (
	processExcs = []string{"CalledProcessError", "TimeoutExpired", "FileNotFoundError", "PermissionError"}
	fileExcs    = []string{"FileNotFoundError", "PermissionError", "IsADirectoryError", "NotADirectoryError", "FileExistsError"}
)

func (s catchSet) catchesAny(ts []string) bool {
	for _, t := range ts {
		if s.catches(t) {
			return true
		}
	}
	return false
}

// clauseCatchSet returns the types an except clause catches, or false when
// it catches a type the model does not know (Exception, a library's error)
// or catches everything.
func clauseCatchSet(clause *node) (catchSet, bool) {
	caught := exceptTypes(clause)
	if len(caught) == 0 {
		return nil, false
	}
	s := catchSet{}
	for _, t := range caught {
		t = excName(t)
		if !knownExc(t) {
			return nil, false
		}
		s[t] = true
	}
	return s, true
}

// deadExcept reports whether n sits in an except clause that its try body
// cannot reach: the clause catches only builtin types the model knows, and
// nothing the body runs, followed through the charm's own functions and
// the objects it holds, raises one of them (ubuntu-copy-report's start
// catches CalledProcessError around the systemd library; manila-csi's
// install catches RuntimeError around a helper that runs processes).
func (c *checker) deadExcept(n *node) bool {
	clause := enclosingExcept(n)
	if clause == nil {
		return false
	}
	s, ok := clauseCatchSet(clause)
	if !ok {
		return false
	}
	body := clause.Parent.Child("body")
	return body != nil && !c.mayRaise(body, s, 0, map[*node]bool{})
}

// errorLibRE matches the libraries whose functions raise their own errors,
// never a process or file error.
var errorLibRE = regexp.MustCompile(`^(charmlibs|charms\.operator_libs_linux\.v\d+)\.(systemd|snap)$`)

// fileCallRE names the file operations (pathlib's, open, os' and shutil's)
// that raise OSError.
var fileCallRE = regexp.MustCompile(`^(open|write_text|read_text|write_bytes|read_bytes|mkdir|makedirs|unlink|remove|rmdir|rmtree|chmod|chown|touch|rename|replace|symlink_to|copy|copy2|copyfile|copytree|move|stat|iterdir|listdir|symlink|link)$`)

// strMethods are methods of str and bytes, which raise none of the
// families.
var strMethods = map[string]bool{"strip": true, "rstrip": true, "lstrip": true, "split": true, "splitlines": true, "decode": true, "encode": true, "lower": true, "upper": true, "startswith": true, "endswith": true, "format": true, "join": true, "replace": true}

// mayRaise reports whether anything under n, followed through the charm's
// functions (three levels), may raise an exception s catches.
func (c *checker) mayRaise(n *node, s catchSet, depth int, seen map[*node]bool) bool {
	if depth > 3 {
		return true
	}
	raised := false
	n.Walk(func(m *node) bool {
		if raised || m.Type == "function_definition" || m.Type == "class_definition" {
			return false
		}
		if m.Type == "raise_statement" && c.raiseMayMatch(m, s) {
			raised = true
		}
		return true
	})
	if raised {
		return true
	}
	for _, call := range calls(n) {
		if _, ok := isSubprocess(call); ok {
			if s.catchesAny(processExcs) {
				return true
			}
			continue
		}
		fe := call.Child("function")
		if callees := c.callees(call); len(callees) > 0 {
			for _, f := range callees {
				if !seen[f] {
					seen[f] = true
					if c.mayRaise(f.Child("body"), s, depth+1, seen) {
						return true
					}
				}
			}
			continue
		}
		recv, name := callParts(call)
		switch {
		case recv != nil && loggerRecvRE.MatchString(text(recv)) && logMethods[name]:
		case c.libRooted(enclosingFunc(call), fe, 0):
		case recv != nil && opsModelRE.MatchString(text(recv)):
			// ops runs hook tools itself and turns their failure into
			// ModelError (self.unit.open_port).
		case strings.HasSuffix(name, "Status") || recv == nil && builtinPure[name]:
		case recv != nil && strMethods[name]:
		case fileCallRE.MatchString(name) && (recv != nil || name == "open"):
			if s.catchesAny(fileExcs) {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// raiseMayMatch reports whether a raise statement may raise a type s
// catches: its type is one of them or descends from one (a class of the
// charm's, through its bases), or is not known (a bare raise, a library's
// error class, a variable).
func (c *checker) raiseMayMatch(r *node, s catchSet) bool {
	kids := r.NamedChildren()
	if len(kids) == 0 {
		// A bare raise in an except clause re-raises what its try body
		// raised, and that body is walked with the rest; outside one it
		// is a RuntimeError of its own.
		return enclosingExcept(r) == nil && s.catches("RuntimeError")
	}
	e := kids[0]
	if e.Type == "call" {
		e = e.Child("function")
	}
	if e.Type != "identifier" && e.Type != "attribute" {
		return true
	}
	return c.excMayMatch(r, e, s, 0)
}

// excMayMatch reports whether the exception class e names may be one s
// catches.
func (c *checker) excMayMatch(at, e *node, s catchSet, depth int) bool {
	t := excName(text(e))
	if knownExc(t) {
		return s.catches(t)
	}
	if depth > 4 {
		return true
	}
	if otherBuiltinExc[t] || c.libRooted(enclosingFunc(at), e, 0) {
		return false // snap.SnapError: the library's own
	}
	f := c.prog.fileOf(at)
	if f == nil {
		return true
	}
	defs := c.classesNamed(f, e)
	if len(defs) == 0 {
		return true
	}
	for _, cl := range defs {
		for _, b := range baseExprs(cl.def) {
			if c.excMayMatch(cl.def, b, s, depth+1) {
				return true
			}
		}
	}
	return false
}
