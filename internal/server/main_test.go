package server_test

import (
	"fmt"
	"os"
	"testing"
)

// TestMain runs the suite, then scans every response it received for driver, SQL
// or Go internals: whatever failed, no client may see them.
func TestMain(m *testing.M) {
	code := m.Run()
	for _, body := range allResponses {
		if bad := leakIn(body); bad != "" {
			fmt.Fprintf(os.Stderr, "a response leaks internals (%q): %.500s\n", bad, body)
			code = 1
		}
	}
	if code == 0 {
		fmt.Printf("scanned %d responses for internals: none leaked\n", len(allResponses))
	}
	os.Exit(code)
}
