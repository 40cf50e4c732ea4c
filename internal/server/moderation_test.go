package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	coderws "github.com/coder/websocket"
	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent/notification"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/moderation"
	"github.com/exportiva/exportiva/internal/testdb"
)

const (
	fileReport    = `mutation($s: ID!, $r: ReportReason!, $n: String) { fileReport(input: {subjectID: $s, reason: $r, note: $n}) { report { id subject subjectID reason note status action } } }`
	resolveReport = `mutation($id: ID!, $a: ReportAction!, $n: String) { resolveReport(id: $id, action: $a, note: $n) { report { id status action resolvedAt resolutionNote } } }`
	sendMessage   = `mutation($i: ID!, $b: String!) { sendMessage(input: {inquiryID: $i, body: $b}) { message { id } } }`
)

type reportOut struct {
	ID, Subject, SubjectID, Reason, Status string
	Note                                   *string
	Action                                 *string
	ResolvedAt                             *string
	ResolutionNote                         *string
}

// file files a report as role and returns it.
func (w *world) file(role, subject, reason, note string) reportOut {
	var out struct{ FileReport struct{ Report reportOut } }
	w.e.as(w.tokens[role]).ok(fileReport, map[string]any{"s": subject, "r": reason, "n": note}, &out)
	return out.FileReport.Report
}

func (w *world) resolve(id, action, note string) reportOut {
	var out struct{ ResolveReport struct{ Report reportOut } }
	w.e.ok(resolveReport, map[string]any{"id": id, "a": action, "n": note}, &out)
	return out.ResolveReport.Report
}

// message writes on inquiry A as role and returns the message id.
func (w *world) message(role, body string) string {
	var out struct {
		SendMessage struct{ Message struct{ ID string } }
	}
	w.e.as(w.tokens[role]).ok(sendMessage, map[string]any{"i": w.inquiryA, "b": body}, &out)
	return out.SendMessage.Message.ID
}

func (w *world) kindsOf(role string) []string { return kinds(w.notifications(role, false)) }

