package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"entgo.io/ent/dialect"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/testdb"
)

// upload sends an operation with a file as the GraphQL multipart request spec
// describes: the file is the variable $file.
func (e *env) upload(query string, vars map[string]any, name string, file []byte) gqlResponse {
	e.t.Helper()
	if vars == nil {
		vars = map[string]any{}
	}
	vars["file"] = nil
	ops, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	require.NoError(e.t, w.WriteField("operations", string(ops)))
	require.NoError(e.t, w.WriteField("map", `{"0": ["variables.file"]}`))
	part, err := w.CreateFormFile("0", name)
	require.NoError(e.t, err)
	_, _ = part.Write(file)
	require.NoError(e.t, w.Close())
	return e.raw(http.MethodPost, "/query", w.FormDataContentType(), &body)
}

const importOp = `mutation($file: Upload!, $producer: ID, $dry: Boolean, $all: Boolean) {
  importProducts(file: $file, producerId: $producer, dryRun: $dry, allOrNothing: $all) {
    format sheet rows created updated unchanged skipped failed applied dryRun summary
    problems { row column value message } problemCount
    products { id sku name hsCode capacityMonthly }
    productCount
  } }`

type importResponse struct {
	ImportProducts struct {
		Format, Sheet, Summary                             string
		Rows, Created, Updated, Unchanged, Skipped, Failed int
		ProblemCount                                       int
		Applied, DryRun                                    bool
		Problems                                           []struct {
			Row                    int
			Column, Value, Message string
		}
		Products []struct {
			ID, Sku, Name, HsCode string
			CapacityMonthly       float64
		}
		ProductCount int
	}
}

// answered is what a test checks of a response once its body is read and closed.
type answered struct {
	StatusCode int
	Header     http.Header
}

