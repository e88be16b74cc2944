package jujusim

// toolTable holds every hook tool Juju 3.6 and 4.0 share (reference §1.1).
var toolTable map[string]toolSpec

func init() {
	toolTable = map[string]toolSpec{
		"action-fail":             {runActionFail, `["<failure message>"]`, "Set action fail status with message."},
		"action-get":              {runActionGet, "[<key>[.<key>.<key>...]]", "Get action parameters."},
		"action-log":              {runActionLog, "<message>", "Record a progress message for the current action."},
		"action-set":              {runActionSet, "<key>=<value> [<key>=<value> ...]", "Set action results."},
		"application-version-set": {runApplicationVersionSet, "<new-version>", "Specify which version of the application is deployed."},
		"close-port":              {runClosePort, portFormat, "Register a request to close a port or port range."},
		"config-get":              {runConfigGet, "[<key>]", "Print application configuration."},
		"credential-get":          {runCredentialGet, "", "Access cloud credentials."},
		"goal-state":              {runGoalState, "", "Print the status of the charm's peers and related units."},
		"is-leader":               {runIsLeader, "", "Print application leadership status."},
		"juju-log":                {runJujuLog, "<message>", "Write a message to the juju log."},
		"juju-reboot":             {runJujuReboot, "", "Reboot the host machine."},
		"network-get":             {runNetworkGet, "<binding-name> [--ingress-address] [--bind-address] [--egress-subnets]", "Get network config."},
		"open-port":               {runOpenPort, portFormat, "Register a request to open a port or port range."},
		"opened-ports":            {runOpenedPorts, "", "List all ports or port ranges opened by the unit."},
		"relation-get":            {runRelationGet, "[<key> [<unit id>]]", "Get relation settings."},
		"relation-ids":            {runRelationIDs, "[<name>]", "List all relation IDs for the given endpoint."},
		"relation-list":           {runRelationList, "", "List relation units."},
		"relation-model-get":      {runRelationModelGet, "", "Get details about the model hosting a related application."},
		"relation-set":            {runRelationSet, "key=value [key=value ...]", "Set relation settings."},
		"resource-get":            {runResourceGet, "<resource name>", "Get the path to the locally cached resource file."},
		"secret-add":              {runSecretAdd, "[key[#base64|#file]=value...]", "Add a new secret."},
		"secret-get":              {runSecretGet, "<ID> [key[#base64]]", "Get the content of a secret."},
		"secret-grant":            {runSecretGrant, "<ID>", "Grant access to a secret."},
		"secret-ids":              {runSecretIDs, "", "Print secret IDs."},
		"secret-info-get":         {runSecretInfoGet, "<ID>", "Get a secret's metadata info."},
		"secret-remove":           {runSecretRemove, "<ID>", "Remove an existing secret."},
		"secret-revoke":           {runSecretRevoke, "<ID>", "Revoke access to a secret."},
		"secret-set":              {runSecretSet, "<ID> [key[#base64]=value...]", "Update an existing secret."},
		"state-delete":            {runStateDelete, "<key>", "Delete server-side-state key value pairs."},
		"state-get":               {runStateGet, "[<key>]", "Print server-side-state value."},
		"state-set":               {runStateSet, "key=value [key=value ...]", "Set server-side-state values."},
		"status-get":              {runStatusGet, "[--include-data] [--application]", "Print status information."},
		"status-set":              {runStatusSet, "<maintenance | blocked | waiting | active> [message]", "Set status information."},
		"storage-add":             {runStorageAdd, "<charm storage name>[=count] ...", "Add storage instances."},
		"storage-get":             {runStorageGet, "[<key>]", "Print information for the storage instance with the specified ID."},
		"storage-list":            {runStorageList, "[<storage-name>]", "List storage attached to the unit."},
		"unit-get":                {runUnitGet, "<setting>", "Print public-address or private-address."},
	}
}
