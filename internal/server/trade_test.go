package server_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

type thread struct {
	e                 *env
	buyer, inquiry    string
	producer, product string
}

func newThread(t *testing.T, e *env) thread {
	th := thread{e: e, producer: createProducer(e, "Mitra Dagang"), buyer: createBuyer(e)}
	th.product = createProduct(e, th.producer)
	var out struct {
		SendInquiry struct {
			Inquiry struct {
				ID       string
				Status   string
				Messages struct {
					Edges []struct{ Node struct{ Sender, Body string } }
				}
			}
		}
	}
	e.ok(`mutation($in: SendInquiryInput!) { sendInquiry(input: $in) { inquiry { id status messages(first: 10) { edges { node { sender body } } } } } }`, map[string]any{"in": map[string]any{
		"buyerID": th.buyer, "producerID": th.producer, "productID": th.product,
		"subject": "Tengiri for Bangkok", "body": "Can you ship 8 t a month CFR Laem Chabang?",
	}}, &out)
	require.Equal(t, "OPEN", out.SendInquiry.Inquiry.Status)
	require.Equal(t, "BUYER", out.SendInquiry.Inquiry.Messages.Edges[0].Node.Sender)
	th.inquiry = out.SendInquiry.Inquiry.ID
	return th
}

func (th thread) quote(validFor time.Duration) string {
	var out struct {
		SendQuote struct{ Quote struct{ ID, Status string } }
	}
	th.e.ok(`mutation($in: SendQuoteInput!) { sendQuote(input: $in) { quote { id status } } }`, map[string]any{"in": map[string]any{
		"inquiryID": th.inquiry, "price": map[string]any{"amount": "3.45", "currency": "USD"}, "priceUnit": "KG",
		"quantity": map[string]any{"amount": 8, "unit": "TONNE", "per": "MONTH"}, "incoterm": "CFR",
		"validUntil": now.Add(validFor).Format(time.RFC3339),
	}}, &out)
	require.Equal(th.e.t, "PENDING", out.SendQuote.Quote.Status)
	return out.SendQuote.Quote.ID
}

func (th thread) status() (inquiry string, quotes []string) {
	var out struct {
		Node struct {
			Status string
			Quotes struct {
				Edges []struct{ Node struct{ Status string } }
			}
		}
	}
	th.e.ok(`query($id: ID!) { node(id: $id) { ... on Inquiry { status quotes(first: 50) { edges { node { status } } } } } }`, map[string]any{"id": th.inquiry}, &out)
	for _, q := range out.Node.Quotes.Edges {
		quotes = append(quotes, q.Node.Status)
	}
	return out.Node.Status, quotes
}

const (
	accept   = `mutation($id: ID!) { acceptQuote(id: $id) { quote { status } } }`
	decline  = `mutation($id: ID!) { declineQuote(id: $id, reason: "too dear") { quote { status } } }`
	withdraw = `mutation($id: ID!) { withdrawQuote(id: $id) { quote { status } } }`
)

func TestNegotiation(t *testing.T) {
	e := newEnv(t, false)
	th := newThread(t, e)

	e.ok(`mutation($in: SendMessageInput!) { sendMessage(input: $in) { message { id sender } } }`,
		map[string]any{"in": map[string]any{"inquiryID": th.inquiry, "sender": "PRODUCER", "body": "Yes, from next month."}}, nil)
	e.fails("BAD_USER_INPUT", `mutation($in: SendMessageInput!) { sendMessage(input: $in) { message { id } } }`,
		map[string]any{"in": map[string]any{"inquiryID": th.inquiry, "sender": "BUYER", "body": "  "}})

	q1 := th.quote(72 * time.Hour)
	st, qs := th.status()
	require.Equal(t, "QUOTED", st)
	require.Equal(t, []string{"PENDING"}, qs)

	// A new quote supersedes the pending one.
	q2 := th.quote(72 * time.Hour)
	_, qs = th.status()
	require.Equal(t, []string{"SUPERSEDED", "PENDING"}, qs)

	e.ok(decline, map[string]any{"id": q2}, nil)
	st, _ = th.status()
	require.Equal(t, "OPEN", st, "a declined quote reopens the inquiry")

	q3 := th.quote(72 * time.Hour)
	e.ok(accept, map[string]any{"id": q3}, nil)
	st, qs = th.status()
	require.Equal(t, "ACCEPTED", st)
	require.Equal(t, []string{"SUPERSEDED", "DECLINED", "ACCEPTED"}, qs)

	// A deal takes no more quotes.
	r := e.do(`mutation($in: SendQuoteInput!) { sendQuote(input: $in) { quote { id } } }`, map[string]any{"in": map[string]any{
		"inquiryID": th.inquiry, "price": map[string]any{"amount": "3", "currency": "USD"}, "priceUnit": "KG",
		"quantity": map[string]any{"amount": 8, "unit": "TONNE"}, "incoterm": "CFR", "validUntil": now.Add(time.Hour).Format(time.RFC3339),
	}})
	require.Equal(t, "CONFLICT", r.code())
	_ = q1
}

