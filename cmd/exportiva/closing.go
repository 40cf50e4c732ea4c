package main

import "io"

// closeInto closes c and, when the command has not failed already, returns its error
// through errp: `defer closeInto(&err, db)` in a function with a named error result.
func closeInto(errp *error, c io.Closer) {
	if cerr := c.Close(); cerr != nil && *errp == nil {
		*errp = cerr
	}
}
