// Package pebble is a client for Pebble, the service manager that runs in
// every workload container of a Juju Kubernetes charm.
package pebble
