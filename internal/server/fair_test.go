package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const fairEvent = `mutation { createEvent(input: {name: "Lamongan Exportiva 2026", venue: "Lamongan Sport Center",
	firstDay: "2026-12-07", lastDay: "2026-12-09", sessions: ["09:00-12:00", "13:30-16:00"], tables: 2, status: OPEN}) { event { id timeZone meetingMinutes } } }`

// TestFairThroughGraphQL: the trade office sets up a fair, a producer and a
// buyer register and are validated, the buyer asks for a meeting, the
// producer books it at its booth; only the two parties see it; the report
// is the office's alone.
func TestFairThroughGraphQL(t *testing.T) {
	w := newWorld(t)
	e := w.e
	var ev struct {
		CreateEvent struct {
			Event struct {
				ID, TimeZone   string
				MeetingMinutes int
			}
		}
	}
	e.as(w.tokens["producerA"]).fails("FORBIDDEN", fairEvent, nil)
	e.ok(fairEvent, nil, &ev)
	eventID := ev.CreateEvent.Event.ID
	require.Equal(t, "Asia/Jakarta", ev.CreateEvent.Event.TimeZone)
	require.Equal(t, 30, ev.CreateEvent.Event.MeetingMinutes)
	r := e.fails("BAD_USER_INPUT", `mutation { createEvent(input: {name: "X", venue: "Y", firstDay: "2026-12-07", lastDay: "2026-12-09", sessions: ["12:00-09:00"]}) { event { id } } }`, nil)
	require.Equal(t, []string{"input", "sessions", "0"}, r.field())
	e.ok(`mutation($e: ID!, $p: ID!) { createBooth(input: {eventID: $e, number: "A-01", category: EXPORTER, producerID: $p}) { booth { id } } }`,
		map[string]any{"e": eventID, "p": w.prodA}, nil)

	register := `mutation($e: ID!) { registerForEvent(input: {eventId: $e}) { participant { id side validated } } }`
	ids := map[string]string{}
	for _, role := range []string{"producerA", "buyerA", "buyerB"} {
		var out struct {
			RegisterForEvent struct{ Participant struct{ ID string } }
		}
		e.as(w.tokens[role]).ok(register, map[string]any{"e": eventID}, &out)
		ids[role] = out.RegisterForEvent.Participant.ID
	}
	e.as(w.tokens["buyerA"]).fails("CONFLICT", register, map[string]any{"e": eventID})
	e.as("").fails("UNAUTHENTICATED", register, map[string]any{"e": eventID})

	request := `mutation($e: ID!, $p: ID!, $s: Time) { requestMeeting(input: {eventId: $e, withParticipantId: $p, message: "Tengiri?", slot: $s}) { meeting { id status } } }`
	vars := map[string]any{"e": eventID, "p": ids["producerA"], "s": "2026-12-07T02:00:00Z"}
	// Unvalidated: the request is refused, with the field.
	r = e.as(w.tokens["buyerA"]).fails("BAD_USER_INPUT", request, vars)
	require.Equal(t, []string{"input", "eventId"}, r.field())
	e.as(w.tokens["buyerA"]).fails("FORBIDDEN", `mutation($id: ID!) { validateParticipant(id: $id) { participant { validated } } }`, map[string]any{"id": ids["buyerA"]})
	for _, id := range ids {
		e.ok(`mutation($id: ID!) { validateParticipant(id: $id) { participant { validated } } }`, map[string]any{"id": id}, nil)
	}
	// 09:00 in Lamongan is 02:00 UTC.
	var m struct {
		RequestMeeting struct{ Meeting struct{ ID, Status string } }
	}
	e.as(w.tokens["buyerA"]).ok(request, vars, &m)
	meetingID := m.RequestMeeting.Meeting.ID
	require.Equal(t, "REQUESTED", m.RequestMeeting.Meeting.Status)

	accept := `mutation($id: ID!, $s: Time) { acceptMeeting(id: $id, slot: $s) { meeting { status slotStart booth { number } tableNumber } } }`
	r = e.as(w.tokens["producerA"]).fails("BAD_USER_INPUT", accept, map[string]any{"id": meetingID, "s": "2026-12-07T05:15:00Z"})
	require.Equal(t, []string{"slot"}, r.field(), "12:15 is in the lunch break")
	e.as(w.tokens["producerB"]).fails("NOT_FOUND", accept, map[string]any{"id": meetingID})
	var acc struct {
		AcceptMeeting struct {
			Meeting struct {
				Status, SlotStart string
				Booth             struct{ Number string }
			}
		}
	}
	e.as(w.tokens["producerA"]).ok(accept, map[string]any{"id": meetingID}, &acc)
	require.Equal(t, "ACCEPTED", acc.AcceptMeeting.Meeting.Status)
	require.Equal(t, "2026-12-07T02:00:00Z", acc.AcceptMeeting.Meeting.SlotStart)
	require.Equal(t, "A-01", acc.AcceptMeeting.Meeting.Booth.Number)

	// The buyer's agenda: only its own firm learns the feed's path; the feed
	// has the meeting at 09:00 in Lamongan (02:00 UTC), at booth A-01.
	agendaQ := `query($id: ID!) { node(id: $id) { ... on Participant { agendaPath badgeCode } } }`
	var ag struct {
		Node struct {
			AgendaPath *string
			BadgeCode  *string
		}
	}
	e.as(w.tokens["producerA"]).ok(agendaQ, map[string]any{"id": ids["buyerA"]}, &ag)
	require.Nil(t, ag.Node.AgendaPath, "another firm does not learn the feed")
	require.Nil(t, ag.Node.BadgeCode)
	e.as(w.tokens["buyerA"]).ok(agendaQ, map[string]any{"id": ids["buyerA"]}, &ag)
	require.NotNil(t, ag.Node.AgendaPath)
	feed, err := http.Get(e.srv.URL + *ag.Node.AgendaPath)
	require.NoError(t, err)
	ics, _ := io.ReadAll(feed.Body)
	_ = feed.Body.Close()
	require.Equal(t, http.StatusOK, feed.StatusCode)
	require.Contains(t, feed.Header.Get("Content-Type"), "text/calendar")
	require.Contains(t, string(ics), "BEGIN:VCALENDAR")
	require.Contains(t, string(ics), "DTSTART:20261207T020000Z")
	require.Contains(t, string(ics), "Booth A-01")
	require.Contains(t, string(ics), "X-WR-TIMEZONE:Asia/Jakarta")
	bad, err := http.Get(e.srv.URL + "/events/" + eventID + "/agenda/not-a-token.ics")
	require.NoError(t, err)
	_ = bad.Body.Close()
	require.Equal(t, http.StatusNotFound, bad.StatusCode)

	// Buyer B wants the same producer at the same slot: taken.
	var m2 struct {
		RequestMeeting struct{ Meeting struct{ ID string } }
	}
	e.as(w.tokens["buyerB"]).ok(request, map[string]any{"e": eventID, "p": ids["producerA"]}, &m2)
	r = e.as(w.tokens["producerA"]).fails("CONFLICT", accept, map[string]any{"id": m2.RequestMeeting.Meeting.ID, "s": "2026-12-07T02:00:00Z"})
	require.Equal(t, []string{"slot"}, r.field())

	// Only the parties see the meeting and its message.
	node := `query($id: ID!) { node(id: $id) { ... on Meeting { id message } } }`
	for role, want := range map[string]string{"anonymous": "NOT_FOUND", "producerA": "ok", "producerB": "NOT_FOUND", "buyerA": "ok", "buyerB": "NOT_FOUND", "admin": "ok"} {
		res := e.as(w.tokens[role]).do(node, map[string]any{"id": meetingID})
		if want == "ok" {
			require.Empty(t, res.Errors, role)
			require.Contains(t, string(res.Data), "Tengiri?", role)
		} else {
			require.Equal(t, want, res.code(), role)
		}
	}
	// The event lists the viewer's meetings only.
	var mine struct {
		Node struct {
			Meetings     struct{ TotalCount int }
			Participants struct{ TotalCount int }
			Booths       struct{ TotalCount int }
		}
	}
	list := `query($id: ID!) { node(id: $id) { ... on Event { meetings(first: 10) { totalCount } participants(first: 10) { totalCount } booths(first: 10) { totalCount } } } }`
	e.as(w.tokens["buyerB"]).ok(list, map[string]any{"id": eventID}, &mine)
	require.Equal(t, 1, mine.Node.Meetings.TotalCount)
	require.Equal(t, 3, mine.Node.Participants.TotalCount)
	e.as("").ok(list, map[string]any{"id": eventID}, &mine)
	require.Zero(t, mine.Node.Meetings.TotalCount)
	require.Zero(t, mine.Node.Participants.TotalCount)
	require.Equal(t, 1, mine.Node.Booths.TotalCount, "booths are public")

	report := `query($id: ID!) { eventReport(eventId: $id) { registrations validated requests accepted acceptanceRate booked } }`
	for _, role := range []string{"producerA", "buyerA"} {
		e.as(w.tokens[role]).fails("FORBIDDEN", report, map[string]any{"id": eventID})
	}
	e.as("").fails("UNAUTHENTICATED", report, map[string]any{"id": eventID})
	var rep struct {
		EventReport struct {
			Registrations, Validated, Requests, Accepted, Booked int
			AcceptanceRate                                       float64
		}
	}
	e.ok(report, map[string]any{"id": eventID}, &rep)
	require.Equal(t, 3, rep.EventReport.Registrations)
	require.Equal(t, 2, rep.EventReport.Requests)
	require.Equal(t, 1, rep.EventReport.Booked)
	require.InDelta(t, 0.5, rep.EventReport.AcceptanceRate, 1e-9)

	// Closing the event stops requests and bookings.
	e.ok(`mutation($id: ID!) { updateEvent(id: $id, input: {status: CLOSED}) { event { status } } }`, map[string]any{"id": eventID}, nil)
	r = e.as(w.tokens["producerA"]).fails("CONFLICT", accept, map[string]any{"id": m2.RequestMeeting.Meeting.ID, "s": "2026-12-07T02:30:00Z"})
	require.Equal(t, []string{"id"}, r.field())
	var raw json.RawMessage
	e.as(w.tokens["buyerA"]).ok(`{ events(first: 5) { totalCount } }`, nil, &raw)

	// The report as CSV and XLSX, for the trade office only.
	get := func(path, token string) (int, string) {
		req, err := http.NewRequest(http.MethodGet, e.srv.URL+path, nil)
		require.NoError(t, err)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res.StatusCode, string(b)
	}
	status, body := get("/events/"+eventID+"/report.csv", e.token)
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, body, "requests,acceptance_rate,0.5000")
	status, body = get("/events/"+eventID+"/report.xlsx", e.token)
	require.Equal(t, http.StatusOK, status)
	require.True(t, strings.HasPrefix(body, "PK"), "a zip")
	status, _ = get("/events/"+eventID+"/report.csv", w.tokens["buyerA"])
	require.Equal(t, http.StatusForbidden, status)
	status, _ = get("/events/"+eventID+"/report.csv", "")
	require.Equal(t, http.StatusUnauthorized, status)
	status, _ = get("/events/"+w.prodA+"/report.csv", e.token)
	require.Equal(t, http.StatusNotFound, status)
}
