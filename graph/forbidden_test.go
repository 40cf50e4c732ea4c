package graph_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// forbiddenAllowed are the non-resolver files of graph that speak FORBIDDEN:
// the error presenter maps privacy.Deny and gqlgen's introspection refusal,
// the transport maps the code to an HTTP status, and persisted queries refuse
// untrusted documents before any resolver runs.
var forbiddenAllowed = map[string]bool{"errors.go": true, "transport.go": true, "documents.go": true}

// TestNoResolverBuildsForbidden: who may do what is decided in internal/authz
// (privacy rules and its Can… functions); a resolver in graph/ that builds a
// FORBIDDEN error itself holds an access rule that jobs, imports and hooks
// would not obey.
func TestNoResolverBuildsForbidden(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || strings.HasSuffix(f, ".generated.go") || f == "generated.go" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(string(src), "// Code generated") {
			continue
		}
		for i, line := range strings.Split(string(src), "\n") {
			if strings.Contains(line, "apperr.Forbidden(") ||
				(strings.Contains(line, "apperr.CodeForbidden") && !forbiddenAllowed[f]) {
				t.Errorf("%s:%d builds a FORBIDDEN error; decide access in internal/authz instead: %s", f, i+1, strings.TrimSpace(line))
			}
		}
	}
}
