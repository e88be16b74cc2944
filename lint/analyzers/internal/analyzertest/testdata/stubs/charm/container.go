package charm

import "github.com/charmgen/charmgen/charm/pebble"

// Container is a stand-in for the runtime's workload container.
type Container struct{ name string }

// Container returns the workload container called name.
func (c *Context) Container(name string) *Container { return &Container{name: name} }

// Name returns the container's name.
func (ct *Container) Name() string { return ct.name }

// CanConnect reports whether the container's Pebble answers.
func (ct *Container) CanConnect() bool { return true }

// Pebble returns the container's Pebble client.
func (ct *Container) Pebble() *pebble.Client { return &pebble.Client{} }

// EnsureLayer adds the layer (combined) only when the plan would change.
func (ct *Container) EnsureLayer(label string, layer *pebble.Layer) (changed bool, err error) {
	return false, nil
}

// Replan makes the container's services match its plan.
func (ct *Container) Replan() error { return nil }

// EnsureFile pushes the file only when the container's copy differs.
func (ct *Container) EnsureFile(path string, content []byte, opts pebble.PushOptions) (changed bool, err error) {
	return false, nil
}

// ServiceRunning reports whether the named service is active.
func (ct *Container) ServiceRunning(name string) (bool, error) { return true, nil }
