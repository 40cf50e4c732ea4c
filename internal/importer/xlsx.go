package importer

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A workbook is a zip of XML parts. The importer reads it itself, streaming,
// instead of through excelize, which unpacks every part into memory (pictures
// included), decodes the shared strings whole and pads each row to its last
// cell. Only these parts are ever unpacked: _rels/.rels, the workbook and its
// relationships, the product sheet and the shared strings; each through a cap
// of Limits.MaxPartBytes that holds whatever the zip's directory declares.
const (
	// maxParts bounds the entries of the zip's central directory (a workbook
	// with a few sheets and pictures has tens).
	maxParts = 5000
	// maxRatio is the highest compression ratio a part read may declare
	// (deflate's own ceiling is about 1032 to 1; spreadsheet XML packs 5 to 30).
	maxRatio = 1000
	// maxToken bounds one XML token (a tag with its attributes, or a run of
	// text): Excel's longest cell is 32,767 characters.
	maxToken = 256 << 10
	// maxDepth bounds the nesting of XML elements (a sheet nests 5 deep).
	maxDepth = 32
	// maxRowNumber is Excel's last row.
	maxRowNumber = 1 << 20
	// maxSheets bounds the sheets a workbook lists.
	maxSheets = 1000
	// maxCells bounds the cell elements of the product sheet, empty ones
	// included (Excel writes a formatted empty cell as an element): 10,000 rows
	// of 200 formatted cells.
	maxCells = 2_000_000
)

var errTooManyParts = fileErr("the workbook holds more than %d parts (sheets, pictures …): copy the product sheet into a new workbook, or save it as CSV", maxParts)

var errDamaged = fileErr("the file is not a readable Excel workbook (.xlsx); it may be damaged: save it again, or as CSV")

// workbook is an opened zip with its parts by lower-case name.
type workbook struct {
	parts map[string]*zip.File
	lim   Limits
}

// readXLSX reads the product sheet of a workbook: the sheet named Produk or
// Products if there is one, else the first. Cells come as stored (numbers with a
// decimal dot, whatever the display format).
func readXLSX(data io.ReaderAt, size int64, t *Table, k *rowKeeper) error {
	lim := k.lim
	// Every central directory entry starts with this signature: counting them
	// bounds what archive/zip allocates before it is asked.
	if n, err := countSignatures(data, size); err != nil {
		return errDamaged
	} else if n > maxParts {
		return errTooManyParts
	}
	zr, err := zip.NewReader(data, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return errDamaged
	}
	wb := &workbook{parts: make(map[string]*zip.File, len(zr.File)), lim: lim}
	for _, f := range zr.File {
		name := strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(f.Name, "\\", "/"), "/"))
		if _, dup := wb.parts[name]; !dup {
			wb.parts[name] = f
		}
	}
	book := "xl/workbook.xml"
	if target, ok, err := wb.relationship("", "/officedocument", ""); err != nil {
		return err
	} else if ok {
		book = target
	}
	name, id, err := wb.productSheet(book)
	if err != nil {
		return err
	}
	t.Sheet, t.style = name, styleAuto
	rels := path.Join(path.Dir(book), "_rels", path.Base(book)+".rels")
	sheet, ok, err := wb.relationship(rels, "", id)
	if err != nil {
		return err
	}
	if !ok {
		return errDamaged
	}
	sst, ok, err := wb.relationship(rels, "/sharedstrings", "")
	if err != nil {
		return err
	}
	var strs *sharedStrings
	if ok {
		if strs, err = wb.sharedStrings(sst); err != nil {
			return err
		}
	}
	return wb.rows(sheet, strs, k)
}

// countSignatures counts the central directory signatures in the file, an
// upper bound of its entries, reading it in chunks.
func countSignatures(r io.ReaderAt, size int64) (int, error) {
	sig := []byte("PK\x01\x02")
	buf := make([]byte, 64<<10+len(sig)-1)
	n := 0
	for off := int64(0); off < size; off += 64 << 10 {
		m, err := r.ReadAt(buf[:min(int64(len(buf)), size-off)], off)
		if err != nil && !errors.Is(err, io.EOF) {
			return 0, err
		}
		n += bytes.Count(buf[:m], sig)
	}
	return n, nil
}

