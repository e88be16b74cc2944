package codec

import "testing"

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
	g := toyPackage(t, optionalSchema)
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
