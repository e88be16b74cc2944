package jujutest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Status values seen in `juju status`.
const (
	// Workload (and application) statuses.
	StatusActive      = "active"
	StatusBlocked     = "blocked"
	StatusWaiting     = "waiting"
	StatusMaintenance = "maintenance"
	StatusError       = "error"
	StatusUnknown     = "unknown"
	StatusTerminated  = "terminated"
	// Unit agent (juju-status) statuses.
	StatusIdle       = "idle"
	StatusExecuting  = "executing"
	StatusAllocating = "allocating"
	StatusLost       = "lost"
	// StatusFailed is what this package reports for an entity that juju
	// replaced with {"status-error": "..."}: it could not read the
	// entity's status (a machine still being provisioned does this). It is
	// not StatusError, so error predicates do not fire on it.
	StatusFailed = "failed"
)

// Status is the whole `juju status --format json` document. Decoding
// ignores unknown keys; any entity may be {"status-error": "..."} instead
// of its usual fields, which sets its StatusError field.
type Status struct {
	Model        ModelStatus                `json:"model"`
	Machines     map[string]MachineStatus   `json:"machines,omitzero"`
	Apps         map[string]AppStatus       `json:"applications,omitzero"`
	AppEndpoints map[string]RemoteAppStatus `json:"application-endpoints,omitzero"`
	Offers       map[string]OfferStatus     `json:"offers,omitzero"`
	Storage      *CombinedStorage           `json:"storage,omitzero"`
	Controller   *ControllerStatus          `json:"controller,omitzero"`
}

// ModelStatus is the "model" block.
type ModelStatus struct {
	Name             string     `json:"name"`
	Type             string     `json:"type"` // "iaas" (machines) or "caas" (Kubernetes)
	Controller       string     `json:"controller"`
	Cloud            string     `json:"cloud"`
	Region           string     `json:"region,omitempty"`
	Version          string     `json:"version"`
	UpgradeAvailable string     `json:"upgrade-available,omitempty"`
	ModelStatus      StatusInfo `json:"model-status,omitzero"`
	SLA              string     `json:"sla,omitempty"`
}

// StatusInfo is one status: an application's, a unit's workload or agent
// (juju-status), a machine's, or the model's. Since is kept as juju prints
// it, a local-time string such as "24 Feb 2025 12:03:17+13:00".
type StatusInfo struct {
	Current string `json:"current,omitempty"`
	Message string `json:"message,omitempty"`
	Reason  string `json:"reason,omitempty"`
	Since   string `json:"since,omitempty"`
	Version string `json:"version,omitempty"`
	Life    string `json:"life,omitempty"`
	// StatusError is set when juju could not read this status.
	StatusError string `json:"status-error,omitempty"`
}

// Effective returns s, or for a status-error, {Current: "failed",
// Message: <the error>}.
func (s StatusInfo) Effective() StatusInfo {
	if s.StatusError != "" {
		return StatusInfo{Current: StatusFailed, Message: s.StatusError}
	}
	return s
}

// failedInfo is the status of an entity replaced by a status-error.
func failedInfo(statusErr string) StatusInfo {
	return StatusInfo{Current: StatusFailed, Message: statusErr}
}

// MachineStatus is one machine or container.
type MachineStatus struct {
	JujuStatus         StatusInfo                    `json:"juju-status,omitzero"`
	Hostname           string                        `json:"hostname,omitempty"`
	DNSName            string                        `json:"dns-name,omitempty"`
	IPAddresses        []string                      `json:"ip-addresses,omitzero"`
	InstanceID         string                        `json:"instance-id,omitempty"`
	DisplayName        string                        `json:"display-name,omitempty"`
	MachineStatus      StatusInfo                    `json:"machine-status,omitzero"`
	ModificationStatus StatusInfo                    `json:"modification-status,omitzero"`
	Base               *Base                         `json:"base,omitzero"`
	NetworkInterfaces  map[string]NetworkInterface   `json:"network-interfaces,omitzero"`
	Containers         map[string]MachineStatus      `json:"containers,omitzero"`
	LXDProfiles        map[string]LXDProfileContents `json:"lxd-profiles,omitzero"`
	Constraints        string                        `json:"constraints,omitempty"`
	Hardware           string                        `json:"hardware,omitempty"`
	HAStatus           string                        `json:"controller-member-status,omitempty"`
	HAPrimary          bool                          `json:"ha-primary,omitempty"`
	StatusError        string                        `json:"status-error,omitempty"`
}