// open opens a part for reading after checking what the directory declares; the
// reader it returns enforces the cap whatever the declaration said.
func (wb *workbook) open(name string) (*xmlPart, error) {
	f := wb.parts[strings.ToLower(name)]
	if f == nil {
		return nil, errDamaged
	}
	limit := wb.lim.MaxPartBytes
	if f.UncompressedSize64 > uint64(limit) { //nolint:gosec // Limits.normalize makes MaxPartBytes positive
		return nil, errPartTooLarge(name, limit)
	}
	if f.CompressedSize64 > 0 && f.UncompressedSize64 > 1<<20 && f.UncompressedSize64/f.CompressedSize64 > maxRatio {
		return nil, fileErr("the part %s of the workbook is packed more than %d to 1, which no spreadsheet program writes: save the file again, or as CSV", name, maxRatio)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, errDamaged
	}
	g := &guard{r: rc, left: limit, limit: limit, name: name}
	return &xmlPart{name: name, g: g, d: xml.NewDecoder(g), rc: rc}, nil
}

func errPartTooLarge(name string, limit int64) error {
	return fileErr("the part %s of the workbook unpacks to more than %d MB, more than an import reads: copy the product sheet into a new workbook, or save it as CSV", name, limit>>20)
}

// guard caps the bytes read from a part, and from one XML token (counted since
// the last reset by xmlPart.next).
type guard struct {
	r           io.Reader
	left, limit int64
	token       int
	name        string
}

func (g *guard) Read(p []byte) (int, error) {
	if g.left < 0 {
		return 0, errPartTooLarge(g.name, g.limit)
	}
	if int64(len(p)) > g.left+1 {
		p = p[:g.left+1]
	}
	n, err := g.r.Read(p)
	g.left -= int64(n)
	g.token += n
	if g.left < 0 {
		return n, errPartTooLarge(g.name, g.limit)
	}
	if g.token > maxToken {
		return n, fileErr("the part %s of the workbook has a cell or tag longer than %d KB: save the file again, or as CSV", g.name, maxToken>>10)
	}
	return n, err
}

// xmlPart is a part being read token by token, without the decoder's own
// element stack (RawToken), with the depth counted here.
type xmlPart struct {
	name  string
	g     *guard
	d     *xml.Decoder
	rc    io.Closer
	depth int
}

// next returns the next token; io.EOF at the end; a FileError otherwise.
func (x *xmlPart) next() (xml.Token, error) {
	x.g.token = 0
	tok, err := x.d.RawToken()
	if err != nil {
		var fe *FileError
		switch {
		case errors.As(err, &fe):
			return nil, fe
		case errors.Is(err, io.EOF):
			return nil, io.EOF
		}
		return nil, errDamaged
	}
	switch tok.(type) {
	case xml.StartElement:
		if x.depth++; x.depth > maxDepth {
			return nil, fileErr("the part %s of the workbook nests elements more than %d deep: save the file again, or as CSV", x.name, maxDepth)
		}
	case xml.EndElement:
		x.depth--
	}
	return tok, nil
}

func (x *xmlPart) close() { _ = x.rc.Close() }

func attr(e xml.StartElement, local string, prefixed bool) string {
	for _, a := range e.Attr {
		if a.Name.Local == local && (a.Name.Space != "") == prefixed {
			return a.Value
		}
	}
	return ""
}

// relationship finds, in the relationships part rels ("" for the package's own
// _rels/.rels), the first target whose type ends in typ (lower case) or whose id
// is id, as a part name.
func (wb *workbook) relationship(rels, typ, id string) (string, bool, error) {
	base := ""
	if rels == "" {
		rels = "_rels/.rels"
	} else {
		base = path.Dir(path.Dir(rels)) // xl/_rels/workbook.xml.rels → xl
	}
	if wb.parts[strings.ToLower(rels)] == nil {
		return "", false, nil
	}
	x, err := wb.open(rels)
	if err != nil {
		return "", false, err
	}
	defer x.close()
	for n := 0; ; {
		tok, err := x.next()
		if errors.Is(err, io.EOF) {
			return "", false, nil
		}
		if err != nil {
			return "", false, err
		}
		e, ok := tok.(xml.StartElement)
		if !ok || e.Name.Local != "Relationship" {
			continue
		}
		if n++; n > maxParts { // each names a part, or a link
			return "", false, errTooManyParts
		}
		if strings.EqualFold(attr(e, "TargetMode", false), "External") {
			continue
		}
		if (typ != "" && strings.HasSuffix(strings.ToLower(attr(e, "Type", false)), typ)) || (id != "" && attr(e, "Id", false) == id) {
			target := attr(e, "Target", false)
			if strings.HasPrefix(target, "/") {
				return strings.TrimPrefix(target, "/"), true, nil
			}
			return path.Join(base, target), true, nil
		}
	}
}

