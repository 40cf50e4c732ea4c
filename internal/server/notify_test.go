package server_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/mail"
	"github.com/exportiva/exportiva/internal/mail/mailtest"
	"github.com/exportiva/exportiva/internal/server"
	"github.com/exportiva/exportiva/internal/testdb"
)

type notificationPage struct {
	Notifications struct {
		TotalCount int
		Edges      []struct {
			Node struct {
				ID, Kind, Subject string
				Actor             *string
				ReadAt            *string
				Inquiry           *struct{ ID string }
				BuyRequest        *struct{ ID string }
			}
		}
	}
	Viewer struct{ UnreadNotificationCount int }
}

const notificationsQuery = `query($u: Boolean) { notifications(first: 20, unreadOnly: $u) { totalCount edges { node { id kind subject actor readAt inquiry { id } buyRequest { id } } } } viewer { unreadNotificationCount } }`

func (w *world) notifications(role string, unreadOnly bool) notificationPage {
	var p notificationPage
	w.e.as(w.tokens[role]).ok(notificationsQuery, map[string]any{"u": unreadOnly}, &p)
	return p
}

func kinds(p notificationPage) []string {
	var out []string
	for _, e := range p.Notifications.Edges {
		out = append(out, e.Node.Kind)
	}
	return out
}

func mailWorld(t *testing.T) (*world, *mailtest.Server) {
	smtpd := mailtest.Start(t)
	sender, err := mail.NewSMTP(smtpd.URL(), "noreply@exportiva.test")
	require.NoError(t, err)
	sender.TLSConfig = smtpd.TLSConfig()
	w := newWorldOn(t, testdb.Open(t), func(cfg *server.Config) { cfg.Mailer, cfg.AppURL = sender, "https://app.exportiva.test" })
	return w, smtpd
}