// TestReports: filing (who may report what, one open report per object, the
// note's bound), the trade office's queue and who sees a report.
func TestReports(t *testing.T) {
	w := newWorld(t)
	e := w.e
	e.as("").fails("UNAUTHENTICATED", fileReport, map[string]any{"s": w.productA, "r": "SPAM"})

	r := w.file("buyerA", w.productA, "FRAUD", "  asks for payment to a new account  ")
	require.Equal(t, "PRODUCT", r.Subject)
	require.Equal(t, w.productA, r.SubjectID)
	require.Equal(t, "OPEN", r.Status)
	require.Equal(t, "asks for payment to a new account", *r.Note)
	require.Nil(t, r.Action)
	e.as(w.tokens["buyerA"]).fails("CONFLICT", fileReport, map[string]any{"s": w.productA, "r": "SPAM"})
	e.as(w.tokens["producerA"]).fails("BAD_USER_INPUT", fileReport, map[string]any{"s": w.productA, "r": "SPAM"})
	e.as(w.tokens["producerA"]).fails("BAD_USER_INPUT", fileReport, map[string]any{"s": w.prodA, "r": "SPAM"})
	res := e.as(w.tokens["buyerB"]).fails("BAD_USER_INPUT", fileReport, map[string]any{"s": w.productA, "r": "SPAM", "n": strings.Repeat("x", moderation.MaxNote+1)})
	require.Equal(t, []string{"input", "note"}, res.field())
	// What the reporter cannot see cannot be reported: buyer B sees neither
	// buyer A nor its inquiry; a market rule is no reportable object.
	e.as(w.tokens["buyerB"]).fails("NOT_FOUND", fileReport, map[string]any{"s": w.buyerA, "r": "FAKE"})
	e.as(w.tokens["buyerB"]).fails("NOT_FOUND", fileReport, map[string]any{"s": w.inquiryA, "r": "FAKE"})
	e.as(w.tokens["buyerA"]).fails("BAD_USER_INPUT", fileReport, map[string]any{"s": w.inquiryA, "r": "FAKE"})

	w.file("buyerB", w.productA, "FAKE", "")
	msg := w.message("producerA", "Please pay to our new account 1234567890")
	m := w.file("buyerA", msg, "FRAUD", "")
	require.Equal(t, "MESSAGE", m.Subject)
	b := w.file("producerB", w.buyerA, "SPAM", "")
	require.Equal(t, "BUYER", b.Subject)

	// The queue is the trade office's; a reporter sees its own reports only;
	// the reported firm sees none of them.
	var q struct {
		Reports struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					ID, Subject, Reason string
					Reporter            struct{ Email string }
					Product             *struct{ ID string }
					Message             *struct{ ID string }
					Producer            *struct{ Name string }
					Buyer               *struct{ Company string }
				}
			}
		}
	}
	e.ok(`{ reports(status: OPEN, first: 10) { totalCount edges { node { id subject reason reporter { email } product { id } message { id } producer { name } buyer { company } } } } }`, nil, &q)
	require.Equal(t, 4, q.Reports.TotalCount)
	first := q.Reports.Edges[0].Node
	require.Equal(t, r.ID, first.ID, "oldest first")
	require.Equal(t, "buyera@test.exportiva.test", first.Reporter.Email)
	require.Equal(t, w.productA, first.Product.ID)
	require.Equal(t, "Producer A", first.Producer.Name)
	require.Equal(t, msg, q.Reports.Edges[2].Node.Message.ID)
	require.Equal(t, "Buyer A", q.Reports.Edges[3].Node.Buyer.Company)
	e.as(w.tokens["buyerA"]).fails("FORBIDDEN", `{ reports(first: 10) { totalCount } }`, nil)

	var mine struct{ MyReports struct{ TotalCount int } }
	e.as(w.tokens["buyerA"]).ok(`{ myReports(first: 10) { totalCount } }`, nil, &mine)
	require.Equal(t, 2, mine.MyReports.TotalCount)
	e.as(w.tokens["producerA"]).ok(`{ myReports(first: 10) { totalCount } }`, nil, &mine)
	require.Zero(t, mine.MyReports.TotalCount)
	e.as(w.tokens["producerA"]).fails("NOT_FOUND", `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": r.ID})
	e.as(w.tokens["buyerB"]).fails("NOT_FOUND", `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": r.ID})
}

// TestReportCap: an account files at most moderation.MaxReportsPerDay
// reports in 24 hours; the next one is RATE_LIMITED with a retry time.
func TestReportCap(t *testing.T) {
	w := newWorld(t)
	ids := make([]string, 0, moderation.MaxReportsPerDay+1)
	for range moderation.MaxReportsPerDay + 1 {
		ids = append(ids, createProduct(w.e.as(w.tokens["producerB"]), w.prodB))
	}
	for _, id := range ids[:moderation.MaxReportsPerDay] {
		w.file("buyerA", id, "SPAM", "")
	}
	res := w.e.as(w.tokens["buyerA"]).fails("RATE_LIMITED", fileReport, map[string]any{"s": ids[moderation.MaxReportsPerDay], "r": "SPAM"})
	require.Positive(t, res.Errors[0].Extensions["retryAfter"])
	// Another account is not held by buyer A's cap.
	w.file("buyerB", ids[moderation.MaxReportsPerDay], "SPAM", "")
}

