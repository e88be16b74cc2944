// Package golden holds charmgen's golden cases: one directory per case with
// a charmcraft.yaml and, under out/, the files `charmgen gen` writes for it.
// The out/ trees are packages of this module, so `go vet ./...` and `go
// build ./...` compile every case in CI.
//
// To update the expected files after an intended change:
//
//	go test ./golden -update
//
// and review the diff: a commit that changes them must say why.
package golden
