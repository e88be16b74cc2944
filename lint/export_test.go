package lint

// SetPythonAvailable makes the engine act as a build with (true) or
// without (false) the Python parser, until the returned func restores it.
func SetPythonAvailable(b bool) (restore func()) {
	old := pythonAvailable
	pythonAvailable = b
	return func() { pythonAvailable = old }
}
