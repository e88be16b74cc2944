package codec

import "testing"

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
