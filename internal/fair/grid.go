// Package fair runs trade fairs (issue 14): registration and validation of
// participants, meeting requests and their answers, booking a slot at the
// producer's booth or a free table, outcomes, the organiser's report and the
// scheduler. Double booking is impossible by construction: every booked
// meeting holds one meeting_slots row per person and per place at its slot,
// and the unique index on (event, slot, resource) refuses a second holder, on
// SQLite and PostgreSQL alike, whatever the Go checks above it missed.
package fair

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/apperr"
)

// Session is a meeting session of every day, in minutes after local midnight.
type Session struct{ Start, End int }

// ParseSession reads "HH:MM-HH:MM".
func ParseSession(s string) (Session, error) {
	a, b, ok := strings.Cut(strings.TrimSpace(s), "-")
	if !ok {
		return Session{}, fmt.Errorf("session %q: want HH:MM-HH:MM", s)
	}
	start, err := clock(a)
	if err != nil {
		return Session{}, err
	}
	end, err := clock(b)
	if err != nil {
		return Session{}, err
	}
	if end <= start {
		return Session{}, fmt.Errorf("session %q ends before it starts", s)
	}
	return Session{start, end}, nil
}

func clock(s string) (int, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || hh < 0 || hh > 24 || mm < 0 || mm > 59 || hh*60+mm > 24*60 {
		return 0, fmt.Errorf("time %q: want HH:MM", s)
	}
	return hh*60 + mm, nil
}

// Grid is the set of slots of an event: in each session of each day, a
// meeting starts every Length+Buffer minutes from the session's start, as
// long as it ends within the session.
type Grid struct {
	Loc      *time.Location
	Days     []time.Time // local midnights
	Sessions []Session
	Length   time.Duration
	Step     time.Duration
}

// GridOf reads the event's days, sessions and meeting length.
func GridOf(ev *ent.Event) (*Grid, error) {
	loc, err := time.LoadLocation(ev.TimeZone)
	if err != nil {
		return nil, apperr.BadInput([]string{"timeZone"}, "unknown time zone %q", ev.TimeZone)
	}
	first, err := time.ParseInLocation(time.DateOnly, ev.FirstDay, loc)
	if err != nil {
		return nil, apperr.BadInput([]string{"firstDay"}, "first day %q: want YYYY-MM-DD", ev.FirstDay)
	}
	last, err := time.ParseInLocation(time.DateOnly, ev.LastDay, loc)
	if err != nil {
		return nil, apperr.BadInput([]string{"lastDay"}, "last day %q: want YYYY-MM-DD", ev.LastDay)
	}
	if last.Before(first) || last.Sub(first) > 31*24*time.Hour {
		return nil, apperr.BadInput([]string{"lastDay"}, "the last day must be on or after the first day, at most 31 days later")
	}
	g := &Grid{Loc: loc, Length: time.Duration(ev.MeetingMinutes) * time.Minute,
		Step: time.Duration(ev.MeetingMinutes+ev.BufferMinutes) * time.Minute}
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		g.Days = append(g.Days, d)
	}
	if len(ev.Sessions) == 0 || len(ev.Sessions) > 8 {
		return nil, apperr.BadInput([]string{"sessions"}, "give 1 to 8 meeting sessions a day")
	}
	for i, s := range ev.Sessions {
		ses, err := ParseSession(s)
		if err != nil {
			return nil, apperr.BadInput([]string{"sessions", strconv.Itoa(i)}, "%v", err)
		}
		if i > 0 && ses.Start < g.Sessions[i-1].End {
			return nil, apperr.BadInput([]string{"sessions", strconv.Itoa(i)}, "sessions must be in order and must not overlap")
		}
		g.Sessions = append(g.Sessions, ses)
	}
	return g, nil
}

// at is the instant of minute m of day d.
func (g *Grid) at(d time.Time, m int) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), m/60, m%60, 0, 0, g.Loc)
}

// Slots lists every slot start of the event in time order.
func (g *Grid) Slots() []time.Time {
	var out []time.Time
	for _, d := range g.Days {
		for _, s := range g.Sessions {
			for m := s.Start; m+int(g.Length/time.Minute) <= s.End; m += int(g.Step / time.Minute) {
				out = append(out, g.at(d, m))
			}
		}
	}
	return out
}

// Check says whether a meeting may start at start: on a day of the event,
// inside a session (not outside them, not running into a break), on the
// grid, and not in the past. path names the field in errors.
func (g *Grid) Check(path []string, start, now time.Time) error {
	local := start.In(g.Loc)
	day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, g.Loc)
	found := false
	for _, d := range g.Days {
		if d.Equal(day) {
			found = true
		}
	}
	if !found {
		return apperr.BadInput(path, "%s is not a day of the event", local.Format(time.DateOnly))
	}
	m := local.Hour()*60 + local.Minute()
	length := int(g.Length / time.Minute)
	for i, s := range g.Sessions {
		if m < s.Start || m >= s.End {
			continue
		}
		if m+length > s.End {
			if i+1 < len(g.Sessions) {
				return apperr.BadInput(path, "a meeting at %s would run into the break after %s", local.Format("15:04"), hhmm(s.End))
			}
			return apperr.BadInput(path, "a meeting at %s would run past the end of the day's sessions (%s)", local.Format("15:04"), hhmm(s.End))
		}
		if local.Second() != 0 || local.Nanosecond() != 0 || (m-s.Start)%int(g.Step/time.Minute) != 0 {
			return apperr.BadInput(path, "slots start every %d minutes from %s", int(g.Step/time.Minute), hhmm(s.Start))
		}
		if !start.After(now) {
			return apperr.BadInput(path, "the slot at %s is in the past", local.Format("2006-01-02 15:04"))
		}
		return nil
	}
	return apperr.BadInput(path, "%s is outside the meeting sessions (%s)", local.Format("15:04"), g.sessionList())
}

func (g *Grid) sessionList() string {
	parts := make([]string, len(g.Sessions))
	for i, s := range g.Sessions {
		parts[i] = hhmm(s.Start) + "-" + hhmm(s.End)
	}
	return strings.Join(parts, ", ")
}

func hhmm(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }
