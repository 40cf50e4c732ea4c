package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// fairOf sets up an open fair with producer A at a booth and producer A,
// buyer A and producer B registered and validated; it returns the event and
// the participants' ids by role.
func fairOf(t *testing.T, w *world) (string, map[string]string) {
	t.Helper()
	e := w.e
	var ev struct {
		CreateEvent struct{ Event struct{ ID string } }
	}
	e.as(w.tokens["admin"]).ok(fairEvent, nil, &ev)
	eventID := ev.CreateEvent.Event.ID
	e.as(w.tokens["admin"]).ok(`mutation($e: ID!, $p: ID!) { createBooth(input: {eventID: $e, number: "A-01", category: EXPORTER, producerID: $p}) { booth { id } } }`,
		map[string]any{"e": eventID, "p": w.prodA}, nil)
	ids := map[string]string{}
	for _, role := range []string{"producerA", "buyerA", "producerB", "buyerB"} {
		var out struct {
			RegisterForEvent struct{ Participant struct{ ID string } }
		}
		e.as(w.tokens[role]).ok(`mutation($e: ID!) { registerForEvent(input: {eventId: $e}) { participant { id } } }`, map[string]any{"e": eventID}, &out)
		ids[role] = out.RegisterForEvent.Participant.ID
		e.as(w.tokens["admin"]).ok(`mutation($id: ID!) { validateParticipant(id: $id) { participant { validated } } }`, map[string]any{"id": ids[role]}, nil)
	}
	return eventID, ids
}

// silent fails when c receives anything within d.
func silent(t *testing.T, c *wsClient, d time.Duration, msg string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	for {
		_, b, err := c.conn.Read(ctx)
		if err != nil {
			return
		}
		var m wsMessage
		require.NoError(t, json.Unmarshal(b, &m))
		if m.Type != "ping" && m.Type != "pong" {
			t.Fatalf("%s: got %s %s", msg, m.Type, m.Payload)
		}
	}
}

