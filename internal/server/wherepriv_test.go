package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/authz"
)

// whereSource lists the objects of a where input's type, filtered by it: a root
// connection, or a connection field of objects that a root connection lists.
type whereSource struct {
	input string // e.g. BuyerWhereInput
	query string // with the variable $w of the input's type
	paths [][]string
}

// whereSources finds, in the published schema, how each where input is reached.
func whereSources(t *testing.T, s *ast.Schema) map[string]whereSource {
	roots := map[string]string{} // where input → root field
	for _, f := range s.Query.Fields {
		if a := f.Arguments.ForName("where"); a != nil && strings.HasSuffix(f.Type.Name(), "Connection") {
			roots[a.Type.Name()] = f.Name
		}
	}
	out := map[string]whereSource{}
	for in, f := range roots {
		out[in] = whereSource{input: in,
			query: fmt.Sprintf(`query($w: %s) { %s(first: 100, where: $w) { edges { node { id } } } }`, in, f),
			paths: [][]string{{f}}}
	}
	// Inputs only reached through a connection field of another type.
	names := make([]string, 0, len(s.Types))
	for n := range s.Types {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		def := s.Types[n]
		if def.Kind != ast.Object || def == s.Query {
			continue
		}
		parentRoot, ok := roots[n+"WhereInput"]
		if !ok {
			continue
		}
		for _, f := range def.Fields {
			a := f.Arguments.ForName("where")
			if a == nil || !strings.HasSuffix(f.Type.Name(), "Connection") {
				continue
			}
			if _, done := out[a.Type.Name()]; done {
				continue
			}
			out[a.Type.Name()] = whereSource{input: a.Type.Name(),
				query: fmt.Sprintf(`query($w: %s) { %s(first: 100) { edges { node { %s(first: 100, where: $w) { edges { node { id } } } } } } }`, a.Type.Name(), parentRoot, f.Name),
				paths: [][]string{{parentRoot}, {f.Name}}}
		}
	}
	return out
}

// ids collects the node ids of a response of a whereSource query.
func collectIDs(t *testing.T, data json.RawMessage, src whereSource) []string {
	var m any
	require.NoError(t, json.Unmarshal(data, &m))
	out := []string{}
	var walk func(v any, level int)
	walk = func(v any, level int) {
		conn, _ := v.(map[string]any)
		if conn == nil {
			return
		}
		edges, _ := conn[src.paths[level][0]].(map[string]any)["edges"].([]any)
		for _, e := range edges {
			node := e.(map[string]any)["node"].(map[string]any)
			if level+1 < len(src.paths) {
				walk(node, level+1)
			} else {
				out = append(out, node["id"].(string))
			}
		}
	}
	walk(m, 0)
	sort.Strings(out)
	return out
}

// allIDs lists every row of each type, past privacy, as GraphQL ids.
func allIDs(t *testing.T, c *ent.Client) map[string][]string {
	ctx := authz.System(context.Background())
	str := func(ids []int, err error) []string {
		require.NoError(t, err)
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = strconv.Itoa(id)
		}
		return out
	}
	return map[string][]string{
		"Account":       str(c.Account.Query().IDs(ctx)),
		"Buyer":         str(c.Buyer.Query().IDs(ctx)),
		"BuyRequest":    str(c.BuyRequest.Query().IDs(ctx)),
		"Certification": str(c.Certification.Query().IDs(ctx)),
		"ExportRecord":  str(c.ExportRecord.Query().IDs(ctx)),
		"FxRate":        str(c.FxRate.Query().IDs(ctx)),
		"Inquiry":       str(c.Inquiry.Query().IDs(ctx)),
		"MarketRule":    str(c.MarketRule.Query().IDs(ctx)),
		"Message":       str(c.Message.Query().IDs(ctx)),
		"Producer":      str(c.Producer.Query().IDs(ctx)),
		"Product":       str(c.Product.Query().IDs(ctx)),
		"Quote":         str(c.Quote.Query().IDs(ctx)),
		// The fair.
		"Event":             str(c.Event.Query().IDs(ctx)),
		"Booth":             str(c.Booth.Query().IDs(ctx)),
		"Participant":       str(c.Participant.Query().IDs(ctx)),
		"AvailabilityBlock": str(c.AvailabilityBlock.Query().IDs(ctx)),
		"Meeting":           str(c.Meeting.Query().IDs(ctx)),
		"Outcome":           str(c.Outcome.Query().IDs(ctx)),
		"BadgeScan":         str(c.BadgeScan.Query().IDs(ctx)),
	}
}

