package fair

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"strconv"
	"strings"
	"time"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/availabilityblock"
	"github.com/exportiva/exportiva/ent/booth"
	"github.com/exportiva/exportiva/ent/buyrequest"
	"github.com/exportiva/exportiva/ent/meeting"
	"github.com/exportiva/exportiva/ent/meetingslot"
	"github.com/exportiva/exportiva/ent/participant"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/authz/visible"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/viewer"
)

// Limits of the text a client writes.
const (
	MaxMessage = 2000
	MaxReason  = 500
	// MaxBlocks is the most blocked times one participant keeps.
	MaxBlocks = 100
)

// pending are the states of a request that awaits an answer.
var pending = []domain.MeetingStatus{domain.MeetingRequested, domain.MeetingProposed}

func conflictAt(path []string, format string, args ...any) error {
	e := apperr.Conflict(format, args...)
	e.Field = path
	return e
}

func token() string {
	b := make([]byte, 20)
	_, _ = rand.Read(b)
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}

// loadEvent reads an event through privacy; a missing one is NOT_FOUND at path.
func loadEvent(ctx context.Context, db *ent.Client, id int, path []string) (*ent.Event, error) {
	ev, err := db.Event.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, &apperr.Error{Code: apperr.CodeNotFound, Message: "no such event", Field: path, Format: "no such event"}
	}
	return ev, err
}

// active refuses changes to the meetings of an event that is not open or
// running.
func active(ev *ent.Event, path []string) error {
	if ev.Status != domain.EventOpen && ev.Status != domain.EventRunning {
		return conflictAt(path, "the event is %s: meetings are requested and booked while it is open or running", strings.ToLower(string(ev.Status)))
	}
	return nil
}

// RegisterInput registers the viewer's firm for an event.
type RegisterInput struct {
	EventID int
	Mode    domain.AttendanceMode
	// Side chooses the firm when the account acts for both (never today);
	// empty: the one it acts for.
	Side domain.Party
}

// Register registers the viewer's firm (its producer or its buyer) for an
// open event, within the registration window. The registration waits for the
// organiser's validation before others can see or book it.
func Register(ctx context.Context, db *ent.Client, in RegisterInput, now time.Time) (*ent.Participant, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, apperr.Unauthenticated("sign in to register for an event")
	}
	ev, err := loadEvent(ctx, db, in.EventID, []string{"eventId"})
	if err != nil {
		return nil, err
	}
	if ev.Status != domain.EventOpen && ev.Status != domain.EventRunning {
		return nil, conflictAt([]string{"eventId"}, "registration is closed: the event is %s", strings.ToLower(string(ev.Status)))
	}
	if ev.RegistrationOpens != nil && now.Before(*ev.RegistrationOpens) || ev.RegistrationCloses != nil && now.After(*ev.RegistrationCloses) {
		return nil, conflictAt([]string{"eventId"}, "registration is closed: outside the registration window")
	}
	c := db.Participant.Create().SetEventID(ev.ID).SetAccountID(v.AccountID).SetBadgeCode(token()[:16]).SetAgendaToken(token())
	if in.Mode != "" {
		c.SetMode(in.Mode)
	}
	switch {
	case v.ProducerID != nil && in.Side != domain.PartyBuyer:
		c.SetSide(domain.PartyProducer).SetProducerID(*v.ProducerID)
	case v.BuyerID != nil && in.Side != domain.PartyProducer:
		c.SetSide(domain.PartyBuyer).SetBuyerID(*v.BuyerID)
	default:
		return nil, apperr.Forbidden("only accounts of a producer or a buyer register for events")
	}
	p, err := c.Save(ctx)
	if ent.IsConstraintError(err) {
		return nil, conflictAt([]string{"eventId"}, "the firm is already registered for this event")
	}
	return p, err
}

// Validate marks a participant checked by the organiser (the Participant
// policy lets only the trade office set it).
func Validate(ctx context.Context, db *ent.Client, id int, now time.Time) (*ent.Participant, error) {
	p, err := db.Participant.Get(ctx, id)
	if err != nil {
		return nil, &apperr.Error{Code: apperr.CodeNotFound, Message: "no such participant", Field: []string{"id"}, Format: "no such participant"}
	}
	return p.Update().SetValidated(true).SetValidatedAt(now).Save(ctx)
}

