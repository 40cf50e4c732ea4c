package fair_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent/notification"
	"github.com/exportiva/exportiva/ent/outbox"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/fair"
	"github.com/exportiva/exportiva/internal/notify"
	"github.com/exportiva/exportiva/internal/viewer"
)

// member gives the firm an account (verified, in lang) and returns its id.
func (w *fairWorld) member(f firm, lang string, prefs map[string]string) int {
	w.seq++
	c := w.db.Account.Create().SetEmail(fmt.Sprintf("m%d@firm.example", w.seq)).SetPasswordHash("x").SetDisplayName("Member").
		SetLanguage(lang).SetEmailVerified(true).SetEmailPreferences(prefs)
	if f.p.ProducerID != nil {
		c.SetRole(domain.RoleProducer).SetProducerID(*f.p.ProducerID)
	} else {
		c.SetRole(domain.RoleBuyer).SetBuyerID(*f.p.BuyerID)
	}
	return c.SaveX(w.sys).ID
}

type note struct {
	Kind    domain.NotificationKind
	Subject string
	Actor   string
	Meeting int
}

// inbox takes (and deletes) the notifications written so far, per account.
func (w *fairWorld) inbox() map[int][]note {
	out := map[int][]note{}
	for _, n := range w.db.Notification.Query().Order(notification.ByID()).AllX(w.sys) {
		mid := 0
		if n.MeetingID != nil {
			mid = *n.MeetingID
		}
		out[n.AccountID] = append(out[n.AccountID], note{n.Kind, n.Subject, n.Actor, mid})
	}
	w.db.Notification.Delete().ExecX(w.sys)
	return out
}

// TestMeetingNotifications: each change to a meeting notifies the other
// party's accounts (subjects in each one's language, times in the event's
// time zone), both parties when the trade office or its scheduler acts, no
// one else; the e-mail follows each account's preference per kind.
func TestMeetingNotifications(t *testing.T) {
	w := newFair(t, 2)
	notify.Watch(w.db, &notify.Notifier{AppURL: "https://exportiva.example"})
	prod := w.producer(true, true)
	buyer := w.buyer(true)
	third := w.producer(true, true)
	p1 := w.member(prod, "id", map[string]string{string(domain.NotifyMeetingRequested): string(domain.DeliverOff)})
	p2 := w.member(prod, "en", nil)
	b1 := w.member(buyer, "en", nil)
	t1 := w.member(third, "en", nil)
	admin := viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: 1, Role: domain.RoleAdmin})
	producerName := w.db.Producer.GetX(w.sys, *prod.p.ProducerID).Name
	buyerName := w.db.Buyer.GetX(w.sys, *buyer.p.BuyerID).Company

	nine := at(5, 9, 0)
	m, err := fair.Request(buyer.ctx, w.db, fair.RequestInput{EventID: w.event.ID, WithParticipantID: prod.p.ID, Message: "Tengiri?", Slot: &nine}, now)
	require.NoError(t, err)
	got := w.inbox()
	require.Equal(t, map[int][]note{
		p1: {{domain.NotifyMeetingRequested, "Lamongan Exportiva 2024 — Rab 5 Jun 2024 pukul 09:00 (Asia/Jakarta)", buyerName, m.ID}},
		p2: {{domain.NotifyMeetingRequested, "Lamongan Exportiva 2024 — Wed 5 Jun 2024 at 09:00 (Asia/Jakarta)", buyerName, m.ID}},
	}, got, "the producer's accounts hear of the request, the buyer and the third firm do not")
	// p1 turned e-mails of requests off; p2 gets one at once.
	mails := w.db.Outbox.Query().Where(outbox.Kind("email")).AllX(w.sys)
	require.Len(t, mails, 1)
	require.Contains(t, string(mails[0].Payload), fmt.Sprintf("m%d@firm.example", w.seq-2))

	ten := at(5, 10, 0)
	_, err = fair.Propose(prod.ctx, w.db, m.ID, ten, now)
	require.NoError(t, err)
	require.Equal(t, map[int][]note{b1: {{domain.NotifyMeetingProposed, "Lamongan Exportiva 2024 — Wed 5 Jun 2024 at 10:00 (Asia/Jakarta)", producerName, m.ID}}}, w.inbox())

	_, err = fair.Accept(buyer.ctx, w.db, m.ID, nil, now)
	require.NoError(t, err)
	got = w.inbox()
	require.Len(t, got, 2)
	require.Equal(t, domain.NotifyMeetingAccepted, got[p1][0].Kind)
	require.Equal(t, "Lamongan Exportiva 2024 — Rab 5 Jun 2024 pukul 10:00 (Asia/Jakarta)", got[p1][0].Subject)

	half := at(5, 10, 30)
	_, err = fair.Reschedule(prod.ctx, w.db, m.ID, half, now)
	require.NoError(t, err)
	require.Equal(t, map[int][]note{b1: {{domain.NotifyMeetingRescheduled, "Lamongan Exportiva 2024 — Wed 5 Jun 2024 at 10:30 (Asia/Jakarta)", producerName, m.ID}}}, w.inbox())

	// The trade office cancels: both parties hear of it, with the reason.
	_, err = fair.Cancel(admin, w.db, m.ID, "hall closed")
	require.NoError(t, err)
	got = w.inbox()
	require.Equal(t, []note{{domain.NotifyMeetingCancelled, "Lamongan Exportiva 2024 — Rab 5 Jun 2024 pukul 10:30 (Asia/Jakarta) — alasan: hall closed", "the trade office", m.ID}}, got[p1])
	require.Equal(t, []note{{domain.NotifyMeetingCancelled, "Lamongan Exportiva 2024 — Wed 5 Jun 2024 at 10:30 (Asia/Jakarta) — reason: hall closed", "the trade office", m.ID}}, got[b1])
	require.Len(t, got, 3)

	// A decline tells the requester why.
	m2 := w.request(buyer, third)
	require.Equal(t, []int{t1}, keys(w.inbox()))
	_, err = fair.Decline(third.ctx, w.db, m2.ID, "sold out", now)
	require.NoError(t, err)
	got = w.inbox()
	require.Equal(t, []int{b1}, keys(got))
	require.Equal(t, domain.NotifyMeetingDeclined, got[b1][0].Kind)
	require.Equal(t, "Lamongan Exportiva 2024 — reason: sold out", got[b1][0].Subject)

	// Accepted without a slot, then placed by the scheduler: both parties.
	m3 := w.request(buyer, prod)
	_, err = fair.Accept(prod.ctx, w.db, m3.ID, nil, now)
	require.NoError(t, err)
	w.inbox()
	res, err := fair.Schedule(admin, w.db, w.event.ID, now)
	require.NoError(t, err)
	require.Equal(t, 1, res.Placed)
	got = w.inbox()
	require.ElementsMatch(t, []int{p1, p2, b1}, keys(got))
	placed := w.db.Meeting.GetX(w.sys, m3.ID).SlotStart.In(jakarta)
	require.Equal(t, note{domain.NotifyMeetingScheduled, "Lamongan Exportiva 2024 — " + placed.Format("Mon 2 Jan 2006 at 15:04") + " (Asia/Jakarta)", "the trade office", m3.ID}, got[b1][0])

	// A no-show mark is no notification.
	w.db.Meeting.UpdateOneID(m3.ID).SetNoShow(domain.PartyBuyer).ExecX(prod.ctx)
	require.Empty(t, w.inbox())
}

func keys(m map[int][]note) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
