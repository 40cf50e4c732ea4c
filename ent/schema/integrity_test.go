package schema_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz"
	d "github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/testdb"
)

// TestCertificationProductOfItsProducer: a certificate created or moved by a
// direct ent write (as import and seeding do, bypassing the resolvers) may
// only cover a product of its own producer, and only an existing product.
func TestCertificationProductOfItsProducer(t *testing.T) {
	ctx := authz.System(context.Background())
	db := testdb.Open(t).Client
	producer := func(name string) int {
		return db.Producer.Create().SetName(name).SetDistrict("BRONDONG").SetSector(d.SectorFishery).SetSizeClass(d.SizeSmall).SaveX(ctx).ID
	}
	product := func(producer int) int {
		return db.Product.Create().SetProducerID(producer).SetNameEnglish("Frozen tengiri").SetNameIndonesian("Tengiri beku").
			SetHsCode("030359").SetForm(d.FormFrozen).SetUnit(d.UnitKG).SetCapacityAmount(10).
			SetCapacityUnit(d.UnitTonne).SetCapacityPeriod(d.PerMonth).
			SetPriceMin(money.MustParse("3.20")).SetPriceCurrency("USD").SetStatus(d.ProductActive).SaveX(ctx).ID
	}
	a, b := producer("Samudra"), producer("Mina Jaya")
	productA, productB := product(a), product(b)
	from, until := time.Now().AddDate(-1, 0, 0), time.Now().AddDate(1, 0, 0)
	create := func(producer, product int) error {
		return db.Certification.Create().SetProducerID(producer).SetProductID(product).SetType(d.CertHACCP).
			SetValidFrom(from).SetValidUntil(until).Exec(ctx)
	}
	code := func(err error) string {
		var e *apperr.Error
		require.True(t, errors.As(err, &e), "want an apperr.Error, got %v", err)
		return e.Code
	}

	require.NoError(t, create(a, productA))
	err := create(a, productB)
	require.Error(t, err, "a certificate for another producer's product was stored")
	require.Equal(t, apperr.CodeBadUserInput, code(err))
	err = create(a, productB+1000)
	require.Error(t, err, "a certificate for a missing product was stored")
	require.Equal(t, apperr.CodeNotFound, code(err))

	// Moving an existing certificate onto another producer's product.
	c := db.Certification.Create().SetProducerID(a).SetType(d.CertHalal).SetValidFrom(from).SetValidUntil(until).SaveX(ctx)
	err = db.Certification.UpdateOneID(c.ID).SetProductID(productB).Exec(ctx)
	require.Error(t, err, "a certificate was moved onto another producer's product")
	require.Equal(t, apperr.CodeBadUserInput, code(err))
	require.NoError(t, db.Certification.UpdateOneID(c.ID).SetProductID(productA).Exec(ctx))
}
