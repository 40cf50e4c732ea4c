// Command loadtest measures a running Exportiva server: throughput, latency
// percentiles, errors and the server's peak memory for the benchmark scenarios, and,
// for the catalog page and the product lookup, a plain net/http baseline that runs
// the same SQL on the same database and pool — their ratio is the cost of the
// GraphQL layer. docs/BENCHMARKS.md explains the runs.
//
//	loadtest --url http://127.0.0.1:8080 --database exportiva.db --token TOKEN \
//	         --scenarios catalog,byid,matches,leads,mixed --connections 32 --duration 20s
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/exportiva/exportiva/internal/scenarios"
	"github.com/exportiva/exportiva/internal/store"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

type config struct {
	url, database, token string
	scenarios            []string
	connections          int
	duration             time.Duration
	rate                 int
	pid                  int
	baseline             bool
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	var c config
	var scenarios string
	fs.StringVar(&c.url, "url", "http://127.0.0.1:8080", "base URL of the server")
	fs.StringVar(&c.database, "database", "", "the server's database (SQLite path or postgres:// URL), for the baseline")
	fs.StringVar(&c.token, "token", "", "an admin access token (leads and writes need one)")
	fs.StringVar(&scenarios, "scenarios", "catalog,byid,matches,leads,mixed", "scenarios to run (catalog, catalog-mix: the realistic anonymous mix, byid, matches, needs: distinct needs, needs-page: the same without totalCount, leads, leads-many: producers of about 10 products in turn, mixed)")
	fs.IntVar(&c.connections, "connections", 32, "concurrent connections")
	fs.DurationVar(&c.duration, "duration", 20*time.Second, "length of each run")
	fs.IntVar(&c.rate, "rate", 0, "requests per second in total (0: as fast as possible)")
	fs.IntVar(&c.pid, "pid", 0, "server process id, for its peak RSS (VmHWM)")
	fs.BoolVar(&c.baseline, "baseline", true, "also run the plain net/http baseline for catalog and byid")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c.scenarios = strings.Split(scenarios, ",")
	ctx := context.Background()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: c.connections * 2, MaxConnsPerHost: c.connections * 2}, Timeout: 30 * time.Second}
	fx, err := prepare(ctx, client, c)
	if err != nil {
		return err
	}
	var results []result
	var baseURL string
	if c.baseline && c.database != "" {
		db, err := store.Open(c.database)
		if err != nil {
			return err
		}
		defer func() { _ = db.Close() }()
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		srv := &http.Server{Handler: baselineHandler(db), ReadHeaderTimeout: 5 * time.Second}
		go srv.Serve(ln) //nolint:errcheck
		defer func() { _ = srv.Close() }()
		baseURL = "http://" + ln.Addr().String()
	}
	for _, s := range c.scenarios {
		gen, ok := fx.scenario(s)
		if !ok {
			return fmt.Errorf("unknown scenario %q", s)
		}
		before, counted := cacheHits(ctx, client, c.url)
		r := load(ctx, client, c, s, c.url, gen)
		if after, ok := cacheHits(ctx, client, c.url); ok && counted {
			r.cacheHits = after - before
		} else {
			r.cacheHits = -1
		}
		results = append(results, r)
		if baseURL != "" && (s == "catalog" || s == "byid") {
			b := load(ctx, client, c, s+" (baseline)", baseURL, fx.baseline(s))
			b.cacheHits = -1
			results = append(results, b)
		}
	}
	report(out, c, results)
	return nil
}

// request is one HTTP request of a scenario; write marks the writes of the mix.
type request struct {
	path  string
	body  []byte
	write bool
	auth  bool // sent with the token (leads and writes); reads go anonymous
	// next, when set, gives the request the same connection sends after this one
	// answered (the next page of a catalog visit), or false.
	next func(resp []byte) (request, bool)
}

type fixture struct {
	c          config
	productIDs []string
	rawIDs     []int
	producerID string
	// tenProducts are producers with 8 to 12 active products (leads-many),
	// read only when that scenario runs.
	tenProducts []string
	buyerID     string
	inquiryIDs  []string
}

