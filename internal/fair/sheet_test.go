package fair_test

import (
	"bytes"
	"context"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/fair"
	"github.com/exportiva/exportiva/internal/viewer"
)

// pdfText is how a line of text appears in an uncompressed PDF content
// stream written with a core font (parentheses escaped).
func pdfText(s string) []byte { return []byte("(" + s + ")Tj") }

// TestPrintableSheets: the agenda PDF lists the participant's meetings in
// the event's time zone in its language, with its badge QR code; the booth
// sheet has the booth, the pitch in the exhibitor's language, the QR code
// of the producer's catalog page and the meetings at the booth; a wrong
// token, another event or a participant without a booth is NOT_FOUND.
func TestPrintableSheets(t *testing.T) {
	w := newFair(t, 1)
	sys := w.sys
	// The producer registers through an account writing Indonesian, the
	// buyer through one writing English.
	p := w.db.Producer.Create().SetName("Samudra Tengiri Brondong").SetDistrict("BRONDONG").
		SetSector(domain.SectorFishery).SetSizeClass(domain.SizeSmall).SaveX(sys)
	b := w.db.Booth.Create().SetEventID(w.event.ID).SetNumber("A-07").SetHall("Hall A").SetCategory(domain.BoothExporter).
		SetProducerID(p.ID).SetPitchEnglish("Frozen tengiri from Brondong").SetPitchIndonesian("Tengiri beku dari Brondong").SaveX(sys)
	pa := w.db.Account.Create().SetEmail("owner@samudra.example").SetPasswordHash("x").SetDisplayName("Owner").
		SetRole(domain.RoleProducer).SetProducerID(p.ID).SetLanguage("id").SaveX(sys)
	prod := w.register(viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: pa.ID, Role: domain.RoleProducer, ProducerID: &p.ID}), true)
	by := w.db.Buyer.Create().SetCompany("Siam Ocean Foods").SetCountry("TH").SetType("IMPORTER").SaveX(sys)
	ba := w.db.Account.Create().SetEmail("buyer@siam.example").SetPasswordHash("x").SetDisplayName("Buyer").
		SetRole(domain.RoleBuyer).SetBuyerID(by.ID).SetLanguage("en").SaveX(sys)
	buyer := w.register(viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: ba.ID, Role: domain.RoleBuyer, BuyerID: &by.ID}), true)

	m := w.request(buyer, prod)
	slot := at(6, 9, 30) // Thursday 6 June, 09:30 in Lamongan (02:30 UTC)
	_, err := fair.Accept(prod.ctx, w.db, m.ID, &slot, now)
	require.NoError(t, err)
	const app = "https://exportiva.example/"

	ag, err := fair.AgendaPDF(sys, w.db, w.event.ID, buyer.p.AgendaToken, app)
	require.NoError(t, err)
	require.True(t, bytes.HasPrefix(ag.PDF, []byte("%PDF-")))
	require.True(t, bytes.HasSuffix(bytes.TrimSpace(ag.PDF), []byte("%%EOF")))
	require.Equal(t, []string{"https://exportiva.example/fair/badge/" + buyer.p.BadgeCode}, ag.QR)
	for _, s := range []string{"Agenda: Siam Ocean Foods", "Thu 6 Jun 2024", "09:30\x9610:00", "Samudra Tengiri Brondong", "Booth A-07", "booked", "Times in Asia/Jakarta."} {
		require.True(t, bytes.Contains(ag.PDF, pdfText(s)), "agenda has %q", s)
	}
	require.True(t, bytes.Contains(ag.PDF, []byte("/URI ("+ag.QR[0]+")")), "the QR code links its payload")

	// The producer reads Indonesian: its agenda and booth sheet too.
	pag, err := fair.AgendaPDF(sys, w.db, w.event.ID, prod.p.AgendaToken, app)
	require.NoError(t, err)
	for _, s := range []string{"Agenda: Samudra Tengiri Brondong", "Kam 6 Jun 2024", "Siam Ocean Foods", "Stan A-07", "terjadwal"} {
		require.True(t, bytes.Contains(pag.PDF, pdfText(s)), "Indonesian agenda has %q", s)
	}
	sheet, err := fair.BoothSheet(sys, w.db, w.event.ID, prod.p.AgendaToken, app)
	require.NoError(t, err)
	require.True(t, bytes.HasPrefix(sheet.PDF, []byte("%PDF-")))
	require.Equal(t, []string{"https://exportiva.example/producers/" + strconv.Itoa(p.ID)}, sheet.QR)
	for _, s := range []string{"A-07", "Hall A", "Eksportir", "Tengiri beku dari Brondong", "Pertemuan di stan", "Siam Ocean Foods", "09:30\x9610:00"} {
		require.True(t, bytes.Contains(sheet.PDF, pdfText(s)), "booth sheet has %q", s)
	}
	require.True(t, bytes.Contains(sheet.PDF, []byte("/URI ("+sheet.QR[0]+")")))
	_ = b

	// The credential rules.
	for name, call := range map[string]func() error{
		"wrong token":        func() error { _, err := fair.AgendaPDF(sys, w.db, w.event.ID, "nope", app); return err },
		"other event":        func() error { _, err := fair.AgendaPDF(sys, w.db, w.event.ID+1, buyer.p.AgendaToken, app); return err },
		"buyer has no booth": func() error { _, err := fair.BoothSheet(sys, w.db, w.event.ID, buyer.p.AgendaToken, app); return err },
	} {
		require.Equal(t, apperr.CodeNotFound, apperr.CodeOf(call()), name)
	}

}
