package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/importer/importertest"
	"github.com/exportiva/exportiva/internal/server"
	"github.com/exportiva/exportiva/internal/testdb"
)

// TestUploadServerChild is the server of TestUploadBombs, in a process of its
// own: it announces its address and a producer's token, serves until the parent
// closes its standard input, then reports its peak RSS.
func TestUploadServerChild(t *testing.T) {
	if os.Getenv(importertest.ChildEnv) == "" {
		t.Skip("run by TestUploadBombs")
	}
	w := newWorld(t)
	importertest.Announce(w.e.srv.URL + " " + w.tokens["producerA"])
	importertest.WaitForParent()
	importertest.ReportPeak()
}

// postFile uploads a file to importProducts as a browser does (multipart).
func postFile(t *testing.T, url, token, lang, name string, file []byte) gqlResponse {
	t.Helper()
	r, _ := postFileHeader(t, url, token, lang, name, file)
	return r
}

func postFileHeader(t *testing.T, url, token, lang, name string, file []byte) (gqlResponse, http.Header) {
	t.Helper()
	ops, _ := json.Marshal(map[string]any{"query": importOp, "variables": map[string]any{"file": nil}})
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	require.NoError(t, mw.WriteField("operations", string(ops)))
	require.NoError(t, mw.WriteField("map", `{"0": ["variables.file"]}`))
	part, err := mw.CreateFormFile("0", name)
	require.NoError(t, err)
	_, _ = part.Write(file)
	require.NoError(t, mw.Close())
	req, err := http.NewRequest(http.MethodPost, url+"/query", &body)
	require.NoError(t, err)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept-Language", lang)
	res, err := (&http.Client{Timeout: 2 * time.Minute}).Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	var r gqlResponse
	require.NoError(t, json.Unmarshal(b, &r), "%s", b)
	r.status = res.StatusCode
	return r, res.Header
}

// TestImportsAtOnce: with --max-imports 1, uploads that arrive while an import
// runs wait, then are refused with SERVICE_UNAVAILABLE and a retryAfter (in the
// request's language, with a Retry-After header), and nothing of theirs is read.
//
// On SQLite one write transaction runs at a time, so a second upload waits for
// the database before it reaches the gate: the test needs PostgreSQL (CI runs
// it there); graph.TestImportGate checks the gate on any database.
func TestImportsAtOnce(t *testing.T) {
	if testdb.Dialect() != dialect.Postgres {
		t.Skip("on SQLite, mutations already run one at a time")
	}
	w := newWorldOn(t, testdb.Open(t), func(c *server.Config) { c.MaxImports = 1 })
	var file []byte
	for _, b := range importertest.Bombs() {
		if b.Name == "xfd-empty-10000" { // 10,000 good rows: an import of seconds
			var err error
			file, err = b.Build()
			require.NoError(t, err)
		}
	}
	type answer struct {
		r gqlResponse
		h http.Header
	}
	answers := make(chan answer, 4)
	for range 4 {
		go func() {
			r, h := postFileHeader(t, w.e.srv.URL, w.tokens["producerA"], "id", "p.xlsx", file)
			answers <- answer{r, h}
		}()
	}
	ok, busy := 0, 0
	for range 4 {
		a := <-answers
		if len(a.r.Errors) == 0 {
			ok++
			continue
		}
		busy++
		require.Equal(t, "SERVICE_UNAVAILABLE", a.r.code(), "%+v", a.r.Errors)
		require.Equal(t, float64(5), a.r.Errors[0].Extensions["retryAfter"])
		require.Equal(t, "5", a.h.Get("Retry-After"))
		require.Equal(t, "impor lain sedang berjalan: coba lagi dalam 5 detik", a.r.Errors[0].Message)
	}
	require.Positive(t, ok)
	require.Positive(t, busy, "four imports of seconds each with one slot: some waited past 2 s")
}

