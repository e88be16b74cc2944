package codec

import "testing"

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
