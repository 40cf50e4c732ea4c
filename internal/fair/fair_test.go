package fair_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/meetingslot"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/fair"
	"github.com/exportiva/exportiva/internal/testdb"
	"github.com/exportiva/exportiva/internal/viewer"
)

// The fair runs 5-9 June 2024 in Lamongan; the tests look at it from 1 June.
var now = time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)

var jakarta, _ = time.LoadLocation("Asia/Jakarta")

func at(day, hh, mm int) time.Time { return time.Date(2024, 6, day, hh, mm, 0, 0, jakarta) }

type fairWorld struct {
	t     *testing.T
	db    *ent.Client
	sys   context.Context
	event *ent.Event
	seq   int
}

type firm struct {
	ctx context.Context
	p   *ent.Participant
}

func newFair(t *testing.T, tables int) *fairWorld {
	db := testdb.Open(t).Client
	sys := authz.System(context.Background())
	ev := db.Event.Create().SetName("Lamongan Exportiva 2024").SetVenue("Lamongan Sport Center").
		SetFirstDay("2024-06-05").SetLastDay("2024-06-09").SetSessions([]string{"09:00-12:00", "13:30-16:00"}).
		SetTables(tables).SetMaxPendingRequests(3).SetStatus(domain.EventOpen).SaveX(sys)
	return &fairWorld{t: t, db: db, sys: sys, event: ev}
}

// producer registers a new producer (with a booth when booth is true),
// validated when validated is true.
func (w *fairWorld) producer(booth, validated bool) firm {
	w.seq++
	p := w.db.Producer.Create().SetName(fmt.Sprintf("Producer %d", w.seq)).SetDistrict("BRONDONG").
		SetSector(domain.SectorFishery).SetSizeClass(domain.SizeSmall).SaveX(w.sys)
	if booth {
		w.db.Booth.Create().SetEventID(w.event.ID).SetNumber(fmt.Sprintf("A-%d", w.seq)).SetCategory(domain.BoothExporter).
			SetProducerID(p.ID).ExecX(w.sys)
	}
	ctx := viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: 1000 + w.seq, Role: domain.RoleProducer, ProducerID: &p.ID})
	return w.register(ctx, validated)
}

func (w *fairWorld) buyer(validated bool) firm {
	w.seq++
	b := w.db.Buyer.Create().SetCompany(fmt.Sprintf("Buyer %d", w.seq)).SetCountry("TH").SetType("IMPORTER").SaveX(w.sys)
	ctx := viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: 1000 + w.seq, Role: domain.RoleBuyer, BuyerID: &b.ID})
	return w.register(ctx, validated)
}

func (w *fairWorld) register(ctx context.Context, validated bool) firm {
	p, err := fair.Register(ctx, w.db, fair.RegisterInput{EventID: w.event.ID}, now)
	require.NoError(w.t, err)
	if validated {
		admin := viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: 1, Role: domain.RoleAdmin})
		p, err = fair.Validate(admin, w.db, p.ID, now)
		require.NoError(w.t, err)
	}
	return firm{ctx: ctx, p: p}
}

func (w *fairWorld) request(from, to firm) *ent.Meeting {
	m, err := fair.Request(from.ctx, w.db, fair.RequestInput{EventID: w.event.ID, WithParticipantID: to.p.ID, Message: "Tengiri, 8 t?"}, now)
	require.NoError(w.t, err)
	return m
}

func codeAndField(err error) (string, []string) {
	if e, ok := err.(*apperr.Error); ok {
		return e.Code, e.Field
	}
	return apperr.CodeOf(err), nil
}

