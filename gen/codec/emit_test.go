package codec

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/gen/ifaceschema"
	"github.com/dave/jennifer/jen"
)

// tinySchema is the provider role of a toy interface: one plain field, one
// JSON field holding a list of objects with an enum, bounds and a pattern.
const tinySchema = `{
  "$defs": {
    "Color": {"enum": ["red", "dark-blue"], "type": "string", "description": "A color."},
    "Item": {
      "description": "One item.",
      "properties": {
        "name": {"type": "string", "pattern": "^[a-z]+$"},
        "size": {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "null"}]},
        "color": {"$ref": "#/$defs/Color"}
      },
      "required": ["name", "size"],
      "type": "object"
    },
    "Data": {
      "properties": {
        "host": {"type": "string", "description": "Where."},
        "items": {"contentMediaType": "application/json", "contentSchema": {"items": {"$ref": "#/$defs/Item"}, "type": "array", "maxItems": 2}, "type": "string"}
      },
      "required": ["host"],
      "type": "object"
    }
  },
  "properties": {"app": {"$ref": "#/$defs/Data"}},
  "type": "object"
}`

func tinyPackage(t *testing.T) *goPackage {
	t.Helper()
	sr, diags := ifaceschema.ParseRole("provider.json", []byte(tinySchema))
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	it := &ifaceschema.Interface{Name: "toy", Version: 1, Tree: "", Dir: "toy/v1",
		Provider: &ifaceschema.Role{Name: "provider", File: "toy/v1/provider.json", Schema: sr}}
	g := buildPackage(&Config{}, it, func(d ifaceschema.Diagnostic) { t.Errorf("warning: %s", d) })
	if g == nil {
		t.Fatal("no package")
	}
	return g
}

// render renders code into a file of package toyv1 and returns what
// follows the package clause and imports.
func renderCode(t *testing.T, code jen.Code) string {
	t.Helper()
	f := jen.NewFile("toyv1")
	f.ImportName(RuntimePath, "databag")
	f.Add(code)
	src := fmt.Sprintf("%#v", f)
	if i := strings.Index(src, ")\n\n"); i >= 0 && strings.Contains(src[:i], "import (") {
		src = src[i+3:]
	} else if i := strings.Index(src, "\n\n"); i >= 0 {
		src = src[i+2:]
		if strings.HasPrefix(src, "import ") {
			src = src[strings.Index(src, "\n\n")+2:]
		}
	}
	return src
}

func checkRender(t *testing.T, name string, code jen.Code, want string) {
	t.Helper()
	got := renderCode(t, code)
	if strings.TrimSpace(got) != strings.TrimSpace(want) {
		t.Errorf("%s: got\n%s\nwant\n%s\n%s", name, got, want, diff(strings.TrimSpace(want), strings.TrimSpace(got)))
	}
}

func diff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("first difference at line %d:\n-%s\n+%s", i+1, w, g)
		}
	}
	return ""
}

func item(g *goPackage) *structType {
	for _, s := range g.structs {
		if s.name == "Item" {
			return s
		}
	}
	return nil
}

func TestNewRuleVarRegexp(t *testing.T) {
	g := tinyPackage(t)
	checkRender(t, `newRuleVar(g.rules[0])`, newRuleVar(g.rules[0]), `var pattern0 = regexp.MustCompile("^[a-z]+$")`)
}

func TestNewRuleVarString(t *testing.T) {
	g := tinyPackage(t)
	checkRender(t, `newRuleVar(g.rules[1])`, newRuleVar(g.rules[1]), `var stringRules1 = databag.StringRules{
	MaxLength: -1,
	MinLength: -1,
	Pattern:   pattern0,
}`)
}

func TestNewRuleVarNumber(t *testing.T) {
	g := tinyPackage(t)
	checkRender(t, `newRuleVar(g.rules[2])`, newRuleVar(g.rules[2]), `var numberRules2 = databag.NumberRules{
	Has:     databag.HasMinimum,
	Minimum: 1.0,
}`)
}

func TestNewRuleVarArray(t *testing.T) {
	g := tinyPackage(t)
	checkRender(t, `newRuleVar(g.rules[3])`, newRuleVar(g.rules[3]), `var arrayRules3 = databag.ArrayRules{
	MaxItems: 2,
	MinItems: -1,
}`)
}

