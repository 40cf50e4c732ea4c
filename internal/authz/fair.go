package authz

import (
	"context"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/meeting"
	"github.com/exportiva/exportiva/ent/outcome"
	"github.com/exportiva/exportiva/ent/participant"
	"github.com/exportiva/exportiva/ent/privacy"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz/visible"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/viewer"
)

// EventQuery is the read rule: fairs past the draft stage are public (visible.EventFor).
func EventQuery() privacy.QueryRule {
	return privacy.EventQueryRuleFunc(func(ctx context.Context, q *ent.EventQuery) error {
		if p := visible.EventFor(ctx); p != nil {
			q.Where(p)
		}
		return privacy.Allow
	})
}

// BoothQuery is the read rule: booths are public with their fair (visible.BoothFor).
func BoothQuery() privacy.QueryRule {
	return privacy.BoothQueryRuleFunc(func(ctx context.Context, q *ent.BoothQuery) error {
		if p := visible.BoothFor(ctx); p != nil {
			q.Where(p)
		}
		return privacy.Allow
	})
}

// ParticipantQuery is the read rule: own registrations, and validated peers for validated
// participants (visible.ParticipantFor).
func ParticipantQuery() privacy.QueryRule {
	return privacy.ParticipantQueryRuleFunc(func(ctx context.Context, q *ent.ParticipantQuery) error {
		if p := visible.ParticipantFor(ctx); p != nil {
			q.Where(p)
		}
		return privacy.Allow
	})
}

// ParticipantMutation is the write rule: a firm registers itself (never validated: that is the
// organiser's, allowed before this rule) and changes its own registration.
func ParticipantMutation() privacy.MutationRule {
	return privacy.ParticipantMutationRuleFunc(func(ctx context.Context, m *ent.ParticipantMutation) error {
		v := viewer.FromContext(ctx)
		// Create sets validated=false by default; anything else about it is the organiser's.
		if validated, ok := m.Validated(); ok && (validated || !m.Op().Is(ent.OpCreate)) || fieldSet(m, participant.FieldValidatedAt) {
			return apperr.Forbidden("only the organiser validates participants")
		}
		switch {
		case m.Op().Is(ent.OpCreate):
			if p, ok := m.ProducerID(); ok && v.OfProducer(p) {
				return privacy.Allow
			}
			if b, ok := m.BuyerID(); ok && v.OfBuyer(b) {
				return privacy.Allow
			}
			return apperr.Forbidden("a firm registers only itself")
		case m.Op().Is(ent.OpUpdateOne):
			id, _ := m.ID()
			if ok, err := m.Client().Participant.Query().Where(participant.ID(id), visible.OwnParticipant(v)).Exist(ctx); err == nil && ok {
				return privacy.Allow
			}
			return apperr.NotFound("no such participant")
		}
		return apperr.Forbidden("registrations change one at a time")
	})
}

// BadgeScanQuery is the read rule: the scanning producer's members see its
// scans, the trade office all, anyone else none.
func BadgeScanQuery() privacy.QueryRule {
	return privacy.BadgeScanQueryRuleFunc(func(ctx context.Context, q *ent.BadgeScanQuery) error {
		if p := visible.BadgeScanFor(ctx); p != nil {
			q.Where(p)
		}
		return privacy.Allow
	})
}

// AvailabilityBlockQuery is the read rule: a participant's firm sees its own blocked times.
func AvailabilityBlockQuery() privacy.QueryRule {
	return privacy.AvailabilityBlockQueryRuleFunc(func(ctx context.Context, q *ent.AvailabilityBlockQuery) error {
		if p := visible.AvailabilityBlockFor(ctx); p != nil {
			q.Where(p)
		}
		return privacy.Allow
	})
}

// AvailabilityBlockMutation is the write rule: a participant's firm blocks and frees its own
// times; anyone else's registration is NOT_FOUND.
func AvailabilityBlockMutation() privacy.MutationRule {
	return privacy.AvailabilityBlockMutationRuleFunc(func(ctx context.Context, m *ent.AvailabilityBlockMutation) error {
		v := viewer.FromContext(ctx)
		var pid int
		switch {
		case m.Op().Is(ent.OpCreate):
			pid, _ = m.ParticipantID()
		case m.Op().Is(ent.OpDeleteOne):
			id, _ := m.ID()
			b, err := m.Client().AvailabilityBlock.Get(ctx, id)
			if err != nil {
				return apperr.NotFound("no such blocked time")
			}
			pid = b.ParticipantID
		default:
			return apperr.Forbidden("blocked times change one at a time")
		}
		if ok, err := m.Client().Participant.Query().Where(participant.ID(pid), visible.OwnParticipant(v)).Exist(ctx); err == nil && ok {
			return privacy.Allow
		}
		return apperr.NotFound("no such participant")
	})
}