// Agent returns the machine agent status ("started", "pending", "down",
// "error"), or "failed" when the machine is a status-error.
func (m MachineStatus) Agent() StatusInfo {
	if m.StatusError != "" {
		return failedInfo(m.StatusError)
	}
	return m.JujuStatus.Effective()
}

// MarshalJSON writes only {"status-error": ...} for a status-error, as juju
// does.
func (m MachineStatus) MarshalJSON() ([]byte, error) {
	if m.StatusError != "" {
		return statusErrorJSON(m.StatusError)
	}
	type plain MachineStatus
	return json.Marshal(plain(m))
}

// NetworkInterface is one entry of a machine's network-interfaces.
type NetworkInterface struct {
	IPAddresses    []string `json:"ip-addresses"`
	MACAddress     string   `json:"mac-address"`
	Gateway        string   `json:"gateway,omitempty"`
	DNSNameservers []string `json:"dns-nameservers,omitzero"`
	Space          string   `json:"space,omitempty"`
	IsUp           bool     `json:"is-up"`
}

// LXDProfileContents is one LXD profile applied to a machine.
type LXDProfileContents struct {
	Config      map[string]string            `json:"config,omitzero"`
	Description string                       `json:"description,omitempty"`
	Devices     map[string]map[string]string `json:"devices,omitzero"`
}

// AppStatus is one application.
type AppStatus struct {
	Charm            string                     `json:"charm"`
	Base             *Base                      `json:"base,omitzero"`
	CharmOrigin      string                     `json:"charm-origin"`
	CharmName        string                     `json:"charm-name"`
	CharmRev         int                        `json:"charm-rev"`
	CharmChannel     string                     `json:"charm-channel,omitempty"`
	CharmVersion     string                     `json:"charm-version,omitempty"`
	CharmProfile     string                     `json:"charm-profile,omitempty"`
	CanUpgradeTo     string                     `json:"can-upgrade-to,omitempty"`
	Scale            int                        `json:"scale,omitempty"`
	ProviderID       string                     `json:"provider-id,omitempty"`
	Address          string                     `json:"address,omitempty"`
	Exposed          bool                       `json:"exposed"`
	ExposedEndpoints map[string]ExposedEndpoint `json:"exposed-endpoints,omitzero"`
	Life             string                     `json:"life,omitempty"`
	AppStatus        StatusInfo                 `json:"application-status,omitzero"`
	Relations        map[string][]Relation      `json:"relations,omitzero"`
	SubordinateTo    []string                   `json:"subordinate-to,omitzero"`
	Units            map[string]UnitStatus      `json:"units,omitzero"`
	Version          string                     `json:"version,omitempty"`
	EndpointBindings map[string]string          `json:"endpoint-bindings,omitzero"`
	StatusError      string                     `json:"status-error,omitempty"`
}

// Status returns the application status, or "failed" when the application
// is a status-error.
func (a AppStatus) Status() StatusInfo {
	if a.StatusError != "" {
		return failedInfo(a.StatusError)
	}
	return a.AppStatus.Effective()
}

// MarshalJSON writes only {"status-error": ...} for a status-error.
func (a AppStatus) MarshalJSON() ([]byte, error) {
	if a.StatusError != "" {
		return statusErrorJSON(a.StatusError)
	}
	type plain AppStatus
	return json.Marshal(plain(a))
}

// ExposedEndpoint says to what an exposed endpoint is open.
type ExposedEndpoint struct {
	ExposeToSpaces []string `json:"expose-to-spaces,omitzero"`
	ExposeToCIDRs  []string `json:"expose-to-cidrs,omitzero"`
}

