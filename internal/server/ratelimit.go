package server

import (
	"crypto/sha256"
	"encoding/base64"
	"net"
	"net/http"
	"time"

	"github.com/go-chi/httprate"
)

// rateLimits returns the request limits of the API: per client address, with
// websocket handshakes in a bucket of their own (a client that reconnects in a
// loop cannot lock its address out of HTTP, nor HTTP traffic its websockets),
// and per access token.
func rateLimits(cfg Config) []func(http.Handler) http.Handler {
	var out []func(http.Handler) http.Handler
	if cfg.RateLimitIP > 0 || cfg.RateLimitWebsocket > 0 {
		pass := func(next http.Handler) http.Handler { return next }
		queries, handshakes := pass, pass
		if cfg.RateLimitIP > 0 {
			queries = httprate.LimitBy(cfg.RateLimitIP, time.Minute, addressKey, httprate.WithLimitHandler(rateLimited))
		}
		if cfg.RateLimitWebsocket > 0 {
			handshakes = httprate.LimitBy(cfg.RateLimitWebsocket, time.Minute, addressKey, httprate.WithLimitHandler(rateLimited))
		}
		out = append(out, func(next http.Handler) http.Handler {
			q, h := queries(next), handshakes(next)
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if isUpgrade(r) {
					h.ServeHTTP(w, r)
					return
				}
				q.ServeHTTP(w, r)
			})
		})
	}
	if cfg.RateLimitToken > 0 {
		byToken := httprate.LimitBy(cfg.RateLimitToken, time.Minute, tokenKey, httprate.WithLimitHandler(rateLimited))
		out = append(out, func(next http.Handler) http.Handler {
			limited := byToken(next)
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Header.Get("Authorization") == "" {
					next.ServeHTTP(w, r)
					return
				}
				limited.ServeHTTP(w, r)
			})
		})
	}
	return out
}

// addressKey keys the per-address rate limits by the client's address as the
// server sees it (r.RemoteAddr; an IPv6 address by its /64), the key httprate's
// deprecated KeyByIP made.
func addressKey(r *http.Request) (string, error) {
	ip, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		ip = r.RemoteAddr
	}
	return httprate.CanonicalizeIP(ip), nil
}

// tokenKey keys the per-token rate limit by a hash of the token the request
// authenticates with (never the token itself): however the header spells the
// scheme or spaces it, one token is one bucket. A header that is no bearer
// token (refused with 401 anyway) is keyed by its hash.
func tokenKey(r *http.Request) (string, error) {
	h := r.Header.Get("Authorization")
	if token, ok := bearerToken(h); ok {
		h = "token:" + token
	}
	sum := sha256.Sum256([]byte(h))
	return base64.RawStdEncoding.EncodeToString(sum[:12]), nil
}
