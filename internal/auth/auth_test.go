package auth_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/auth"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/events"
	"github.com/exportiva/exportiva/internal/testdb"
)

const password = "correct-horse-battery"

// service returns an auth service on a fresh database with a clock the test moves.
func service(t *testing.T) (*auth.Service, *time.Time) {
	t.Helper()
	db := testdb.Open(t)
	a := auth.New(db.Client)
	a.Cost = bcrypt.MinCost
	clock := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	a.Now = func() time.Time { return clock }
	return a, &clock
}

func create(t *testing.T, a *auth.Service, email string) {
	t.Helper()
	_, err := a.Create(context.Background(), email, password, "Owner", domain.RoleBuyer)
	require.NoError(t, err)
}

func TestTargetedLockOut(t *testing.T) {
	ctx := context.Background()
	t.Run("an attacker from one address cannot lock the owner out of another", func(t *testing.T) {
		a, _ := service(t)
		create(t, a, "office@disperindag.example.id")
		for i := 0; i < 30; i++ {
			_, err := a.LogIn(ctx, "office@disperindag.example.id", "wrong-password", "198.51.100.7")
			require.Error(t, err)
		}
		_, err := a.LogIn(ctx, "office@disperindag.example.id", password, "203.0.113.20")
		require.NoError(t, err, "the owner signs in from another address")
	})
	t.Run("brute force from one address is throttled", func(t *testing.T) {
		a, clock := service(t)
		create(t, a, "office@disperindag.example.id")
		for i := 0; i < 5; i++ {
			_, err := a.LogIn(ctx, "office@disperindag.example.id", "wrong-password", "198.51.100.7")
			require.Equal(t, apperr.CodeUnauthenticated, apperr.CodeOf(err))
		}
		_, err := a.LogIn(ctx, "office@disperindag.example.id", password, "198.51.100.7")
		require.Equal(t, apperr.CodeRateLimited, apperr.CodeOf(err), "even the right password waits")
		require.Positive(t, err.(*apperr.Error).RetryAfter)
		// Spraying many accounts from one address hits the address's limit.
		for i := 0; i < 20; i++ {
			_, _ = a.LogIn(ctx, "someone"+strings.Repeat("x", i)+"@example.id", "wrong-password", "198.51.100.8")
		}
		_, err = a.LogIn(ctx, "office@disperindag.example.id", password, "198.51.100.8")
		require.Equal(t, apperr.CodeRateLimited, apperr.CodeOf(err))
		*clock = clock.Add(16 * time.Minute)
		_, err = a.LogIn(ctx, "office@disperindag.example.id", password, "198.51.100.7")
		require.NoError(t, err, "the window passed")
	})
	t.Run("distributed guessing hits the account's limit; a known-good address passes", func(t *testing.T) {
		a, _ := service(t)
		create(t, a, "office@disperindag.example.id")
		_, err := a.LogIn(ctx, "office@disperindag.example.id", password, "203.0.113.20") // the owner's office
		require.NoError(t, err)
		for i := 0; i < 50; i++ { // 4 guesses from each of 13 addresses: under the per-address limits
			addr := "198.51.100." + string(rune('a'+i/4))
			_, err := a.LogIn(ctx, "office@disperindag.example.id", "wrong-password", addr)
			require.Equal(t, apperr.CodeUnauthenticated, apperr.CodeOf(err), "guess %d", i)
		}
		_, err = a.LogIn(ctx, "office@disperindag.example.id", password, "192.0.2.99")
		require.Equal(t, apperr.CodeRateLimited, apperr.CodeOf(err), "a new address waits, even with the right password")
		_, err = a.LogIn(ctx, "office@disperindag.example.id", "wrong-password", "203.0.113.20")
		require.Equal(t, apperr.CodeUnauthenticated, apperr.CodeOf(err), "the known address still has its password checked")
		_, err = a.LogIn(ctx, "office@disperindag.example.id", password, "203.0.113.20")
		require.NoError(t, err, "the owner's known address passes with the right password")
	})
}

func TestSignUpThrottledAndProbesCost(t *testing.T) {
	ctx := context.Background()
	a, _ := service(t)
	create(t, a, "taken@example.id")
	in := func(email string) auth.SignUpInput {
		return auth.SignUpInput{Email: email, Password: password, DisplayName: "X", Role: domain.RoleBuyer, Client: "198.51.100.7"}
	}
	// Probing registered e-mails spends the address's failed-log-in budget.
	for i := 0; i < 20; i++ {
		_, err := a.SignUp(ctx, in("taken@example.id"))
		require.Equal(t, apperr.CodeConflict, apperr.CodeOf(err), "probe %d", i)
	}
	_, err := a.SignUp(ctx, in("taken@example.id"))
	require.Equal(t, apperr.CodeRateLimited, apperr.CodeOf(err))
	_, err = a.LogIn(ctx, "taken@example.id", password, "198.51.100.7")
	require.Equal(t, apperr.CodeRateLimited, apperr.CodeOf(err), "the prober's address is throttled for log-in too")

	// Sign-ups from one address are capped.
	b, _ := service(t)
	for i := 0; i < 20; i++ {
		_, err := b.SignUp(ctx, in("new"+strings.Repeat("x", i)+"@example.id"))
		require.NoError(t, err)
	}
	_, err = b.SignUp(ctx, in("one-more@example.id"))
	require.Equal(t, apperr.CodeRateLimited, apperr.CodeOf(err))
	other := in("from-elsewhere@example.id")
	other.Client = "203.0.113.20"
	_, err = b.SignUp(ctx, other)
	require.NoError(t, err, "another address is not affected")
}