// Relation is one entry of an application's relations[endpoint] list.
// Since Juju 3.1 (juju#15548) entries are objects; before, and still for
// remote applications, they are plain application names. Both decode; a
// Relation with only RelatedApp set encodes as a plain name. The JSON has
// no provider/requirer polarity (juju#21652).
type Relation struct {
	RelatedApp string `json:"related-application"`
	Interface  string `json:"interface,omitempty"`
	Scope      string `json:"scope,omitempty"`
}

// UnmarshalJSON accepts "app" or {"related-application": "app", ...}.
func (r *Relation) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '"' {
		*r = Relation{}
		return json.Unmarshal(data, &r.RelatedApp)
	}
	type plain Relation
	var p plain
	if err := json.Unmarshal(data, &p); err != nil {
		return err
	}
	*r = Relation(p)
	return nil
}

// MarshalJSON writes the plain-name form when only RelatedApp is set.
func (r Relation) MarshalJSON() ([]byte, error) {
	if r.Interface == "" && r.Scope == "" {
		return json.Marshal(r.RelatedApp)
	}
	type plain Relation
	return json.Marshal(plain(r))
}

// UnitStatus is one unit, principal or subordinate.
type UnitStatus struct {
	WorkloadStatus StatusInfo            `json:"workload-status,omitzero"`
	JujuStatus     StatusInfo            `json:"juju-status,omitzero"`
	Leader         bool                  `json:"leader,omitempty"`
	UpgradingFrom  string                `json:"upgrading-from,omitempty"`
	Machine        string                `json:"machine,omitempty"`
	OpenPorts      []string              `json:"open-ports,omitzero"`
	PublicAddress  string                `json:"public-address,omitempty"`
	Address        string                `json:"address,omitempty"`
	ProviderID     string                `json:"provider-id,omitempty"`
	Subordinates   map[string]UnitStatus `json:"subordinates,omitzero"`
	StatusError    string                `json:"status-error,omitempty"`
}

// Workload returns the workload status, or "failed" for a status-error.
func (u UnitStatus) Workload() StatusInfo {
	if u.StatusError != "" {
		return failedInfo(u.StatusError)
	}
	return u.WorkloadStatus.Effective()
}

// Agent returns the unit agent status (juju-status: "allocating",
// "executing", "idle", "error", "lost"), or "failed" for a status-error.
func (u UnitStatus) Agent() StatusInfo {
	if u.StatusError != "" {
		return failedInfo(u.StatusError)
	}
	return u.JujuStatus.Effective()
}

// MarshalJSON writes only {"status-error": ...} for a status-error.
func (u UnitStatus) MarshalJSON() ([]byte, error) {
	if u.StatusError != "" {
		return statusErrorJSON(u.StatusError)
	}
	type plain UnitStatus
	return json.Marshal(plain(u))
}

// RemoteAppStatus is one application-endpoints entry: an offer this model
// consumes.
type RemoteAppStatus struct {
	URL         string                    `json:"url"`
	Endpoints   map[string]RemoteEndpoint `json:"endpoints"`
	Life        string                    `json:"life,omitempty"`
	AppStatus   StatusInfo                `json:"application-status,omitzero"`
	Relations   map[string][]Relation     `json:"relations,omitzero"`
	StatusError string                    `json:"status-error,omitempty"`
}

// Status returns the remote application status, or "failed" for a
// status-error.
func (r RemoteAppStatus) Status() StatusInfo {
	if r.StatusError != "" {
		return failedInfo(r.StatusError)
	}
	return r.AppStatus.Effective()
}

// MarshalJSON writes only {"status-error": ...} for a status-error.
func (r RemoteAppStatus) MarshalJSON() ([]byte, error) {
	if r.StatusError != "" {
		return statusErrorJSON(r.StatusError)
	}
	type plain RemoteAppStatus
	return json.Marshal(plain(r))
}

// RemoteEndpoint is an endpoint of an offer or a remote application.
type RemoteEndpoint struct {
	Interface string `json:"interface"`
	Role      string `json:"role"`
}

