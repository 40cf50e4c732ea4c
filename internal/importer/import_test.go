package importer

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/ent/productterm"
	"github.com/exportiva/exportiva/internal/authz"
	d "github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/i18n"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/testdb"
)

// indonesianCSV is what Excel in an Indonesian locale saves: semicolons, decimal
// commas, thousands dots, a BOM, Indonesian headers, a blank row, trailing spaces.
const indonesianCSV = "\ufeffKode produk;Nama (Indonesia);Nama (Inggris);Kode HS;Bentuk;Satuan jual;Pesanan minimum;Kapasitas;Satuan kapasitas;Periode kapasitas;Harga dari;Harga sampai;Mata uang\r\n" +
	"TGR-01;Ikan tengiri beku ;Frozen Spanish mackerel;0303.59;Beku;Kg;1.000;8,5;ton;bulan;3,20;3,60;USD\r\n" +
	";;;;;;;;;;;;\r\n" +
	"TUNA-02;Tuna sirip kuning beku;Frozen yellowfin tuna;0303.42;beku;kg;2.500;1.234,5;Kg;per bulan;Rp 45.000;;\r\n" +
	"SND-03;Sandal jepit;Flip-flops;6402.20;barang jadi;pasang;500;20.000;pasang;bulan;;;\r\n"

type env struct {
	ctx      context.Context
	db       *ent.Client
	producer int
}

func newEnv(t testing.TB) *env {
	t.Helper()
	ctx := authz.System(context.Background())
	db := testdb.Open(t).Client
	p := db.Producer.Create().SetName("UD Tengiri Brondong").SetDistrict("BRONDONG").SetSector(d.SectorFishery).
		SetSizeClass(d.SizeSmall).SaveX(ctx)
	return &env{ctx: ctx, db: db, producer: p.ID}
}

// run reads and imports a file in one transaction, committed when applied.
func (e *env) run(t testing.TB, file []byte, o Options) *Report {
	t.Helper()
	tab, err := Read(bytes.NewReader(file), DefaultLimits())
	require.NoError(t, err)
	o.ProducerID = e.producer
	tx, err := e.db.Tx(e.ctx)
	require.NoError(t, err)
	rep, err := Import(e.ctx, tx.Client(), tab, o)
	if err != nil {
		_ = tx.Rollback()
		require.NoError(t, err)
	}
	require.NoError(t, tx.Commit(), "the import rolled back to its savepoint itself")
	return rep
}

func (e *env) products(t *testing.T) map[string]*ent.Product {
	t.Helper()
	out := map[string]*ent.Product{}
	for _, p := range e.db.Product.Query().Where(product.ProducerID(e.producer)).AllX(e.ctx) {
		out[*p.Sku] = p
	}
	return out
}

func TestImportIndonesianCSV(t *testing.T) {
	e := newEnv(t)
	rep := e.run(t, []byte(indonesianCSV), Options{})
	require.Empty(t, rep.Problems)
	require.Equal(t, "csv", rep.Format)
	require.Equal(t, ";", rep.Delimiter)
	require.Equal(t, 3, rep.Rows, "the blank row is not a product")
	require.Equal(t, 3, rep.Created)
	require.True(t, rep.Applied)

	ps := e.products(t)
	tgr := ps["TGR-01"]
	require.Equal(t, "Ikan tengiri beku", tgr.NameIndonesian, "trailing spaces trimmed")
	require.Equal(t, "030359", tgr.HsCode)
	require.Equal(t, d.FormFrozen, tgr.Form)
	require.Equal(t, d.UnitKG, tgr.Unit)
	require.Equal(t, 1000.0, *tgr.Moq, "1.000 is a thousand in an Indonesian file")
	require.Equal(t, 8.5, tgr.CapacityAmount)
	require.Equal(t, d.UnitTonne, tgr.CapacityUnit)
	require.Equal(t, d.PerMonth, tgr.CapacityPeriod)
	require.Equal(t, 8500.0, tgr.CapacityMonthly)
	require.Equal(t, money.MustParse("3.2"), *tgr.PriceMin)
	require.Equal(t, "USD", *tgr.PriceCurrency)
	require.Equal(t, d.ProductActive, tgr.Status)

	tuna := ps["TUNA-02"]
	require.Equal(t, 1234.5, tuna.CapacityAmount)
	require.Equal(t, money.MustParse("45000"), *tuna.PriceMin)
	require.Equal(t, "IDR", *tuna.PriceCurrency, "the currency written with the price")

	snd := ps["SND-03"]
	require.Equal(t, d.UnitPair, snd.Unit)
	require.Equal(t, d.FormManufactured, snd.Form)
	require.Equal(t, "640220", snd.HsCode)

	// The search index knows the new products.
	n := e.db.ProductTerm.Query().Where(productterm.ProductID(tgr.ID), productterm.Term("tengiri")).CountX(e.ctx)
	require.Equal(t, 1, n)

	// The same file again changes nothing.
	before := tgr.UpdatedAt
	again := e.run(t, []byte(indonesianCSV), Options{})
	require.Equal(t, 0, again.Created)
	require.Equal(t, 0, again.Updated)
	require.Equal(t, 3, again.Unchanged)
	require.Equal(t, before, e.products(t)["TGR-01"].UpdatedAt)
	require.Len(t, e.products(t), 3)
}