func TestLongPasswordRefusedAtLogIn(t *testing.T) {
	ctx := context.Background()
	a, _ := service(t)
	pw72 := strings.Repeat("p", 72)
	_, err := a.Create(ctx, "long@example.id", pw72, "Long", domain.RoleBuyer)
	require.NoError(t, err)
	_, err = a.LogIn(ctx, "long@example.id", pw72+"X", "test") // bcrypt alone would accept it
	require.Equal(t, apperr.CodeBadUserInput, apperr.CodeOf(err))
	_, err = a.LogIn(ctx, "long@example.id", pw72, "test")
	require.NoError(t, err)
	_, err = a.Create(ctx, "longer@example.id", pw72+"X", "Longer", domain.RoleBuyer)
	require.Equal(t, apperr.CodeBadUserInput, apperr.CodeOf(err), "as at sign-up")
}

func TestLookAlikeEmails(t *testing.T) {
	ctx := context.Background()
	a, _ := service(t)
	create(t, a, "admin@dinas.example.id")
	for _, look := range []string{
		"ａdmin@dinas.example.id",       // fullwidth a
		"ad\u200bmin@dinas.example.id", // zero-width space
		"admin\u200d@dinas.example.id", // zero-width joiner
		"\ufeffADMIN@DINAS.example.id", // byte-order mark, capitals
		"ad\u00admin@dinas.example.id", // soft hyphen
		"ａｄｍｉｎ＠ｄｉｎａｓ．ｅｘａｍｐｌｅ．ｉｄ",       // all fullwidth
	} {
		_, err := a.Create(ctx, look, password, "Look-alike", domain.RoleBuyer)
		require.Equal(t, apperr.CodeConflict, apperr.CodeOf(err), "%q is the same account", look)
		s, err := a.LogIn(ctx, look, password, "test")
		require.NoError(t, err, "%q signs in as the account", look)
		require.Equal(t, "admin@dinas.example.id", s.Account.Email)
	}
	s, err := a.SignUp(ctx, auth.SignUpInput{Email: "ｂudi@dinas.example.id", Password: password, DisplayName: "Budi", Role: domain.RoleBuyer})
	require.NoError(t, err)
	require.Equal(t, "budi@dinas.example.id", s.Account.Email, "stored normalized")
}

func TestDisabledAndDeletedAccounts(t *testing.T) {
	ctx := context.Background()
	a, _ := service(t)
	bus := events.NewLocal()
	a.Bus = bus
	var heard []int
	bus.Listen(events.SessionsRevoked, func(e events.Event) { heard = append(heard, e.ID) })
	create(t, a, "owner@example.id")
	s, err := a.LogIn(ctx, "owner@example.id", password, "test")
	require.NoError(t, err)
	g, err := a.Check(ctx, s.Token)
	require.NoError(t, err)
	require.True(t, s.ExpiresAt.Equal(g.ExpiresAt))

	require.NoError(t, a.SetDisabled(ctx, s.Account.ID, true))
	require.Equal(t, []int{s.Account.ID}, heard, "the revocation is announced")
	_, err = a.Check(ctx, s.Token)
	require.ErrorIs(t, err, auth.ErrBadToken)
	_, err = a.LogIn(ctx, "owner@example.id", password, "test")
	require.Equal(t, apperr.CodeForbidden, apperr.CodeOf(err), "a disabled account cannot sign in")
	_, err = a.LogIn(ctx, "owner@example.id", "wrong-password", "test")
	require.Equal(t, apperr.CodeUnauthenticated, apperr.CodeOf(err), "nothing is said without the password")

	// Enabled again, it signs in; its old token stays revoked.
	require.NoError(t, a.SetDisabled(ctx, s.Account.ID, false))
	s2, err := a.LogIn(ctx, "owner@example.id", password, "test")
	require.NoError(t, err)
	_, err = a.Check(ctx, s.Token)
	require.ErrorIs(t, err, auth.ErrBadToken)
	valid, err := a.Valid(ctx, []int{g.SessionID})
	require.NoError(t, err)
	require.False(t, valid[g.SessionID])

	// RevokeAll ends every session.
	s3, err := a.LogIn(ctx, "owner@example.id", password, "test")
	require.NoError(t, err)
	n, err := a.RevokeAll(ctx, s.Account.ID)
	require.NoError(t, err)
	require.Equal(t, 2, n)
	for _, tok := range []string{s2.Token, s3.Token} {
		_, err = a.Check(ctx, tok)
		require.ErrorIs(t, err, auth.ErrBadToken)
	}
}

func TestTokenOfDeletedAccount(t *testing.T) {
	ctx := context.Background()
	a, _ := service(t)
	create(t, a, "gone@example.id")
	s, err := a.LogIn(ctx, "gone@example.id", password, "test")
	require.NoError(t, err)
	// The account row goes while its session stays: what an operator deleting
	// it by hand leaves (foreign keys are set aside inside this transaction).
	tx, err := a.DB.Tx(ctx)
	require.NoError(t, err)
	defer func() { _ = tx.Rollback() }()
	off := "PRAGMA defer_foreign_keys = ON"
	if testdb.Dialect() == dialect.Postgres {
		off = "SET LOCAL session_replication_role = replica"
	}
	_, err = tx.ExecContext(ctx, off)
	require.NoError(t, err)
	require.NoError(t, tx.Account.DeleteOneID(s.Account.ID).Exec(authz.System(ctx)))
	_, err = a.Authenticate(ent.NewContext(ctx, tx.Client()), s.Token)
	require.ErrorIs(t, err, auth.ErrBadToken)
}
