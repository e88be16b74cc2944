package codec_test

// The equivalence test of MarshalDatabag's checks (issue 13, item 4).
// MarshalDatabag used to write a databag and decode it again to refuse
// what its decoder would refuse; it now makes the decoder's checks on the
// values it writes. For every golden case this test generates each package
// twice, as it is and as it was (codec.SetLegacyMarshal: write without
// checks, then UnmarshalDatabag the result), compiles both in a temporary
// module, and for random typed values checks that the new MarshalDatabag
// fails exactly when the old one does and otherwise writes the same bag.

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/charm/databag"
	"github.com/charmgen/charmgen/internal/gen/codec"
)

// literals returns the string and integer literals of generated files
// (enum values, consts, defaults, patterns, keys): values near the edges of
// what the schema allows.
func literals(files map[string][]byte) ([]string, []int64) {
	strs := map[string]bool{}
	ints := map[int64]bool{}
	reS := regexp.MustCompile(`"(?:[^"\\\n]|\\.)*"`)
	reI := regexp.MustCompile(`\b-?[0-9]+\b`)
	for _, data := range files {
		for _, m := range reS.FindAllString(string(data), -1) {
			if s, err := strconv.Unquote(m); err == nil && len(s) < 80 {
				strs[s] = true
				if u, err := strconv.Unquote(s); err == nil {
					strs[u] = true
				}
			}
		}
		for _, m := range reI.FindAllString(string(data), -1) {
			if n, err := strconv.ParseInt(m, 10, 64); err == nil {
				ints[n] = true
			}
		}
	}
	var ss []string
	for s := range strs {
		ss = append(ss, s)
	}
	sort.Strings(ss)
	var is []int64
	for n := range ints {
		is = append(is, n)
	}
	sort.Slice(is, func(i, j int) bool { return is[i] < is[j] })
	return ss, is
}

// validBags are valid databags the fuzz corpus lacks (the edge provider
// app's many checks are rarely all met by chance), from the seeds of
// goldenfuzz.
var validBags = map[string][]map[string]string{
	"edge": {
		{"kind": "edge", "address": "10.0.0.1", "home": "http://h/", "code": "123", "tags": `["a","b"]`, "mode": "slow", "version": "4",
			"network": "10.0.0.0/24", "when": "2024-01-02T03:04:05Z", "ratio": "0.25", "count": "3", "points": "[1.5,null]", "enabled": "True",
			"foo-bar": "x", "foo_bar": "2", "extra": "e", "shared": `{"a":"b"}`, "other": `{"z":1}`, "bad_default": "7"},
		{"kind": "edge", "address": "::1", "home": "https://h.example/x", "code": "999", "tags": `[]`},
	},
}

// fuzzBags returns the databags of the fuzz corpus of golden case name
// (goldenfuzz/testdata/fuzz/Fuzz<Name>): starting points the test
// changes one field at a time.
func fuzzBags(t *testing.T, name string) []map[string]string {
	dirs, _ := filepath.Glob(filepath.Join("goldenfuzz", "testdata", "fuzz", "Fuzz*"))
	var out []map[string]string
	for _, d := range dirs {
		if !strings.EqualFold(strings.TrimPrefix(filepath.Base(d), "Fuzz"), name) {
			continue
		}
		paths, _ := filepath.Glob(filepath.Join(d, "*"))
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(string(data)), "\n")
			if len(lines) != 2 || !strings.HasPrefix(lines[1], "[]byte(") {
				continue
			}
			b, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")"))
			if err != nil {
				continue
			}
			out = append(out, databag.BagFromBytes([]byte(b)))
		}
	}
	return out
}

