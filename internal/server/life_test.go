package server_test

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent/account"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/mail"
	"github.com/exportiva/exportiva/internal/mail/mailtest"
	"github.com/exportiva/exportiva/internal/server"
	"github.com/exportiva/exportiva/internal/testdb"
)

// clock is a test clock the test moves.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

// mailEnv is a server whose e-mails go over SMTP (STARTTLS, AUTH) to a real
// SMTP server started by the test.
func mailEnv(t *testing.T, adjust ...func(*server.Config)) (*env, *mailtest.Server, *clock) {
	smtpd := mailtest.Start(t)
	sender, err := mail.NewSMTP(smtpd.URL(), "Exportiva <noreply@exportiva.test>")
	require.NoError(t, err)
	sender.TLSConfig = smtpd.TLSConfig()
	c := &clock{t: now}
	e := newEnvOn(t, testdb.Open(t), append([]func(*server.Config){func(cfg *server.Config) {
		cfg.Mailer, cfg.AppURL, cfg.Clock = sender, "https://app.exportiva.test", c.now
	}}, adjust...)...)
	return e, smtpd, c
}

// deliver runs the outbox until nothing is due.
func (e *env) deliver() {
	e.t.Helper()
	require.NoError(e.t, e.svc.Outbox.Drain(authz.System(context.Background())))
}

var linkToken = regexp.MustCompile(`token=(exl_[A-Za-z0-9_-]+)`)

// lastLink is the token of the link in the newest e-mail to an address.
func lastLink(t *testing.T, smtpd *mailtest.Server, to string) string {
	t.Helper()
	msgs := smtpd.To(to)
	require.NotEmpty(t, msgs, "no e-mail to %s", to)
	m := linkToken.FindStringSubmatch(msgs[len(msgs)-1].Text)
	require.NotNil(t, m, "no link in %q", msgs[len(msgs)-1].Text)
	return m[1]
}

