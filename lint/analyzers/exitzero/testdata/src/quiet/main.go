package main

import (
	"context"
	"log"
	"os"

	"github.com/charmgen/charmgen/charm"
)

func dispatch(c *charm.Context) error { return nil }

func main() {
	c := charm.New(context.Background())
	if err := setup(); err != nil {
		log.Fatal(err)
	}
	if err := dispatch(c); err != nil {
		c.Logger().Error(err.Error())
		os.Exit(1)
	}
	os.Exit(0)
}

func setup() error { return nil }