func TestMarshalEquivalence(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles every golden case twice")
	}
	iters := 1000
	if s := os.Getenv("CHARMGEN_EQUIV_ITERS"); s != "" {
		iters, _ = strconv.Atoi(s)
	}
	files := map[string][]byte{}
	var reg strings.Builder
	var imports strings.Builder
	var strPool []string
	var intPool []int64
	bags := map[string][]map[string]string{}
	n := 0
	for _, c := range goldenCases(t) {
		cfg := goldenConfig(t, c)
		newFiles, _, ifaces := generateCase(t, c)
		restore := codec.SetLegacyMarshal()
		oldFiles, _, _ := generateCase(t, c)
		restore()
		for name, data := range newFiles {
			files["new/"+c.name+"/"+name] = data
		}
		for name, data := range oldFiles {
			files["old/"+c.name+"/"+name] = data
		}
		bags[c.name] = append(fuzzBags(t, c.name), validBags[c.name]...)
		ss, is := literals(newFiles)
		strPool = append(strPool, ss...)
		intPool = append(intPool, is...)
		types := typesOf(t, cfg, ifaces, "example.com/gen/new/"+c.name)
		for _, pt := range types {
			oldImport := strings.Replace(pt.Import, "/new/", "/old/", 1)
			fmt.Fprintf(&imports, "\tn%d %q\n\to%d %q\n", n, pt.Import, n, oldImport)
			fmt.Fprintf(&reg, "\t{%q, func() marshaler { return new(n%d.%s) }, func() marshaler { return new(o%d.%s) }},\n",
				c.name+":"+pt.Key, n, pt.Type, n, pt.Type)
			n++
		}
	}
	pool, _ := json.Marshal(map[string]any{"strings": strPool, "ints": intPool, "bags": bags})
	src := strings.Replace(equivSource, "//IMPORTS\n", imports.String(), 1)
	src = strings.Replace(src, "//REGISTRY\n", reg.String(), 1)
	files["equiv/equiv_test.go"] = []byte(src)
	files["equiv/pool.json"] = pool

	mod := t.TempDir()
	root := repoRoot(t)
	for name, data := range files {
		full := filepath.Join(mod, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gomod := fmt.Sprintf("module example.com/gen\n\ngo 1.25\n\nrequire github.com/charmgen/charmgen v0.0.0\n\nreplace github.com/charmgen/charmgen => %s\n", root)
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte(gomod), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mod, "go.sum"), sum, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "test", "-count=1", "-v", "-run", "TestEquiv", "./equiv/")
	cmd.Dir = mod
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOPROXY=off", "EQUIV_ITERS="+strconv.Itoa(iters), "EQUIV_SEED="+strconv.FormatInt(rand.Int63(), 10))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("equivalence test: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}