// Block blocks a time of the viewer's registration: nothing is booked then.
func Block(ctx context.Context, db *ent.Client, participantID int, start, end time.Time) (*ent.AvailabilityBlock, error) {
	if !end.After(start) || end.Sub(start) > 24*time.Hour {
		return nil, apperr.BadInput([]string{"endsAt"}, "a blocked time ends after it starts and lasts at most a day")
	}
	n, err := db.AvailabilityBlock.Query().Where(availabilityblock.ParticipantID(participantID)).Count(ctx)
	if err != nil {
		return nil, err
	}
	if n >= MaxBlocks {
		return nil, conflictAt([]string{"participantId"}, "at most %d blocked times per participant", MaxBlocks)
	}
	// Booked meetings in that time stay: cancel or reschedule them first.
	return db.AvailabilityBlock.Create().SetParticipantID(participantID).SetStartsAt(start).SetEndsAt(end).Save(ctx)
}

// RequestInput asks for a meeting.
type RequestInput struct {
	EventID           int
	WithParticipantID int
	Message           string
	ProductID         *int
	BuyRequestID      *int
	// Slot is the slot asked for (optional).
	Slot *time.Time
	// Score is the match score of the pair (0-100), the scheduler's priority.
	Score int
}

// mine is the viewer's own registration for the event.
func mine(ctx context.Context, db *ent.Client, eventID int) (*ent.Participant, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, apperr.Unauthenticated("sign in to take part in an event")
	}
	p, err := db.Participant.Query().Where(participant.EventID(eventID), visible.OwnParticipant(v)).First(ctx)
	if ent.IsNotFound(err) {
		return nil, apperr.BadInput([]string{"eventId"}, "your firm is not registered for this event")
	}
	return p, err
}

// Request asks, as the viewer's registration, for a meeting with another
// participant of the event (a buyer with a producer or the other way round).
func Request(ctx context.Context, db *ent.Client, in RequestInput, now time.Time) (*ent.Meeting, error) {
	ev, err := loadEvent(ctx, db, in.EventID, []string{"eventId"})
	if err != nil {
		return nil, err
	}
	if err := active(ev, []string{"eventId"}); err != nil {
		return nil, err
	}
	me, err := mine(ctx, db, ev.ID)
	if err != nil {
		return nil, err
	}
	if !me.Validated {
		return nil, apperr.BadInput([]string{"eventId"}, "your registration is not validated by the organiser yet")
	}
	if in.WithParticipantID == me.ID {
		return nil, apperr.BadInput([]string{"withParticipantId"}, "a participant cannot request a meeting with itself")
	}
	// Only validated participants are visible to others: an unvalidated or
	// unknown one is NOT_FOUND.
	other, err := db.Participant.Query().Where(participant.ID(in.WithParticipantID), participant.EventID(ev.ID), participant.Validated(true)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, &apperr.Error{Code: apperr.CodeNotFound, Message: "no such validated participant in this event", Field: []string{"withParticipantId"}, Format: "no such validated participant in this event"}
	}
	if err != nil {
		return nil, err
	}
	if other.Side == me.Side {
		return nil, apperr.BadInput([]string{"withParticipantId"}, "a meeting is between a buyer and a producer")
	}
	if len(in.Message) > MaxMessage {
		return nil, apperr.BadInput([]string{"message"}, "at most %d characters", MaxMessage)
	}
	if in.Score < 0 || in.Score > 100 {
		return nil, apperr.BadInput([]string{"score"}, "a score is 0 to 100")
	}
	buyer, producer := me, other
	if me.Side == domain.PartyProducer {
		buyer, producer = other, me
	}
	if in.ProductID != nil {
		p, err := db.Product.Get(ctx, *in.ProductID)
		if err != nil || p.ProducerID != *producer.ProducerID {
			return nil, apperr.BadInput([]string{"productId"}, "the topic must be a product of the producer met")
		}
	}
	if in.BuyRequestID != nil {
		ok, err := db.BuyRequest.Query().Where(buyrequest.ID(*in.BuyRequestID), buyrequest.BuyerID(*buyer.BuyerID)).Exist(ctx)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, apperr.BadInput([]string{"buyRequestId"}, "the topic must be a buy request of the buyer met")
		}
	}
	if in.Slot != nil {
		g, err := GridOf(ev)
		if err != nil {
			return nil, err
		}
		if err := g.Check([]string{"slot"}, *in.Slot, now); err != nil {
			return nil, err
		}
	}
	open, err := db.Meeting.Query().Where(meeting.BuyerParticipantID(buyer.ID), meeting.ProducerParticipantID(producer.ID),
		meeting.StatusIn(append(pending, domain.MeetingAccepted)...)).Exist(ctx)
	if err != nil {
		return nil, err
	}
	if open {
		return nil, conflictAt([]string{"withParticipantId"}, "a meeting between the two is already requested or booked")
	}
	mineCol := meeting.BuyerParticipantID(me.ID)
	if me.Side == domain.PartyProducer {
		mineCol = meeting.ProducerParticipantID(me.ID)
	}
	n, err := db.Meeting.Query().Where(mineCol, meeting.RequestedByEQ(me.Side), meeting.StatusIn(pending...)).Count(ctx)
	if err != nil {
		return nil, err
	}
	if n >= ev.MaxPendingRequests {
		return nil, conflictAt([]string{"eventId"}, "%d requests already wait for an answer (the event's limit): wait for answers or cancel some", n)
	}
	return db.Meeting.Create().SetEventID(ev.ID).
		SetBuyerParticipantID(buyer.ID).SetProducerParticipantID(producer.ID).
		SetBuyerID(*buyer.BuyerID).SetProducerID(*producer.ProducerID).
		SetRequestedBy(me.Side).SetMessage(strings.TrimSpace(in.Message)).
		SetNillableProductID(in.ProductID).SetNillableBuyRequestID(in.BuyRequestID).
		SetNillableProposedStart(in.Slot).SetScore(in.Score).Save(ctx)
}

