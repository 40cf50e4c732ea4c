package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	coderws "github.com/coder/websocket"
	"github.com/stretchr/testify/require"
)

// TestWebsocketOriginPatterns: the patterns given to coder/websocket admit the
// loopback origins in development (any port, [::1] included) and nothing else;
// with a CORS list, its hosts; in production without a list, only the API's
// own host.
func TestWebsocketOriginPatterns(t *testing.T) {
	dial := func(patterns []string, origin string) error {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			c, err := coderws.Accept(w, r, &coderws.AcceptOptions{OriginPatterns: patterns})
			if err != nil {
				return
			}
			c.Close(coderws.StatusNormalClosure, "")
		}))
		defer srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		h := http.Header{}
		h.Set("Origin", origin)
		c, _, err := coderws.Dial(ctx, "ws"+srv.URL[len("http"):], &coderws.DialOptions{HTTPHeader: h})
		if err == nil {
			c.CloseNow()
		}
		return err
	}
	dev := websocketOriginPatterns(Config{})
	for _, origin := range []string{"http://localhost:5173", "http://127.0.0.1:3000", "http://[::1]:8081", "http://localhost", "https://localhost:8443"} {
		require.NoError(t, dial(dev, origin), origin)
	}
	for _, origin := range []string{"http://evil.example", "http://localhost.evil.example:5173", "http://[::2]:80", "http://1:5173"} {
		require.Error(t, dial(dev, origin), origin)
	}
	listed := websocketOriginPatterns(Config{CORSOrigins: []string{"https://app.exportiva.id"}})
	require.NoError(t, dial(listed, "https://app.exportiva.id"))
	require.Error(t, dial(listed, "http://localhost:5173"))
	require.Empty(t, websocketOriginPatterns(Config{Production: true}))
}

func TestIsLoopbackOrigin(t *testing.T) {
	for origin, want := range map[string]bool{
		"http://localhost:5173": true, "http://LOCALHOST:5173": true, "http://127.0.0.1": true, "http://127.1.2.3:80": true,
		"http://[::1]:3000": true, "https://localhost": true,
		"http://localhost.evil.example": false, "http://evil.example": false, "ws://localhost": false, "null": false,
		"http://user@localhost": false, "http://localhost/path": false, "": false, "http://[::ffff:7f00:1]:80": true,
	} {
		require.Equal(t, want, IsLoopbackOrigin(origin), origin)
	}
}
