package schemas

import (
	_ "embed"

	"github.com/charmgen/charmgen/daemon/hooksfile"
	"github.com/invopop/jsonschema"
)

// HooksFile is the file name of the schema of the daemon layout's hooks
// file (charmgen-hooks.yaml), reflected from hooksfile.File.
const HooksFile = "charmgen-hooks.schema.json"

// CommittedHooks is the committed charmgen-hooks.schema.json.
//
//go:embed charmgen-hooks.schema.json
var CommittedHooks []byte

// HooksSchema returns the schema of charmgen-hooks.yaml.
func HooksSchema() *jsonschema.Schema {
	r := &jsonschema.Reflector{Anonymous: true, ExpandedStruct: true}
	s := r.Reflect(&hooksfile.File{})
	s.ID = jsonschema.ID(BaseURL + HooksFile)
	s.Title = hooksfile.FileName
	s.Description = "The daemon layout's hooks file: the scripts the unit's daemon runs for each hook, action " +
		"and timer after the charm's Go reconciler, and the JSON Schemas relation data is checked against (docs/daemon.md)."
	s.Comments = generatedComment
	if sc := s.Definitions["Script"]; sc != nil {
		// Exactly one of script and inline.
		sc.OneOf = []*jsonschema.Schema{{Required: []string{"script"}}, {Required: []string{"inline"}}}
		if p, ok := sc.Properties.Get("script"); ok {
			p.Pattern = `^[^/.][^\0]*$`
		}
	}
	if t := s.Definitions["Timer"]; t != nil {
		if p, ok := t.Properties.Get("every"); ok {
			p.Pattern = `^([0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h))+$`
		}
	}
	if rs := s.Definitions["RelationSchema"]; rs != nil {
		if p, ok := rs.Properties.Get("schema"); ok {
			*p = jsonschema.Schema{Description: p.Description, OneOf: []*jsonschema.Schema{
				{Type: "string", MinLength: uintp(1)},
				{Type: "object"},
			}}
		}
	}
	return s
}

// HooksSchemaJSON renders HooksSchema as committed.
func HooksSchemaJSON() ([]byte, error) { return render(HooksSchema()) }
