package graph

import (
	"context"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/graph/model"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/events"
	"github.com/exportiva/exportiva/internal/fair"
	"github.com/exportiva/exportiva/internal/viewer"
)

// meetingPayload wraps what a fair step returns and announces the meeting
// after the commit.
func (r *Resolver) meetingPayload(ctx context.Context, topic string) func(*ent.Meeting, error) (*model.MeetingPayload, error) {
	return func(m *ent.Meeting, err error) (*model.MeetingPayload, error) {
		if err != nil {
			return nil, err
		}
		r.publish(ctx, events.Event{Topic: topic, ID: m.ID})
		return &model.MeetingPayload{Meeting: m}, nil
	}
}

// meetingStream sends the meetings of the viewer's firm as they change
// (privacy: the two parties only).
func (r *Resolver) meetingStream(ctx context.Context) (<-chan *ent.Meeting, error) {
	if viewer.FromContext(ctx) == nil {
		return nil, apperr.Unauthenticated("sign in to follow your meetings")
	}
	return stream(ctx, r.bus, r.log, events.MeetingUpdated, func(ctx context.Context, e events.Event) (*ent.Meeting, error) {
		m, err := r.client.Meeting.Get(ctx, e.ID)
		if ent.IsNotFound(err) {
			return nil, nil
		}
		return m, err
	})
}

func reportOut(r *fair.Report) *model.EventReport {
	out := &model.EventReport{Event: r.Event, Registrations: r.Registrations, Validated: r.Validated, Buyers: r.Buyers,
		Producers: r.Producers, Requests: r.Requests, Accepted: r.Accepted, Declined: r.Declined, Cancelled: r.Cancelled,
		AcceptanceRate: r.AcceptanceRate, Booked: r.Booked, Held: r.Held, NoShows: r.NoShows, KeptRate: r.KeptRate,
		Attendees: r.Attendees, MeetingsPerAttendee: r.MeetingsPerAttendee,
		Outcomes: []*model.OutcomeCount{}, Deals: []*fair.DealGroup{}, FollowUps: []*model.FairFollowUps{}, Targets: []*model.FairTarget{}}
	for _, o := range r.Outcomes {
		out.Outcomes = append(out.Outcomes, &model.OutcomeCount{Type: o.Type, Count: o.Count})
	}
	for i := range r.Deals {
		out.Deals = append(out.Deals, &r.Deals[i])
	}
	for _, t := range r.Targets {
		out.Targets = append(out.Targets, &model.FairTarget{Kind: model.FairTargetKind(t.Kind), Min: t.Min, Max: t.Max,
			Actual: t.Actual, Met: t.Met, Measured: t.Measured})
	}
	for _, f := range r.FollowUps {
		out.FollowUps = append(out.FollowUps, &model.FairFollowUps{Days: f.Days, Inquiries: f.Inquiries, Quotes: f.Quotes, AcceptedQuotes: f.AcceptedQuotes})
	}
	return out
}

func scheduleOut(r *fair.ScheduleResult) *model.ScheduleResult {
	out := &model.ScheduleResult{Placed: r.Placed, UnplacedCount: r.UnplacedCount, Gaps: r.Gaps, Unplaced: []*model.UnplacedMeeting{}}
	for _, u := range r.Unplaced {
		out.Unplaced = append(out.Unplaced, &model.UnplacedMeeting{Meeting: u.Meeting, Reason: u.Reason})
	}
	return out
}
