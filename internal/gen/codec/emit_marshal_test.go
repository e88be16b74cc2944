package codec

import "testing"

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