// TestMeetingUpdatedOverWebsocket: through the real HTTP server over
// graphql-transport-ws, the producer asked hears of the request, the buyer
// of the acceptance; a third firm registered for the same fair hears
// nothing. The in-app list of each party has the notification, linked to
// the meeting.
func TestMeetingUpdatedOverWebsocket(t *testing.T) {
	w := newWorld(t)
	eventID, ids := fairOf(t, w)
	sub := `subscription { meetingUpdated { id status slotStart } }`
	producer := dialWS(t, w.e, w.tokens["producerA"])
	producer.subscribe("p", sub, nil)
	buyer := dialWS(t, w.e, w.tokens["buyerA"])
	buyer.subscribe("b", sub, nil)
	third := dialWS(t, w.e, w.tokens["producerB"])
	third.subscribe("t", sub, nil)
	time.Sleep(100 * time.Millisecond) // let the subscriptions register

	var m struct {
		RequestMeeting struct{ Meeting struct{ ID string } }
	}
	w.e.as(w.tokens["buyerA"]).ok(`mutation($e: ID!, $p: ID!) { requestMeeting(input: {eventId: $e, withParticipantId: $p, message: "Tengiri?"}) { meeting { id } } }`,
		map[string]any{"e": eventID, "p": ids["producerA"]}, &m)
	meetingID := m.RequestMeeting.Meeting.ID
	got := producer.next(3 * time.Second)
	require.Equal(t, "next", got.Type, "%s", got.Payload)
	require.Contains(t, string(got.Payload), meetingID)
	require.Contains(t, string(got.Payload), `"status":"REQUESTED"`)
	got = buyer.next(3 * time.Second) // the requester's own firm follows it too
	require.Contains(t, string(got.Payload), `"status":"REQUESTED"`)

	w.e.as(w.tokens["producerA"]).ok(`mutation($id: ID!, $s: Time) { acceptMeeting(id: $id, slot: $s) { meeting { status } } }`,
		map[string]any{"id": meetingID, "s": "2026-12-07T02:00:00Z"}, nil)
	got = buyer.next(3 * time.Second)
	require.Equal(t, "next", got.Type, "%s", got.Payload)
	require.Contains(t, string(got.Payload), meetingID)
	require.Contains(t, string(got.Payload), `"status":"ACCEPTED"`)
	require.Contains(t, string(got.Payload), `"slotStart":"2026-12-07T02:00:00Z"`)
	got = producer.next(3 * time.Second)
	require.Contains(t, string(got.Payload), `"status":"ACCEPTED"`)
	silent(t, third, 300*time.Millisecond, "producer B is no party of the meeting")

	// The notification list: the producer heard of the request, the buyer of
	// the acceptance (at 09:00 in Lamongan), producer B of nothing.
	list := `{ notifications(first: 5) { edges { node { kind subject actor meeting { id status } } } } }`
	type page struct {
		Notifications struct {
			Edges []struct {
				Node struct {
					Kind, Subject, Actor string
					Meeting              *struct{ ID, Status string }
				}
			}
		}
	}
	read := func(role string) page {
		var p, out page
		w.e.as(w.tokens[role]).ok(list, nil, &p)
		for _, e := range p.Notifications.Edges { // the world's inquiry aside
			if strings.HasPrefix(e.Node.Kind, "MEETING_") {
				out.Notifications.Edges = append(out.Notifications.Edges, e)
			}
		}
		return out
	}
	pa, ba, pb := read("producerA"), read("buyerA"), read("producerB")
	require.Len(t, pa.Notifications.Edges, 1)
	require.Equal(t, "MEETING_REQUESTED", pa.Notifications.Edges[0].Node.Kind)
	require.Equal(t, "Buyer A", pa.Notifications.Edges[0].Node.Actor)
	require.Equal(t, meetingID, pa.Notifications.Edges[0].Node.Meeting.ID)
	require.Len(t, ba.Notifications.Edges, 1)
	require.Equal(t, "MEETING_ACCEPTED", ba.Notifications.Edges[0].Node.Kind)
	require.Equal(t, "Lamongan Exportiva 2026 — Mon 7 Dec 2026 at 09:00 (Asia/Jakarta)", ba.Notifications.Edges[0].Node.Subject)
	require.Equal(t, "ACCEPTED", ba.Notifications.Edges[0].Node.Meeting.Status)
	require.Empty(t, pb.Notifications.Edges)

	// The scheduler's placements are live too: buyer A and producer B agree
	// on a meeting without a slot; scheduleEvent books it and both hear of
	// its slot, producer A nothing. (A read that timed out closed the
	// websocket: producer B listens again.)
	third = dialWS(t, w.e, w.tokens["producerB"])
	third.subscribe("t2", sub, nil)
	time.Sleep(100 * time.Millisecond)
	w.e.as(w.tokens["buyerA"]).ok(`mutation($e: ID!, $p: ID!) { requestMeeting(input: {eventId: $e, withParticipantId: $p, message: "Crab?"}) { meeting { id } } }`,
		map[string]any{"e": eventID, "p": ids["producerB"]}, &m)
	second := m.RequestMeeting.Meeting.ID
	w.e.as(w.tokens["producerB"]).ok(`mutation($id: ID!) { acceptMeeting(id: $id) { meeting { status slotStart } } }`, map[string]any{"id": second}, nil)
	for _, c := range []*wsClient{buyer, third} { // the request and the acceptance
		for range 2 {
			got = c.next(3 * time.Second)
			require.Contains(t, string(got.Payload), second)
		}
	}
	w.e.ok(`mutation($e: ID!) { scheduleEvent(eventId: $e) { placed } }`, map[string]any{"e": eventID}, nil)
	for _, c := range []*wsClient{buyer, third} {
		got = c.next(3 * time.Second)
		require.Equal(t, "next", got.Type, "%s", got.Payload)
		require.Contains(t, string(got.Payload), second)
		require.NotContains(t, string(got.Payload), `"slotStart":null`, "placed by the scheduler")
	}
	silent(t, producer, 300*time.Millisecond, "producer A is no party of the second meeting")
}

