package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Limits bound what one import reads, so that no file, however built, costs
// more than a few tens of megabytes to read (docs: the import limits in
// ARCHITECTURE.md). A zero field takes its value from DefaultLimits.
type Limits struct {
	// MaxBytes caps the file size.
	MaxBytes int64
	// MaxRows caps the product rows (blank rows are not counted).
	MaxRows int
	// MaxColumns is how many columns from the left are read; a value in a cell
	// further right refuses the file (the template has 24 columns).
	MaxColumns int
	// MaxPartBytes caps the unpacked size of each workbook part that is read
	// (the workbook, its relationships, the product sheet, the shared strings);
	// the other parts (pictures, other sheets) are never unpacked.
	MaxPartBytes int64
	// MaxSharedStrings caps the distinct texts of a workbook.
	MaxSharedStrings int
	// MaxTextBytes caps the text a workbook's cells and shared strings hold.
	MaxTextBytes int64
}

// DefaultLimits: 10 MiB, 10,000 rows, 64 columns; workbook parts unpack to at
// most 64 MiB each, with at most 500,000 shared strings and 10 MiB of text —
// several times the largest catalog of a Lamongan producer, and what a 10 MB CSV
// holds.
func DefaultLimits() Limits {
	return Limits{MaxBytes: 10 << 20, MaxRows: 10000, MaxColumns: 64, MaxPartBytes: 64 << 20, MaxSharedStrings: 500000, MaxTextBytes: 10 << 20}
}

