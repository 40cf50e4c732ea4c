// Package i18n gives Exportiva's two languages: English (the default) and
// Indonesian. The language of a request comes from its Accept-Language header;
// messages are looked up by their English text (the English text is the key, as
// with gettext), enum values have a label in each language, and whatever has no
// Indonesian translation falls back to English.
package i18n

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/text/language"
)

// Lang is a language Exportiva speaks.
type Lang string

// The languages.
const (
	English    Lang = "en"
	Indonesian Lang = "id"
)

// Langs lists the supported languages, the default first.
var Langs = []Lang{English, Indonesian}

var matcher = language.NewMatcher([]language.Tag{language.English, language.Indonesian})

// Parse picks the best supported language for an Accept-Language header (or a
// single tag such as "id" or "en-GB"); English when nothing matches.
func Parse(header string) Lang {
	header = strings.TrimSpace(header)
	if header == "" {
		return English
	}
	tags, _, err := language.ParseAcceptLanguage(header)
	if err != nil || len(tags) == 0 {
		return English
	}
	_, i, conf := matcher.Match(tags...)
	if conf == language.No {
		return English
	}
	if i == 1 {
		return Indonesian
	}
	return English
}

type ctxKey struct{}

// WithLang returns ctx carrying the request's language.
func WithLang(ctx context.Context, l Lang) context.Context {
	return context.WithValue(ctx, ctxKey{}, l)
}

// From returns the language of the request in ctx (English when none was set).
func From(ctx context.Context) Lang {
	if l, ok := ctx.Value(ctxKey{}).(Lang); ok {
		return l
	}
	return English
}

// T translates an English message (a fmt format) into l and formats it with args.
// A message without a translation stays in English.
func T(l Lang, msg string, args ...any) string {
	if l == Indonesian {
		if s, ok := indonesian[msg]; ok {
			msg = s
		}
	}
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, args...)
}

// Has reports whether msg has a translation into l (English always has).
func Has(l Lang, msg string) bool {
	if l == English {
		return true
	}
	_, ok := indonesian[msg]
	return ok
}

// MarshalGQL writes the language as a GraphQL enum value (EN, ID).
func (l Lang) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, strconv.Quote(strings.ToUpper(string(l))))
}

// UnmarshalGQL reads a language from a GraphQL enum value.
func (l *Lang) UnmarshalGQL(v any) error {
	s, _ := v.(string)
	switch strings.ToUpper(s) {
	case "EN":
		*l = English
	case "ID":
		*l = Indonesian
	default:
		return fmt.Errorf("%q is not a Language (EN or ID)", s)
	}
	return nil
}
