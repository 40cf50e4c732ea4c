package server

import (
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/go-chi/cors"

	"github.com/exportiva/exportiva/internal/requestid"
)

// corsAllowedHeaders are the request headers browser clients send: the bearer
// token and JSON, request ids, Apollo Client's client awareness, W3C trace
// context and baggage, Sentry's trace header and the language.
var corsAllowedHeaders = []string{
	"Authorization", "Content-Type", "Accept", "Accept-Language", requestid.Header,
	"apollographql-client-name", "apollographql-client-version",
	"traceparent", "tracestate", "baggage", "sentry-trace",
	"If-None-Match",
}

// corsExposedHeaders are the response headers a browser app may read: the
// request id (to quote in a bug report), the rate limits (httprate's) and the
// caching headers of persisted queries.
var corsExposedHeaders = []string{
	requestid.Header,
	"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After",
	"ETag", "Content-Language",
}

// corsMiddleware is the CORS policy: the listed origins; with none listed, and
// outside production, any loopback origin (http://localhost:5173, a Vite or
// Next.js dev server), so a frontend works on a developer's machine without a
// flag. Production without a list allows no cross-origin caller. Nil: no CORS.
func corsMiddleware(cfg Config) func(http.Handler) http.Handler {
	o := cors.Options{
		AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions},
		AllowedHeaders: corsAllowedHeaders,
		ExposedHeaders: corsExposedHeaders,
		MaxAge:         600,
	}
	switch {
	case len(cfg.CORSOrigins) > 0:
		o.AllowedOrigins = cfg.CORSOrigins
	case !cfg.Production:
		o.AllowOriginFunc = func(_ *http.Request, origin string) bool { return IsLoopbackOrigin(origin) }
	default:
		return nil
	}
	return cors.Handler(o)
}

// IsLoopbackOrigin reports whether a browser origin is served from this machine:
// http or https on localhost, 127.0.0.1 (127.0.0.0/8) or [::1], any port.
func IsLoopbackOrigin(origin string) bool {
	u, err := url.Parse(origin)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
		return false
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// websocketOriginPatterns are the origins a browser may open the websocket
// from, as coder/websocket's AcceptOptions.OriginPatterns (path.Match patterns
// of the origin's host, or of scheme://host when they hold "://"): the hosts of
// the CORS origins; with none, outside production, the loopback origins. The
// API's own host is always allowed by the library.
func websocketOriginPatterns(cfg Config) []string {
	var patterns []string
	for _, o := range cfg.CORSOrigins {
		if u, err := url.Parse(o); err == nil && u.Host != "" {
			patterns = append(patterns, u.Host)
		}
	}
	if len(cfg.CORSOrigins) == 0 && !cfg.Production {
		for _, scheme := range []string{"http", "https"} {
			for _, host := range []string{"localhost", "127.0.0.1", `\[::1\]`} {
				patterns = append(patterns, scheme+"://"+host, scheme+"://"+host+":*")
			}
		}
	}
	return patterns
}
