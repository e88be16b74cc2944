package jujusim

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"gopkg.in/yaml.v2"
)

// parseKeyValues is juju/utils keyvalues.Parse (utils/v4
// keyvalues/keyvalues.go), which relation-set and state-set use for their
// arguments: empty arguments are skipped, key and value are trimmed of
// spaces, an empty key (or an empty value unless allowEmpty) and a
// duplicate key are errors.
func parseKeyValues(args []string, allowEmpty bool) (map[string]string, error) {
	out := map[string]string{}
	for _, arg := range args {
		if arg == "" {
			continue
		}
		k, v, ok := strings.Cut(arg, "=")
		if !ok {
			return nil, fmt.Errorf("expected \"key=value\", got %q", arg)
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if k == "" || (!allowEmpty && v == "") {
			return nil, fmt.Errorf("expected \"key=value\", got \"%s=%s\"", k, v)
		}
		if _, dup := out[k]; dup {
			return nil, fmt.Errorf("key %q specified more than once", k)
		}
		out[k] = v
	}
	return out, nil
}

// parseStringMap reads what relation-set and state-set take with --file:
// jujuc's readSettings (internal/worker/uniter/runner/jujuc/relation-set.go)
// decodes it with gopkg.in/yaml.v2 into a map[string]string, and so does
// this. yaml.v2 decides everything: JSON is read as YAML (so a JSON file
// with an escape YAML lacks, such as "\/", is refused), scalars that are
// not strings keep their text (1.50 stays "1.50", yes stays "yes"), null
// and ~ become "" (which relation-set treats as a delete), a later
// duplicate key wins, and a nested value fails the whole file with
// yaml.v2's "unmarshal errors" text.
func parseStringMap(data []byte) (map[string]string, error) {
	kvs := map[string]string{}
	// readSettings passes the map itself, not a pointer to it.
	if err := yamlUnmarshal(data, kvs); err != nil {
		return nil, err
	}
	return kvs, nil
}

// parseSecretFile reads the --file of secret-add and secret-set the way
// core/secrets ReadSecretData (core/secrets/createsecret.go) does: as JSON
// first, and when that fails as YAML (yaml.v2), both into a
// map[string]string. A JSON file with numbers fails the JSON decoder and
// is then read by yaml.v2, which keeps their text.
func parseSecretFile(data []byte) (map[string]string, error) {
	attrs := map[string]string{}
	if err := json.Unmarshal(data, &attrs); err != nil {
		if err := yamlUnmarshal(data, &attrs); err != nil {
			return nil, err
		}
	}
	return attrs, nil
}

// yamlUnmarshal is yaml.Unmarshal. yaml.v2 turns its own failures into
// errors but lets a runtime panic through; in Juju that would take the
// unit agent down with the hook, here it is an error of the tool.
//
// unverified: no input is known to make yaml.v2 v2.4.0 panic here.
func yamlUnmarshal(data []byte, out any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: %v", r)
		}
	}()
	return yaml.Unmarshal(data, out)
}

// sortedWriteKeys returns the keys of m in order (for write logs).
func sortedWriteKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
