package match

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent"
	d "github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/i18n"
	"github.com/exportiva/exportiva/internal/money"
)

// TestExplanationsInIndonesian: every criterion explains itself in
// Indonesian, with its facts (units, countries, certificates, dates, counts,
// regions) written in Indonesian too; English stays as it was.
func TestExplanationsInIndonesian(t *testing.T) {
	c := newCatalog(t)
	type want struct{ key, en, id string }
	cases := []struct {
		req  Request
		want map[Criterion]want
	}{
		{Request{Need: d.Need{Query: "tengiri", Quantity: qty(8, d.UnitTonne, d.PerMonth), Country: "TH", MaxPrice: &Money{Amount: money.MustParse("3"), Currency: "USD"}, IncludePartial: true, Incoterm: ptr(d.Incoterm("FOB"))}},
			map[Criterion]want{
				Commodity:     {"A", `"Frozen Spanish mackerel" answers “tengiri”.`, `"Frozen Spanish mackerel" sesuai dengan “tengiri”.`},
				Volume:        {"A", "Can supply 10 t a month; you need 8 t (125% covered).", "Dapat memasok 10 ton per bulan; Anda membutuhkan 8 ton (125% terpenuhi)."},
				MOQ:           {"A", "Minimum order 1000 kg is within your 8 t.", "Pesanan minimum 1000 kg masih dalam 8 ton Anda."},
				Destination:   {"A", "Ships to Thailand.", "Dikirim ke Thailand."},
				Certification: {"A", "Holds every certificate required: HACCP, health certificate; 1 more certificate(s) held.", "Memiliki semua sertifikat yang disyaratkan: HACCP, sertifikat kesehatan; 1 sertifikat lain dimiliki."},
				Price:         {"A", "From USD 3.20 per kg, 7% above your maximum of USD 3.", "Mulai USD 3.20 per kg, 7% di atas batas maksimum Anda USD 3."},
				Incoterm:      {"A", "Prices are CFR, you asked FOB: compare with care, the costs each side bears differ.", "Harga CFR, Anda meminta FOB: bandingkan dengan cermat, biaya yang ditanggung tiap pihak berbeda."},
				TrackRecord:   {"A", "Has shipped HS chapter 03 to Thailand 2 times.", "Pernah mengirim bab HS 03 ke Thailand 2 kali."},
				Verification:  {"A", "Verified by the trade office (identity checked, business licence checked, site visited, export registration checked, certificates checked) until 27 Aug 2027.", "Diverifikasi oleh dinas perdagangan (identitas diperiksa, izin usaha (NIB) diperiksa, kunjungan lokasi, registrasi ekspor diperiksa, dokumen sertifikat diperiksa) sampai 27 Agu 2027."},
				LeadTime:      {"A", "Ships 14 days after order.", "Dikirim 14 hari setelah pemesanan."},
			}},
		{Request{Need: d.Need{HSCodes: []string{"0303"}, Query: "tuna", Quantity: qty(2, d.UnitTonne, d.PerShipment), Country: "MY", IncludePartial: true, DeliverBy: ptr(now.AddDate(0, 0, 25))}},
			map[Criterion]want{
				Commodity:     {"B", `HS 0303.43 is within 0303; "Frozen skipjack tuna" answers “tuna”.`, `HS 0303.43 termasuk dalam 0303; "Frozen skipjack tuna" sesuai dengan “tuna”.`},
				Volume:        {"B", "Can supply 1.786 t of the 2 t you need by your delivery date (0.8 months) (89%).", "Dapat memasok 1.786 ton dari 2 ton yang Anda butuhkan sampai tanggal pengiriman Anda (0.8 bulan) (89%)."},
				Certification: {"B", "Missing HACCP (expired 17 Nov 2026), required for Malaysia.", "Tidak memiliki HACCP (kedaluwarsa 17 Nov 2026), yang disyaratkan untuk Malaysia."},
				TrackRecord:   {"B", "Has shipped HS chapter 03 to Vietnam (South-eastern Asia), not yet to Malaysia.", "Pernah mengirim bab HS 03 ke Vietnam (Asia Tenggara), belum ke Malaysia."},
				Verification:  {"B", "Not yet verified by the trade office.", "Belum diverifikasi oleh dinas perdagangan."},
				MOQ:           {"H", "No minimum order.", "Tanpa pesanan minimum."},
				Price:         {"H", "From USD 5.00 per kg.", "Mulai USD 5.00 per kg."},
				Incoterm:      {"H", "Any Incoterm accepted.", "Incoterm apa pun diterima."},
			}},
		{Request{Need: d.Need{Query: "tengiri", Quantity: qty(800, d.UnitKG, d.PerMonth), Country: "TH", IncludePartial: true}},
			map[Criterion]want{
				MOQ: {"A", "Minimum order 1000 kg exceeds your 800 kg.", "Pesanan minimum 1000 kg melebihi 800 kg Anda."},
			}},
	}
	for _, tc := range cases {
		o := c.find(t, tc.req)
		for cr, w := range tc.want {
			m := c.match(o, w.key)
			require.NotNil(t, m, "%s in %v", w.key, c.keys(o))
			res := criterion(m, cr)
			require.Equal(t, w.en, res.Detail(), "%s %s", w.key, cr)
			require.Equal(t, w.id, res.Text(i18n.Indonesian), "%s %s", w.key, cr)
		}
	}
}

