package demo

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/geo"
	"github.com/exportiva/exportiva/internal/hs"
	"github.com/exportiva/exportiva/internal/testdb"
)

// TestReferenceDataCoversTheCatalog: every HS heading the demo and synthetic
// catalogs use has titles in both languages, and every port and country they
// name is in the reference lists.
func TestReferenceDataCoversTheCatalog(t *testing.T) {
	for sector, list := range templates {
		for _, p := range list {
			_, h, ok := hs.Describe(p.hs)
			require.True(t, ok, "%s %s", sector, p.hs)
			require.NotNil(t, h, "heading of %s (%s) has no title", p.hs, sector)
		}
	}
	for _, c := range buyerCountries {
		_, ok := geo.LookupCountry(c)
		require.True(t, ok, c)
	}
	db := testdb.Open(t).Client
	_, err := Load(context.Background(), db, now)
	require.NoError(t, err)
	ctx := authz.System(context.Background())
	for _, br := range db.BuyRequest.Query().AllX(ctx) {
		if br.DestinationPort != nil {
			_, ok := geo.LookupPort(*br.DestinationPort)
			require.True(t, ok, "port %s of %q", *br.DestinationPort, br.Title)
		}
	}
	for _, e := range db.ExportRecord.Query().AllX(ctx) {
		if e.DestinationPort != nil {
			_, ok := geo.LookupPort(*e.DestinationPort)
			require.True(t, ok, "port %s", *e.DestinationPort)
		}
		_, h, ok := hs.Describe(e.HsCode)
		require.True(t, ok && h != nil, e.HsCode)
	}
	for _, b := range db.Buyer.Query().AllX(ctx) {
		_, ok := geo.LookupCountry(b.Country)
		require.True(t, ok, b.Country)
	}
}
