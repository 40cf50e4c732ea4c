package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/auth"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/demo"
	"github.com/exportiva/exportiva/internal/domain"
)

func TestSignUpLogInLogOut(t *testing.T) {
	e := newEnv(t, false).as("")
	tok := signUp(t, e, "budi@samudra.example.id", "PRODUCER")
	// The token works, and is stored only as a hash.
	var v struct {
		Viewer struct {
			Email, Role string
			Producer    *struct{ ID string }
		}
	}
	e.as(tok).ok(`{ viewer { email role producer { id } } }`, nil, &v)
	require.Equal(t, "budi@samudra.example.id", v.Viewer.Email)
	require.Equal(t, "PRODUCER", v.Viewer.Role)
	require.Nil(t, v.Viewer.Producer)
	for _, s := range e.db.Client.Session.Query().AllX(authz.System(context.Background())) {
		require.NotEqual(t, tok, s.TokenHash)
		require.NotContains(t, s.TokenHash, strings.TrimPrefix(tok, "exv_"))
	}
	// Creating the organization makes the account its member.
	e.as(tok).ok(`mutation { createProducer(input: {name: "Samudra", district: BRONDONG, sector: FISHERY, sizeClass: SMALL}) { producer { id } } }`, nil, nil)
	e.as(tok).ok(`{ viewer { email role producer { id } } }`, nil, &v)
	require.NotNil(t, v.Viewer.Producer)

	e.fails("CONFLICT", `mutation { signUp(input: {email: "budi@samudra.example.id", password: "another-password", displayName: "B", role: BUYER}) { token } }`, nil)
	e.fails("BAD_USER_INPUT", `mutation { signUp(input: {email: "x@example.id", password: "short", displayName: "X", role: BUYER}) { token } }`, nil)
	e.fails("BAD_USER_INPUT", `mutation { signUp(input: {email: "x@example.id", password: "long-enough-pw", displayName: "X", role: ADMIN}) { token } }`, nil)
	e.fails("BAD_USER_INPUT", `mutation { signUp(input: {email: "not-an-email", password: "long-enough-pw", displayName: "X", role: BUYER}) { token } }`, nil)

	// Unknown e-mail and wrong password read the same.
	wrong := e.fails("UNAUTHENTICATED", `mutation { logIn(email: "budi@samudra.example.id", password: "wrong-password") { token } }`, nil)
	unknown := e.fails("UNAUTHENTICATED", `mutation { logIn(email: "nobody@samudra.example.id", password: "wrong-password") { token } }`, nil)
	require.Equal(t, wrong.Errors[0].Message, unknown.Errors[0].Message)

	var in struct{ LogIn struct{ Token string } }
	e.ok(`mutation { logIn(email: "BUDI@samudra.example.id", password: "correct-horse-battery") { token expiresAt account { email } } }`, nil, &in)
	second := in.LogIn.Token
	require.NotEqual(t, tok, second)

	// logOut revokes only the token in use.
	var out struct{ LogOut bool }
	e.as(tok).ok(`mutation { logOut }`, nil, &out)
	require.True(t, out.LogOut)
	r := e.as(tok).do(`{ viewer { email } }`, nil)
	require.Equal(t, http.StatusUnauthorized, r.status)
	require.Equal(t, "UNAUTHENTICATED", r.code())
	e.as(second).ok(`{ viewer { email } }`, nil, &v)

	r = e.as("exv_forged").do(`{ viewer { email } }`, nil)
	require.Equal(t, http.StatusUnauthorized, r.status)
	e.fails("UNAUTHENTICATED", `mutation { logOut }`, nil)
}

func TestLogInThrottle(t *testing.T) {
	e := newEnv(t, false).as("")
	signUp(t, e, "siti@mina.example.id", "BUYER")
	for i := 0; i < 5; i++ {
		e.fails("UNAUTHENTICATED", `mutation { logIn(email: "siti@mina.example.id", password: "wrong-password") { token } }`, nil)
	}
	// The account is now throttled, even with the right password.
	r := e.fails("RATE_LIMITED", `mutation { logIn(email: "siti@mina.example.id", password: "correct-horse-battery") { token } }`, nil)
	require.Positive(t, r.Errors[0].Extensions["retryAfter"])
}

func TestExpiredToken(t *testing.T) {
	e := newEnv(t, false)
	a := auth.New(e.db.Client)
	a.Cost = 4
	a.TTL = -1 // already expired
	a.Now = func() time.Time { return now }
	ctx := context.Background()
	_, err := a.Create(ctx, "old@example.id", "correct-horse-battery", "Old", domain.RoleBuyer)
	require.NoError(t, err)
	s, err := a.LogIn(ctx, "old@example.id", "correct-horse-battery", "test")
	require.NoError(t, err)
	r := e.as(s.Token).do(`{ viewer { email } }`, nil)
	require.Equal(t, http.StatusUnauthorized, r.status)
}

func TestDemoAccounts(t *testing.T) {
	e := newEnv(t, true)
	a := auth.New(e.db.Client)
	a.Cost = 4
	list, err := demo.Accounts(context.Background(), e.db.Client, a)
	require.NoError(t, err)
	require.Len(t, list, 5)
	again, err := demo.Accounts(context.Background(), e.db.Client, a)
	require.NoError(t, err)
	require.Equal(t, list, again, "idempotent")
	var in struct{ LogIn struct{ Token string } }
	e.as("").ok(`mutation { logIn(email: "producer1@demo.exportiva.test", password: "lamongan-demo") { token } }`, nil, &in)
	var leads struct {
		Leads struct{ TotalCount int }
	}
	e.as(in.LogIn.Token).ok(`{ leads(first: 10) { totalCount } }`, nil, &leads)
	require.Positive(t, leads.Leads.TotalCount, "producer1 sells what the Bangkok buy request asks for")
}
