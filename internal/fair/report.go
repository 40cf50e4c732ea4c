package fair

import (
	"context"
	"math/big"
	"sort"
	"time"

	"entgo.io/ent/dialect/sql"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/inquiry"
	"github.com/exportiva/exportiva/ent/meeting"
	"github.com/exportiva/exportiva/ent/outcome"
	"github.com/exportiva/exportiva/ent/participant"
	"github.com/exportiva/exportiva/ent/predicate"
	"github.com/exportiva/exportiva/ent/quote"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/money"
)

// OutcomeCount is the number of outcomes of one type.
type OutcomeCount struct {
	Type  domain.OutcomeType
	Count int
}

// DealGroup sums the deals of one destination, HS chapter and currency.
type DealGroup struct {
	DestinationCountry string
	HsChapter          string
	Currency           string
	Deals              int
	VolumeKg           float64
	// Value is the exact sum of the declared values (any size).
	Value money.Total
}

// Target is one of the anchors of a good B2B fair, with the event's figure.
type Target struct {
	Kind     string
	Min      float64
	Max      *float64
	Actual   float64
	Met      bool
	Measured bool
}

// The anchors (issue 14): 40–60 % of requests accepted, at least 80 % of
// the meetings kept, at least 2 meetings per attendee.
const (
	TargetAcceptance          = "ACCEPTANCE_RATE"
	TargetKept                = "KEPT_RATE"
	TargetMeetingsPerAttendee = "MEETINGS_PER_ATTENDEE"
)

// targets judges the report against the anchors. A rate with nothing to
// divide (no requests, no meeting over) is not met.
func (r *Report) targets() []Target {
	upper := 0.6
	t := func(kind string, lo float64, hi *float64, actual float64, measured bool) Target {
		met := measured && actual >= lo && (hi == nil || actual <= *hi)
		return Target{Kind: kind, Min: lo, Max: hi, Actual: actual, Met: met, Measured: measured}
	}
	return []Target{
		t(TargetAcceptance, 0.4, &upper, r.AcceptanceRate, r.Requests > 0),
		t(TargetKept, 0.8, nil, r.KeptRate, r.Held+r.NoShows > 0),
		t(TargetMeetingsPerAttendee, 2, nil, r.MeetingsPerAttendee, r.Attendees > 0),
	}
}

// FollowUps counts what followed the meetings within Days after the fair.
type FollowUps struct {
	Days, Inquiries, Quotes, AcceptedQuotes int
}