func intersect(a, b []string) []string {
	out := []string{}
	for _, x := range a {
		if slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// richWorld adds to the world rows that some roles must not see: a closed buy
// request of buyer A, an open one of buyer B, a thread of buyer B with producer
// B (message and quote), an export record and certificates.
func richWorld(t *testing.T) *world {
	w := newWorld(t)
	e := w.e
	var br struct {
		CreateBuyRequest struct{ BuyRequest struct{ ID string } }
	}
	e.as(w.tokens["buyerA"]).ok(`mutation($in: CreateBuyRequestInput!) { createBuyRequest(input: $in) { buyRequest { id } } }`, map[string]any{"in": map[string]any{
		"title": "Secret squid for Songkhla", "query": "squid", "quantity": map[string]any{"amount": 3, "unit": "TONNE"},
		"destination": map[string]any{"country": "TH"}, "incoterm": "CIF", "validUntil": now.AddDate(0, 2, 0).Format(time.RFC3339)}}, &br)
	e.as(w.tokens["buyerA"]).ok(`mutation($id: ID!) { updateBuyRequest(id: $id, input: {status: CLOSED}) { buyRequest { id } } }`, map[string]any{"id": br.CreateBuyRequest.BuyRequest.ID}, nil)
	e.as(w.tokens["buyerB"]).ok(`mutation($in: CreateBuyRequestInput!) { createBuyRequest(input: $in) { buyRequest { id } } }`, map[string]any{"in": map[string]any{
		"title": "Shrimp for Tokyo", "hsCodes": []string{"0306"}, "quantity": map[string]any{"amount": 1, "unit": "TONNE"},
		"destination": map[string]any{"country": "JP"}, "validUntil": now.AddDate(0, 1, 0).Format(time.RFC3339)}}, nil)
	var inq struct {
		SendInquiry struct{ Inquiry struct{ ID string } }
	}
	e.as(w.tokens["buyerB"]).ok(`mutation($p: ID!) { sendInquiry(input: {producerID: $p, subject: "Crab", body: "Pasteurised crab meat?"}) { inquiry { id } } }`, map[string]any{"p": w.prodB}, &inq)
	e.as(w.tokens["producerB"]).ok(`mutation($i: ID!) { sendQuote(input: {inquiryID: $i, price: {amount: "9", currency: "USD"}, priceUnit: LB, quantity: {amount: 1, unit: TONNE}, incoterm: FOB, validUntil: "2027-01-01T00:00:00Z"}) { quote { id } } }`,
		map[string]any{"i": inq.SendInquiry.Inquiry.ID}, nil)
	w.quote(t)
	e.as(w.tokens["producerB"]).ok(`mutation($p: ID!) { recordExport(input: {producerID: $p, destinationCountry: "JP", hsCode: "160510", quantityKg: 500, value: "4000", currency: "USD", shippedOn: "2025-03-01T00:00:00Z"}) { exportRecord { id } } }`, map[string]any{"p": w.prodB}, nil)
	e.as(w.tokens["producerA"]).ok(`mutation($p: ID!, $pr: ID!) { createCertification(input: {producerID: $p, productID: $pr, type: HACCP, validFrom: "2025-01-01T00:00:00Z", validUntil: "2027-01-01T00:00:00Z"}) { certification { id } } }`,
		map[string]any{"p": w.prodA, "pr": w.productA}, nil)
	// A fair: producer A's booth, A and both buyers validated, producer B
	// registered but not, buyer A meeting producer A, buyer B a blocked time.
	var ev struct {
		CreateEvent struct{ Event struct{ ID string } }
	}
	e.ok(fairEvent, nil, &ev)
	eventID := ev.CreateEvent.Event.ID
	e.ok(`mutation($e: ID!, $p: ID!) { createBooth(input: {eventID: $e, number: "A-01", category: EXPORTER, producerID: $p}) { booth { id } } }`,
		map[string]any{"e": eventID, "p": w.prodA}, nil)
	part := map[string]string{}
	for _, role := range []string{"producerA", "producerB", "buyerA", "buyerB"} {
		var out struct {
			RegisterForEvent struct{ Participant struct{ ID string } }
		}
		e.as(w.tokens[role]).ok(`mutation($e: ID!) { registerForEvent(input: {eventId: $e}) { participant { id } } }`, map[string]any{"e": eventID}, &out)
		part[role] = out.RegisterForEvent.Participant.ID
		if role != "producerB" {
			e.ok(`mutation($id: ID!) { validateParticipant(id: $id) { participant { id } } }`, map[string]any{"id": part[role]}, nil)
		}
	}
	e.as(w.tokens["buyerB"]).ok(`mutation($p: ID!) { blockAvailability(input: {participantId: $p, startsAt: "2026-12-07T02:00:00Z", endsAt: "2026-12-07T04:00:00Z"}) { availabilityBlock { id } } }`,
		map[string]any{"p": part["buyerB"]}, nil)
	var m struct {
		RequestMeeting struct{ Meeting struct{ ID string } }
	}
	e.as(w.tokens["buyerA"]).ok(`mutation($e: ID!, $p: ID!) { requestMeeting(input: {eventId: $e, withParticipantId: $p, message: "Secret tengiri talk"}) { meeting { id } } }`,
		map[string]any{"e": eventID, "p": part["producerA"]}, &m)
	e.as(w.tokens["producerA"]).ok(`mutation($id: ID!) { acceptMeeting(id: $id, slot: "2026-12-07T02:00:00Z") { meeting { id } } }`, map[string]any{"id": m.RequestMeeting.Meeting.ID}, nil)
	return w
}

// TestWhereFiltersKeepPrivacy walks every has<Edge>With and has<Edge> filter of
// every where input of the published schema, as every role, and checks that a
// filter on an edge reveals only targets the role can see: a filter naming a
// target that `node` hides finds nothing, and one naming a visible target finds
// exactly the role's visible objects linked to it.
func TestWhereFiltersKeepPrivacy(t *testing.T) {
	b, err := os.ReadFile("../../graph/schema.graphql")
	require.NoError(t, err)
	schema, gerr := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: string(b)})
	require.Nil(t, gerr)
	w := richWorld(t)
	all := allIDs(t, w.e.db.Client)
	sources := whereSources(t, schema)

	list := func(role string, src whereSource, where map[string]any) []string {
		r := w.e.as(w.tokens[role]).do(src.query, map[string]any{"w": where})
		require.Empty(t, r.Errors, "%s as %s with %v: %+v", src.input, role, where, r.Errors)
		return collectIDs(t, r.Data, src)
	}
	visible := map[string]map[string]bool{} // role → id → node shows it
	for _, role := range roles {
		visible[role] = map[string]bool{}
		for _, ids := range all {
			for _, id := range ids {
				r := w.e.as(w.tokens[role]).do(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id})
				var out struct{ Node *struct{ ID string } }
				require.NoError(t, json.Unmarshal(r.Data, &out))
				visible[role][id] = len(r.Errors) == 0 && out.Node != nil
			}
		}
	}

	inputs := make([]string, 0, len(sources))
	for in := range sources {
		inputs = append(inputs, in)
	}
	sort.Strings(inputs)
	hiddenLinks, edges := map[string]int{}, 0
	for _, in := range inputs {
		src := sources[in]
		def := schema.Types[in]
		require.NotNil(t, def, in)
		for _, f := range def.Fields {
			if !strings.HasPrefix(f.Name, "has") || !strings.HasSuffix(f.Name, "With") {
				continue
			}
			target := strings.TrimSuffix(f.Type.Name(), "WhereInput")
			targets, ok := all[target]
			require.True(t, ok, "%s.%s: add %s to allIDs", in, f.Name, target)
			has := strings.TrimSuffix(f.Name, "With")
			edges++
			// What each target links to, seen by the trade office (who sees all).
			truth := map[string][]string{}
			for _, id := range targets {
				truth[id] = list("admin", src, map[string]any{f.Name: []any{map[string]any{"id": id}}})
			}
			for _, role := range roles {
				t.Run(in+"."+f.Name+"/"+role, func(t *testing.T) {
					seen := list(role, src, nil)
					withAny := []string{}
					for _, id := range targets {
						got := list(role, src, map[string]any{f.Name: []any{map[string]any{"id": id}}})
						want := []string{}
						if visible[role][id] {
							want = intersect(truth[id], seen)
							withAny = append(withAny, want...)
						} else if len(intersect(truth[id], seen)) > 0 {
							hiddenLinks[target]++
						}
						require.Equal(t, want, got, "%s: {%s: [{id: %s}]} as %s (target visible: %v)", in, f.Name, id, role, visible[role][id])
					}
					slices.Sort(withAny)
					withAny = slices.Compact(withAny)
					require.Equal(t, withAny, list(role, src, map[string]any{has: true}), "%s: {%s: true} as %s", in, has, role)
					without := []string{}
					for _, id := range seen {
						if !slices.Contains(withAny, id) {
							without = append(without, id)
						}
					}
					require.Equal(t, without, list(role, src, map[string]any{has: false}), "%s: {%s: false} as %s", in, has, role)
				})
			}
		}
	}
	t.Logf("%d where inputs, %d edge filters, hidden links probed: %v", len(inputs), edges, hiddenLinks)
	// The world links objects a role sees to rows it does not see (a buyer to its
	// closed request, for producers), so that the walk above tests something.
	// (Inquiries, messages and quotes are seen by the same parties as the objects
	// whose filters name them, and every buyer is seen by the producers: no
	// visible object can link to a hidden one of those types.)
	require.GreaterOrEqual(t, hiddenLinks["BuyRequest"], 2, "no visible object links to a hidden buy request")
}

