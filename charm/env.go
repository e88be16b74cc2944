package charm

import (
	"path"
	"strconv"
	"strings"
)

// Env is the environment Juju gives a hook or action (reference: Juju sets
// these for every hook; the conditional ones only for their kind of hook).
type Env struct {
	DispatchPath string // hooks/<name> or actions/<name>
	HookName     string // empty for actions
	ActionName   string
	ActionUUID   string
	CharmDir     string
	ContextID    string
	UnitName     string
	ModelName    string
	ModelUUID    string
	JujuVersion  string
	MachineID    string
	Principal    string // JUJU_PRINCIPAL_UNIT, for subordinates

	RelationName   string // endpoint
	RelationID     string // <endpoint>:<id>
	RemoteUnit     string
	RemoteApp      string
	DepartingUnit  string
	SecretID       string
	SecretLabel    string
	SecretRevision int
	Workload       string // container of a pebble hook
	NoticeID       string
	NoticeType     string
	NoticeKey      string
	CheckName      string
	StorageID      string // <name>/<n>
	StorageLoc     string
	StorageKind    string

	// PebbleDir is where the containers' Pebble sockets are:
	// <PebbleDir>/<container>/pebble.socket. Juju mounts them under
	// /charm/containers (the default); the simulator sets
	// CHARMGEN_PEBBLE_DIR to its own directory.
	PebbleDir string
}

// EnvFrom reads the hook environment through getenv (os.Getenv in a charm;
// a map lookup in tests). argv0 is the program's name, used when Juju ran a
// legacy hooks/<name> file instead of dispatch.
func EnvFrom(getenv func(string) string, argv0 string) Env {
	e := Env{
		DispatchPath: getenv("JUJU_DISPATCH_PATH"),
		HookName:     getenv("JUJU_HOOK_NAME"),
		ActionName:   getenv("JUJU_ACTION_NAME"),
		ActionUUID:   getenv("JUJU_ACTION_UUID"),
		CharmDir:     firstNonEmpty(getenv("JUJU_CHARM_DIR"), getenv("CHARM_DIR")),
		ContextID:    getenv("JUJU_CONTEXT_ID"),
		UnitName:     getenv("JUJU_UNIT_NAME"),
		ModelName:    getenv("JUJU_MODEL_NAME"),
		ModelUUID:    getenv("JUJU_MODEL_UUID"),
		JujuVersion:  getenv("JUJU_VERSION"),
		MachineID:    getenv("JUJU_MACHINE_ID"),
		Principal:    getenv("JUJU_PRINCIPAL_UNIT"),

		RelationName:  getenv("JUJU_RELATION"),
		RelationID:    getenv("JUJU_RELATION_ID"),
		RemoteUnit:    getenv("JUJU_REMOTE_UNIT"),
		RemoteApp:     getenv("JUJU_REMOTE_APP"),
		DepartingUnit: getenv("JUJU_DEPARTING_UNIT"),
		SecretID:      getenv("JUJU_SECRET_ID"),
		SecretLabel:   getenv("JUJU_SECRET_LABEL"),
		Workload:      getenv("JUJU_WORKLOAD_NAME"),
		NoticeID:      getenv("JUJU_NOTICE_ID"),
		NoticeType:    getenv("JUJU_NOTICE_TYPE"),
		NoticeKey:     getenv("JUJU_NOTICE_KEY"),
		CheckName:     getenv("JUJU_PEBBLE_CHECK_NAME"),
		StorageID:     getenv("JUJU_STORAGE_ID"),
		StorageLoc:    getenv("JUJU_STORAGE_LOCATION"),
		StorageKind:   getenv("JUJU_STORAGE_KIND"),
		PebbleDir:     getenv("CHARMGEN_PEBBLE_DIR"),
	}
	e.SecretRevision, _ = strconv.Atoi(getenv("JUJU_SECRET_REVISION"))
	if e.DispatchPath == "" && argv0 != "" {
		// Juju ran hooks/<name> or actions/<name> directly.
		dir, base := path.Base(path.Dir(argv0)), path.Base(argv0)
		if dir == "hooks" || dir == "actions" {
			e.DispatchPath = dir + "/" + base
		}
	}
	if e.HookName == "" && strings.HasPrefix(e.DispatchPath, "hooks/") {
		e.HookName = strings.TrimPrefix(e.DispatchPath, "hooks/")
	}
	if e.ActionName == "" && strings.HasPrefix(e.DispatchPath, "actions/") {
		e.ActionName = strings.TrimPrefix(e.DispatchPath, "actions/")
	}
	return e
}

// DefaultPebbleDir is where Juju mounts the workload containers' Pebble
// sockets in a Kubernetes charm's container.
const DefaultPebbleDir = "/charm/containers"

// PebbleSocket returns the path of the named container's Pebble socket.
func (e Env) PebbleSocket(container string) string {
	dir := e.PebbleDir
	if dir == "" {
		dir = DefaultPebbleDir
	}
	return path.Join(dir, container, "pebble.socket")
}

// AppName is the application part of the unit name.
func (e Env) AppName() string {
	app, _, _ := strings.Cut(e.UnitName, "/")
	return app
}

// IsAction reports whether an action is running.
func (e Env) IsAction() bool { return e.ActionName != "" }

// Relation returns the relation of a relation hook.
func (e Env) Relation() (RelationID, bool) {
	if e.RelationID == "" {
		return RelationID{}, false
	}
	r, err := ParseRelationID(e.RelationID)
	return r, err == nil
}

// StorageName is the storage name of a storage hook (Juju sets no variable
// for it: it is the part of JUJU_STORAGE_ID before the slash).
func (e Env) StorageName() string {
	name, _, _ := strings.Cut(e.StorageID, "/")
	return name
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