func TestNewStructDeclBag(t *testing.T) {
	g := tinyPackage(t)
	checkRender(t, `newStructDecl(g.bags[0].st)`, newStructDecl(g.bags[0].st), `// ProviderApp is the provider's application databag (written by its leader).
type ProviderApp struct {
	// Host: Where.
	// Key "host", written as a plain string; required.
	Host string

	// Items: Key "items", written as JSON text; optional.
	Items []Item

	// Extra holds the keys the schema does not declare, with their databag values.
	// They survive a decode and encode round trip.
	Extra map[string]string
}`)
}

func TestNewStructDeclNested(t *testing.T) {
	g := tinyPackage(t)
	checkRender(t, `newStructDecl(item(g))`, newStructDecl(item(g)), `// Item: One item.
type Item struct {
	// Name: Key "name"; required.
	Name string

	// Size: Key "size"; required by the schema but nullable: read as optional.
	Size *int64

	// Color: A color.
	// Key "color"; optional.
	Color *Color

	// Extra holds the keys the schema does not declare, with their JSON text. They
	// survive a decode and encode round trip.
	Extra map[string]json.RawMessage
}`)
}

func TestNewEnumDecl(t *testing.T) {
	g := tinyPackage(t)
	checkRender(t, `newEnumDecl(g.enums[0])`, newEnumDecl(g.enums[0]), `// Color: A color.
type Color string

// Values of Color.
const (
	ColorRed      Color = "red"
	ColorDarkBlue Color = "dark-blue"
)

// Valid reports whether v is one of the values the schema allows.
func (v Color) Valid() bool {
	switch v {
	case ColorRed, ColorDarkBlue:
		return true
	}
	return false
}

var enumColorValues = []string{"\"red\"", "\"dark-blue\""}`)
}

func TestNewUnmarshalMethod(t *testing.T) {
	g := tinyPackage(t)
	checkRender(t, `newUnmarshalMethod(g.bags[0].st)`, newUnmarshalMethod(g.bags[0].st), `// UnmarshalDatabag reads and checks a raw databag. Problems are reported
// together, each at its field path; the Juju keys ingress-address,
// egress-subnets and private-address are ignored.
// A bag with no data at all returns databag.ErrEmpty (the remote side
// has not written it yet: wait, this is not an invalid bag).
func (x *ProviderApp) UnmarshalDatabag(bag map[string]string) error {
	*x = ProviderApp{}
	if databag.IsEmpty(bag) {
		return databag.ErrEmpty
	}
	errs := &databag.Errors{}
	if s, ok := databag.Lookup(bag, "host"); ok {
		x.Host = s
	} else {
		errs.Missing(nil, "host")
	}
	if s, ok := databag.Lookup(bag, "items"); ok {
		p := databag.Field("items")
		d := databag.NewDecoder(s, errs)
		if d.Array(&p) {
			v1 := []Item{}
			for i1 := 0; d.More(); i1++ {
				p1 := p.Index(i1)
				var x1 Item
				x1.decodeJSON(&d, &p1)
				v1 = append(v1, x1)
			}
			databag.CheckArray(&p, d.Errs(), len(v1), &arrayRules3)
			x.Items = v1
		}
		d.Finish(&p)
	}
	for k, v := range bag {
		switch k {
		case "host", "items":
			continue
		}
		if v == "" || databag.IsJujuKey(k) {
			continue
		}
		if x.Extra == nil {
			x.Extra = map[string]string{}
		}
		x.Extra[k] = v
	}
	return errs.Err()
}`)
}

// optionalSchema is a provider role whose app databag has no required
// key: an empty bag is a valid value of it, not databag.ErrEmpty.
const optionalSchema = `{
  "properties": {"app": {"properties": {"host": {"type": "string"}}, "type": "object"}},
  "type": "object"
}`