const equivSource = `package equiv

import (
	"encoding/json"
	"math"
	"math/rand"
	"net/netip"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

//IMPORTS
)

type marshaler interface {
	MarshalDatabag() (map[string]string, error)
	UnmarshalDatabag(map[string]string) error
}

var registry = []struct {
	key      string
	new, old func() marshaler
}{
//REGISTRY
}

var pool struct {
	Strings []string ` + "`json:\"strings\"`" + `
	Ints    []int64  ` + "`json:\"ints\"`" + `
	Bags    map[string][]map[string]string ` + "`json:\"bags\"`" + `
}

var (
	addrT   = reflect.TypeOf(netip.Addr{})
	prefixT = reflect.TypeOf(netip.Prefix{})
	timeT   = reflect.TypeOf(time.Time{})
	rawT    = reflect.TypeOf(json.RawMessage{})
)

var extraStrings = []string{"", "null", "a", "x y", "é", "bad\xff\xfe", "\xff", "\xfe", "http://foo.example/m", "https://a.example:8080/p",
	"ftp://x.example", "foo", "10.0.0.1", "::1", "fe80::1%eth0", "10.0.0.0/8", "10.0.0.1/8", "2001:db8::/32", "h:1,h:2",
	"00000000-0000-0000-0000-000000000000", "123e4567-e89b-12d3-a456-426614174000", "2024-01-02T03:04:05Z", "True", "false", "42",
	"-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----\n", "{\"a\":1}", "[1]"}

// gen fills v with a random value; the same seed gives the same value for
// the new and the old type (they have the same shape).
type gen struct{ r *rand.Rand }

func (g gen) str() string {
	if g.r.Intn(3) == 0 {
		return extraStrings[g.r.Intn(len(extraStrings))]
	}
	if g.r.Intn(8) == 0 {
		b := make([]byte, g.r.Intn(300))
		for i := range b {
			b[i] = byte('a' + g.r.Intn(26))
		}
		return string(b)
	}
	return pool.Strings[g.r.Intn(len(pool.Strings))]
}

func (g gen) int() int64 {
	switch g.r.Intn(6) {
	case 0:
		return []int64{0, 1, -1, 65534, 65535, 70000, math.MaxInt64, math.MinInt64, 1 << 53}[g.r.Intn(9)]
	case 1:
		return int64(g.r.Intn(200) - 100)
	}
	n := pool.Ints[g.r.Intn(len(pool.Ints))]
	return n + int64(g.r.Intn(3)-1)
}

func (g gen) fill(v reflect.Value, depth int) {
	if depth > 5 {
		return
	}
	switch v.Type() {
	case addrT:
		s := []string{"10.0.0.1", "::1", "fe80::1%eth0", "::ffff:1.2.3.4", "", "255.255.255.255"}[g.r.Intn(6)]
		a, _ := netip.ParseAddr(s)
		v.Set(reflect.ValueOf(a))
		return
	case prefixT:
		s := []string{"10.0.0.0/8", "10.0.0.1/8", "10.0.0.1/32", "2001:db8::/32", "2001:db8::1/64", "", "0.0.0.0/0"}[g.r.Intn(7)]
		p, _ := netip.ParsePrefix(s)
		v.Set(reflect.ValueOf(p))
		return
	case timeT:
		ts := []time.Time{{}, time.Date(2024, 1, 2, 3, 4, 5, 6, time.UTC), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
			time.Date(2024, 1, 2, 3, 4, 5, 0, time.FixedZone("x", 3600+7)), time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC),
			time.Date(2024, 5, 6, 7, 8, 9, 0, time.FixedZone("y", -5*3600))}
		v.Set(reflect.ValueOf(ts[g.r.Intn(len(ts))]))
		return
	case rawT:
		s := []string{"1", "\"x\"", "{\"a\":1}", "[1,2]", "null", "", "{bad", " { \"a\" : 1 } ", "true", "\"\"", "{\"targets\":[\"*\"]}", "[]"}[g.r.Intn(12)]
		if s != "" || g.r.Intn(2) == 0 {
			v.Set(reflect.ValueOf(json.RawMessage(s)))
		}
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(g.str())
	case reflect.Int64, reflect.Int:
		v.SetInt(g.int())
	case reflect.Float64:
		fs := []float64{0, math.Copysign(0, -1), 0.5, 1.5, -1, 1e300, 3600, math.NaN(), math.Inf(1), 0.1, 1e-7}
		if g.r.Intn(3) == 0 {
			v.SetFloat(float64(g.int()))
		} else {
			v.SetFloat(fs[g.r.Intn(len(fs))])
		}
	case reflect.Bool:
		v.SetBool(g.r.Intn(2) == 0)
	case reflect.Pointer:
		if g.r.Intn(3) == 0 {
			return
		}
		p := reflect.New(v.Type().Elem())
		g.fill(p.Elem(), depth+1)
		v.Set(p)
	case reflect.Slice:
		if g.r.Intn(4) == 0 {
			return
		}
		n := g.r.Intn(4)
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := 0; i < n; i++ {
			g.fill(s.Index(i), depth+1)
		}
		if n > 1 && g.r.Intn(4) == 0 {
			s.Index(1).Set(s.Index(0)) // duplicates, for uniqueItems
		}
		v.Set(s)
	case reflect.Map:
		if g.r.Intn(3) == 0 {
			return
		}
		m := reflect.MakeMap(v.Type())
		for i, n := 0, g.r.Intn(3); i < n; i++ {
			k := reflect.New(v.Type().Key()).Elem()
			g.fill(k, depth+1)
			e := reflect.New(v.Type().Elem()).Elem()
			g.fill(e, depth+1)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() && g.r.Intn(8) != 0 {
				g.fill(v.Field(i), depth+1)
			}
		}
	}
}

func marshal(m marshaler) (bag map[string]string, err error, panicked any) {
	defer func() { panicked = recover() }()
	bag, err = m.MarshalDatabag()
	return
}

func TestEquiv(t *testing.T) {
	data, err := os.ReadFile("pool.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &pool); err != nil {
		t.Fatal(err)
	}
	iters, _ := strconv.Atoi(os.Getenv("EQUIV_ITERS"))
	seed, _ := strconv.ParseInt(os.Getenv("EQUIV_SEED"), 10, 64)
	t.Logf("seed %d, %d values per type", seed, iters)
	for ti, e := range registry {
		var ok, refused, sameMsg int
		// Valid starting values: the fuzz corpus bags the type accepts.
		var starts []map[string]string
		for _, b := range pool.Bags[e.key[:strings.Index(e.key, ":")]] {
			if e.new().UnmarshalDatabag(b) == nil {
				starts = append(starts, b)
			}
		}
		// check compares the two encoders on the current values and
		// reports whether the old one refused them.
		check := func(nv, ov marshaler, s int64) bool {
			nb, nerr, np := marshal(nv)
			ob, oerr, op := marshal(ov)
			switch {
			case (np != nil) != (op != nil):
				t.Errorf("%s seed %d: panic new %v, old %v", e.key, s, np, op)
			case (nerr == nil) != (oerr == nil):
				t.Errorf("%s seed %d: new error %v, old error %v\nvalue %+v", e.key, s, nerr, oerr, nv)
			case np != nil:
			case nerr != nil:
				refused++
				if nerr.Error() == oerr.Error() {
					sameMsg++
				}
			default:
				ok++
				if !reflect.DeepEqual(nb, ob) {
					t.Errorf("%s seed %d: bags differ\nnew %q\nold %q", e.key, s, nb, ob)
				}
			}
			return oerr != nil || op != nil
		}
		for i := 0; i < iters; i++ {
			s := seed + int64(ti)*1000003 + int64(i)
			nv, ov := e.new(), e.old()
			if len(starts) > 0 && i%2 == 0 {
				// A valid value with one field changed.
				b := starts[(i/2)%len(starts)]
				if nv.UnmarshalDatabag(b) != nil || ov.UnmarshalDatabag(b) != nil {
					t.Fatalf("%s: start %q", e.key, b)
				}
				ne, oe := reflect.ValueOf(nv).Elem(), reflect.ValueOf(ov).Elem()
				fi := rand.New(rand.NewSource(s)).Intn(ne.NumField())
				if ne.Type().Field(fi).IsExported() {
					for _, f := range []reflect.Value{ne.Field(fi), oe.Field(fi)} {
						f.Set(reflect.Zero(f.Type()))
						gen{rand.New(rand.NewSource(s + 1))}.fill(f, 1)
					}
				}
			} else {
				gen{rand.New(rand.NewSource(s))}.fill(reflect.ValueOf(nv).Elem(), 0)
				gen{rand.New(rand.NewSource(s))}.fill(reflect.ValueOf(ov).Elem(), 0)
			}
			// Random values are mostly refused: refill one top-level
			// field at a time (the same way in both values) until the
			// old encoder accepts them, comparing at every step.
			for step := int64(0); check(nv, ov, s) && step < 60; step++ {
				fs := s*7919 + step
				ne, oe := reflect.ValueOf(nv).Elem(), reflect.ValueOf(ov).Elem()
				fi := rand.New(rand.NewSource(fs)).Intn(ne.NumField())
				if !ne.Type().Field(fi).IsExported() {
					continue
				}
				for _, f := range []reflect.Value{ne.Field(fi), oe.Field(fi)} {
					f.Set(reflect.Zero(f.Type()))
					r := rand.New(rand.NewSource(fs + 1))
					if r.Intn(4) != 0 {
						gen{r}.fill(f, 1)
					}
				}
			}
		}
		t.Logf("%-40s %3d starts, %5d written (same bag), %6d refused by both (%d with the same message)", e.key, len(starts), ok, refused, sameMsg)
	}
}
`