func TestNotifications(t *testing.T) {
	w, smtpd := mailWorld(t)
	e := w.e
	producer := dialWS(t, e, w.tokens["producerA"])
	producer.subscribe("n", `subscription { notificationAdded { id kind subject } }`, nil)
	stranger := dialWS(t, e, w.tokens["producerB"])
	stranger.subscribe("n", `subscription { notificationAdded { id kind } }`, nil)
	time.Sleep(100 * time.Millisecond)

	// The world's inquiry notified producer A; its buy request is a lead for
	// producer A once the outbox fans it out.
	p := w.notifications("producerA", false)
	require.Equal(t, []string{"INQUIRY_RECEIVED"}, kinds(p))
	require.Equal(t, "Buyer A", *p.Notifications.Edges[0].Node.Actor)
	require.Equal(t, w.inquiryA, p.Notifications.Edges[0].Node.Inquiry.ID)
	e.deliver()
	p = w.notifications("producerA", false)
	require.Equal(t, []string{"NEW_LEAD", "INQUIRY_RECEIVED"}, kinds(p), "newest first")
	require.Equal(t, w.requestA, p.Notifications.Edges[0].Node.BuyRequest.ID)
	require.Equal(t, 2, p.Viewer.UnreadNotificationCount)
	m := producer.next(3 * time.Second)
	require.Equal(t, "next", m.Type, "%s", m.Payload)
	require.Contains(t, string(m.Payload), "NEW_LEAD")

	// Nobody else sees them: not producer B, not the trade office, not by id.
	require.Empty(t, kinds(w.notifications("producerB", false)))
	require.Empty(t, kinds(w.notifications("admin", false)))
	notifID := p.Notifications.Edges[0].Node.ID
	for _, role := range []string{"producerB", "buyerA", "admin"} {
		e.as(w.tokens[role]).fails("NOT_FOUND", `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": notifID})
	}
	var own struct{ Node *struct{ ID string } }
	e.as(w.tokens["producerA"]).ok(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": notifID}, &own)
	require.NotNil(t, own.Node)

	// Inquiry e-mailed at once (in Indonesian, the producer's language); the
	// lead waits for the digest (the default for leads).
	toA := notices(smtpd, "producera@test.exportiva.test")
	require.Len(t, toA, 1)
	require.Equal(t, "Pertanyaan diterima: Tengiri", toA[0].Subject)
	require.Contains(t, toA[0].Text, "https://app.exportiva.test/inquiries/"+w.inquiryA)

	// A reply: the buyer's side has one unread message, until it reads the thread.
	e.as(w.tokens["producerA"]).ok(`mutation($i: ID!) { sendMessage(input: {inquiryID: $i, body: "Ya, 8 t per bulan."}) { message { id } } }`, map[string]any{"i": w.inquiryA}, nil)
	var inq struct {
		Node struct {
			UnreadCount int
			Messages    struct {
				Edges []struct {
					Node struct {
						Sender string
						ReadAt *string
					}
				}
			}
		}
	}
	thread := `query($i: ID!) { node(id: $i) { ... on Inquiry { unreadCount messages(first: 10) { edges { node { sender readAt } } } } } }`
	e.as(w.tokens["buyerA"]).ok(thread, map[string]any{"i": w.inquiryA}, &inq)
	require.Equal(t, 1, inq.Node.UnreadCount)
	e.as(w.tokens["producerA"]).ok(thread, map[string]any{"i": w.inquiryA}, &inq)
	require.Equal(t, 1, inq.Node.UnreadCount, "the producer has not read the buyer's first message")
	require.Equal(t, []string{"MESSAGE_RECEIVED"}, kinds(w.notifications("buyerA", false)))
	e.as(w.tokens["buyerA"]).ok(`mutation($i: ID!) { markInquiryRead(inquiryId: $i) { unreadCount } }`, map[string]any{"i": w.inquiryA}, nil)
	e.as(w.tokens["buyerA"]).ok(thread, map[string]any{"i": w.inquiryA}, &inq)
	require.Equal(t, 0, inq.Node.UnreadCount)
	for _, m := range inq.Node.Messages.Edges {
		if m.Node.Sender == "PRODUCER" {
			require.NotNil(t, m.Node.ReadAt, "the producer's message was read")
		} else {
			require.Nil(t, m.Node.ReadAt, "the buyer's own message is the producer's to read")
		}
	}
	require.Empty(t, kinds(w.notifications("buyerA", true)), "reading the thread read its notifications")

	// Quotes: received by the buyer, accepted to the producer.
	quote := w.quote(t)
	e.as(w.tokens["buyerA"]).ok(`mutation($q: ID!) { acceptQuote(id: $q) { quote { status } } }`, map[string]any{"q": quote}, nil)
	require.Equal(t, []string{"QUOTE_RECEIVED", "MESSAGE_RECEIVED"}, kinds(w.notifications("buyerA", false))[:2])
	p = w.notifications("producerA", true)
	require.Equal(t, []string{"QUOTE_ACCEPTED", "INQUIRY_RECEIVED", "NEW_LEAD", "INQUIRY_RECEIVED"}, kinds(p))

	// Mark one read, then all; others' ids are ignored.
	var mk struct {
		MarkNotificationsRead struct{ Marked, UnreadCount int }
	}
	e.as(w.tokens["producerA"]).ok(`mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) { marked unreadCount } }`, map[string]any{"ids": []string{p.Notifications.Edges[0].Node.ID}}, &mk)
	require.Equal(t, 1, mk.MarkNotificationsRead.Marked)
	require.Equal(t, 3, mk.MarkNotificationsRead.UnreadCount)
	b := w.notifications("buyerA", false)
	e.as(w.tokens["producerA"]).ok(`mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) { marked unreadCount } }`, map[string]any{"ids": []string{b.Notifications.Edges[0].Node.ID}}, &mk)
	require.Equal(t, 0, mk.MarkNotificationsRead.Marked, "another account's notification is not marked")
	require.Nil(t, w.notifications("buyerA", false).Notifications.Edges[0].Node.ReadAt)
	e.as(w.tokens["producerA"]).ok(`mutation { markNotificationsRead(all: true) { marked unreadCount } }`, nil, &mk)
	require.Equal(t, 3, mk.MarkNotificationsRead.Marked)
	require.Equal(t, 0, mk.MarkNotificationsRead.UnreadCount)

	// Producer B heard nothing live.
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, _, err := stranger.conn.Read(ctx)
	require.Error(t, err, "producer B must not receive producer A's notifications")
}

func TestDailyDigestAndPreferences(t *testing.T) {
	w, smtpd := mailWorld(t)
	e := w.e
	// Buyer A wants quotes only in the digest and no message e-mails.
	var acc struct {
		UpdateNotificationSettings struct {
			Language                string
			NotificationPreferences []struct{ Kind, Email string }
		}
	}
	e.as(w.tokens["buyerA"]).ok(`mutation { updateNotificationSettings(input: {language: EN, preferences: [{kind: QUOTE_RECEIVED, email: DAILY_DIGEST}, {kind: MESSAGE_RECEIVED, email: OFF}]}) { language notificationPreferences { kind email } } }`, nil, &acc)
	prefs := map[string]string{}
	for _, p := range acc.UpdateNotificationSettings.NotificationPreferences {
		prefs[p.Kind] = p.Email
	}
	// Every kind is listed: the two chosen, the others at their defaults.
	want := map[string]string{}
	for _, k := range domain.NotificationKinds.Strings() {
		want[k] = string(domain.DefaultDelivery(domain.NotificationKind(k)))
	}
	want["QUOTE_RECEIVED"], want["MESSAGE_RECEIVED"] = "DAILY_DIGEST", "OFF"
	require.Equal(t, "DAILY_DIGEST", want["NEW_LEAD"])
	require.Equal(t, "IMMEDIATELY", want["QUOTE_ACCEPTED"])
	require.Equal(t, want, prefs)
	e.as(w.tokens["producerA"]).ok(`mutation($i: ID!) { sendMessage(input: {inquiryID: $i, body: "Ya."}) { message { id } } }`, map[string]any{"i": w.inquiryA}, nil)
	w.quote(t)
	w.postRequest(e, "Tengiri beku 2 t", "tengiri")
	e.deliver()
	require.Empty(t, notices(smtpd, "buyera@test.exportiva.test"), "message off, quote in the digest")

	ctx := authz.System(context.Background())
	k, err := e.svc.Notifier.SendDigests(ctx, e.db.Client, 1)
	require.NoError(t, err)
	require.Equal(t, 2, k, "producer A (leads) and buyer A (quote)")
	k, err = e.svc.Notifier.SendDigests(ctx, e.db.Client, 1)
	require.NoError(t, err)
	require.Equal(t, 0, k, "one digest a day")
	e.deliver()
	lead := smtpd.To("producera@test.exportiva.test")
	digest := lead[len(lead)-1]
	require.Equal(t, "Exportiva: 2 permintaan pembelian baru cocok dengan produk Anda", digest.Subject)
	require.Contains(t, digest.Text, "Prospek baru: Tengiri beku 2 t")
	require.Contains(t, digest.Text, "https://app.exportiva.test/buy-requests/"+w.requestA)
	require.Contains(t, digest.HTML, `href="https://app.exportiva.test/buy-requests/`)
	quoteDigest := notices(smtpd, "buyera@test.exportiva.test")
	require.Len(t, quoteDigest, 1)
	require.Equal(t, "Exportiva: your daily summary", quoteDigest[0].Subject)
	require.True(t, strings.Contains(quoteDigest[0].Text, "Quote received"), quoteDigest[0].Text)
}

// notices are the e-mails to an address but the verification of sign-up.
func notices(smtpd *mailtest.Server, to string) []mailtest.Message {
	var out []mailtest.Message
	for _, m := range smtpd.To(to) {
		if !strings.Contains(m.Text, "/verify-email?") {
			out = append(out, m)
		}
	}
	return out
}
