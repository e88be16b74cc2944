// Package quietlib returns errors from a function called main: only
// package main's main decides the exit status.
package quietlib

func main() error {
	if err := step(); err != nil {
		return err
	}
	return nil
}

func step() error { return nil }