// OfferStatus is one offer this model makes.
type OfferStatus struct {
	Application          string                    `json:"application"`
	Charm                string                    `json:"charm,omitempty"`
	TotalConnectedCount  int                       `json:"total-connected-count,omitempty"`
	ActiveConnectedCount int                       `json:"active-connected-count,omitempty"`
	Endpoints            map[string]RemoteEndpoint `json:"endpoints"`
	StatusError          string                    `json:"status-error,omitempty"`
}

// MarshalJSON writes only {"status-error": ...} for a status-error.
func (o OfferStatus) MarshalJSON() ([]byte, error) {
	if o.StatusError != "" {
		return statusErrorJSON(o.StatusError)
	}
	type plain OfferStatus
	return json.Marshal(plain(o))
}

// ControllerStatus is the "controller" block. Timestamp holds only a time
// of day ("12:04:55+13:00").
type ControllerStatus struct {
	Timestamp string `json:"timestamp,omitempty"`
}

// CombinedStorage is the "storage" block.
type CombinedStorage struct {
	Storage     map[string]StorageInfo    `json:"storage,omitzero"`
	Filesystems map[string]FilesystemInfo `json:"filesystems,omitzero"`
	Volumes     map[string]VolumeInfo     `json:"volumes,omitzero"`
}

// EntityStatus is the status of a storage entity.
type EntityStatus struct {
	Current string `json:"current,omitempty"`
	Message string `json:"message,omitempty"`
	Since   string `json:"since,omitempty"`
}

// StorageInfo is one storage instance ("data/0").
type StorageInfo struct {
	Kind        string              `json:"kind"`
	Life        string              `json:"life,omitempty"`
	Status      EntityStatus        `json:"status"`
	Persistent  bool                `json:"persistent"`
	Attachments *StorageAttachments `json:"attachments,omitzero"`
}

// StorageAttachments lists the units a storage instance is attached to.
type StorageAttachments struct {
	Units map[string]UnitStorageAttachment `json:"units"`
}

// UnitStorageAttachment is one unit's attachment of storage.
type UnitStorageAttachment struct {
	Machine  string `json:"machine,omitempty"`
	Location string `json:"location,omitempty"`
	Life     string `json:"life,omitempty"`
}

// FilesystemInfo is one filesystem.
type FilesystemInfo struct {
	ProviderID  string                 `json:"provider-id,omitempty"`
	Volume      string                 `json:"volume,omitempty"`
	Storage     string                 `json:"storage,omitempty"`
	Attachments *FilesystemAttachments `json:"attachments,omitzero"`
	Pool        string                 `json:"pool,omitempty"`
	Size        uint64                 `json:"size"`
	Life        string                 `json:"life,omitempty"`
	Status      EntityStatus           `json:"status"`
}

// FilesystemAttachments lists where a filesystem is attached.
type FilesystemAttachments struct {
	Machines   map[string]FilesystemAttachment  `json:"machines,omitzero"`
	Containers map[string]FilesystemAttachment  `json:"containers,omitzero"`
	Units      map[string]UnitStorageAttachment `json:"units,omitzero"`
}

// FilesystemAttachment is one machine's or container's mount.
type FilesystemAttachment struct {
	MountPoint string `json:"mount-point"`
	ReadOnly   bool   `json:"read-only"`
	Life       string `json:"life,omitempty"`
}

// VolumeInfo is one volume.
type VolumeInfo struct {
	ProviderID  string             `json:"provider-id,omitempty"`
	Storage     string             `json:"storage,omitempty"`
	Attachments *VolumeAttachments `json:"attachments,omitzero"`
	Pool        string             `json:"pool,omitempty"`
	HardwareID  string             `json:"hardware-id,omitempty"`
	WWN         string             `json:"wwn,omitempty"`
	Size        uint64             `json:"size"`
	Persistent  bool               `json:"persistent"`
	Life        string             `json:"life,omitempty"`
	Status      EntityStatus       `json:"status"`
}