func TestNewUnmarshalMethodOptional(t *testing.T) {
	sr, diags := ifaceschema.ParseRole("provider.json", []byte(optionalSchema))
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	it := &ifaceschema.Interface{Name: "toy", Version: 1, Tree: "", Dir: "toy/v1",
		Provider: &ifaceschema.Role{Name: "provider", File: "toy/v1/provider.json", Schema: sr}}
	g := buildPackage(&Config{}, it, func(d ifaceschema.Diagnostic) { t.Errorf("warning: %s", d) })
	if g == nil {
		t.Fatal("no package")
	}
	checkRender(t, `newUnmarshalMethod(optional)`, newUnmarshalMethod(g.bags[0].st), `// UnmarshalDatabag reads and checks a raw databag. Problems are reported
// together, each at its field path; the Juju keys ingress-address,
// egress-subnets and private-address are ignored.
func (x *ProviderApp) UnmarshalDatabag(bag map[string]string) error {
	*x = ProviderApp{}
	errs := &databag.Errors{}
	if s, ok := databag.Lookup(bag, "host"); ok {
		var v string
		v = s
		x.Host = &v
	}
	for k, v := range bag {
		switch k {
		case "host":
			continue
		}
		if v == "" || databag.IsJujuKey(k) {
			continue
		}
		if x.Extra == nil {
			x.Extra = map[string]string{}
		}
		x.Extra[k] = v
	}
	return errs.Err()
}`)
}

func TestNewMarshalMethod(t *testing.T) {
	g := tinyPackage(t)
	checkRender(t, `newMarshalMethod(g.bags[0].st)`, newMarshalMethod(g.bags[0].st), `// MarshalDatabag encodes x as a databag, deterministically. Absent optional
// values and values equal to their default are left out, and no key is
// set to "" (Juju would delete it). It refuses, at their field paths, the
// values its UnmarshalDatabag would refuse of the result.
func (x *ProviderApp) MarshalDatabag() (map[string]string, error) {
	errs := &databag.Errors{}
	bad := &databag.Errors{}
	bag := make(map[string]string, 2+len(x.Extra))
	var w databag.Encoder
	{
		p := databag.Field("host")
		if x.Host == "" {
			errs.Add(&p, databag.MsgEmpty)
		} else {
			bag["host"] = x.Host
		}
	}
	if x.Items != nil {
		p := databag.Field("items")
		w.Reset()
		w.BeginArray()
		for ie1, ve1 := range x.Items {
			pe1 := p.Index(ie1)
			ve1.encodeJSON(&w, &pe1, errs, bad)
		}
		w.EndArray()
		{
			xse1 := x.Items
			databag.CheckArray(&p, bad, len(xse1), &arrayRules3)
		}
		bag["items"] = w.Text()
	}
	for k, v := range x.Extra {
		switch k {
		case "host", "items":
			continue
		}
		if v == "" || databag.IsJujuKey(k) {
			continue
		}
		bag[k] = v
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if databag.IsEmpty(bag) {
		return nil, fmt.Errorf("the encoded databag would not be valid: %w", databag.ErrEmpty)
	}
	if err := bad.Err(); err != nil {
		return nil, fmt.Errorf("the encoded databag would not be valid: %w", err)
	}
	return bag, nil
}`)
}

func TestNewDecodeMethod(t *testing.T) {
	g := tinyPackage(t)
	checkRender(t, `newDecodeMethod(item(g))`, newDecodeMethod(item(g)), `// decodeJSON reads the object at p.
func (x *Item) decodeJSON(d *databag.Decoder, p *databag.Path) {
	if !d.Object(p) {
		return
	}
	var hasName bool
	for {
		k, ok := d.Key()
		if !ok {
			break
		}
		switch k {
		case "name":
			hasName = true
			q := p.Key(k)
			if v1, ok := d.String(&q); ok {
				databag.CheckString(&q, d.Errs(), v1, &stringRules1)
				x.Name = v1
			}
		case "size":
			q := p.Key(k)
			if d.Null() {
				x.Size = nil
			} else {
				var v1 int64
				if v2, ok := d.Int(&q); ok {
					databag.CheckInt(&q, d.Errs(), v2, &numberRules2)
					v1 = v2
				}
				x.Size = &v1
			}
		case "color":
			q := p.Key(k)
			var v1 Color
			if v2, ok := d.String(&q); ok {
				e2 := Color(v2)
				if !e2.Valid() {
					databag.BadEnum(&q, d.Errs(), databag.QuoteJSON(v2), enumColorValues)
				}
				v1 = e2
			}
			x.Color = &v1
		default:
			q := p.Key(k)
			if v, ok := d.Raw(&q); ok {
				if x.Extra == nil {
					x.Extra = map[string]json.RawMessage{}
				}
				x.Extra[k] = v
			}
		}
	}
	if !hasName {
		d.Errs().Missing(p, "name")
	}
}`)
}