// TestFairSheetsOverHTTP: a participant's firm learns the paths of its
// printable agenda and booth sheet (others get null); the PDFs are served
// by token, with the QR codes pointing at the app URL; a wrong token or a
// buyer's booth sheet is 404.
func TestFairSheetsOverHTTP(t *testing.T) {
	w := newWorld(t)
	eventID, ids := fairOf(t, w)
	q := `query($id: ID!) { node(id: $id) { ... on Participant { agendaPdfPath boothSheetPath } } }`
	type paths struct {
		Node struct{ AgendaPdfPath, BoothSheetPath *string }
	}
	var own, other, buyer paths
	w.e.as(w.tokens["producerA"]).ok(q, map[string]any{"id": ids["producerA"]}, &own)
	w.e.as(w.tokens["buyerA"]).ok(q, map[string]any{"id": ids["producerA"]}, &other)
	w.e.as(w.tokens["buyerA"]).ok(q, map[string]any{"id": ids["buyerA"]}, &buyer)
	require.NotNil(t, own.Node.AgendaPdfPath)
	require.NotNil(t, own.Node.BoothSheetPath)
	require.Nil(t, other.Node.AgendaPdfPath, "another firm does not learn the token")
	require.Nil(t, other.Node.BoothSheetPath)
	require.Nil(t, buyer.Node.BoothSheetPath, "a buyer has no booth")
	require.True(t, strings.HasPrefix(*own.Node.AgendaPdfPath, "/events/"+eventID+"/agenda/"))

	get := func(path string) (int, string, []byte) {
		res, err := http.Get(w.e.srv.URL + path)
		require.NoError(t, err)
		defer func() { _ = res.Body.Close() }()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header.Get("Content-Type"), b
	}
	code, ctype, body := get(*own.Node.BoothSheetPath)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "application/pdf", ctype)
	require.True(t, bytes.HasPrefix(body, []byte("%PDF-")))
	require.Contains(t, string(body), "(A-01)Tj")
	require.Contains(t, string(body), "/URI (http://localhost:8080/producers/"+w.prodA+")")
	code, _, body = get(*own.Node.AgendaPdfPath)
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, string(body), "/URI (http://localhost:8080/fair/badge/")
	code, _, _ = get("/events/" + eventID + "/booth/not-a-token.pdf")
	require.Equal(t, http.StatusNotFound, code)
	bp := strings.Replace(*buyer.Node.AgendaPdfPath, "/agenda/", "/booth/", 1)
	code, _, _ = get(bp)
	require.Equal(t, http.StatusNotFound, code, "a buyer has no booth sheet")
	code, _, _ = get(strings.TrimSuffix(*own.Node.AgendaPdfPath, ".pdf") + ".exe")
	require.Equal(t, http.StatusNotFound, code)
}

