package fair_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/fair"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/viewer"
)

// TestReportDealsExactAndTargets: ten deals just under the validation bound
// (10^14 each) sum exactly past what a 64-bit SUM holds;
// the targets judge the acceptance rate against 40–60 % and say what is
// not measured yet.
func TestReportDealsExactAndTargets(t *testing.T) {
	w := newFair(t, 2)
	prod := w.producer(true, true)
	value := money.MustParse("99999999999999.9999")
	var ms []int
	for range 10 {
		b := w.buyer(true)
		m := w.request(b, prod)
		ms = append(ms, m.ID)
		w.db.Outcome.Create().SetMeetingID(m.ID).SetParty(domain.PartyProducer).SetBuyerID(m.BuyerID).SetProducerID(m.ProducerID).
			SetType(domain.OutcomeDeal).SetVolumeKg(8000).SetValue(value).SetCurrency("USD").SetDestinationCountry("TH").
			SetHsCode("030354").SetHsChapter("03").SetShipmentMonth("2024-06").ExecX(w.sys)
	}
	admin := adminCtx()
	rep, err := fair.BuildReport(admin, w.db, w.event.ID, now)
	require.NoError(t, err)
	require.Len(t, rep.Deals, 1)
	require.Equal(t, "999999999999999.999", rep.Deals[0].Value.String())
	require.Equal(t, 10, rep.Deals[0].Deals)
	byKind := func(r *fair.Report) map[string]fair.Target {
		out := map[string]fair.Target{}
		for _, t := range r.Targets {
			out[t.Kind] = t
		}
		return out
	}
	tg := byKind(rep)
	require.Len(t, tg, 3)
	require.True(t, tg[fair.TargetAcceptance].Measured)
	require.False(t, tg[fair.TargetAcceptance].Met, "nothing accepted yet")
	require.False(t, tg[fair.TargetKept].Measured, "no meeting is over")
	require.False(t, tg[fair.TargetKept].Met)
	require.InDelta(t, 2, tg[fair.TargetMeetingsPerAttendee].Min, 0)
	require.Nil(t, tg[fair.TargetKept].Max)
	require.InDelta(t, 0.6, *tg[fair.TargetAcceptance].Max, 1e-9)

	for _, id := range ms[:5] {
		_, err := fair.Accept(prod.ctx, w.db, id, nil, now)
		require.NoError(t, err)
	}
	rep, err = fair.BuildReport(admin, w.db, w.event.ID, now)
	require.NoError(t, err)
	tg = byKind(rep)
	require.InDelta(t, 0.5, tg[fair.TargetAcceptance].Actual, 1e-9)
	require.True(t, tg[fair.TargetAcceptance].Met, "half accepted is within 40–60 %")
	for _, id := range ms[5:9] {
		_, err := fair.Accept(prod.ctx, w.db, id, nil, now)
		require.NoError(t, err)
	}
	rep, err = fair.BuildReport(admin, w.db, w.event.ID, now)
	require.NoError(t, err)
	require.False(t, byKind(rep)[fair.TargetAcceptance].Met, "90 % accepted is above the anchor (buyers are not choosing)")
	csv, err := rep.CSV()
	require.NoError(t, err)
	require.Contains(t, string(csv), "targets,acceptance_rate,0.9000,0.4000 to 0.6000,not met\n")
	require.Contains(t, string(csv), "targets,kept_rate,0.0000,>= 0.8000,not measured\n")
	require.Contains(t, string(csv), "deals,TH/03,10,80000 kg,999999999999999.999,USD\n")
}

func adminCtx() context.Context {
	return viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: 1, Role: domain.RoleAdmin})
}