func gql(query string, vars map[string]any) []byte {
	b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return b
}

// prepare reads ids to use from the server itself.
func prepare(ctx context.Context, client *http.Client, c config) (*fixture, error) {
	f := &fixture{c: c}
	var page struct {
		Data struct {
			Products struct {
				Edges []struct {
					Node struct {
						ID       string
						Producer struct{ ID string }
					}
				}
			}
			Buyers struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
	}
	err := post(ctx, client, c.url+"/query", c.token, gql(`{ products(first: 100, where: {hsCodeHasPrefix: "0303", status: ACTIVE}, orderBy: {field: CAPACITY, direction: DESC}) { edges { node { id producer { id } } } } buyers(first: 20) { edges { node { id } } } }`, nil), &page)
	if err != nil {
		return nil, err
	}
	for _, e := range page.Data.Products.Edges {
		f.productIDs = append(f.productIDs, e.Node.ID)
		n, _ := strconv.Atoi(e.Node.ID)
		f.rawIDs = append(f.rawIDs, n)
	}
	if len(f.productIDs) == 0 {
		return nil, errors.New("the server has no products: seed it first")
	}
	f.producerID = page.Data.Products.Edges[0].Node.Producer.ID
	if len(page.Data.Buyers.Edges) > 0 {
		f.buyerID = page.Data.Buyers.Edges[0].Node.ID
	}
	if c.token != "" && f.buyerID != "" {
		for i := 0; i < 5; i++ { // threads for the message writes of the mix
			var inq struct {
				Data struct {
					SendInquiry struct{ Inquiry struct{ ID string } }
				}
			}
			err := post(ctx, client, c.url+"/query", c.token, gql(`mutation($in: SendInquiryInput!) { sendInquiry(input: $in) { inquiry { id } } }`, map[string]any{"in": map[string]any{
				"buyerID": f.buyerID, "producerID": f.producerID, "subject": "Load test", "body": "Price for 8 t a month?"}}), &inq)
			if err != nil {
				return nil, err
			}
			f.inquiryIDs = append(f.inquiryIDs, inq.Data.SendInquiry.Inquiry.ID)
		}
	}
	if slices.Contains(c.scenarios, "leads-many") {
		var err error
		if f.tenProducts, err = producersWithTen(ctx, client, c); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// producersWithTen pages through the producers (at most 4,000) and keeps up
// to 200 of those with 8 to 12 active products: the producer of the leads
// target, many of them so that no two requests in a row are the same.
func producersWithTen(ctx context.Context, client *http.Client, c config) ([]string, error) {
	var out []string
	after := any(nil)
	for page := 0; page < 40 && len(out) < 200; page++ {
		var resp struct {
			Data struct {
				Producers struct {
					Edges []struct {
						Node struct {
							ID       string
							Products struct{ TotalCount int }
						}
					}
					PageInfo struct {
						HasNextPage bool
						EndCursor   string
					}
				}
			}
		}
		if err := post(ctx, client, c.url+"/query", c.token, gql(`query($after: Cursor) { producers(first: 100, after: $after) { edges { node { id products(first: 1, where: {status: ACTIVE}) { totalCount } } } pageInfo { hasNextPage endCursor } } }`,
			map[string]any{"after": after}), &resp); err != nil {
			return nil, err
		}
		for _, e := range resp.Data.Producers.Edges {
			if n := e.Node.Products.TotalCount; n >= 8 && n <= 12 {
				out = append(out, e.Node.ID)
			}
		}
		if !resp.Data.Producers.PageInfo.HasNextPage {
			break
		}
		after = resp.Data.Producers.PageInfo.EndCursor
	}
	if len(out) == 0 {
		return nil, errors.New("leads-many: no producer has 8 to 12 active products")
	}
	return out, nil
}

func (f *fixture) scenario(name string) (func(*rand.Rand) request, bool) {
	switch name {
	case "catalog":
		body := gql(scenarios.Catalog, nil)
		return func(*rand.Rand) request { return request{path: "/query", body: body} }, true
	case "byid":
		return func(r *rand.Rand) request {
			return request{path: "/query", body: gql(scenarios.ByID, map[string]any{"id": f.productIDs[r.IntN(len(f.productIDs))]})}
		}, true
	case "matches":
		body := gql(scenarios.Matches, nil)
		return func(*rand.Rand) request { return request{path: "/query", body: body} }, true
	case "needs":
		var next atomic.Int64
		return func(*rand.Rand) request {
			return request{path: "/query", body: gql(scenarios.Need, distinctNeed(int(next.Add(1)-1)))}
		}, true
	case "needs-page":
		var next atomic.Int64
		return func(*rand.Rand) request {
			return request{path: "/query", body: gql(scenarios.NeedPage, distinctNeed(int(next.Add(1)-1)))}
		}, true
	case "leads":
		body := gql(scenarios.Leads, map[string]any{"p": f.producerID})
		return func(*rand.Rand) request { return request{path: "/query", body: body, auth: true} }, true
	case "leads-many":
		if len(f.tenProducts) == 0 {
			return nil, false
		}
		var next atomic.Int64
		return func(*rand.Rand) request {
			p := f.tenProducts[int(next.Add(1)-1)%len(f.tenProducts)]
			return request{path: "/query", body: gql(scenarios.Leads, map[string]any{"p": p}), auth: true}
		}, true
	case "catalog-mix":
		return f.catalogMix(), true
	case "mixed":
		reads := []func(*rand.Rand) request{}
		for _, s := range []string{"catalog", "byid", "byid"} {
			g, _ := f.scenario(s)
			reads = append(reads, g)
		}
		return func(r *rand.Rand) request {
			if r.IntN(10) > 0 || len(f.inquiryIDs) == 0 {
				return reads[r.IntN(len(reads))](r)
			}
			switch r.IntN(3) {
			case 0:
				return request{path: "/query", write: true, auth: true, body: gql(scenarios.CreateBuyRequest, map[string]any{"in": map[string]any{
					"buyerID": f.buyerID, "title": "Load test request", "query": "tengiri", "quantity": map[string]any{"amount": 1 + r.IntN(20), "unit": "TONNE"},
					"destination": map[string]any{"country": "TH"}, "validUntil": time.Now().AddDate(0, 1, 0).Format(time.RFC3339)}})}
			case 1:
				return request{path: "/query", write: true, auth: true, body: gql(scenarios.SendMessage, map[string]any{"in": map[string]any{
					"inquiryID": f.inquiryIDs[r.IntN(len(f.inquiryIDs))], "sender": "BUYER", "body": "Following up on the price."}})}
			default:
				return request{path: "/query", write: true, auth: true, body: gql(scenarios.UpdateProduct, map[string]any{
					"id": f.productIDs[r.IntN(len(f.productIDs))], "d": 7 + r.IntN(30)})}
			}
		}, true
	}
	return nil, false
}

// The realistic anonymous mix: visitors open a first catalog page drawn from
// scenarios.CatalogCombinations (11,520) combinations of filter, order and page
// size, the popular ones far more often (Zipf, s = 1.1, over a fixed shuffle of
// the combinations), then follow the cursor to the next page with probability
// catalogMixFollow, up to page catalogMixPages.
const (
	catalogMixZipf   = 1.1
	catalogMixFollow = 0.5
	catalogMixPages  = 5
)

func (f *fixture) catalogMix() func(*rand.Rand) request {
	n := scenarios.CatalogCombinations
	order := rand.New(rand.NewPCG(11, 20)).Perm(n) //nolint:gosec // G404: a reproducible request mix, not a secret
	var zipfs sync.Map                             // one per connection's generator
	var page func(r *rand.Rand, vars map[string]any, number int) request
	page = func(r *rand.Rand, vars map[string]any, number int) request {
		return request{path: "/query", body: gql(scenarios.CatalogPage, vars), next: func(resp []byte) (request, bool) {
			var out struct {
				Data struct {
					Products struct {
						PageInfo struct {
							HasNextPage bool
							EndCursor   string
						}
					}
				}
			}
			if number >= catalogMixPages || r.Float64() >= catalogMixFollow || json.Unmarshal(resp, &out) != nil || !out.Data.Products.PageInfo.HasNextPage {
				return request{}, false
			}
			next := maps.Clone(vars)
			next["after"] = out.Data.Products.PageInfo.EndCursor
			return page(r, next, number+1), true
		}}
	}
	return func(r *rand.Rand) request {
		z, ok := zipfs.Load(r)
		if !ok {
			z, _ = zipfs.LoadOrStore(r, rand.NewZipf(r, catalogMixZipf, 1, uint64(n-1))) //nolint:gosec // n is the positive product of the scenario lists' lengths
		}
		return page(r, scenarios.CatalogCombination(order[z.(*rand.Zipf).Uint64()]), 1)
	}
}

// needKinds are the commodities of the distinct needs, each with the units it
// is counted in (a unit of another dimension is an input error): HS prefixes
// and/or words, broad and narrow, in both catalog languages, across sectors.
var needKinds = []struct {
	hs    []string
	query string
	units []string
}{
	{nil, "ikan", []string{"TONNE", "KG"}},
	{nil, "ikan beku", []string{"TONNE", "KG"}},
	{[]string{"0303"}, "frozen tuna", []string{"TONNE", "KG"}},
	{nil, "udang", []string{"TONNE", "KG"}},
	{nil, "tengiri", []string{"TONNE", "KG"}},
	{[]string{"0306", "1605"}, "", []string{"KG", "LB"}},
	{nil, "cumi", []string{"TONNE", "KG"}},
	{[]string{"03"}, "", []string{"TONNE", "KG"}},
	{nil, "shrimp", []string{"TONNE", "KG"}},
	{nil, "kerupuk", []string{"TONNE", "KG"}},
	{[]string{"6402", "6403", "6404"}, "", []string{"PAIR", "DOZEN"}},
	{nil, "sepatu", []string{"PAIR", "DOZEN"}},
	{[]string{"3924"}, "", []string{"PIECE", "DOZEN"}},
	{nil, "furniture", []string{"PIECE", "DOZEN"}},
}

// Destinations of the distinct needs, across blocs.
var needCountries = []string{"SG", "TH", "US", "DE", "JP", "SA", "CN", "AU", "MY", "NL"}

// needPeriods are the periods of the distinct needs.
var needPeriods = []string{"MONTH", "WEEK", "YEAR", "SHIPMENT"}

// needPrices are the maximum prices of the distinct needs, per unit asked
// (per kg for tonnes), in currencies the seeded FX table knows; nil: none.
var needPrices = []map[string]any{nil, {"amount": "6", "currency": "USD"}, {"amount": "90000", "currency": "IDR"}, nil, {"amount": "5.5", "currency": "EUR"}, {"amount": "180", "currency": "THB"}}

// needCerts are the buyers' own certificates of the distinct needs.
var needCerts = [][]string{nil, nil, {"HACCP"}, nil, {"HALAL"}}

// distinctNeed returns the variables of the i-th need of a deterministic
// stream in which the first 14 × 4 × 10 × 2 × 20 = 22,400 needs all differ
// (commodity, period, destination, unit, amount); prices, certificates,
// delivery dates and near misses vary along: none answers from a cache
// another one filled.
func distinctNeed(i int) map[string]any {
	n := i
	kind := needKinds[n%len(needKinds)]
	n /= len(needKinds)
	per := needPeriods[n%len(needPeriods)]
	n /= len(needPeriods)
	country := needCountries[n%len(needCountries)]
	n /= len(needCountries)
	unit := kind.units[n%2%len(kind.units)]
	n /= 2
	amount := 1 + n%20
	in := map[string]any{
		"quantity":       map[string]any{"amount": amount, "unit": unit, "per": per},
		"destination":    map[string]any{"country": country},
		"includePartial": i%3 != 0,
	}
	if kind.hs != nil {
		in["hsCodes"] = kind.hs
	}
	if kind.query != "" {
		in["query"] = kind.query
	}
	if m := needPrices[i%len(needPrices)]; m != nil && unit != "DOZEN" {
		in["maxPrice"] = m
	}
	if c := needCerts[i%len(needCerts)]; c != nil {
		in["certifications"] = c
	}
	if per == "SHIPMENT" || i%7 == 0 {
		in["deliverBy"] = time.Now().AddDate(0, 0, 20+i%70).UTC().Format(time.RFC3339)
	}
	return map[string]any{"in": in}
}

func (f *fixture) baseline(name string) func(*rand.Rand) request {
	if name == "catalog" {
		return func(*rand.Rand) request { return request{path: "/catalog"} }
	}
	return func(r *rand.Rand) request {
		return request{path: "/product?id=" + strconv.Itoa(f.rawIDs[r.IntN(len(f.rawIDs))])}
	}
}

func post(ctx context.Context, client *http.Client, url, token string, body []byte, v any) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	defer func() { _ = res.Body.Close() }()
	b, _ := io.ReadAll(res.Body)
	var probe struct {
		Errors []struct{ Message string }
	}
	_ = json.Unmarshal(b, &probe)
	if res.StatusCode != 200 || len(probe.Errors) > 0 {
		return fmt.Errorf("status %d: %.300s", res.StatusCode, b)
	}
	return json.Unmarshal(b, v)
}

type result struct {
	name                string
	requests, errors    int64
	writes, writeErrors int64
	elapsed             time.Duration
	lat, writeLat       []time.Duration
	peakRSS             int64
	firstError          string
	cacheHits           int64 // answered from the server's response cache; -1: unknown
}

// cacheHits reads how many anonymous queries the server has answered from its
// response cache so far (false when it keeps none).
func cacheHits(ctx context.Context, client *http.Client, url string) (int64, bool) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url+"/metrics", nil)
	res, err := client.Do(req)
	if err != nil {
		return 0, false
	}
	defer func() { _ = res.Body.Close() }()
	b, _ := io.ReadAll(res.Body)
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "exportiva_response_cache_hits_total "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return int64(f), err == nil
		}
	}
	return 0, false
}

