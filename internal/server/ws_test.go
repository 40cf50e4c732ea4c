package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	coderws "github.com/coder/websocket"
	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/auth"
	"github.com/exportiva/exportiva/internal/server"
	"github.com/exportiva/exportiva/internal/testdb"
)

// wsClient speaks graphql-transport-ws, as Apollo Client, urql and graphql-ws do.
type wsClient struct {
	t    *testing.T
	conn *coderws.Conn
}

type wsMessage struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

func dialWS(t *testing.T, e *env, token string) *wsClient {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	url := "ws" + strings.TrimPrefix(e.srv.URL, "http") + "/query"
	conn, _, err := coderws.Dial(ctx, url, &coderws.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	require.NoError(t, err)
	t.Cleanup(func() { conn.CloseNow() })
	c := &wsClient{t: t, conn: conn}
	payload := map[string]any{}
	if token != "" {
		payload["Authorization"] = "Bearer " + token
	}
	c.send(map[string]any{"type": "connection_init", "payload": payload})
	require.Equal(t, "connection_ack", c.next(5*time.Second).Type)
	return c
}

func (c *wsClient) send(v any) {
	b, _ := json.Marshal(v)
	require.NoError(c.t, c.conn.Write(context.Background(), coderws.MessageText, b))
}

func (c *wsClient) subscribe(id, query string, vars map[string]any) {
	c.send(map[string]any{"id": id, "type": "subscribe", "payload": map[string]any{"query": query, "variables": vars}})
}

// next returns the next message other than a ping or pong.
func (c *wsClient) next(within time.Duration) wsMessage {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	for {
		_, b, err := c.conn.Read(ctx)
		require.NoError(c.t, err, "no message within %s", within)
		var m wsMessage
		require.NoError(c.t, json.Unmarshal(b, &m))
		if m.Type == "ping" || m.Type == "pong" {
			continue
		}
		return m
	}
}

func TestLeadCreatedOverWebsocket(t *testing.T) {
	w := newWorld(t)
	producer := dialWS(t, w.e, w.tokens["producerA"])
	producer.subscribe("1", `subscription { leadCreated { buyRequest { id title } product { id } score criteria { criterion status } } }`, nil)
	other := dialWS(t, w.e, w.tokens["producerB"])
	other.subscribe("1", `subscription { leadCreated { buyRequest { title } } }`, nil)
	time.Sleep(100 * time.Millisecond) // let the subscriptions register

	w.postRequest(w.e, "Tengiri sepatu", "sepatu") // fits nobody: no message
	w.postRequest(w.e, "Tengiri tengiri", "tengiri")
	m := producer.next(3 * time.Second)
	require.Equal(t, "next", m.Type, "%s", m.Payload)
	require.Contains(t, string(m.Payload), "Tengiri tengiri")
	require.Contains(t, string(m.Payload), w.productA)

	// Producer B sells nothing: it hears nothing.
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, _, err := other.conn.Read(ctx)
	require.Error(t, err, "producer B must not receive producer A's lead")
}

func TestInquiryUpdatedOverWebsocket(t *testing.T) {
	w := newWorld(t)
	producer := dialWS(t, w.e, w.tokens["producerA"])
	producer.subscribe("a", `subscription { inquiryUpdated { id status } }`, nil)
	buyer := dialWS(t, w.e, w.tokens["buyerA"])
	buyer.subscribe("b", `subscription($i: ID) { inquiryUpdated(inquiryId: $i) { id status } }`, map[string]any{"i": w.inquiryA})
	stranger := dialWS(t, w.e, w.tokens["buyerB"])
	stranger.subscribe("c", `subscription($i: ID) { inquiryUpdated(inquiryId: $i) { id } }`, map[string]any{"i": w.inquiryA})
	m := stranger.next(2 * time.Second)
	require.Contains(t, string(m.Payload), `"code":"NOT_FOUND"`, "another buyer cannot follow the thread")
	time.Sleep(100 * time.Millisecond)

	w.e.as(w.tokens["producerA"]).ok(`mutation($i: ID!) { sendMessage(input: {inquiryID: $i, body: "Yes, 8 t from next month."}) { message { id } } }`, map[string]any{"i": w.inquiryA}, nil)
	for _, c := range []*wsClient{producer, buyer} {
		m := c.next(3 * time.Second)
		require.Equal(t, "next", m.Type, "%s", m.Payload)
		require.Contains(t, string(m.Payload), w.inquiryA)
	}
	w.quote(t) // on another inquiry: the buyer following inquiryA hears nothing of it
	m = producer.next(3 * time.Second)
	require.Equal(t, "next", m.Type)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, _, err := buyer.conn.Read(ctx)
	require.Error(t, err)
}

func TestWebsocketRefusals(t *testing.T) {
	w := newWorld(t)
	anon := dialWS(t, w.e, "")
	anon.subscribe("1", `subscription { leadCreated { score } }`, nil)
	m := anon.next(2 * time.Second)
	require.Contains(t, string(m.Payload), `"code":"UNAUTHENTICATED"`)

	// A bad token ends the connection at init.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	conn, _, err := coderws.Dial(ctx, "ws"+strings.TrimPrefix(w.e.srv.URL, "http")+"/query", &coderws.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	require.NoError(t, err)
	defer conn.CloseNow()
	b, _ := json.Marshal(map[string]any{"type": "connection_init", "payload": map[string]any{"Authorization": "Bearer exv_bad"}})
	require.NoError(t, conn.Write(ctx, coderws.MessageText, b))
	for {
		_, data, err := conn.Read(ctx)
		if err != nil {
			break // closed without an acknowledgement
		}
		require.NotContains(t, string(data), "connection_ack")
	}

	// At most 20 subscriptions per connection.
	p := dialWS(t, w.e, w.tokens["producerA"])
	for i := 0; i < 21; i++ {
		p.subscribe(string(rune('a'+i)), `subscription { leadCreated { score } }`, nil)
	}
	m = p.next(2 * time.Second)
	require.Contains(t, string(m.Payload), "at most 20 subscriptions")

	// A browser from a foreign origin is refused.
	_, res, err := coderws.Dial(ctx, "ws"+strings.TrimPrefix(w.e.srv.URL, "http")+"/query", &coderws.DialOptions{
		Subprotocols: []string{"graphql-transport-ws"}, HTTPHeader: map[string][]string{"Origin": {"https://evil.example"}}})
	require.Error(t, err)
	if res != nil {
		require.Equal(t, 403, res.StatusCode)
	}

	// A development front end on a loopback origin connects without --cors-origins.
	local, _, err := coderws.Dial(ctx, "ws"+strings.TrimPrefix(w.e.srv.URL, "http")+"/query", &coderws.DialOptions{
		Subprotocols: []string{"graphql-transport-ws"}, HTTPHeader: map[string][]string{"Origin": {"http://localhost:5173"}}})
	require.NoError(t, err)
	local.CloseNow()
}

// dialRaw opens a graphql-transport-ws connection and sends connection_init
// with the Authorization value (none when empty), without waiting.
func dialRaw(t *testing.T, e *env, authorization string) *wsClient {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, _, err := coderws.Dial(ctx, "ws"+strings.TrimPrefix(e.srv.URL, "http")+"/query", &coderws.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	require.NoError(t, err)
	t.Cleanup(func() { conn.CloseNow() })
	c := &wsClient{t: t, conn: conn}
	payload := map[string]any{}
	if authorization != "" {
		payload["Authorization"] = authorization
	}
	c.send(map[string]any{"type": "connection_init", "payload": payload})
	return c
}

// closed waits for the server to close the connection and returns the close
// status and reason; data messages received before are returned too.
func (c *wsClient) closed(within time.Duration) (coderws.StatusCode, string, []string) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	var got []string
	for {
		_, b, err := c.conn.Read(ctx)
		if err != nil {
			require.NoError(c.t, ctx.Err(), "the server did not close the connection within %s", within)
			var ce coderws.CloseError
			if errors.As(err, &ce) {
				return ce.Code, ce.Reason, got
			}
			return -1, err.Error(), got
		}
		var m wsMessage
		require.NoError(c.t, json.Unmarshal(b, &m))
		if m.Type != "ping" && m.Type != "pong" {
			got = append(got, string(b))
		}
	}
}

// TestWebsocketCloseCodes: the graphql-transport-ws close codes, which
// graphql-ws clients act on (1000 after a refused init made them reconnect
// hundreds of times a second).
func TestWebsocketCloseCodes(t *testing.T) {
	w := newWorld(t)
	for name, authorization := range map[string]string{
		"forged token":     "Bearer exv_forged",
		"not a token":      "Bearer nonsense",
		"not bearer":       "Basic YWRtaW46YWRtaW4=",
		"revoked token":    "Bearer " + revoked(t, w.e),
		"lower-case token": "bearer   " + w.tokens["buyerB"] + "x",
	} {
		code, reason, got := dialRaw(t, w.e, authorization).closed(3 * time.Second)
		require.Equal(t, coderws.StatusCode(4403), code, "%s: %s", name, reason)
		require.Equal(t, "Forbidden", reason, name)
		require.Empty(t, got, "%s: no connection_ack", name)
	}

	// The acknowledgement never echoes the connection_init payload (the token).
	c := dialRaw(t, w.e, "bearer  "+w.tokens["buyerA"]) // any case, any spaces
	m := c.next(2 * time.Second)
	require.Equal(t, "connection_ack", m.Type)
	require.Empty(t, m.Payload)

	// A subscription id in use closes with 4409; once the client completed it,
	// it is free at once (no pause: the server ends the old operation first).
	c.subscribe("s1", `subscription { inquiryUpdated { id } }`, nil)
	c.send(map[string]any{"id": "s1", "type": "complete"})
	c.subscribe("s1", `subscription { inquiryUpdated { id } }`, nil)
	c.subscribe("s1", `subscription { inquiryUpdated { id } }`, nil)
	code, reason, _ := c.closed(3 * time.Second)
	require.Equal(t, coderws.StatusCode(4409), code)
	require.Equal(t, "Subscriber for s1 already exists", reason)

	// A second connection_init closes with 4429.
	c = dialWS(t, w.e, w.tokens["buyerA"])
	c.send(map[string]any{"type": "connection_init", "payload": map[string]any{}})
	code, _, _ = c.closed(3 * time.Second)
	require.Equal(t, coderws.StatusCode(4429), code)

	// An id used by a subscription the server refused is free again.
	c = dialWS(t, w.e, "")
	for i := 0; i < 2; i++ {
		c.subscribe("x", `subscription { leadCreated { score } }`, nil)
		m := c.next(2 * time.Second)
		require.Contains(t, string(m.Payload), "UNAUTHENTICATED")
		require.Equal(t, "complete", c.next(2*time.Second).Type, "refused, not closed")
	}
}

// revoked returns a token that was revoked.
func revoked(t *testing.T, e *env) string {
	tok := e.account("revoked@test.exportiva.test", "BUYER")
	e.as(tok).ok(`mutation { logOut }`, nil, nil)
	return tok
}

// TestRevokedTokenClosesWebsocket: after logOut the token's open websocket is
// closed with 4403 (it delivered the thread's private messages before), while
// the account's other sign-ins keep theirs.
func TestRevokedTokenClosesWebsocket(t *testing.T) {
	w := newWorld(t)
	other := w.e.account("buyera@test.exportiva.test", "BUYER") // buyerA signed in a second time
	follow := `subscription($i: ID) { inquiryUpdated(inquiryId: $i) { id status } }`
	vars := map[string]any{"i": w.inquiryA}
	sub := dialWS(t, w.e, w.tokens["buyerA"])
	sub.subscribe("1", follow, vars)
	keep := dialWS(t, w.e, other)
	keep.subscribe("1", follow, vars)
	time.Sleep(100 * time.Millisecond)
	say := func(body string) {
		w.e.as(w.tokens["producerA"]).ok(`mutation($i: ID!, $b: String!) { sendMessage(input: {inquiryID: $i, body: $b}) { message { id } } }`,
			map[string]any{"i": w.inquiryA, "b": body}, nil)
	}
	say("first")
	require.Equal(t, "next", sub.next(3*time.Second).Type)
	require.Equal(t, "next", keep.next(3*time.Second).Type)

	start := time.Now()
	w.e.as(w.tokens["buyerA"]).ok(`mutation { logOut }`, nil, nil)
	code, reason, got := sub.closed(5 * time.Second)
	took := time.Since(start)
	require.Equal(t, coderws.StatusCode(4403), code, reason)
	require.Empty(t, got)
	t.Logf("logOut → websocket closed in %s", took)
	say("after the log-out")
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	require.Error(t, sub.conn.Write(ctx, coderws.MessageText, []byte(`{"id":"2","type":"subscribe","payload":{"query":"subscription { inquiryUpdated { id } }"}}`)),
		"no new subscription on the closed connection")
	require.Equal(t, "next", keep.next(3*time.Second).Type, "the other sign-in keeps its connection")

	// A new connection with the revoked token is refused.
	code, _, _ = dialRaw(t, w.e, "Bearer "+w.tokens["buyerA"]).closed(3 * time.Second)
	require.Equal(t, coderws.StatusCode(4403), code)
}

// TestWebsocketLifetime: a connection ends at its maximum lifetime (1000: the
// client reconnects) or when its token expires (4403), whichever comes first.
func TestWebsocketLifetime(t *testing.T) {
	db := testdb.Open(t)
	e := newEnvOn(t, db, func(c *server.Config) { c.WebsocketMaxLifetime = 300 * time.Millisecond })
	start := time.Now()
	code, _, _ := dialWS(t, e, e.token).closed(3 * time.Second)
	require.Equal(t, coderws.StatusCode(1000), code)
	require.GreaterOrEqual(t, time.Since(start), 300*time.Millisecond)

	e = newEnvOn(t, testdb.Open(t), func(c *server.Config) { c.TokenTTL = 400 * time.Millisecond })
	e.account("short@test.exportiva.test", "BUYER")
	var in struct{ LogIn struct{ Token string } }
	e.as("").ok(`mutation { logIn(email: "short@test.exportiva.test", password: "correct-horse-battery") { token } }`, nil, &in)
	start = time.Now()
	code, reason, _ := dialWS(t, e, in.LogIn.Token).closed(3 * time.Second)
	require.Equal(t, coderws.StatusCode(4403), code, reason)
	require.GreaterOrEqual(t, time.Since(start), 300*time.Millisecond)
}

// TestWebsocketRecheck: a revocation no event announced (an operator's command
// in another process on SQLite) still closes the connection at the next check.
func TestWebsocketRecheck(t *testing.T) {
	db := testdb.Open(t)
	e := newEnvOn(t, db, func(c *server.Config) { c.WebsocketRecheck = 200 * time.Millisecond })
	tok := e.account("quiet@test.exportiva.test", "BUYER")
	c := dialWS(t, e, tok)
	a := auth.New(db.Client) // another service: no bus, as the CLI on SQLite
	acc, err := a.ByEmail(context.Background(), "quiet@test.exportiva.test")
	require.NoError(t, err)
	_, err = a.RevokeAll(context.Background(), acc.ID)
	require.NoError(t, err)
	code, _, _ := c.closed(3 * time.Second)
	require.Equal(t, coderws.StatusCode(4403), code)
}

// TestRevocationAcrossReplicas: logOut on one replica closes the token's
// websocket on the other, through the bus.
func TestRevocationAcrossReplicas(t *testing.T) {
	w, a, b := twoReplicas(t)
	sub := dialWS(t, a, w.tokens["buyerA"])
	sub.subscribe("1", `subscription($i: ID) { inquiryUpdated(inquiryId: $i) { id } }`, map[string]any{"i": w.inquiryA})
	time.Sleep(100 * time.Millisecond)
	start := time.Now()
	b.as(w.tokens["buyerA"]).ok(`mutation { logOut }`, nil, nil)
	code, reason, _ := sub.closed(5 * time.Second)
	require.Equal(t, coderws.StatusCode(4403), code, reason)
	t.Logf("logOut on replica b → websocket on replica a closed in %s", time.Since(start))
}

// TestPasswordChangeClosesOtherWebsockets: changePassword revokes the account's
// other tokens and closes their websockets; the token in use keeps working.
func TestPasswordChangeClosesOtherWebsockets(t *testing.T) {
	w := newWorld(t)
	current := w.tokens["buyerA"]
	other := w.e.account("buyera@test.exportiva.test", "BUYER")
	sub := dialWS(t, w.e, other)
	sub.subscribe("1", `subscription { inquiryUpdated { id } }`, nil)
	mine := dialWS(t, w.e, current)
	time.Sleep(50 * time.Millisecond)

	r := w.e.as(current).fails("BAD_USER_INPUT", `mutation { changePassword(currentPassword: "wrong-password", newPassword: "a-new-long-password") }`, nil)
	require.Equal(t, []string{"currentPassword"}, r.field())
	w.e.as(current).fails("BAD_USER_INPUT", `mutation { changePassword(currentPassword: "correct-horse-battery", newPassword: "short") }`, nil)
	w.e.as("").fails("UNAUTHENTICATED", `mutation { changePassword(currentPassword: "correct-horse-battery", newPassword: "a-new-long-password") }`, nil)

	var out struct{ ChangePassword bool }
	w.e.as(current).ok(`mutation { changePassword(currentPassword: "correct-horse-battery", newPassword: "a-new-long-password") }`, nil, &out)
	require.True(t, out.ChangePassword)
	code, reason, _ := sub.closed(5 * time.Second)
	require.Equal(t, coderws.StatusCode(4403), code, reason)
	require.Equal(t, 401, w.e.as(other).do(`{ viewer { email } }`, nil).status)
	w.e.as(current).ok(`{ viewer { email } }`, nil, nil)
	mine.subscribe("2", `subscription { inquiryUpdated { id } }`, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, _, err := mine.conn.Read(ctx)
	require.ErrorIs(t, err, context.DeadlineExceeded, "the connection of the token in use stays open")
	w.e.as("").fails("UNAUTHENTICATED", `mutation { logIn(email: "buyera@test.exportiva.test", password: "correct-horse-battery") { token } }`, nil)
	w.e.as("").ok(`mutation { logIn(email: "buyera@test.exportiva.test", password: "a-new-long-password") { token } }`, nil, nil)
}