func TestImportUpdatesBySKU(t *testing.T) {
	e := newEnv(t)
	e.run(t, []byte(indonesianCSV), Options{})
	changed := strings.Replace(indonesianCSV, "TGR-01;Ikan tengiri beku ;Frozen Spanish mackerel;0303.59;Beku;Kg;1.000;8,5", "TGR-01;Ikan tengiri beku;Frozen Spanish mackerel;0303.59;Beku;Kg;;12", 1)
	rep := e.run(t, []byte(changed), Options{})
	require.Empty(t, rep.Problems)
	require.Equal(t, 1, rep.Updated)
	require.Equal(t, 2, rep.Unchanged)
	tgr := e.products(t)["TGR-01"]
	require.Equal(t, 12.0, tgr.CapacityAmount)
	require.Nil(t, tgr.Moq, "an emptied optional cell clears the value")
	require.Equal(t, 12000.0, tgr.CapacityMonthly, "derived fields follow")
}

func TestImportReportsRowsAndSavesNothing(t *testing.T) {
	e := newEnv(t)
	bad := "SKU,Name (Indonesian),Name (English),HS code,Form,Unit of sale,Capacity,Capacity period,Price from,Price to,Currency\n" +
		"A-1,Udang beku,Frozen shrimp,0306.17,frozen,kg,\"2,000\",month,8.50,9.00,USD\n" +
		"A-2,Cumi,Squid,03,frozen,kg,100,month,,,\n" +
		"A-3,Kerupuk,Crackers,1905.90,fried,kg,ten,month,,,\n" +
		"A-4,Teri,Anchovy,0305.59,dried,kg,500,shipment,,,\n" +
		"A-5,Tuna,Tuna,0303.42,frozen,kg,500,month,9.00,8.00,USD\n" +
		"A-6,Bandeng,Milkfish,0302.89,fresh,kg,300,month,2.50,,\n" +
		"A-1,Udang lagi,Shrimp again,0306.17,frozen,kg,100,month,,,\n" +
		"A-8,,Tilapia,0304.61,frozen,kg,100,month,,,\n"
	for _, l := range i18n.Langs {
		rep := e.run(t, []byte(bad), Options{Lang: l})
		require.False(t, rep.Applied)
		require.Equal(t, 1, rep.Created, "the good row was checked")
		require.Equal(t, 7, rep.Failed)
		byRow := map[int][]Problem{}
		for _, p := range rep.Problems {
			byRow[p.Row] = append(byRow[p.Row], p)
		}
		require.Len(t, byRow, 7, "%+v", rep.Problems)
		require.Len(t, rep.Problems, 8)
		require.Equal(t, Problem{Row: 3, Column: "HS code", Value: "03", Message: i18n.T(l, "an HS code has 6 to 10 digits")}, byRow[3][0])
		require.Equal(t, Problem{Row: 4, Column: "Form", Value: "fried", Message: i18n.T(l, "not a known value")}, byRow[4][0])
		require.Equal(t, Problem{Row: 4, Column: "Capacity", Value: "ten", Message: i18n.T(l, "not a number")}, byRow[4][1])
		require.Equal(t, "Capacity period", byRow[5][0].Column)
		require.Equal(t, "Price from", byRow[6][0].Column)
		require.Equal(t, "Currency", byRow[7][0].Column)
		require.Equal(t, i18n.T(l, "the same SKU is already on row %d", 2), byRow[8][0].Message)
		require.Equal(t, "Name (Indonesian)", byRow[9][0].Column)
		if l == i18n.Indonesian {
			require.Equal(t, "kode HS terdiri atas 6 sampai 10 angka", byRow[3][0].Message)
			require.Equal(t, "wajib diisi", byRow[9][0].Message)
		} else {
			require.Equal(t, "is required", byRow[9][0].Message)
		}
		require.Empty(t, e.products(t), "all or nothing")
	}

	// Partial: the good row is saved, the others reported.
	rep := e.run(t, []byte(bad), Options{Partial: true})
	require.True(t, rep.Applied)
	require.Len(t, e.products(t), 1)
	require.Equal(t, 2000.0, e.products(t)["A-1"].CapacityAmount, "\"2,000\" in a comma file is two thousand")
}

