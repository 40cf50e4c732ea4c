package catalog

// SetSelectiveRows sets the planning threshold for a test and returns the
// function that restores it.
func SetSelectiveRows(n int) func() {
	old := selectiveRows
	selectiveRows = n
	return func() { selectiveRows = old }
}
