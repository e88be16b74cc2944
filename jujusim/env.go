package jujusim

import (
	"fmt"
	"hash/fnv"
	"sort"
	"strconv"
	"strings"
)

// HookContext describes the hook (or action) being run: everything Juju puts
// in the hook's environment (reference §3). Fields that do not apply are
// left empty.
type HookContext struct {
	// Hook is the hook name (install, db-relation-changed, data-storage-attached,
	// web-pebble-ready, ...). Empty when an action runs.
	Hook string
	// ActionName is the action name when an action runs (then Hook is empty).
	ActionName string
	// ActionID is the action's id (JUJU_ACTION_UUID); JUJU_ACTION_TAG is
	// "action-" + ActionID.
	ActionID string

	// UnitName, ModelName and ModelUUID identify the unit; when empty, the
	// Agent fills them from the State.
	UnitName  string
	ModelName string
	ModelUUID string
	// CharmDir is JUJU_CHARM_DIR (and the legacy CHARM_DIR).
	CharmDir string
	// ContextID is JUJU_CONTEXT_ID; Environ derives a stable one when empty.
	ContextID string
	// JujuVersion is JUJU_VERSION (e.g. 3.6.4).
	JujuVersion string
	// SocketAddress and SocketNetwork are JUJU_AGENT_SOCKET_ADDRESS/_NETWORK.
	SocketAddress string
	SocketNetwork string
	// Less used values Juju always sets (possibly empty).
	APIAddresses     string
	MachineID        string
	PrincipalUnit    string
	AvailabilityZone string
	CloudAPIVersion  string

	// Relation is the relation's endpoint name in relation hooks; a relation
	// context exists exactly when it is non-empty.
	Relation string
	// RelationID is the relation id (JUJU_RELATION_ID is "<endpoint>:<id>").
	RelationID int
	// RemoteUnit and RemoteApp name the remote side (RemoteUnit may be empty:
	// relation-created, -broken, app-level -changed).
	RemoteUnit string
	RemoteApp  string
	// DepartingUnit is set in relation-departed.
	DepartingUnit string

	// SecretID (URI) and SecretLabel are set in secret hooks; SecretRevision
	// only in secret-expired and secret-remove.
	SecretID       string
	SecretLabel    string
	SecretRevision int

	// Workload is the container name in Pebble hooks; NoticeID/Type/Key in
	// pebble-custom-notice; CheckName in pebble-check-failed/-recovered.
	Workload   string
	NoticeID   string
	NoticeType string
	NoticeKey  string
	CheckName  string

	// StorageID ("name/N"), StorageLocation and StorageKind are set in
	// storage hooks.
	StorageID       string
	StorageLocation string
	StorageKind     string

	// TargetBase is JUJU_TARGET_BASE (3.6 series-upgrade hooks only).
	TargetBase string
}

// IsAction reports whether the context is an action.
func (h HookContext) IsAction() bool { return h.ActionName != "" }

// Name returns the hook name, or the action name for actions.
func (h HookContext) Name() string {
	if h.IsAction() {
		return h.ActionName
	}
	return h.Hook
}

// DispatchPath returns JUJU_DISPATCH_PATH: hooks/<hook> or actions/<action>.
func (h HookContext) DispatchPath() string {
	if h.IsAction() {
		return "actions/" + h.ActionName
	}
	return "hooks/" + h.Hook
}

