package jujusim

import "github.com/charmgen/charmgen/jujusim/pebblesim"

// State is the JSON-serialisable world of one unit, as the unit agent sees
// it: the same information an ops.testing State holds, in a form that both the
// in-process harness and the fake-tool simulator can load, mutate and save.
//
// JSON keys are snake_case. Maps are written with sorted keys (encoding/json)
// and slices in the order the State holds them; the Agent keeps the slices it
// changes in a canonical order, so the same run always produces the same file.
type State struct {
	// Model is the model the unit lives in.
	Model Model `json:"model"`
	// Unit is the unit name, "<app>/<n>".
	Unit string `json:"unit"`
	// App is the application name; empty means "the application of Unit".
	App string `json:"app,omitempty"`
	// Leader says whether this unit holds application leadership.
	Leader bool `json:"leader,omitempty"`

	// Config holds the option values the operator has set (juju config).
	Config map[string]any `json:"config,omitempty"`
	// ConfigOptions declares the charm's options (type and default), so that
	// config-get can tell a set value from a default and list nil options
	// with --all. Options used in Config but not declared here are reported
	// as they are.
	ConfigOptions map[string]ConfigOption `json:"config_options,omitempty"`

	// Relations holds every relation the unit takes part in, peers included
	// (a peer relation is one whose RemoteApp is the local application).
	Relations []Relation `json:"relations,omitempty"`
	// Secrets holds the secrets this unit owns (Owner set) or has been
	// granted (Owner empty).
	Secrets []Secret `json:"secrets,omitempty"`
	// OpenedPorts holds the port ranges the unit has opened.
	OpenedPorts []Port `json:"opened_ports,omitempty"`

	// UnitStatus is the unit's workload status; the zero value reads as
	// "unknown".
	UnitStatus Status `json:"unit_status,omitzero"`
	// AppStatus is the application status (set by the leader).
	AppStatus Status `json:"app_status,omitzero"`
	// UnitStatusHistory holds the unit statuses that were replaced, oldest
	// first (like ops.testing's unit_status_history).
	UnitStatusHistory []Status `json:"unit_status_history,omitempty"`
	// AppStatusHistory holds the replaced application statuses.
	AppStatusHistory []Status `json:"app_status_history,omitempty"`
	// WorkloadVersion is the version set by application-version-set.
	WorkloadVersion string `json:"workload_version,omitempty"`
	// WorkloadVersionHistory holds the replaced workload versions.
	WorkloadVersionHistory []string `json:"workload_version_history,omitempty"`

	// CharmState is the server-side charm state (state-get/-set/-delete).
	CharmState map[string]string `json:"charm_state,omitempty"`
	// Storage lists the storage instances attached to the unit.
	Storage []Storage `json:"storage,omitempty"`
	// StorageRequests counts the instances requested with storage-add, by
	// storage name.
	StorageRequests map[string]int `json:"storage_requests,omitempty"`
	// Resources maps a resource name to the local path resource-get prints.
	Resources map[string]string `json:"resources,omitempty"`
	// Networks maps a binding (endpoint or extra-binding) name to its network
	// information; the key "" is the default used for unknown bindings.
	Networks map[string]Network `json:"networks,omitempty"`
	// PrivateAddress and PublicAddress answer unit-get.
	PrivateAddress string `json:"private_address,omitempty"`
	PublicAddress  string `json:"public_address,omitempty"`

	// Action is the running action, if the hook is an action.
	Action *Action `json:"action,omitempty"`
	// GoalState answers goal-state.
	GoalState *GoalState `json:"goal_state,omitempty"`
	// Credential answers credential-get; nil means the application is not
	// trusted (or the model has no credential).
	Credential *CloudSpec `json:"credential,omitempty"`
	// RebootRequested is "", "after-hook" or "now" (juju-reboot).
	RebootRequested string `json:"reboot_requested,omitempty"`
	// Logs holds juju-log records, oldest first.
	Logs []LogRecord `json:"logs,omitempty"`
	// Containers are the workload containers of a Kubernetes charm, each
	// with its simulated Pebble (layers, services, checks, notices, exec
	// answers, a filesystem under its root). Pebble acts at once: what a
	// hook does to a container stays even when the hook fails.
	Containers []pebblesim.Container `json:"containers,omitempty"`
	// Systemd is the machine's systemd as systemctl drives it (machine
	// charms); nil until the charm first calls systemctl.
	Systemd *Systemd `json:"systemd,omitempty"`
}

