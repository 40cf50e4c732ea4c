package server_test

import (
	"context"
	"testing"

	"entgo.io/ent/dialect"
	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/demo"
	"github.com/exportiva/exportiva/internal/testdb"
)

type suggestion struct {
	Text, Kind string
	Count      int
	Search     *string
	Where      map[string]any
}

// TestSuggest: completions in the request's language from product names,
// species, HS headings, producers and districts; from memory after the first
// call, rebuilt after a catalog change.
func TestSuggest(t *testing.T) {
	db := testdb.Open(t)
	_, err := demo.Load(context.Background(), db.Client, now)
	require.NoError(t, err)
	var counter *testdb.Counter
	e := newEnvOn(t, db.Wrap(func(d dialect.Driver) dialect.Driver { counter = testdb.NewCounter(d); return counter }))
	anon := e.as("")
	q := `query($p: String!, $n: Int) { suggest(prefix: $p, first: $n) { text kind count search where } }`
	var out struct{ Suggest []suggestion }
	anon.in("id").ok(q, map[string]any{"p": "teng"}, &out)
	require.NotEmpty(t, out.Suggest)
	require.Equal(t, "PRODUCT", out.Suggest[0].Kind)
	require.Contains(t, out.Suggest[0].Text, "engiri")
	require.NotNil(t, out.Suggest[0].Search)
	for _, s := range out.Suggest {
		require.Positive(t, s.Count)
	}

	// In English the names are the English ones; a word inside a name counts.
	anon.in("en").ok(q, map[string]any{"p": "MACKER", "n": 20}, &out)
	require.NotEmpty(t, out.Suggest)
	for _, s := range out.Suggest {
		require.Contains(t, []string{"PRODUCT", "SPECIES", "HS_HEADING"}, s.Kind)
	}

	// Headings by code and title, districts, producers, with their where.
	anon.in("id").ok(q, map[string]any{"p": "0303"}, &out)
	require.NotEmpty(t, out.Suggest)
	require.Equal(t, "HS_HEADING", out.Suggest[0].Kind)
	require.Contains(t, out.Suggest[0].Text, "Ikan, beku")
	require.Equal(t, map[string]any{"hsCodeHasPrefix": "0303"}, out.Suggest[0].Where)
	anon.ok(q, map[string]any{"p": "brond"}, &out)
	kinds := map[string]bool{}
	for _, s := range out.Suggest {
		kinds[s.Kind] = true
	}
	require.True(t, kinds["DISTRICT"], "%v", out.Suggest)

	// From memory: no SQL for later prefixes.
	counter.Reset()
	anon.ok(q, map[string]any{"p": "uda"}, &out)
	anon.ok(q, map[string]any{"p": "kerupuk"}, &out)
	require.Zero(t, counter.Count())

	// A new product is suggested after its commit.
	var created struct {
		CreateProduct struct{ Product struct{ ID string } }
	}
	var prods struct {
		Producers struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	e.ok(`{ producers(first: 1) { edges { node { id } } } }`, nil, &prods)
	e.ok(`mutation($p: ID!) { createProduct(input: {producerID: $p, nameEnglish: "Zanzibar octopus", nameIndonesian: "Gurita zanzibar",
		hsCode: "030752", form: FROZEN, unit: KG, capacityAmount: 1, capacityUnit: TONNE, capacityPeriod: MONTH}) { product { id } } }`,
		map[string]any{"p": prods.Producers.Edges[0].Node.ID}, &created)
	anon.in("en").ok(q, map[string]any{"p": "zanzi"}, &out)
	require.Len(t, out.Suggest, 1)
	require.Equal(t, "Zanzibar octopus", out.Suggest[0].Text)

	r := anon.fails("BAD_USER_INPUT", q, map[string]any{"p": "x", "n": 50})
	require.Equal(t, []string{"first"}, r.field())
	anon.ok(q, map[string]any{"p": "  "}, &out)
	require.Empty(t, out.Suggest)
}
