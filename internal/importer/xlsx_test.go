package importer

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/exportiva/exportiva/internal/i18n"
	tt "github.com/exportiva/exportiva/internal/importer/importertest"
)

func book(t *testing.T, sheet, sst string, extra ...tt.Part) []byte {
	t.Helper()
	b, err := tt.Book(tt.Part{Body: tt.Text(sheet)}, tt.Part{Body: tt.Text(sst)}, extra...)
	require.NoError(t, err)
	return b
}

// The streaming reader reads what Excel and other programs write: shared and
// inline strings, rich text with phonetic runs, escaped characters, numbers as
// stored, rows and cells without references, formulas' cached values.
func TestReadWorkbookCells(t *testing.T) {
	sst := `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
		`<si><t>SKU</t></si>` +
		`<si><r><rPr><b/></rPr><t>Nama </t></r><r><t xml:space="preserve">(Indonesia) </t></r><rPh><t>ignored</t></rPh></si>` +
		`<si><t>Tengiri_x000D_beku&#160;</t></si>` +
		`<si><t>_x005F_x0041_</t></si></sst>`
	sheet := tt.SheetHead +
		`<row r="3"><c r="A3" t="s"><v>0</v></c><c r="B3" t="s"><v>1</v></c><c r="C3" t="inlineStr"><is><t>Kode HS</t></is></c><c r="D3" t="inlineStr"><is><t>Catatan</t></is></c></row>` +
		`<row><c t="inlineStr"><is><t>T-1</t></is></c><c t="s"><v>2</v></c><c><v>30359</v></c><c t="inlineStr"><is><t>ignored</t></is></c></row>` +
		`<row r="7"><c r="A7" t="s"><v>3</v></c><c r="C7"><f>1+1</f><v>1.5E+4</v></c><c r="B7" t="str"><v>computed</v></c><c r="E7" s="2"/><c r="XFD7" s="2"/></row>` +
		`<row r="8"><c r="D8" t="inlineStr"><is><t>only a note</t></is></c></row>` +
		tt.SheetTail
	tab, err := Read(bytes.NewReader(book(t, sheet, sst)), DefaultLimits())
	require.NoError(t, err)
	require.Equal(t, "Produk", tab.Sheet)
	require.Equal(t, 3, tab.HeaderRow)
	require.Equal(t, []string{"SKU", "Nama (Indonesia)", "Kode HS", "Catatan"}, tab.Header, "rich text without its phonetic run, trimmed")
	require.Len(t, tab.Rows, 3)
	require.Equal(t, Row{Num: 4, Cells: []string{"T-1", "Tengiri\rbeku", "30359"}}, tab.Rows[0], "the unknown column's cell is not kept")
	require.Equal(t, Row{Num: 7, Cells: []string{"_x0041_", "computed", "1.5E+4"}}, tab.Rows[1], "formatted empty cells, even at XFD, are nothing")
	require.Equal(t, Row{Num: 8}, tab.Rows[2], "a row with only an unknown column's value is still a row (reported as incomplete)")
}

// The product sheet is the one named so, wherever it is; relationships are
// followed, not guessed.
func TestReadWorkbookPicksTheProductSheet(t *testing.T) {
	f := excelize.NewFile()
	_, err := f.NewSheet("Petunjuk")
	require.NoError(t, err)
	_, err = f.NewSheet("Products")
	require.NoError(t, err)
	require.NoError(t, f.SetSheetRow("Sheet1", "A1", &[]any{"not", "this"}))
	require.NoError(t, f.SetSheetRow("Products", "A1", &[]any{"SKU", "HS code"}))
	require.NoError(t, f.SetSheetRow("Products", "A2", &[]any{"P-1", 30359.5}))
	var b bytes.Buffer
	require.NoError(t, f.Write(&b))
	tab, err := Read(&b, DefaultLimits())
	require.NoError(t, err)
	require.Equal(t, "Products", tab.Sheet)
	require.Equal(t, []string{"P-1", "30359.5"}, tab.Rows[0].Cells)
}

