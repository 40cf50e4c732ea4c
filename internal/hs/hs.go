// Package hs is the Harmonized System nomenclature (HS 2022) in English and
// Indonesian: every chapter, and the headings of the chapters the catalog lists
// (fish, prepared fish, cereals and food preparations, plastics, wood, footwear,
// furniture). The titles are a curated file embedded in the binary
// (nomenclature.tsv): the English wording of the WCO nomenclature, the Indonesian
// of the BTKI 2022 tariff book.
package hs

import (
	"bufio"
	_ "embed"
	"fmt"
	"slices"
	"strings"
)

// Level is the depth of a code in the nomenclature.
type Level int

// The levels.
const (
	Chapter Level = 2 // two digits
	Heading Level = 4 // four digits
)

// Entry is a chapter or heading with its titles.
type Entry struct {
	// Code is the chapter (2 digits) or heading (4 digits).
	Code string
	// English and Indonesian are the titles.
	English, Indonesian string
}

// Level is the entry's depth.
func (e Entry) Level() Level { return Level(len(e.Code)) }

// Name returns the title in a language ("id" for Indonesian, English otherwise).
func (e Entry) Name(lang string) string {
	if lang == "id" {
		return e.Indonesian
	}
	return e.English
}

//go:embed nomenclature.tsv
var nomenclatureTSV string

var (
	entries = mustParse(nomenclatureTSV)
	byCode  = func() map[string]Entry {
		m := make(map[string]Entry, len(entries))
		for _, e := range entries {
			m[e.Code] = e
		}
		return m
	}()
)

func mustParse(text string) []Entry {
	var out []Entry
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 || (len(f[0]) != 2 && len(f[0]) != 4) || f[1] == "" || f[2] == "" {
			panic(fmt.Sprintf("hs: nomenclature.tsv: bad line %q", line))
		}
		out = append(out, Entry{Code: f[0], English: f[1], Indonesian: f[2]})
	}
	slices.SortFunc(out, func(a, b Entry) int { return strings.Compare(a.Code, b.Code) })
	return out
}

// Lookup returns the entry of a chapter or heading code.
func Lookup(code string) (Entry, bool) {
	e, ok := byCode[code]
	return e, ok
}

// Chapters returns every chapter, in code order.
func Chapters() []Entry { return children("") }

// Headings returns the headings of a chapter that the nomenclature file holds,
// in code order.
func Headings(chapter string) []Entry { return children(chapter) }

func children(parent string) []Entry {
	var out []Entry
	for _, e := range entries {
		if len(e.Code) == len(parent)+2 && strings.HasPrefix(e.Code, parent) {
			out = append(out, e)
		}
	}
	return out
}

// Describe returns the chapter and (when the code has four digits or more and
// the heading is known) the heading of an HS code of digits. ok is false when the
// chapter is unknown.
func Describe(code string) (chapter Entry, heading *Entry, ok bool) {
	if len(code) < 2 {
		return Entry{}, nil, false
	}
	chapter, ok = byCode[code[:2]]
	if !ok {
		return Entry{}, nil, false
	}
	if len(code) >= 4 {
		if h, found := byCode[code[:4]]; found {
			heading = &h
		}
	}
	return chapter, heading, true
}