// acting loads a meeting the viewer takes part in, its event, and the side
// the viewer acts for (the trade office acts for the side that must answer).
func acting(ctx context.Context, db *ent.Client, id int) (*ent.Meeting, *ent.Event, domain.Party, error) {
	m, err := db.Meeting.Get(ctx, id)
	if err != nil {
		return nil, nil, "", &apperr.Error{Code: apperr.CodeNotFound, Message: "no such meeting", Field: []string{"id"}, Format: "no such meeting"}
	}
	ev, err := db.Event.Get(authz.System(ctx), m.EventID)
	if err != nil {
		return nil, nil, "", err
	}
	v := viewer.FromContext(ctx)
	side, ok := authz.FairSide(v, m)
	if !ok {
		if !v.Admin() {
			return nil, nil, "", apperr.NotFound("no such meeting")
		}
		side = answering(m)
	}
	return m, ev, side, nil
}

// answering is the side whose turn it is: the side asked while REQUESTED,
// the requester while PROPOSED.
func answering(m *ent.Meeting) domain.Party {
	other := domain.PartyBuyer
	if m.RequestedBy == domain.PartyBuyer {
		other = domain.PartyProducer
	}
	if m.Status == domain.MeetingProposed {
		return m.RequestedBy
	}
	return other
}

// Accept accepts a request (the side asked) or a proposed slot (the
// requester), booking the slot given, else the one proposed; with neither,
// the meeting is accepted without a slot and waits for scheduleEvent.
func Accept(ctx context.Context, db *ent.Client, id int, slot *time.Time, now time.Time) (*ent.Meeting, error) {
	m, ev, side, err := acting(ctx, db, id)
	if err != nil {
		return nil, err
	}
	if m.Status != domain.MeetingRequested && m.Status != domain.MeetingProposed {
		return nil, conflictAt([]string{"id"}, "the meeting is %s: only a request or a proposal is accepted", strings.ToLower(string(m.Status)))
	}
	if side != answering(m) {
		return nil, conflictAt([]string{"id"}, "it is the other side's turn to answer")
	}
	if err := active(ev, []string{"id"}); err != nil {
		return nil, err
	}
	at := slot
	if at == nil {
		at = m.ProposedStart
	}
	u := m.Update().SetStatus(domain.MeetingAccepted)
	if m.RespondedAt == nil {
		u.SetRespondedAt(now)
	}
	if at != nil {
		place, err := Book(ctx, db, ev, m, *at, now)
		if err != nil {
			return nil, err
		}
		u.SetSlotStart(at.UTC()).SetNillableBoothID(place.BoothID).SetNillableTableNumber(place.Table)
	}
	return u.Save(ctx)
}