func TestDryRunSavesNothing(t *testing.T) {
	e := newEnv(t)
	rep := e.run(t, []byte(indonesianCSV), Options{DryRun: true})
	require.Empty(t, rep.Problems)
	require.Equal(t, 3, rep.Created)
	require.False(t, rep.Applied)
	require.Empty(t, e.products(t))
}

func TestImportXLSXTemplate(t *testing.T) {
	e := newEnv(t)
	tpl, err := TemplateXLSX()
	require.NoError(t, err)
	// The template as downloaded imports nothing (its row is the example).
	rep := e.run(t, tpl, Options{})
	require.Empty(t, rep.Problems)
	require.Equal(t, 1, rep.Skipped)
	require.Equal(t, 0, rep.Created)

	// A producer fills it in: Excel keeps numbers as numbers; the HS code typed as
	// a number loses its zero.
	f, err := excelize.OpenReader(bytes.NewReader(tpl))
	require.NoError(t, err)
	row := []any{"TGR-10", "Tengiri beku", "Frozen Spanish mackerel", "Tengiri utuh", "", 30359, "Scomberomorus commerson", "", "Beku", "Kg", 1000,
		8, "ton", "bulan", 3.2, 3.6, "USD", "CFR", 14, 540, 10, "kg", "Blok 10 kg", "Aktif"}
	require.NoError(t, f.SetSheetRow("Produk", "A3", &row))
	require.NoError(t, f.SetSheetRow("Produk", "A5", &[]any{"SND-1", "Sandal", "Sandals", "", "", "6402.20", "", "karet", "barang jadi", "pasang", "", "20000", "pasang", "", "", "", "", "", "", "", "", "", "", ""}))
	var b bytes.Buffer
	require.NoError(t, f.Write(&b))
	rep = e.run(t, b.Bytes(), Options{})
	require.Empty(t, rep.Problems)
	require.Equal(t, "xlsx", rep.Format)
	require.Equal(t, "Produk", rep.Sheet)
	require.Equal(t, 2, rep.Created)
	p := e.products(t)["TGR-10"]
	require.Equal(t, "030359", p.HsCode)
	require.Equal(t, 8000.0, p.CapacityMonthly)
	require.Equal(t, d.Incoterm("CFR"), *p.Incoterm)
	require.Equal(t, 14, *p.LeadTimeDays)
	require.Equal(t, 10.0, *p.PackSize)
	require.Equal(t, money.MustParse("3.6"), *p.PriceMax)
	require.Equal(t, d.UnitPair, e.products(t)["SND-1"].CapacityUnit)
}

func TestTemplateCSVRoundTrip(t *testing.T) {
	tab, err := Read(bytes.NewReader(TemplateCSV()), DefaultLimits())
	require.NoError(t, err)
	cols, ignored, err := mapHeader(tab.Header, i18n.English)
	require.NoError(t, err)
	require.Empty(t, ignored)
	require.Len(t, cols, len(Columns), "every column of the template is recognized")
	r := readRow(tab.Rows[0], cols, tab.style, i18n.English)
	require.Empty(t, r.problems, "the example row is valid")
	require.Equal(t, 1000.0, r.values["moq"])
	require.Equal(t, money.MustParse("3.2"), r.values["price_min"])
}

