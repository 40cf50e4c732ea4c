package graph

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/validator"

	"github.com/exportiva/exportiva/graph/generated"
	"github.com/exportiva/exportiva/internal/apperr"
)

var testSchema = generated.NewExecutableSchema(generated.Config{}).Schema()

// priced parses, validates and prices a document as the handler does, and returns
// the cost, the error and the walker's steps.
func priced(t testing.TB, query string, vars map[string]any) (int, *gqlerror.Error, int) {
	t.Helper()
	doc, errs := gqlparser.LoadQueryWithRules(testSchema, query, nil)
	require.Empty(t, errs, "the document validates")
	op := doc.Operations[0]
	coerced, err := validator.VariableValues(testSchema, op, vars)
	require.NoError(t, err)
	w := newWalker(DefaultLimits(), &graphql.OperationContext{Doc: doc, Operation: op, Variables: coerced}, testSchema)
	cost, gerr := w.price(op)
	return cost, gerr, w.steps
}

func code(err *gqlerror.Error) string {
	if err == nil {
		return ""
	}
	c, _ := err.Extensions["code"].(string)
	return c
}

// doubling is `query { ...Fn }` where each fragment spreads the previous one twice:
// 2^n fields from a document of a few hundred bytes.
func doubling(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "query { ...F%d } fragment F0 on Query { language }", n)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, " fragment F%d on Query { ...F%d ...F%d }", i, i-1, i-1)
	}
	return b.String()
}

func TestFragmentFanOutIsPricedOnce(t *testing.T) {
	for _, n := range []int{25, 30} {
		cost, err, steps := priced(t, doubling(n), nil)
		require.Equal(t, CodeComplexity, code(err), "2^%d fields are refused (cost %d)", n, cost)
		// Each fragment is walked once: a few steps per fragment, not 2^n.
		require.Less(t, steps, 10*(n+1), "%d levels priced in %d steps", n, steps)
	}
	// A fan-out that stays under the limit is priced exactly: 2^10 fields.
	cost, err, _ := priced(t, doubling(10), nil)
	require.Nil(t, err)
	require.Equal(t, 1024, cost)
}

// attackDocuments are documents of at most 2 KB built to make pricing expensive.
func attackDocuments() map[string]string {
	docs := map[string]string{"doubling fragments": doubling(45)}
	// Fragments each spreading the previous one many times (wide fan-out).
	var b strings.Builder
	b.WriteString("query { ...W12 } fragment W0 on Query { language __typename }")
	for i := 1; i <= 12; i++ {
		fmt.Fprintf(&b, " fragment W%d on Query {%s }", i, strings.Repeat(fmt.Sprintf(" ...W%d", i-1), 8))
	}
	docs["wide fan-out"] = b.String()
	// Fragments whose keys must be merged: many distinct aliases spread again and again.
	b.Reset()
	b.WriteString("query { ...K6 } fragment K0 on Query {")
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&b, " k%d: language", i)
	}
	b.WriteString(" }")
	for i := 1; i <= 6; i++ {
		fmt.Fprintf(&b, " fragment K%d on Query {%s }", i, strings.Repeat(fmt.Sprintf(" ...K%d", i-1), 10))
	}
	docs["aliases in fan-out"] = b.String()
	// Nested connections through fragments.
	b.Reset()
	b.WriteString("query { producers(first: 100) { ...P0 } } fragment P0 on ProducerConnection { edges { node { products(first: 100) { ...Q0 } } } } fragment Q0 on ProductConnection { edges { node { producer { products(first: 100) { ...Q1 } } } } } fragment Q1 on ProductConnection { totalCount edges { node { id } } }")
	docs["nested connections"] = b.String()
	// Certificates inside certificates.
	docs["certificate lists"] = "{ producers(first: 1) { edges { node { certifications { producer { certifications { producer { certifications { id } } } } } } } } }"
	for name, d := range docs {
		if len(d) > 2048 {
			panic(fmt.Sprintf("%s: %d bytes", name, len(d)))
		}
	}
	return docs
}