// Propose answers a request with another slot: the requester then accepts
// or declines it.
func Propose(ctx context.Context, db *ent.Client, id int, slot time.Time, now time.Time) (*ent.Meeting, error) {
	m, ev, side, err := acting(ctx, db, id)
	if err != nil {
		return nil, err
	}
	if m.Status != domain.MeetingRequested || side == m.RequestedBy {
		return nil, conflictAt([]string{"id"}, "only the side asked proposes another slot, while the request waits")
	}
	if err := active(ev, []string{"id"}); err != nil {
		return nil, err
	}
	g, err := GridOf(ev)
	if err != nil {
		return nil, err
	}
	if err := g.Check([]string{"slot"}, slot, now); err != nil {
		return nil, err
	}
	return m.Update().SetStatus(domain.MeetingProposed).SetProposedStart(slot.UTC()).SetRespondedAt(now).Save(ctx)
}

// Decline refuses a request (the side asked) or a proposal (the requester),
// with a reason.
func Decline(ctx context.Context, db *ent.Client, id int, reason string, now time.Time) (*ent.Meeting, error) {
	m, _, side, err := acting(ctx, db, id)
	if err != nil {
		return nil, err
	}
	if m.Status != domain.MeetingRequested && m.Status != domain.MeetingProposed || side != answering(m) {
		return nil, conflictAt([]string{"id"}, "only a waiting request or proposal is declined, by the side whose turn it is")
	}
	reason = strings.TrimSpace(reason)
	if reason == "" || len(reason) > MaxReason {
		return nil, apperr.BadInput([]string{"reason"}, "give a reason of 1 to %d characters", MaxReason)
	}
	u := m.Update().SetStatus(domain.MeetingDeclined).SetDeclineReason(reason)
	if m.RespondedAt == nil {
		u.SetRespondedAt(now)
	}
	return u.Save(ctx)
}

// Cancel ends a waiting or booked meeting, freeing its slot (either side).
// A booked meeting keeps its slot start, so that agendas list it as
// cancelled.
func Cancel(ctx context.Context, db *ent.Client, id int, reason string) (*ent.Meeting, error) {
	m, _, _, err := acting(ctx, db, id)
	if err != nil {
		return nil, err
	}
	if m.Status != domain.MeetingRequested && m.Status != domain.MeetingProposed && m.Status != domain.MeetingAccepted {
		return nil, conflictAt([]string{"id"}, "the meeting is already %s", strings.ToLower(string(m.Status)))
	}
	if len(reason) > MaxReason {
		return nil, apperr.BadInput([]string{"reason"}, "at most %d characters", MaxReason)
	}
	if err := free(ctx, db, m.ID); err != nil {
		return nil, err
	}
	// The slot stays on the record (agendas show the meeting as cancelled);
	// the ledger no longer holds it.
	return m.Update().SetStatus(domain.MeetingCancelled).SetDeclineReason(strings.TrimSpace(reason)).Save(ctx)
}

// Reschedule moves a booked (or accepted, unslotted) meeting to another slot
// (either side).
func Reschedule(ctx context.Context, db *ent.Client, id int, slot time.Time, now time.Time) (*ent.Meeting, error) {
	m, ev, _, err := acting(ctx, db, id)
	if err != nil {
		return nil, err
	}
	if m.Status != domain.MeetingAccepted {
		return nil, conflictAt([]string{"id"}, "only an accepted meeting is rescheduled")
	}
	if err := active(ev, []string{"id"}); err != nil {
		return nil, err
	}
	if m.SlotStart != nil && !m.SlotStart.After(now) {
		return nil, conflictAt([]string{"id"}, "the meeting has already started")
	}
	if err := free(ctx, db, m.ID); err != nil {
		return nil, err
	}
	place, err := Book(ctx, db, ev, m, slot, now)
	if err != nil {
		return nil, err
	}
	return m.Update().SetSlotStart(slot.UTC()).ClearBoothID().ClearTableNumber().
		SetNillableBoothID(place.BoothID).SetNillableTableNumber(place.Table).Save(ctx)
}

// MarkNoShow records, by one side, that the other did not come to a meeting
// whose slot has passed.
func MarkNoShow(ctx context.Context, db *ent.Client, id int, now time.Time) (*ent.Meeting, error) {
	m, ev, side, err := acting(ctx, db, id)
	if err != nil {
		return nil, err
	}
	if m.Status != domain.MeetingAccepted || m.SlotStart == nil {
		return nil, conflictAt([]string{"id"}, "only a booked meeting is marked as a no-show")
	}
	if m.SlotStart.Add(time.Duration(ev.MeetingMinutes) * time.Minute).After(now) {
		return nil, conflictAt([]string{"id"}, "the meeting is not over yet")
	}
	other := domain.PartyBuyer
	if side == domain.PartyBuyer {
		other = domain.PartyProducer
	}
	return m.Update().SetNoShow(other).Save(ctx)
}

