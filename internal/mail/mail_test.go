package mail_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/i18n"
	"github.com/exportiva/exportiva/internal/mail"
	"github.com/exportiva/exportiva/internal/mail/mailtest"
)

func TestEveryTemplateInBothLanguages(t *testing.T) {
	names, err := mail.Templates()
	require.NoError(t, err)
	require.Contains(t, names, "digest")
	for name, langs := range names {
		require.ElementsMatch(t, i18n.Langs, langs, "template %s", name)
	}
}

func TestRenderTextAndHTML(t *testing.T) {
	data := map[string]any{"Name": "Ibu Sari <Tengiri>", "Link": "https://app.example/verify-email?token=abc", "Hours": 48}
	en, err := mail.Render("verify_email", i18n.English, "sari@example.test", data)
	require.NoError(t, err)
	require.Equal(t, "Confirm your e-mail address for Exportiva", en.Subject)
	require.Contains(t, en.Text, "https://app.example/verify-email?token=abc")
	require.Contains(t, en.Text, "Ibu Sari <Tengiri>", "the plain-text part is not HTML-escaped")
	require.Contains(t, en.HTML, "Ibu Sari &lt;Tengiri&gt;", "the HTML part escapes names")
	id, err := mail.Render("verify_email", i18n.Indonesian, "sari@example.test", data)
	require.NoError(t, err)
	require.Equal(t, "Konfirmasi alamat email Anda untuk Exportiva", id.Subject)
	require.Contains(t, id.HTML, `lang="id"`)
	_, err = mail.Render("verify_email", i18n.English, "x@example.test", map[string]any{"Name": "x"})
	require.Error(t, err, "a missing value is an error, not <no value>")
}

func TestSMTPWithSTARTTLS(t *testing.T) {
	srv := mailtest.Start(t)
	s, err := mail.NewSMTP(srv.URL(), "Exportiva <noreply@exportiva.test>")
	require.NoError(t, err)
	s.TLSConfig = srv.TLSConfig()
	m, err := mail.Render("reset_password", i18n.Indonesian, "budi@example.test", map[string]any{"Name": "Budi", "Link": "https://app.example/reset-password?token=t1"})
	require.NoError(t, err)
	m.ID = "outbox-42"
	require.NoError(t, s.Send(context.Background(), m))
	got := srv.Wait(t, 1, 5*time.Second)[0]
	require.True(t, got.TLS, "the session ran over STARTTLS")
	require.Equal(t, []string{"budi@example.test"}, got.To)
	require.Equal(t, "Atur ulang kata sandi Exportiva Anda", got.Subject)
	require.Contains(t, got.Text, "https://app.example/reset-password?token=t1")
	require.Contains(t, got.HTML, `href="https://app.example/reset-password?token=t1"`)
	require.True(t, strings.HasPrefix(got.ID, "outbox-42@"), got.ID)

	// Wrong credentials fail (and say nothing was sent).
	u, _ := url.Parse(srv.URL())
	u.User = url.UserPassword(mailtest.User, "wrong")
	bad, err := mail.NewSMTP(u.String(), "noreply@exportiva.test")
	require.NoError(t, err)
	bad.TLSConfig = srv.TLSConfig()
	require.Error(t, bad.Send(context.Background(), m))

	// A certificate the client does not trust is refused under tls=mandatory.
	untrusted, err := mail.NewSMTP(srv.URL(), "noreply@exportiva.test")
	require.NoError(t, err)
	require.Error(t, untrusted.Send(context.Background(), m))
	require.Len(t, srv.Messages(), 1)

	// A temporary failure (451) is an error the outbox retries.
	srv.FailNext(1)
	require.Error(t, s.Send(context.Background(), m))
	require.NoError(t, s.Send(context.Background(), m))
	require.Len(t, srv.Wait(t, 2, 5*time.Second), 2)
}

func TestSMTPURL(t *testing.T) {
	for _, bad := range []string{"http://x", "smtp://", "smtp://h:99999", "smtp://h?tls=maybe"} {
		_, err := mail.NewSMTP(bad, "a@b.test")
		require.Error(t, err, bad)
	}
	_, err := mail.NewSMTP("smtp://h", "")
	require.Error(t, err, "a sender address is required")
	s, err := mail.NewSMTP("smtp://u:p@mail.example:2525", "a@b.test")
	require.NoError(t, err)
	require.Equal(t, "mail.example:2525", s.Addr())
}