// Environ returns the environment Juju gives the hook, as a map. It does
// not include PATH (the caller prepends its tools directory to its own) or
// the legacy lower-case proxy variables.
func (h HookContext) Environ() map[string]string {
	env := map[string]string{
		"CHARM_DIR":                 h.CharmDir,
		"JUJU_CHARM_DIR":            h.CharmDir,
		"JUJU_CONTEXT_ID":           h.contextID(),
		"JUJU_HOOK_NAME":            h.Hook,
		"JUJU_DISPATCH_PATH":        h.DispatchPath(),
		"JUJU_AGENT_SOCKET_ADDRESS": h.SocketAddress,
		"JUJU_AGENT_SOCKET_NETWORK": h.SocketNetwork,
		"JUJU_UNIT_NAME":            h.UnitName,
		"JUJU_MODEL_UUID":           h.ModelUUID,
		"JUJU_MODEL_NAME":           h.ModelName,
		"JUJU_API_ADDRESSES":        h.APIAddresses,
		"JUJU_MACHINE_ID":           h.MachineID,
		"JUJU_PRINCIPAL_UNIT":       h.PrincipalUnit,
		"JUJU_AVAILABILITY_ZONE":    h.AvailabilityZone,
		"JUJU_VERSION":              h.JujuVersion,
		"CLOUD_API_VERSION":         h.CloudAPIVersion,
		"JUJU_CHARM_HTTP_PROXY":     "",
		"JUJU_CHARM_HTTPS_PROXY":    "",
		"JUJU_CHARM_FTP_PROXY":      "",
		"JUJU_CHARM_NO_PROXY":       "",
		"APT_LISTCHANGES_FRONTEND":  "none",
		"DEBIAN_FRONTEND":           "noninteractive",
	}
	if h.IsAction() {
		env["JUJU_HOOK_NAME"] = "" // empty for actions (reference §3)
	}
	if h.Relation != "" {
		env["JUJU_RELATION"] = h.Relation
		env["JUJU_RELATION_ID"] = h.Relation + ":" + strconv.Itoa(h.RelationID)
		env["JUJU_REMOTE_UNIT"] = h.RemoteUnit
		env["JUJU_REMOTE_APP"] = h.RemoteApp
		if h.DepartingUnit != "" {
			env["JUJU_DEPARTING_UNIT"] = h.DepartingUnit
		}
	}
	if h.IsAction() {
		env["JUJU_ACTION_NAME"] = h.ActionName
		env["JUJU_ACTION_UUID"] = h.ActionID
		env["JUJU_ACTION_TAG"] = "action-" + h.ActionID
	}
	if h.Workload != "" {
		env["JUJU_WORKLOAD_NAME"] = h.Workload
		if h.NoticeID != "" {
			env["JUJU_NOTICE_ID"] = h.NoticeID
			env["JUJU_NOTICE_TYPE"] = h.NoticeType
			env["JUJU_NOTICE_KEY"] = h.NoticeKey
		}
		if h.CheckName != "" {
			env["JUJU_PEBBLE_CHECK_NAME"] = h.CheckName
		}
	}
	if h.TargetBase != "" {
		env["JUJU_TARGET_BASE"] = h.TargetBase
	}
	if h.SecretID != "" {
		env["JUJU_SECRET_ID"] = h.SecretID
		env["JUJU_SECRET_LABEL"] = h.SecretLabel
		if h.SecretRevision > 0 {
			env["JUJU_SECRET_REVISION"] = strconv.Itoa(h.SecretRevision)
		}
	}
	if h.StorageID != "" {
		env["JUJU_STORAGE_ID"] = h.StorageID
		env["JUJU_STORAGE_LOCATION"] = h.StorageLocation
		env["JUJU_STORAGE_KIND"] = h.StorageKind
	}
	return env
}

// EnvironList returns Environ as sorted "KEY=value" strings (os/exec form).
func (h HookContext) EnvironList() []string {
	env := h.Environ()
	out := make([]string, 0, len(env))
	for _, k := range sortedKeys(env) {
		out = append(out, k+"="+env[k])
	}
	sort.Strings(out)
	return out
}

// contextID returns ContextID or a stable "<unit>-<name>-<n>".
func (h HookContext) contextID() string {
	if h.ContextID != "" {
		return h.ContextID
	}
	f := fnv.New32a()
	_, _ = f.Write([]byte(h.UnitName + "\x00" + h.Name() + "\x00" + h.RemoteUnit + "\x00" + strconv.Itoa(h.RelationID)))
	return fmt.Sprintf("%s-%s-%d", h.UnitName, h.Name(), f.Sum32()%10000000)
}

// ParseEnviron is the inverse of Environ: it reads a hook environment and
// returns the HookContext it describes. It accepts "KEY=value" strings or a
// map (see ParseEnvironMap).
func ParseEnviron(environ []string) (HookContext, error) {
	m := make(map[string]string, len(environ))
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			m[k] = v
		}
	}
	return ParseEnvironMap(m)
}