// Each limit refuses with its own message, in both languages, naming the row,
// column or part; nothing is half read.
func TestReadRefusals(t *testing.T) {
	lim := DefaultLimits()
	lim.MaxRows = 3
	header := tt.InlineRow(1, tt.Header)
	rows := func(n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(tt.InlineRow(i+2, tt.Row))
		}
		return b.String()
	}
	sstOf := func(n int, s string) string {
		return `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + strings.Repeat(`<si><t>`+s+`</t></si>`, n) + `</sst>`
	}
	small := lim
	small.MaxSharedStrings, small.MaxTextBytes, small.MaxPartBytes = 2, 1<<20, 1<<20
	text := small
	text.MaxPartBytes, text.MaxSharedStrings = 4<<20, 10
	ratio, err := tt.Book(tt.Part{Body: tt.Text(tt.ValidSheet()), Declared: 50 << 20}, tt.Part{Body: tt.Text(tt.EmptySST)})
	require.NoError(t, err)
	cases := []struct {
		name string
		file []byte
		lim  Limits
		want string
	}{
		{"rows", book(t, tt.SheetHead+header+rows(4)+tt.SheetTail, tt.EmptySST), lim,
			"the file has more than 3 product rows: split it into several files"},
		{"column", book(t, tt.SheetHead+header+`<row r="5"><c r="BM5"><v>1</v></c></row>`+tt.SheetTail, tt.EmptySST), lim,
			"row 5 has a value in column BM, right of the first 64 columns that an import reads: delete what lies right of the product table and import again"},
		{"strings", book(t, tt.ValidSheet(), sstOf(3, "x")), small,
			"the workbook holds more than 2 different texts: split it into several files"},
		{"text", book(t, tt.ValidSheet(), sstOf(5, strings.Repeat("x", 250<<10))), text,
			"the workbook holds more than 1 MB of text: split it into several files"},
		{"part", book(t, tt.SheetHead+header+strings.Repeat("<row/>", 200000)+tt.SheetTail, tt.EmptySST), small,
			"the part xl/worksheets/sheet1.xml of the workbook unpacks to more than 1 MB, more than an import reads: copy the product sheet into a new workbook, or save it as CSV"},
		{"ratio", ratio, lim,
			"the part xl/worksheets/sheet1.xml of the workbook is packed more than 1000 to 1, which no spreadsheet program writes: save the file again, or as CSV"},
		{"depth", book(t, tt.SheetHead+strings.Repeat("<a>", 40)+tt.SheetTail, tt.EmptySST), lim,
			"the part xl/worksheets/sheet1.xml of the workbook nests elements more than 32 deep: save the file again, or as CSV"},
		{"cells", book(t, tt.SheetHead+header+strings.Repeat("<row>"+strings.Repeat("<c/>", 10000)+"</row>", 201)+tt.SheetTail, tt.EmptySST), lim,
			"the sheet has more than 2000000 cells, most of them empty: copy the product table into a new workbook, or save it as CSV"},
		{"order", book(t, tt.SheetHead+header+tt.InlineRow(3, tt.Row)+tt.InlineRow(2, tt.Row)+tt.SheetTail, tt.EmptySST), lim,
			"row 2 comes after row 3 in the sheet: save the file again with Excel, or as CSV"},
		{"shared index", book(t, tt.SheetHead+header+`<row r="2"><c r="A2" t="s"><v>7</v></c></row>`+tt.SheetTail, tt.EmptySST), lim,
			"the file is not a readable Excel workbook (.xlsx); it may be damaged: save it again, or as CSV"},
		{"csv column", []byte("SKU;HS code\r\n" + strings.Repeat(";", 70) + "x\r\n"), lim,
			"row 2 has a value in column BS, right of the first 64 columns that an import reads: delete what lies right of the product table and import again"},
		{"csv cells", []byte("SKU;HS code\r\n" + strings.Repeat(";", 20000) + "\r\n"), lim,
			"the CSV file has more than 16384 columns on line 2: check its separators"},
		{"csv record", []byte("SKU;HS code\r\n\"" + strings.Repeat("a\n", 600000) + "\"\r\n"), lim,
			"the CSV file has a row longer than 1024 KB from line 2: check its quotes"},
	}
	parts := make([]tt.Part, 0, maxParts)
	for i := range maxParts {
		parts = append(parts, tt.Part{Name: fmt.Sprintf("xl/media/%d.png", i), Body: tt.Text(""), Stored: true})
	}
	cases = append(cases, struct {
		name string
		file []byte
		lim  Limits
		want string
	}{"parts", book(t, tt.ValidSheet(), tt.EmptySST, parts...), lim,
		"the workbook holds more than 5000 parts (sheets, pictures …): copy the product sheet into a new workbook, or save it as CSV"})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(bytes.NewReader(c.file), c.lim)
			var fe *FileError
			require.ErrorAs(t, err, &fe)
			require.Equal(t, c.want, fe.Error())
			require.True(t, i18n.Has(i18n.Indonesian, fe.Message), "translated: %q", fe.Message)
		})
	}
}

// Reading the same product table as XLSX and CSV gives the same rows.
func TestReadWideCSVKeepsKnownColumns(t *testing.T) {
	file := "Judul;;;\r\nSKU;Catatan;HS code;" + strings.Repeat(";", 50) + "\r\nA-1;catatan panjang;030359;" + strings.Repeat(";", 50) + "\r\n"
	tab, err := Read(strings.NewReader(file), DefaultLimits())
	require.NoError(t, err)
	require.Equal(t, 2, tab.HeaderRow)
	require.Equal(t, []string{"SKU", "Catatan", "HS code"}, tab.Header)
	require.Equal(t, []Row{{Num: 3, Cells: []string{"A-1", "", "030359"}}}, tab.Rows)
}

// The streaming reader reads what excelize (the reader it replaces) reads, for
// a workbook excelize writes: shared strings, rich text, numbers, booleans,
// gaps, a title above the header.
func TestReadMatchesExcelize(t *testing.T) {
	f := excelize.NewFile()
	const sheet = "Sheet1"
	require.NoError(t, f.SetCellStr(sheet, "A1", "Daftar produk"))
	for i, c := range Columns {
		cell, _ := excelize.CoordinatesToCellName(i+1, 3)
		require.NoError(t, f.SetCellStr(sheet, cell, templateHeader(c)))
	}
	values := []any{"  Tengiri\u00a0beku ", 30359, 3.2, 1e20, 0.1 + 0.2, true, "", "Ikan & udang <segar>", -12.5, "kg", int64(1) << 40, "0303.59"}
	for r := 4; r < 40; r++ {
		for c := 1; c <= len(Columns); c++ {
			if (r*7+c*3)%5 == 0 {
				continue // a gap
			}
			cell, _ := excelize.CoordinatesToCellName(c, r)
			require.NoError(t, f.SetCellValue(sheet, cell, values[(r*c)%len(values)]))
		}
	}
	require.NoError(t, f.SetCellRichText(sheet, "B10", []excelize.RichTextRun{{Text: "Nama "}, {Text: "tebal", Font: &excelize.Font{Bold: true}}}))
	var b bytes.Buffer
	require.NoError(t, f.Write(&b))

	old, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	require.NoError(t, err)
	it, err := old.Rows(sheet)
	require.NoError(t, err)
	var want [][]string
	for it.Next() {
		cells, err := it.Columns(excelize.Options{RawCellValue: true})
		require.NoError(t, err)
		for i := range cells {
			cells[i] = cellClean(cells[i])
		}
		want = append(want, cells)
	}
	require.NoError(t, it.Close())

	tab, err := Read(bytes.NewReader(b.Bytes()), DefaultLimits())
	require.NoError(t, err)
	require.Equal(t, 3, tab.HeaderRow)
	require.Equal(t, want[2], tab.Header)
	require.Len(t, tab.Rows, len(want)-3)
	for _, r := range tab.Rows {
		exp := want[r.Num-1]
		for i := range max(len(exp), len(r.Cells)) {
			e, g := "", ""
			if i < len(exp) {
				e = exp[i]
			}
			if i < len(r.Cells) {
				g = r.Cells[i]
			}
			require.Equal(t, e, g, "row %d column %d", r.Num, i+1)
		}
	}
}

// A stream (a pipe, a reader that cannot seek) is read as well as a file, in
// both formats.
func TestReadStreams(t *testing.T) {
	x := book(t, tt.ValidSheet(), tt.EmptySST)
	csv := []byte(strings.Join(tt.Header, ";") + "\r\n" + strings.Join(tt.Row, ";") + "\r\n")
	for _, file := range [][]byte{x, csv} {
		tab, err := Read(io.MultiReader(bytes.NewReader(file)), DefaultLimits())
		require.NoError(t, err)
		require.Len(t, tab.Rows, 1)

		pr, pw, err := os.Pipe()
		require.NoError(t, err)
		go func() { _, _ = pw.Write(file); _ = pw.Close() }()
		tab, err = Read(pr, DefaultLimits())
		require.NoError(t, err)
		require.Len(t, tab.Rows, 1)
		_ = pr.Close()
	}
}