// load runs one scenario with the configured connections for the duration.
func load(ctx context.Context, client *http.Client, c config, name, base string, gen func(*rand.Rand) request) result {
	ctx, cancel := context.WithTimeout(ctx, c.duration)
	defer cancel()
	var mu sync.Mutex
	res := result{name: name}
	var peak atomic.Int64
	go func() { // sample the server's memory
		for ctx.Err() == nil {
			if v := rss(c.pid); v > peak.Load() {
				peak.Store(v)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}()
	var tick <-chan time.Time
	if c.rate > 0 {
		t := time.NewTicker(time.Second / time.Duration(c.rate))
		defer t.Stop()
		tick = t.C
	}
	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < c.connections; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 42)) //nolint:gosec // G404 as above; w, a worker index, is not negative
			var lat, wlat []time.Duration
			var n, errs, writes, werrs int64
			var first string
			var pending *request
			for ctx.Err() == nil {
				if tick != nil {
					select {
					case <-tick:
					case <-ctx.Done():
						continue
					}
				}
				var q request
				if pending != nil {
					q, pending = *pending, nil
				} else {
					q = gen(r)
				}
				t0 := time.Now()
				token := ""
				if q.auth {
					token = c.token
				}
				body, err := do(ctx, client, base+q.path, token, q.body)
				d := time.Since(t0)
				if err == nil && q.next != nil {
					if nq, ok := q.next(body); ok {
						pending = &nq
					}
				}
				if ctx.Err() != nil && err != nil {
					break // the run ended during the request
				}
				n++
				lat = append(lat, d)
				if q.write {
					writes++
					wlat = append(wlat, d)
				}
				if err != nil {
					errs++
					if q.write {
						werrs++
					}
					if first == "" {
						first = err.Error()
					}
				}
			}
			mu.Lock()
			res.requests += n
			res.errors += errs
			res.writes += writes
			res.writeErrors += werrs
			res.lat = append(res.lat, lat...)
			res.writeLat = append(res.writeLat, wlat...)
			if res.firstError == "" {
				res.firstError = first
			}
			mu.Unlock()
		}(w)
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	res.peakRSS = peak.Load()
	return res
}

