package webhook

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// Targets is which addresses endpoints may have. The zero value is
// production's: https only, and no host that resolves into loopback,
// private, link-local, shared (CGNAT), multicast or reserved ranges — checked
// at creation on the URL and again on every connection, on the address the
// dialer is about to connect to (a DNS name that later resolves to 10.0.0.1,
// or to 169.254.169.254, is refused then).
type Targets struct {
	// AllowInsecure admits http:// and every address (tests, development:
	// --webhook-allow-private; refused in production).
	AllowInsecure bool
}

// MaxURLLength is the longest endpoint address.
const MaxURLLength = 2000

// blocked lists the networks no webhook connects to besides those netip
// classifies (loopback, private, link-local, multicast, unspecified).
var blocked = func() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8",       // "this network"
		"100.64.0.0/10",   // shared address space (CGNAT)
		"192.0.0.0/24",    // IETF protocol assignments
		"192.0.2.0/24",    // TEST-NET-1
		"198.18.0.0/15",   // benchmarking
		"198.51.100.0/24", // TEST-NET-2
		"203.0.113.0/24",  // TEST-NET-3
		"240.0.0.0/4",     // reserved, broadcast
		"64:ff9b::/96",    // NAT64 (may reach IPv4 private space)
		"64:ff9b:1::/48",  // local-use NAT64
		"100::/64",        // discard
		"2001:db8::/32",   // documentation
		"2002::/16",       // 6to4 (embeds IPv4)
	} {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}()

// ErrForbiddenTarget is the error of an address webhooks may not reach.
var ErrForbiddenTarget = errors.New("forbidden webhook target")

// CheckIP refuses an address outside the public Internet.
func CheckIP(a netip.Addr) error {
	a = a.Unmap()
	switch {
	case !a.IsValid():
		return fmt.Errorf("%w: invalid address", ErrForbiddenTarget)
	case a.IsLoopback():
		return fmt.Errorf("%w: %s is a loopback address", ErrForbiddenTarget, a)
	case a.IsPrivate():
		return fmt.Errorf("%w: %s is a private address", ErrForbiddenTarget, a)
	case a.IsLinkLocalUnicast(), a.IsLinkLocalMulticast():
		return fmt.Errorf("%w: %s is a link-local address", ErrForbiddenTarget, a)
	case a.IsUnspecified(), a.IsMulticast(), a.IsInterfaceLocalMulticast():
		return fmt.Errorf("%w: %s is not a unicast address", ErrForbiddenTarget, a)
	}
	for _, p := range blocked {
		if p.Contains(a) {
			return fmt.Errorf("%w: %s is in reserved range %s", ErrForbiddenTarget, a, p)
		}
	}
	return nil
}

// CheckURL checks an endpoint address before it is stored.
func (t Targets) CheckURL(raw string) error {
	if len(raw) > MaxURLLength {
		return fmt.Errorf("at most %d characters", MaxURLLength)
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return errors.New("not an absolute URL")
	}
	if u.User != nil {
		return errors.New("no user or password in the URL (authenticate with the signature)")
	}
	if u.Fragment != "" {
		return errors.New("no fragment (#…) in the URL")
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !t.AllowInsecure {
			return errors.New("only https addresses")
		}
	default:
		return errors.New("only https addresses")
	}
	if t.AllowInsecure {
		return nil
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	if a, err := netip.ParseAddr(host); err == nil {
		return CheckIP(a)
	}
	if host == "localhost" || !strings.Contains(host, ".") {
		return fmt.Errorf("%w: %q is not a public host name", ErrForbiddenTarget, host)
	}
	for _, suffix := range []string{".localhost", ".local", ".internal", ".localdomain", ".home.arpa", ".lan"} {
		if strings.HasSuffix(host, suffix) {
			return fmt.Errorf("%w: %q is not a public host name", ErrForbiddenTarget, host)
		}
	}
	return nil
}

// control runs for every connection the client makes, after name resolution,
// with the address about to be connected to.
func (t Targets) control(network, address string, _ syscall.RawConn) error {
	if t.AllowInsecure {
		return nil
	}
	if !strings.HasPrefix(network, "tcp") {
		return fmt.Errorf("%w: network %s", ErrForbiddenTarget, network)
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrForbiddenTarget, err)
	}
	return CheckIP(ap.Addr())
}

// NewClient is the HTTP client of deliveries: no proxy (a proxy would dial for
// it, past the check), no redirects (a 3xx is a failure: a redirect could
// lead anywhere), the address check on every connection, and timeout for the
// whole exchange.
func NewClient(t Targets, timeout time.Duration) *http.Client {
	d := &net.Dialer{Timeout: min(timeout, 10*time.Second), KeepAlive: 30 * time.Second, Control: t.control}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: timeout,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       90 * time.Second,
	}
	return &http.Client{Transport: tr, Timeout: timeout, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
}