// productSheet returns the name and relationship id of the sheet to read: the
// first named Produk, Products or Product, else the first.
func (wb *workbook) productSheet(book string) (string, string, error) {
	x, err := wb.open(book)
	if err != nil {
		return "", "", err
	}
	defer x.close()
	var name, id string
	for n := 0; ; {
		tok, err := x.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", "", err
		}
		e, ok := tok.(xml.StartElement)
		if !ok || e.Name.Local != "sheet" {
			continue
		}
		if n++; n > maxSheets {
			return "", "", fileErr("the workbook has more than %d sheets: copy the product sheet into a new workbook, or save it as CSV", maxSheets)
		}
		sn, si := attr(e, "name", false), attr(e, "id", true)
		if name == "" {
			name, id = sn, si
		}
		if f := fold(sn); f == "produk" || f == "products" || f == "product" {
			return sn, si, nil
		}
	}
	if id == "" {
		return "", "", fileErr("the workbook has no sheets")
	}
	return name, id, nil
}

// sharedStrings is a workbook's table of texts, held in chunks of about 1 MB
// (each text wholly in one) with the end of each text in the whole, so that
// cells share the text instead of copying it, and the table grows without
// copying itself.
type sharedStrings struct {
	chunks []string
	bases  []uint32 // where each chunk starts
	ends   []uint32
	cur    strings.Builder
	size   int
}

const sstChunk = 1 << 20

func (s *sharedStrings) add(text string) {
	if s.cur.Cap()-s.cur.Len() < len(text) {
		s.seal()
		s.cur.Grow(max(sstChunk, len(text)))
	}
	s.cur.WriteString(text)
	s.size += len(text)
	s.ends = append(s.ends, uint32(s.size)) //nolint:gosec // the text is capped by Limits.MaxTextBytes (10 MB) before add
}

func (s *sharedStrings) seal() {
	if s.cur.Len() > 0 {
		s.bases = append(s.bases, uint32(s.size-s.cur.Len())) //nolint:gosec // as in add: at most MaxTextBytes, never negative
		s.chunks = append(s.chunks, s.cur.String())
	}
	s.cur = strings.Builder{}
}

func (s *sharedStrings) get(i int) (string, bool) {
	if i < 0 || i >= len(s.ends) {
		return "", false
	}
	start, end := uint32(0), s.ends[i]
	if i > 0 {
		start = s.ends[i-1]
	}
	if start == end {
		return "", true
	}
	k := sort.Search(len(s.bases), func(k int) bool { return s.bases[k] > start }) - 1
	return s.chunks[k][start-s.bases[k] : end-s.bases[k]], true
}

func errTooMuchText(lim Limits) error {
	return fileErr("the workbook holds more than %d MB of text: split it into several files", lim.MaxTextBytes>>20)
}

// sharedStrings reads the shared strings part, each text trimmed as cells are
// (so a cell reads it without a copy), within the limits on count and bytes.
func (wb *workbook) sharedStrings(name string) (*sharedStrings, error) {
	x, err := wb.open(name)
	if err != nil {
		return nil, err
	}
	defer x.close()
	var (
		strs         sharedStrings
		cur          []byte
		inSI, inRPh  bool
		inT, anyText bool
	)
	for {
		tok, err := x.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch e.Name.Local {
			case "si":
				inSI, cur, anyText = true, cur[:0], false
			case "rPh":
				inRPh = true
			case "t":
				inT = inSI && !inRPh
			}
		case xml.CharData:
			if inT {
				if int64(strs.size+len(cur)+len(e)) > wb.lim.MaxTextBytes {
					return nil, errTooMuchText(wb.lim)
				}
				cur, anyText = append(cur, e...), true
			}
		case xml.EndElement:
			switch e.Name.Local {
			case "t":
				inT = false
			case "rPh":
				inRPh = false
			case "si":
				if !inSI {
					continue
				}
				inSI = false
				if len(strs.ends) >= wb.lim.MaxSharedStrings {
					return nil, fileErr("the workbook holds more than %d different texts: split it into several files", wb.lim.MaxSharedStrings)
				}
				text := ""
				if anyText {
					text = cellClean(unescapeOOXML(string(cur)))
				}
				strs.add(text)
			}
		}
	}
	strs.seal()
	return &strs, nil
}

