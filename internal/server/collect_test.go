package server_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
)

// TestCollectedColumns: a query that asks a firm for `verified` or
// `verifiedScopes` and nothing else reads only the columns the Collect
// annotation lists for them (ent/template/collection.tmpl), and those must be
// every column the resolvers judge: a firm whose verification ran out
// yesterday while its stored flag still says true (the sweep has not run) is
// not verified and has no scopes, on every path that loads a producer; one
// whose verification runs until tomorrow is.
func TestCollectedColumns(t *testing.T) {
	e := newEnv(t, true)
	ctx := authz.System(context.Background())
	p, err := e.db.Client.Product.Query().Where(product.HsCodeHasPrefix("0303")).First(ctx)
	require.NoError(t, err)
	scopes := func(until int) []domain.ScopeUntil {
		return []domain.ScopeUntil{{Scope: domain.ScopeIdentity, Until: now.AddDate(0, 0, until)}}
	}
	producer := e.db.Client.Producer.UpdateOneID(p.ProducerID).SetVerified(true).SetVerifiedAt(now.AddDate(-1, 0, 0))
	producer.SetVerifiedUntil(now.AddDate(0, 0, -1)).SetVerifiedScopes(scopes(-1)).ExecX(ctx)
	gid := strconv.Itoa(p.ProducerID) // ids are global already
	pid := strconv.Itoa(p.ID)
	anon := e.as("")
	type firm struct {
		Verified       bool
		VerifiedScopes []string
	}
	read := func() []firm {
		var out struct {
			Node     struct{ Producer firm }
			Producer firm
			Nodes    []firm
		}
		anon.ok(`query($p: ID!, $f: ID!) {
			node(id: $p) { ... on Product { producer { verified verifiedScopes } } }
			producer: node(id: $f) { ... on Producer { verified verifiedScopes } }
			nodes(ids: [$f]) { ... on Producer { verified verifiedScopes } }
		}`, map[string]any{"p": pid, "f": gid}, &out)
		var list struct {
			Products struct {
				Edges []struct{ Node struct{ Producer firm } }
			}
		}
		anon.ok(`query($id: ID!) { products(first: 1, where: {id: $id}) { edges { node { producer { verified verifiedScopes } } } } }`,
			map[string]any{"id": pid}, &list)
		require.Len(t, list.Products.Edges, 1)
		require.Len(t, out.Nodes, 1)
		return []firm{out.Node.Producer, out.Producer, out.Nodes[0], list.Products.Edges[0].Node.Producer}
	}
	for i, f := range read() {
		require.False(t, f.Verified, "path %d: a verification that ran out yesterday", i)
		require.Empty(t, f.VerifiedScopes, "path %d", i)
	}
	e.db.Client.Producer.UpdateOneID(p.ProducerID).SetVerifiedUntil(now.AddDate(0, 0, 1)).SetVerifiedScopes(scopes(1)).ExecX(ctx)
	for i, f := range read() {
		require.True(t, f.Verified, "path %d: a verification that runs until tomorrow", i)
		require.Equal(t, []string{"IDENTITY"}, f.VerifiedScopes, "path %d", i)
	}
}
