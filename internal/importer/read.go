package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Limits bound what one import reads.
type Limits struct {
	// MaxBytes caps the file size.
	MaxBytes int64
	// MaxRows caps the product rows (blank rows are not counted).
	MaxRows int
}

// DefaultLimits: 10 MiB, 20,000 rows — several times the largest catalog of a
// Lamongan producer, and a file a browser uploads in seconds.
func DefaultLimits() Limits { return Limits{MaxBytes: 10 << 20, MaxRows: 20000} }

// FileError is a problem with the file as a whole (not a spreadsheet, too large,
// no header): nothing of it can be imported. Message is English and a key of the
// i18n catalog; Args fill it in.
type FileError struct {
	Message string
	Args    []any
}

func (e *FileError) Error() string { return fmt.Sprintf(e.Message, e.Args...) }

func fileErr(msg string, args ...any) *FileError { return &FileError{Message: msg, Args: args} }

// Table is a spreadsheet's rows as text.
type Table struct {
	// Format is "xlsx" or "csv".
	Format string
	// Sheet is the worksheet read (XLSX).
	Sheet string
	// Delimiter is the CSV field separator.
	Delimiter rune
	// Encoding is the text encoding found (CSV): UTF-8, UTF-16 or Windows-1252.
	Encoding string
	// HeaderRow is the row number of the header.
	HeaderRow int
	// Header holds the header cells.
	Header []string
	// Rows are the non-blank rows after the header.
	Rows []Row

	style numberStyle
}

// Row is one row of cells with its number in the file (1-based, as a spreadsheet
// program shows it).
type Row struct {
	Num   int
	Cells []string
}

// Read reads a product sheet from CSV or XLSX; the format is recognized from the
// content, not the name.
func Read(r io.Reader, lim Limits) (*Table, error) {
	if lim.MaxBytes <= 0 {
		lim = DefaultLimits()
	}
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		return nil, fileErr("the file could not be read")
	}
	if int64(len(data)) > lim.MaxBytes {
		return nil, fileErr("the file is larger than %d MB: split it into several files", lim.MaxBytes>>20)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fileErr("the file is empty")
	}
	var rows [][]string
	t := &Table{}
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		t.Format = "xlsx"
		rows, err = readXLSX(data, t, lim)
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return nil, fileErr("this is an old Excel file (.xls): save it as Excel Workbook (.xlsx) or CSV and import again")
	default:
		t.Format = "csv"
		rows, err = readCSV(data, t, lim)
	}
	if err != nil {
		return nil, err
	}
	return t, t.split(rows, lim)
}

// headerScan is how many rows from the top may hold titles and notes above the
// header ("Daftar Produk UD Sumber Laut, Januari 2026").
const headerScan = 10

// split finds the header — the first of the top rows that names at least two
// known columns, else the first non-blank row — and keeps the non-blank rows after
// it.
func (t *Table) split(rows [][]string, lim Limits) error {
	first := -1
	for i := 0; i < len(rows) && i < headerScan; i++ {
		if blank(rows[i]) {
			continue
		}
		if first < 0 {
			first = i
		}
		known := 0
		for _, c := range rows[i] {
			if _, ok := matchHeader(c); ok && strings.TrimSpace(c) != "" {
				known++
			}
		}
		if known >= 2 {
			first = i
			break
		}
	}
	for i, cells := range rows {
		if i < first || blank(cells) {
			continue
		}
		if t.Header == nil {
			t.HeaderRow, t.Header = i+1, trimAll(cells)
			continue
		}
		if len(t.Rows) >= lim.MaxRows {
			return fileErr("the file has more than %d product rows: split it into several files", lim.MaxRows)
		}
		t.Rows = append(t.Rows, Row{Num: i + 1, Cells: trimAll(cells)})
	}
	if t.Header == nil {
		return fileErr("the file is empty")
	}
	return nil
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func trimAll(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = strings.TrimSpace(strings.ReplaceAll(c, "\u00a0", " "))
	}
	return out
}

