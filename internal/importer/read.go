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

// DefaultLimits returns the limits for uploads: 10 MiB, 10,000 rows, 64 columns; workbook parts unpack to at
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
	if zr, size, ok := zipAt(r); ok { // a workbook in a file: read where it lies
		if size > lim.MaxBytes {
			return nil, fileErr("the file is larger than %d MB: split it into several files", lim.MaxBytes>>20)
		}
		t := &Table{Format: "xlsx"}
		k := &rowKeeper{lim: lim}
		if err := readXLSX(zr, size, t, k); err != nil {
			return nil, err
		}
		return t, k.finish(t)
	}
	data, err := readAll(r, lim.MaxBytes)
	if err != nil {
		return nil, fileErr("the file could not be read")
	}
	if data == nil || int64(len(data)) > lim.MaxBytes {
		return nil, fileErr("the file is larger than %d MB: split it into several files", lim.MaxBytes>>20)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fileErr("the file is empty")
	}
	t := &Table{}
	k := &rowKeeper{lim: lim}
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		t.Format = "xlsx"
		err = readXLSX(bytes.NewReader(data), int64(len(data)), t, k)
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return nil, fileErr("this is an old Excel file (.xls): save it as Excel Workbook (.xlsx) or CSV and import again")
	default:
		t.Format = "csv"
		err = readCSV(data, t, k)
	}
	if err != nil {
		return nil, err
	}
	return t, k.finish(t)
}

// readAll reads up to limit+1 bytes of r, in one allocation of the right size
// when r can tell its size (an uploaded or opened file); nil when that size is
// over the limit.
func readAll(r io.Reader, limit int64) ([]byte, error) {
	if size, ok := remaining(r); ok {
		if size > limit {
			return nil, nil
		}
		data := make([]byte, size)
		if _, err := io.ReadFull(r, data); err != nil {
			return nil, err
		}
		var one [1]byte
		if n, _ := r.Read(one[:]); n == 0 {
			return data, nil
		}
		return nil, nil // it grew while read: refused
	}
	return io.ReadAll(io.LimitReader(r, limit+1))
}

// remaining returns how many bytes r has left when it can tell (a file, an
// in-memory upload); false for a pipe or a stream.
func remaining(r io.Reader) (int64, bool) {
	s, ok := r.(io.Seeker)
	if !ok {
		return 0, false
	}
	cur, err := s.Seek(0, io.SeekCurrent)
	if err != nil {
		return 0, false
	}
	end, err := s.Seek(0, io.SeekEnd)
	if _, err2 := s.Seek(cur, io.SeekStart); err != nil || err2 != nil || end < cur {
		return 0, false
	}
	return end - cur, true
}

// zipAt returns the rest of r as an io.ReaderAt with its size when r is a file
// (an upload spilled to disk, a file the CLI opened) that starts as a zip does.
func zipAt(r io.Reader) (io.ReaderAt, int64, bool) {
	ra, ok := r.(io.ReaderAt)
	if !ok {
		return nil, 0, false
	}
	size, ok := remaining(r)
	if !ok {
		return nil, 0, false
	}
	cur, _ := r.(io.Seeker).Seek(0, io.SeekCurrent)
	end := cur + size
	var head [4]byte
	if n, _ := ra.ReadAt(head[:], cur); n < 4 || string(head[:]) != "PK\x03\x04" {
		return nil, 0, false
	}
	return io.NewSectionReader(ra, cur, end-cur), end - cur, true
}

// headerScan is how many rows from the top may hold titles and notes above the
// header ("Daftar Produk UD Sumber Laut, Januari 2026").
const headerScan = 10

func errTooManyRows(lim Limits) error {
	return fileErr("the file has more than %d product rows: split it into several files", lim.MaxRows)
}