// Model identifies the model.
type Model struct {
	Name string `json:"name,omitempty"`
	UUID string `json:"uuid,omitempty"`
	// Type is "iaas" (machines) or "caas" (Kubernetes); empty means iaas.
	Type string `json:"type,omitempty"`
}

// ConfigOption declares one charm config option.
type ConfigOption struct {
	// Type is string, int, float, boolean or secret ("" means string).
	Type string `json:"type,omitempty"`
	// Default is the option's default; nil means no default.
	Default     any    `json:"default,omitempty"`
	Description string `json:"description,omitempty"`
}

// Relation is one relation of the unit, seen from its side.
type Relation struct {
	ID        int    `json:"id"`
	Endpoint  string `json:"endpoint"`
	Interface string `json:"interface,omitempty"`
	// RemoteApp is the application on the other side; for a peer relation
	// it is the local application.
	RemoteApp string `json:"remote_app"`
	// RemoteUnits lists the remote units currently in the relation (what
	// relation-list prints). Departed units may keep data in RemoteUnitsData.
	RemoteUnits     []string                     `json:"remote_units,omitempty"`
	LocalAppData    map[string]string            `json:"local_app_data,omitempty"`
	LocalUnitData   map[string]string            `json:"local_unit_data,omitempty"`
	RemoteAppData   map[string]string            `json:"remote_app_data,omitempty"`
	RemoteUnitsData map[string]map[string]string `json:"remote_units_data,omitempty"`
	RemoteModelUUID string                       `json:"remote_model_uuid,omitempty"`
	// Broken marks a relation that is going away: still readable with -r,
	// but no longer listed by relation-ids.
	Broken bool `json:"broken,omitempty"`
}

// Secret is a secret this unit owns or may read.
type Secret struct {
	// ID is the secret's 20-character ID, or its URI (secret:<id>).
	ID string `json:"id"`
	// Owner is "application" or "unit" when this unit's application or the
	// unit itself owns the secret, and empty when the unit only consumes it.
	Owner       string `json:"owner,omitempty"`
	Label       string `json:"label,omitempty"`
	Description string `json:"description,omitempty"`
	// Expire is an RFC 3339 time.
	Expire string `json:"expire,omitempty"`
	// Rotate is never, hourly, daily, weekly, monthly, quarterly or yearly.
	Rotate string `json:"rotate,omitempty"`
	// Revisions holds the known revisions, oldest first; the last is the
	// latest. Content values are plain text (not base64).
	Revisions []SecretRevision `json:"revisions"`
	// TrackedRevision is the revision a consumer has pinned (0: none yet;
	// the first secret-get pins the latest).
	TrackedRevision int `json:"tracked_revision,omitempty"`
	// Grants lists who the owner has granted access to.
	Grants []SecretGrant `json:"grants,omitempty"`
}

// SecretRevision is one revision of a secret's content.
type SecretRevision struct {
	Revision int               `json:"revision"`
	Content  map[string]string `json:"content"`
}

// SecretGrant is one access grant, made in the scope of a relation to the
// whole remote application (Unit empty) or to one of its units.
type SecretGrant struct {
	RelationID int    `json:"relation_id"`
	App        string `json:"app"`
	Unit       string `json:"unit,omitempty"`
}

// Port is an opened port range for one endpoint ("" = all endpoints).
type Port struct {
	// Protocol is tcp, udp or icmp.
	Protocol string `json:"protocol"`
	// From and To bound the range (both 0 for icmp).
	From     int    `json:"from,omitempty"`
	To       int    `json:"to,omitempty"`
	Endpoint string `json:"endpoint,omitempty"`
}

// Status is a workload status and its message.
type Status struct {
	Status  string `json:"status"`
	Message string `json:"message,omitempty"`
}

// Storage is a storage instance attached to the unit.
type Storage struct {
	// ID is "<name>/<n>".
	ID string `json:"id"`
	// Kind is "filesystem" or "block".
	Kind     string `json:"kind"`
	Location string `json:"location,omitempty"`
}

// Network is what network-get reports for one binding.
type Network struct {
	BindAddresses    []BindAddress `json:"bind_addresses,omitempty"`
	IngressAddresses []string      `json:"ingress_addresses,omitempty"`
	EgressSubnets    []string      `json:"egress_subnets,omitempty"`
}

