package fair

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/booth"
	"github.com/exportiva/exportiva/ent/meeting"
	"github.com/exportiva/exportiva/ent/participant"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/i18n"
)

// Sheet is a printable PDF and the payloads of its QR codes, in the order
// they are printed.
type Sheet struct {
	PDF []byte
	QR  []string
}

// BadgeURL is what a participant's badge QR code opens: the web app's page
// where an exhibitor scans (scanBadge) the code.
func BadgeURL(appURL, code string) string {
	return strings.TrimRight(appURL, "/") + "/fair/badge/" + code
}

// CatalogURL is the producer's public catalog page, opened by its booth's QR
// code.
func CatalogURL(appURL string, producerID int) string {
	return strings.TrimRight(appURL, "/") + "/producers/" + strconv.Itoa(producerID)
}

// BoothSheetPath is where an exhibitor's booth sheet is served (the agenda
// token is the credential, as for the feed).
func BoothSheetPath(p *ent.Participant) string {
	return "/events/" + strconv.Itoa(p.EventID) + "/booth/" + p.AgendaToken + ".pdf"
}

// AgendaPDFPath is where a participant's printable agenda is served.
func AgendaPDFPath(p *ent.Participant) string {
	return "/events/" + strconv.Itoa(p.EventID) + "/agenda/" + p.AgendaToken + ".pdf"
}

// sheetOf loads the participant holding token at the event, its event, its
// firm's name and its language (the registering account's).
type sheetOf struct {
	p    *ent.Participant
	ev   *ent.Event
	loc  *time.Location
	lang i18n.Lang
	firm string
}

func loadSheet(ctx context.Context, db *ent.Client, eventID int, token string) (*sheetOf, error) {
	sys := authz.System(ctx)
	p, err := db.Participant.Query().Where(participant.AgendaToken(token), participant.EventID(eventID)).
		WithProducer().WithBuyer().Only(sys)
	if err != nil {
		return nil, apperr.NotFound("no such agenda")
	}
	ev, err := db.Event.Get(sys, eventID)
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(ev.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	s := &sheetOf{p: p, ev: ev, loc: loc, lang: i18n.English}
	if a, err := db.Account.Get(sys, p.AccountID); err == nil && a.Language == string(i18n.Indonesian) {
		s.lang = i18n.Indonesian
	}
	switch {
	case p.Edges.Producer != nil:
		s.firm = p.Edges.Producer.Name
	case p.Edges.Buyer != nil:
		s.firm = p.Edges.Buyer.Company
	}
	return s, nil
}

// page starts an A4 document with the event's heading. Text goes through
// the core fonts' cp1252 encoding; the streams are left uncompressed (a
// sheet is a few kilobytes and stays greppable).
func (s *sheetOf) page(title string) (*fpdf.Fpdf, func(string) string) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCompression(false)
	pdf.SetCreationDate(time.Unix(0, 0).UTC())
	pdf.SetTitle(s.ev.Name+" — "+title, true)
	pdf.SetCreator("Exportiva", true)
	pdf.SetMargins(15, 15, 15)
	pdf.SetAutoPageBreak(true, 15)
	pdf.AddPage()
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	pdf.SetFont("Helvetica", "B", 18)
	pdf.CellFormat(0, 9, tr(s.ev.Name), "", 1, "L", false, 0, "")
	pdf.SetFont("Helvetica", "", 11)
	first, _ := time.ParseInLocation(time.DateOnly, s.ev.FirstDay, s.loc)
	last, _ := time.ParseInLocation(time.DateOnly, s.ev.LastDay, s.loc)
	pdf.CellFormat(0, 6, tr(s.ev.Venue+" · "+i18n.Date(s.lang, first)+" – "+i18n.Date(s.lang, last)), "", 1, "L", false, 0, "")
	pdf.Ln(3)
	pdf.SetFont("Helvetica", "B", 14)
	pdf.CellFormat(0, 8, tr(title+": "+s.firm), "", 1, "L", false, 0, "")
	pdf.SetFont("Helvetica", "", 9)
	pdf.CellFormat(0, 5, tr(i18n.T(s.lang, "Times in %s.", s.ev.TimeZone)), "", 1, "L", false, 0, "")
	pdf.Ln(2)
	return pdf, tr
}

