package match

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/i18n"
)

// TestResponseRateScores pins the RESPONSE_RATE criterion (docs/MATCHING.md):
// 5 points × the share answered within 24 hours, MET from 80 %, UNMET below
// 50 %, nothing on fewer than 5 inquiries; in both languages.
func TestResponseRateScores(t *testing.T) {
	at := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	median := func(s int) *int { return &s }
	cases := []struct {
		name   string
		p      *ent.Producer
		status Status
		points float64
		en, id string
	}{
		{"no figures", &ent.Producer{}, Partial, 0,
			"Too few inquiries in the last 30 days to tell how fast the producer replies.",
			"Pertanyaan dalam 30 hari terakhir terlalu sedikit untuk menilai kecepatan balasan produsen."},
		{"four inquiries", &ent.Producer{ResponseReceived: 4, ResponseReplied: 4, ResponseMedianSeconds: median(60), ResponseComputedAt: &at}, Partial, 0, "", ""},
		{"nine of ten", &ent.Producer{ResponseReceived: 10, ResponseReplied: 9, ResponseMedianSeconds: median(5400), ResponseComputedAt: &at}, Met, 4.5,
			"Answered 9 of 10 inquiries within 24 hours in the last 30 days (median first reply 1.5 hours).",
			"Menjawab 9 dari 10 pertanyaan dalam 24 jam selama 30 hari terakhir (median balasan pertama 1.5 jam)."},
		{"three of five", &ent.Producer{ResponseReceived: 5, ResponseReplied: 3, ResponseMedianSeconds: median(90000), ResponseComputedAt: &at}, Partial, 3, "", ""},
		{"one of five", &ent.Producer{ResponseReceived: 5, ResponseReplied: 1, ResponseMedianSeconds: median(200000), ResponseComputedAt: &at}, Unmet, 1, "", ""},
		{"none answered", &ent.Producer{ResponseReceived: 6, ResponseComputedAt: &at}, Unmet, 0,
			"Answered none of 6 inquiries in the last 30 days.", "Tidak menjawab satu pun dari 6 pertanyaan dalam 30 hari terakhir."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := responseRate(c.p)
			require.Equal(t, c.status, res.Status)
			require.InDelta(t, c.points, res.Points, 1e-9)
			require.False(t, res.blocking, "score only")
			if c.en != "" {
				require.Equal(t, c.en, res.Note.Text(i18n.English))
				require.Equal(t, c.id, res.Note.Text(i18n.Indonesian))
			}
		})
	}
}
