package fx

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/testdb"
)

func TestSetAndLoad(t *testing.T) {
	db := testdb.Open(t).Client
	ctx := authz.System(context.Background())
	now := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	_, err := Set(ctx, db, " idr ", money.MustParse("16000"), now)
	require.NoError(t, err)
	_, err = Set(ctx, db, "IDR", money.MustParse("16250"), now)
	require.NoError(t, err)
	r, err := Load(ctx, db)
	require.NoError(t, err)
	require.Equal(t, money.Rates{"IDR": money.MustParse("16250")}, r, "one rate per currency, the latest")
	_, err = Set(ctx, db, "XYZ", money.MustParse("1"), now)
	require.Equal(t, apperr.CodeBadUserInput, apperr.CodeOf(err))
	_, err = Set(ctx, db, "EUR", 0, now)
	require.Equal(t, apperr.CodeBadUserInput, apperr.CodeOf(err))
}
