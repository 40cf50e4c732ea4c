package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	coderws "github.com/coder/websocket"
	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent/account"
	"github.com/exportiva/exportiva/internal/auth"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/demo"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/server"
	"github.com/exportiva/exportiva/internal/testdb"
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

// TestTokenRateLimitKeyedOnToken: however the header spells "Bearer" and spaces
// the token, one token is one bucket ("bearer" and extra spaces escaped it).
func TestTokenRateLimitKeyedOnToken(t *testing.T) {
	e := newEnvOn(t, testdb.Open(t), func(c *server.Config) { c.RateLimitToken = 3 })
	var statuses []int
	for _, h := range []string{"Bearer %s", "bearer  %s", "BEARER %s ", "Bearer   %s", " bEaReR %s"} {
		req, err := http.NewRequest(http.MethodPost, e.srv.URL+"/query", strings.NewReader(`{"query":"{ viewer { email } }"}`))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", fmt.Sprintf(h, e.token))
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		res.Body.Close()
		statuses = append(statuses, res.StatusCode)
	}
	require.Equal(t, []int{200, 200, 200, 429, 429}, statuses)
}

// TestWebsocketHandshakesOwnBucket: a client reconnecting its websocket in a
// loop spends the handshake bucket of its address, not the one of its queries.
func TestWebsocketHandshakesOwnBucket(t *testing.T) {
	e := newEnvOn(t, testdb.Open(t), func(c *server.Config) { c.RateLimitIP, c.RateLimitWebsocket = 10, 5 })
	url := "ws" + strings.TrimPrefix(e.srv.URL, "http") + "/query"
	refused := 0
	for i := 0; i < 30; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		conn, res, err := coderws.Dial(ctx, url, &coderws.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
		if err != nil {
			require.NotNil(t, res)
			require.Equal(t, http.StatusTooManyRequests, res.StatusCode)
			refused++
		} else {
			conn.CloseNow()
		}
		cancel()
	}
	require.Equal(t, 25, refused, "5 handshakes a minute")
	for i := 0; i < 5; i++ {
		r := e.as("").do(`{ __typename }`, nil)
		require.Equal(t, http.StatusOK, r.status, "queries of the address are not locked out")
	}
}

// TestTokenOfDeletedAccount: an account row deleted by hand while its session
// stays answered HTTP 500 with a nil-pointer panic; it is a bad token (401), and
// a websocket with it is refused with 4403.
func TestTokenOfDeletedAccount(t *testing.T) {
	e := newEnv(t, false)
	tok := e.account("gone@test.exportiva.test", domain.RoleBuyer)
	ctx := context.Background()
	drop := "PRAGMA foreign_keys = OFF" // on the one writer connection
	if testdb.Dialect() == "postgres" {
		drop = "ALTER TABLE sessions DROP CONSTRAINT sessions_accounts_sessions" // the test's own schema
	}
	err := e.db.Driver.Exec(ctx, drop, []any{}, nil)
	require.NoError(t, err)
	n, err := e.db.Client.Account.Delete().Where(account.Email("gone@test.exportiva.test")).Exec(authz.System(ctx))
	require.NoError(t, err)
	require.Equal(t, 1, n)
	if testdb.Dialect() != "postgres" {
		err = e.db.Driver.Exec(ctx, "PRAGMA foreign_keys = ON", []any{}, nil)
		require.NoError(t, err)
	}
	r := e.as(tok).do(`{ viewer { email } }`, nil)
	require.Equal(t, http.StatusUnauthorized, r.status)
	require.Equal(t, "UNAUTHENTICATED", r.code())
	code, _, _ := dialRaw(t, e, "Bearer "+tok).closed(3 * time.Second)
	require.Equal(t, coderws.StatusCode(4403), code)
}

// TestSignUpOff: with signUp turned off (production's default) it refuses a new
// and a registered address with the same FORBIDDEN answer, so it tells nothing
// of which addresses have accounts, and creates nothing; register still works.
func TestSignUpOff(t *testing.T) {
	e := newEnvOn(t, testdb.Open(t), func(c *server.Config) { c.SignUpOff = true }).as("")
	e.account("budi@samudra.example.id", domain.RoleProducer)
	ctx := authz.System(context.Background())
	before := e.db.Client.Account.Query().CountX(ctx)
	q := `mutation($e: String!) { signUp(input: {email: $e, password: "long-enough-pw", displayName: "X", role: BUYER}) { token } }`
	taken := e.fails("FORBIDDEN", q, map[string]any{"e": "budi@samudra.example.id"})
	fresh := e.fails("FORBIDDEN", q, map[string]any{"e": "somchai@siamocean.example.th"})
	require.Equal(t, taken.Errors[0].Message, fresh.Errors[0].Message)
	require.Contains(t, fresh.Errors[0].Message, "register")
	require.Equal(t, before, e.db.Client.Account.Query().CountX(ctx), "signUp created nothing")

	var r struct{ Register struct{ VerificationSent bool } }
	e.ok(`mutation { register(input: {email: "somchai@siamocean.example.th", password: "long-enough-pw", displayName: "S", role: BUYER}) { verificationSent } }`, nil, &r)
	require.True(t, r.Register.VerificationSent)
	require.Equal(t, before+1, e.db.Client.Account.Query().CountX(ctx))
}
