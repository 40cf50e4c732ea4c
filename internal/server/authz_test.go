package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent/account"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/server"
	"github.com/exportiva/exportiva/internal/store"
	"github.com/exportiva/exportiva/internal/testdb"
)

// world is a small marketplace built through the API by its own users.
type world struct {
	e                                    *env
	tokens                               map[string]string
	prodA, prodB, buyerA, buyerB         string
	productA, requestA, inquiryA, accOfB string
	report                               string // buyer A's report of producer B (reportOfB)
	flagged                              string // buyer A's flagged message (flaggedMessage)
}

var roles = []string{"anonymous", "producerA", "producerB", "buyerA", "buyerB", "admin"}

func signUp(t *testing.T, e *env, email, role string) string {
	var out struct{ SignUp struct{ Token string } }
	e.as("").ok(`mutation($in: SignUpInput!) { signUp(input: $in) { token account { id email role } } }`, map[string]any{"in": map[string]any{
		"email": email, "password": "correct-horse-battery", "displayName": email, "role": role}}, &out)
	require.True(t, strings.HasPrefix(out.SignUp.Token, "exv_"))
	// As if the verification link had been followed (TestAccountLife follows
	// real links from real e-mails).
	require.NoError(t, e.db.Client.Account.Update().Where(account.Email(email)).SetEmailVerified(true).Exec(authz.System(context.Background())))
	return out.SignUp.Token
}

func newWorld(t *testing.T) *world { return newWorldOn(t, testdb.Open(t)) }

func newWorldOn(t *testing.T, db *store.DB, adjust ...func(*server.Config)) *world {
	e := newEnvOn(t, db, adjust...)
	w := &world{e: e, tokens: map[string]string{"anonymous": "", "admin": e.token}}
	id := func(data json.RawMessage, path ...string) string {
		var m any
		require.NoError(t, json.Unmarshal(data, &m))
		for _, p := range path {
			m = m.(map[string]any)[p]
		}
		return m.(string)
	}
	for _, p := range []string{"A", "B"} {
		tok := signUp(t, e, "producer"+strings.ToLower(p)+"@test.exportiva.test", "PRODUCER")
		r := e.as(tok).do(`mutation($n: String!) { createProducer(input: {name: $n, district: PACIRAN, sector: FISHERY, sizeClass: SMALL, contactEmail: "p@example.id"}) { producer { id } } }`, map[string]any{"n": "Producer " + p})
		require.Empty(t, r.Errors)
		w.tokens["producer"+p] = tok
		if p == "A" {
			w.prodA = id(r.Data, "createProducer", "producer", "id")
		} else {
			w.prodB = id(r.Data, "createProducer", "producer", "id")
		}
	}
	for _, b := range []string{"A", "B"} {
		tok := signUp(t, e, "buyer"+strings.ToLower(b)+"@test.exportiva.test", "BUYER")
		r := e.as(tok).do(`mutation($c: String!) { createBuyer(input: {company: $c, country: "TH", type: IMPORTER, contactEmail: "b@example.co.th"}) { buyer { id } } }`, map[string]any{"c": "Buyer " + b})
		require.Empty(t, r.Errors, "%+v", r.Errors)
		w.tokens["buyer"+b] = tok
		if b == "A" {
			w.buyerA = id(r.Data, "createBuyer", "buyer", "id")
		} else {
			w.buyerB = id(r.Data, "createBuyer", "buyer", "id")
		}
	}
	r := e.as(w.tokens["producerA"]).do(`mutation($in: CreateProductInput!) { createProduct(input: $in) { product { id } } }`, map[string]any{"in": productInput(w.prodA)})
	require.Empty(t, r.Errors, "%+v", r.Errors)
	w.productA = id(r.Data, "createProduct", "product", "id")
	r = e.as(w.tokens["buyerA"]).do(`mutation($in: CreateBuyRequestInput!) { createBuyRequest(input: $in) { buyRequest { id } } }`, map[string]any{"in": map[string]any{
		"title": "Tengiri", "query": "tengiri", "quantity": map[string]any{"amount": 1, "unit": "TONNE"},
		"destination": map[string]any{"country": "TH"}, "validUntil": now.AddDate(0, 1, 0).Format(time.RFC3339)}})
	require.Empty(t, r.Errors, "%+v", r.Errors)
	w.requestA = id(r.Data, "createBuyRequest", "buyRequest", "id")
	w.inquiryA = w.inquiry(t)
	var v struct{ Viewer struct{ ID string } }
	e.as(w.tokens["producerB"]).ok(`{ viewer { id } }`, nil, &v)
	w.accOfB = v.Viewer.ID
	return w
}