// VolumeAttachments lists where a volume is attached.
type VolumeAttachments struct {
	Machines   map[string]VolumeAttachment      `json:"machines,omitzero"`
	Containers map[string]VolumeAttachment      `json:"containers,omitzero"`
	Units      map[string]UnitStorageAttachment `json:"units,omitzero"`
}

// VolumeAttachment is one machine's or container's attachment of a volume.
type VolumeAttachment struct {
	Device     string `json:"device,omitempty"`
	DeviceLink string `json:"device-link,omitempty"`
	BusAddress string `json:"bus-address,omitempty"`
	ReadOnly   bool   `json:"read-only"`
	Life       string `json:"life,omitempty"`
}

func statusErrorJSON(msg string) ([]byte, error) {
	return json.Marshal(map[string]string{"status-error": msg})
}

// ParseStatus decodes `juju status --format json` output. Unknown keys are
// ignored.
func ParseStatus(data []byte) (*Status, error) {
	var s Status
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("jujutest: parse status: %w", err)
	}
	return &s, nil
}

// Status runs `juju status --format json` and parses it. Transient
// failures are retried.
func (j *Juju) Status(ctx context.Context) (*Status, error) {
	return j.status(ctx, call{retry: retryAlways})
}

func (j *Juju) status(ctx context.Context, c call) (*Status, error) {
	c.args = []string{"status", "--format", "json"}
	c.model = true
	out, err := j.run(ctx, c)
	if err != nil {
		return nil, err
	}
	return ParseStatus([]byte(out))
}

// Units returns the units of an application, including subordinate units,
// which juju lists only under their principal units' subordinates.
func (s *Status) Units(app string) map[string]UnitStatus {
	units := map[string]UnitStatus{}
	if a, ok := s.Apps[app]; ok {
		for name, u := range a.Units {
			units[name] = u
		}
	}
	prefix := app + "/"
	var walk func(map[string]UnitStatus)
	walk = func(m map[string]UnitStatus) {
		for name, u := range m {
			if strings.HasPrefix(name, prefix) {
				units[name] = u
			}
			walk(u.Subordinates)
		}
	}
	for _, a := range s.Apps {
		for _, u := range a.Units {
			walk(u.Subordinates)
		}
	}
	return units
}

// Unit finds a unit by name, principal or subordinate.
func (s *Status) Unit(name string) (UnitStatus, bool) {
	app, _, _ := strings.Cut(name, "/")
	u, ok := s.Units(app)[name]
	return u, ok
}

// IsRelated reports whether two applications are related. Either may be
// "app:endpoint" to require that endpoint on that side.
func (s *Status) IsRelated(app1, app2 string) bool {
	a1, ep1, _ := strings.Cut(app1, ":")
	a2, ep2, _ := strings.Cut(app2, ":")
	return s.hasRelation(a1, ep1, a2) && s.hasRelation(a2, ep2, a1)
}

func (s *Status) hasRelation(app, ep, other string) bool {
	var rels map[string][]Relation
	if a, ok := s.Apps[app]; ok {
		rels = a.Relations
	} else if r, ok := s.AppEndpoints[app]; ok {
		rels = r.Relations
	} else {
		return false
	}
	for name, list := range rels {
		if ep != "" && name != ep {
			continue
		}
		for _, r := range list {
			if r.RelatedApp == other {
				return true
			}
		}
	}
	return false
}

// Equal reports whether two statuses are the same, ignoring the
// controller timestamp, which changes on every call.
func (s *Status) Equal(other *Status) bool {
	if s == nil || other == nil {
		return s == other
	}
	a, b := *s, *other
	a.Controller, b.Controller = nil, nil
	return reflect.DeepEqual(a, b)
}

// sortedKeys returns the keys of a map in name order, unit names ordered
// by number ("app/2" before "app/10").
func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

func lessName(a, b string) bool {
	pa, na, oka := strings.Cut(a, "/")
	pb, nb, okb := strings.Cut(b, "/")
	if oka && okb && pa == pb {
		ia, erra := strconv.Atoi(na)
		ib, errb := strconv.Atoi(nb)
		if erra == nil && errb == nil {
			return ia < ib
		}
	}
	return a < b
}
