package fair

import (
	"context"
	"fmt"
	"strconv"
	"time"

	ical "github.com/arran4/golang-ical"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/meeting"
	"github.com/exportiva/exportiva/ent/participant"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/viewer"
)

// MaxAgenda is the most meetings one agenda lists (a participant cannot
// hold more than the event has slots).
const MaxAgenda = 500

// OwnOrOffice reports whether the viewer acts for the participant's firm or
// is the trade office: who may learn its agenda feed and badge code.
func OwnOrOffice(ctx context.Context, p *ent.Participant) bool {
	v := viewer.FromContext(ctx)
	return v.Admin() || p.ProducerID != nil && v.OfProducer(*p.ProducerID) || p.BuyerID != nil && v.OfBuyer(*p.BuyerID)
}

// AgendaPath is where a participant's iCalendar feed is served.
func AgendaPath(p *ent.Participant) string {
	return "/events/" + strconv.Itoa(p.EventID) + "/agenda/" + p.AgendaToken + ".ics"
}

// Agenda writes the iCalendar feed (RFC 5545) of the participant holding
// token at the event: its booked meetings, and the cancelled ones as
// CANCELLED so calendar clients drop them. Times are written in UTC (an
// instant is right in every time zone); X-WR-TIMEZONE names the event's.
// A reschedule changes the event's DTSTART under the same UID, so a client
// that refreshes the feed moves it. The token is the credential: an unknown
// token or another event is NOT_FOUND.
func Agenda(ctx context.Context, db *ent.Client, eventID int, token string, now time.Time) ([]byte, error) {
	sys := authz.System(ctx)
	p, err := db.Participant.Query().Where(participant.AgendaToken(token), participant.EventID(eventID)).Only(sys)
	if err != nil {
		return nil, apperr.NotFound("no such agenda")
	}
	ev, err := db.Event.Get(sys, eventID)
	if err != nil {
		return nil, err
	}
	mine := meeting.BuyerParticipantID(p.ID)
	if p.Side == domain.PartyProducer {
		mine = meeting.ProducerParticipantID(p.ID)
	}
	ms, err := db.Meeting.Query().Where(mine, meeting.SlotStartNotNil(),
		meeting.StatusIn(domain.MeetingAccepted, domain.MeetingCancelled)).
		WithBooth().WithBuyer().WithProducer().Order(ent.Asc(meeting.FieldSlotStart), ent.Asc(meeting.FieldID)).
		Limit(MaxAgenda).All(sys)
	if err != nil {
		return nil, err
	}
	cal := ical.NewCalendar()
	cal.SetMethod(ical.MethodPublish)
	cal.SetProductId("-//Exportiva//Fair agenda//EN")
	cal.SetName(ev.Name)
	cal.SetXWRCalName(ev.Name)
	cal.SetXWRTimezone(ev.TimeZone)
	cal.SetRefreshInterval("PT15M")
	length := time.Duration(ev.MeetingMinutes) * time.Minute
	for _, m := range ms {
		e := cal.AddEvent(fmt.Sprintf("meeting-%d@exportiva", m.ID))
		e.SetDtStampTime(now)
		e.SetStartAt(*m.SlotStart)
		e.SetEndAt(m.SlotStart.Add(length))
		other := ""
		if p.Side == domain.PartyProducer && m.Edges.Buyer != nil {
			other = m.Edges.Buyer.Company
		} else if m.Edges.Producer != nil {
			other = m.Edges.Producer.Name
		}
		e.SetSummary("Meeting with " + other)
		where := ev.Venue
		switch {
		case m.Edges.Booth != nil:
			where = "Booth " + m.Edges.Booth.Number + ", " + ev.Venue
		case m.TableNumber != nil:
			where = "Table " + strconv.Itoa(*m.TableNumber) + ", " + ev.Venue
		}
		e.SetLocation(where)
		if m.Message != "" {
			e.SetDescription(m.Message)
		}
		if m.Status == domain.MeetingCancelled {
			e.SetStatus(ical.ObjectStatusCancelled)
		} else {
			e.SetStatus(ical.ObjectStatusConfirmed)
		}
	}
	return []byte(cal.Serialize()), nil
}
