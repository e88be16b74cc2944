//go:build integration

// Package itest builds only with the integration tag; lint skips it.
package itest

import "os/exec"

// Deploy deploys the charm.
func Deploy() error { return exec.Command("juju", "deploy", "./gocharm.charm").Run() }