// rowKeeper finds the header among the rows a reader passes it — the first of
// the top rows that names at least two known columns, else the first non-blank
// row — and keeps the rows after it, with only the cells under a known header
// (the others are never read): a wide row costs no more than a narrow one. A
// file with more product rows than the limit is refused as soon as it has one
// too many.
type rowKeeper struct {
	lim Limits
	// clone copies the cells kept (a CSV reader's cells share their record).
	clone bool
	// pending are the top rows while the header is not known.
	pending []Row
	header  *Row
	known   []bool
	rows    []Row
}

// add takes one row (trimmed cells, ending with its last non-empty one; the
// keeper copies what it keeps).
func (k *rowKeeper) add(num int, cells []string) error {
	if k.header == nil {
		if num <= headerScan {
			r := Row{Num: num, Cells: k.copy(cells, nil)}
			if knownHeaders(cells) >= 2 {
				k.setHeader(r)
				return nil
			}
			k.pending = append(k.pending, r)
			return nil
		}
		if len(k.pending) == 0 {
			k.setHeader(Row{Num: num, Cells: k.copy(cells, nil)})
			return nil
		}
		if err := k.flush(); err != nil {
			return err
		}
	}
	if len(k.rows) >= k.lim.MaxRows {
		return errTooManyRows(k.lim)
	}
	k.rows = append(k.rows, Row{Num: num, Cells: k.copy(cells, k.known)})
	return nil
}

// flush makes the first pending row the header and the others product rows.
func (k *rowKeeper) flush() error {
	pending := k.pending
	k.pending = nil
	k.setHeader(pending[0])
	for _, r := range pending[1:] {
		if err := k.add(r.Num, r.Cells); err != nil {
			return err
		}
	}
	return nil
}

func (k *rowKeeper) setHeader(r Row) {
	k.header, k.pending = &r, nil
	k.known = make([]bool, len(r.Cells))
	for i, c := range r.Cells {
		_, ok := matchHeader(c)
		k.known[i] = ok && c != ""
	}
}

// copy returns the cells under known headers (all of them when known is nil),
// cut after the last non-empty one.
func (k *rowKeeper) copy(cells []string, known []bool) []string {
	last := -1
	for i, c := range cells {
		if c != "" && (known == nil || i < len(known) && known[i]) {
			last = i
		}
	}
	if last < 0 {
		return nil
	}
	out := make([]string, last+1)
	for i := range out {
		if known == nil || known[i] {
			out[i] = cells[i]
			if k.clone {
				out[i] = strings.Clone(out[i])
			}
		}
	}
	return out
}

// finish fills in the table's header and rows.
func (k *rowKeeper) finish(t *Table) error {
	if k.header == nil && len(k.pending) > 0 {
		if err := k.flush(); err != nil {
			return err
		}
	}
	if k.header == nil {
		return fileErr("the file is empty")
	}
	t.HeaderRow, t.Header, t.Rows = k.header.Num, k.header.Cells, k.rows
	return nil
}

func knownHeaders(cells []string) int {
	known := 0
	for _, c := range cells {
		if _, ok := matchHeader(c); ok && c != "" {
			known++
		}
	}
	return known
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
func readCSV(data []byte, t *Table, k *rowKeeper) error {
	lim := k.lim
	k.clone = true // not the whole record's text
	text, enc, err := decode(data)
	if err != nil {
		return err
	}
	t.Encoding = enc
	if bytes.IndexByte(text[:min(len(text), 8192)], 0) >= 0 {
		return fileErr("the file is not a spreadsheet: upload an Excel workbook (.xlsx) or a CSV file")
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
		return err
	}
	cr := csv.NewReader(bytes.NewReader(text))
	cr.Comma = t.Delimiter
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
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
			return fileErr("the CSV file is malformed near line %d: check its quotes", line)
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
			return errBeyondColumns(line+skipped, last+1, lim)
		}
		if err := k.add(line+skipped, rec[:last+1]); err != nil {
			return err
		}
	}
	return nil
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