// TestAttackDocumentsPricedInFewSteps bounds the pricing work of 2 KB documents of
// hostile shapes by counting the walk's steps (timing is for the benchmark).
func TestAttackDocumentsPricedInFewSteps(t *testing.T) {
	for name, d := range attackDocuments() {
		t.Run(name, func(t *testing.T) {
			_, err, steps := priced(t, d, nil)
			require.NotNil(t, err, "refused")
			require.Contains(t, []string{CodeComplexity, CodeAliases, CodeDepth, CodeRepeats}, code(err), "%v", err)
			require.Less(t, steps, 2*len(d), "priced in %d steps", steps)
		})
	}
}

// BenchmarkPriceAttacks measures the pricing time per attack document (parsing and
// validation apart). Target: < 5 ms each.
func BenchmarkPriceAttacks(b *testing.B) {
	for name, d := range attackDocuments() {
		doc, errs := gqlparser.LoadQueryWithRules(testSchema, d, nil)
		require.Empty(b, errs)
		oc := &graphql.OperationContext{Doc: doc, Operation: doc.Operations[0]}
		b.Run(strings.ReplaceAll(name, " ", "_"), func(b *testing.B) {
			for b.Loop() {
				_, _ = newWalker(DefaultLimits(), oc, testSchema).price(oc.Operation)
			}
		})
	}
}

func TestNodesPricedPerID(t *testing.T) {
	ids := func(n int) []any {
		out := make([]any, n)
		for i := range out {
			out[i] = "4294967297" // the same id again and again
		}
		return out
	}
	q := `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Product { producer { products(first: 100) { edges { node { id name: nameEnglish } } } } } } }`
	_, err, _ := priced(t, q, map[string]any{"ids": ids(2000)})
	require.Equal(t, "BAD_USER_INPUT", code(err))
	require.Equal(t, []string{"ids"}, err.Extensions["field"])
	_, err, _ = priced(t, q, map[string]any{"ids": ids(100)})
	require.Equal(t, CodeComplexity, code(err), "100 ids × 100 products")
	cost, err, _ := priced(t, q, map[string]any{"ids": ids(2)})
	require.Nil(t, err)
	require.Equal(t, 1+2*(1+(1+1+100*(1+1+1))), cost, "children counted once per id")
}

// TestListMaximaCoverSchema fails when a list field of objects is neither a
// connection's edges nor priced by listMaxima, or when listMaxima names a field the
// schema no longer has.
func TestListMaximaCoverSchema(t *testing.T) {
	seen := map[string]bool{}
	for _, d := range testSchema.Types {
		if (d.Kind != ast.Object && d.Kind != ast.Interface) || strings.HasPrefix(d.Name, "__") {
			continue
		}
		for _, f := range d.Fields {
			if isConnectionType(f.Type.Name()) {
				require.NotNil(t, f.Arguments.ForName("first"), "%s.%s: a connection is priced by its first/last", d.Name, f.Name)
			}
			if f.Type.Elem == nil {
				continue
			}
			el := testSchema.Types[f.Type.Name()]
			if el.Kind == ast.Scalar || el.Kind == ast.Enum {
				continue
			}
			if isConnectionType(d.Name) && f.Name == "edges" {
				continue
			}
			key := d.Name + "." + f.Name
			seen[key] = true
			b, ok := listMaxima[key]
			require.True(t, ok, "%s is a list of %s without a maximum: make it a connection or add it to listMaxima with what enforces it", key, el.Name)
			require.Positive(t, b.bound(testSchema, map[string]any{"ids": []any{1}}), key)
			require.NotEmpty(t, b.why, key)
		}
	}
	for key := range listMaxima {
		require.True(t, seen[key], "listMaxima names %s, which is no list of objects in the schema", key)
	}
	require.Equal(t, 1, listMaxima["Query.exportStats"].bound(testSchema, nil)/MaxExportStatGroups)
}

