package fair_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/availabilityblock"
	"github.com/exportiva/exportiva/ent/booth"
	"github.com/exportiva/exportiva/ent/meeting"
	"github.com/exportiva/exportiva/ent/participant"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/fair"
	"github.com/exportiva/exportiva/internal/testdb"
	"github.com/exportiva/exportiva/internal/viewer"
)

var admin = viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: 1, Role: domain.RoleAdmin})

// bigFair seeds an event of buyers+producers participants (every producer
// with a booth except one in five, which meet at tables) and requests
// accepted meetings between random distinct pairs, without slots; one buyer
// in twenty blocks a morning.
func bigFair(t testing.TB, db *ent.Client, buyers, producers, requests, tables int) *ent.Event {
	t.Helper()
	sys := authz.System(context.Background())
	ev := db.Event.Create().SetName("Benchmark fair").SetVenue("Lamongan Sport Center").
		SetFirstDay("2024-06-05").SetLastDay("2024-06-09").SetSessions([]string{"09:00-12:00", "13:30-16:00"}).
		SetTables(tables).SetStatus(domain.EventRunning).SaveX(sys)
	pc := make([]*ent.ProducerCreate, producers)
	for i := range pc {
		pc[i] = db.Producer.Create().SetName(fmt.Sprintf("P%d", i)).SetDistrict("BRONDONG").SetSector(domain.SectorFishery).SetSizeClass(domain.SizeSmall)
	}
	var prods []*ent.Producer
	for i := 0; i < len(pc); i += 500 {
		prods = append(prods, db.Producer.CreateBulk(pc[i:min(i+500, len(pc))]...).SaveX(sys)...)
	}
	bc := make([]*ent.BuyerCreate, buyers)
	for i := range bc {
		bc[i] = db.Buyer.Create().SetCompany(fmt.Sprintf("B%d", i)).SetCountry("TH").SetType("IMPORTER")
	}
	var bs []*ent.Buyer
	for i := 0; i < len(bc); i += 500 {
		bs = append(bs, db.Buyer.CreateBulk(bc[i:min(i+500, len(bc))]...).SaveX(sys)...)
	}
	var parts []*ent.ParticipantCreate
	var boothsC []*ent.BoothCreate
	for i, p := range prods {
		parts = append(parts, db.Participant.Create().SetEventID(ev.ID).SetSide(domain.PartyProducer).SetProducerID(p.ID).
			SetAccountID(1).SetValidated(true).SetBadgeCode(fmt.Sprintf("bp%d-%d", ev.ID, i)).SetAgendaToken(fmt.Sprintf("ap%d-%d", ev.ID, i)))
		if i%5 != 4 {
			boothsC = append(boothsC, db.Booth.Create().SetEventID(ev.ID).SetNumber(fmt.Sprintf("A-%d", i)).
				SetCategory(domain.BoothExporter).SetProducerID(p.ID))
		}
	}
	for i, b := range bs {
		parts = append(parts, db.Participant.Create().SetEventID(ev.ID).SetSide(domain.PartyBuyer).SetBuyerID(b.ID).
			SetAccountID(1).SetValidated(true).SetBadgeCode(fmt.Sprintf("bb%d-%d", ev.ID, i)).SetAgendaToken(fmt.Sprintf("ab%d-%d", ev.ID, i)))
	}
	var ps []*ent.Participant
	for i := 0; i < len(parts); i += 500 {
		ps = append(ps, db.Participant.CreateBulk(parts[i:min(i+500, len(parts))]...).SaveX(sys)...)
	}
	for i := 0; i < len(boothsC); i += 500 {
		db.Booth.CreateBulk(boothsC[i:min(i+500, len(boothsC))]...).ExecX(sys)
	}
	pp, bp := ps[:producers], ps[producers:]
	var blocks []*ent.AvailabilityBlockCreate
	for i, b := range bp {
		if i%20 == 0 {
			blocks = append(blocks, db.AvailabilityBlock.Create().SetParticipantID(b.ID).SetStartsAt(at(5+i%5, 9, 0)).SetEndsAt(at(5+i%5, 12, 0)))
		}
	}
	if len(blocks) > 0 {
		db.AvailabilityBlock.CreateBulk(blocks...).ExecX(sys)
	}
	rng := rand.New(rand.NewPCG(14, 2024)) //nolint:gosec // deterministic test data, not a secret
	seen := map[[2]int]bool{}
	var ms []*ent.MeetingCreate
	for len(ms) < requests {
		b, p := bp[rng.IntN(len(bp))], pp[rng.IntN(len(pp))]
		if seen[[2]int{b.ID, p.ID}] {
			continue
		}
		seen[[2]int{b.ID, p.ID}] = true
		ms = append(ms, db.Meeting.Create().SetEventID(ev.ID).SetBuyerParticipantID(b.ID).SetProducerParticipantID(p.ID).
			SetBuyerID(*b.BuyerID).SetProducerID(*p.ProducerID).SetRequestedBy(domain.PartyBuyer).
			SetStatus(domain.MeetingAccepted).SetScore(rng.IntN(101)))
	}
	for i := 0; i < len(ms); i += 500 {
		db.Meeting.CreateBulk(ms[i:min(i+500, len(ms))]...).ExecX(sys)
	}
	return ev
}