// qr draws a QR code of payload at x, y (size mm), linked to it, with a
// caption under it.
func qr(pdf *fpdf.Fpdf, tr func(string) string, name, payload, caption string, x, y, size float64) error {
	png, err := qrcode.Encode(payload, qrcode.Medium, 256)
	if err != nil {
		return err
	}
	pdf.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(png))
	pdf.ImageOptions(name, x, y, size, size, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, payload)
	pdf.SetXY(x-10, y+size)
	pdf.SetFont("Helvetica", "", 7)
	pdf.MultiCell(size+20, 3.5, tr(caption+"\n"+payload), "", "C", false)
	return nil
}

// meetingsOf lists the meetings of a participant (booked and cancelled with
// a slot), or of a booth when boothID is set.
func (s *sheetOf) meetings(ctx context.Context, db *ent.Client, boothID *int) ([]*ent.Meeting, error) {
	q := db.Meeting.Query().Where(meeting.SlotStartNotNil(), meeting.StatusIn(domain.MeetingAccepted, domain.MeetingCancelled))
	switch {
	case boothID != nil:
		q.Where(meeting.BoothID(*boothID))
	case s.p.Side == domain.PartyProducer:
		q.Where(meeting.ProducerParticipantID(s.p.ID))
	default:
		q.Where(meeting.BuyerParticipantID(s.p.ID))
	}
	return q.WithBooth().WithBuyer().WithProducer().
		Order(ent.Asc(meeting.FieldSlotStart), ent.Asc(meeting.FieldID)).Limit(MaxAgenda).All(authz.System(ctx))
}

// table writes the meeting lines: day, time, the other firm, the place,
// the status.
func (s *sheetOf) table(pdf *fpdf.Fpdf, tr func(string) string, ms []*ent.Meeting) {
	l := s.lang
	widths := []float64{42, 24, 64, 30, 20}
	pdf.SetFont("Helvetica", "B", 9)
	for i, h := range []string{"Day", "Time", "With", "Where", "Status"} {
		pdf.CellFormat(widths[i], 6, tr(i18n.T(l, h)), "B", 0, "L", false, 0, "")
	}
	pdf.Ln(-1)
	pdf.SetFont("Helvetica", "", 9)
	if len(ms) == 0 {
		pdf.CellFormat(0, 6, tr(i18n.T(l, "No meetings booked yet.")), "", 1, "L", false, 0, "")
		return
	}
	length := time.Duration(s.ev.MeetingMinutes) * time.Minute
	for _, m := range ms {
		start := m.SlotStart.In(s.loc)
		other := ""
		if s.p.Side == domain.PartyProducer && m.Edges.Buyer != nil {
			other = m.Edges.Buyer.Company
		} else if m.Edges.Producer != nil {
			other = m.Edges.Producer.Name
		}
		where := ""
		switch {
		case m.Edges.Booth != nil:
			where = i18n.T(l, "Booth") + " " + m.Edges.Booth.Number
		case m.TableNumber != nil:
			where = i18n.T(l, "Table") + " " + strconv.Itoa(*m.TableNumber)
		}
		status := i18n.T(l, "booked")
		if m.Status == domain.MeetingCancelled {
			status = i18n.T(l, "cancelled")
		}
		cells := []string{i18n.Date(l, start), start.Format("15:04") + "–" + start.Add(length).Format("15:04"), other, where, status}
		for i, c := range cells {
			pdf.CellFormat(widths[i], 6, tr(c), "", 0, "L", false, 0, "")
		}
		pdf.Ln(-1)
	}
}