// TestUploadBombs sends hostile spreadsheets through the real HTTP upload of a
// server in a child process, and holds the server's peak RSS to 64 MB above a
// server that imported a small valid workbook. The media bomb imports its one
// row; the others are refused with BAD_USER_INPUT naming the row and column.
func TestUploadBombs(t *testing.T) {
	bombs := map[string]importertest.Bomb{}
	for _, b := range importertest.Bombs() {
		bombs[b.Name] = b
	}
	valid, err := importertest.Book(importertest.Part{Body: importertest.Text(importertest.ValidSheet())}, importertest.Part{Body: importertest.Text(importertest.EmptySST)})
	require.NoError(t, err)
	serve := func(t *testing.T, files ...func(url, token string)) int64 {
		child, addr := importertest.StartChild(t, "TestUploadServerChild", "serve")
		url, token, _ := strings.Cut(addr, " ")
		r := postFile(t, url, token, "en", "valid.xlsx", valid)
		require.Empty(t, r.Errors, "%+v", r.Errors)
		for _, f := range files {
			f(url, token)
		}
		return child.Stop(t)
	}
	idle := serve(t)
	t.Logf("idle server (one small import): peak RSS %.1f MB", float64(idle)/(1<<20))
	for _, c := range []struct {
		bomb, lang, want string
	}{
		{"media", "en", ""},
		{"xfd-1500", "id", "baris 2 berisi nilai di kolom XFD, di kanan 64 kolom pertama yang dibaca impor"},
		{"xfd-20000", "en", "row 2 has a value in column XFD, right of the first 64 columns that an import reads"},
		{"csv-wide", "en", "the CSV file has more than 16384 columns on line 1"},
		{"shared-strings-many", "id", "bagian xl/sharedStrings.xml dari buku kerja membuka menjadi lebih dari 64 MB"},
		{"xfd-empty-10000", "en", ""},
		{"csv-all-wrong", "id", "-"},
	} {
		t.Run(c.bomb, func(t *testing.T) {
			b := bombs[c.bomb]
			data, err := b.Build()
			require.NoError(t, err)
			var got gqlResponse
			rss := serve(t, func(url, token string) {
				name := "bomb.xlsx"
				if strings.HasPrefix(c.bomb, "csv") {
					name = "bomb.csv"
				}
				start := time.Now()
				got = postFile(t, url, token, c.lang, name, data)
				t.Logf("%s: answered in %s", b.What, time.Since(start).Round(time.Millisecond))
			})
			summary := fmt.Sprintf("%s (%d KB): server peak RSS %.1f MB, +%.1f MB over idle", b.What, len(data)>>10, float64(rss)/(1<<20), float64(rss-idle)/(1<<20))
			t.Log(summary)
			switch c.want {
			case "-": // read, every row reported
				require.Empty(t, got.Errors, "%+v", got.Errors)
				var rep importResponse
				require.NoError(t, json.Unmarshal(got.Data, &rep))
				require.Equal(t, 10000, rep.ImportProducts.Failed)
				require.False(t, rep.ImportProducts.Applied)
				require.Len(t, rep.ImportProducts.Problems, 1000)
				require.Greater(t, rep.ImportProducts.ProblemCount, 100000)
			case "":
				require.Empty(t, got.Errors, "%+v", got.Errors)
				var rep importResponse
				require.NoError(t, json.Unmarshal(got.Data, &rep))
				require.Positive(t, rep.ImportProducts.Rows)
				require.Equal(t, rep.ImportProducts.Rows, rep.ImportProducts.Created+rep.ImportProducts.Unchanged, "%+v", rep.ImportProducts.Problems)
			default:
				require.Equal(t, "BAD_USER_INPUT", got.code(), "%+v", got.Errors)
				require.Equal(t, []string{"file"}, got.field())
				require.Contains(t, got.Errors[0].Message, c.want)
			}
			require.LessOrEqual(t, rss-idle, int64(importertest.Budget), summary)
		})
	}
}