// TestResolveHide: HIDE hides a product, a buy request and a message from
// everyone but their owner and the trade office, resolves every open report
// of the object, tells each reporter (REPORT_RESOLVED) and the owner
// (CONTENT_HIDDEN); a firm cannot be hidden; a resolved report is CONFLICT.
func TestResolveHide(t *testing.T) {
	w := newWorld(t)
	e := w.e
	r1 := w.file("buyerA", w.productA, "FAKE", "")
	r2 := w.file("buyerB", w.productA, "FAKE", "")
	e.as(w.tokens["buyerA"]).fails("FORBIDDEN", resolveReport, map[string]any{"id": r1.ID, "a": "HIDE"})
	got := w.resolve(r1.ID, "HIDE", "no such product")
	require.Equal(t, "RESOLVED", got.Status)
	require.Equal(t, "HIDE", *got.Action)
	require.NotNil(t, got.ResolvedAt)
	require.Equal(t, "no such product", *got.ResolutionNote)
	e.fails("CONFLICT", resolveReport, map[string]any{"id": r2.ID, "a": "DISMISS"})
	var mine struct {
		MyReports struct {
			Edges []struct {
				Node struct {
					Status, Action string
					ResolutionNote *string
				}
			}
		}
	}
	e.as(w.tokens["buyerB"]).ok(`{ myReports(first: 5) { edges { node { status action resolutionNote } } } }`, nil, &mine)
	require.Equal(t, "RESOLVED", mine.MyReports.Edges[0].Node.Status, "the other report of the product is resolved with it")
	require.Equal(t, "HIDE", mine.MyReports.Edges[0].Node.Action)
	require.Nil(t, mine.MyReports.Edges[0].Node.ResolutionNote, "the office's note is its own")

	node := `query($id: ID!) { node(id: $id) { id ... on Product { hiddenAt } ... on BuyRequest { hiddenAt } } }`
	for _, role := range []string{"anonymous", "producerB", "buyerA", "buyerB"} {
		w.e.as(w.tokens[role]).fails("NOT_FOUND", node, map[string]any{"id": w.productA})
	}
	var n struct{ Node struct{ HiddenAt *string } }
	e.as(w.tokens["producerA"]).ok(node, map[string]any{"id": w.productA}, &n)
	require.NotNil(t, n.Node.HiddenAt, "its producer still sees it, marked hidden")
	e.ok(node, map[string]any{"id": w.productA}, &n)
	var catalog struct{ Products struct{ TotalCount int } }
	e.as("").ok(`{ products(first: 5) { totalCount } }`, nil, &catalog)
	require.Zero(t, catalog.Products.TotalCount, "not in the catalog")
	// Autocompletion: the shared index leaves it out, even when its owner
	// (who still sees it) is the first to ask.
	suggest := `{ suggest(prefix: "frozen spanish") { text kind count } }`
	var sugg struct{ Suggest []struct{ Text, Kind string } }
	e.as(w.tokens["producerA"]).ok(suggest, nil, &sugg)
	require.Empty(t, sugg.Suggest, "the owner's view builds the shared index")
	e.as("").ok(suggest, nil, &sugg)
	require.Empty(t, sugg.Suggest, "not suggested")
	var leads struct{ Leads struct{ TotalCount int } }
	e.as(w.tokens["producerA"]).ok(`{ leads(first: 5) { totalCount } }`, nil, &leads)
	require.Zero(t, leads.Leads.TotalCount, "a hidden product takes no leads")
	var match struct{ Matches struct{ TotalCount int } }
	e.as(w.tokens["buyerA"]).ok(`{ matches(first: 5, input: {query: "tengiri", quantity: {amount: 1, unit: TONNE}, destination: {country: "TH"}}) { totalCount } }`, nil, &match)
	require.Zero(t, match.Matches.TotalCount, "not matched")
	require.Equal(t, []string{"REPORT_RESOLVED"}, w.kindsOf("buyerA")[:1])
	require.Equal(t, []string{"REPORT_RESOLVED"}, w.kindsOf("buyerB")[:1])
	require.Equal(t, "CONTENT_HIDDEN", w.kindsOf("producerA")[0])

	// A buy request: producers no longer see it, its buyer does.
	br := w.file("producerB", w.requestA, "SPAM", "")
	w.resolve(br.ID, "HIDE", "")
	w.e.as(w.tokens["producerB"]).fails("NOT_FOUND", node, map[string]any{"id": w.requestA})
	w.e.as(w.tokens["producerA"]).fails("NOT_FOUND", node, map[string]any{"id": w.requestA})
	e.as(w.tokens["buyerA"]).ok(node, map[string]any{"id": w.requestA}, &n)
	require.NotNil(t, n.Node.HiddenAt)
	require.Equal(t, "CONTENT_HIDDEN", w.kindsOf("buyerA")[0])

	// A message: its reader no longer sees it; its writer does.
	msg := w.message("producerA", "Transfer the deposit to rekening baru 998877")
	mr := w.file("buyerA", msg, "FRAUD", "")
	thread := `query($id: ID!) { node(id: $id) { ... on Inquiry { messages(first: 20) { edges { node { id body } } } } } }`
	ids := func(role string) []string {
		var out struct {
			Node struct {
				Messages struct {
					Edges []struct{ Node struct{ ID string } }
				}
			}
		}
		w.e.as(w.tokens[role]).ok(thread, map[string]any{"id": w.inquiryA}, &out)
		var s []string
		for _, e := range out.Node.Messages.Edges {
			s = append(s, e.Node.ID)
		}
		return s
	}
	require.Contains(t, ids("buyerA"), msg)
	unread := func() int {
		var out struct{ Node struct{ UnreadCount int } }
		w.e.as(w.tokens["buyerA"]).ok(`query($id: ID!) { node(id: $id) { ... on Inquiry { unreadCount } } }`, map[string]any{"id": w.inquiryA}, &out)
		return out.Node.UnreadCount
	}
	before := unread()
	require.Positive(t, before, "the buyer has not read the message")
	w.resolve(mr.ID, "HIDE", "")
	require.NotContains(t, ids("buyerA"), msg)
	require.Equal(t, before-1, unread(), "a hidden message is no longer unread")
	require.Contains(t, ids("producerA"), msg)
	require.Contains(t, ids("admin"), msg)

	// A firm cannot be hidden.
	fr := w.file("buyerA", w.prodB, "FAKE", "")
	res := e.fails("BAD_USER_INPUT", resolveReport, map[string]any{"id": fr.ID, "a": "HIDE"})
	require.Equal(t, []string{"action"}, res.field())
}