// orDefault fills the zero fields of l from DefaultLimits.
func (l Limits) orDefault() Limits {
	d := DefaultLimits()
	if l.MaxBytes <= 0 {
		l.MaxBytes = d.MaxBytes
	}
	if l.MaxRows <= 0 {
		l.MaxRows = d.MaxRows
	}
	if l.MaxColumns <= 0 {
		l.MaxColumns = d.MaxColumns
	}
	if l.MaxPartBytes <= 0 {
		l.MaxPartBytes = d.MaxPartBytes
	}
	if l.MaxSharedStrings <= 0 {
		l.MaxSharedStrings = d.MaxSharedStrings
	}
	if l.MaxTextBytes <= 0 {
		l.MaxTextBytes = d.MaxTextBytes
	}
	return l
}

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
// content, not the name. Only the product rows are kept, and only their first
// lim.MaxColumns cells.
func Read(r io.Reader, lim Limits) (*Table, error) {
	lim = lim.orDefault()
	data, err := readAll(r, lim.MaxBytes)
	if err != nil {
		return nil, fileErr("the file could not be read")
	}
	if int64(len(data)) > lim.MaxBytes {
		return nil, fileErr("the file is larger than %d MB: split it into several files", lim.MaxBytes>>20)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fileErr("the file is empty")
	}
	var rows []Row
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

// readAll reads up to limit+1 bytes of r, in one allocation when r can tell its
// size (an uploaded file).
func readAll(r io.Reader, limit int64) ([]byte, error) {
	size := int64(512)
	if s, ok := r.(io.Seeker); ok {
		if cur, err := s.Seek(0, io.SeekCurrent); err == nil {
			if end, err := s.Seek(0, io.SeekEnd); err == nil {
				size = end - cur + 1
			}
			if _, err := s.Seek(cur, io.SeekStart); err != nil {
				return nil, err
			}
		}
	}
	buf := bytes.NewBuffer(make([]byte, 0, min(limit+1, max(size, 512))))
	_, err := buf.ReadFrom(io.LimitReader(r, limit+1))
	return buf.Bytes(), err
}

// headerScan is how many rows from the top may hold titles and notes above the
// header ("Daftar Produk UD Sumber Laut, Januari 2026").
const headerScan = 10

// split finds the header — the first of the top rows that names at least two
// known columns, else the first non-blank row — and keeps the rows after it.
// rows are the non-blank rows of the file, trimmed, in order.
func (t *Table) split(rows []Row, lim Limits) error {
	if len(rows) == 0 {
		return fileErr("the file is empty")
	}
	first := 0
	for i, r := range rows {
		if r.Num > headerScan {
			break
		}
		known := 0
		for _, c := range r.Cells {
			if _, ok := matchHeader(c); ok && c != "" {
				known++
			}
		}
		if known >= 2 {
			first = i
			break
		}
	}
	t.HeaderRow, t.Header = rows[first].Num, rows[first].Cells
	if len(rows)-first-1 > lim.MaxRows {
		return errTooManyRows(lim)
	}
	t.Rows = rows[first+1:]
	return nil
}

func errTooManyRows(lim Limits) error {
	return fileErr("the file has more than %d product rows: split it into several files", lim.MaxRows)
}

// rowKeeper counts the non-blank rows a reader keeps, so that a file with more
// rows than the limits can use is refused before it is read to its end.
type rowKeeper struct {
	lim  Limits
	kept int
}

// cellClean trims a cell the way the importer compares it: no-break spaces are
// spaces, and spaces around are dropped.
func cellClean(c string) string {
	return strings.TrimSpace(strings.ReplaceAll(c, "\u00a0", " "))
}

// errBeyondColumns refuses a value right of the columns read.
func errBeyondColumns(row, col int, lim Limits) error {
	return fileErr("row %d has a value in column %s, right of the first %d columns that an import reads: delete what lies right of the product table and import again",
		row, columnName(col), lim.MaxColumns)
}

// count counts a non-blank row and refuses the file once it has more rows than
// a header, the titles above it and lim.MaxRows products.
func (k *rowKeeper) count() error {
	k.kept++
	if k.kept > k.lim.MaxRows+headerScan {
		return errTooManyRows(k.lim)
	}
	return nil
}

// columnName is a spreadsheet column's letters (1 → A, 16384 → XFD).
func columnName(n int) string {
	var s []byte
	for n > 0 {
		n--
		s = append([]byte{byte('A' + n%26)}, s...)
		n /= 26
	}
	return string(s)
}

// CSV bounds: a record (a row, which quoted cells can spread over lines) of at
// most maxRecordBytes and maxRecordFields cells (Excel's 16,384 columns).
const (
	maxRecordBytes  = 1 << 20
	maxRecordFields = 16384
)

// readCSV reads delimited text: UTF-8 with or without BOM, UTF-16 (Excel's
// "Unicode text"), or Windows-1252; separated by semicolons (Excel in Indonesian
// and most European locales), commas or tabs, as the header line shows; an Excel
// "sep=;" first line is honoured.
func readCSV(data []byte, t *Table, lim Limits) ([]Row, error) {
	text, enc, err := decode(data)
	if err != nil {
		return nil, err
	}
	t.Encoding = enc
	if bytes.IndexByte(text[:min(len(text), 8192)], 0) >= 0 {
		return nil, fileErr("the file is not a spreadsheet: upload an Excel workbook (.xlsx) or a CSV file")
	}
	skipped := 0
	if len(text) >= 4 && strings.EqualFold(string(text[:4]), "sep=") {
		line, rest, _ := bytes.Cut(text, []byte("\n"))
		if r, _ := utf8.DecodeRune(bytes.TrimSpace(line)[4:]); r != utf8.RuneError {
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
	if err := checkRecords(text, t.Delimiter, skipped); err != nil {
		return nil, err
	}
	cr := csv.NewReader(bytes.NewReader(text))
	cr.Comma = t.Delimiter
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	k := rowKeeper{lim: lim}
	var rows []Row
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
		last := -1
		for i, c := range rec {
			if rec[i] = cellClean(c); rec[i] != "" {
				last = i
			}
		}
		if last < 0 {
			continue
		}
		if last >= lim.MaxColumns {
			return nil, errBeyondColumns(line+skipped, last+1, lim)
		}
		if err := k.count(); err != nil {
			return nil, err
		}
		cells := make([]string, last+1)
		for i := range cells {
			cells[i] = strings.Clone(rec[i]) // not the whole record's text
		}
		rows = append(rows, Row{Num: line + skipped, Cells: cells})
	}
	return rows, nil
}

// checkRecords walks the text as encoding/csv with LazyQuotes splits it into
// records and refuses a record longer than maxRecordBytes or with more than
// maxRecordFields cells before the csv reader would hold it whole (a 9 MB line of
// separators is 9 million cells). first is the line number of text's first line
// minus one.
func checkRecords(text []byte, delim rune, first int) error {
	sep := []byte(string(delim))
	const (
		fieldStart = iota
		unquoted
		quoted
		quoteInQuoted
	)
	state, start, fields, line, startLine := fieldStart, 0, 1, first+1, first+1
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c == '\n' {
			line++
		}
		isSep := c == sep[0] && bytes.HasPrefix(text[i:], sep)
		switch state {
		case fieldStart, unquoted:
			switch {
			case c == '"' && state == fieldStart:
				state = quoted
			case isSep:
				state = fieldStart
				fields++
				i += len(sep) - 1
			case c == '\n':
				state, start, fields, startLine = fieldStart, i+1, 1, line
				continue
			default:
				state = unquoted
			}
		case quoted:
			if c == '"' {
				state = quoteInQuoted
			}
		case quoteInQuoted:
			switch {
			case c == '"':
				state = quoted
			case isSep:
				state = fieldStart
				fields++
				i += len(sep) - 1
			case c == '\n' || c == '\r' && i+1 < len(text) && text[i+1] == '\n':
				if c == '\r' {
					i++
					line++
				}
				state, start, fields, startLine = fieldStart, i+1, 1, line
				continue
			default:
				state = quoted // a bare quote, as LazyQuotes reads it
			}
		}
		if fields > maxRecordFields {
			return fileErr("the CSV file has more than %d columns on line %d: check its separators", maxRecordFields, startLine)
		}
		if i-start > maxRecordBytes {
			return fileErr("the CSV file has a row longer than %d KB from line %d: check its quotes", maxRecordBytes>>10, startLine)
		}
	}
	return nil
}

// decode turns the file into UTF-8 text and names the encoding it was in. UTF-8
// files are used as they are, without a copy.
func decode(data []byte) ([]byte, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		s, _, err := transform.Bytes(unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder(), data)
		if err != nil {
			return nil, "", fileErr("the file is not a spreadsheet: upload an Excel workbook (.xlsx) or a CSV file")
		}
		return s, "UTF-16", nil
	}
	if utf8.Valid(data) {
		return data, "UTF-8", nil
	}
	s, _, err := transform.Bytes(charmap.Windows1252.NewDecoder(), data)
	if err != nil {
		return nil, "", fileErr("the file is not a spreadsheet: upload an Excel workbook (.xlsx) or a CSV file")
	}
	return s, "Windows-1252", nil
}

// sniff picks the separator that occurs most in the first line, outside quotes.
func sniff(text []byte) rune {
	line, _, _ := bytes.Cut(text, []byte("\n"))
	counts := map[rune]int{}
	quoted := false
	for _, r := range string(line) { // no copy: the compiler ranges over the bytes
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
