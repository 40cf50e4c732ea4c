// Package mail renders Exportiva's e-mails from templates in English and
// Indonesian (each with a plain-text and an HTML part) and sends them over
// SMTP with STARTTLS (github.com/wneessen/go-mail). Messages are not sent from
// request code: they are queued in the transactional outbox (internal/outbox)
// and sent by its worker.
package mail

import (
	"bytes"
	"context"
	"crypto/tls"
	"embed"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"sync"
	texttemplate "text/template"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/exportiva/exportiva/internal/i18n"
)

// Message is one rendered e-mail to one recipient.
type Message struct {
	To      string `json:"to"`
	Subject string `json:"subject"`
	Text    string `json:"text"`
	HTML    string `json:"html"`
	// ID is the Message-ID's local part: the outbox item's id, so a resend after
	// a crash carries the same id and receivers can drop the duplicate.
	ID string `json:"id,omitempty"`
}

//go:embed templates/*.tmpl
var files embed.FS

var (
	parseOnce sync.Once
	texts     map[string]*texttemplate.Template
	htmls     map[string]*htmltemplate.Template
	parseErr  error
)

// funcs are available to every template.
var funcs = map[string]any{
	"label": i18n.Label,
}

func parse() {
	texts, htmls = map[string]*texttemplate.Template{}, map[string]*htmltemplate.Template{}
	layoutT, err := files.ReadFile("templates/layout.tmpl")
	if err != nil {
		parseErr = err
		return
	}
	names, err := fs.Glob(files, "templates/*.*.tmpl")
	if err != nil {
		parseErr = err
		return
	}
	for _, n := range names {
		b, err := files.ReadFile(n)
		if err != nil {
			parseErr = err
			return
		}
		key := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".tmpl")
		t, err := texttemplate.New(key).Funcs(funcs).Option("missingkey=error").Parse(string(b))
		if err != nil {
			parseErr = fmt.Errorf("%s: %w", n, err)
			return
		}
		h, err := htmltemplate.New(key).Funcs(funcs).Option("missingkey=error").Parse(string(layoutT) + string(b))
		if err != nil {
			parseErr = fmt.Errorf("%s (html): %w", n, err)
			return
		}
		texts[key], htmls[key] = t, h
	}
}

// Templates lists the template names (without language) and the languages
// each is written in, for tests.
func Templates() (map[string][]i18n.Lang, error) {
	parseOnce.Do(parse)
	if parseErr != nil {
		return nil, parseErr
	}
	out := map[string][]i18n.Lang{}
	for key := range texts {
		name, lang, _ := strings.Cut(key, ".")
		out[name] = append(out[name], i18n.Lang(lang))
	}
	return out, nil
}

// Render makes the message of a template in a language (English when the
// template has no such version) for a recipient. data is what the template
// reads; Lang is added to it.
func Render(name string, lang i18n.Lang, to string, data map[string]any) (Message, error) {
	parseOnce.Do(parse)
	if parseErr != nil {
		return Message{}, parseErr
	}
	key := name + "." + string(lang)
	t, ok := texts[key]
	if !ok {
		key = name + "." + string(i18n.English)
		if t, ok = texts[key]; !ok {
			return Message{}, fmt.Errorf("no e-mail template %q", name)
		}
	}
	d := map[string]any{"Lang": lang}
	for k, v := range data {
		d[k] = v
	}
	var subject, text, html bytes.Buffer
	if err := t.ExecuteTemplate(&subject, "subject", d); err != nil {
		return Message{}, err
	}
	if err := t.ExecuteTemplate(&text, "text", d); err != nil {
		return Message{}, err
	}
	if err := htmls[key].ExecuteTemplate(&html, "layout", d); err != nil {
		return Message{}, err
	}
	return Message{To: to, Subject: strings.Join(strings.Fields(subject.String()), " "),
		Text: strings.TrimSpace(text.String()) + "\n", HTML: html.String()}, nil
}