// ParseEnvironMap reads a HookContext from an environment map.
func ParseEnvironMap(env map[string]string) (HookContext, error) {
	h := HookContext{
		Hook:             env["JUJU_HOOK_NAME"],
		ActionName:       env["JUJU_ACTION_NAME"],
		ActionID:         env["JUJU_ACTION_UUID"],
		UnitName:         env["JUJU_UNIT_NAME"],
		ModelName:        env["JUJU_MODEL_NAME"],
		ModelUUID:        env["JUJU_MODEL_UUID"],
		CharmDir:         env["JUJU_CHARM_DIR"],
		ContextID:        env["JUJU_CONTEXT_ID"],
		JujuVersion:      env["JUJU_VERSION"],
		SocketAddress:    env["JUJU_AGENT_SOCKET_ADDRESS"],
		SocketNetwork:    env["JUJU_AGENT_SOCKET_NETWORK"],
		APIAddresses:     env["JUJU_API_ADDRESSES"],
		MachineID:        env["JUJU_MACHINE_ID"],
		PrincipalUnit:    env["JUJU_PRINCIPAL_UNIT"],
		AvailabilityZone: env["JUJU_AVAILABILITY_ZONE"],
		CloudAPIVersion:  env["CLOUD_API_VERSION"],
		RemoteUnit:       env["JUJU_REMOTE_UNIT"],
		RemoteApp:        env["JUJU_REMOTE_APP"],
		DepartingUnit:    env["JUJU_DEPARTING_UNIT"],
		SecretID:         env["JUJU_SECRET_ID"],
		SecretLabel:      env["JUJU_SECRET_LABEL"],
		Workload:         env["JUJU_WORKLOAD_NAME"],
		NoticeID:         env["JUJU_NOTICE_ID"],
		NoticeType:       env["JUJU_NOTICE_TYPE"],
		NoticeKey:        env["JUJU_NOTICE_KEY"],
		CheckName:        env["JUJU_PEBBLE_CHECK_NAME"],
		StorageID:        env["JUJU_STORAGE_ID"],
		StorageLocation:  env["JUJU_STORAGE_LOCATION"],
		StorageKind:      env["JUJU_STORAGE_KIND"],
		TargetBase:       env["JUJU_TARGET_BASE"],
	}
	if h.CharmDir == "" {
		h.CharmDir = env["CHARM_DIR"]
	}
	if dp := env["JUJU_DISPATCH_PATH"]; dp != "" {
		switch {
		case strings.HasPrefix(dp, "hooks/"):
			if h.Hook == "" {
				h.Hook = strings.TrimPrefix(dp, "hooks/")
			}
		case strings.HasPrefix(dp, "actions/"):
			if h.ActionName == "" {
				h.ActionName = strings.TrimPrefix(dp, "actions/")
			}
		default:
			return h, fmt.Errorf("JUJU_DISPATCH_PATH %q is neither hooks/<name> nor actions/<name>", dp)
		}
	}
	if h.ActionName != "" && h.Hook != "" {
		return h, fmt.Errorf("both a hook (%q) and an action (%q) are named", h.Hook, h.ActionName)
	}
	if rid, ok := env["JUJU_RELATION_ID"]; ok && rid != "" {
		ep, num, found := strings.Cut(rid, ":")
		id, err := strconv.Atoi(num)
		if !found || err != nil || id < 0 {
			return h, fmt.Errorf("JUJU_RELATION_ID %q is not <endpoint>:<id>", rid)
		}
		h.RelationID = id
		h.Relation = env["JUJU_RELATION"]
		if h.Relation == "" {
			h.Relation = ep
		}
		if h.Relation == "" {
			return h, fmt.Errorf("JUJU_RELATION_ID %q has no endpoint name", rid)
		}
	}
	if rev := env["JUJU_SECRET_REVISION"]; rev != "" {
		n, err := strconv.Atoi(rev)
		if err != nil || n < 0 {
			return h, fmt.Errorf("JUJU_SECRET_REVISION %q is not a revision number", rev)
		}
		h.SecretRevision = n
	}
	return h, nil
}