// Place is where a booked meeting takes place.
type Place struct {
	BoothID *int
	Table   *int
}

// Resources of a booking, as meeting_slots names them.
func personKey(id int) string { return "p:" + strconv.Itoa(id) }
func boothKey(id int) string  { return "b:" + strconv.Itoa(id) }
func tableKey(n int) string   { return "t:" + strconv.Itoa(n) }

// Book books slot for the meeting m: both participants, and the producer's
// booth at the event or, when it has none, the first free table. It checks
// the grid, both participants' validation and blocked times, and names the
// first resource already taken; the unique index of meeting_slots refuses a
// booking that a concurrent one took between the check and the insert
// (CONFLICT as well).
func Book(ctx context.Context, db *ent.Client, ev *ent.Event, m *ent.Meeting, slot time.Time, now time.Time) (Place, error) {
	path := []string{"slot"}
	g, err := GridOf(ev)
	if err != nil {
		return Place{}, err
	}
	if err := g.Check(path, slot, now); err != nil {
		return Place{}, err
	}
	sys := authz.System(ctx)
	ps, err := db.Participant.Query().Where(participant.IDIn(m.BuyerParticipantID, m.ProducerParticipantID)).All(sys)
	if err != nil {
		return Place{}, err
	}
	for _, p := range ps {
		if !p.Validated {
			return Place{}, apperr.BadInput([]string{"id"}, "a participant of the meeting is not validated by the organiser yet")
		}
	}
	end := slot.Add(g.Length)
	blocked, err := db.AvailabilityBlock.Query().Where(availabilityblock.ParticipantIDIn(m.BuyerParticipantID, m.ProducerParticipantID),
		availabilityblock.StartsAtLT(end), availabilityblock.EndsAtGT(slot)).Exist(sys)
	if err != nil {
		return Place{}, err
	}
	if blocked {
		return Place{}, conflictAt(path, "a participant blocked that time")
	}
	unix := slot.Unix()
	taken, err := db.MeetingSlot.Query().Where(meetingslot.EventID(ev.ID), meetingslot.Slot(unix)).Select(meetingslot.FieldResource).Strings(sys)
	if err != nil {
		return Place{}, err
	}
	busy := make(map[string]bool, len(taken))
	for _, r := range taken {
		busy[r] = true
	}
	if busy[personKey(m.BuyerParticipantID)] || busy[personKey(m.ProducerParticipantID)] {
		return Place{}, conflictAt(path, "a participant already has a meeting at that slot")
	}
	var place Place
	var where string
	b, err := db.Booth.Query().Where(booth.EventID(ev.ID), booth.ProducerID(m.ProducerID)).First(sys)
	switch {
	case err == nil:
		place.BoothID, where = &b.ID, boothKey(b.ID)
		if busy[where] {
			return Place{}, conflictAt(path, "booth %s already has a meeting at that slot", b.Number)
		}
	case ent.IsNotFound(err):
		for t := 1; t <= ev.Tables; t++ {
			if !busy[tableKey(t)] {
				place.Table, where = &t, tableKey(t)
				break
			}
		}
		if where == "" {
			return Place{}, conflictAt(path, "no free table at that slot")
		}
	default:
		return Place{}, err
	}
	err = db.MeetingSlot.CreateBulk(
		db.MeetingSlot.Create().SetEventID(ev.ID).SetSlot(unix).SetResource(personKey(m.BuyerParticipantID)).SetMeetingID(m.ID),
		db.MeetingSlot.Create().SetEventID(ev.ID).SetSlot(unix).SetResource(personKey(m.ProducerParticipantID)).SetMeetingID(m.ID),
		db.MeetingSlot.Create().SetEventID(ev.ID).SetSlot(unix).SetResource(where).SetMeetingID(m.ID),
	).Exec(sys)
	if ent.IsConstraintError(err) {
		return Place{}, conflictAt(path, "the slot was just taken: choose another")
	}
	return place, err
}

// free releases what a meeting holds.
func free(ctx context.Context, db *ent.Client, meetingID int) error {
	_, err := db.MeetingSlot.Delete().Where(meetingslot.MeetingID(meetingID)).Exec(authz.System(ctx))
	return err
}