func TestAccountLife(t *testing.T) {
	e, smtpd, clk := mailEnv(t)
	anon := e.as("")
	reg := `mutation($in: SignUpInput!) { register(input: $in) { email verificationSent } }`
	in := map[string]any{"email": "Sari@Tengiri.example", "password": "correct-horse-battery", "displayName": "Sari", "role": "PRODUCER"}

	// register: an unverified account, a link in Indonesian for a producer.
	first := anon.do(reg, map[string]any{"in": in})
	require.Empty(t, first.Errors)
	e.deliver()
	msgs := smtpd.To("sari@tengiri.example")
	require.Len(t, msgs, 1)
	require.True(t, msgs[0].TLS)
	require.Equal(t, "Konfirmasi alamat email Anda untuk Exportiva", msgs[0].Subject)
	require.Contains(t, msgs[0].HTML, "https://app.exportiva.test/verify-email?token=exl_")
	verify := lastLink(t, smtpd, "sari@tengiri.example")

	// The same answer for an address that exists; its owner is told.
	again := anon.do(reg, map[string]any{"in": in})
	require.Empty(t, again.Errors)
	require.JSONEq(t, string(first.Data), string(again.Data), "register answers the same whether or not the address exists")
	e.deliver()
	msgs = smtpd.To("sari@tengiri.example")
	require.Len(t, msgs, 2)
	require.Contains(t, msgs[1].Subject, "Seseorang mencoba memakai alamat Anda")
	n, err := e.db.Client.Account.Query().Where(account.Email("sari@tengiri.example")).Count(authz.System(context.Background()))
	require.NoError(t, err)
	require.Equal(t, 1, n)

	// Unverified: signs in and browses, sets up its firm, but does not post.
	var li struct{ LogIn struct{ Token string } }
	anon.ok(`mutation { logIn(email: "sari@tengiri.example", password: "correct-horse-battery") { token } }`, nil, &li)
	sari := e.as(li.LogIn.Token)
	var who struct {
		Viewer struct {
			EmailVerified bool
			Language      string
		}
	}
	sari.ok(`{ viewer { emailVerified language } }`, nil, &who)
	require.False(t, who.Viewer.EmailVerified)
	require.Equal(t, "ID", who.Viewer.Language)
	var cp struct {
		CreateProducer struct{ Producer struct{ ID string } }
	}
	sari.ok(`mutation { createProducer(input: {name: "UD Sari", district: BRONDONG, sector: FISHERY, sizeClass: MICRO}) { producer { id } } }`, nil, &cp)
	sari.fails("EMAIL_NOT_VERIFIED", `mutation($in: CreateProductInput!) { createProduct(input: $in) { product { id } } }`, map[string]any{"in": productInput(cp.CreateProducer.Producer.ID)})

	// The link verifies once.
	anon.ok(`mutation($t: String!) { verifyEmail(token: $t) }`, map[string]any{"t": verify}, nil)
	r := anon.fails("BAD_USER_INPUT", `mutation($t: String!) { verifyEmail(token: $t) }`, map[string]any{"t": verify})
	require.Equal(t, []string{"token"}, r.field())
	sari.ok(`mutation($in: CreateProductInput!) { createProduct(input: $in) { product { id } } }`, map[string]any{"in": productInput(cp.CreateProducer.Producer.ID)}, nil)

	// Password reset: the same answer for a known and an unknown address;
	// only the known one gets an e-mail.
	before := len(smtpd.Messages())
	known := anon.do(`mutation { requestPasswordReset(email: "SARI@tengiri.example") }`, nil)
	unknown := anon.do(`mutation { requestPasswordReset(email: "nobody@tengiri.example") }`, nil)
	require.Empty(t, known.Errors)
	require.Equal(t, known, unknown)
	e.deliver()
	require.Len(t, smtpd.Messages(), before+1)
	require.Empty(t, smtpd.To("nobody@tengiri.example"))
	reset := lastLink(t, smtpd, "sari@tengiri.example")

	// A reset link past its hour fails; a fresh one works once and signs out
	// every session.
	clk.add(61 * time.Minute)
	r = anon.fails("BAD_USER_INPUT", `mutation($t: String!) { resetPassword(token: $t, newPassword: "another-horse-battery") }`, map[string]any{"t": reset})
	require.Equal(t, []string{"token"}, r.field())
	anon.ok(`mutation { requestPasswordReset(email: "sari@tengiri.example") }`, nil, nil)
	e.deliver()
	reset = lastLink(t, smtpd, "sari@tengiri.example")
	anon.fails("BAD_USER_INPUT", `mutation($t: String!) { resetPassword(token: $t, newPassword: "short") }`, map[string]any{"t": reset})
	anon.ok(`mutation($t: String!) { resetPassword(token: $t, newPassword: "another-horse-battery") }`, map[string]any{"t": reset}, nil)
	anon.fails("BAD_USER_INPUT", `mutation($t: String!) { resetPassword(token: $t, newPassword: "third-horse-battery") }`, map[string]any{"t": reset})
	require.Equal(t, 401, sari.do(`{ viewer { id } }`, nil).status, "the reset revoked the old session")
	anon.fails("UNAUTHENTICATED", `mutation { logIn(email: "sari@tengiri.example", password: "correct-horse-battery") { token } }`, nil)
	anon.ok(`mutation { logIn(email: "sari@tengiri.example", password: "another-horse-battery") { token } }`, nil, &li)
	sari = e.as(li.LogIn.Token)

	// changePassword revokes the other sessions, keeps this one.
	var other struct{ LogIn struct{ Token string } }
	anon.ok(`mutation { logIn(email: "sari@tengiri.example", password: "another-horse-battery") { token } }`, nil, &other)
	sari.ok(`mutation { changePassword(currentPassword: "another-horse-battery", newPassword: "fourth-horse-battery") }`, nil, nil)
	require.Equal(t, 401, e.as(other.LogIn.Token).do(`{ viewer { id } }`, nil).status)
	sari.ok(`{ viewer { id } }`, nil, nil)

	// Change of address: a link to the new address; the old one is told.
	sari.fails("BAD_USER_INPUT", `mutation { requestEmailChange(newEmail: "sari@ud-sari.example", currentPassword: "wrong-horse-battery") }`, nil)
	sari.ok(`mutation { requestEmailChange(newEmail: "sari@ud-sari.example", currentPassword: "fourth-horse-battery") }`, nil, nil)
	e.deliver()
	change := lastLink(t, smtpd, "sari@ud-sari.example")
	anon.ok(`mutation($t: String!) { confirmEmailChange(token: $t) }`, map[string]any{"t": change}, nil)
	e.deliver()
	old := smtpd.To("sari@tengiri.example")
	require.Contains(t, old[len(old)-1].Text, "sari@ud-sari.example")
	anon.ok(`mutation { logIn(email: "sari@ud-sari.example", password: "fourth-horse-battery") { token } }`, nil, nil)
	anon.fails("UNAUTHENTICATED", `mutation { logIn(email: "sari@tengiri.example", password: "fourth-horse-battery") { token } }`, nil)

	// A change to an address that has an account: the same answer, its owner told.
	e.account("taken@example.test", "BUYER")
	sari.ok(`mutation { requestEmailChange(newEmail: "taken@example.test", currentPassword: "fourth-horse-battery") }`, nil, nil)
	e.deliver()
	taken := smtpd.To("taken@example.test")
	require.Len(t, taken, 1)
	require.NotContains(t, taken[0].Text, "token=")

	// Nothing of this leaks into responses.
	for _, m := range smtpd.Messages() {
		if tok := linkToken.FindStringSubmatch(m.Text); tok != nil {
			responsesMu.Lock()
			all := strings.Join(allResponses, "\n")
			responsesMu.Unlock()
			require.NotContains(t, all, tok[1], "a link token in an API response")
		}
	}
}

// A bad SMTP link format and throttled requests.
func TestPasswordResetBudget(t *testing.T) {
	e, smtpd, _ := mailEnv(t)
	e.account("budget@example.test", "BUYER")
	anon := e.as("")
	for range 8 {
		anon.ok(`mutation { requestPasswordReset(email: "budget@example.test") }`, nil, nil)
	}
	e.deliver()
	require.Len(t, smtpd.To("budget@example.test"), 5, "at most 5 e-mails to one address in 15 minutes")
	var last gqlResponse
	for range 20 {
		last = anon.do(`mutation { requestPasswordReset(email: "nobody@example.test") }`, nil)
	}
	require.Equal(t, "RATE_LIMITED", last.code(), "20 requests per client address in 15 minutes")
}
