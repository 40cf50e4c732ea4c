package fair

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// rows lays the report out as a table: a section, a key, the values.
func (r *Report) rows() [][]string {
	i := strconv.Itoa
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', 4, 64) }
	out := [][]string{
		{"section", "key", "value", "detail1", "detail2", "detail3"},
		{"event", "name", r.Event.Name, r.Event.Venue, r.Event.FirstDay, r.Event.LastDay},
		{"participants", "registrations", i(r.Registrations)},
		{"participants", "validated", i(r.Validated)},
		{"participants", "buyers", i(r.Buyers)},
		{"participants", "producers", i(r.Producers)},
		{"requests", "requests", i(r.Requests)},
		{"requests", "accepted", i(r.Accepted)},
		{"requests", "declined", i(r.Declined)},
		{"requests", "cancelled", i(r.Cancelled)},
		{"requests", "acceptance_rate", f(r.AcceptanceRate)},
		{"meetings", "booked", i(r.Booked)},
		{"meetings", "held", i(r.Held)},
		{"meetings", "no_shows", i(r.NoShows)},
		{"meetings", "kept_rate", f(r.KeptRate)},
		{"meetings", "attendees", i(r.Attendees)},
		{"meetings", "meetings_per_attendee", f(r.MeetingsPerAttendee)},
	}
	for _, o := range r.Outcomes {
		out = append(out, []string{"outcomes", string(o.Type), i(o.Count)})
	}
	for _, d := range r.Deals {
		out = append(out, []string{"deals", d.DestinationCountry + "/" + d.HsChapter, i(d.Deals),
			strconv.FormatFloat(d.VolumeKg, 'f', -1, 64) + " kg", d.Value.String(), d.Currency})
	}
	for _, u := range r.FollowUps {
		out = append(out, []string{"follow_ups", i(u.Days) + "_days", i(u.Inquiries), i(u.Quotes) + " quotes", i(u.AcceptedQuotes) + " accepted"})
	}
	for _, t := range r.Targets {
		bound := ">= " + f(t.Min)
		if t.Max != nil {
			bound = f(t.Min) + " to " + f(*t.Max)
		}
		verdict := "not met"
		switch {
		case !t.Measured:
			verdict = "not measured"
		case t.Met:
			verdict = "met"
		}
		out = append(out, []string{"targets", strings.ToLower(t.Kind), f(t.Actual), bound, verdict})
	}
	return out
}

// CSV writes the report as CSV (RFC 4180).
func (r *Report) CSV() ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(r.rows()); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// XLSX writes the report as a workbook of one sheet.
func (r *Report) XLSX() ([]byte, error) {
	x := excelize.NewFile()
	defer func() { _ = x.Close() }()
	const sheet = "Report"
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	for n, row := range r.rows() {
		cell, err := excelize.CoordinatesToCellName(1, n+1)
		if err != nil {
			return nil, err
		}
		vals := make([]any, len(row))
		for k, v := range row {
			vals[k] = v
		}
		if err := x.SetSheetRow(sheet, cell, &vals); err != nil {
			return nil, err
		}
	}
	var b bytes.Buffer
	if err := x.Write(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
