#!/bin/sh
# Runs for install and config-changed (see charmgen-hooks.yaml), after the
# Go reconciler. It calls the charm's binary back through the daemon.
set -e
port=$(daemon-demo config get port)
daemon-demo kv set configured-port="$port" last-configured-by="$1"
daemon-demo log "configured for port $port ($1)"
daemon-demo status set active "configured by script"