// TestBadgeScans: an exhibitor scans badges at the fair; contact details
// come only with the scanned participant's consent (and go when it is
// withdrawn); the refusals have their codes; each role sees only what it
// may (a row per role, as in the authorization matrix).
func TestBadgeScans(t *testing.T) {
	w := newWorld(t)
	eventID, ids := fairOf(t, w)
	codes := map[string]string{}
	for role, id := range ids {
		var out struct{ Node struct{ BadgeCode string } }
		w.e.as(w.tokens[role]).ok(`query($id: ID!) { node(id: $id) { ... on Participant { badgeCode } } }`, map[string]any{"id": id}, &out)
		codes[role] = out.Node.BadgeCode
	}
	consent := `mutation($e: ID!, $c: Boolean!) { setBadgeConsent(eventId: $e, consent: $c) { participant { badgeConsent } } }`
	var c struct {
		SetBadgeConsent struct{ Participant struct{ BadgeConsent bool } }
	}
	w.e.as(w.tokens["buyerA"]).ok(consent, map[string]any{"e": eventID, "c": true}, &c)
	require.True(t, c.SetBadgeConsent.Participant.BadgeConsent)
	w.e.as(w.tokens["admin"]).fails("BAD_USER_INPUT", consent, map[string]any{"e": eventID, "c": true})

	scan := `mutation($e: ID!, $c: String!) { scanBadge(eventId: $e, code: $c) { badgeScan { id scannedSide consented firmName country contactEmail } } }`
	type scanOut struct {
		ScanBadge struct {
			BadgeScan struct {
				ID, ScannedSide            string
				Consented                  bool
				FirmName, Country, Contact *string
				ContactEmail               *string
			}
		}
	}
	// The matrix: who may scan buyer A's badge.
	for i, role := range []string{"anonymous", "producerA", "producerB", "buyerA", "buyerB", "admin"} {
		want := [6]string{"UNAUTHENTICATED", "ok", "ok", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"}[i]
		r := w.e.as(w.tokens[role]).do(scan, map[string]any{"e": eventID, "c": codes["buyerA"]})
		if want == "ok" {
			require.Empty(t, r.Errors, role)
		} else {
			require.Equal(t, want, r.code(), role)
		}
	}
	var a, again, b scanOut
	w.e.as(w.tokens["producerA"]).ok(scan, map[string]any{"e": eventID, "c": codes["buyerA"]}, &a)
	require.True(t, a.ScanBadge.BadgeScan.Consented)
	require.Equal(t, "BUYER", a.ScanBadge.BadgeScan.ScannedSide)
	require.Equal(t, "Buyer A", *a.ScanBadge.BadgeScan.FirmName)
	require.Equal(t, "TH", *a.ScanBadge.BadgeScan.Country)
	require.Equal(t, "b@example.co.th", *a.ScanBadge.BadgeScan.ContactEmail)
	w.e.as(w.tokens["producerA"]).ok(scan, map[string]any{"e": eventID, "c": codes["buyerA"]}, &again)
	require.Equal(t, a.ScanBadge.BadgeScan.ID, again.ScanBadge.BadgeScan.ID, "one scan per pair")
	w.e.as(w.tokens["producerA"]).ok(scan, map[string]any{"e": eventID, "c": codes["buyerB"]}, &b)
	require.False(t, b.ScanBadge.BadgeScan.Consented, "buyer B did not consent")
	require.Nil(t, b.ScanBadge.BadgeScan.FirmName)
	require.Nil(t, b.ScanBadge.BadgeScan.ContactEmail)

	r := w.e.as(w.tokens["producerA"]).fails("NOT_FOUND", scan, map[string]any{"e": eventID, "c": "no-such-code"})
	require.Equal(t, []string{"code"}, r.field())
	r = w.e.as(w.tokens["producerA"]).fails("BAD_USER_INPUT", scan, map[string]any{"e": eventID, "c": codes["producerA"]})
	require.Equal(t, []string{"code"}, r.field())

	// Event.badgeScans: the scanning firm's own, the trade office's all.
	list := `query($e: ID!) { node(id: $e) { ... on Event { badgeScans(first: 10) { totalCount edges { node { firmName contactEmail } } } } } }`
	type listOut struct {
		Node struct {
			BadgeScans struct {
				TotalCount int
				Edges      []struct {
					Node struct{ FirmName, ContactEmail *string }
				}
			}
		}
	}
	for i, role := range []string{"anonymous", "producerA", "producerB", "buyerA", "buyerB", "admin"} {
		var out listOut
		w.e.as(w.tokens[role]).ok(list, map[string]any{"e": eventID}, &out)
		require.Equal(t, [6]int{0, 2, 1, 0, 0, 3}[i], out.Node.BadgeScans.TotalCount, role)
	}
	// Buyer A withdraws its consent: its details leave the scans made.
	w.e.as(w.tokens["buyerA"]).ok(consent, map[string]any{"e": eventID, "c": false}, nil)
	var out listOut
	w.e.as(w.tokens["producerA"]).ok(list, map[string]any{"e": eventID}, &out)
	for _, e := range out.Node.BadgeScans.Edges {
		require.Nil(t, e.Node.FirmName)
		require.Nil(t, e.Node.ContactEmail)
	}
	// A closed event takes no more scans.
	w.e.as(w.tokens["admin"]).ok(`mutation($e: ID!) { updateEvent(id: $e, input: {status: CLOSED}) { event { status } } }`, map[string]any{"e": eventID}, nil)
	r = w.e.as(w.tokens["producerA"]).fails("CONFLICT", scan, map[string]any{"e": eventID, "c": codes["buyerB"]})
	require.Equal(t, []string{"eventId"}, r.field())
}
