package server

import (
	"bytes"
	"errors"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/stretchr/testify/require"
)

// fakeWS is the accepted websocket under a wsConn: it reads the messages the
// test feeds it and records what the server writes; a write can be held after
// it reached the wire (the client has it, WriteJSON has not returned yet).
type fakeWS struct {
	in   chan string
	mu   sync.Mutex
	out  []wsMsg
	code int
	wire chan wsMsg    // each message as it reaches the client
	hold chan struct{} // when not nil, a write returns once it is closed
}

type wsMsg struct {
	Type string
	ID   string
}

func newFakeWS() *fakeWS { return &fakeWS{in: make(chan string, 8), wire: make(chan wsMsg, 8)} }

func (f *fakeWS) NextReader() (int, io.Reader, error) {
	return 1, bytes.NewReader([]byte(<-f.in)), nil
}

func (f *fakeWS) WriteJSON(v any) error {
	m := *(v.(*wsMsg))
	f.mu.Lock()
	f.out = append(f.out, m)
	hold := f.hold
	f.mu.Unlock()
	f.wire <- m
	if hold != nil {
		<-hold
	}
	return nil
}

func (f *fakeWS) WriteClose(code int, _ string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.code = code
	return nil
}

func (f *fakeWS) Close() error        { return nil }
func (f *fakeWS) Subprotocol() string { return "graphql-transport-ws" }

func (f *fakeWS) closeCode() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.code
}

// read makes the connection read one client message; it reports whether the
// connection refused it (closed).
func read(t *testing.T, c *wsConn, f *fakeWS, msg string) bool {
	t.Helper()
	f.in <- msg
	_, _, err := c.NextReader()
	if err != nil {
		require.True(t, errors.Is(err, transport.ErrWebsocketClosed), err)
		return true
	}
	return false
}

// TestWSIdFreedBeforeTheClientSeesTheEnd: the server's complete frees the id
// before it reaches the client, so a client that reuses the id as soon as it
// reads complete is not closed with 4409 (it was when the id was freed after
// the write returned: a full server test run under load saw "Subscriber for x
// already exists").
func TestWSIdFreedBeforeTheClientSeesTheEnd(t *testing.T) {
	f := newFakeWS()
	c := &wsConn{WebsocketConn: f, active: map[string]*wsSub{}}
	require.False(t, read(t, c, f, `{"type":"subscribe","id":"x"}`))
	f.hold = make(chan struct{})
	wrote := make(chan struct{})
	go func() { _ = c.WriteJSON(&wsMsg{Type: "complete", ID: "x"}); close(wrote) }()
	require.Equal(t, "complete", (<-f.wire).Type) // the client read it
	require.False(t, read(t, c, f, `{"type":"subscribe","id":"x"}`), "the id is free once the client saw complete")
	require.Zero(t, f.closeCode())
	close(f.hold)
	<-wrote
	require.True(t, read(t, c, f, `{"type":"subscribe","id":"x"}`), "the new x is running")
	require.Equal(t, CloseSubscriberExists, f.closeCode())
}

// TestWSLateCompleteOfAReusedId: the client completes s1 and subscribes s1
// again at once; the old operation's complete, written by the server after
// that, neither reaches the client (it would end the new s1 there) nor frees
// the id of the new s1, which stays in use (4409 on a third subscribe).
func TestWSLateCompleteOfAReusedId(t *testing.T) {
	f := newFakeWS()
	c := &wsConn{WebsocketConn: f, active: map[string]*wsSub{}}
	require.False(t, read(t, c, f, `{"type":"subscribe","id":"s1"}`))
	require.False(t, read(t, c, f, `{"type":"complete","id":"s1"}`))
	again := make(chan bool)
	go func() { again <- read(t, c, f, `{"type":"subscribe","id":"s1"}`) }()
	time.Sleep(20 * time.Millisecond) // the reuse waits for the old operation's end
	require.NoError(t, c.WriteJSON(&wsMsg{Type: "next", ID: "s1"}))
	require.NoError(t, c.WriteJSON(&wsMsg{Type: "complete", ID: "s1"})) // the old s1 ends
	require.False(t, <-again, "the id is reused once the old operation ended")
	f.mu.Lock()
	require.Empty(t, f.out, "nothing of the completed s1 reaches the client")
	f.mu.Unlock()
	require.True(t, read(t, c, f, `{"type":"subscribe","id":"s1"}`))
	require.Equal(t, CloseSubscriberExists, f.closeCode())
}
