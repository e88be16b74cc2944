package charm

// Systemctl runs systemctl with args, the way a machine charm drives its
// workload's systemd units. It goes through the Backend like a hook tool:
// on a machine, ExecBackend runs the real systemctl from PATH; under
// `charmgen sim` and charmtest the simulated machine answers and records
// the call, so the same charm runs everywhere without a switch. It counts
// as a write (Writes): a reconciler should call it only when something
// changed. A failure is a *ToolError carrying systemctl's stderr.
func (c *Context) Systemctl(args ...string) error {
	return c.write("systemctl", nil, args...)
}
