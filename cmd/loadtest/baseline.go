package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect"

	"github.com/exportiva/exportiva/internal/store"
)

// baselineHandler answers the catalog page and the product lookup with plain
// database/sql and encoding/json: the same statements the GraphQL server sends
// (a page of products, then their producers, then the producers' certificates),
// the same JSON shape, the same database and pool settings. It exists only to
// measure the cost of the GraphQL layer.
func baselineHandler(db *store.DB) http.Handler {
	pool := db.ReadPool()
	ph := func(n int) string {
		if db.Dialect == dialect.Postgres {
			return "$" + strconv.Itoa(n)
		}
		return "?"
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/catalog", func(w http.ResponseWriter, r *http.Request) {
		rows, err := pool.QueryContext(r.Context(), fmt.Sprintf(`SELECT id, name_english, hs_code, capacity_monthly, producer_id FROM products
			WHERE hs_code LIKE %s AND capacity_dimension = %s AND capacity_monthly >= %s AND status = %s ORDER BY capacity_monthly DESC, id DESC LIMIT 21`, ph(1), ph(2), ph(3), ph(4)),
			"0303%", "MASS", 8000.0, "ACTIVE")
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		type cert struct {
			Type       string    `json:"type"`
			ValidUntil time.Time `json:"validUntil"`
		}
		type producer struct {
			ID             string `json:"id"`
			Name           string `json:"name"`
			District       string `json:"district"`
			Verified       bool   `json:"verified"`
			Certifications []cert `json:"certifications"`
		}
		type node struct {
			ID              string    `json:"id"`
			NameEnglish     string    `json:"nameEnglish"`
			HsCode          string    `json:"hsCode"`
			CapacityMonthly float64   `json:"capacityMonthly"`
			Producer        *producer `json:"producer"`
			producerID      int
		}
		var nodes []*node
		for rows.Next() {
			var n node
			var id int
			if err := rows.Scan(&id, &n.NameEnglish, &n.HsCode, &n.CapacityMonthly, &n.producerID); err != nil {
				_ = rows.Close() //nolint:sqlclosecheck // closed before the next query, on every path, to free the pool's connection
				http.Error(w, err.Error(), 500)
				return
			}
			n.ID = strconv.Itoa(id)
			nodes = append(nodes, &n)
		}
		_ = rows.Close()
		if len(nodes) > 20 {
			nodes = nodes[:20]
		}
		producers := map[int]*producer{}
		var ids []any
		var marks []string
		for _, n := range nodes {
			if _, ok := producers[n.producerID]; !ok {
				producers[n.producerID] = nil
				ids = append(ids, n.producerID)
				marks = append(marks, ph(len(ids)))
			}
		}
		if len(ids) > 0 {
			in := strings.Join(marks, ", ")
			prows, err := pool.QueryContext(r.Context(), "SELECT id, name, district, verified FROM producers WHERE id IN ("+in+")", ids...) //nolint:gosec // in is only "?" placeholders; the ids are bound
			if err != nil {
				http.Error(w, err.Error(), 500)
				return
			}
			for prows.Next() {
				var p producer
				var id int
				if err := prows.Scan(&id, &p.Name, &p.District, &p.Verified); err == nil {
					p.ID = strconv.Itoa(id)
					p.Certifications = []cert{}
					producers[id] = &p
				}
			}
			_ = prows.Close()                                                                                                                               //nolint:sqlclosecheck // closed before the next query, on every path, to free the pool's connection
			crows, err := pool.QueryContext(r.Context(), "SELECT producer_id, type, valid_until FROM certifications WHERE producer_id IN ("+in+")", ids...) //nolint:gosec // as above
			if err != nil {
				http.Error(w, err.Error(), 500)
				return
			}
			for crows.Next() {
				var pid int
				var c cert
				if err := crows.Scan(&pid, &c.Type, &c.ValidUntil); err == nil && producers[pid] != nil {
					producers[pid].Certifications = append(producers[pid].Certifications, c)
				}
			}
			_ = crows.Close() //nolint:sqlclosecheck // closed before the next query, on every path, to free the pool's connection
		}
		type edge struct {
			Node *node `json:"node"`
		}
		edges := make([]edge, len(nodes))
		for i, n := range nodes {
			n.Producer = producers[n.producerID]
			edges[i] = edge{n}
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"data": map[string]any{"products": map[string]any{"edges": edges}}})
	})
	mux.HandleFunc("/product", func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.Atoi(r.URL.Query().Get("id"))
		var n struct {
			ID              string  `json:"id"`
			NameEnglish     string  `json:"nameEnglish"`
			HsCode          string  `json:"hsCode"`
			CapacityMonthly float64 `json:"capacityMonthly"`
			Producer        struct {
				ID       string `json:"id"`
				Name     string `json:"name"`
				District string `json:"district"`
				Verified bool   `json:"verified"`
			} `json:"producer"`
		}
		var pid int
		err := pool.QueryRowContext(r.Context(), "SELECT name_english, hs_code, capacity_monthly, producer_id FROM products WHERE id = "+ph(1), id).
			Scan(&n.NameEnglish, &n.HsCode, &n.CapacityMonthly, &pid)
		if err == sql.ErrNoRows {
			http.NotFound(w, r)
			return
		}
		if err == nil {
			err = pool.QueryRowContext(r.Context(), "SELECT name, district, verified FROM producers WHERE id = "+ph(1), pid).
				Scan(&n.Producer.Name, &n.Producer.District, &n.Producer.Verified)
		}
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		n.ID, n.Producer.ID = strconv.Itoa(id), strconv.Itoa(pid)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"data": map[string]any{"node": n}})
	})
	return mux
}