func output(pdf *fpdf.Fpdf, qrs []string) (*Sheet, error) {
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return &Sheet{PDF: buf.Bytes(), QR: qrs}, nil
}

// AgendaPDF is the printable agenda of the participant holding token: its
// meetings in the event's time zone, in the participant's language, and its
// badge's QR code (BadgeURL) for exhibitors to scan. Same token rule as the
// iCalendar feed: an unknown token or another event is NOT_FOUND.
func AgendaPDF(ctx context.Context, db *ent.Client, eventID int, token, appURL string) (*Sheet, error) {
	s, err := loadSheet(ctx, db, eventID, token)
	if err != nil {
		return nil, err
	}
	ms, err := s.meetings(ctx, db, nil)
	if err != nil {
		return nil, err
	}
	pdf, tr := s.page(i18n.T(s.lang, "Agenda"))
	badge := BadgeURL(appURL, s.p.BadgeCode)
	y := pdf.GetY()
	if err := qr(pdf, tr, "badge", badge, i18n.T(s.lang, "Badge")+" "+s.p.BadgeCode, 165, 12, 30); err != nil {
		return nil, err
	}
	pdf.SetXY(15, max(y, 60))
	s.table(pdf, tr, ms)
	return output(pdf, []string{badge})
}

// BoothSheet is the exhibitor's booth sheet: the booth (number, hall,
// category, pitch in the participant's language), the QR code of the
// producer's public catalog page (CatalogURL) to put up at the booth, and
// the meetings held there. NOT_FOUND for an unknown token or a participant
// without a booth at the event.
func BoothSheet(ctx context.Context, db *ent.Client, eventID int, token, appURL string) (*Sheet, error) {
	s, err := loadSheet(ctx, db, eventID, token)
	if err != nil {
		return nil, err
	}
	if s.p.ProducerID == nil {
		return nil, apperr.NotFound("no booth for this participant")
	}
	b, err := db.Booth.Query().Where(booth.EventID(eventID), booth.ProducerID(*s.p.ProducerID)).First(authz.System(ctx))
	if ent.IsNotFound(err) {
		return nil, apperr.NotFound("no booth for this participant")
	}
	if err != nil {
		return nil, err
	}
	l := s.lang
	pdf, tr := s.page(i18n.T(l, "Booth") + " " + b.Number)
	catalog := CatalogURL(appURL, *s.p.ProducerID)
	if err := qr(pdf, tr, "booth", catalog, i18n.T(l, "Scan for our catalog"), 150, 40, 45); err != nil {
		return nil, err
	}
	row := domain.BoothCategories.Row(b.Category)
	category, pitch := row.English, b.PitchEnglish
	if l == i18n.Indonesian {
		category = row.Indonesian
		if b.PitchIndonesian != "" {
			pitch = b.PitchIndonesian
		}
	}
	pdf.SetXY(15, 40)
	pdf.SetFont("Helvetica", "B", 28)
	pdf.CellFormat(120, 14, tr(b.Number), "", 1, "L", false, 0, "")
	pdf.SetFont("Helvetica", "", 12)
	for _, line := range []string{b.Hall, category, b.Size} {
		if line != "" {
			pdf.CellFormat(120, 7, tr(line), "", 1, "L", false, 0, "")
		}
	}
	if pitch != "" {
		pdf.Ln(2)
		pdf.SetFont("Helvetica", "I", 11)
		pdf.MultiCell(125, 5.5, tr(pitch), "", "L", false)
	}
	pdf.SetY(max(pdf.GetY(), 100))
	pdf.Ln(4)
	pdf.SetFont("Helvetica", "B", 12)
	pdf.CellFormat(0, 7, tr(i18n.T(l, "Meetings at the booth")), "", 1, "L", false, 0, "")
	ms, err := s.meetings(ctx, db, &b.ID)
	if err != nil {
		return nil, err
	}
	s.table(pdf, tr, ms)
	return output(pdf, []string{catalog})
}
