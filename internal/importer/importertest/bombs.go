// Package importertest builds hostile spreadsheets (zip, XML and CSV bombs) for
// the tests of the importer and of the upload endpoint, and measures the peak
// memory of a child process that reads one. The files are generated, never
// committed: a few hundred kilobytes that unpack to hundreds of megabytes.
package importertest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
	"unicode/utf16"
)

// Header is a header row that the importer recognizes (the required columns).
var Header = []string{"SKU", "Name (Indonesian)", "Name (English)", "HS code", "Form", "Unit of sale", "Capacity"}

// Row is a valid product row under Header.
var Row = []string{"B-1", "Tengiri beku", "Frozen Spanish mackerel", "0303.59", "frozen", "kg", "12 ton"}

// Part is one file of a workbook package. Body writes the uncompressed content;
// Declared, when not zero, is the uncompressed size the central directory
// claims (a lie when it differs from what Body writes).
type Part struct {
	Name     string
	Body     func(w io.Writer) error
	Declared uint64
	// Stored parts are not compressed.
	Stored bool
}

// Text is a Part body of fixed text.
func Text(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

// Repeat is a Part body: head, then unit n times, then tail.
func Repeat(head, unit string, n int, tail string) func(io.Writer) error {
	return func(w io.Writer) error {
		if _, err := io.WriteString(w, head); err != nil {
			return err
		}
		per := max(1, 64<<10/max(1, len(unit)))
		chunk := strings.Repeat(unit, per)
		for n > 0 {
			k := min(n, per)
			if _, err := io.WriteString(w, chunk[:k*len(unit)]); err != nil {
				return err
			}
			n -= k
		}
		_, err := io.WriteString(w, tail)
		return err
	}
}

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`

const rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`

// Workbook is xl/workbook.xml with sheets named names, the i-th with r:id rId<i+1>.
func Workbook(names ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`)
	for i, n := range names {
		fmt.Fprintf(&b, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, n, i+1, i+1)
	}
	b.WriteString(`</sheets></workbook>`)
	return b.String()
}

// WorkbookRels is xl/_rels/workbook.xml.rels for n worksheets (sheet1.xml …)
// and the shared strings.
func WorkbookRels(n int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i := range n {
		fmt.Fprintf(&b, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
	}
	fmt.Fprintf(&b, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`, n+1)
	return b.String()
}

// SheetHead and SheetTail surround the rows of a worksheet.
const (
	SheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	SheetTail = `</sheetData></worksheet>`
)

