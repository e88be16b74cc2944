// Package pebble is a stand-in for github.com/charmgen/charmgen/charm/pebble
// in the analyzers' tests: the Client methods the analyzers know, with the
// runtime's signatures.
package pebble

import (
	"context"
	"io"
)

// Client talks to one container's Pebble.
type Client struct{}

// Layer is a Pebble layer.
type Layer struct{ Summary string }

// Plan is the combined plan of a container's layers.
type Plan struct{}

// PushOptions says how Push writes a file.
type PushOptions struct{}

// ExecOptions says what Exec runs.
type ExecOptions struct{}

// ExecResult is what Exec returns.
type ExecResult struct{}

// MakeDirOptions says how MakeDir creates a directory.
type MakeDirOptions struct{}

// RemovePathOptions says how RemovePath removes a path.
type RemovePathOptions struct{}

func (c *Client) AddLayer(ctx context.Context, label string, layer *Layer, combine bool) error {
	return nil
}
func (c *Client) Replan(ctx context.Context) error                      { return nil }
func (c *Client) Start(ctx context.Context, names ...string) error      { return nil }
func (c *Client) Stop(ctx context.Context, names ...string) error       { return nil }
func (c *Client) Restart(ctx context.Context, names ...string) error    { return nil }
func (c *Client) Pull(ctx context.Context, path string) ([]byte, error) { return nil, nil }
func (c *Client) Plan(ctx context.Context) (*Plan, error)               { return nil, nil }
func (c *Client) Push(ctx context.Context, path string, content io.Reader, opts PushOptions) error {
	return nil
}
func (c *Client) Exec(ctx context.Context, opts ExecOptions) (*ExecResult, error) { return nil, nil }
func (c *Client) MakeDir(ctx context.Context, path string, opts MakeDirOptions) error {
	return nil
}
func (c *Client) RemovePath(ctx context.Context, path string, opts RemovePathOptions) error {
	return nil
}