// Sender sends rendered messages.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// TLS policies of an smtp:// URL (query parameter tls).
const (
	TLSMandatory     = "mandatory"     // STARTTLS or fail (the default)
	TLSOpportunistic = "opportunistic" // STARTTLS when offered
	TLSNone          = "none"          // plain text: a relay on loopback only
)

// SMTP sends through an SMTP server: smtp://user:password@host:port
// (STARTTLS, port 587 by default; ?tls=opportunistic or ?tls=none to relax it
// for a local relay) or smtps://… (TLS from the first byte, port 465).
type SMTP struct {
	host, from, policy string
	port               int
	ssl                bool
	user, password     string
	// TLSConfig, when set, replaces the default (tests trust their own CA).
	TLSConfig *tls.Config
	// Timeout bounds one delivery (dial, TLS, auth, data).
	Timeout time.Duration
}

// NewSMTP parses an SMTP URL; from is the sender address.
func NewSMTP(raw, from string) (*SMTP, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("--smtp-url: %w", err)
	}
	s := &SMTP{host: u.Hostname(), from: from, policy: TLSMandatory, Timeout: 30 * time.Second}
	switch u.Scheme {
	case "smtp":
		s.port = 587
	case "smtps":
		s.port, s.ssl = 465, true
	default:
		return nil, fmt.Errorf("--smtp-url: scheme %q: use smtp:// (STARTTLS) or smtps://", u.Scheme)
	}
	if s.host == "" {
		return nil, errors.New("--smtp-url: no host")
	}
	if p := u.Port(); p != "" {
		if s.port, err = strconv.Atoi(p); err != nil || s.port <= 0 || s.port > 65535 {
			return nil, fmt.Errorf("--smtp-url: bad port %q", p)
		}
	}
	if u.User != nil {
		s.user = u.User.Username()
		s.password, _ = u.User.Password()
	}
	if p := u.Query().Get("tls"); p != "" {
		if p != TLSMandatory && p != TLSOpportunistic && p != TLSNone {
			return nil, fmt.Errorf("--smtp-url: tls=%q: mandatory, opportunistic or none", p)
		}
		s.policy = p
	}
	if from == "" {
		return nil, errors.New("--mail-from is required with --smtp-url")
	}
	return s, nil
}

// Addr says where the server is (for logs; no credentials).
func (s *SMTP) Addr() string { return s.host + ":" + strconv.Itoa(s.port) }

// Send delivers one message.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	msg := gomail.NewMsg()
	if err := msg.From(s.from); err != nil {
		return fmt.Errorf("sender address: %w", err)
	}
	if err := msg.To(m.To); err != nil {
		return permanent{fmt.Errorf("recipient address: %w", err)}
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	if m.ID != "" {
		domain := s.from[strings.LastIndexByte(s.from, '@')+1:]
		msg.SetMessageIDWithValue(m.ID + "@" + strings.Trim(domain, "<> "))
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	opts := []gomail.Option{gomail.WithPort(s.port), gomail.WithTimeout(s.Timeout)}
	switch {
	case s.ssl:
		opts = append(opts, gomail.WithSSL())
	case s.policy == TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case s.policy == TLSOpportunistic:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if s.TLSConfig != nil {
		opts = append(opts, gomail.WithTLSConfig(s.TLSConfig))
	}
	if s.user != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(s.user), gomail.WithPassword(s.password))
	}
	c, err := gomail.NewClient(s.host, opts...)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	return c.DialAndSendWithContext(ctx, msg)
}

// permanent marks an error that no retry can fix.
type permanent struct{ error }

func (p permanent) Unwrap() error { return p.error }

// Permanent reports whether a send failed for good (a malformed address).
func Permanent(err error) bool {
	var p permanent
	return errors.As(err, &p)
}

// Log is the development sender: it writes each message, one-time links
// included, to the log instead of sending it. The command refuses it in
// production.
type Log struct{ Logger *slog.Logger }

// Send implements Sender.
func (l Log) Send(ctx context.Context, m Message) error {
	l.Logger.InfoContext(ctx, "e-mail (not sent: --smtp-url log:)", "to", m.To, "subject", m.Subject, "text", m.Text)
	return nil
}