// MeetingQuery is the read rule: only the two parties see a meeting (visible.MeetingFor).
func MeetingQuery() privacy.QueryRule {
	return privacy.MeetingQueryRuleFunc(func(ctx context.Context, q *ent.MeetingQuery) error {
		if p := visible.MeetingFor(ctx); p != nil {
			q.Where(p)
		}
		return privacy.Allow
	})
}

// MeetingMutation is the write rule: a side asks for a meeting as itself; the parties change
// it (internal/fair decides which side may take which step); to anyone else
// a meeting does not exist.
func MeetingMutation() privacy.MutationRule {
	return privacy.MeetingMutationRuleFunc(func(ctx context.Context, m *ent.MeetingMutation) error {
		v := viewer.FromContext(ctx)
		if m.Op().Is(ent.OpCreate) {
			by, _ := m.RequestedBy()
			b, _ := m.BuyerID()
			p, _ := m.ProducerID()
			if by == domain.PartyBuyer && v.OfBuyer(b) || by == domain.PartyProducer && v.OfProducer(p) {
				return privacy.Allow
			}
			return apperr.Forbidden("a meeting is requested by a member of the requesting side")
		}
		if id, ok := m.ID(); ok && m.Op().Is(ent.OpUpdateOne) {
			if ok, err := m.Client().Meeting.Query().Where(meeting.ID(id), visible.MeetingParty(v)).Exist(ctx); err == nil && ok {
				return privacy.Allow
			}
			return apperr.NotFound("no such meeting")
		}
		return apperr.Forbidden("meetings change one at a time")
	})
}

// OutcomeQuery is the read rule: each side sees the outcome it recorded (visible.OutcomeFor).
func OutcomeQuery() privacy.QueryRule {
	return privacy.OutcomeQueryRuleFunc(func(ctx context.Context, q *ent.OutcomeQuery) error {
		if p := visible.OutcomeFor(ctx); p != nil {
			q.Where(p)
		}
		return privacy.Allow
	})
}

// OutcomeMutation is the write rule: a side records its own outcome of a meeting it took part
// in.
func OutcomeMutation() privacy.MutationRule {
	return privacy.OutcomeMutationRuleFunc(func(ctx context.Context, m *ent.OutcomeMutation) error {
		v := viewer.FromContext(ctx)
		if !m.Op().Is(ent.OpCreate) && !m.Op().Is(ent.OpUpdateOne) {
			return apperr.Forbidden("outcomes change one at a time")
		}
		if m.Op().Is(ent.OpUpdateOne) {
			id, _ := m.ID()
			// The query is filtered by OutcomeQuery: the viewer's own outcomes.
			if ok, err := m.Client().Outcome.Query().Where(outcome.ID(id)).Exist(ctx); err == nil && ok {
				return privacy.Allow
			}
			return apperr.NotFound("no such outcome")
		}
		party, _ := m.Party()
		b, _ := m.BuyerID()
		p, _ := m.ProducerID()
		if party == domain.PartyBuyer && v.OfBuyer(b) || party == domain.PartyProducer && v.OfProducer(p) {
			return privacy.Allow
		}
		return apperr.Forbidden("each side records its own outcome")
	})
}

// FairSide is the side the viewer acts for in a meeting, if any.
func FairSide(v *viewer.Viewer, m *ent.Meeting) (domain.Party, bool) {
	switch {
	case v.OfBuyer(m.BuyerID):
		return domain.PartyBuyer, true
	case v.OfProducer(m.ProducerID):
		return domain.PartyProducer, true
	}
	return "", false
}

// CanRunEvents decides whether the viewer may run fairs (schedule, report,
// export): the trade office only.
func CanRunEvents(ctx context.Context) error {
	v := viewer.FromContext(ctx)
	switch {
	case v == nil:
		return apperr.Unauthenticated("sign in as the trade office to run fairs")
	case v.Admin():
		return nil
	}
	return apperr.Forbidden("only the trade office runs fairs")
}
