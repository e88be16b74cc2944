// Package databag is the runtime side of charmgen's typed relation
// databags: the helpers that generated codecs call, in the wire format
// Python charms use.
//
// A Juju relation databag is a map[string]string. charmgen generates, from
// a relation interface's JSON Schemas, one Go type per databag (ProviderApp,
// ProviderUnit, RequirerApp, RequirerUnit) whose UnmarshalDatabag and
// MarshalDatabag methods (the charm.Databag interface) call this package:
//
//   - Decoder reads the JSON text of a value without reflection, and
//     reports wrong types at their field path (certificates[2].ca) instead
//     of stopping at the first one;
//   - Encoder writes compact, deterministic JSON;
//   - YAMLText and YAMLFromJSON read and write a value as the YAML document
//     PyYAML's yaml.safe_dump writes (contentMediaType application/yaml,
//     charmgen.yaml's encoding: yaml);
//   - ParseBoolText, ParseIntText and ParseFloatText read values written as
//     plain text (true/True/false/False, 42);
//   - CheckString, CheckInt, CheckFloat, CheckArray, CheckUnique, BadEnum
//     apply the schema's checks with the same messages everywhere;
//   - Errors collects problems and Error reports them.
//
// The package depends on the standard library only, so a charm's build
// pulls in nothing else. Package schema reads the JSON Schemas themselves,
// and package validate checks a databag against a schema at run time with
// the same rules and messages as generated code.
package databag