func do(ctx context.Context, client *http.Client, url, token string, body []byte) ([]byte, error) {
	method := http.MethodGet
	var rd io.Reader
	if body != nil {
		method, rd = http.MethodPost, bytes.NewReader(body)
	}
	req, _ := http.NewRequestWithContext(ctx, method, url, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer func() { _ = res.Body.Close() }()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	if res.StatusCode != 200 {
		return b, fmt.Errorf("status %d: %.200s", res.StatusCode, b)
	}
	if bytes.Contains(b, []byte(`"errors":`)) {
		return b, fmt.Errorf("%.200s", b)
	}
	return b, nil
}

// rss returns the peak resident set (VmHWM) of a process, in bytes.
func rss(pid int) int64 {
	if pid == 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			f := strings.Fields(line)
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb * 1024
		}
	}
	return 0
}

func pct(lat []time.Duration, p float64) time.Duration {
	if len(lat) == 0 {
		return 0
	}
	s := slices.Clone(lat)
	slices.Sort(s)
	return s[min(len(s)-1, int(float64(len(s))*p))]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d.Microseconds())/1000) }

func report(out io.Writer, c config, rs []result) {
	fmt.Fprintf(out, "connections %d, %s each", c.connections, c.duration)
	if c.rate > 0 {
		fmt.Fprintf(out, ", paced at %d req/s", c.rate)
	}
	fmt.Fprintln(out)
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "scenario\trequests\treq/s\tp50 ms\tp90 ms\tp99 ms\terrors\twrite p99 ms\tfrom cache %\texecuted req/s\tpeak RSS MB\t")
	for _, r := range rs {
		wp := "-"
		if r.writes > 0 {
			wp = ms(pct(r.writeLat, .99))
		}
		mb := "-"
		if r.peakRSS > 0 {
			mb = fmt.Sprintf("%.1f", float64(r.peakRSS)/(1<<20))
		}
		cached, executed := "-", "-"
		if r.cacheHits >= 0 && r.requests > 0 {
			hits := min(r.cacheHits, r.requests)
			cached = fmt.Sprintf("%.1f", 100*float64(hits)/float64(r.requests))
			executed = fmt.Sprintf("%.0f", float64(r.requests-hits)/r.elapsed.Seconds())
		}
		fmt.Fprintf(w, "%s\t%d\t%.0f\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t\n", r.name, r.requests, float64(r.requests)/r.elapsed.Seconds(),
			ms(pct(r.lat, .5)), ms(pct(r.lat, .9)), ms(pct(r.lat, .99)), r.errors, wp, cached, executed, mb)
	}
	_ = w.Flush() // a report on the terminal, like the Fprintf calls above
	for i := 1; i < len(rs); i++ {
		if strings.HasSuffix(rs[i].name, "(baseline)") {
			g, b := rs[i-1], rs[i]
			fmt.Fprintf(out, "%s: throughput %.2f × baseline, p99 %.2f × baseline\n", g.name,
				(float64(g.requests)/g.elapsed.Seconds())/(float64(b.requests)/b.elapsed.Seconds()),
				float64(pct(g.lat, .99))/float64(max(1, pct(b.lat, .99))))
		}
	}
	for _, r := range rs {
		if r.firstError != "" {
			fmt.Fprintf(out, "first error in %s: %s\n", r.name, r.firstError)
		}
	}
}
