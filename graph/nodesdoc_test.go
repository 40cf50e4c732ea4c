package graph

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// The published description of Query.nodes states the cap the limits enforce.
func TestNodesDescriptionStatesTheCap(t *testing.T) {
	b, err := os.ReadFile("schema.graphql")
	require.NoError(t, err)
	s := gqlparser.MustLoadSchema(&ast.Source{Name: "schema.graphql", Input: string(b)})
	d := s.Query.Fields.ForName("nodes").Description
	require.True(t, strings.Contains(d, "at most "+strconv.Itoa(MaxNodeIDs)+" IDs"), d)
}