func TestEncodings(t *testing.T) {
	e := newEnv(t)
	// Windows-1252 (Excel's "CSV" on Windows), with an accent in a description.
	text := "SKU;Name (Indonesian);Name (English);HS code;Form;Unit of sale;Capacity;Description (English)\r\n" +
		"K-1;Kerupuk ikan;Fish crackers;1905.90;olahan;kg;2,5 ton;Café-style crackers\r\n"
	w1252, err := charmap.Windows1252.NewEncoder().String(text)
	require.NoError(t, err)
	rep := e.run(t, []byte(w1252), Options{})
	require.Empty(t, rep.Problems)
	require.Equal(t, "Windows-1252", rep.Encoding)
	p := e.products(t)["K-1"]
	require.Equal(t, "Café-style crackers", p.DescriptionEnglish)
	require.Equal(t, d.UnitTonne, p.CapacityUnit, "the unit written in the capacity cell")
	require.Equal(t, 2500.0, p.CapacityMonthly)

	// Excel's "sep=" line and tabs.
	rep = e.run(t, []byte("sep=\t\nSKU\tName (Indonesian)\tName (English)\tHS code\tForm\tUnit\tCapacity\nK-2\tTeri\tAnchovy\t030559\tkering\tkg\t300\n"), Options{})
	require.Empty(t, rep.Problems)
	require.Equal(t, "\t", rep.Delimiter)
	require.Equal(t, 1, rep.Created)
}

func TestBadFiles(t *testing.T) {
	lim := Limits{MaxBytes: 1 << 20, MaxRows: 3}
	cases := map[string][]byte{
		"the file is empty": []byte("  \n"),
		"this is an old Excel file (.xls): save it as Excel Workbook (.xlsx) or CSV and import again":    {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1},
		"the file is not a readable Excel workbook (.xlsx); it may be damaged: save it again, or as CSV": []byte("PK\x03\x04garbage that is not a zip"),
		"the file is not a spreadsheet: upload an Excel workbook (.xlsx) or a CSV file":                  {0x89, 'P', 'N', 'G', 0, 0, 0, 0x0d, 0xff, 0xfe},
		"the file has more than %d product rows: split it into several files":                            []byte("SKU\na\nb\nc\nd\n"),
		"the file is larger than %d MB: split it into several files":                                     bytes.Repeat([]byte("a;"), 1<<20),
	}
	for want, data := range cases {
		_, err := Read(bytes.NewReader(data), lim)
		var fe *FileError
		require.ErrorAs(t, err, &fe, want)
		require.Equal(t, want, fe.Message)
	}
	// A header without the required columns.
	tab, err := Read(strings.NewReader("SKU;Nama (Indonesia)\nA;B\n"), lim)
	require.NoError(t, err)
	_, _, err = mapHeader(tab.Header, i18n.Indonesian)
	var fe *FileError
	require.ErrorAs(t, err, &fe)
	require.Contains(t, fe.Error(), "Nama (Inggris), Kode HS, Bentuk, Satuan jual, Kapasitas")
}

