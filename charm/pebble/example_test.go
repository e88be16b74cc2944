package pebble_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/charmgen/charmgen/charm/pebble"
)

// A charm's reconcile step: describe the workload as a layer, let Pebble
// restart what changed, and treat "Pebble not up yet" as "try later".
func Example() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := pebble.NewClient(pebble.ClientOptions{Socket: pebble.SocketPath("web")})

	layer := &pebble.Layer{
		Summary: "web server",
		Services: map[string]*pebble.Service{
			"web": {
				Override:    pebble.ReplaceOverride,
				Command:     "/usr/bin/web --port 8080",
				Startup:     pebble.StartupEnabled,
				Environment: map[string]string{"LOG_LEVEL": "info"},
			},
		},
		Checks: map[string]*pebble.Check{
			"up": {Override: pebble.ReplaceOverride, Level: pebble.ReadyLevel, HTTP: &pebble.HTTPCheck{URL: "http://localhost:8080/health"}},
		},
	}
	err := c.AddLayer(ctx, "web", layer, true)
	if err == nil {
		err = c.Replan(ctx)
	}
	var changeErr *pebble.ChangeError
	switch {
	case errors.Is(err, pebble.ErrCannotConnect):
		log.Print("Pebble is not ready yet; waiting for pebble-ready")
	case errors.As(err, &changeErr):
		log.Printf("service failed to start: %v", changeErr)
	case err != nil:
		log.Fatal(err)
	}
}

func ExampleClient_Exec() {
	c := pebble.NewClient(pebble.ClientOptions{Socket: pebble.SocketPath("db")})
	res, err := c.Exec(context.Background(), pebble.ExecOptions{
		Command: []string{"psql", "-At", "-c", "select version()"},
		User:    "postgres",
		Timeout: 30 * time.Second,
		Stdin:   strings.NewReader(""),
	})
	var exitErr *pebble.ExitError
	if errors.As(err, &exitErr) {
		log.Printf("psql failed with %d: %s", exitErr.ExitCode, exitErr.Stderr)
		return
	}
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s", res.Stdout)
}

func ExampleClient_Pull() {
	c := pebble.NewClient(pebble.ClientOptions{Socket: pebble.SocketPath("web")})
	ctx := context.Background()
	data, err := c.Pull(ctx, "/etc/web/config.yaml")
	switch {
	case errors.Is(err, pebble.ErrNotFound):
		// First run: write the default.
		err = c.Push(ctx, "/etc/web/config.yaml", strings.NewReader("port: 8080\n"), pebble.PushOptions{MakeDirs: true, Permissions: 0o640})
	case err == nil:
		fmt.Printf("current config: %s", data)
	}
	if err != nil {
		log.Fatal(err)
	}
}

// A simulated Pebble adds layers with Pebble's own rules.
func ExampleLayers_Add() {
	var stack pebble.Layers
	base, _ := pebble.ParseLayer([]byte("services:\n    web:\n        override: replace\n        command: /usr/bin/web\n"))
	base.Label = "base"
	if err := stack.Add(base, false); err != nil {
		log.Fatal(err)
	}
	again := &pebble.Layer{Label: "base"}
	fmt.Println(stack.Add(again, false))
	plan, _ := stack.Plan()
	out, _ := plan.YAML()
	fmt.Print(string(out))
	// Output:
	// layer "base" already exists
	// services:
	//     "web":
	//         override: "replace"
	//         command: "/usr/bin/web"
}