func TestNewEncodeMethod(t *testing.T) {
	g := tinyPackage(t)
	checkRender(t, `newEncodeMethod(item(g))`, newEncodeMethod(item(g)), `// encodeJSON writes x as a JSON object.
func (x *Item) encodeJSON(w *databag.Encoder, p *databag.Path, e *databag.Errors, ce *databag.Errors) {
	w.BeginObject()
	{
		w.Key("name")
		q := p.Key("name")
		{
			cs := databag.ValidUTF8(x.Name)
			databag.CheckString(&q, ce, cs, &stringRules1)
		}
		w.String(x.Name)
	}
	if x.Size == nil {
		w.Key("size")
		w.Null()
	} else {
		w.Key("size")
		q := p.Key("size")
		databag.CheckInt(&q, ce, *x.Size, &numberRules2)
		w.Int(*x.Size)
	}
	if x.Color != nil {
		w.Key("color")
		q := p.Key("color")
		if !(*x.Color).Valid() {
			databag.BadEnum(&q, ce, databag.QuoteJSON(string(*x.Color)), enumColorValues)
		}
		w.String(string(*x.Color))
	}
	for _, k := range databag.SortedKeys(x.Extra) {
		switch k {
		case "name", "size", "color":
			continue
		}
		v := x.Extra[k]
		q := p.Key(k)
		w.Key(k)
		w.Raw(&q, e, v)
	}
	w.EndObject()
}`)
}

func TestNewAliasDecl(t *testing.T) {
	checkRender(t, `newAliasDecl("ProviderApp", "Provider")`, newAliasDecl("ProviderApp", "Provider"), `// ProviderApp is Provider: the legacy schema does not say which databag it describes.
type ProviderApp = Provider`)
}

func TestNewAssertion(t *testing.T) {
	checkRender(t, `newAssertion([]string{"ProviderApp"})`, newAssertion([]string{"ProviderApp"}), `var (
	_ charm.Databag = (*ProviderApp)(nil)
)`)
}

func TestNewFuzzTest(t *testing.T) {
	g := tinyPackage(t)
	checkRender(t, `newFuzzTest(g)`, newFuzzTest(g), `// FuzzDatabags feeds random databags to every decoder of the package: a
// decoder never panics, and what it accepts re-encodes to a databag that
// decodes to the same value.
func FuzzDatabags(f *testing.F) {
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		bag := databag.BagFromBytes(data)
		{
			var x ProviderApp
			if err := x.UnmarshalDatabag(bag); err == nil {
				out, err := x.MarshalDatabag()
				if err != nil {
					t.Fatalf("ProviderApp: accepted %q but cannot encode it: %v", bag, err)
				}
				var y ProviderApp
				if err := y.UnmarshalDatabag(out); err != nil {
					t.Fatalf("ProviderApp: re-encoded %q does not decode: %v", out, err)
				}
				if !reflect.DeepEqual(x, y) {
					t.Fatalf("ProviderApp: %q decodes to %+v, re-encoded as %q it decodes to %+v", bag, x, out, y)
				}
			}
		}
	})
}`)
}

func TestNewPackageDoc(t *testing.T) {
	g := tinyPackage(t)
	got := newPackageDoc(g, "example.com/x")
	want := `Package toyv1 holds typed databags for version 1 of the toy relation interface, generated by charmgen from toy/v1/provider.json.

Each type implements charm.Databag: UnmarshalDatabag reads and checks a raw databag from a peer (problems are errors, never panics; a bag the peer has not written yet is databag.ErrEmpty, waiting rather than broken) and MarshalDatabag writes one in the wire format Python charms use.

Databag types: ProviderApp.

Import it as "example.com/x/toy/v1".
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestNames pins the codec's own naming: package names and enum constant
// parts (type and field names are names.Exported, tested in gen/names).
func TestNames(t *testing.T) {
	for in, want := range map[string]string{"k8s-service": "k8sservicev0", "tls_certificates": "tlscertificatesv0", "9lives": "x9livesv0", "Go": "gov0"} {
		if got := packageName(in, 0); got != want {
			t.Errorf("packageName(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"query-frontend": "QueryFrontend", "2": "2", "-1": "Minus1", "": "Empty", "***": "Value", "xml": "XML", "oauth2": "OAuth2", "jwt": "JWT"} {
		if got := constName(in); got != want {
			t.Errorf("constName(%q) = %q, want %q", in, got, want)
		}
	}
}