func TestNumbers(t *testing.T) {
	cases := []struct {
		in    string
		style numberStyle
		want  float64
		unit  string
	}{
		{"8", styleAuto, 8, ""}, {"8,5", styleComma, 8.5, ""}, {"8,5", styleAuto, 8.5, ""}, {"1.234,5", styleAuto, 1234.5, ""},
		{"1,234.5", styleAuto, 1234.5, ""}, {"1.000", styleComma, 1000, ""}, {"1.000", styleAuto, 1, ""}, {"1,000", styleDot, 1000, ""},
		{"1.234.567", styleAuto, 1234567, ""}, {"1 234,5", styleComma, 1234.5, ""}, {"20 ton", styleComma, 20, "ton"},
		{"0.25", styleComma, 0.25, ""}, {"12.5", styleDot, 12.5, ""}, {"1.5E+4", styleAuto, 15000, ""}, {"2.5e3", styleComma, 2500, ""},
		{"12.500", styleComma, 12500, ""}, {"8.5", styleComma, 8.5, ""},
	}
	for _, c := range cases {
		got, unit, err := parseNumber(c.in, c.style)
		require.NoError(t, err, c.in)
		require.Equal(t, c.want, got, c.in)
		require.Equal(t, c.unit, unit, c.in)
	}
	for _, bad := range []string{"", "ten", "1,2,3.4.5x", "NaN", "Inf"} {
		_, _, err := parseNumber(bad, styleAuto)
		require.Error(t, err, bad)
	}
	for in, want := range map[string]struct {
		amount string
		cur    string
	}{"USD 3.20": {"3.2", "USD"}, "Rp 45.000": {"45000", "IDR"}, "IDR45.000": {"45000", "IDR"}, "3,20 USD": {"3.2", "USD"}, "US$ 1.250,50": {"1250.5", "USD"}} {
		a, cur, err := parseMoney(in, styleComma)
		require.NoError(t, err, in)
		require.Equal(t, money.MustParse(want.amount), a, in)
		require.Equal(t, want.cur, cur, in)
	}
	for in, want := range map[string]string{"ton": "TONNE", "Kg": "KG", "kg": "KG", "pasang": "PAIR", "PSG": "PAIR", "buah": "PIECE", "m³": "CUBIC_METRE", "Karton": "CARTON"} {
		got, err := parseEnum("Unit", in)
		require.NoError(t, err, in)
		require.Equal(t, want, got, in)
	}
}

// A title and a note above the header, as producers write them.
func TestTitleRowsAboveTheHeader(t *testing.T) {
	e := newEnv(t)
	file := "Daftar Produk UD Tengiri Brondong;;;;;;\r\nPer Januari 2026;;;;;;\r\n;;;;;;\r\n" +
		"Kode produk;Nama (Indonesia);Nama (Inggris);Kode HS;Bentuk;Satuan jual;Kapasitas\r\n" +
		"T-1;Tengiri beku;Frozen Spanish mackerel;0303.59;beku;kg;12 ton\r\n"
	rep := e.run(t, []byte(file), Options{})
	require.Empty(t, rep.Problems)
	require.Equal(t, 1, rep.Created)
	tab, err := Read(strings.NewReader(file), DefaultLimits())
	require.NoError(t, err)
	require.Equal(t, 4, tab.HeaderRow)
	require.Equal(t, 5, tab.Rows[0].Num, "rows keep the numbers the spreadsheet shows")
}

func TestHeadersAreUnambiguous(t *testing.T) {
	seen := map[string]string{}
	for _, c := range Columns {
		for _, h := range append([]string{c.English, c.Indonesian}, c.Aliases...) {
			k := fold(h)
			if prev, ok := seen[k]; ok && prev != c.Field {
				t.Fatalf("header %q names both %s and %s", h, prev, c.Field)
			}
			seen[k] = c.Field
		}
		require.True(t, i18n.Has(i18n.Indonesian, c.Help), "the help of %s is translated", c.Field)
		require.NotPanics(t, func() { stored(&ent.Product{}, c.Field) }, "every column can be compared with the stored product: %s", c.Field)
	}
}

// A file of many wrong rows lists the first MaxProblems problems, each quoting
// at most MaxProblemValue characters, and counts them all.
func TestProblemsAreBounded(t *testing.T) {
	e := newEnv(t)
	var b strings.Builder
	b.WriteString("SKU;Name (Indonesian);Name (English);HS code;Form;Unit of sale;Capacity\r\n")
	long := strings.Repeat("x", 5000)
	for i := range 600 {
		fmt.Fprintf(&b, "W-%d;Nama;Name;%s;beku;kg;banyak\r\n", i, long)
	}
	rep := e.run(t, []byte(b.String()), Options{})
	require.False(t, rep.Applied)
	require.Equal(t, 600, rep.Failed)
	require.Equal(t, 1200, rep.ProblemCount)
	require.Len(t, rep.Problems, MaxProblems)
	require.Equal(t, strings.Repeat("x", MaxProblemValue)+"…", rep.Problems[0].Value)
}