// validate checks the booked meetings of an event from the database, with
// rules of its own (not the scheduler's code): every slot is a start of the
// sessions' 30-minute grid on a day of the fair; no person, booth or table
// holds two meetings at one slot; a booth is the producer's own, a table is
// one of the event's; nobody meets in a blocked time; both sides validated.
// It returns the number of booked meetings.
func validate(t testing.TB, db *ent.Client, ev *ent.Event) int {
	sys := authz.System(context.Background())
	loc, _ := time.LoadLocation(ev.TimeZone)
	starts := map[int64]bool{}
	for d := 5; d <= 9; d++ {
		for _, w := range [][2]int{{9 * 60, 12 * 60}, {13*60 + 30, 16 * 60}} {
			for m := w[0]; m+ev.MeetingMinutes <= w[1]; m += ev.MeetingMinutes + ev.BufferMinutes {
				starts[time.Date(2024, 6, d, m/60, m%60, 0, 0, loc).Unix()] = true
			}
		}
	}
	booked := db.Meeting.Query().Where(meeting.EventID(ev.ID), meeting.StatusEQ(domain.MeetingAccepted), meeting.SlotStartNotNil()).AllX(sys)
	boothOwner := map[int]int{}
	for _, b := range db.Booth.Query().Where(booth.EventID(ev.ID)).AllX(sys) {
		if b.ProducerID != nil {
			boothOwner[b.ID] = *b.ProducerID
		}
	}
	valid := map[int]bool{}
	for _, p := range db.Participant.Query().Where(participant.EventID(ev.ID)).AllX(sys) {
		valid[p.ID] = p.Validated
	}
	blocks := db.AvailabilityBlock.Query().Where(availabilityblock.HasParticipantWith(participant.EventID(ev.ID))).AllX(sys)
	used := map[string]int{}
	for _, m := range booked {
		s := m.SlotStart.Unix()
		require.True(t, starts[s], "meeting %d at %v: not a slot", m.ID, m.SlotStart)
		require.True(t, valid[m.BuyerParticipantID] && valid[m.ProducerParticipantID], "meeting %d: unvalidated side", m.ID)
		keys := []string{fmt.Sprintf("%d/p%d", s, m.BuyerParticipantID), fmt.Sprintf("%d/p%d", s, m.ProducerParticipantID)}
		switch {
		case m.BoothID != nil:
			require.Equal(t, m.ProducerID, boothOwner[*m.BoothID], "meeting %d at another producer's booth", m.ID)
			keys = append(keys, fmt.Sprintf("%d/b%d", s, *m.BoothID))
		case m.TableNumber != nil:
			require.True(t, *m.TableNumber >= 1 && *m.TableNumber <= ev.Tables, "meeting %d: table %d", m.ID, *m.TableNumber)
			keys = append(keys, fmt.Sprintf("%d/t%d", s, *m.TableNumber))
		default:
			t.Fatalf("meeting %d has a slot but no place", m.ID)
		}
		for _, k := range keys {
			used[k]++
			require.Equal(t, 1, used[k], "%s double booked", k)
		}
		end := m.SlotStart.Add(time.Duration(ev.MeetingMinutes) * time.Minute)
		for _, b := range blocks {
			if b.ParticipantID == m.BuyerParticipantID || b.ParticipantID == m.ProducerParticipantID {
				require.False(t, m.SlotStart.Before(b.EndsAt) && end.After(b.StartsAt), "meeting %d in a blocked time", m.ID)
			}
		}
	}
	return len(booked)
}

