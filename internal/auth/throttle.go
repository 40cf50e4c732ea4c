package auth

import (
	"sync"
	"time"
)

// Throttle counts attempts per key in a sliding window and blocks a key that
// reached its limit. The keys of log-in are an (account, address) pair, an
// address and an account; sign-up counts per address. It also remembers the
// addresses each account signed in from (known-good), so that an attacker who
// exhausts the account-wide limit from elsewhere does not keep the owner out.
// It lives in one process; replicas each keep their own counts.
type Throttle struct {
	mu sync.Mutex
	// Window is the length of the sliding window.
	Window time.Duration
	// PerPair is how many failed log-ins one address may make for one account:
	// it stops brute force from one address without touching the owner's.
	PerPair int
	// PerAddress is how many failed log-ins one address may make for all accounts
	// (password spraying from one address).
	PerAddress int
	// PerAccount is how many failed log-ins an account may receive from all
	// addresses (distributed guessing); past it only addresses the account
	// signed in from before may still try.
	PerAccount int
	// SignUps is how many sign-up attempts one address may make.
	SignUps int
	// KnownFor is how long a successful sign-in keeps its address known-good.
	KnownFor time.Duration

	failures map[string][]time.Time
	known    map[string]time.Time
}

// maxKeys bounds the memory of the throttle under a flood of distinct keys.
const maxKeys = 100_000

// NewThrottle allows, in 15 minutes, 5 failed log-ins per account and address,
// 20 per address, 50 per account, and 20 sign-ups per address; a successful
// sign-in keeps its address known-good for 90 days.
func NewThrottle() *Throttle {
	return &Throttle{Window: 15 * time.Minute, PerPair: 5, PerAddress: 20, PerAccount: 50, SignUps: 20,
		KnownFor: 90 * 24 * time.Hour, failures: map[string][]time.Time{}, known: map[string]time.Time{}}
}

func pairKey(account, addr string) string { return "pair:" + account + "\x00" + addr }

func (t *Throttle) recent(now time.Time, key string) []time.Time {
	list := t.failures[key]
	i := 0
	for i < len(list) && now.Sub(list[i]) >= t.Window {
		i++
	}
	list = list[i:]
	if len(list) == 0 {
		delete(t.failures, key)
	} else {
		t.failures[key] = list
	}
	return list
}

// wait returns how long key must wait under limit, or 0.
func (t *Throttle) wait(now time.Time, key string, limit int) time.Duration {
	list := t.recent(now, key)
	if limit <= 0 || len(list) < limit {
		return 0
	}
	return max(t.Window-now.Sub(list[len(list)-limit]), time.Second)
}

func (t *Throttle) add(now time.Time, keys ...string) {
	for _, k := range keys {
		t.failures[k] = append(t.recent(now, k), now)
	}
	if len(t.failures) > maxKeys {
		t.failures = map[string][]time.Time{}
	}
}

// LogInWait returns how long a log-in for account from addr must wait, or 0.
// The account-wide limit does not apply to an address the account signed in
// from before.
func (t *Throttle) LogInWait(now time.Time, account, addr string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	w := max(t.wait(now, pairKey(account, addr), t.PerPair), t.wait(now, "ip:"+addr, t.PerAddress))
	if w > 0 {
		return w
	}
	if seen, ok := t.known[pairKey(account, addr)]; ok && now.Sub(seen) < t.KnownFor {
		return 0
	}
	return t.wait(now, "account:"+account, t.PerAccount)
}

// LogInFailed records a wrong password (or an unknown account) from addr.
func (t *Throttle) LogInFailed(now time.Time, account, addr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.add(now, pairKey(account, addr), "ip:"+addr, "account:"+account)
}

// LogInSucceeded marks addr known-good for the account and forgets the pair's
// failures.
func (t *Throttle) LogInSucceeded(now time.Time, account, addr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	k := pairKey(account, addr)
	delete(t.failures, k)
	if len(t.known) >= maxKeys {
		for key, seen := range t.known {
			if now.Sub(seen) >= t.KnownFor {
				delete(t.known, key)
			}
		}
		if len(t.known) >= maxKeys {
			t.known = map[string]time.Time{}
		}
	}
	t.known[k] = now
}

// SignUpWait counts a sign-up attempt from addr and returns how long it must
// wait (the attempt is then refused), or 0. An address that spent its failed
// log-ins (or probed registered e-mails) waits too.
func (t *Throttle) SignUpWait(now time.Time, addr string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	if w := max(t.wait(now, "signup:"+addr, t.SignUps), t.wait(now, "ip:"+addr, t.PerAddress)); w > 0 {
		return w
	}
	t.add(now, "signup:"+addr)
	return 0
}

// SignUpConflict records a sign-up for a registered e-mail from addr as a failed
// log-in of the address: probing which e-mails exist spends the same budget as
// guessing passwords.
func (t *Throttle) SignUpConflict(now time.Time, addr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.add(now, "ip:"+addr)
}

// Spend counts one use of a budget (key, at most limit per Window) and returns
// 0, or how long to wait when the budget is spent (the use is then not
// counted). E-mails to one address and requests for e-mails from one client
// address are budgets.
func (t *Throttle) Spend(now time.Time, key string, limit int) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	if w := t.wait(now, key, limit); w > 0 {
		return w
	}
	t.add(now, key)
	return 0
}
