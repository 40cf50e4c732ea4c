package stats_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/stats"
	"github.com/exportiva/exportiva/internal/testdb"
	"github.com/exportiva/exportiva/internal/validate"
)

// TestSumsPastSixtyFourBits: values at the bound sum exactly past int64, with
// odd low parts so that both partial sums matter.
func TestSumsPastSixtyFourBits(t *testing.T) {
	db := testdb.Open(t).Client
	ctx := authz.System(context.Background())
	p, err := db.Producer.Create().SetName("Samudra").SetDistrict(domain.District("PACIRAN")).SetSector(domain.Sector("FISHERY")).SetSizeClass(domain.SizeClass("SMALL")).Save(ctx)
	require.NoError(t, err)
	odd := validate.MaxExportValue - money.MustParse("0.0001")
	const n = 1000
	bs := make([]*ent.ExportRecordCreate, n)
	for i := range bs {
		bs[i] = db.ExportRecord.Create().SetProducerID(p.ID).SetDestinationCountry("TH").SetHsCode("030359").
			SetQuantityKg(1).SetValue(odd).SetCurrency("USD").SetShippedOn(time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC))
	}
	require.NoError(t, db.ExportRecord.CreateBulk(bs...).Exec(ctx))
	rows, err := stats.Exports(ctx, db, []stats.Dimension{stats.Year}, nil, "USD")
	require.NoError(t, err)
	require.Len(t, rows, 1)
	require.Equal(t, n, rows[0].Shipments)
	// 1000 × (10^14 − 0.0001) = 10^17 − 0.1
	require.Equal(t, "99999999999999999.9", rows[0].Value.String())
	require.Equal(t, 2025, rows[0].Year)
}