func TestBookingRules(t *testing.T) {
	w := newFair(t, 1)
	prod := w.producer(true, true)
	buyer := w.buyer(true)
	other := w.buyer(true)
	unvalidated := w.buyer(false)
	lone := w.producer(false, true) // no booth: the event's one table

	m := w.request(buyer, prod)
	// The slot rules.
	for _, c := range []struct {
		name  string
		slot  time.Time
		code  string
		field string
	}{
		{"before the sessions", at(5, 8, 30), apperr.CodeBadUserInput, "slot"},
		{"in the lunch break", at(5, 12, 30), apperr.CodeBadUserInput, "slot"},
		{"running into the break", at(5, 11, 45), apperr.CodeBadUserInput, "slot"},
		{"off the grid", at(5, 9, 10), apperr.CodeBadUserInput, "slot"},
		{"not a day of the fair", at(10, 9, 0), apperr.CodeBadUserInput, "slot"},
	} {
		_, err := fair.Accept(prod.ctx, w.db, m.ID, &c.slot, now)
		code, field := codeAndField(err)
		require.Equal(t, c.code, code, c.name)
		require.Equal(t, []string{c.field}, field, c.name)
	}
	// A past slot (seen from the fair's third day).
	past := at(5, 9, 0)
	_, err := fair.Accept(prod.ctx, w.db, m.ID, &past, at(7, 8, 0))
	code, _ := codeAndField(err)
	require.Equal(t, apperr.CodeBadUserInput, code)

	// The requester cannot accept its own request.
	slot := at(5, 9, 0)
	_, err = fair.Accept(buyer.ctx, w.db, m.ID, &slot, now)
	code, _ = codeAndField(err)
	require.Equal(t, apperr.CodeConflict, code)
	// Booked at the producer's booth.
	m, err = fair.Accept(prod.ctx, w.db, m.ID, &slot, now)
	require.NoError(t, err)
	require.NotNil(t, m.BoothID)
	require.Nil(t, m.TableNumber)

	// The same producer at the same slot with another buyer: taken.
	m2 := w.request(other, prod)
	_, err = fair.Accept(prod.ctx, w.db, m2.ID, &slot, now)
	code, field := codeAndField(err)
	require.Equal(t, apperr.CodeConflict, code)
	require.Equal(t, []string{"slot"}, field)
	// The next slot is free.
	next := at(5, 9, 30)
	_, err = fair.Accept(prod.ctx, w.db, m2.ID, &next, now)
	require.NoError(t, err)

	// A producer without a booth meets at the one table; a second meeting
	// needing a table at that slot finds none.
	m3 := w.request(other, lone)
	m3, err = fair.Accept(lone.ctx, w.db, m3.ID, &slot, now)
	require.NoError(t, err)
	require.Equal(t, 1, *m3.TableNumber)

	// Requests: self, same side, unvalidated (either way), pending limit,
	// duplicates.
	_, err = fair.Request(buyer.ctx, w.db, fair.RequestInput{EventID: w.event.ID, WithParticipantID: buyer.p.ID}, now)
	code, field = codeAndField(err)
	require.Equal(t, apperr.CodeBadUserInput, code)
	require.Equal(t, []string{"withParticipantId"}, field)
	_, err = fair.Request(buyer.ctx, w.db, fair.RequestInput{EventID: w.event.ID, WithParticipantID: other.p.ID}, now)
	code, _ = codeAndField(err)
	require.Equal(t, apperr.CodeBadUserInput, code)
	_, err = fair.Request(unvalidated.ctx, w.db, fair.RequestInput{EventID: w.event.ID, WithParticipantID: prod.p.ID}, now)
	code, field = codeAndField(err)
	require.Equal(t, apperr.CodeBadUserInput, code)
	require.Equal(t, []string{"eventId"}, field)
	_, err = fair.Request(prod.ctx, w.db, fair.RequestInput{EventID: w.event.ID, WithParticipantID: unvalidated.p.ID}, now)
	code, _ = codeAndField(err)
	require.Equal(t, apperr.CodeNotFound, code)
	_, err = fair.Request(buyer.ctx, w.db, fair.RequestInput{EventID: w.event.ID, WithParticipantID: prod.p.ID}, now)
	code, _ = codeAndField(err)
	require.Equal(t, apperr.CodeConflict, code, "a meeting between the two is booked already")

	spammer := w.buyer(true)
	for range 3 {
		w.request(spammer, w.producer(true, true))
	}
	_, err = fair.Request(spammer.ctx, w.db, fair.RequestInput{EventID: w.event.ID, WithParticipantID: w.producer(true, true).p.ID}, now)
	code, field = codeAndField(err)
	require.Equal(t, apperr.CodeConflict, code, "more than maxPendingRequests waiting")
	require.Equal(t, []string{"eventId"}, field)

	// Only the two parties see a meeting and its message.
	_, err = w.db.Meeting.Get(other.ctx, m.ID)
	require.True(t, ent.IsNotFound(err))
	got, err := w.db.Meeting.Get(buyer.ctx, m.ID)
	require.NoError(t, err)
	require.Equal(t, "Tengiri, 8 t?", got.Message)
	// Nobody else cancels it.
	_, err = fair.Cancel(other.ctx, w.db, m.ID, "")
	code, _ = codeAndField(err)
	require.Equal(t, apperr.CodeNotFound, code)
	// An unvalidated participant sees no one else; a validated one sees the
	// validated ones only.
	n, err := w.db.Participant.Query().Count(unvalidated.ctx)
	require.NoError(t, err)
	require.Equal(t, 1, n, "only itself")
	n, err = w.db.Participant.Query().Count(buyer.ctx)
	require.NoError(t, err)
	all, err := w.db.Participant.Query().Count(w.sys)
	require.NoError(t, err)
	require.Equal(t, all-1, n, "every validated participant, not the unvalidated one")

	// Reschedule frees the old slot; cancel frees the new one.
	later := at(6, 13, 30)
	_, err = fair.Reschedule(buyer.ctx, w.db, m.ID, later, now)
	require.NoError(t, err)
	require.Zero(t, w.db.MeetingSlot.Query().Where(meetingslot.Slot(slot.Unix()), meetingslot.MeetingID(m.ID)).CountX(w.sys))
	_, err = fair.Cancel(buyer.ctx, w.db, m.ID, "flight changed")
	require.NoError(t, err)
	require.Zero(t, w.db.MeetingSlot.Query().Where(meetingslot.MeetingID(m.ID)).CountX(w.sys))

	// A closed event takes no more requests.
	late := w.producer(true, true)
	w.db.Event.UpdateOne(w.event).SetStatus(domain.EventClosed).ExecX(w.sys)
	_, err = fair.Request(other.ctx, w.db, fair.RequestInput{EventID: w.event.ID, WithParticipantID: late.p.ID}, now)
	code, field = codeAndField(err)
	require.Equal(t, apperr.CodeConflict, code)
	require.Equal(t, []string{"eventId"}, field)
}