// InlineRow is a <row> of inline strings from column A.
func InlineRow(num int, cells []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<row r="%d">`, num)
	for i, c := range cells {
		fmt.Fprintf(&b, `<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>`, ColumnName(i+1), num, c)
	}
	b.WriteString(`</row>`)
	return b.String()
}

// ValidSheet is a worksheet with the header and one product row.
func ValidSheet() string {
	return SheetHead + InlineRow(1, Header) + InlineRow(2, Row) + SheetTail
}

// EmptySST is a sharedStrings part without strings.
const EmptySST = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"></sst>`

// ColumnName is a spreadsheet column's letters (1 → A, 16384 → XFD).
func ColumnName(n int) string {
	var s []byte
	for n > 0 {
		n--
		s = append([]byte{byte('A' + n%26)}, s...)
		n /= 26
	}
	return string(s)
}

// Package writes a workbook from its parts, deflated at the best speed (long
// runs of one byte still pack about 1000 to 1).
func Package(parts ...Part) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	for _, p := range parts {
		if p.Declared == 0 {
			method := zip.Deflate
			if p.Stored {
				method = zip.Store
			}
			w, err := zw.CreateHeader(&zip.FileHeader{Name: p.Name, Method: method})
			if err != nil {
				return nil, err
			}
			if err := p.Body(w); err != nil {
				return nil, err
			}
			continue
		}
		// A lying central directory: deflate the body ourselves and declare
		// another uncompressed size.
		var comp bytes.Buffer
		fw, _ := flate.NewWriter(&comp, flate.BestSpeed)
		crc := crc32.NewIEEE()
		if err := p.Body(io.MultiWriter(fw, crc)); err != nil {
			return nil, err
		}
		if err := fw.Close(); err != nil {
			return nil, err
		}
		w, err := zw.CreateRaw(&zip.FileHeader{Name: p.Name, Method: zip.Deflate, CRC32: crc.Sum32(),
			CompressedSize64: uint64(comp.Len()), UncompressedSize64: p.Declared}) //nolint:gosec // a buffer's length is never negative
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(comp.Bytes()); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Book is a one-sheet workbook "Produk" with the given worksheet and shared
// strings parts and any extra parts.
func Book(sheet, sst Part, extra ...Part) ([]byte, error) {
	sheet.Name, sst.Name = "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"
	parts := []Part{
		{Name: "[Content_Types].xml", Body: Text(contentTypes)},
		{Name: "_rels/.rels", Body: Text(rootRels)},
		{Name: "xl/workbook.xml", Body: Text(Workbook("Produk"))},
		{Name: "xl/_rels/workbook.xml.rels", Body: Text(WorkbookRels(1))},
		sheet, sst,
	}
	return Package(append(parts, extra...)...)
}

// Bomb is a hostile file and what it is.
type Bomb struct {
	// Name identifies the bomb in test names and reports.
	Name string
	// What says what the file holds.
	What string
	// Build writes the file.
	Build func() ([]byte, error)
}

// Bombs lists the hostile files every reader must survive within its memory
// budget. rows is the number of XFD rows of the XFD bombs (1,500 and 20,000 in
// the tests).
func Bombs() []Bomb {
	valid := Part{Body: Text(ValidSheet())}
	sst := Part{Body: Text(EmptySST)}
	xfd := func(rows int, value bool) func() ([]byte, error) {
		return func() ([]byte, error) {
			var b strings.Builder
			b.WriteString(SheetHead + InlineRow(1, Header))
			for r := 2; r <= rows+1; r++ {
				if value {
					fmt.Fprintf(&b, `<row r="%d"><c r="XFD%d" t="s"><v>0</v></c></row>`, r, r)
				} else { // a product row, and a formatted empty cell far right
					row := InlineRow(r, append([]string{fmt.Sprintf("X-%d", r)}, Row[1:]...))
					fmt.Fprintf(&b, `%s<c r="XFD%d" s="1"/></row>`, strings.TrimSuffix(row, "</row>"), r)
				}
			}
			b.WriteString(SheetTail)
			return Book(Part{Body: Text(b.String())}, Part{Body: Text(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>x</t></si></sst>`)})
		}
	}
	wideCSV := func(value string) func() ([]byte, error) {
		return func() ([]byte, error) {
			var b bytes.Buffer
			line := func(cells []string) {
				b.WriteString(strings.Join(cells, ";"))
				b.WriteString(strings.Repeat(";"+value, 20000-len(cells)))
				b.WriteString("\r\n")
			}
			line(Header)
			for i := 0; b.Len() < 9<<20; i++ {
				line(append([]string{fmt.Sprintf("W-%d", i)}, Row[1:]...))
			}
			return b.Bytes(), nil
		}
	}
	full := func(i, j int) string { return fmt.Sprintf("c%05d-%02d-abcdef", i, j) } // 15 bytes
	fullRow := func(i int) []string {
		cells := make([]string, 64)
		copy(cells, append([]string{fmt.Sprintf("F-%d", i)}, Row[1:]...))
		for j := len(Row); j < 64; j++ {
			cells[j] = full(i, j)
		}
		return cells
	}
	return []Bomb{
		{"csv-full", "the largest CSV accepted: 10,000 rows of 64 cells, 9.8 MB", func() ([]byte, error) {
			var b bytes.Buffer
			b.WriteString(strings.Join(append(Header, make([]string, 64-len(Header))...), ";") + "\r\n")
			for i := range 10000 {
				b.WriteString(strings.Join(fullRow(i), ";") + "\r\n")
			}
			return b.Bytes(), nil
		}},
		{"xlsx-full", "a workbook of 10,000 rows of 64 inline strings, 9.8 MB of text", func() ([]byte, error) {
			return Book(Part{Body: func(w io.Writer) error {
				if _, err := io.WriteString(w, SheetHead+InlineRow(1, Header)); err != nil {
					return err
				}
				for i := range 10000 {
					if _, err := io.WriteString(w, InlineRow(i+2, fullRow(i))); err != nil {
						return err
					}
				}
				_, err := io.WriteString(w, SheetTail)
				return err
			}}, Part{Body: Text(EmptySST)})
		}},
		{"shared-strings-full", "a workbook of 10,000 rows of 64 cells among 500,000 shared strings of 9.5 MB", func() ([]byte, error) {
			return Book(Part{Body: func(w io.Writer) error {
				if _, err := io.WriteString(w, SheetHead+InlineRow(1, Header)); err != nil {
					return err
				}
				var b strings.Builder
				for i := range 10000 {
					fmt.Fprintf(&b, `<row r="%d">`, i+2)
					for j, c := range fullRow(i) {
						if j < len(Row) {
							fmt.Fprintf(&b, `<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>`, ColumnName(j+1), i+2, c)
						} else {
							fmt.Fprintf(&b, `<c r="%s%d" t="s"><v>%d</v></c>`, ColumnName(j+1), i+2, (i*64+j)%500000)
						}
					}
					b.WriteString(`</row>`)
					if _, err := io.WriteString(w, b.String()); err != nil {
						return err
					}
					b.Reset()
				}
				_, err := io.WriteString(w, SheetTail)
				return err
			}}, Part{Body: func(w io.Writer) error {
				if _, err := io.WriteString(w, `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`); err != nil {
					return err
				}
				for i := range 500000 {
					if _, err := fmt.Fprintf(w, `<si><t>s%06d-abcdefghijk</t></si>`, i); err != nil { // 19 bytes
						return err
					}
				}
				_, err := io.WriteString(w, `</sst>`)
				return err
			}})
		}},
		{"csv-all-wrong", "a CSV of 10,000 rows of 24 template columns, every cell wrong", func() ([]byte, error) {
			var b bytes.Buffer
			b.WriteString("SKU;Name (Indonesian);Name (English);Description (Indonesian);Description (English);HS code;Species;Material;Form;Unit of sale;Minimum order;Capacity;Capacity unit;Capacity period;Price from;Price to;Currency;Incoterm;Lead time (days);Shelf life (days);Pack size;Pack unit;Packaging;Status\r\n")
			bad := strings.Repeat("salah ", 8)
			for i := range 10000 {
				fmt.Fprintf(&b, "S-%d;;;%s;%s;%s;x;x;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;x;%s\r\n", i%5000, bad[:20], bad[:20], bad, bad, bad, bad, bad, bad, bad, bad, bad, bad, bad, bad, bad, bad, bad, bad)
			}
			return b.Bytes(), nil
		}},
		{"media", "a valid sheet and a 600 MB picture of zeros (xl/media/image1.png)", func() ([]byte, error) {
			return Book(valid, sst, Part{Name: "xl/media/image1.png", Body: Repeat("\x89PNG\r\n\x1a\n", "\x00", 600<<20, "")})
		}},
		{"shared-strings-big", "sharedStrings.xml of two 150 MB strings", func() ([]byte, error) {
			return Book(valid, Part{Body: func(w io.Writer) error {
				for _, s := range []string{`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>`, `</t></si><si><t>`} {
					if err := Repeat(s, "a", 150<<20, "")(w); err != nil {
						return err
					}
				}
				_, err := io.WriteString(w, `</t></si></sst>`)
				return err
			}})
		}},
		{"shared-strings-many", "sharedStrings.xml of 5 million one-letter strings", func() ([]byte, error) {
			return Book(valid, Part{Body: Repeat(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`, `<si><t>x</t></si>`, 5_000_000, `</sst>`)})
		}},
		{"xfd-1500", "1,500 rows whose only cell is in column XFD", xfd(1500, true)},
		{"xfd-20000", "20,000 rows whose only cell is in column XFD", xfd(20000, true)},
		{"xfd-empty-10000", "10,000 product rows with a formatted empty cell in column XFD", xfd(10000, false)},
		{"csv-wide", "a 9 MB CSV of 20,000 columns", wideCSV("1")},
		{"csv-wide-empty", "a 9 MB CSV of product rows padded with empty cells to 20,000 columns", wideCSV("")},
		{"csv-utf16-wide", "a 9 MB UTF-16 CSV (Excel's Unicode text) of 20,000 tab-separated columns", func() ([]byte, error) {
			var b bytes.Buffer
			b.Write([]byte{0xFF, 0xFE})
			var line []byte
			for _, u := range utf16.Encode([]rune(strings.Join(Header, "\t") + strings.Repeat("\t1", 20000) + "\r\n")) {
				line = binary.LittleEndian.AppendUint16(line, u)
			}
			for b.Len() < 9<<20 {
				b.Write(line)
			}
			return b.Bytes(), nil
		}},
		{"csv-one-record", "a 9 MB CSV whose second record is one quoted cell across lines with 4 million separators", func() ([]byte, error) {
			var b bytes.Buffer
			b.WriteString(strings.Join(Header, ";") + "\r\n\"")
			for b.Len() < 9<<20 {
				b.WriteString(strings.Repeat(";", 1000) + "\n")
			}
			b.WriteString("\"\r\n")
			return b.Bytes(), nil
		}},
		{"csv-separators", "a 9 MB CSV line of separators only", func() ([]byte, error) {
			return []byte(strings.Join(Header, ";") + "\r\n" + strings.Repeat(";", 9<<20) + "\r\n"), nil
		}},
		{"lying-sheet", "sheet1.xml declared as 2 KB in the central directory, inflating to 400 MB", func() ([]byte, error) {
			return Book(Part{Declared: 2048, Body: Repeat(SheetHead+InlineRow(1, Header), `<row/>`, 400<<20/6, SheetTail)}, sst)
		}},
		{"lying-shared-strings", "sharedStrings.xml declared as 1 KB, inflating to 300 MB in one string", func() ([]byte, error) {
			return Book(valid, Part{Declared: 1024, Body: Repeat(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>`, "a", 300<<20, `</t></si></sst>`)})
		}},
		{"sheet-huge", "one sheet of 1 GB of empty rows", func() ([]byte, error) {
			return Book(Part{Body: Repeat(SheetHead+InlineRow(1, Header), `<row/>`, 1<<30/6, SheetTail)}, sst)
		}},
		{"sheet-rows", "one sheet of 3 million one-cell product rows (about 90 MB)", func() ([]byte, error) {
			return Book(Part{Body: func(w io.Writer) error {
				if _, err := io.WriteString(w, SheetHead+InlineRow(1, Header)); err != nil {
					return err
				}
				var b strings.Builder
				for r := 2; r < 3_000_000; r++ {
					fmt.Fprintf(&b, `<row><c t="s"><v>0</v></c></row>`)
					if b.Len() > 64<<10 {
						if _, err := io.WriteString(w, b.String()); err != nil {
							return err
						}
						b.Reset()
					}
				}
				_, err := io.WriteString(w, b.String()+SheetTail)
				return err
			}}, Part{Body: Text(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>x</t></si></sst>`)})
		}},
		{"many-parts", "a workbook of 60,000 parts", func() ([]byte, error) {
			parts := []Part{{Name: "[Content_Types].xml", Body: Text(contentTypes)}, {Name: "_rels/.rels", Body: Text(rootRels)},
				{Name: "xl/workbook.xml", Body: Text(Workbook("Produk"))}, {Name: "xl/_rels/workbook.xml.rels", Body: Text(WorkbookRels(1))},
				{Name: "xl/worksheets/sheet1.xml", Body: Text(ValidSheet())}, {Name: "xl/sharedStrings.xml", Body: Text(EmptySST)}}
			for i := range 60000 {
				parts = append(parts, Part{Name: fmt.Sprintf("xl/media/i%d.png", i), Body: Text(""), Stored: true})
			}
			return Package(parts...)
		}},
		{"many-sheets", "a workbook listing 200,000 sheets", func() ([]byte, error) {
			names := make([]string, 200000)
			for i := range names {
				names[i] = fmt.Sprintf("S%d", i)
			}
			return Package(Part{Name: "[Content_Types].xml", Body: Text(contentTypes)}, Part{Name: "_rels/.rels", Body: Text(rootRels)},
				Part{Name: "xl/workbook.xml", Body: Text(Workbook(names...))}, Part{Name: "xl/_rels/workbook.xml.rels", Body: Text(WorkbookRels(200000))},
				Part{Name: "xl/worksheets/sheet1.xml", Body: Text(ValidSheet())}, Part{Name: "xl/sharedStrings.xml", Body: Text(EmptySST)})
		}},
		{"empty-cells", "a sheet of 3,900 rows of 16,000 empty cells (60 MB)", func() ([]byte, error) {
			row := "<row>" + strings.Repeat("<c/>", 16000) + "</row>"
			return Book(Part{Body: Repeat(SheetHead+InlineRow(1, Header), row, 60<<20/len(row), SheetTail)}, sst)
		}},
		{"deep-xml", "a sheet nested 5 million elements deep", func() ([]byte, error) {
			return Book(Part{Body: Repeat(SheetHead+InlineRow(1, Header), `<a>`, 5_000_000, "")}, sst)
		}},
		{"huge-attribute", "a row with a 50 MB attribute", func() ([]byte, error) {
			return Book(Part{Body: Repeat(SheetHead+InlineRow(1, Header)+`<row r="2" x="`, "a", 50<<20, `"/>`+SheetTail)}, sst)
		}},
		{"huge-cell", "an inline string cell of 50 MB", func() ([]byte, error) {
			return Book(Part{Body: Repeat(SheetHead+InlineRow(1, Header)+`<row r="2"><c r="A2" t="inlineStr"><is><t>`, "a", 50<<20, `</t></is></c></row>`+SheetTail)}, sst)
		}},
		{"many-attributes", "a row with 10 million attributes", func() ([]byte, error) {
			return Book(Part{Body: Repeat(SheetHead+InlineRow(1, Header)+`<row r="2"`, ` a=""`, 10_000_000, `/>`+SheetTail)}, sst)
		}},
	}
}