func (e *env) get(path string) (*answered, []byte) {
	e.t.Helper()
	res, err := http.Get(e.srv.URL + path)
	require.NoError(e.t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(e.t, err)
	return &answered{StatusCode: res.StatusCode, Header: res.Header}, b
}

// TestImportFromTheTemplate is the producer's whole path: download the Excel
// template, fill it in Indonesian, import, read the report in Indonesian, fix the
// row, import again, import once more (nothing changes), and be matched.
func TestImportFromTheTemplate(t *testing.T) {
	w := newWorld(t)
	e := w.e
	res, tpl := e.get("/templates/products.xlsx")
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Contains(t, res.Header.Get("Content-Disposition"), ".xlsx")
	f, err := excelize.OpenReader(bytes.NewReader(tpl))
	require.NoError(t, err)
	head, err := f.GetCellValue("Produk", "A1")
	require.NoError(t, err)
	require.Equal(t, "Kode produk* / SKU*", head)
	// Columns: SKU, nama ID, nama EN, deskripsi ID, deskripsi EN, HS, spesies, bahan,
	// bentuk, satuan, MOQ, kapasitas, satuan kapasitas, periode, harga dari, harga
	// sampai, mata uang, incoterm …
	require.NoError(t, f.SetSheetRow("Produk", "A3", &[]any{"TGR-1", "Ikan tengiri beku", "Frozen Spanish mackerel", "", "", "0303.59", "Scomberomorus commerson", "", "Beku", "kg", 1000, 12, "ton", "bulan", 3.1, 3.5, "USD", "CFR"}))
	require.NoError(t, f.SetSheetRow("Produk", "A4", &[]any{"TUNA-1", "Tuna beku", "Frozen tuna", "", "", "03", "", "", "Beku", "Kg", 500, "6 ton", "", "", "", "", "", ""}))
	var book bytes.Buffer
	require.NoError(t, f.Write(&book))

	producer := w.e.as(w.tokens["producerA"]).in("id-ID,id;q=0.9,en;q=0.5")
	var rep importResponse
	r := producer.upload(importOp, nil, "produk.xlsx", book.Bytes())
	require.Empty(t, r.Errors, "%+v", r.Errors)
	require.NoError(t, json.Unmarshal(r.Data, &rep))
	got := rep.ImportProducts
	require.Equal(t, "XLSX", got.Format)
	require.False(t, got.Applied)
	require.Equal(t, 1, got.Skipped, "the example row")
	require.Equal(t, 1, got.Failed)
	require.Len(t, got.Problems, 1)
	require.Equal(t, 4, got.Problems[0].Row)
	require.Equal(t, "Kode HS* / HS code*", got.Problems[0].Column)
	require.Equal(t, "03", got.Problems[0].Value)
	require.Equal(t, "kode HS terdiri atas 6 sampai 10 angka", got.Problems[0].Message)
	require.Contains(t, got.Summary, "tidak ada yang disimpan")
	require.Empty(t, got.Products)
	ctx := authz.System(context.Background())
	require.Zero(t, e.db.Client.Product.Query().Where(product.SkuNotNil()).CountX(ctx), "all or nothing")

	// Fix the row and import again.
	require.NoError(t, f.SetCellValue("Produk", "F4", "0303.42"))
	book.Reset()
	require.NoError(t, f.Write(&book))
	r = producer.upload(importOp, nil, "produk.xlsx", book.Bytes())
	require.Empty(t, r.Errors, "%+v", r.Errors)
	rep = importResponse{}
	require.NoError(t, json.Unmarshal(r.Data, &rep))
	got = rep.ImportProducts
	require.True(t, got.Applied)
	require.Equal(t, 2, got.Created)
	require.Len(t, got.Products, 2)
	require.Equal(t, "Ikan tengiri beku", got.Products[0].Name, "the name in the request's language")
	require.Equal(t, "030342", got.Products[1].HsCode)
	require.Equal(t, 6000.0, got.Products[1].CapacityMonthly)

	// The same file again changes nothing.
	r = producer.upload(importOp, nil, "produk.xlsx", book.Bytes())
	rep = importResponse{}
	require.NoError(t, json.Unmarshal(r.Data, &rep))
	require.Equal(t, 0, rep.ImportProducts.Created)
	require.Equal(t, 2, rep.ImportProducts.Unchanged)
	require.Equal(t, 2, e.db.Client.Product.Query().Where(product.SkuNotNil()).CountX(ctx))

	// A buyer looking for 8 t a month of frozen tengiri finds it.
	var m matchesResponse
	w.e.as(w.tokens["buyerA"]).ok(thailand, map[string]any{"first": 10, "amount": 8.0}, &m)
	found := false
	for _, edge := range m.Matches.Edges {
		found = found || edge.Node.Product.ID == got.Products[0].ID
	}
	require.True(t, found, "the imported product is matched")
}

func TestImportCSVAndErrors(t *testing.T) {
	w := newWorld(t)
	res, csv := w.e.get("/templates/products.csv")
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.True(t, bytes.HasPrefix(csv, []byte("\ufeffKode produk* / SKU*;")))
	producer := w.e.as(w.tokens["producerA"])
	file := []byte("Kode produk;Nama (Indonesia);Nama (Inggris);Kode HS;Bentuk;Satuan jual;Kapasitas\r\nK-1;Kerupuk ikan;Fish crackers;1905.90;olahan;kg;2,5 ton\r\n")

	// A dry run saves nothing, and leaves the rest of the operation alone.
	var dry struct {
		ImportProducts struct {
			Created int
			Applied bool
		}
		UpdateProducer struct{ Producer struct{ Name string } }
	}
	r := producer.upload(`mutation($file: Upload!, $id: ID!) {
	  importProducts(file: $file, dryRun: true) { created applied }
	  updateProducer(id: $id, input: {name: "Producer A Baru"}) { producer { name } } }`, map[string]any{"id": w.prodA}, "p.csv", file)
	require.Empty(t, r.Errors, "%+v", r.Errors)
	require.NoError(t, json.Unmarshal(r.Data, &dry))
	require.Equal(t, 1, dry.ImportProducts.Created)
	require.False(t, dry.ImportProducts.Applied)
	ctx := authz.System(context.Background())
	require.Zero(t, w.e.db.Client.Product.Query().Where(product.SkuNotNil()).CountX(ctx))
	id, _ := strconv.Atoi(w.prodA)
	p := w.e.db.Client.Producer.GetX(ctx, id)
	require.Equal(t, "Producer A Baru", p.Name, "the other field of the mutation was saved")

	// Who may import.
	r = w.e.as("").upload(importOp, nil, "p.csv", file)
	require.Equal(t, "UNAUTHENTICATED", r.code())
	r = w.e.as(w.tokens["producerB"]).upload(importOp, map[string]any{"producer": w.prodA}, "p.csv", file)
	require.Equal(t, "FORBIDDEN", r.code())
	r = w.e.as(w.tokens["buyerA"]).upload(importOp, nil, "p.csv", file)
	require.Equal(t, "BAD_USER_INPUT", r.code())
	require.Equal(t, []string{"producerId"}, r.field())
	r = w.e.upload(importOp, map[string]any{"producer": w.prodA}, "p.csv", file) // the trade office
	require.Empty(t, r.Errors, "%+v", r.Errors)
	require.Equal(t, 1, w.e.db.Client.Product.Query().Where(product.Sku("K-1")).CountX(ctx))

	// Files that are not spreadsheets, in both languages.
	for lang, want := range map[string]string{"en": "the file is not a readable Excel workbook", "id": "berkas bukan buku kerja Excel"} {
		r = producer.in(lang).upload(importOp, nil, "p.xlsx", []byte("PK\x03\x04 not really a zip"))
		require.Equal(t, "BAD_USER_INPUT", r.code())
		require.Equal(t, []string{"file"}, r.field())
		require.Contains(t, r.Errors[0].Message, want)
	}
	r = producer.upload(importOp, nil, "p.pdf", []byte("%PDF-1.4\x00\x01\x02binary"))
	require.Equal(t, "BAD_USER_INPUT", r.code())
	r = producer.upload(importOp, nil, "p.csv", []byte("SKU;Nama\nA;B\n"))
	require.Equal(t, "BAD_USER_INPUT", r.code())
	require.Contains(t, r.Errors[0].Message, "the header row lacks these columns")

	// Too large: refused before it is read.
	r = producer.upload(importOp, nil, "big.csv", bytes.Repeat([]byte("x;"), 6<<20))
	require.Equal(t, http.StatusRequestEntityTooLarge, r.status)

	// A multipart body is still a GraphQL request: limits and auth apply, and JSON
	// bodies keep their own 1 MiB cap.
	r = producer.raw(http.MethodPost, "/query", "application/json", strings.NewReader(`{"query":"{ __typename }","x":"`+strings.Repeat("a", 2<<20)+`"}`))
	require.Equal(t, http.StatusRequestEntityTooLarge, r.status)
}

func TestEnumLabelsAndLanguage(t *testing.T) {
	e := newEnv(t, false)
	type labels struct {
		Language   string
		EnumLabels []struct{ Value, Label, Description string }
	}
	var id, en labels
	e.in("id").ok(`{ language enumLabels(enum: "ProductForm") { value label description } }`, nil, &id)
	e.ok(`{ language enumLabels(enum: "ProductForm") { value label description } }`, nil, &en)
	require.Equal(t, "ID", id.Language)
	require.Equal(t, "EN", en.Language, "English by default")
	require.Equal(t, "FROZEN", id.EnumLabels[2].Value)
	require.Equal(t, "Beku", id.EnumLabels[2].Label)
	require.Equal(t, "Frozen", en.EnumLabels[2].Label)
	require.NotEmpty(t, id.EnumLabels[2].Description, "falls back to English")
	e.in("fr-FR").ok(`{ language }`, nil, &en)
	require.Equal(t, "EN", en.Language, "an unsupported language falls back to English")

	r := e.in("id").fails("NOT_FOUND", `{ enumLabels(enum: "Colour") { value } }`, nil)
	require.Equal(t, `enumerasi "Colour" tidak dikenal`, r.Errors[0].Message)
	r = e.in("id").fails("NOT_FOUND", `{ node(id: "999999999") { id } }`, nil)
	require.Equal(t, "tidak ditemukan", r.Errors[0].Message)
	r = e.in("id").fails("BAD_USER_INPUT", `mutation { createProducer(input: {name: "X", district: PACIRAN, sector: FISHERY, sizeClass: SMALL, contactEmail: "not-an-email"}) { producer { id } } }`, nil)
	require.Contains(t, r.Errors[0].Message, "alamat e-mail tidak sah")
	r = e.as("exv_not-a-token").in("id").do(`{ language }`, nil)
	require.Equal(t, http.StatusUnauthorized, r.status)
	require.Equal(t, "UNAUTHENTICATED", r.code())
	require.Equal(t, "token tidak sah atau kedaluwarsa: masuk lagi", r.Errors[0].Message)
}

// TestImportReportProductsStatements: the products of a report, with their
// producer and certificates, cost the same statements for 1 row or 3 (no N+1).
func TestImportReportProductsStatements(t *testing.T) {
	db := testdb.Open(t)
	var counter *testdb.Counter
	e := newEnvOn(t, db.Wrap(func(d dialect.Driver) dialect.Driver { counter = testdb.NewCounter(d); return counter }))
	pid := createProducer(e, "Samudra Hitung")
	head := "SKU;Nama (Indonesia);Nama (Inggris);Kode HS;Bentuk;Satuan jual;Kapasitas\r\n"
	row := func(i int) string {
		return fmt.Sprintf("S-%d;Tengiri %d;Mackerel %d;030359;beku;kg;%d ton\r\n", i, i, i, 5+i)
	}
	op := `mutation($file: Upload!, $producer: ID) { importProducts(file: $file, producerId: $producer) {
	  created products { id name producer { name certifications { type } } certifications { type } } } }`
	var reads [2]int64
	for i, rows := range []string{row(1), row(2) + row(3) + row(4)} {
		counter.Reset()
		r := e.upload(op, map[string]any{"producer": pid}, "p.csv", []byte(head+rows))
		require.Empty(t, r.Errors, "%+v", r.Errors)
		var out struct {
			ImportProducts struct {
				Created  int
				Products []struct{ Producer struct{ Name string } }
			}
		}
		require.NoError(t, json.Unmarshal(r.Data, &out))
		require.Len(t, out.ImportProducts.Products, out.ImportProducts.Created)
		require.Equal(t, "Samudra Hitung", out.ImportProducts.Products[0].Producer.Name)
		// Writes grow with the rows; what the report reads must not: count the
		// statements of the report alone by importing the same file again (all
		// unchanged, no writes), once the saved-search alerts of the first
		// import (after its commit) are done.
		e.svc.SavedSearches.Wait()
		counter.Reset()
		r = e.upload(op, map[string]any{"producer": pid}, "p.csv", []byte(head+rows))
		require.Empty(t, r.Errors)
		reads[i] = counter.Count()
	}
	require.Equal(t, reads[0], reads[1], "statements for 1 and 3 unchanged rows: %v", reads)
}