// TestWhereFilterTitleProbe: the attack as reported. A producer, to whom a closed
// buy request is NOT_FOUND, tries to read its title through filters on edges.
func TestWhereFilterTitleProbe(t *testing.T) {
	w := richWorld(t)
	p := w.e.as(w.tokens["producerB"])
	probes := []string{
		`{ buyers(first: 10, where: {hasBuyRequestsWith: [{status: CLOSED}]}) { totalCount } }`,
		`{ buyers(first: 10, where: {hasBuyRequestsWith: [{status: CLOSED, titleGTE: "S", titleLT: "T"}]}) { totalCount } }`,
		`{ buyers(first: 10, where: {hasBuyRequestsWith: [{titleHasPrefix: "Secret"}]}) { totalCount } }`,
		`{ buyers(first: 10, where: {hasBuyRequestsWith: [{incoterm: CIF}]}) { totalCount } }`,
		`{ buyRequests(first: 10, where: {hasBuyerWith: [{hasBuyRequestsWith: [{status: CLOSED}]}]}) { totalCount } }`,
		`{ buyRequests(first: 10, where: {hasBuyerWith: [{hasBuyRequestsWith: [{titleContains: "squid"}]}]}) { totalCount } }`,
	}
	for _, q := range probes {
		var out map[string]struct{ TotalCount int }
		p.ok(q, nil, &out)
		for k, v := range out {
			require.Zero(t, v.TotalCount, "%s reveals the closed request: %s", k, q)
		}
	}
	// The buyer itself still finds its own closed request this way.
	var out struct{ Buyers struct{ TotalCount int } }
	w.e.as(w.tokens["buyerA"]).ok(`{ buyers(first: 10, where: {hasBuyRequestsWith: [{status: CLOSED, titleHasPrefix: "Secret"}]}) { totalCount } }`, nil, &out)
	require.Equal(t, 1, out.Buyers.TotalCount)
	// Through an edge loaded lazily (a mutation's payload is not eager-loaded:
	// the edge query starts from a traversal), the filter still knows the
	// viewer: the buyer finds its requests, closed one included.
	var lazy struct {
		UpdateBuyRequest struct {
			BuyRequest struct {
				Buyer struct {
					BuyRequests struct{ TotalCount int }
				}
			}
		}
	}
	w.e.as(w.tokens["buyerA"]).ok(`mutation($id: ID!, $b: ID!) { updateBuyRequest(id: $id, input: {title: "Tengiri, 8 t"}) { buyRequest { buyer { buyRequests(first: 10, where: {hasBuyerWith: [{id: $b, hasBuyRequestsWith: [{status: CLOSED}]}]}) { totalCount } } } } }`,
		map[string]any{"id": w.requestA, "b": w.buyerA}, &lazy)
	require.Equal(t, 2, lazy.UpdateBuyRequest.BuyRequest.Buyer.BuyRequests.TotalCount)
	// Inside a buyer's page (eager-loaded edge), the nested filter holds too.
	var nested struct {
		Buyers struct {
			Edges []struct {
				Node struct {
					BuyRequests struct{ TotalCount int }
				}
			}
		}
	}
	p.ok(`{ buyers(first: 10) { edges { node { buyRequests(first: 10, where: {hasBuyerWith: [{hasBuyRequestsWith: [{status: CLOSED}]}]}) { totalCount } } } } }`, nil, &nested)
	for _, e := range nested.Buyers.Edges {
		require.Zero(t, e.Node.BuyRequests.TotalCount)
	}
}