// BindAddress is one network interface of a binding.
type BindAddress struct {
	MACAddress    string    `json:"mac_address,omitempty"`
	InterfaceName string    `json:"interface_name,omitempty"`
	Addresses     []Address `json:"addresses,omitempty"`
}

// Address is one address of an interface.
type Address struct {
	Hostname string `json:"hostname,omitempty"`
	Value    string `json:"value"`
	CIDR     string `json:"cidr,omitempty"`
}

// Action is the action being run, with what the charm reported so far.
type Action struct {
	Name string `json:"name"`
	// ID is the action's id (JUJU_ACTION_UUID).
	ID      string         `json:"id,omitempty"`
	Params  map[string]any `json:"params,omitempty"`
	Results map[string]any `json:"results,omitempty"`
	// Logs holds action-log messages, oldest first.
	Logs []string `json:"logs,omitempty"`
	// Failed and FailureMessage record action-fail.
	Failed         bool   `json:"failed,omitempty"`
	FailureMessage string `json:"failure_message,omitempty"`
	// Status is set when the action finishes: completed or failed.
	Status string `json:"status,omitempty"`
}

// GoalState is what goal-state reports.
type GoalState struct {
	Units     map[string]GoalStatus            `json:"units,omitempty"`
	Relations map[string]map[string]GoalStatus `json:"relations,omitempty"`
}

// GoalStatus is the goal status of one unit or application.
type GoalStatus struct {
	Status string `json:"status"`
	// Since is an RFC 3339 time.
	Since string `json:"since,omitempty"`
}

// CloudSpec is the model's cloud specification (credential-get).
type CloudSpec struct {
	Type              string           `json:"type,omitempty"`
	Name              string           `json:"name,omitempty"`
	Region            string           `json:"region,omitempty"`
	Endpoint          string           `json:"endpoint,omitempty"`
	IdentityEndpoint  string           `json:"identity_endpoint,omitempty"`
	StorageEndpoint   string           `json:"storage_endpoint,omitempty"`
	Credential        *CloudCredential `json:"credential,omitempty"`
	CACertificates    []string         `json:"ca_certificates,omitempty"`
	SkipTLSVerify     bool             `json:"skip_tls_verify,omitempty"`
	IsControllerCloud bool             `json:"is_controller_cloud,omitempty"`
}

// CloudCredential is the credential part of a CloudSpec.
type CloudCredential struct {
	AuthType   string            `json:"auth_type,omitempty"`
	Attributes map[string]string `json:"attrs,omitempty"`
}

// LogRecord is one juju-log message.
type LogRecord struct {
	Level   string `json:"level"`
	Message string `json:"message"`
}

// AppName returns the application name: App, or the part of Unit before "/".
func (s *State) AppName() string {
	if s.App != "" {
		return s.App
	}
	return unitApp(s.Unit)
}

// Container returns the container with the given name, or nil.
func (s *State) Container(name string) *pebblesim.Container {
	for i := range s.Containers {
		if s.Containers[i].Name == name {
			return &s.Containers[i]
		}
	}
	return nil
}

// Relation returns the relation with the given id, or nil.
func (s *State) Relation(id int) *Relation {
	for i := range s.Relations {
		if s.Relations[i].ID == id {
			return &s.Relations[i]
		}
	}
	return nil
}

// IsPeer reports whether r is a peer relation of an application named app.
func (r *Relation) IsPeer(app string) bool { return r.RemoteApp == app }

// Latest returns the latest revision, or nil when there is none.
func (s *Secret) Latest() *SecretRevision {
	if len(s.Revisions) == 0 {
		return nil
	}
	return &s.Revisions[len(s.Revisions)-1]
}

// Revision returns revision n, or nil.
func (s *Secret) Revision(n int) *SecretRevision {
	for i := range s.Revisions {
		if s.Revisions[i].Revision == n {
			return &s.Revisions[i]
		}
	}
	return nil
}

// String formats a port range the way opened-ports prints it: 80/tcp,
// 8000-8080/udp or icmp.
func (p Port) String() string {
	if p.Protocol == "icmp" {
		return "icmp"
	}
	if p.From == p.To {
		return itoa(p.From) + "/" + p.Protocol
	}
	return itoa(p.From) + "-" + itoa(p.To) + "/" + p.Protocol
}