// unescapeOOXML decodes the _xHHHH_ escapes of characters XML cannot hold
// (_x000D_ is a carriage return; _x005F_ an underscore), as Excel writes them.
func unescapeOOXML(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if i+7 <= len(s) && s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' {
			if v, err := strconv.ParseUint(s[i+2:i+6], 16, 16); err == nil {
				if r := rune(v); utf8.ValidRune(r) {
					b.WriteRune(r)
				} else {
					b.WriteRune(utf8.RuneError)
				}
				i += 7
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// cellColumn reads the column of a cell reference ("XFD12" → 16384); 0 when
// there is none.
func cellColumn(ref string) (int, bool) {
	col := 0
	i := 0
	for ; i < len(ref) && (ref[i] >= 'A' && ref[i] <= 'Z' || ref[i] >= 'a' && ref[i] <= 'z'); i++ {
		col = col*26 + int(ref[i]|0x20-'a'+1)
		if col > 16384 {
			return 0, false
		}
	}
	if i == 0 {
		return 0, ref == ""
	}
	return col, true
}

// rows streams the product sheet and keeps its non-blank rows' first
// MaxColumns cells; a row is never padded further than its last value.
func (wb *workbook) rows(name string, strs *sharedStrings, k *rowKeeper) error {
	x, err := wb.open(name)
	if err != nil {
		return err
	}
	defer x.close()
	lim := wb.lim
	var (
		cells                 = make([]string, 0, lim.MaxColumns)
		text                  []byte
		rowNum, lastRow, col  int
		typ                   string
		inRow, inCell, inV    bool
		inIS, inT, inRPh      bool
		hasValue, inSheetData bool
		textBytes             int64
		cellCount             int
	)
	if strs != nil {
		textBytes = int64(strs.size) // one budget for all the text
	}
	for {
		tok, err := x.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch e.Name.Local {
			case "sheetData":
				inSheetData = true
			case "row":
				if !inSheetData {
					continue
				}
				rowNum = lastRow + 1
				if r := attr(e, "r", false); r != "" {
					if rowNum, err = strconv.Atoi(r); err != nil || rowNum < 1 {
						return errDamaged
					}
				}
				if rowNum > maxRowNumber {
					return errDamaged
				}
				if rowNum <= lastRow {
					return fileErr("row %d comes after row %d in the sheet: save the file again with Excel, or as CSV", rowNum, lastRow)
				}
				inRow, cells, col = true, cells[:0], 0
			case "c":
				if !inRow {
					continue
				}
				c, ok := cellColumn(attr(e, "r", false))
				if !ok {
					return errDamaged
				}
				if c == 0 {
					c = col + 1
				}
				if c > 16384 { // Excel's last column, XFD
					return errDamaged
				}
				if cellCount++; cellCount > maxCells {
					return fileErr("the sheet has more than %d cells, most of them empty: copy the product table into a new workbook, or save it as CSV", maxCells)
				}
				inCell, col, typ, text, hasValue = true, c, attr(e, "t", false), text[:0], false
			case "v":
				inV = inCell
			case "is":
				inIS = inCell
			case "rPh":
				inRPh = true
			case "t":
				inT = inIS && !inRPh
			}
		case xml.CharData:
			if inV || inT {
				if len(text)+len(e) > maxToken {
					return fileErr("row %d has a cell longer than %d KB: shorten it (Excel itself keeps at most 32,767 characters in a cell)", rowNum, maxToken>>10)
				}
				text, hasValue = append(text, e...), true
			}
		case xml.EndElement:
			switch e.Name.Local {
			case "v":
				inV = false
			case "t":
				inT = false
			case "rPh":
				inRPh = false
			case "is":
				inIS = false
			case "c":
				if !inCell {
					continue
				}
				inCell = false
				if !hasValue {
					continue // a formatted empty cell, wherever it is
				}
				var v string
				if typ == "s" {
					i, err := strconv.Atoi(strings.TrimSpace(string(text)))
					ok := err == nil && strs != nil
					if ok {
						v, ok = strs.get(i)
					}
					if !ok {
						return errDamaged
					}
				} else {
					if typ == "inlineStr" {
						v = cellClean(unescapeOOXML(string(text)))
					} else {
						v = cellClean(string(text))
					}
					if textBytes += int64(len(v)); textBytes > lim.MaxTextBytes {
						return errTooMuchText(lim)
					}
				}
				if v == "" {
					continue
				}
				if col > lim.MaxColumns {
					return errBeyondColumns(rowNum, col, lim)
				}
				for len(cells) < col {
					cells = append(cells, "")
				}
				cells[col-1] = v
			case "row":
				if !inRow {
					continue
				}
				inRow, lastRow = false, rowNum
				if len(cells) == 0 {
					continue
				}
				if err := k.add(rowNum, cells); err != nil {
					return err
				}
			case "sheetData":
				return nil
			}
		}
	}
	return nil
}
