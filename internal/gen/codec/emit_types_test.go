package codec

import "testing"

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

func TestNewAliasDecl(t *testing.T) {
	checkRender(t, `newAliasDecl("ProviderApp", "Provider")`, newAliasDecl("ProviderApp", "Provider"), `// ProviderApp is Provider: the legacy schema does not say which databag it describes.
type ProviderApp = Provider`)
}
