package authz_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/viewer"
)

func as(role domain.Role, producer *int) context.Context {
	return viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: 1, Role: role, ProducerID: producer})
}

// TestCanImportFor: members import for their own producer, the trade office
// for any; a member of another producer, a buyer and an anonymous caller may not.
func TestCanImportFor(t *testing.T) {
	one, two := 1, 2
	require.NoError(t, authz.CanImportFor(as(domain.RoleProducer, &one), one))
	require.NoError(t, authz.CanImportFor(as(domain.RoleAdmin, nil), two))
	for name, ctx := range map[string]context.Context{
		"another producer": as(domain.RoleProducer, &two),
		"a buyer":          as(domain.RoleBuyer, nil),
		"anonymous":        context.Background(),
	} {
		require.Equal(t, apperr.CodeForbidden, apperr.CodeOf(authz.CanImportFor(ctx, one)), name)
	}
}

// TestLeadsProducer: live leads go to the producer the account acts for only.
func TestLeadsProducer(t *testing.T) {
	one := 1
	id, err := authz.LeadsProducer(as(domain.RoleProducer, &one))
	require.NoError(t, err)
	require.Equal(t, one, id)
	_, err = authz.LeadsProducer(as(domain.RoleBuyer, nil))
	require.Equal(t, apperr.CodeForbidden, apperr.CodeOf(err))
	_, err = authz.LeadsProducer(context.Background())
	require.Equal(t, apperr.CodeUnauthenticated, apperr.CodeOf(err))
}