func TestCertificateListsPricedByTheirMaximum(t *testing.T) {
	// 60 certificates made this 216,000 objects at an estimated cost of 1,222.
	cost, err, _ := priced(t, "{ producers(first: 1) { edges { node { certifications { producer { certifications { producer { certifications { id } } } } } } } } }", nil)
	require.Equal(t, CodeComplexity, code(err), "cost %d", cost)
	cost, err, _ = priced(t, "{ producers(first: 10) { edges { node { certifications { type } } } } }", nil)
	require.Nil(t, err)
	require.Equal(t, 1+1+10*(1+(1+50)), cost)
}

func TestRepeatedFieldsAndDirectives(t *testing.T) {
	_, err, _ := priced(t, "{"+strings.Repeat(" __typename", 500)+" }", nil)
	require.Equal(t, CodeRepeats, code(err))
	var frags strings.Builder
	frags.WriteString("{ ...A ...B ...C ...D ...E }")
	for _, n := range "ABCDE" {
		fmt.Fprintf(&frags, " fragment %c on Query {%s }", n, strings.Repeat(" language", 5))
	}
	_, err, _ = priced(t, frags.String(), nil)
	require.Equal(t, CodeRepeats, code(err), "repeats through fragments count")
	_, err, _ = priced(t, "{ ...A ...B } fragment A on Query { language __typename } fragment B on Query { language __typename }", nil)
	require.Nil(t, err, "a field in two fragments is fine")

	x := NewLimiter(DefaultLimits()).(*limiter)
	p := &graphql.RawParams{Query: "{ __typename" + strings.Repeat(" @unknown", 500) + " }"}
	err = x.MutateOperationParameters(t.Context(), p)
	require.Equal(t, CodeDirectives, code(err))
	require.Nil(t, x.MutateOperationParameters(t.Context(), &graphql.RawParams{Query: `{ a: __typename @skip(if: false) b: __typename @include(if: true) s: language # @ in a comment
	}`}))
	require.Nil(t, x.MutateOperationParameters(t.Context(), &graphql.RawParams{Query: `{ products(first: 1, where: {nameEnglishContains: "` + strings.Repeat("@", 200) + `"}) { totalCount } }`}), "@ in strings")
}

func nested(depth int) map[string]any {
	w := map[string]any{"nameEnglishContains": "x"}
	for i := 0; i < depth; i++ {
		w = map[string]any{"not": w}
	}
	return w
}

func TestInputSizes(t *testing.T) {
	q := `query($w: ProductWhereInput) { products(first: 1, where: $w) { totalCount } }`
	_, err, _ := priced(t, q, map[string]any{"w": nested(4)})
	require.Nil(t, err, "5 levels are fine")
	_, err, steps := priced(t, q, map[string]any{"w": nested(3000)})
	require.Equal(t, "BAD_USER_INPUT", code(err))
	require.Equal(t, "where", err.Extensions["field"].([]string)[0])
	require.Less(t, steps, 100, "refused without walking the whole value")

	terms := make([]any, 20000)
	for i := range terms {
		terms[i] = map[string]any{"nameEnglish": fmt.Sprint(i)}
	}
	_, err, _ = priced(t, q, map[string]any{"w": map[string]any{"or": terms}})
	require.Equal(t, "BAD_USER_INPUT", code(err))
	require.Equal(t, []string{"where", "or"}, err.Extensions["field"])

	ids := make([]any, 40000)
	for i := range ids {
		ids[i] = fmt.Sprint(i + 1)
	}
	_, err, _ = priced(t, q, map[string]any{"w": map[string]any{"idIn": ids}})
	require.Equal(t, "BAD_USER_INPUT", code(err))
	_, err, _ = priced(t, q, map[string]any{"w": map[string]any{"idIn": ids[:1000]}})
	require.Nil(t, err, "1,000 ids are fine")
	// Lists nested in lists count together.
	inner := make([]any, 600)
	for i := range inner {
		inner[i] = fmt.Sprint(i + 1)
	}
	_, err, _ = priced(t, q, map[string]any{"w": map[string]any{"or": []any{map[string]any{"idIn": inner}, map[string]any{"idIn": inner}}}})
	require.Equal(t, "BAD_USER_INPUT", code(err))
}