// readXLSX reads the product sheet of a workbook: the sheet named Produk or
// Products if there is one, else the first. Cells come as stored (numbers with a
// decimal dot, whatever the display format).
func readXLSX(data []byte, t *Table, lim Limits) ([][]string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    64 * lim.MaxBytes, // a zip bomb stops here
		UnzipXMLSizeLimit: 16 * lim.MaxBytes,
	})
	if err != nil {
		return nil, fileErr("the file is not a readable Excel workbook (.xlsx); it may be damaged: save it again, or as CSV")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fileErr("the workbook has no sheets")
	}
	t.Sheet = sheets[0]
	for _, s := range sheets {
		if n := fold(s); n == "produk" || n == "products" || n == "product" {
			t.Sheet = s
			break
		}
	}
	it, err := f.Rows(t.Sheet)
	if err != nil {
		return nil, fileErr("the file is not a readable Excel workbook (.xlsx); it may be damaged: save it again, or as CSV")
	}
	defer it.Close()
	var rows [][]string
	for it.Next() {
		cells, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fileErr("the file is not a readable Excel workbook (.xlsx); it may be damaged: save it again, or as CSV")
		}
		rows = append(rows, cells)
		if len(rows) > lim.MaxRows+1000 { // blank rows are cheap, but not endless
			return nil, fileErr("the file has more than %d product rows: split it into several files", lim.MaxRows)
		}
	}
	if it.Error() != nil {
		return nil, fileErr("the file is not a readable Excel workbook (.xlsx); it may be damaged: save it again, or as CSV")
	}
	t.style = styleAuto
	return rows, nil
}

// readCSV reads delimited text: UTF-8 with or without BOM, UTF-16 (Excel's
// "Unicode text"), or Windows-1252; separated by semicolons (Excel in Indonesian
// and most European locales), commas or tabs, as the header line shows; an Excel
// "sep=;" first line is honoured.
func readCSV(data []byte, t *Table, lim Limits) ([][]string, error) {
	text, enc, err := decode(data)
	if err != nil {
		return nil, err
	}
	t.Encoding = enc
	if strings.ContainsRune(text[:min(len(text), 8192)], 0) {
		return nil, fileErr("the file is not a spreadsheet: upload an Excel workbook (.xlsx) or a CSV file")
	}
	skipped := 0
	if strings.HasPrefix(strings.ToLower(text), "sep=") {
		line, rest, _ := strings.Cut(text, "\n")
		if r, _ := utf8.DecodeRuneInString(strings.TrimSpace(line)[4:]); r != utf8.RuneError {
			t.Delimiter = r
		}
		text, skipped = rest, 1
	}
	if t.Delimiter == 0 {
		t.Delimiter = sniff(text)
	}
	switch t.Delimiter {
	case ';':
		t.style = styleComma
	case ',':
		t.style = styleDot
	default:
		t.style = styleAuto
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = t.Delimiter
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	var rows [][]string
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine + skipped
			}
			return nil, fileErr("the CSV file is malformed near line %d: check its quotes", line)
		}
		line, _ := cr.FieldPos(0)
		for len(rows) < line+skipped-1 { // blank lines keep their numbers
			rows = append(rows, nil)
		}
		rows = append(rows, rec)
		if len(rows) > lim.MaxRows+1000 {
			return nil, fileErr("the file has more than %d product rows: split it into several files", lim.MaxRows)
		}
	}
	return rows, nil
}

// decode turns the file into UTF-8 text and names the encoding it was in.
func decode(data []byte) (string, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		s, _, err := transform.Bytes(unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder(), data)
		if err != nil {
			return "", "", fileErr("the file is not a spreadsheet: upload an Excel workbook (.xlsx) or a CSV file")
		}
		return string(s), "UTF-16", nil
	}
	if utf8.Valid(data) {
		return string(data), "UTF-8", nil
	}
	s, _, err := transform.Bytes(charmap.Windows1252.NewDecoder(), data)
	if err != nil {
		return "", "", fileErr("the file is not a spreadsheet: upload an Excel workbook (.xlsx) or a CSV file")
	}
	return string(s), "Windows-1252", nil
}

// sniff picks the separator that occurs most in the first line, outside quotes.
func sniff(text string) rune {
	line, _, _ := strings.Cut(text, "\n")
	counts := map[rune]int{}
	quoted := false
	for _, r := range line {
		switch {
		case r == '"':
			quoted = !quoted
		case !quoted && (r == ';' || r == ',' || r == '\t'):
			counts[r]++
		}
	}
	best := ','
	for _, r := range []rune{';', '\t'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}
