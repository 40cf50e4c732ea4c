package fair

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/availabilityblock"
	"github.com/exportiva/exportiva/ent/booth"
	"github.com/exportiva/exportiva/ent/meeting"
	"github.com/exportiva/exportiva/ent/meetingslot"
	"github.com/exportiva/exportiva/ent/participant"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
)

// Reasons a meeting stays unplaced.
const (
	ReasonNotValidated = "NOT_VALIDATED"
	ReasonNoCommonTime = "NO_COMMON_TIME"
	ReasonNoPlace      = "NO_PLACE"
)

// MaxUnplacedListed is how many unplaced meetings a schedule result lists.
const MaxUnplacedListed = 100

// Unplaced is a meeting the scheduler could not place.
type Unplaced struct {
	Meeting *ent.Meeting
	Reason  string
}

// ScheduleResult says what a scheduling run did.
type ScheduleResult struct {
	Placed int
	// PlacedIDs are the meetings the run booked (for live updates).
	PlacedIDs     []int
	Unplaced      []Unplaced
	UnplacedCount int
	Gaps          int
}

// Schedule places every accepted meeting of the event that has no slot yet
// (trade office only). It is a greedy heuristic with this objective, in
// order: most meetings placed, then fewest gaps per person, then higher match
// score first.
//
//   - Meetings are taken most constrained first (fewest slots both people
//     could use), then by score (higher first), then by id, so that the
//     hard-to-place ones get the slots they can use and ties are stable.
//   - Each is put in the free slot (both people free and not blocked, a place
//     free: the producer's booth, else a free table) that adds the fewest
//     gaps: a slot next to a meeting either person already has in the same
//     session is preferred, then the person's busiest day, then the earliest.
//
// Only future slots are used. Meetings already booked stay where they are;
// everything is written in the caller's transaction through the same
// meeting_slots ledger and unique index as a booking by hand.
func Schedule(ctx context.Context, db *ent.Client, eventID int, now time.Time) (*ScheduleResult, error) {
	if err := authz.CanRunEvents(ctx); err != nil {
		return nil, err
	}
	ev, err := loadEvent(ctx, db, eventID, []string{"eventId"})
	if err != nil {
		return nil, err
	}
	if err := active(ev, []string{"eventId"}); err != nil {
		return nil, err
	}
	g, err := GridOf(ev)
	if err != nil {
		return nil, err
	}
	sys := authz.System(ctx)
	all := g.Slots()
	var slots []time.Time
	for _, s := range all {
		if s.After(now) {
			slots = append(slots, s)
		}
	}
	index := make(map[int64]int, len(slots))
	for i, s := range slots {
		index[s.Unix()] = i
	}
	// Session number and day of each slot, for gaps and day loads.
	session := make([]int, len(slots))
	day := make([]int, len(slots))
	for i, s := range slots {
		l := s.In(g.Loc)
		m := l.Hour()*60 + l.Minute()
		for k, ses := range g.Sessions {
			if m >= ses.Start && m < ses.End {
				session[i] = k
			}
		}
		day[i] = l.YearDay()
		session[i] += day[i] * 16
	}

	todo, err := db.Meeting.Query().Where(meeting.EventID(ev.ID), meeting.StatusEQ(domain.MeetingAccepted), meeting.SlotStartIsNil()).
		Order(ent.Asc(meeting.FieldID)).All(sys)
	if err != nil {
		return nil, err
	}
	parts, err := db.Participant.Query().Where(participant.EventID(ev.ID)).
		Select(participant.FieldID, participant.FieldValidated).All(sys)
	if err != nil {
		return nil, err
	}
	validated := make(map[int]bool, len(parts))
	for _, p := range parts {
		validated[p.ID] = p.Validated
	}
	booths, err := db.Booth.Query().Where(booth.EventID(ev.ID), booth.ProducerIDNotNil()).All(sys)
	if err != nil {
		return nil, err
	}
	boothOf := make(map[int]int, len(booths))
	for _, b := range booths {
		if _, ok := boothOf[*b.ProducerID]; !ok {
			boothOf[*b.ProducerID] = b.ID
		}
	}
	// What is taken: per slot, the resources held.
	busy := make([]map[string]bool, len(slots))
	tablesUsed := make([]int, len(slots))
	for i := range busy {
		busy[i] = map[string]bool{}
	}
	held, err := db.MeetingSlot.Query().Where(meetingslot.EventID(ev.ID)).All(sys)
	if err != nil {
		return nil, err
	}
	person := map[int]map[int]bool{} // participant -> slot indexes
	mark := func(p, i int) {
		if person[p] == nil {
			person[p] = map[int]bool{}
		}
		person[p][i] = true
	}
	for _, h := range held {
		i, ok := index[h.Slot]
		if !ok {
			continue
		}
		busy[i][h.Resource] = true
		if strings.HasPrefix(h.Resource, "t:") {
			tablesUsed[i]++
		}
		if strings.HasPrefix(h.Resource, "p:") {
			id, _ := strconv.Atoi(h.Resource[2:])
			mark(id, i)
		}
	}
	// Blocked slots of every participant.
	blocks, err := db.AvailabilityBlock.Query().Where(availabilityblock.HasParticipantWith(participant.EventID(ev.ID))).All(sys)
	if err != nil {
		return nil, err
	}
	blocked := map[int]map[int]bool{}
	for _, b := range blocks {
		for i, s := range slots {
			if s.Before(b.EndsAt) && s.Add(g.Length).After(b.StartsAt) {
				if blocked[b.ParticipantID] == nil {
					blocked[b.ParticipantID] = map[int]bool{}
				}
				blocked[b.ParticipantID][i] = true
			}
		}
	}
	free := func(p, i int) bool { return !person[p][i] && !blocked[p][i] }
	placeAt := func(m *ent.Meeting, i int) (string, bool) {
		if b, ok := boothOf[m.ProducerID]; ok {
			k := boothKey(b)
			return k, !busy[i][k]
		}
		if tablesUsed[i] >= ev.Tables {
			return "", false
		}
		for t := 1; t <= ev.Tables; t++ {
			if k := tableKey(t); !busy[i][k] {
				return k, true
			}
		}
		return "", false
	}

	res := &ScheduleResult{}
	unplace := func(m *ent.Meeting, reason string) {
		res.UnplacedCount++
		if len(res.Unplaced) < MaxUnplacedListed {
			res.Unplaced = append(res.Unplaced, Unplaced{Meeting: m, Reason: reason})
		}
	}
	// Most constrained first: count the common free slots now.
	type job struct {
		m       *ent.Meeting
		options int
	}
	jobs := make([]job, 0, len(todo))
	for _, m := range todo {
		if !validated[m.BuyerParticipantID] || !validated[m.ProducerParticipantID] {
			unplace(m, ReasonNotValidated)
			continue
		}
		n := 0
		for i := range slots {
			if free(m.BuyerParticipantID, i) && free(m.ProducerParticipantID, i) {
				n++
			}
		}
		jobs = append(jobs, job{m, n})
	}
	sort.SliceStable(jobs, func(a, b int) bool {
		if jobs[a].options != jobs[b].options {
			return jobs[a].options < jobs[b].options
		}
		if jobs[a].m.Score != jobs[b].m.Score {
			return jobs[a].m.Score > jobs[b].m.Score
		}
		return jobs[a].m.ID < jobs[b].m.ID
	})
	dayLoad := map[[2]int]int{} // (participant, day) -> meetings
	for p, set := range person {
		for i := range set {
			dayLoad[[2]int{p, day[i]}]++
		}
	}
	adjacent := func(p, i int) int {
		n := 0
		if i > 0 && session[i-1] == session[i] && person[p][i-1] {
			n++
		}
		if i+1 < len(slots) && session[i+1] == session[i] && person[p][i+1] {
			n++
		}
		return n
	}
	type booking struct {
		m     *ent.Meeting
		slot  int
		place string
	}
	var booked []booking
	for _, j := range jobs {
		m := j.m
		bp, pp := m.BuyerParticipantID, m.ProducerParticipantID
		best, bestScore, bestPlace, common := -1, 0, "", false
		for i := range slots {
			if !free(bp, i) || !free(pp, i) {
				continue
			}
			common = true
			place, ok := placeAt(m, i)
			if !ok {
				continue
			}
			// Fewer gaps first (adjacency), then the busier day (to keep
			// days compact), then the earliest slot (i ascending).
			score := 1000*(adjacent(bp, i)+adjacent(pp, i)) + dayLoad[[2]int{bp, day[i]}] + dayLoad[[2]int{pp, day[i]}]
			if best < 0 || score > bestScore {
				best, bestScore, bestPlace = i, score, place
			}
		}
		if best < 0 {
			if common {
				unplace(m, ReasonNoPlace)
			} else {
				unplace(m, ReasonNoCommonTime)
			}
			continue
		}
		mark(bp, best)
		mark(pp, best)
		busy[best][bestPlace] = true
		if strings.HasPrefix(bestPlace, "t:") {
			tablesUsed[best]++
		}
		dayLoad[[2]int{bp, day[best]}]++
		dayLoad[[2]int{pp, day[best]}]++
		booked = append(booked, booking{m, best, bestPlace})
	}
	// Write: the ledger in bulk, then each meeting's slot and place.
	const chunk = 300
	rows := make([]*ent.MeetingSlotCreate, 0, chunk)
	flush := func() error {
		if len(rows) == 0 {
			return nil
		}
		err := db.MeetingSlot.CreateBulk(rows...).Exec(sys)
		rows = rows[:0]
		if ent.IsConstraintError(err) {
			return conflictAt([]string{"eventId"}, "a booking was made while the scheduler ran: run it again")
		}
		return err
	}
	for _, b := range booked {
		unix := slots[b.slot].Unix()
		for _, r := range []string{personKey(b.m.BuyerParticipantID), personKey(b.m.ProducerParticipantID), b.place} {
			rows = append(rows, db.MeetingSlot.Create().SetEventID(ev.ID).SetSlot(unix).SetResource(r).SetMeetingID(b.m.ID))
			if len(rows) == chunk {
				if err := flush(); err != nil {
					return nil, err
				}
			}
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	for _, b := range booked {
		u := db.Meeting.UpdateOneID(b.m.ID).SetSlotStart(slots[b.slot].UTC())
		if n, ok := strings.CutPrefix(b.place, "t:"); ok {
			t, _ := strconv.Atoi(n)
			u.SetTableNumber(t)
		} else {
			id, _ := strconv.Atoi(strings.TrimPrefix(b.place, "b:"))
			u.SetBoothID(id)
		}
		if err := u.Exec(ctx); err != nil {
			return nil, err
		}
		res.PlacedIDs = append(res.PlacedIDs, b.m.ID)
	}
	res.Placed = len(booked)
	for p, set := range person {
		_ = p
		res.Gaps += gaps(set, session)
	}
	return res, nil
}

// gaps counts, for one person's slot indexes, the free slots between two of
// its meetings in the same session.
func gaps(set map[int]bool, session []int) int {
	idx := make([]int, 0, len(set))
	for i := range set {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	n := 0
	for k := 1; k < len(idx); k++ {
		if session[idx[k]] == session[idx[k-1]] {
			n += idx[k] - idx[k-1] - 1
		}
	}
	return n
}