// TestResolveWarnAndDismiss: WARN tells the reported firm's accounts, with the
// note, by e-mail in their language (Indonesian for a producer); DISMISS changes nothing but the
// report; reporters are told either way, and never the reported firm who
// reported.
func TestResolveWarnAndDismiss(t *testing.T) {
	w, smtpd := mailWorld(t)
	e := w.e
	r := w.file("buyerA", w.prodB, "FAKE", "the NIB does not exist")
	w.resolve(r.ID, "WARN", "Kirim NIB Anda ke kantor perdagangan dalam 7 hari")
	var p struct {
		Notifications struct {
			Edges []struct {
				Node struct {
					Kind, Subject string
					Note, Actor   *string
				}
			}
		}
	}
	e.as(w.tokens["producerB"]).ok(`{ notifications(first: 5) { edges { node { kind subject note actor } } } }`, nil, &p)
	require.Equal(t, "WARNING", p.Notifications.Edges[0].Node.Kind)
	require.Equal(t, "Producer B", p.Notifications.Edges[0].Node.Subject)
	require.Equal(t, "Kirim NIB Anda ke kantor perdagangan dalam 7 hari", *p.Notifications.Edges[0].Node.Note)
	if a := p.Notifications.Edges[0].Node.Actor; a != nil {
		require.Empty(t, *a, "the reporter is not named")
	}
	require.Equal(t, "REPORT_RESOLVED", w.kindsOf("buyerA")[0])
	e.deliver()
	mails := smtpd.To("producerb@test.exportiva.test")
	require.NotEmpty(t, mails)
	last := mails[len(mails)-1]
	require.Contains(t, last.Subject, "Peringatan dari kantor perdagangan", "in the producer's language")
	require.Contains(t, last.Text, "Catatan dari kantor perdagangan: Kirim NIB Anda")
	require.NotContains(t, last.Text, "buyera@")
	require.NotContains(t, last.Text, "Buyer A")

	d := w.file("buyerB", w.productA, "SPAM", "")
	got := w.resolve(d.ID, "DISMISS", "")
	require.Equal(t, "DISMISS", *got.Action)
	require.Equal(t, "REPORT_RESOLVED", w.kindsOf("buyerB")[0])
	require.NotEqual(t, "CONTENT_HIDDEN", w.kindsOf("producerA")[0])
	e.as("").ok(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": w.productA}, nil)
}

// TestSuspensionEndsSessions: SUSPEND disables every account of the reported
// firm at once: an open websocket subscription with its token is closed with
// 4403, an HTTP request with the token is UNAUTHENTICATED, and logging in is
// refused.
func TestSuspensionEndsSessions(t *testing.T) {
	w := newWorld(t)
	e := w.e
	second := e.account("producerb@test.exportiva.test", "PRODUCER") // producer B signed in twice
	sub := dialWS(t, e, w.tokens["producerB"])
	sub.subscribe("1", `subscription { notificationAdded { id kind } }`, nil)
	other := dialWS(t, e, second)
	other.subscribe("1", `subscription { leadCreated { score } }`, nil)
	bystander := dialWS(t, e, w.tokens["producerA"])
	bystander.subscribe("1", `subscription { notificationAdded { id kind } }`, nil)
	time.Sleep(100 * time.Millisecond)
	e.as(w.tokens["producerB"]).ok(`{ viewer { id } }`, nil, nil)

	r := w.file("buyerA", w.prodB, "FRAUD", "fake purchase orders")
	start := time.Now()
	w.resolve(r.ID, "SUSPEND", "confirmed with the police")
	for _, c := range []*wsClient{sub, other} {
		code, reason, _ := c.closed(5 * time.Second)
		require.Equal(t, coderws.StatusCode(4403), code, reason)
	}
	t.Logf("SUSPEND → both websockets closed in %s", time.Since(start))
	for _, tok := range []string{w.tokens["producerB"], second} {
		res := e.as(tok).do(`{ viewer { id } }`, nil)
		require.Equal(t, 401, res.status)
		require.Equal(t, "UNAUTHENTICATED", res.code())
	}
	e.as("").fails("FORBIDDEN", `mutation { logIn(email: "producerb@test.exportiva.test", password: "correct-horse-battery") { token } }`, nil)
	code, _, _ := dialRaw(t, e, "Bearer "+second).closed(3 * time.Second)
	require.Equal(t, coderws.StatusCode(4403), code, "a new connection is refused")

	// Other firms keep theirs.
	e.as(w.tokens["producerA"]).ok(`{ viewer { id } }`, nil, nil)
	w.message("buyerA", "still there?")
	require.Equal(t, "next", bystander.next(3*time.Second).Type)
}

// TestBlocks: after a block, in either direction, no new inquiries, messages
// or quotes between the two firms, no acceptance of a quote between them,
// and the buyer's requests are no leads for the producer (the leads query,
// cached before the block, and the fan-out); the blocked firm is not told;
// unblocking restores it all.
func TestBlocks(t *testing.T) {
	w := newWorld(t)
	e := w.e
	pa, ba, bb := e.as(w.tokens["producerA"]), e.as(w.tokens["buyerA"]), e.as(w.tokens["buyerB"])
	leads := func() []string {
		var out struct {
			Leads struct {
				Edges []struct {
					Node struct{ BuyRequest struct{ ID string } }
				}
			}
		}
		pa.ok(`{ leads(first: 20) { edges { node { buyRequest { id } } } } }`, nil, &out)
		var ids []string
		for _, e := range out.Leads.Edges {
			ids = append(ids, e.Node.BuyRequest.ID)
		}
		return ids
	}
	// The producers in a buyer's matches: ad hoc, and of its stored request.
	matched := func(c *env) []string {
		var out struct {
			Matches struct {
				Edges []struct {
					Node struct{ Producer struct{ ID string } }
				}
			}
		}
		c.ok(`{ matches(input: {query: "tengiri", quantity: {amount: 1, unit: TONNE}, destination: {country: "TH"}}, first: 20) { edges { node { producer { id } } } } }`, nil, &out)
		var ids []string
		for _, e := range out.Matches.Edges {
			ids = append(ids, e.Node.Producer.ID)
		}
		if c == ba { // the buyer's own request too
			var own struct {
				Node struct {
					Matches struct {
						Edges []struct {
							Node struct{ Producer struct{ ID string } }
						}
					}
				}
			}
			c.ok(`query($r: ID!) { node(id: $r) { ... on BuyRequest { matches(first: 20) { edges { node { producer { id } } } } } } }`, map[string]any{"r": w.requestA}, &own)
			for _, e := range own.Node.Matches.Edges {
				ids = append(ids, "request:"+e.Node.Producer.ID)
			}
		}
		return ids
	}
	require.Contains(t, leads(), w.requestA)
	require.Contains(t, matched(ba), w.prodA)
	require.Contains(t, matched(ba), "request:"+w.prodA)
	quote := w.quote(t) // a pending quote of producer A to buyer A, from before the block

	var blocked struct {
		BlockFirm struct{ Block struct{ ID, By string } }
	}
	pa.ok(`mutation($id: ID!) { blockFirm(id: $id) { block { id by } } }`, map[string]any{"id": w.buyerA}, &blocked)
	require.Equal(t, "PRODUCER", blocked.BlockFirm.Block.By)
	var again struct {
		BlockFirm struct{ Block struct{ ID string } }
	}
	pa.ok(`mutation($id: ID!) { blockFirm(id: $id) { block { id } } }`, map[string]any{"id": w.buyerA}, &again)
	require.Equal(t, blocked.BlockFirm.Block.ID, again.BlockFirm.Block.ID, "blocking again is the same block")
	var list struct {
		BlockedFirms []struct {
			By    string
			Buyer struct{ ID, Company string }
		}
	}
	pa.ok(`{ blockedFirms { by buyer { id company } } }`, nil, &list)
	require.Len(t, list.BlockedFirms, 1)
	require.Equal(t, "Buyer A", list.BlockedFirms[0].Buyer.Company)
	ba.ok(`{ blockedFirms { by } }`, nil, &list)
	require.Empty(t, list.BlockedFirms, "the blocked firm is not told")
	pa.fails("BAD_USER_INPUT", `mutation($id: ID!) { blockFirm(id: $id) { block { id } } }`, map[string]any{"id": w.prodB})

	inquiry := map[string]any{"in": map[string]any{"producerID": w.prodA, "productID": w.productA, "subject": "Tengiri", "body": "8 t a month?"}}
	sendInquiry := `mutation($in: SendInquiryInput!) { sendInquiry(input: $in) { inquiry { id } } }`
	res := ba.fails("FORBIDDEN", sendInquiry, inquiry)
	require.Equal(t, "this firm cannot be contacted", res.Errors[0].Message, "the blocked side is told no more")
	ba.fails("FORBIDDEN", sendMessage, map[string]any{"i": w.inquiryA, "b": "hello?"})
	res = pa.fails("FORBIDDEN", sendMessage, map[string]any{"i": w.inquiryA, "b": "hello"})
	require.Contains(t, res.Errors[0].Message, "unblockFirm", "the blocking side is told why")
	pa.fails("FORBIDDEN", `mutation($in: SendQuoteInput!) { sendQuote(input: $in) { quote { id } } }`, map[string]any{"in": map[string]any{
		"inquiryID": w.inquiryA, "price": map[string]any{"amount": "3.4", "currency": "USD"}, "priceUnit": "KG",
		"quantity": map[string]any{"amount": 8, "unit": "TONNE"}, "incoterm": "CFR", "validUntil": now.AddDate(0, 0, 7).Format(time.RFC3339)}})
	ba.fails("FORBIDDEN", `mutation($id: ID!) { acceptQuote(id: $id) { quote { status } } }`, map[string]any{"id": quote})

	// Leads: the cached list drops buyer A's request; a new request of buyer A
	// is fanned out to no one (producer A has the only fitting product).
	require.NotContains(t, leads(), w.requestA)
	require.NotContains(t, matched(ba), w.prodA, "a blocked producer is in none of the buyer's matches")
	require.NotContains(t, matched(ba), "request:"+w.prodA)
	require.Contains(t, matched(bb), w.prodA, "other buyers still see it")
	require.Contains(t, matched(e), w.prodA, "anonymous readers too")
	e.deliver()
	before := countLeads(t, w, "producerA")
	w.postRequest(e, "Tengiri for Bangkok, again", "tengiri")
	e.deliver()
	require.Equal(t, before, countLeads(t, w, "producerA"), "no NEW_LEAD for a blocked buyer's request")

	// Other firms are not held: buyer B still writes to producer A.
	bb.ok(sendInquiry, inquiry, nil)

	// Vice versa: buyer B blocks producer A.
	bb.ok(`mutation($id: ID!) { blockFirm(id: $id) { block { by } } }`, map[string]any{"id": w.prodA}, nil)
	res = bb.fails("FORBIDDEN", sendInquiry, inquiry)
	require.Contains(t, res.Errors[0].Message, "your firm blocked")
	bb.ok(`mutation($in: CreateBuyRequestInput!) { createBuyRequest(input: $in) { buyRequest { id } } }`, map[string]any{"in": map[string]any{
		"title": "Tengiri for Chonburi", "query": "tengiri", "quantity": map[string]any{"amount": 2, "unit": "TONNE"},
		"destination": map[string]any{"country": "TH"}, "validUntil": now.AddDate(0, 1, 0).Format(time.RFC3339)}}, nil)
	e.deliver()
	require.Equal(t, before, countLeads(t, w, "producerA"), "no NEW_LEAD for the request of a buyer that blocked the producer")
	require.Empty(t, leads(), "neither buyer's requests are leads now")
	require.NotContains(t, matched(bb), w.prodA, "nor is a producer the buyer blocked in its matches")

	// Unblocking restores contact and leads (buyer B's block stays).
	var un struct{ UnblockFirm struct{ Unblocked bool } }
	pa.ok(`mutation($id: ID!) { unblockFirm(id: $id) { unblocked } }`, map[string]any{"id": w.buyerA}, &un)
	require.True(t, un.UnblockFirm.Unblocked)
	pa.ok(`mutation($id: ID!) { unblockFirm(id: $id) { unblocked } }`, map[string]any{"id": w.buyerA}, &un)
	require.False(t, un.UnblockFirm.Unblocked)
	ba.ok(sendMessage, map[string]any{"i": w.inquiryA, "b": "hello again"}, nil)
	ba.ok(`mutation($id: ID!) { acceptQuote(id: $id) { quote { status } } }`, map[string]any{"id": quote}, nil)
	require.Contains(t, leads(), w.requestA)
	require.Contains(t, matched(ba), w.prodA)
	require.Contains(t, matched(ba), "request:"+w.prodA)
	bb.fails("FORBIDDEN", sendInquiry, inquiry)
}

// countLeads counts the NEW_LEAD notifications of role's account.
func countLeads(t *testing.T, w *world, role string) int {
	var v struct{ Viewer struct{ ID string } }
	w.e.as(w.tokens[role]).ok(`{ viewer { id } }`, nil, &v)
	var id int
	_, err := fmt.Sscan(v.Viewer.ID, &id)
	require.NoError(t, err)
	n, err := w.e.db.Client.Notification.Query().Where(notification.AccountID(id), notification.KindEQ(domain.NotifyNewLead)).Count(authz.System(context.Background()))
	require.NoError(t, err)
	return n
}

// TestReportQueueStatements: the queue, with each report's reporter, subject
// and firm, costs the same number of statements for 3 reports as for 12 (no
// query per report).
func TestReportQueueStatements(t *testing.T) {
	var counter *testdb.Counter
	db := testdb.Open(t)
	db = db.Wrap(func(d dialect.Driver) dialect.Driver { counter = testdb.NewCounter(d); return counter })
	w := newWorldOn(t, db)
	query := `{ reports(status: OPEN, first: 50) { totalCount edges { node { id reason reporter { email } product { nameEnglish } buyRequest { title } message { body } producer { name } buyer { company } } } } }`
	count := func() int64 {
		counter.Reset()
		w.e.ok(query, nil, nil)
		return counter.Count()
	}
	w.file("buyerA", w.productA, "SPAM", "")
	w.file("buyerA", w.prodB, "SPAM", "")
	w.file("producerB", w.requestA, "SPAM", "")
	small := count()
	for range 9 {
		w.file("buyerB", createProduct(w.e.as(w.tokens["producerA"]), w.prodA), "FAKE", "")
	}
	large := count()
	t.Logf("reports queue: %d statements for 3 reports, %d for 12", small, large)
	require.Equal(t, small, large)
	var raw struct {
		Reports struct{ TotalCount int }
	}
	w.e.ok(`{ reports(status: OPEN, first: 1) { totalCount } }`, nil, &raw)
	require.Equal(t, 12, raw.Reports.TotalCount)
}