func TestGarbageIDsAndCursors(t *testing.T) {
	for _, c := range []struct {
		query string
		field []string
	}{
		{`{ node(id: "abc") { id } }`, []string{"id"}},
		{`{ products(first: 1, where: {id: "abc"}) { totalCount } }`, []string{"where", "id"}},
		{`{ products(first: 1, where: {or: [{idIn: ["1", "x"]}]}) { totalCount } }`, []string{"where", "or", "0", "idIn", "1"}},
		{`{ products(first: 1, after: "garbage") { totalCount } }`, []string{"after"}},
		{`{ products(first: 1, where: {createdAtGT: "yesterday"}) { totalCount } }`, []string{"where", "createdAtGT"}},
	} {
		_, err, _ := priced(t, c.query, nil)
		require.Equal(t, "BAD_USER_INPUT", code(err), c.query)
		require.Equal(t, c.field, err.Extensions["field"], c.query)
	}
	_, err, _ := priced(t, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": "1x"})
	require.Equal(t, "BAD_USER_INPUT", code(err), "variables too")
	_, err, _ = priced(t, `{ node(id: "4294967297") { id } }`, nil)
	require.Nil(t, err)
}

func readTestdata(t testing.TB, name string) string {
	b, err := os.ReadFile("testdata/" + name)
	require.NoError(t, err)
	return string(b)
}

func TestIntrospectionPricedApart(t *testing.T) {
	for _, f := range []string{"introspection.graphql", "introspection-full.graphql"} {
		_, err, _ := priced(t, readTestdata(t, f), nil)
		require.Nil(t, err, "%s: the standard introspection query passes the default limits", f)
	}
	var aliases strings.Builder
	aliases.WriteString("{")
	for i := 0; i < 30; i++ {
		fmt.Fprintf(&aliases, " s%d: __schema { types { fields { name } } }", i)
	}
	aliases.WriteString(" }")
	abusive := map[string]string{
		"member lists in member lists": `{ __type(name: "Query") { fields { type { fields { type { name } } } } } }`,
		"through a fragment":           `{ __schema { types { ...T } } } fragment T on __Type { possibleTypes { ...U } } fragment U on __Type { interfaces { name } }`,
		"many roots":                   aliases.String(),
		"ofType too deep":              `{ __type(name: "Query") { ` + strings.Repeat("ofType { ", 25) + "name" + strings.Repeat(" }", 25) + " } }",
	}
	for name, q := range abusive {
		_, err, _ := priced(t, q, nil)
		require.NotNil(t, err, name)
		require.Contains(t, []string{CodeDepth, CodeComplexity, CodeAliases}, code(err), "%s: %v", name, err)
	}
}

// BenchmarkPriceIntrospection measures the pricing of the standard introspection
// query with every option.
func BenchmarkPriceIntrospection(b *testing.B) {
	doc, errs := gqlparser.LoadQueryWithRules(testSchema, readTestdata(b, "introspection-full.graphql"), nil)
	require.Empty(b, errs)
	oc := &graphql.OperationContext{Doc: doc, Operation: doc.Operations[0]}
	for b.Loop() {
		_, _ = newWalker(DefaultLimits(), oc, testSchema).price(oc.Operation)
	}
}

// randomDocument builds a valid document of at most about 2 KB: fragments on
// Query and Producer that spread earlier ones a random number of times.
func randomDocument(r *rand.Rand) string {
	var b strings.Builder
	n := 3 + r.IntN(40)
	type frag struct{ name, on string }
	var frags []frag
	for i := 0; i < n && b.Len() < 1800; i++ {
		on := "Query"
		if r.IntN(3) == 0 {
			on = "Producer"
		}
		name := fmt.Sprintf("G%d", i)
		fmt.Fprintf(&b, " fragment %s on %s {", name, on)
		fields := map[string][]string{"Query": {"language", "__typename"}, "Producer": {"id", "name", "nib", "__typename", "languages"}}[on]
		for k := 0; k < 1+r.IntN(4); k++ {
			b.WriteString(" " + fields[r.IntN(len(fields))])
		}
		for k := 0; k < r.IntN(6); k++ {
			if len(frags) == 0 {
				break
			}
			f := frags[r.IntN(len(frags))]
			switch {
			case f.on == on:
				b.WriteString(" ..." + f.name)
			case on == "Query":
				fmt.Fprintf(&b, " producers(first: 10) { edges { node { ...%s } } }", f.name)
			}
		}
		b.WriteString(" }")
		frags = append(frags, frag{name, on})
	}
	var q, p strings.Builder
	for _, f := range frags { // every fragment used, or the document is invalid
		if f.on == "Query" {
			q.WriteString(" ..." + f.name)
		} else {
			p.WriteString(" ..." + f.name)
		}
	}
	if p.Len() > 0 {
		fmt.Fprintf(&q, " producers(first: 10) { edges { node {%s } } }", p.String())
	}
	return "query {" + q.String() + " }" + b.String()
}

// TestRandomDocumentsPricedInFewSteps prices random 2 KB documents of nested
// fragments: the walk's steps stay within a small multiple of the document size
// (each fragment is walked once), priced or refused.
func TestRandomDocumentsPricedInFewSteps(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	worst, priced := 0, 0
	for i := 0; i < 300; i++ {
		d := randomDocument(r)
		doc, errs := gqlparser.LoadQueryWithRules(testSchema, d, nil)
		require.Empty(t, errs, d)
		w := newWalker(DefaultLimits(), &graphql.OperationContext{Doc: doc, Operation: doc.Operations[0]}, testSchema)
		if _, err := w.price(doc.Operations[0]); err == nil {
			priced++
		}
		require.LessOrEqual(t, w.steps, 2*len(d), "%s", d)
		worst = max(worst, w.steps)
	}
	t.Logf("most steps for one document: %d; %d of 300 within the limits", worst, priced)
}

func TestBoundListRefusesPastTheMaximum(t *testing.T) {
	require.NoError(t, boundList("Query.exportStats", MaxExportStatGroups))
	err := boundList("Query.exportStats", MaxExportStatGroups+1)
	var ae *apperr.Error
	require.ErrorAs(t, err, &ae)
	require.Equal(t, apperr.CodeBadUserInput, ae.Code)
}

// TestLimitErrorsNameTheirPath: the walk extends one path buffer in place
// (siblings reuse the slot), so an error found after a deep sibling, or
// inside a fragment spread after one, must still carry its own path.
func TestLimitErrorsNameTheirPath(t *testing.T) {
	deep := `a: products(first: 2) { edges { node { producer { products(first: 2) { edges { node { producer { id } } } } } } } }`
	for _, c := range []struct {
		query string
		path  string
	}{
		{`{ ` + deep + ` b: products { totalCount } }`, "b"},
		{`{ ` + deep + ` c: products(first: 2) { edges { node { producer { products { totalCount } } } } } }`, "c.edges.node.producer.products"},
		{`{ ` + deep + ` ...F } fragment F on Query { d: products(first: 2) { edges { node { producer { e: products { totalCount } } } } } }`, "d.edges.node.producer.e"},
	} {
		_, err, _ := priced(t, c.query, nil)
		require.NotNil(t, err, c.query)
		require.Equal(t, apperr.CodeBadUserInput, code(err), c.query)
		require.Equal(t, c.path, err.Path.String(), c.query)
	}
}