// Report is the organiser's report of an event.
type Report struct {
	Event                                           *ent.Event
	Registrations, Validated, Buyers, Producers     int
	Requests, Accepted, Declined, Cancelled, Booked int
	Held, NoShows, Attendees                        int
	AcceptanceRate, KeptRate, MeetingsPerAttendee   float64
	Outcomes                                        []OutcomeCount
	Deals                                           []DealGroup
	FollowUps                                       []FollowUps
	// Targets are the anchors with the event's figures.
	Targets []Target
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// MaxDealGroups is the most (destination, chapter, currency) groups of deals
// a report lists.
const MaxDealGroups = 500

// BuildReport computes the report of an event in SQL (GROUP BY and COUNT,
// about a dozen statements whatever the event's size), for the trade office.
// A meeting is held when it is booked, its slot is over at now, and no side
// was marked absent; a deal counts once per meeting (the producer's
// declaration, else the buyer's).
func BuildReport(ctx context.Context, db *ent.Client, eventID int, now time.Time) (*Report, error) {
	if err := authz.CanRunEvents(ctx); err != nil {
		return nil, err
	}
	ev, err := loadEvent(ctx, db, eventID, []string{"eventId"})
	if err != nil {
		return nil, err
	}
	r := &Report{Event: ev}
	var parts []struct {
		Side      domain.Party `json:"side"`
		Validated bool         `json:"validated"`
		Count     int          `json:"count"`
	}
	if err := db.Participant.Query().Where(participant.EventID(ev.ID)).
		GroupBy(participant.FieldSide, participant.FieldValidated).Aggregate(ent.Count()).Scan(ctx, &parts); err != nil {
		return nil, err
	}
	for _, p := range parts {
		r.Registrations += p.Count
		if p.Validated {
			r.Validated += p.Count
		}
		if p.Side == domain.PartyBuyer {
			r.Buyers += p.Count
		} else {
			r.Producers += p.Count
		}
	}
	var statuses []struct {
		Status domain.MeetingStatus `json:"status"`
		Count  int                  `json:"count"`
	}
	if err := db.Meeting.Query().Where(meeting.EventID(ev.ID)).
		GroupBy(meeting.FieldStatus).Aggregate(ent.Count()).Scan(ctx, &statuses); err != nil {
		return nil, err
	}
	for _, s := range statuses {
		r.Requests += s.Count
		switch s.Status {
		case domain.MeetingAccepted:
			r.Accepted = s.Count
		case domain.MeetingDeclined:
			r.Declined = s.Count
		case domain.MeetingCancelled:
			r.Cancelled = s.Count
		}
	}
	booked := []predicate.Meeting{meeting.EventID(ev.ID), meeting.StatusEQ(domain.MeetingAccepted), meeting.SlotStartNotNil()}
	over := meeting.SlotStartLTE(now.Add(-time.Duration(ev.MeetingMinutes) * time.Minute))
	if r.Booked, err = db.Meeting.Query().Where(booked...).Count(ctx); err != nil {
		return nil, err
	}
	heldP := append(append([]predicate.Meeting{}, booked...), over, meeting.NoShowIsNil())
	if r.Held, err = db.Meeting.Query().Where(heldP...).Count(ctx); err != nil {
		return nil, err
	}
	if r.NoShows, err = db.Meeting.Query().Where(append(append([]predicate.Meeting{}, booked...), over, meeting.NoShowNotNil())...).Count(ctx); err != nil {
		return nil, err
	}
	buyers, err := db.Meeting.Query().Where(heldP...).Unique(true).Select(meeting.FieldBuyerParticipantID).Ints(ctx)
	if err != nil {
		return nil, err
	}
	producers, err := db.Meeting.Query().Where(heldP...).Unique(true).Select(meeting.FieldProducerParticipantID).Ints(ctx)
	if err != nil {
		return nil, err
	}
	r.Attendees = len(buyers) + len(producers)
	r.AcceptanceRate = ratio(r.Accepted, r.Requests)
	r.KeptRate = ratio(r.Held, r.Held+r.NoShows)
	r.MeetingsPerAttendee = ratio(2*r.Held, r.Attendees)

	ofEvent := outcome.HasMeetingWith(meeting.EventID(ev.ID))
	var types []struct {
		Type  domain.OutcomeType `json:"type"`
		Count int                `json:"count"`
	}
	if err := db.Outcome.Query().Where(ofEvent).GroupBy(outcome.FieldType).Aggregate(ent.Count()).Scan(ctx, &types); err != nil {
		return nil, err
	}
	for _, t := range types {
		r.Outcomes = append(r.Outcomes, OutcomeCount{Type: t.Type, Count: t.Count})
	}
	sort.Slice(r.Outcomes, func(i, j int) bool { return r.Outcomes[i].Type < r.Outcomes[j].Type })

	// One deal per meeting: the producer's, else the buyer's.
	deal := outcome.And(ofEvent, outcome.TypeEQ(domain.OutcomeDeal), outcome.Or(
		outcome.PartyEQ(domain.PartyProducer),
		outcome.Not(outcome.HasMeetingWith(meeting.HasOutcomesWith(outcome.PartyEQ(domain.PartyProducer), outcome.TypeEQ(domain.OutcomeDeal)))),
	))
	var deals []struct {
		Country  string  `json:"destination_country"`
		Chapter  string  `json:"hs_chapter"`
		Currency string  `json:"currency"`
		Count    int     `json:"count"`
		Volume   float64 `json:"sum"`
		// The exact sum in two parts that cannot overflow (as internal/stats
		// sums export values): value / 10^8 and value % 10^8.
		High int64 `json:"value_high"`
		Low  int64 `json:"value_low"`
	}
	if err := db.Outcome.Query().Where(deal).Limit(MaxDealGroups).
		GroupBy(outcome.FieldDestinationCountry, outcome.FieldHsChapter, outcome.FieldCurrency).
		Aggregate(ent.Count(), ent.Sum(outcome.FieldVolumeKg), func(s *sql.Selector) string {
			// CAST: PostgreSQL's SUM of a bigint is a numeric.
			return sql.As("CAST(SUM("+s.C(outcome.FieldValue)+" / "+splitS+") AS BIGINT)", "value_high")
		}, func(s *sql.Selector) string {
			return sql.As("CAST(SUM("+s.C(outcome.FieldValue)+" % "+splitS+") AS BIGINT)", "value_low")
		}).Scan(ctx, &deals); err != nil {
		return nil, err
	}
	for _, d := range deals {
		r.Deals = append(r.Deals, DealGroup{DestinationCountry: d.Country, HsChapter: d.Chapter, Currency: d.Currency,
			Deals: d.Count, VolumeKg: d.Volume, Value: joinParts(d.High, d.Low)})
	}
	sort.Slice(r.Deals, func(i, j int) bool {
		a, b := r.Deals[i], r.Deals[j]
		if a.DestinationCountry != b.DestinationCountry {
			return a.DestinationCountry < b.DestinationCountry
		}
		if a.HsChapter != b.HsChapter {
			return a.HsChapter < b.HsChapter
		}
		return a.Currency < b.Currency
	})

	g, err := GridOf(ev)
	if err != nil {
		return nil, err
	}
	end := g.Days[len(g.Days)-1].AddDate(0, 0, 1)
	sys := authz.System(ctx)
	for _, days := range []int{30, 90} {
		cut := end.AddDate(0, 0, days)
		f := FollowUps{Days: days}
		withInquiry := meeting.And(meeting.EventID(ev.ID), meeting.InquiryIDNotNil())
		if f.Inquiries, err = db.Meeting.Query().Where(withInquiry, meeting.HasInquiryWith(inquiry.CreatedAtLT(cut))).Count(sys); err != nil {
			return nil, err
		}
		if f.Quotes, err = db.Quote.Query().Where(followUp(ev.ID), quote.CreatedAtLT(cut)).Count(sys); err != nil {
			return nil, err
		}
		if f.AcceptedQuotes, err = db.Quote.Query().Where(followUp(ev.ID), quote.StatusEQ(domain.QuoteAccepted), quote.DecidedAtLT(cut)).Count(sys); err != nil {
			return nil, err
		}
		r.FollowUps = append(r.FollowUps, f)
	}
	r.Targets = r.targets()
	return r, nil
}

// split divides a stored value (ten-thousandths) into the two parts summed
// in SQL.
const (
	split  = 100_000_000
	splitS = "100000000"
)

// joinParts is the exact total of high·10^8 + low ten-thousandths.
func joinParts(high, low int64) money.Total {
	sum := new(big.Int).Mul(big.NewInt(high), big.NewInt(split))
	sum.Add(sum, big.NewInt(low))
	return money.TotalFromRat(new(big.Rat).SetFrac(sum, big.NewInt(money.Scale)))
}

// followUp selects the quotes on the follow-up inquiries of the event's
// meetings.
func followUp(eventID int) func(*sql.Selector) {
	return func(s *sql.Selector) {
		t := sql.Table(meeting.Table)
		s.Where(sql.In(s.C(quote.FieldInquiryID), sql.Select(t.C(meeting.FieldInquiryID)).From(t).
			Where(sql.And(sql.EQ(t.C(meeting.FieldEventID), eventID), sql.NotNull(t.C(meeting.FieldInquiryID))))))
	}
}
