package graph

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/exportiva/exportiva/internal/apperr"
)

// CodePersistedQueryNotFound answers a documentId or an APQ hash the server does
// not know (Apollo's and urql's clients then send the text, for APQ).
const CodePersistedQueryNotFound = "PERSISTED_QUERY_NOT_FOUND"

// TrustedDocuments is the manifest of the documents a client was built with:
// GraphQL Code Generator's client preset writes it as persisted-documents.json,
// a JSON object mapping each document's hash to its text. A request names one
// by documentId, with or without a "sha256:" prefix.
type TrustedDocuments struct {
	byID     map[string]string // id without prefix → text
	bySHA256 map[string]string // SHA-256 of the text, hex → text (APQ hashes)
	texts    map[string]bool
}

// LoadTrustedDocuments reads a manifest file.
func LoadTrustedDocuments(path string) (*TrustedDocuments, error) {
	b, err := os.ReadFile(path) //nolint:gosec // G304: the manifest the operator names (--trusted-documents)
	if err != nil {
		return nil, fmt.Errorf("trusted documents: %w", err)
	}
	d, err := ParseTrustedDocuments(b)
	if err != nil {
		return nil, fmt.Errorf("trusted documents %s: %w", path, err)
	}
	return d, nil
}

// ParseTrustedDocuments reads a manifest: a JSON object of hash → document text.
func ParseTrustedDocuments(b []byte) (*TrustedDocuments, error) {
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("want a JSON object mapping document ids to document texts: %w", err)
	}
	d := &TrustedDocuments{byID: map[string]string{}, bySHA256: map[string]string{}, texts: map[string]bool{}}
	for id, text := range m {
		id = trimIDPrefix(id)
		if id == "" || strings.TrimSpace(text) == "" {
			return nil, fmt.Errorf("document %q: an id and a text are needed", id)
		}
		d.byID[id] = text
		d.bySHA256[sha256Hex(text)] = text
		d.texts[text] = true
	}
	return d, nil
}

// Len is the number of documents.
func (d *TrustedDocuments) Len() int {
	if d == nil {
		return 0
	}
	return len(d.byID)
}

// Lookup returns the text of a document by id ("sha256:…" or the bare hash).
func (d *TrustedDocuments) Lookup(id string) (string, bool) {
	if d == nil {
		return "", false
	}
	text, ok := d.byID[trimIDPrefix(id)]
	return text, ok
}

// Listed reports whether text is, exactly, one of the documents.
func (d *TrustedDocuments) Listed(text string) bool { return d != nil && d.texts[text] }

func trimIDPrefix(id string) string {
	id = strings.TrimSpace(id)
	if len(id) > 7 && strings.EqualFold(id[:7], "sha256:") {
		return id[7:]
	}
	return id
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// PersistedQueries resolves automatic persisted queries (Apollo's APQ: the
// SHA-256 of the text in extensions.persistedQuery) on every transport and, with
// Only, runs nothing but the trusted documents.
//
// It replaces gqlgen's AutomaticPersistedQuery, which answers a hash that does
// not match its query, or a malformed extension, as an internal error: here they
// are BAD_REQUEST. An unknown hash is PERSISTED_QUERY_NOT_FOUND (the client then
// sends the text). Trusted documents answer APQ hashes too, so a client keeps
// working across restarts.
//
// With Only (meant for production): a document runs only if its text is one of
// the trusted documents — sent by documentId, by APQ hash, or as text equal to
// a listed document (what a websocket client sends). Anything else answers
// FORBIDDEN, and APQ never registers an unlisted text.
type PersistedQueries struct {
	// Cache keeps the texts registered by APQ, by hash.
	Cache graphql.Cache[string]
	// Trusted are the documents of the client manifest; nil: none.
	Trusted *TrustedDocuments
	// Only refuses every document that is not trusted.
	Only bool
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = PersistedQueries{}

// ExtensionName implements graphql.HandlerExtension.
func (PersistedQueries) ExtensionName() string { return "PersistedQueries" }

// Validate implements graphql.HandlerExtension.
func (p PersistedQueries) Validate(graphql.ExecutableSchema) error {
	if p.Cache == nil {
		return fmt.Errorf("PersistedQueries.Cache is nil")
	}
	if p.Only && p.Trusted.Len() == 0 {
		return fmt.Errorf("only trusted documents are allowed, but there are none")
	}
	return nil
}

// MutateOperationParameters implements graphql.OperationParameterMutator.
func (p PersistedQueries) MutateOperationParameters(ctx context.Context, raw *graphql.RawParams) *gqlerror.Error {
	if ext, present := raw.Extensions["persistedQuery"]; present && ext != nil {
		if err := p.apq(ctx, raw, ext); err != nil {
			return err
		}
	}
	if p.Only && raw.Query != "" && !p.Trusted.Listed(raw.Query) {
		return requestGQLError(apperr.CodeForbidden,
			"this server runs only trusted documents: send the documentId of a document of the client's manifest")
	}
	return nil
}

func (p PersistedQueries) apq(ctx context.Context, raw *graphql.RawParams, ext any) *gqlerror.Error {
	m, ok := ext.(map[string]any)
	if !ok {
		return requestGQLError(apperr.CodeBadRequest, "extensions.persistedQuery must be an object with version and sha256Hash")
	}
	if !isVersion1(m["version"]) {
		return requestGQLError(apperr.CodeBadRequest, "extensions.persistedQuery.version must be 1")
	}
	hash, _ := m["sha256Hash"].(string)
	hash = strings.ToLower(hash)
	if len(hash) != 64 || strings.Trim(hash, "0123456789abcdef") != "" {
		return requestGQLError(apperr.CodeBadRequest, "extensions.persistedQuery.sha256Hash must be the SHA-256 of the query, in hex")
	}
	sent := raw.Query != ""
	if !sent {
		text, ok := p.Cache.Get(ctx, hash)
		if !ok {
			text, ok = p.Trusted.bySHA(hash)
		}
		if !ok {
			return requestGQLError(CodePersistedQueryNotFound, "PersistedQueryNotFound")
		}
		raw.Query = text
	} else {
		if sha256Hex(raw.Query) != hash {
			return requestGQLError(apperr.CodeBadRequest,
				"extensions.persistedQuery.sha256Hash does not match the query: it must be the SHA-256 of the query text, in hex")
		}
		if !p.Only || p.Trusted.Listed(raw.Query) {
			p.Cache.Add(ctx, hash, raw.Query)
		}
	}
	if graphql.HasOperationContext(ctx) {
		graphql.GetOperationContext(ctx).Stats.SetExtension("APQ", &extension.ApqStats{Hash: hash, SentQuery: sent})
	}
	return nil
}

func (d *TrustedDocuments) bySHA(hash string) (string, bool) {
	if d == nil {
		return "", false
	}
	text, ok := d.bySHA256[hash]
	return text, ok
}

func isVersion1(v any) bool {
	switch n := v.(type) {
	case json.Number:
		return n.String() == "1"
	case float64:
		return n == 1
	case int:
		return n == 1
	case int64:
		return n == 1
	case string:
		i, err := strconv.Atoi(n)
		return err == nil && i == 1
	}
	return false
}
