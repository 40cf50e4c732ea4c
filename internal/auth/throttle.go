package auth

import (
	"sync"
	"time"
)

// Throttle counts failed logins per key (an account, a client address) in a
// sliding window and blocks a key that failed too often. It lives in one process;
// replicas each keep their own count.
type Throttle struct {
	mu       sync.Mutex
	Window   time.Duration
	Limits   map[string]int // by key prefix: "account:" and "ip:"
	failures map[string][]time.Time
}

// NewThrottle allows 5 failures per account and 20 per address in 15 minutes.
func NewThrottle() *Throttle {
	return &Throttle{Window: 15 * time.Minute, Limits: map[string]int{"account:": 5, "ip:": 20}, failures: map[string][]time.Time{}}
}

func (t *Throttle) limit(key string) int {
	for p, n := range t.Limits {
		if len(key) >= len(p) && key[:len(p)] == p {
			return n
		}
	}
	return 10
}

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

// Blocked returns how long the most restricted key must wait, or 0.
func (t *Throttle) Blocked(now time.Time, keys ...string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	var wait time.Duration
	for _, k := range keys {
		list := t.recent(now, k)
		if len(list) >= t.limit(k) {
			if w := t.Window - now.Sub(list[0]); w > wait {
				wait = w
			}
		}
	}
	return wait
}

// Fail records a failed attempt for the keys.
func (t *Throttle) Fail(now time.Time, keys ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		t.failures[k] = append(t.recent(now, k), now)
	}
	if len(t.failures) > 100_000 { // bound memory under a flood of distinct keys
		t.failures = map[string][]time.Time{}
	}
}