func TestSchedule(t *testing.T) {
	db := testdb.Open(t).Client
	ev := bigFair(t, db, 60, 40, 300, 3)
	sys := authz.System(context.Background())
	// One unvalidated pair and one buyer blocked for the whole fair.
	lonely := db.Participant.Query().Where(participant.EventID(ev.ID), participant.SideEQ(domain.PartyBuyer)).FirstX(sys)
	db.AvailabilityBlock.Create().SetParticipantID(lonely.ID).SetStartsAt(at(5, 0, 0)).SetEndsAt(at(5, 23, 0)).ExecX(sys)
	for d := 6; d <= 9; d++ {
		db.AvailabilityBlock.Create().SetParticipantID(lonely.ID).SetStartsAt(at(d, 0, 0)).SetEndsAt(at(d, 23, 0)).ExecX(sys)
	}
	_, err := fair.Schedule(viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: 9, Role: domain.RoleBuyer}), db, ev.ID, now)
	require.Error(t, err, "the trade office alone schedules")

	res, err := fair.Schedule(admin, db, ev.ID, now)
	require.NoError(t, err)
	require.Equal(t, res.Placed, validate(t, db, ev))
	lonelyMeetings := db.Meeting.Query().Where(meeting.BuyerParticipantID(lonely.ID)).CountX(sys)
	require.Equal(t, 300-lonelyMeetings, res.Placed, "every meeting but the blocked buyer's placed")
	require.Equal(t, lonelyMeetings, res.UnplacedCount)
	for _, u := range res.Unplaced {
		require.Equal(t, fair.ReasonNoCommonTime, u.Reason)
	}
	// A second run has nothing left to place and moves nothing.
	res2, err := fair.Schedule(admin, db, ev.ID, now)
	require.NoError(t, err)
	require.Zero(t, res2.Placed)
	require.Equal(t, res.Placed, validate(t, db, ev))
}

// BenchmarkSchedule: 1,000 participants (500 buyers, 500 producers), 5
// days, 3,000 accepted requests; the figure is in docs/BENCHMARKS.md.
//
//	nice go test ./internal/fair -run '^$' -bench Schedule -benchtime 1x
func BenchmarkSchedule(b *testing.B) {
	for range b.N {
		b.StopTimer()
		db := testdb.Open(b).Client
		ev := bigFair(b, db, 500, 500, 3000, 40)
		b.StartTimer()
		tx, err := db.Tx(admin)
		require.NoError(b, err)
		res, err := fair.Schedule(admin, tx.Client(), ev.ID, now)
		require.NoError(b, err)
		require.NoError(b, tx.Commit())
		b.StopTimer()
		require.Equal(b, res.Placed, validate(b, db, ev))
		b.ReportMetric(float64(res.Placed), "placed")
		b.ReportMetric(float64(res.UnplacedCount), "unplaced")
		b.ReportMetric(float64(res.Gaps), "gaps")
		b.StartTimer()
	}
}
