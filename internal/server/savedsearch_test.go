package server_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const saveSearchOp = `mutation($in: SaveSearchInput!) { saveSearch(input: $in) { savedSearch { id name query hsCodes newSince } } }`

type savedSearchJSON struct {
	ID, Name, Query string
	HsCodes         []string
	NewSince        int
}

func (w *world) saveSearch(e *env, in map[string]any) savedSearchJSON {
	var out struct {
		SaveSearch struct{ SavedSearch savedSearchJSON }
	}
	e.ok(saveSearchOp, map[string]any{"in": in}, &out)
	return out.SaveSearch.SavedSearch
}

// newSince waits until the saved searches of e show want new products (the
// alerts are found after the commit, off the request).
func newSince(t *testing.T, e *env, id string, want int) {
	t.Helper()
	var got int
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		var out struct{ SavedSearches []savedSearchJSON }
		e.ok(`{ savedSearches { id newSince } }`, nil, &out)
		for _, s := range out.SavedSearches {
			if s.ID == id {
				got = s.NewSince
			}
		}
		if got == want {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	require.Equal(t, want, got, "newSince of %s", id)
}

// TestSavedSearchAccess: buyers keep their own searches; nobody else sees or
// deletes them.
func TestSavedSearchAccess(t *testing.T) {
	w := newWorld(t)
	buyer := w.e.as(w.tokens["buyerA"])
	s := w.saveSearch(buyer, map[string]any{"name": "Tengiri", "query": "tengiri", "hsCodes": []string{"0303.59"}})
	require.Equal(t, []string{"030359"}, s.HsCodes, "dots dropped")

	w.e.as("").fails("UNAUTHENTICATED", saveSearchOp, map[string]any{"in": map[string]any{"name": "x", "query": "tuna"}})
	w.e.as(w.tokens["producerA"]).fails("FORBIDDEN", saveSearchOp, map[string]any{"in": map[string]any{"name": "x", "query": "tuna"}})
	r := buyer.fails("BAD_USER_INPUT", saveSearchOp, map[string]any{"in": map[string]any{"name": "nothing"}})
	require.Equal(t, []string{"input", "query"}, r.field())
	r = buyer.fails("BAD_USER_INPUT", saveSearchOp, map[string]any{"in": map[string]any{"name": "x", "hsCodes": []string{"3"}}})
	require.Equal(t, []string{"input", "hsCodes"}, r.field())

	var list struct{ SavedSearches []savedSearchJSON }
	w.e.as(w.tokens["buyerB"]).ok(`{ savedSearches { id } }`, nil, &list)
	require.Empty(t, list.SavedSearches)
	w.e.as("").ok(`{ savedSearches { id } }`, nil, &list)
	require.Empty(t, list.SavedSearches)
	w.e.as(w.tokens["buyerB"]).fails("NOT_FOUND", `mutation($id: ID!) { deleteSavedSearch(id: $id) { deletedID } }`, map[string]any{"id": s.ID})
	w.e.as(w.tokens["buyerB"]).fails("NOT_FOUND", `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": s.ID})
	buyer.ok(`{ savedSearches { id } }`, nil, &list)
	require.Len(t, list.SavedSearches, 1)

	for i := 1; i < 20; i++ {
		w.saveSearch(buyer, map[string]any{"name": "more", "query": "tuna"})
	}
	r = buyer.fails("BAD_USER_INPUT", saveSearchOp, map[string]any{"in": map[string]any{"name": "21st", "query": "tuna"}})
	require.Contains(t, r.Errors[0].Message, "20")
	buyer.ok(`mutation($id: ID!) { deleteSavedSearch(id: $id) { deletedID } }`, map[string]any{"id": s.ID}, nil)
	buyer.ok(`{ savedSearches { id } }`, nil, &list)
	require.Len(t, list.SavedSearches, 19)
}

// TestSavedSearchHits: a new product that fits and a product changed so that
// it fits are announced over the websocket and counted in newSince, once; one
// that does not fit is not; markSavedSearchSeen starts the count again.
func TestSavedSearchHits(t *testing.T) {
	w := newWorld(t)
	buyer := w.e.as(w.tokens["buyerA"])
	tengiri := w.saveSearch(buyer, map[string]any{"name": "Frozen tengiri", "query": "frozen tengiri", "hsCodes": []string{"0303"}})
	crab := w.saveSearch(buyer, map[string]any{"name": "Crab", "query": "rajungan"})
	otherBuyer := w.e.as(w.tokens["buyerB"])
	w.saveSearch(otherBuyer, map[string]any{"name": "Footwear", "hsCodes": []string{"64"}})

	ws := dialWS(t, w.e, w.tokens["buyerA"])
	ws.subscribe("1", `subscription { savedSearchHit { savedSearch { id name newSince } product { id nameEnglish } } }`, nil)
	other := dialWS(t, w.e, w.tokens["buyerB"])
	other.subscribe("1", `subscription { savedSearchHit { savedSearch { id } product { id } } }`, nil)
	time.Sleep(100 * time.Millisecond)

	producer := w.e.as(w.tokens["producerA"])
	in := productInput(w.prodA)
	in["nameEnglish"], in["nameIndonesian"] = "Frozen Spanish mackerel fillet", "Fillet tengiri beku"
	var created struct {
		CreateProduct struct{ Product struct{ ID string } }
	}
	producer.ok(`mutation($in: CreateProductInput!) { createProduct(input: $in) { product { id } } }`, map[string]any{"in": in}, &created)
	m := ws.next(5 * time.Second)
	require.Equal(t, "next", m.Type, "%s", m.Payload)
	require.Contains(t, string(m.Payload), created.CreateProduct.Product.ID)
	require.Contains(t, string(m.Payload), tengiri.ID)
	newSince(t, buyer, tengiri.ID, 1)
	newSince(t, buyer, crab.ID, 0)

	// A product changed so that it fits now: the crab search hears of it, once.
	update := `mutation($id: ID!, $n: String!) { updateProduct(id: $id, input: {nameEnglish: $n}) { product { id } } }`
	producer.ok(update, map[string]any{"id": w.productA, "n": "Blue swimming crab (rajungan) meat"}, nil)
	m = ws.next(5 * time.Second)
	require.Contains(t, string(m.Payload), crab.ID)
	require.Contains(t, string(m.Payload), w.productA)
	newSince(t, buyer, crab.ID, 1)
	producer.ok(update, map[string]any{"id": w.productA, "n": "Blue swimming crab (rajungan), pasteurised"}, nil)
	newSince(t, buyer, crab.ID, 1)

	// Buyer B's footwear search heard nothing.
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, _, err := other.conn.Read(ctx)
	require.Error(t, err, "buyer B must not hear of buyer A's searches")

	var seen struct {
		MarkSavedSearchSeen struct{ SavedSearch savedSearchJSON }
	}
	buyer.ok(`mutation($id: ID!) { markSavedSearchSeen(id: $id) { savedSearch { id newSince } } }`, map[string]any{"id": crab.ID}, &seen)
	require.Zero(t, seen.MarkSavedSearchSeen.SavedSearch.NewSince)
	otherBuyer.fails("NOT_FOUND", `mutation($id: ID!) { markSavedSearchSeen(id: $id) { savedSearch { id } } }`, map[string]any{"id": crab.ID})
}

// TestSavedNeedHits: a saved need is judged as matches judges it: a product
// enters when it comes to fit (here, its capacity grows past the need), once;
// one that cannot supply the need does not; the need is read back as saved,
// and a need that matches would refuse is refused with its field.
func TestSavedNeedHits(t *testing.T) {
	w := newWorld(t)
	buyer := w.e.as(w.tokens["buyerA"])
	need := map[string]any{"quantity": map[string]any{"amount": 10, "unit": "TONNE", "per": "MONTH"},
		"destination": map[string]any{"country": "TH", "port": "THLCH"}, "maxPrice": map[string]any{"amount": "4.50", "currency": "USD"}}
	s := w.saveSearch(buyer, map[string]any{"name": "Tengiri, 10 t a month to Laem Chabang", "query": "tengiri", "need": need})
	var list struct {
		SavedSearches []struct {
			ID   string
			Need struct {
				Quantity struct {
					Amount    float64
					Unit, Per string
				}
				Country        string
				Port           *string
				MaxPrice       struct{ Amount, Currency string }
				IncludePartial bool
			}
		}
	}
	buyer.ok(`{ savedSearches { id need { quantity { amount unit per } country port maxPrice { amount currency } includePartial } } }`, nil, &list)
	require.Len(t, list.SavedSearches, 1)
	got := list.SavedSearches[0].Need
	require.Equal(t, 10.0, got.Quantity.Amount)
	require.Equal(t, "MONTH", got.Quantity.Per)
	require.Equal(t, "TH", got.Country)
	require.Equal(t, "THLCH", *got.Port)
	require.Equal(t, "4.5", got.MaxPrice.Amount)
	require.False(t, got.IncludePartial)

	// Product A (8 t a month) cannot supply 10 t: no hit when it changes
	// otherwise, nor for a new product of 2 t.
	producer := w.e.as(w.tokens["producerA"])
	update := `mutation($id: ID!, $in: UpdateProductInput!) { updateProduct(id: $id, input: $in) { product { id } } }`
	producer.ok(update, map[string]any{"id": w.productA, "in": map[string]any{"descriptionEnglish": "Whole round, IQF"}}, nil)
	small := productInput(w.prodA)
	small["capacityAmount"] = 2
	producer.ok(`mutation($in: CreateProductInput!) { createProduct(input: $in) { product { id } } }`, map[string]any{"in": small}, nil)
	newSince(t, buyer, s.ID, 0)

	// Its capacity grows to 12 t: it fits now, and the search hears of it once.
	producer.ok(update, map[string]any{"id": w.productA, "in": map[string]any{"capacityAmount": 12}}, nil)
	newSince(t, buyer, s.ID, 1)
	producer.ok(update, map[string]any{"id": w.productA, "in": map[string]any{"capacityAmount": 15}}, nil)
	newSince(t, buyer, s.ID, 1)

	// The need is checked as matches checks its input.
	bad := map[string]any{"quantity": map[string]any{"amount": -1, "unit": "TONNE"}, "destination": map[string]any{"country": "TH"}}
	r := buyer.fails("BAD_USER_INPUT", saveSearchOp, map[string]any{"in": map[string]any{"name": "x", "query": "tuna", "need": bad}})
	require.Equal(t, []string{"input", "need"}, r.field()[:2], "%v", r.field())
	baht := map[string]any{"quantity": map[string]any{"amount": 1, "unit": "TONNE"}, "destination": map[string]any{"country": "TH"},
		"maxPrice": map[string]any{"amount": "150", "currency": "THB"}}
	r = buyer.fails("BAD_USER_INPUT", saveSearchOp, map[string]any{"in": map[string]any{"name": "x", "query": "tuna", "need": baht}})
	require.Equal(t, []string{"input", "need", "maxPrice", "currency"}, r.field(), "no exchange rate for THB here")
}