// postRequest posts, as buyer A through e, an open buy request for 2 t to Thailand.
func (w *world) postRequest(e *env, title, query string) {
	e.as(w.tokens["buyerA"]).ok(`mutation($in: CreateBuyRequestInput!) { createBuyRequest(input: $in) { buyRequest { id } } }`, map[string]any{"in": map[string]any{
		"title": title, "query": query, "quantity": map[string]any{"amount": 2, "unit": "TONNE"},
		"destination": map[string]any{"country": "TH"}, "validUntil": now.AddDate(0, 1, 0).Format(time.RFC3339)}}, nil)
}

func (w *world) inquiry(t *testing.T) string {
	var out struct {
		SendInquiry struct{ Inquiry struct{ ID string } }
	}
	w.e.as(w.tokens["buyerA"]).ok(`mutation($in: SendInquiryInput!) { sendInquiry(input: $in) { inquiry { id } } }`, map[string]any{"in": map[string]any{
		"producerID": w.prodA, "productID": w.productA, "buyRequestID": w.requestA, "subject": "Tengiri", "body": "8 t a month?"}}, &out)
	return out.SendInquiry.Inquiry.ID
}

// quote opens a fresh inquiry of buyer A to producer A and quotes on it.
func (w *world) quote(t *testing.T) string {
	inq := w.inquiry(t)
	var out struct {
		SendQuote struct{ Quote struct{ ID string } }
	}
	w.e.as(w.tokens["producerA"]).ok(`mutation($in: SendQuoteInput!) { sendQuote(input: $in) { quote { id } } }`, map[string]any{"in": map[string]any{
		"inquiryID": inq, "price": map[string]any{"amount": "3.4", "currency": "USD"}, "priceUnit": "KG",
		"quantity": map[string]any{"amount": 8, "unit": "TONNE"}, "incoterm": "CFR", "validUntil": now.AddDate(0, 0, 7).Format(time.RFC3339)}}, &out)
	return out.SendQuote.Quote.ID
}

// reportOfB files (once) buyer A's report of producer B and returns its id.
func (w *world) reportOfB(t *testing.T) string {
	if w.report != "" {
		return w.report
	}
	var out struct {
		FileReport struct{ Report struct{ ID string } }
	}
	w.e.as(w.tokens["buyerA"]).ok(`mutation($s: ID!) { fileReport(input: {subjectID: $s, reason: FAKE, note: "no such firm at this address"}) { report { id } } }`,
		map[string]any{"s": w.prodB}, &out)
	w.report = out.FileReport.Report.ID
	return w.report
}

// webhookOfA creates an ACCOUNT webhook endpoint of producer A's account.
func (w *world) webhookOfA(t *testing.T) string {
	var out struct {
		CreateWebhookEndpoint struct{ Endpoint struct{ ID string } }
	}
	w.e.as(w.tokens["producerA"]).ok(`mutation { createWebhookEndpoint(input: {url: "https://hooks.example.com/a"}) { endpoint { id } } }`, nil, &out)
	require.NotEmpty(t, out.CreateWebhookEndpoint.Endpoint.ID)
	return out.CreateWebhookEndpoint.Endpoint.ID
}

