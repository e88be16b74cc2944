package main

import (
	"context"
	"fmt"
	"os"

	"github.com/charmgen/charmgen/charm"
)

func dispatch(c *charm.Context) error { return nil }

func main() {
	c := charm.New(context.Background())
	if err := setup(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(0) // want `os.Exit\(0\) after an error`
	}
	if err := dispatch(c); err != nil { // want `main ends with exit status 0 after an error`
		c.Logger().Error(err.Error())
	}
}

func setup() error { return nil }
