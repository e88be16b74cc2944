package codec

import "testing"

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