// TestIllegalQuoteTransitions tries every action on a quote in every final state.
func TestIllegalQuoteTransitions(t *testing.T) {
	e := newEnv(t, false)
	actions := map[string]string{"accept": accept, "decline": decline, "withdraw": withdraw}
	// Bring one quote into each final state.
	finals := map[string]func(th thread) string{
		"ACCEPTED": func(th thread) string { q := th.quote(time.Hour); e.ok(accept, map[string]any{"id": q}, nil); return q },
		"DECLINED": func(th thread) string {
			q := th.quote(time.Hour)
			e.ok(decline, map[string]any{"id": q}, nil)
			return q
		},
		"WITHDRAWN": func(th thread) string {
			q := th.quote(time.Hour)
			e.ok(withdraw, map[string]any{"id": q}, nil)
			return q
		},
		"SUPERSEDED": func(th thread) string { q := th.quote(time.Hour); th.quote(time.Hour); return q },
	}
	for state, make := range finals {
		for name, mutation := range actions {
			t.Run(name+" "+state, func(t *testing.T) {
				th := newThread(t, e)
				q := make(th)
				r := e.fails("CONFLICT", mutation, map[string]any{"id": q})
				require.Contains(t, r.Errors[0].Message, "cannot "+name)
			})
		}
	}
	t.Run("accept after validity", func(t *testing.T) {
		th := newThread(t, e)
		// A quote valid for one minute, accepted by a clock an hour later, is refused.
		q := th.quote(time.Minute)
		later := newEnvOn(t, e.db)
		later.t = t
		now = now.Add(time.Hour)
		defer func() { now = now.Add(-time.Hour) }()
		r := later.fails("CONFLICT", accept, map[string]any{"id": q})
		require.Contains(t, r.Errors[0].Message, "expired")
	})
	e.fails("NOT_FOUND", accept, map[string]any{"id": "47244699999"})
}

func TestBuyRequests(t *testing.T) {
	e := newEnv(t, false)
	buyer := createBuyer(e)
	create := `mutation($in: CreateBuyRequestInput!) { createBuyRequest(input: $in) { buyRequest { id hsCodes status quantity { amount unit per } maxPrice { amount currency } destinationCountry destinationPort } } }`
	in := func() map[string]any {
		return map[string]any{
			"buyerID": buyer, "title": "Frozen tengiri and tuna for Bangkok", "hsCodes": []string{"0303.59", "0303 4"},
			"query": "frozen tengiri or tuna", "quantity": map[string]any{"amount": 8, "unit": "TONNE", "per": "MONTH"},
			"destination": map[string]any{"country": "th", "port": "THLCH"}, "incoterm": "CFR",
			"maxPrice": map[string]any{"amount": "5", "currency": "USD"}, "validUntil": now.AddDate(0, 1, 0).Format(time.RFC3339),
		}
	}
	var out struct {
		CreateBuyRequest struct {
			BuyRequest struct {
				ID                 string
				HsCodes            []string
				Status             string
				DestinationCountry string
				DestinationPort    string
				Quantity           struct {
					Amount float64
					Unit   string
				}
				MaxPrice struct{ Amount string }
			}
		}
	}
	e.ok(create, map[string]any{"in": in()}, &out)
	br := out.CreateBuyRequest.BuyRequest
	require.Equal(t, []string{"030359", "03034"}, br.HsCodes)
	require.Equal(t, "OPEN", br.Status)
	require.Equal(t, "TH", br.DestinationCountry)
	require.Equal(t, "5", br.MaxPrice.Amount)

	bad := []struct {
		name  string
		patch func(map[string]any)
		field []string
	}{
		{"no commodity", func(m map[string]any) { delete(m, "hsCodes"); delete(m, "query") }, []string{"input", "hsCodes"}},
		{"negative amount", func(m map[string]any) { m["quantity"] = map[string]any{"amount": -8, "unit": "TONNE"} }, []string{"input", "quantity", "amount"}},
		{"unknown country", func(m map[string]any) { m["destination"] = map[string]any{"country": "XX"} }, []string{"input", "destination", "country"}},
		{"bad HS digits", func(m map[string]any) { m["hsCodes"] = []string{"ab12"} }, []string{"input", "hsCodes"}},
		{"past validity", func(m map[string]any) { m["validUntil"] = now.Add(-time.Hour).Format(time.RFC3339) }, []string{"input", "validUntil"}},
		{"bad port", func(m map[string]any) { m["destination"] = map[string]any{"country": "TH", "port": "XX1"} }, []string{"input", "destination", "port"}},
		{"no buyer", func(m map[string]any) { delete(m, "buyerID") }, []string{"input", "buyerID"}},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			m := in()
			c.patch(m)
			r := e.fails("BAD_USER_INPUT", create, map[string]any{"in": m})
			require.Equal(t, c.field, r.field())
		})
	}
	var upd struct {
		UpdateBuyRequest struct {
			BuyRequest struct{ Status, Title string }
		}
	}
	e.ok(`mutation($id: ID!) { updateBuyRequest(id: $id, input: {status: CLOSED, title: "Closed: tengiri"}) { buyRequest { status title } } }`, map[string]any{"id": br.ID}, &upd)
	require.Equal(t, "CLOSED", upd.UpdateBuyRequest.BuyRequest.Status)
}
