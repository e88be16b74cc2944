package codec

// SetLegacyMarshal makes Generate write MarshalDatabag as it was before
// it checked values itself (write, then decode the result), for the
// equivalence test; it returns a function that restores the default.
func SetLegacyMarshal() (restore func()) {
	legacyMarshal = true
	return func() { legacyMarshal = false }
}
