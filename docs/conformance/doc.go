// Package conformance has no code outside its test (conformance_test.go),
// which keeps the conformance tables of this directory true: every test a
// table names must exist in the repository, so a renamed or deleted test
// cannot leave a rule unchecked while its row still claims a test.
package conformance
