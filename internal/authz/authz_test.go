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

// TestCanSeeContact: a producer's contact details are for every signed-in
// account; a buyer's for its own members and the trade office; anonymous
// viewers see neither.
func TestCanSeeContact(t *testing.T) {
	one, two := 1, 2
	buyer := func(id int) context.Context {
		return viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: 3, Role: domain.RoleBuyer, BuyerID: &id})
	}
	for _, tc := range []struct {
		name              string
		ctx               context.Context
		producer, buyerOf bool
	}{
		{"anonymous", context.Background(), false, false},
		{"a producer member", as(domain.RoleProducer, &two), true, false},
		{"the buyer's member", buyer(one), true, true},
		{"another buyer's member", buyer(two), true, false},
		{"the trade office", as(domain.RoleAdmin, nil), true, true},
	} {
		require.Equal(t, tc.producer, authz.CanSeeContact(tc.ctx, domain.PartyProducer, one), "%s: a producer's contact", tc.name)
		require.Equal(t, tc.buyerOf, authz.CanSeeContact(tc.ctx, domain.PartyBuyer, one), "%s: buyer 1's contact", tc.name)
	}
	require.False(t, authz.CanSeeContact(as(domain.RoleAdmin, nil), domain.Party("SOMEONE"), one), "unknown parties see nothing")
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
