package demo

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent/booth"
	"github.com/exportiva/exportiva/ent/buyer"
	"github.com/exportiva/exportiva/ent/event"
	"github.com/exportiva/exportiva/ent/meeting"
	"github.com/exportiva/exportiva/ent/participant"
	"github.com/exportiva/exportiva/ent/producer"
	"github.com/exportiva/exportiva/internal/authz"
	d "github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/fair"
	"github.com/exportiva/exportiva/internal/fairmatch"
	"github.com/exportiva/exportiva/internal/testdb"
	"github.com/exportiva/exportiva/internal/viewer"
)

// TestDemoFair: the demo's Lamongan Exportiva 2024 answers eventReport with
// the anchors' numbers: acceptance 40-60 %, meetings kept >= 80 %, at least
// two meetings per attendee; 120 booths, 30 buyers, and the meeting of Siam
// Ocean Foods with Samudra Tengiri Brondong that led to the June shipment.
func TestDemoFair(t *testing.T) {
	db := testdb.Open(t).Client
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	s, err := Load(context.Background(), db, now)
	require.NoError(t, err)
	require.Equal(t, 120, s.Booths)
	sys := authz.System(context.Background())
	ev := db.Event.Query().Where(event.Name(FairName)).OnlyX(sys)
	require.Equal(t, d.EventClosed, ev.Status)
	require.Equal(t, 120, db.Booth.Query().Where(booth.EventID(ev.ID)).CountX(sys))

	admin := viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: 1, Role: d.RoleAdmin})
	r, err := fair.BuildReport(admin, db, ev.ID, now)
	require.NoError(t, err)
	require.Equal(t, 30, r.Buyers)
	require.GreaterOrEqual(t, r.AcceptanceRate, 0.40)
	require.LessOrEqual(t, r.AcceptanceRate, 0.60)
	require.GreaterOrEqual(t, r.KeptRate, 0.80)
	require.GreaterOrEqual(t, r.MeetingsPerAttendee, 2.0)
	require.Equal(t, r.Accepted, r.Booked, "the scheduler placed every accepted meeting")
	require.NotEmpty(t, r.Deals)
	require.Equal(t, 1, r.FollowUps[0].Inquiries)

	siam := db.Buyer.Query().Where(buyer.CompanyHasPrefix("Siam Ocean Foods")).OnlyX(sys)
	samudra := db.Producer.Query().Where(producer.Name("Samudra Tengiri Brondong")).OnlyX(sys)
	m := db.Meeting.Query().Where(meeting.BuyerID(siam.ID), meeting.ProducerID(samudra.ID)).OnlyX(sys)
	require.Equal(t, time.Date(2024, 6, 5, 3, 0, 0, 0, time.UTC), m.SlotStart.UTC(), "5 June, 10:00 in Lamongan")
	require.NotNil(t, m.BoothID)
	require.NotNil(t, m.InquiryID)
	require.Contains(t, m.Message, "tengiri")

	// Suggestions: ranked, explained, never someone already asked or met.
	asked := map[int]bool{}
	for _, mm := range db.Meeting.Query().Where(meeting.BuyerID(siam.ID)).AllX(sys) {
		asked[mm.ProducerParticipantID] = true
	}
	asSiam := viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: 2, Role: d.RoleBuyer, BuyerID: &siam.ID})
	sug, err := fairmatch.Suggest(asSiam, db, ev, 5, now)
	require.NoError(t, err)
	require.NotEmpty(t, sug)
	for i, s := range sug {
		require.False(t, asked[s.Participant.ID], "suggested someone already asked")
		require.NotEqual(t, samudra.ID, *s.Participant.ProducerID)
		require.NotEmpty(t, s.Match.Criteria, "explained")
		require.Equal(t, s.Match.Producer.ID, *s.Participant.ProducerID)
		if i > 0 {
			require.LessOrEqual(t, s.Score, sug[i-1].Score)
		}
	}
	asSamudra := viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: 3, Role: d.RoleProducer, ProducerID: &samudra.ID})
	sug, err = fairmatch.Suggest(asSamudra, db, ev, 5, now)
	require.NoError(t, err)
	for _, s := range sug {
		require.NotEqual(t, siam.ID, *s.Participant.BuyerID, "met already")
	}
	// Every exhibitor's suggestions are explained too (leads are judged
	// quietly and explained for what is shown).
	explained := 0
	for _, p := range db.Participant.Query().Where(participant.EventID(ev.ID), participant.ProducerIDNotNil()).AllX(sys) {
		as := viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: 3, Role: d.RoleProducer, ProducerID: p.ProducerID})
		sug, err := fairmatch.Suggest(as, db, ev, 5, now)
		require.NoError(t, err)
		for _, s := range sug {
			require.NotEmpty(t, s.Match.Criteria, "explained")
			explained++
		}
	}
	require.Positive(t, explained, "some exhibitor has suggestions")
	_, err = fairmatch.Suggest(asSamudra, db, ev, 21, now)
	require.Error(t, err)
}
