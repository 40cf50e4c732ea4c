package notify

import (
	"context"
	"fmt"
	"time"

	"entgo.io/ent"

	gen "github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/hook"
	"github.com/exportiva/exportiva/ent/meeting"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/i18n"
	"github.com/exportiva/exportiva/internal/viewer"
)

// meetingHook notifies the parties of a fair meeting when it is requested,
// answered, placed, moved or cancelled: the other party when one of them
// acts, both when the trade office does (an admin answering for a side, the
// scheduler placing it). System writes (the demo seed) notify no one, nor
// does a change that is none of these (a no-show mark, a follow-up link).
func (n *Notifier) meetingHook(next ent.Mutator) ent.Mutator {
	return hook.MeetingFunc(func(ctx context.Context, m *gen.MeetingMutation) (ent.Value, error) {
		if !acting(ctx) {
			return next.Mutate(ctx, m)
		}
		var oldStatus domain.MeetingStatus
		var oldSlot *time.Time
		status, statusSet := m.Status()
		_, slotSet := m.SlotStart()
		if m.Op().Is(ent.OpUpdateOne) {
			if !statusSet && !slotSet {
				return next.Mutate(ctx, m)
			}
			var err error
			if oldStatus, err = m.OldStatus(authz.System(ctx)); err != nil {
				return nil, err
			}
			if oldSlot, err = m.OldSlotStart(authz.System(ctx)); err != nil {
				return nil, err
			}
		}
		v, err := next.Mutate(ctx, m)
		if err != nil {
			return v, err
		}
		mt, ok := v.(*gen.Meeting)
		if !ok {
			return v, fmt.Errorf("meeting hook: unexpected value %T", v)
		}
		var kind domain.NotificationKind
		switch {
		case m.Op().Is(ent.OpCreate):
			kind = domain.NotifyMeetingRequested
		case statusSet && status != oldStatus:
			switch status {
			case domain.MeetingProposed:
				kind = domain.NotifyMeetingProposed
			case domain.MeetingAccepted:
				kind = domain.NotifyMeetingAccepted
			case domain.MeetingDeclined:
				kind = domain.NotifyMeetingDeclined
			case domain.MeetingCancelled:
				kind = domain.NotifyMeetingCancelled
			default:
				return v, nil
			}
		case slotSet && mt.Status == domain.MeetingAccepted && oldSlot == nil:
			kind = domain.NotifyMeetingScheduled
		case slotSet && mt.Status == domain.MeetingAccepted && !oldSlot.Equal(*mt.SlotStart):
			kind = domain.NotifyMeetingRescheduled
		default:
			return v, nil
		}
		return v, n.SendMeeting(ctx, m.Client(), kind, mt.ID)
	})
}

// SendMeeting writes the notification of kind about meeting id: to the
// other party's firm accounts when the viewer acts for one party, to both
// parties' otherwise (the trade office, its scheduler).
func (n *Notifier) SendMeeting(ctx context.Context, db *gen.Client, kind domain.NotificationKind, id int) error {
	mt, err := db.Meeting.Query().Where(meeting.ID(id)).WithEvent().WithBuyer().WithProducer().Only(authz.System(ctx))
	if err != nil {
		return err
	}
	side, party := authz.FairSide(viewer.FromContext(ctx), mt)
	var producers []int
	var buyer *int
	if !party || side == domain.PartyBuyer {
		producers = []int{mt.ProducerID}
	}
	if !party || side == domain.PartyProducer {
		buyer = &mt.BuyerID
	}
	recipients, err := MembersOf(ctx, db, producers, buyer)
	if err != nil || len(recipients) == 0 {
		return err
	}
	_, err = n.Send(ctx, db, recipients, MeetingEvent(kind, mt, side, party))
	return err
}

// MeetingEvent is the notification of a meeting change: the subject names
// the event, the slot in the event's time zone (the one booked, or the one
// proposed or asked for) and, for a decline or a cancellation, the reason,
// in the recipient's language. The actor is the firm that acted, or the
// trade office. mt is loaded with its event, buyer and producer.
func MeetingEvent(kind domain.NotificationKind, mt *gen.Meeting, side domain.Party, party bool) Event {
	evName, tz := "", "Asia/Jakarta"
	if ev := mt.Edges.Event; ev != nil {
		evName, tz = ev.Name, ev.TimeZone
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		loc = time.UTC
	}
	at := mt.SlotStart
	if kind == domain.NotifyMeetingProposed || kind == domain.NotifyMeetingRequested || at == nil {
		if mt.ProposedStart != nil {
			at = mt.ProposedStart
		}
	}
	reason := ""
	if kind == domain.NotifyMeetingDeclined || kind == domain.NotifyMeetingCancelled {
		reason = mt.DeclineReason
	}
	localized := func(l i18n.Lang) string {
		s := evName
		if at != nil {
			t := at.In(loc)
			s += " — " + fmt.Sprintf(i18n.T(l, "%s at %s (%s)"), i18n.Date(l, t), t.Format("15:04"), tz)
		}
		if reason != "" {
			s += " — " + i18n.T(l, "reason: %s", reason)
		}
		return s
	}
	actor := "the trade office"
	if party {
		if side == domain.PartyBuyer && mt.Edges.Buyer != nil {
			actor = mt.Edges.Buyer.Company
		}
		if side == domain.PartyProducer && mt.Edges.Producer != nil {
			actor = mt.Edges.Producer.Name
		}
	}
	return Event{Kind: kind, Subject: localized(i18n.English), Localized: localized, Actor: actor, MeetingID: &mt.ID}
}
