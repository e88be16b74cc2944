// Package meta is charmgen's model of a charm's metadata, the first stage of
// its pipeline: every later stage reads the Charm it returns.
//
// Load reads a charm directory's metadata in whichever form the charm uses —
// the unified charmcraft.yaml, the legacy metadata.yaml, config.yaml and
// actions.yaml, or a mix of the two — and validates it as Juju and
// charmcraft do: names, reserved endpoint and action names, a subordinate's
// container-scoped requires, config options and their defaults, actions and
// their params, storage, devices, containers, resources, assumes, bases and
// platforms. Under Juju 4 (the default; see Options.Juju) series is an error
// that names the base to write instead (BaseForSeries). The YAML is parsed
// with positions (ParseYAML, Node), so every element of the model keeps the
// file, line and column that defined it (Pos), and every error and warning
// (Diagnostic) points at the line to fix. Load returns the model even when
// there are errors, as far as it could build it.
//
// meta generates no code and writes no file. Package gen turns a Charm into
// Go, package lint checks it, charm/charmtest and jujusim build a simulated
// unit's starting state from it, meta/legacy renders it as the files
// charmcraft pack writes (which package pack ships), and meta/unified turns
// any form into one charmcraft.yaml. View is the projection that `charmgen
// meta show` prints.
package meta