// TestBlockedTime: a participant's blocked time refuses a booking.
func TestBlockedTime(t *testing.T) {
	w := newFair(t, 0)
	prod, buyer := w.producer(true, true), w.buyer(true)
	_, err := fair.Block(buyer.ctx, w.db, buyer.p.ID, at(5, 9, 0), at(5, 10, 0))
	require.NoError(t, err)
	_, err = fair.Block(prod.ctx, w.db, buyer.p.ID, at(5, 9, 0), at(5, 10, 0))
	require.Error(t, err, "only the participant's own firm blocks its times")
	m := w.request(buyer, prod)
	slot := at(5, 9, 30)
	_, err = fair.Accept(prod.ctx, w.db, m.ID, &slot, now)
	code, _ := codeAndField(err)
	require.Equal(t, apperr.CodeConflict, code)
	slot = at(5, 10, 0)
	_, err = fair.Accept(prod.ctx, w.db, m.ID, &slot, now)
	require.NoError(t, err)
}

// accepts runs the accepts concurrently, each in a transaction of its own,
// and returns how many committed.
func accepts(t *testing.T, db *ent.Client, ctxs []context.Context, ids []int, slot time.Time) int {
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok := 0
	start := make(chan struct{})
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			tx, err := db.Tx(ctxs[i])
			if err != nil {
				return
			}
			if _, err := fair.Accept(ctxs[i], tx.Client(), ids[i], &slot, now); err != nil {
				_ = tx.Rollback()
				require.Contains(t, []string{apperr.CodeConflict, ""}, apperr.CodeOf(err), "%v", err)
				return
			}
			if tx.Commit() == nil {
				mu.Lock()
				ok++
				mu.Unlock()
			}
		}()
	}
	close(start)
	wg.Wait()
	return ok
}

// TestNoDoubleBookingUnderConcurrency: 32 accepts race for the same slot of
// one producer and its booth; exactly one wins. Then 32 accepts of 32
// different pairs race for the event's 4 tables at one slot: no table is
// ever held twice.
func TestNoDoubleBookingUnderConcurrency(t *testing.T) {
	w := newFair(t, 4)
	prod := w.producer(true, true)
	var ctxs []context.Context
	var ids []int
	for range 32 {
		b := w.buyer(true)
		m, err := fair.Request(b.ctx, w.db, fair.RequestInput{EventID: w.event.ID, WithParticipantID: prod.p.ID}, now)
		require.NoError(t, err)
		ctxs, ids = append(ctxs, prod.ctx), append(ids, m.ID)
	}
	slot := at(5, 9, 0)
	require.Equal(t, 1, accepts(t, w.db, ctxs, ids, slot))
	require.Equal(t, 3, w.db.MeetingSlot.Query().Where(meetingslot.Slot(slot.Unix())).CountX(w.sys))

	ctxs, ids = nil, nil
	for range 32 {
		p, b := w.producer(false, true), w.buyer(true)
		m := w.request(b, p)
		ctxs, ids = append(ctxs, p.ctx), append(ids, m.ID)
	}
	slot = at(5, 9, 30)
	won := accepts(t, w.db, ctxs, ids, slot)
	require.GreaterOrEqual(t, won, 1)
	require.LessOrEqual(t, won, 4)
	// Every resource at most once (the unique index), and every winner
	// holds its two people and one table.
	rows := w.db.MeetingSlot.Query().Where(meetingslot.Slot(slot.Unix())).AllX(w.sys)
	seen := map[string]bool{}
	for _, r := range rows {
		require.False(t, seen[r.Resource], "%s booked twice", r.Resource)
		seen[r.Resource] = true
	}
	require.Len(t, rows, 3*won)
}
