package visible

import (
	"context"

	"entgo.io/ent/dialect/sql"

	"github.com/exportiva/exportiva/ent/availabilityblock"
	"github.com/exportiva/exportiva/ent/badgescan"
	"github.com/exportiva/exportiva/ent/booth"
	"github.com/exportiva/exportiva/ent/event"
	"github.com/exportiva/exportiva/ent/meeting"
	"github.com/exportiva/exportiva/ent/outcome"
	"github.com/exportiva/exportiva/ent/participant"
	"github.com/exportiva/exportiva/ent/predicate"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/viewer"
)

// EventFor is the read filter: fairs that left the draft stage are public; drafts are the trade
// office's.
func EventFor(ctx context.Context) predicate.Event {
	if unrestricted(ctx) {
		return nil
	}
	return event.StatusNEQ(domain.EventDraft)
}

// BoothFor is the read filter: booths are seen with their fair.
func BoothFor(ctx context.Context) predicate.Booth {
	if unrestricted(ctx) {
		return nil
	}
	return booth.HasEventWith(event.StatusNEQ(domain.EventDraft))
}

// OwnParticipant is the filter of the registrations of the viewer's firm; it
// matches nothing for a viewer that acts for no firm.
func OwnParticipant(v *viewer.Viewer) predicate.Participant {
	var ors []predicate.Participant
	if v != nil && v.BuyerID != nil {
		ors = append(ors, participant.BuyerID(*v.BuyerID))
	}
	if v != nil && v.ProducerID != nil {
		ors = append(ors, participant.ProducerID(*v.ProducerID))
	}
	if len(ors) == 0 {
		return none
	}
	return participant.Or(ors...)
}

// ParticipantFor is the read filter: a firm sees its own registrations; a validated participant
// of a fair sees the other validated participants of that fair (fake buyers
// are kept out until the organiser checked them); anonymous viewers none.
func ParticipantFor(ctx context.Context) predicate.Participant {
	if unrestricted(ctx) {
		return nil
	}
	v := viewer.FromContext(ctx)
	own := OwnParticipant(v)
	var firm []any
	var col string
	switch {
	case v != nil && v.BuyerID != nil:
		col, firm = participant.FieldBuyerID, []any{*v.BuyerID}
	case v != nil && v.ProducerID != nil:
		col, firm = participant.FieldProducerID, []any{*v.ProducerID}
	default:
		return none
	}
	peer := func(s *sql.Selector) {
		me := sql.Table(participant.Table).As("viewer_participant")
		s.Where(sql.And(
			sql.EQ(s.C(participant.FieldValidated), true),
			sql.Exists(sql.Select(me.C(participant.FieldID)).From(me).Where(sql.And(
				sql.ColumnsEQ(me.C(participant.FieldEventID), s.C(participant.FieldEventID)),
				sql.EQ(me.C(participant.FieldValidated), true),
				sql.In(me.C(col), firm...),
			))),
		))
	}
	return participant.Or(own, peer)
}

// AvailabilityBlockFor is the read filter: the participant's own firm sees its blocked times.
func AvailabilityBlockFor(ctx context.Context) predicate.AvailabilityBlock {
	if unrestricted(ctx) {
		return nil
	}
	return availabilityblock.HasParticipantWith(OwnParticipant(viewer.FromContext(ctx)))
}

// MeetingParty is the filter of the meetings the viewer's firm takes part in.
func MeetingParty(v *viewer.Viewer) predicate.Meeting {
	var ors []predicate.Meeting
	if v != nil && v.BuyerID != nil {
		ors = append(ors, meeting.BuyerID(*v.BuyerID))
	}
	if v != nil && v.ProducerID != nil {
		ors = append(ors, meeting.ProducerID(*v.ProducerID))
	}
	if len(ors) == 0 {
		return none
	}
	return meeting.Or(ors...)
}

// MeetingFor is the read filter: only the two parties see a meeting and its message.
func MeetingFor(ctx context.Context) predicate.Meeting {
	if unrestricted(ctx) {
		return nil
	}
	return MeetingParty(viewer.FromContext(ctx))
}

// OutcomeFor is the read filter: each side sees the outcome it recorded.
func OutcomeFor(ctx context.Context) predicate.Outcome {
	if unrestricted(ctx) {
		return nil
	}
	v := viewer.FromContext(ctx)
	var ors []predicate.Outcome
	if v != nil && v.BuyerID != nil {
		ors = append(ors, outcome.And(outcome.PartyEQ(domain.PartyBuyer), outcome.BuyerID(*v.BuyerID)))
	}
	if v != nil && v.ProducerID != nil {
		ors = append(ors, outcome.And(outcome.PartyEQ(domain.PartyProducer), outcome.ProducerID(*v.ProducerID)))
	}
	if len(ors) == 0 {
		return none
	}
	return outcome.Or(ors...)
}

// Event restricts a selector of events to the visible ones.
func Event(s *sql.Selector) { apply(s, EventFor(s.Context())) }

// Booth restricts a selector of booths to the visible ones.
func Booth(s *sql.Selector) { apply(s, BoothFor(s.Context())) }

// Participant restricts a selector of participants to the visible ones.
func Participant(s *sql.Selector) { apply(s, ParticipantFor(s.Context())) }

// AvailabilityBlock restricts a selector of blocked times to the visible ones.
func AvailabilityBlock(s *sql.Selector) { apply(s, AvailabilityBlockFor(s.Context())) }

// Meeting restricts a selector of meetings to the visible ones.
func Meeting(s *sql.Selector) { apply(s, MeetingFor(s.Context())) }

// Outcome restricts a selector of outcomes to the visible ones.
func Outcome(s *sql.Selector) { apply(s, OutcomeFor(s.Context())) }

// BadgeScanFor is the read filter of leads captured at fairs: the scanning
// producer's members see its scans, the trade office all, others none.
func BadgeScanFor(ctx context.Context) predicate.BadgeScan {
	if unrestricted(ctx) {
		return nil
	}
	if v := viewer.FromContext(ctx); v != nil && v.ProducerID != nil {
		return badgescan.ProducerID(*v.ProducerID)
	}
	return none
}
