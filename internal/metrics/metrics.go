// Package metrics exposes what the running service does in the Prometheus format:
// GraphQL requests and latency by operation and outcome, error codes, SQL pool use,
// websocket connections, subscriptions and events.
package metrics

import (
	"context"
	"database/sql"
	"regexp"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/exportiva/exportiva/internal/events"
	"github.com/exportiva/exportiva/internal/httpinfo"
)

// Metrics holds the service's collectors on their own registry.
type Metrics struct {
	Registry    *prometheus.Registry
	requests    *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	errors      *prometheus.CounterVec
	Connections prometheus.Gauge

	mu    sync.Mutex
	names map[string]bool
}

// maxNames bounds the operation-name label: clients choose names freely.
const maxNames = 200

var validName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}$`)

// New registers the collectors. pools reports the SQL pools (by name); bus the
// event bus (nil: none).
func New(pools func() map[string]sql.DBStats, bus events.Bus) *Metrics {
	m := &Metrics{Registry: prometheus.NewRegistry(), names: map[string]bool{}}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "exportiva_graphql_requests_total", Help: "GraphQL operations by operation name, type and outcome (ok or error).",
	}, []string{"operation", "type", "outcome"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "exportiva_graphql_request_duration_seconds", Help: "GraphQL operation latency by operation name.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
	}, []string{"operation"})
	m.errors = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "exportiva_graphql_errors_total", Help: "GraphQL errors by extensions.code.",
	}, []string{"code"})
	m.Connections = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "exportiva_websocket_connections", Help: "Open websocket connections.",
	})
	m.Registry.MustRegister(m.requests, m.duration, m.errors, m.Connections,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if pools != nil {
		m.Registry.MustRegister(poolCollector{pools})
	}
	if bus != nil {
		stat := func(f func(events.Stats) int64) func() float64 {
			return func() float64 { return float64(f(bus.Stats())) }
		}
		m.Registry.MustRegister(
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "exportiva_events_published_total", Help: "Events published by this process."},
				stat(func(s events.Stats) int64 { return s.Published })),
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "exportiva_events_delivered_total", Help: "Events delivered to subscriptions of this process."},
				stat(func(s events.Stats) int64 { return s.Delivered })),
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "exportiva_events_dropped_total", Help: "Events dropped because a subscription lagged behind."},
				stat(func(s events.Stats) int64 { return s.Dropped })),
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "exportiva_subscriptions_active", Help: "Active subscriptions."},
				stat(func(s events.Stats) int64 { return s.Subscriptions })),
		)
	}
	return m
}

// MatchCache exports the hits and misses of the match result cache.
func (m *Metrics) MatchCache(stats func() (hits, misses int64)) {
	m.cache("match", "Match requests answered from the cache.", "Match requests evaluated against the catalog.", stats)
}

// ResponseCache exports the hits and misses of the anonymous response cache.
func (m *Metrics) ResponseCache(stats func() (hits, misses int64)) {
	m.cache("response", "Anonymous queries answered from the cache.", "Anonymous queries executed (then kept when they had no errors).", stats)
}

func (m *Metrics) cache(name, hitHelp, missHelp string, stats func() (hits, misses int64)) {
	m.Registry.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "exportiva_" + name + "_cache_hits_total", Help: hitHelp},
			func() float64 { h, _ := stats(); return float64(h) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "exportiva_" + name + "_cache_misses_total", Help: missHelp},
			func() float64 { _, mi := stats(); return float64(mi) }),
	)
}

func (m *Metrics) label(name string) string {
	if name == "" {
		return "anonymous"
	}
	if !validName.MatchString(name) {
		return "invalid"
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.names[name] {
		return name
	}
	if len(m.names) >= maxNames {
		return "other"
	}
	m.names[name] = true
	return name
}

// GraphQL is the gqlgen extension that measures every operation.
func (m *Metrics) GraphQL() graphql.HandlerExtension { return extension{m} }

type extension struct{ m *Metrics }

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = extension{}

func (extension) ExtensionName() string                   { return "Metrics" }
func (extension) Validate(graphql.ExecutableSchema) error { return nil }

func (e extension) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if !graphql.HasOperationContext(ctx) {
		return next(ctx)
	}
	oc := graphql.GetOperationContext(ctx)
	start := time.Now()
	resp := next(ctx)
	opName := oc.OperationName
	if opName == "" && oc.Operation != nil {
		opName = oc.Operation.Name
	}
	name := e.m.label(opName)
	typ := "query"
	if oc.Operation != nil {
		typ = string(oc.Operation.Operation)
	}
	if typ == "subscription" {
		// A subscription's responses are its events, not requests: the
		// exportiva_subscriptions_active gauge follows subscriptions instead.
		return resp
	}
	httpinfo.From(ctx).SetOperation(name)
	outcome := "ok"
	if resp != nil && len(resp.Errors) > 0 {
		outcome = "error"
		for _, err := range resp.Errors {
			code, _ := err.Extensions["code"].(string)
			if code == "" {
				code = "UNKNOWN"
			}
			e.m.errors.WithLabelValues(code).Inc()
		}
	}
	e.m.requests.WithLabelValues(name, typ, outcome).Inc()
	e.m.duration.WithLabelValues(name).Observe(time.Since(start).Seconds())
	return resp
}

// poolCollector reports database/sql pool statistics.
type poolCollector struct{ pools func() map[string]sql.DBStats }

var (
	poolOpen  = prometheus.NewDesc("exportiva_db_connections_open", "Open SQL connections by pool.", []string{"pool"}, nil)
	poolInUse = prometheus.NewDesc("exportiva_db_connections_in_use", "SQL connections in use by pool.", []string{"pool"}, nil)
	poolIdle  = prometheus.NewDesc("exportiva_db_connections_idle", "Idle SQL connections by pool.", []string{"pool"}, nil)
	poolWaits = prometheus.NewDesc("exportiva_db_wait_total", "Times a request waited for a SQL connection, by pool.", []string{"pool"}, nil)
	poolWait  = prometheus.NewDesc("exportiva_db_wait_seconds_total", "Time spent waiting for SQL connections, by pool.", []string{"pool"}, nil)
)

func (poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolOpen, poolInUse, poolIdle, poolWaits, poolWait} {
		ch <- d
	}
}

func (c poolCollector) Collect(ch chan<- prometheus.Metric) {
	for name, s := range c.pools() {
		ch <- prometheus.MustNewConstMetric(poolOpen, prometheus.GaugeValue, float64(s.OpenConnections), name)
		ch <- prometheus.MustNewConstMetric(poolInUse, prometheus.GaugeValue, float64(s.InUse), name)
		ch <- prometheus.MustNewConstMetric(poolIdle, prometheus.GaugeValue, float64(s.Idle), name)
		ch <- prometheus.MustNewConstMetric(poolWaits, prometheus.CounterValue, float64(s.WaitCount), name)
		ch <- prometheus.MustNewConstMetric(poolWait, prometheus.CounterValue, s.WaitDuration.Seconds(), name)
	}
}
