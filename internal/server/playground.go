package server

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	htmltemplate "html/template"
	"io/fs"
	"net/http"
	"strings"
)

// static holds GraphiQL, React, the Explorer plugin and the page's own script:
// the playground loads nothing from another origin (see static/README.md).
//
//go:embed static/*.js static/*.css
var static embed.FS

// playgroundTabs holds the operations the playground opens with.
//
//go:embed static/tabs/*.graphql
var playgroundTabs embed.FS

// playgroundCSP lets the page load and call only its own origin: the browser
// itself refuses anything else. GraphiQL sets inline styles; its fonts and icons
// are data: URLs; connect-src 'self' covers the websocket of the same host.
const playgroundCSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self' data:; connect-src 'self'; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// playgroundTab is one tab GraphiQL opens with (its TabDefinition).
type playgroundTab struct {
	Query string `json:"query"`
}

// playgroundConfig is what the page's script reads from the page.
type playgroundConfig struct {
	Endpoint string          `json:"endpoint"`
	Tabs     []playgroundTab `json:"tabs"`
	NewTab   string          `json:"newTab"`
}

// asset is an embedded file the page loads, with its subresource-integrity hash.
type asset struct {
	URL, SRI string
}

var playgroundPage = htmltemplate.Must(htmltemplate.New("playground").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Exportiva GraphQL</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{{.CSS.URL}}" integrity="{{.CSS.SRI}}" crossorigin="anonymous">
<link rel="stylesheet" href="{{.ExplorerCSS.URL}}" integrity="{{.ExplorerCSS.SRI}}" crossorigin="anonymous">
<link rel="stylesheet" href="{{.PageCSS.URL}}" integrity="{{.PageCSS.SRI}}" crossorigin="anonymous">
<script type="application/json" id="exportiva-playground">{{.Config}}</script>
</head>
<body>
<div id="graphiql"><div class="loading">Loading…</div></div>
{{range .Scripts}}<script src="{{.URL}}" integrity="{{.SRI}}" crossorigin="anonymous"></script>
{{end}}</body>
</html>
`))

// newTabQuery is what a tab opened with "+" starts with.
const newTabQuery = `# Type a query here; Ctrl+Space completes, Ctrl+Enter runs it.
# The docs (book icon) and the Explorer (compass) list every field.
{
  language
}
`

// playgroundHandler serves GraphiQL at / with the example tab, and with demo
// accounts the tab that signs in as the demo buyer. Its assets are served from
// /static/ by the router.
func playgroundHandler(demo bool) http.HandlerFunc {
	tabs := []playgroundTab{{Query: mustRead(playgroundTabs, "static/tabs/thailand-matches.graphql")}}
	if demo {
		tabs = append(tabs, playgroundTab{Query: mustRead(playgroundTabs, "static/tabs/demo-buyer.graphql")})
	}
	data := struct {
		CSS, ExplorerCSS, PageCSS asset
		Scripts                   []asset
		Config                    playgroundConfig
	}{
		CSS:         staticAsset("graphiql.min.css"),
		ExplorerCSS: staticAsset("graphiql-plugin-explorer.css"),
		PageCSS:     staticAsset("playground.css"),
		Scripts: []asset{
			staticAsset("react.production.min.js"),
			staticAsset("react-dom.production.min.js"),
			staticAsset("graphiql.min.js"),
			staticAsset("graphiql-plugin-explorer.umd.js"),
			staticAsset("playground.js"),
		},
		Config: playgroundConfig{Endpoint: "/query", Tabs: tabs, NewTab: newTabQuery},
	}
	var page bytes.Buffer
	if err := playgroundPage.Execute(&page, data); err != nil {
		panic(err) // fixed at build time
	}
	return func(w http.ResponseWriter, _ *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Security-Policy", playgroundCSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		_, _ = w.Write(page.Bytes())
	}
}

// playgroundStatic serves the embedded files under /static/ (and nothing else:
// no directory listing), each with its hash as ETag: a browser revalidates them
// (304) instead of loading 1.6 MB again, and a new build's files are never
// mistaken for the old ones.
func playgroundStatic() http.Handler {
	etags := map[string]string{}
	_ = fs.WalkDir(static, "static", func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			etags["/"+name] = `"` + strings.TrimPrefix(sri(name), "sha256-") + `"`
		}
		return nil
	})
	files := http.FileServer(http.FS(static))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tag, ok := etags[r.URL.Path]
		if !ok {
			http.NotFound(w, r) // no directory listings
			return
		}
		w.Header().Set("ETag", tag)
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		files.ServeHTTP(w, r)
	})
}

// staticAsset names an embedded file by its URL and integrity hash.
func staticAsset(name string) asset {
	return asset{URL: "/static/" + name, SRI: sri("static/" + name)}
}

// sri computes the subresource-integrity hash of an embedded file.
func sri(name string) string {
	sum := sha256.Sum256([]byte(mustRead(static, name)))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

// mustRead reads an embedded file; the files are fixed at build time, so a
// missing one is a programming error.
func mustRead(fs embed.FS, name string) string {
	b, err := fs.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(b)
}
