package match

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent"
	d "github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/i18n"
)

// TestVerificationScoresScopeAndExpiry pins the points of the VERIFICATION
// criterion (docs/MATCHING.md): each scope that holds counts, an expired
// scope counts for nothing, MET needs identity and business licence.
func TestVerificationScoresScopeAndExpiry(t *testing.T) {
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	later, earlier := now.AddDate(0, 6, 0), now.AddDate(0, 0, -1)
	r := &prepared{}
	r.Now = now
	cases := []struct {
		name   string
		p      *ent.Producer
		status Status
		points float64
		en, id string
	}{
		{"never verified", &ent.Producer{}, Unmet, 0, "Not yet verified by the trade office.", "Belum diverifikasi oleh dinas perdagangan."},
		{"everything checked", &ent.Producer{Verified: true, VerifiedUntil: &later, VerifiedScopes: []d.ScopeUntil{
			{Scope: d.ScopeIdentity, Until: later}, {Scope: d.ScopeBusinessLicence, Until: later}, {Scope: d.ScopeSiteVisit, Until: later},
			{Scope: d.ScopeExportRegistration, Until: later}, {Scope: d.ScopeCertificates, Until: later}}}, Met, 15, "", ""},
		{"identity and licence", &ent.Producer{Verified: true, VerifiedUntil: &later, VerifiedScopes: []d.ScopeUntil{
			{Scope: d.ScopeIdentity, Until: later}, {Scope: d.ScopeBusinessLicence, Until: later}}}, Met, 10,
			"Verified by the trade office (identity checked, business licence checked) until 27 May 2027.",
			"Diverifikasi oleh dinas perdagangan (identitas diperiksa, izin usaha (NIB) diperiksa) sampai 27 Mei 2027."},
		{"site visit only", &ent.Producer{Verified: true, VerifiedUntil: &later, VerifiedScopes: []d.ScopeUntil{{Scope: d.ScopeSiteVisit, Until: later}}}, Partial, 3, "", ""},
		{"the licence check expired", &ent.Producer{Verified: true, VerifiedUntil: &later, VerifiedScopes: []d.ScopeUntil{
			{Scope: d.ScopeIdentity, Until: later}, {Scope: d.ScopeBusinessLicence, Until: earlier}}}, Partial, 5, "", ""},
		{"everything expired", &ent.Producer{Verified: true, VerifiedUntil: &earlier, VerifiedScopes: []d.ScopeUntil{
			{Scope: d.ScopeIdentity, Until: earlier}}}, Unmet, 0, "The trade office's verification has expired.", "Verifikasi dinas perdagangan sudah kedaluwarsa."},
		{"a flag from before the records", &ent.Producer{Verified: true, VerifiedAt: &earlier}, Met, 10, "", ""},
		{"a flag older than a year", &ent.Producer{Verified: true, VerifiedAt: ptr(now.AddDate(-1, 0, -1))}, Unmet, 0, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := r.verification(c.p)
			require.Equal(t, c.status, res.Status)
			require.InDelta(t, c.points, res.Points, 1e-9)
			if c.en != "" {
				require.Equal(t, c.en, res.Note.Text(i18n.English))
				require.Equal(t, c.id, res.Note.Text(i18n.Indonesian))
			}
		})
	}
}