// TestAuthorizationMatrix: every role against every mutation, sensitive field and
// node lookup. "ok" means allowed; otherwise the expected extensions.code. A
// sensitive field expects "value" (shown) or "null" (hidden, with no error).
func TestAuthorizationMatrix(t *testing.T) {
	w := newWorld(t)
	certIn := func() map[string]any {
		return map[string]any{"in": map[string]any{"producerID": w.prodA, "type": "HACCP", "validFrom": "2025-01-01T00:00:00Z", "validUntil": "2027-01-01T00:00:00Z"}}
	}
	type row struct {
		name  string
		query string
		vars  func() map[string]any
		// expected outcome per role, in the order of roles:
		// anonymous, producerA, producerB, buyerA, buyerB, admin
		want [6]string
		// field is a dotted path into data checked for value/null rows.
		field string
	}
	var hook string
	hookA := func() string {
		if hook == "" {
			hook = w.webhookOfA(t)
		}
		return hook
	}
	rows := []row{
		{"createProducer", `mutation { createProducer(input: {name: "X", district: TURI, sector: FISHERY, sizeClass: MICRO}) { producer { id } } }`, nil,
			[6]string{"UNAUTHENTICATED", "CONFLICT", "CONFLICT", "FORBIDDEN", "FORBIDDEN", "ok"}, ""},
		{"updateProducer A", `mutation($id: ID!) { updateProducer(id: $id, input: {description: "x"}) { producer { id } } }`, func() map[string]any { return map[string]any{"id": w.prodA} },
			[6]string{"UNAUTHENTICATED", "ok", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "ok"}, ""},
		{"verifyProducer A", `mutation($id: ID!) { verifyProducer(id: $id) { producer { verified } } }`, func() map[string]any { return map[string]any{"id": w.prodA} },
			[6]string{"UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "ok"}, ""},
		{"createProduct for A", `mutation($in: CreateProductInput!) { createProduct(input: $in) { product { id } } }`, func() map[string]any { return map[string]any{"in": productInput(w.prodA)} },
			[6]string{"UNAUTHENTICATED", "ok", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "ok"}, ""},
		{"updateProduct of A", `mutation($id: ID!) { updateProduct(id: $id, input: {capacityAmount: 9}) { product { id } } }`, func() map[string]any { return map[string]any{"id": w.productA} },
			[6]string{"UNAUTHENTICATED", "ok", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "ok"}, ""},
		{"createCertification for A", `mutation($in: CreateCertificationInput!) { createCertification(input: $in) { certification { id } } }`, certIn,
			[6]string{"UNAUTHENTICATED", "ok", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "ok"}, ""},
		{"recordExport for A", `mutation($p: ID!) { recordExport(input: {producerID: $p, destinationCountry: "TH", hsCode: "030359", quantityKg: 100, value: "350", currency: "USD", shippedOn: "2025-06-01T00:00:00Z"}) { exportRecord { id } } }`,
			func() map[string]any { return map[string]any{"p": w.prodA} },
			[6]string{"UNAUTHENTICATED", "ok", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "ok"}, ""},
		{"recordExport for B naming A's product", `mutation($p: ID!, $pr: ID!) { recordExport(input: {producerID: $p, productID: $pr, destinationCountry: "TH", hsCode: "030359", quantityKg: 100, value: "350", currency: "USD", shippedOn: "2025-06-01T00:00:00Z"}) { exportRecord { id } } }`,
			func() map[string]any { return map[string]any{"p": w.prodB, "pr": w.productA} },
			[6]string{"UNAUTHENTICATED", "FORBIDDEN", "BAD_USER_INPUT", "FORBIDDEN", "FORBIDDEN", "BAD_USER_INPUT"}, ""},
		{"createBuyer", `mutation { createBuyer(input: {company: "X", country: "JP", type: RETAILER}) { buyer { id } } }`, nil,
			[6]string{"UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "CONFLICT", "CONFLICT", "ok"}, ""},
		{"updateBuyer A", `mutation($id: ID!) { updateBuyer(id: $id, input: {city: "Bangkok"}) { buyer { id } } }`, func() map[string]any { return map[string]any{"id": w.buyerA} },
			[6]string{"UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "ok", "NOT_FOUND", "ok"}, ""},
		{"createBuyRequest (own buyer)", `mutation($in: CreateBuyRequestInput!) { createBuyRequest(input: $in) { buyRequest { id } } }`, func() map[string]any {
			return map[string]any{"in": map[string]any{"title": "T", "query": "tengiri", "quantity": map[string]any{"amount": 1, "unit": "TONNE"},
				"destination": map[string]any{"country": "TH"}, "validUntil": now.AddDate(0, 1, 0).Format(time.RFC3339)}}
		}, [6]string{"UNAUTHENTICATED", "BAD_USER_INPUT", "BAD_USER_INPUT", "ok", "ok", "BAD_USER_INPUT"}, ""},
		{"createBuyRequest for buyer A", `mutation($in: CreateBuyRequestInput!) { createBuyRequest(input: $in) { buyRequest { id } } }`, func() map[string]any {
			return map[string]any{"in": map[string]any{"buyerID": w.buyerA, "title": "T", "query": "tengiri", "quantity": map[string]any{"amount": 1, "unit": "TONNE"},
				"destination": map[string]any{"country": "TH"}, "validUntil": now.AddDate(0, 1, 0).Format(time.RFC3339)}}
		}, [6]string{"UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "ok", "NOT_FOUND", "ok"}, ""},
		{"updateBuyRequest of A", `mutation($id: ID!) { updateBuyRequest(id: $id, input: {title: "Tengiri, 8 t"}) { buyRequest { id } } }`, func() map[string]any { return map[string]any{"id": w.requestA} },
			[6]string{"UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "ok", "NOT_FOUND", "ok"}, ""},
		{"sendInquiry to A", `mutation($p: ID!) { sendInquiry(input: {producerID: $p, subject: "Hello", body: "Price?"}) { inquiry { id } } }`, func() map[string]any { return map[string]any{"p": w.prodA} },
			[6]string{"UNAUTHENTICATED", "BAD_USER_INPUT", "BAD_USER_INPUT", "ok", "ok", "BAD_USER_INPUT"}, ""},
		{"markInquiryRead on A's inquiry", `mutation($i: ID!) { markInquiryRead(inquiryId: $i) { id unreadCount } }`, func() map[string]any { return map[string]any{"i": w.inquiryA} },
			[6]string{"UNAUTHENTICATED", "ok", "NOT_FOUND", "ok", "NOT_FOUND", "FORBIDDEN"}, ""},
		{"markNotificationsRead (own)", `mutation { markNotificationsRead(all: true) { unreadCount } }`, nil,
			[6]string{"UNAUTHENTICATED", "ok", "ok", "ok", "ok", "ok"}, ""},
		{"updateNotificationSettings (own)", `mutation { updateNotificationSettings(input: {language: ID, preferences: [{kind: NEW_LEAD, email: IMMEDIATELY}]}) { language } }`, nil,
			[6]string{"UNAUTHENTICATED", "ok", "ok", "ok", "ok", "ok"}, ""},
		{"resendVerificationEmail", `mutation { resendVerificationEmail }`, nil,
			[6]string{"UNAUTHENTICATED", "ok", "ok", "ok", "ok", "ok"}, ""},
		{"inviteTeamMember (own firm)", `mutation { inviteTeamMember(email: "new@team.example", role: STAFF) }`, nil,
			[6]string{"UNAUTHENTICATED", "ok", "ok", "ok", "ok", "FORBIDDEN"}, ""},
		{"teamMembers (own firm)", `{ teamMembers { id } }`, nil,
			[6]string{"UNAUTHENTICATED", "ok", "ok", "ok", "ok", "FORBIDDEN"}, ""},
		{"removeTeamMember of producer B's account", `mutation($a: ID!) { removeTeamMember(accountId: $a) }`, func() map[string]any { return map[string]any{"a": w.accOfB} },
			[6]string{"UNAUTHENTICATED", "NOT_FOUND", "BAD_USER_INPUT", "NOT_FOUND", "NOT_FOUND", "FORBIDDEN"}, ""},
		{"notifications (own)", `{ notifications(first: 5) { totalCount } }`, nil,
			[6]string{"UNAUTHENTICATED", "ok", "ok", "ok", "ok", "ok"}, ""},
		{"sendMessage on A's inquiry", `mutation($i: ID!) { sendMessage(input: {inquiryID: $i, body: "Hi"}) { message { sender } } }`, func() map[string]any { return map[string]any{"i": w.inquiryA} },
			[6]string{"UNAUTHENTICATED", "ok", "NOT_FOUND", "ok", "NOT_FOUND", "BAD_USER_INPUT"}, ""},
		{"sendMessage as the other side", `mutation($i: ID!) { sendMessage(input: {inquiryID: $i, sender: BUYER, body: "Hi"}) { message { sender } } }`, func() map[string]any { return map[string]any{"i": w.inquiryA} },
			[6]string{"UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "ok", "NOT_FOUND", "ok"}, ""},
		{"sendQuote on A's inquiry", `mutation($i: ID!) { sendQuote(input: {inquiryID: $i, price: {amount: "3", currency: "USD"}, priceUnit: KG, quantity: {amount: 1, unit: TONNE}, incoterm: FOB, validUntil: "2027-01-01T00:00:00Z"}) { quote { id } } }`,
			func() map[string]any { return map[string]any{"i": w.inquiryA} },
			[6]string{"UNAUTHENTICATED", "ok", "NOT_FOUND", "FORBIDDEN", "NOT_FOUND", "ok"}, ""},
		{"acceptQuote", accept, func() map[string]any { return map[string]any{"id": w.quote(t)} },
			[6]string{"UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "ok", "NOT_FOUND", "ok"}, ""},
		{"declineQuote", decline, func() map[string]any { return map[string]any{"id": w.quote(t)} },
			[6]string{"UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "ok", "NOT_FOUND", "ok"}, ""},
		{"withdrawQuote", withdraw, func() map[string]any { return map[string]any{"id": w.quote(t)} },
			[6]string{"UNAUTHENTICATED", "ok", "NOT_FOUND", "FORBIDDEN", "NOT_FOUND", "ok"}, ""},
		{"createMarketRule", `mutation($d: String!) { createMarketRule(input: {destination: $d, hsChapter: "03"}) { marketRule { id } } }`,
			func() map[string]any {
				return map[string]any{"d": []string{"JP", "KR", "CN", "US", "AU", "NZ"}[ruleSeq()]}
			},
			[6]string{"UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "ok"}, ""},
		{"setFxRate", `mutation { setFxRate(input: {currency: "THB", unitsPerUsd: "36"}) { fxRate { id } } }`, nil,
			[6]string{"UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "ok"}, ""},
		{"createWebhookEndpoint (own account)", `mutation { createWebhookEndpoint(input: {url: "https://hooks.example.com/x", kinds: [NEW_LEAD]}) { endpoint { id } secret } }`, nil,
			[6]string{"UNAUTHENTICATED", "ok", "ok", "ok", "ok", "ok"}, ""},
		{"createWebhookEndpoint (own firm)", `mutation { createWebhookEndpoint(input: {url: "https://hooks.example.com/x", scope: FIRM}) { endpoint { id } } }`, nil,
			[6]string{"UNAUTHENTICATED", "ok", "ok", "ok", "ok", "FORBIDDEN"}, ""},
		{"createWebhookEndpoint to a private address", `mutation { createWebhookEndpoint(input: {url: "https://169.254.169.254/latest"}) { endpoint { id } } }`, nil,
			[6]string{"UNAUTHENTICATED", "BAD_USER_INPUT", "BAD_USER_INPUT", "BAD_USER_INPUT", "BAD_USER_INPUT", "BAD_USER_INPUT"}, ""},
		{"deleteWebhookEndpoint of A's", `mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { deletedID } }`, func() map[string]any { return map[string]any{"id": w.webhookOfA(t)} },
			[6]string{"UNAUTHENTICATED", "ok", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"}, ""},
		{"rotateWebhookSecret of A's", `mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }`, func() map[string]any { return map[string]any{"id": hookA()} },
			[6]string{"UNAUTHENTICATED", "ok", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"}, ""},
		{"enableWebhookEndpoint of A's", `mutation($id: ID!) { enableWebhookEndpoint(id: $id) { id disabled } }`, func() map[string]any { return map[string]any{"id": hookA()} },
			[6]string{"UNAUTHENTICATED", "ok", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"}, ""},
		{"grantVerification of producer A", grantVerification, func() map[string]any { return map[string]any{"f": w.prodA, "s": []string{"IDENTITY"}} },
			[6]string{"UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "ok"}, ""},
		{"grantVerification of buyer A", grantVerification, func() map[string]any { return map[string]any{"f": w.buyerA, "s": []string{"IMPORTER_LICENCE"}} },
			[6]string{"UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "ok"}, ""},
		{"revokeVerification of producer A", `mutation($id: ID!) { revokeVerification(id: $id, reason: "forged licence") { verification { revokedAt } } }`,
			func() map[string]any { return map[string]any{"id": w.verification(t, w.prodA)} },
			[6]string{"UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "ok"}, ""},
		{"createEvent", fairEvent, nil,
			[6]string{"UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "ok"}, ""},
		{"scheduleEvent (not an event)", `mutation($id: ID!) { scheduleEvent(eventId: $id) { placed } }`, func() map[string]any { return map[string]any{"id": w.prodA} },
			[6]string{"UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "NOT_FOUND"}, ""},
		{"eventReport (not an event)", `query($id: ID!) { eventReport(eventId: $id) { requests } }`, func() map[string]any { return map[string]any{"id": w.prodA} },
			[6]string{"UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "NOT_FOUND"}, ""},
		// Reads.
		{"webhookEndpoints (own)", `{ webhookEndpoints(first: 5) { totalCount edges { node { deliveries(first: 5) { totalCount } } } } }`, nil,
			[6]string{"UNAUTHENTICATED", "ok", "ok", "ok", "ok", "ok"}, ""},
		{"node: A's webhook endpoint", `query($id: ID!) { node(id: $id) { ... on WebhookEndpoint { url deliveries(first: 5) { totalCount } } } }`, func() map[string]any { return map[string]any{"id": hookA()} },
			[6]string{"NOT_FOUND", "ok", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"}, ""},
		{"node: A's inquiry", `query($id: ID!) { node(id: $id) { id } }`, func() map[string]any { return map[string]any{"id": w.inquiryA} },
			[6]string{"NOT_FOUND", "ok", "NOT_FOUND", "ok", "NOT_FOUND", "ok"}, ""},
		{"node: a quote on A's inquiry", `query($id: ID!) { node(id: $id) { id } }`, func() map[string]any { return map[string]any{"id": w.quote(t)} },
			[6]string{"NOT_FOUND", "ok", "NOT_FOUND", "ok", "NOT_FOUND", "ok"}, ""},
		{"node: A's buy request", `query($id: ID!) { node(id: $id) { id } }`, func() map[string]any { return map[string]any{"id": w.requestA} },
			[6]string{"NOT_FOUND", "ok", "ok", "ok", "NOT_FOUND", "ok"}, ""},
		{"node: buyer A", `query($id: ID!) { node(id: $id) { id } }`, func() map[string]any { return map[string]any{"id": w.buyerA} },
			[6]string{"NOT_FOUND", "ok", "ok", "ok", "NOT_FOUND", "ok"}, ""},
		{"node: producer B's account", `query($id: ID!) { node(id: $id) { id } }`, func() map[string]any { return map[string]any{"id": w.accOfB} },
			[6]string{"NOT_FOUND", "NOT_FOUND", "ok", "NOT_FOUND", "NOT_FOUND", "ok"}, ""},
		{"node: product A (public)", `query($id: ID!) { node(id: $id) { id } }`, func() map[string]any { return map[string]any{"id": w.productA} },
			[6]string{"ok", "ok", "ok", "ok", "ok", "ok"}, ""},
		{"producer A's contact e-mail", `query($id: ID!) { node(id: $id) { ... on Producer { contactEmail } } }`, func() map[string]any { return map[string]any{"id": w.prodA} },
			[6]string{"null", "value", "value", "value", "value", "value"}, "node.contactEmail"},
		{"buyer A's contact e-mail", `query($id: ID!) { node(id: $id) { ... on Buyer { contactEmail } } }`, func() map[string]any { return map[string]any{"id": w.buyerA} },
			[6]string{"NOT_FOUND", "null", "null", "value", "NOT_FOUND", "value"}, "node.contactEmail"},
		{"node: a verification of producer A (public)", `query($id: ID!) { node(id: $id) { id } }`, func() map[string]any { return map[string]any{"id": w.verification(t, w.prodA)} },
			[6]string{"ok", "ok", "ok", "ok", "ok", "ok"}, ""},
		{"node: a verification of buyer A", `query($id: ID!) { node(id: $id) { id } }`, func() map[string]any { return map[string]any{"id": w.verification(t, w.buyerA)} },
			[6]string{"NOT_FOUND", "ok", "ok", "ok", "NOT_FOUND", "ok"}, ""},
		{"a verification's evidence", `query($id: ID!) { node(id: $id) { ... on Verification { evidence } } }`, func() map[string]any { return map[string]any{"id": w.verification(t, w.prodA)} },
			[6]string{"null", "null", "null", "null", "null", "value"}, "node.evidence"},
		{"buyer A's verifications", `query($id: ID!) { node(id: $id) { ... on Buyer { verifications { id } } } }`, func() map[string]any { return map[string]any{"id": w.buyerA} },
			[6]string{"NOT_FOUND", "ok", "ok", "ok", "NOT_FOUND", "ok"}, ""},
		// Response figures (issue 18.2): public on producers, as the buyer on buyers.
		{"producer A's responseStats", `query($id: ID!) { node(id: $id) { ... on Producer { responseStats { rate received } } } }`, func() map[string]any {
			w.responseFigures(t)
			return map[string]any{"id": w.prodA}
		}, [6]string{"value", "value", "value", "value", "value", "value"}, "node.responseStats"},
		{"buyer A's responseStats", `query($id: ID!) { node(id: $id) { ... on Buyer { responseStats { rate received } } } }`, func() map[string]any {
			w.responseFigures(t)
			return map[string]any{"id": w.buyerA}
		}, [6]string{"NOT_FOUND", "value", "value", "value", "NOT_FOUND", "value"}, "node.responseStats"},
		// Fraud shield (issue 18.4): the queues are the trade office's; a
		// warning is read by the recipient and the trade office.
		{"flaggedMessages (the queue)", `{ flaggedMessages(first: 5) { totalCount } }`, nil,
			[6]string{"UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "ok"}, ""},
		{"flaggedQuotes (the queue)", `{ flaggedQuotes(first: 5) { totalCount } }`, nil,
			[6]string{"UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "ok"}, ""},
		{"fraudWarning of buyer A's flagged message", `query($id: ID!) { node(id: $id) { ... on Message { fraudWarning { kinds } } } }`, func() map[string]any {
			return map[string]any{"id": w.flaggedMessage(t)}
		}, [6]string{"NOT_FOUND", "value", "NOT_FOUND", "null", "NOT_FOUND", "value"}, "node.fraudWarning"},
		{"viewer", `{ viewer { email } }`, nil, [6]string{"null", "value", "value", "value", "value", "value"}, "viewer"},
		{"leads (own)", `{ leads(first: 10) { totalCount } }`, nil,
			[6]string{"UNAUTHENTICATED", "ok", "ok", "BAD_USER_INPUT", "BAD_USER_INPUT", "BAD_USER_INPUT"}, ""},
		{"leads of producer A", `query($p: ID!) { leads(producerId: $p, first: 10) { totalCount } }`, func() map[string]any { return map[string]any{"p": w.prodA} },
			[6]string{"UNAUTHENTICATED", "ok", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "ok"}, ""},
		{"Product.leads of A's product", `query($id: ID!) { node(id: $id) { ... on Product { leads(first: 10) { totalCount } } } }`, func() map[string]any { return map[string]any{"id": w.productA} },
			[6]string{"UNAUTHENTICATED", "ok", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "ok"}, ""},
		{"products { leads } of A", `query($p: ID!) { node(id: $p) { ... on Producer { products(first: 5) { edges { node { leads(first: 5) { totalCount } } } } } } }`, func() map[string]any { return map[string]any{"p": w.prodA} },
			[6]string{"UNAUTHENTICATED", "ok", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "ok"}, ""},
		{"matches (public)", `{ matches(first: 5, input: {query: "tengiri", quantity: {amount: 1, unit: TONNE}, destination: {country: "TH"}}) { totalCount } }`, nil,
			[6]string{"ok", "ok", "ok", "ok", "ok", "ok"}, ""},
		// Reports and blocks (issue 18.3).
		{"fileReport of product A", `mutation($s: ID!) { fileReport(input: {subjectID: $s, reason: SPAM}) { report { id status } } }`, func() map[string]any { return map[string]any{"s": w.productA} },
			[6]string{"UNAUTHENTICATED", "BAD_USER_INPUT", "ok", "ok", "ok", "ok"}, ""},
		{"fileReport of buyer A", `mutation($s: ID!) { fileReport(input: {subjectID: $s, reason: FAKE}) { report { id } } }`, func() map[string]any { return map[string]any{"s": w.buyerA} },
			[6]string{"UNAUTHENTICATED", "ok", "ok", "BAD_USER_INPUT", "NOT_FOUND", "ok"}, ""},
		{"reports (the queue)", `{ reports(first: 5) { totalCount } }`, nil,
			[6]string{"UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "ok"}, ""},
		{"myReports", `{ myReports(first: 5) { totalCount } }`, nil,
			[6]string{"UNAUTHENTICATED", "ok", "ok", "ok", "ok", "ok"}, ""},
		{"node: buyer A's report of producer B", `query($id: ID!) { node(id: $id) { id } }`, func() map[string]any { return map[string]any{"id": w.reportOfB(t)} },
			[6]string{"NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "ok", "NOT_FOUND", "ok"}, ""},
		{"a report's resolution note", `query($id: ID!) { node(id: $id) { ... on Report { resolutionNote } } }`, func() map[string]any { return map[string]any{"id": w.reportOfB(t)} },
			[6]string{"NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "null", "NOT_FOUND", "null"}, "node.resolutionNote"},
		{"resolveReport (DISMISS)", `mutation($id: ID!) { resolveReport(id: $id, action: DISMISS, note: "nothing found") { report { status action } } }`, func() map[string]any { return map[string]any{"id": w.reportOfB(t)} },
			[6]string{"UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "ok"}, ""},
		{"blockFirm buyer B", `mutation($id: ID!) { blockFirm(id: $id) { block { id by } } }`, func() map[string]any { return map[string]any{"id": w.buyerB} },
			[6]string{"UNAUTHENTICATED", "ok", "ok", "NOT_FOUND", "BAD_USER_INPUT", "FORBIDDEN"}, ""},
		{"blockedFirms", `{ blockedFirms { id buyer { company } } }`, nil,
			[6]string{"UNAUTHENTICATED", "ok", "ok", "ok", "ok", "ok"}, ""},
		{"unblockFirm buyer B", `mutation($id: ID!) { unblockFirm(id: $id) { unblocked } }`, func() map[string]any { return map[string]any{"id": w.buyerB} },
			[6]string{"UNAUTHENTICATED", "ok", "ok", "NOT_FOUND", "BAD_USER_INPUT", "FORBIDDEN"}, ""},
	}
	for _, r := range rows {
		for i, role := range roles {
			t.Run(r.name+"/"+role, func(t *testing.T) {
				var vars map[string]any
				if r.vars != nil {
					vars = r.vars()
				}
				e := w.e.as(w.tokens[role])
				e.t = t
				res := e.do(r.query, vars)
				want := r.want[i]
				switch want {
				case "ok":
					require.Empty(t, res.Errors, "%+v", res.Errors)
				case "null", "value":
					require.Empty(t, res.Errors, "%+v", res.Errors)
					v := lookup(t, res.Data, r.field)
					if want == "null" {
						require.Nil(t, v)
					} else {
						require.NotNil(t, v)
					}
				default:
					require.NotEmpty(t, res.Errors, "expected %s", want)
					require.Equal(t, want, res.code(), "%+v", res.Errors)
				}
			})
		}
	}
	// Listing threads and requests shows each role only its own.
	counts := map[string]int{}
	for _, role := range roles {
		var out struct {
			Inquiries, BuyRequests struct{ TotalCount int }
		}
		w.e.as(w.tokens[role]).ok(`{ inquiries(first: 1) { totalCount } buyRequests(first: 1) { totalCount } }`, nil, &out)
		counts[role+" inquiries"] = out.Inquiries.TotalCount
		counts[role+" buyRequests"] = out.BuyRequests.TotalCount
	}
	require.Zero(t, counts["anonymous inquiries"])
	require.Zero(t, counts["producerB inquiries"])
	require.Positive(t, counts["buyerA inquiries"])
	require.Equal(t, 1, counts["buyerB inquiries"], "buyer B sent one inquiry in the matrix")
	// Every inquiry went to producer A, from buyer A or buyer B.
	require.Equal(t, counts["buyerA inquiries"]+counts["buyerB inquiries"], counts["producerA inquiries"])
	require.Equal(t, counts["producerA inquiries"], counts["admin inquiries"])
	require.Zero(t, counts["anonymous buyRequests"])
	require.Positive(t, counts["producerB buyRequests"], "producers read open buy requests")
	require.GreaterOrEqual(t, counts["admin buyRequests"], counts["buyerA buyRequests"]+counts["buyerB buyRequests"])
}

const grantVerification = `mutation($f: ID!, $s: [VerificationScope!]!) { grantVerification(input: {firmID: $f, scopes: $s, evidence: "NIB seen"}) { verification { id active } } }`

// verification records, as the system, a standing verification of the
// producer or buyer firm and returns its global id.
func (w *world) verification(t *testing.T, firm string) string {
	id, err := strconv.Atoi(firm)
	require.NoError(t, err)
	ctx := authz.System(context.Background())
	c := w.e.db.Client.Verification.Create().SetScopes([]domain.VerificationScope{domain.ScopeIdentity}).
		SetVerifier(domain.VerifierTradeOffice).SetVerifiedOn(now).SetExpiresAt(now.AddDate(1, 0, 0)).SetEvidence("deed seen")
	if firm == w.buyerA || firm == w.buyerB {
		c.SetBuyerID(id)
	} else {
		c.SetProducerID(id)
	}
	return strconv.Itoa(c.SaveX(ctx).ID)
}

var ruleCounter int

func ruleSeq() int {
	ruleCounter++
	return ruleCounter % 6
}

func lookup(t *testing.T, data json.RawMessage, path string) any {
	var m any
	require.NoError(t, json.Unmarshal(data, &m))
	for _, p := range strings.Split(path, ".") {
		obj, ok := m.(map[string]any)
		require.True(t, ok, "no %s in %s", p, fmt.Sprint(m))
		m = obj[p]
	}
	return m
}

// TestAudit checks that records keep who created and last changed them.
func TestAudit(t *testing.T) {
	w := newWorld(t)
	ctx := authz.System(context.Background())
	var v struct{ Viewer struct{ ID string } }
	w.e.as(w.tokens["producerA"]).ok(`{ viewer { id } }`, nil, &v)
	var id int
	_, err := fmt.Sscan(w.productA, &id)
	require.NoError(t, err)
	p := w.e.db.Client.Product.GetX(ctx, id)
	require.NotNil(t, p.CreatedBy)
	require.Equal(t, v.Viewer.ID, fmt.Sprint(*p.CreatedBy))
	w.e.ok(`mutation($id: ID!) { updateProduct(id: $id, input: {leadTimeDays: 9}) { product { id } } }`, map[string]any{"id": w.productA}, nil)
	p = w.e.db.Client.Product.GetX(ctx, id)
	require.Equal(t, v.Viewer.ID, fmt.Sprint(*p.CreatedBy), "the creator stays")
	require.NotEqual(t, *p.CreatedBy, *p.UpdatedBy, "the admin changed it last")
}

// responseFigures stores response figures on producer A and buyer A (what
// replyrate.Refresh writes), enough to be shown.
func (w *world) responseFigures(t *testing.T) {
	ctx := authz.System(context.Background())
	at := time.Now().UTC()
	require.NoError(t, w.e.db.Client.Producer.UpdateOneID(atoi(t, w.prodA)).SetResponseReceived(6).SetResponseReplied(5).
		SetResponseComputedAt(at).Exec(ctx))
	require.NoError(t, w.e.db.Client.Buyer.UpdateOneID(atoi(t, w.buyerA)).SetResponseReceived(5).SetResponseReplied(5).
		SetResponseComputedAt(at).Exec(ctx))
}

// flaggedMessage sends (once) buyer A's message with bank details on A's
// inquiry and returns its id.
func (w *world) flaggedMessage(t *testing.T) string {
	if w.flagged != "" {
		return w.flagged
	}
	var out struct {
		SendMessage struct{ Message struct{ ID string } }
	}
	w.e.as(w.tokens["buyerA"]).ok(`mutation($i: ID!) { sendMessage(input: {inquiryID: $i, body: "Pay to rekening BCA 1234567890 a.n. Siam"}) { message { id } } }`,
		map[string]any{"i": w.inquiryA}, &out)
	w.flagged = out.SendMessage.Message.ID
	return w.flagged
}