// TestEveryNoteHasItsTranslation: whatever a criterion says, over a spread of
// needs, has an Indonesian text.
func TestEveryNoteHasItsTranslation(t *testing.T) {
	c := newCatalog(t)
	c.extra(t, "CHF", func(b *ent.ProductCreate) { b.SetPriceMin(money.MustParse("3")).SetPriceCurrency("CHF") })
	seen := map[Criterion]bool{}
	for _, r := range []Request{
		{Need: d.Need{Query: "tengiri", Quantity: qty(8, d.UnitTonne, d.PerMonth), Country: "TH", IncludePartial: true}},
		{Need: d.Need{Query: "tengiri", Quantity: qty(2, d.UnitTonne, d.PerWeek), Country: "TH", IncludePartial: true, MaxPrice: &Money{Amount: money.MustParse("3.3"), Currency: "USD"}, Incoterm: ptr(d.Incoterm("CIF"))}},
		{Need: d.Need{Query: "tengiri", Quantity: qty(800, d.UnitKG, d.PerMonth), Country: "TH", IncludePartial: true, DeliverBy: ptr(now.AddDate(0, 0, 11))}},
		{Need: d.Need{Query: "tengiri", Quantity: qty(8, d.UnitTonne, d.PerYear), Country: "US", IncludePartial: true, MaxPrice: &Money{Amount: money.MustParse("100"), Currency: "THB"}}},
		{Need: d.Need{HSCodes: []string{"0303"}, Quantity: qty(5, d.UnitTonne, d.PerMonth), Country: "NL", IncludePartial: true}},
		{Need: d.Need{Query: "sepatu", Quantity: qty(100, d.UnitDozen, d.PerMonth), Country: "DE", IncludePartial: true}},
		{Need: d.Need{Query: "rajungan", Quantity: qty(2000, d.UnitLB, d.PerMonth), Country: "AE", IncludePartial: true}},
		{Need: d.Need{Query: "skipjack", Quantity: qty(1, d.UnitTonne, d.PerMonth), Country: "MY", IncludePartial: true}},
	} {
		for _, m := range c.find(t, r).Matches {
			for _, cr := range m.Criteria {
				seen[cr.Criterion] = true
				require.True(t, i18n.Has(i18n.Indonesian, cr.Note.Format), "%q has no Indonesian text", cr.Note.Format)
				require.NotEmpty(t, cr.Text(i18n.Indonesian))
			}
		}
	}
	require.Len(t, seen, len(Criteria.Values), "every criterion was seen")
}
