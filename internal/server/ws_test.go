package server_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	coderws "github.com/coder/websocket"
	"github.com/stretchr/testify/require"
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
}
