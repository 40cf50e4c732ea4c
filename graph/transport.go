package graph

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/viewer"
)

// Media types of GraphQL responses (GraphQL over HTTP).
const (
	MediaJSON            = "application/json"
	MediaGraphQLResponse = "application/graphql-response+json"
)

// HTTPTransport serves GraphQL over HTTP as the GraphQL-over-HTTP specification
// says: GET for queries, POST with a JSON body for everything but subscriptions
// (those run over the websocket), each request one operation.
//
// Unlike gqlgen's GET and POST transports it labels client mistakes as such: an
// undecodable or batched body, a parameter of the wrong type, a mutation over
// GET (405), a body that is not JSON (415) and a response type the client does
// not accept (406) answer BAD_REQUEST with the status the specification asks
// for, never INTERNAL_SERVER_ERROR. With application/graphql-response+json,
// a request that did not execute answers 4xx (401, 403, 429 by its code); with
// application/json it answers 200, as the specification's watershed rule asks.
//
// A request may name a trusted document by documentId (GraphQL Code Generator's
// persisted documents) instead of sending its text. A GET of a persisted
// document or an APQ hash by an anonymous client is cacheable: it answers with
// Cache-Control public, an ETag, and 304 on If-None-Match.
type HTTPTransport struct {
	// Documents resolves documentId; nil: no document is known.
	Documents *TrustedDocuments
	// MaxAge is the max-age of a cacheable answer; keep it within the response
	// cache's TTL so a browser or CDN never keeps an answer longer than the server.
	MaxAge time.Duration
}

var _ graphql.Transport = HTTPTransport{}

// Supports implements graphql.Transport: every request but a websocket upgrade
// (OPTIONS and HEAD go to transport.Options, multipart uploads to the multipart
// transport, both added before this one).
func (HTTPTransport) Supports(r *http.Request) bool {
	return r.Header.Get("Upgrade") == ""
}

// params is what one request asks for.
type params struct {
	graphql.RawParams
	documentID string
}

// requestError is a refusal of the request itself, before any GraphQL runs.
type requestError struct {
	status int
	code   string
	format string
	args   []any
}

func refuse(status int, code, format string, args ...any) *requestError {
	return &requestError{status: status, code: code, format: format, args: args}
}

// Do implements graphql.Transport.
func (t HTTPTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ctx := r.Context()
	media, ok := NegotiateMedia(r.Header.Get("Accept"))
	if !ok {
		t.fail(ctx, w, exec, MediaJSON, refuse(http.StatusNotAcceptable, apperr.CodeBadRequest,
			"the Accept header allows neither application/graphql-response+json nor application/json"))
		return
	}
	start := graphql.Now()
	var p *params
	var rerr *requestError
	switch r.Method {
	case http.MethodGet:
		p, rerr = fromQueryString(r.URL.RawQuery)
	case http.MethodPost:
		p, rerr = fromBody(r)
	default:
		w.Header().Set("Allow", "GET, POST")
		rerr = refuse(http.StatusMethodNotAllowed, apperr.CodeBadRequest, "GraphQL requests use GET (queries) or POST")
	}
	if rerr == nil {
		rerr = t.resolve(p)
	}
	if rerr != nil {
		t.fail(ctx, w, exec, media, rerr)
		return
	}
	persisted := p.documentID != "" || (p.Query == "" && p.Extensions["persistedQuery"] != nil)
	p.Headers = r.Header
	p.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}

	oc, errs := exec.CreateOperationContext(ctx, &p.RawParams)
	// The operation is known once the document parsed, even when a later check
	// refused it: the transport's own rules come first.
	if oc != nil && oc.Operation != nil {
		switch {
		case r.Method == http.MethodGet && oc.Operation.Operation == ast.Mutation:
			w.Header().Set("Allow", "POST")
			t.fail(ctx, w, exec, media, refuse(http.StatusMethodNotAllowed, apperr.CodeBadRequest,
				"a mutation is sent with POST, never GET"))
			return
		case oc.Operation.Operation == ast.Subscription:
			t.fail(ctx, w, exec, media, refuse(http.StatusBadRequest, apperr.CodeBadRequest,
				"subscriptions run over the websocket at /query (graphql-transport-ws), not over GET or POST"))
			return
		}
	}
	if errs != nil {
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, oc), errs)
		t.write(ctx, w, r, media, operationErrorStatus(media, resp.Errors), resp, false)
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, oc)
	resp := responses(ctx)
	if resp == nil {
		resp = &graphql.Response{Errors: gqlerror.List{{Message: "no response", Extensions: map[string]any{"code": apperr.CodeInternal}}}}
	}
	status := http.StatusOK
	if len(resp.Data) == 0 && len(resp.Errors) > 0 {
		status = operationErrorStatus(media, resp.Errors)
	}
	if exhausted(resp) {
		// Refused for load: 503 and Retry-After whatever the media type, so
		// proxies and retrying clients act on it.
		status = http.StatusServiceUnavailable
	}
	cacheable := r.Method == http.MethodGet && persisted && oc.Operation.Operation == ast.Query && len(resp.Errors) == 0
	t.write(ctx, w, r, media, status, resp, cacheable)
}

// resolve fills the query text of a documentId request.
func (t HTTPTransport) resolve(p *params) *requestError {
	if p.documentID != "" {
		if p.Query != "" {
			return refuse(http.StatusBadRequest, apperr.CodeBadRequest, "send either query or documentId, not both")
		}
		text, ok := t.Documents.Lookup(p.documentID)
		if !ok {
			// Not a refusal of the request's form: a client built against other
			// documents than the server's; the status follows the media type.
			return &requestError{code: CodePersistedQueryNotFound, format: "PersistedQueryNotFound"}
		}
		p.Query = text
		return nil
	}
	if p.Query == "" && p.Extensions["persistedQuery"] == nil {
		return refuse(http.StatusBadRequest, apperr.CodeBadRequest,
			"the request has no query: send query (the document text), documentId, or an APQ hash in extensions.persistedQuery")
	}
	return nil
}

// fail answers a request refused before execution.
func (t HTTPTransport) fail(ctx context.Context, w http.ResponseWriter, exec graphql.GraphExecutor, media string, e *requestError) {
	resp := exec.DispatchError(ctx, gqlerror.List{requestGQLError(e.code, e.format, e.args...)})
	status := e.status
	if status == 0 {
		status = operationErrorStatus(media, resp.Errors)
	}
	t.write(ctx, w, nil, media, status, resp, false)
}

// requestGQLError builds the GraphQL error of a refusal; the error presenter
// translates its message and keeps its code.
func requestGQLError(code, format string, args ...any) *gqlerror.Error {
	if code == CodePersistedQueryNotFound {
		// Apollo's and urql's clients look for this exact message.
		return &gqlerror.Error{Message: format, Extensions: map[string]any{"code": code}}
	}
	ae := &apperr.Error{Code: code, Message: fmt.Sprintf(format, args...), Format: format, Args: args}
	return &gqlerror.Error{Message: ae.Message, Err: ae, Extensions: map[string]any{"code": code}}
}

// wireResponse is a response as sent: without "data" when the request did not
// execute (the specification's request error).
type wireResponse struct {
	Errors     gqlerror.List   `json:"errors,omitempty"`
	Data       json.RawMessage `json:"data,omitempty"`
	Extensions map[string]any  `json:"extensions,omitempty"`
}

// responseBuffers hold the encoded bodies of responses while they are written.
var responseBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// releaseBuffer returns a buffer to responseBuffers unless it grew very large.
func releaseBuffer(b *bytes.Buffer) {
	if b.Cap() <= 1<<20 {
		b.Reset()
		responseBuffers.Put(b)
	}
}

// encodeResponse encodes resp as json.Marshal encodes its wireResponse, into a
// buffer of responseBuffers. A response with data alone (the usual one) skips
// reflection: its data is compacted and HTML-escaped, which is what
// json.Marshal does to a json.RawMessage.
func encodeResponse(resp *graphql.Response) (*bytes.Buffer, error) {
	out := responseBuffers.Get().(*bytes.Buffer)
	if len(resp.Errors) > 0 || len(resp.Extensions) > 0 || len(resp.Data) == 0 {
		body, err := json.Marshal(wireResponse{Errors: resp.Errors, Data: resp.Data, Extensions: resp.Extensions})
		out.Write(body)
		return out, err
	}
	compact := responseBuffers.Get().(*bytes.Buffer)
	defer releaseBuffer(compact)
	if err := json.Compact(compact, resp.Data); err != nil {
		return out, err
	}
	out.WriteString(`{"data":`)
	json.HTMLEscape(out, compact.Bytes())
	out.WriteByte('}')
	return out, nil
}

// write sends resp with its caching headers: a cacheable answer (r non-nil) to
// an anonymous client is public for MaxAge with an ETag and answers 304 to a
// matching If-None-Match; a signed-in client's answers are private and never
// stored; nothing else is stored either.
func (t HTTPTransport) write(ctx context.Context, w http.ResponseWriter, r *http.Request, media string, status int, resp *graphql.Response, cacheable bool) {
	buf, err := encodeResponse(resp)
	defer releaseBuffer(buf)
	body := buf.Bytes()
	if err != nil {
		status = http.StatusInternalServerError
		body = []byte(`{"errors":[{"message":"internal error: the response could not be encoded","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}`)
		cacheable = false
	}
	h := w.Header()
	h.Set("Content-Type", media+"; charset=utf-8")
	switch {
	case viewer.FromContext(ctx) != nil:
		h.Set("Cache-Control", "private, no-store")
	case cacheable && r != nil && status == http.StatusOK:
		sum := sha256.Sum256(body)
		etag := `"` + hex.EncodeToString(sum[:16]) + `"`
		h.Set("Cache-Control", "public, max-age="+strconv.Itoa(int(t.MaxAge/time.Second)))
		h.Set("ETag", etag)
		h.Add("Vary", "Accept")
		h.Add("Vary", "Authorization")
		if etagMatches(r.Header.Get("If-None-Match"), etag) {
			h.Del("Content-Type")
			w.WriteHeader(http.StatusNotModified)
			return
		}
	default:
		h.Set("Cache-Control", "no-store")
	}
	w.WriteHeader(status)
	_, _ = w.Write(body) //nolint:gosec // G705: a JSON body, sent with its JSON Content-Type above
}

// etagMatches reports whether an If-None-Match header names etag (weak
// comparison, as RFC 9110 asks for If-None-Match).
func etagMatches(header, etag string) bool {
	for tag := range strings.SplitSeq(header, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" || strings.TrimPrefix(tag, "W/") == etag {
			return true
		}
	}
	return false
}

// exhausted reports a response that carries nothing but refusals for load
// (RESOURCE_EXHAUSTED): no data (or null data), every error of that code.
func exhausted(resp *graphql.Response) bool {
	if len(resp.Errors) == 0 || len(resp.Data) > 0 && string(resp.Data) != "null" {
		return false
	}
	for _, e := range resp.Errors {
		if c, _ := e.Extensions["code"].(string); c != apperr.CodeResourceExhausted {
			return false
		}
	}
	return true
}

// operationErrorStatus is the status of a response without data: 200 for
// application/json; for application/graphql-response+json a 4xx or 5xx by the
// first error's code.
func operationErrorStatus(media string, errs gqlerror.List) int {
	if media != MediaGraphQLResponse || len(errs) == 0 {
		return http.StatusOK
	}
	code, _ := errs[0].Extensions["code"].(string)
	switch code {
	case apperr.CodeUnauthenticated:
		return http.StatusUnauthorized
	case apperr.CodeForbidden:
		return http.StatusForbidden
	case apperr.CodeRateLimited:
		return http.StatusTooManyRequests
	case apperr.CodeInternal:
		return http.StatusInternalServerError
	case apperr.CodeUnavailable, apperr.CodeTimeout, apperr.CodeResourceExhausted:
		return http.StatusServiceUnavailable
	}
	return http.StatusBadRequest
}

// NegotiateMedia picks the response media type from an Accept header: the first
// of application/graphql-response+json and application/json it lists (a
// wildcard, or no header, gives application/json); ok is false when it allows
// neither.
func NegotiateMedia(accept string) (media string, ok bool) {
	if strings.TrimSpace(accept) == "" {
		return MediaJSON, true
	}
	best, bestQ := "", 0.0
	for part := range strings.SplitSeq(accept, ",") {
		mt, p, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if s, ok := p["q"]; ok {
			if v, err := strconv.ParseFloat(s, 64); err == nil {
				q = v
			}
		}
		var m string
		switch mt {
		case MediaGraphQLResponse, MediaJSON:
			m = mt
		case "*/*", "application/*":
			m = MediaJSON
		default:
			continue
		}
		if q > bestQ {
			best, bestQ = m, q
		}
	}
	return best, best != ""
}

// fromQueryString reads the parameters of a GET request.
func fromQueryString(raw string) (*params, *requestError) {
	q, err := url.ParseQuery(raw)
	if err != nil {
		return nil, refuse(http.StatusBadRequest, apperr.CodeBadRequest, "the query string cannot be parsed: %s", err.Error())
	}
	p := &params{documentID: q.Get("documentId")}
	p.Query, p.OperationName = q.Get("query"), q.Get("operationName")
	for _, f := range []struct {
		name string
		into *map[string]any
	}{{"variables", &p.Variables}, {"extensions", &p.Extensions}} {
		if s := q.Get(f.name); s != "" {
			if rerr := decodeObject(f.name, []byte(s), f.into); rerr != nil {
				return nil, rerr
			}
		}
	}
	return p, nil
}

// fromBody reads the parameters of a POST request: one JSON object.
func fromBody(r *http.Request) (*params, *requestError) {
	mt, mp, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != MediaJSON {
		return nil, refuse(http.StatusUnsupportedMediaType, apperr.CodeBadRequest,
			"a GraphQL POST has Content-Type: application/json (uploads: multipart/form-data)")
	}
	if cs, ok := mp["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return nil, refuse(http.StatusUnsupportedMediaType, apperr.CodeBadRequest, "the body must be UTF-8 encoded")
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, refuse(http.StatusRequestEntityTooLarge, "PAYLOAD_TOO_LARGE", "request body too large")
		}
		return nil, refuse(http.StatusBadRequest, apperr.CodeBadRequest, "the request body could not be read")
	}
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	switch {
	case len(trimmed) == 0:
		return nil, refuse(http.StatusBadRequest, apperr.CodeBadRequest,
			"the request body is empty: send a JSON object with query (or documentId)")
	case trimmed[0] == '[':
		return nil, refuse(http.StatusBadRequest, apperr.CodeBadRequest,
			"batched requests (a JSON array of operations) are not supported: send one operation per request")
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			return nil, refuse(http.StatusBadRequest, apperr.CodeBadRequest,
				"the request body is not valid JSON (at byte %d): %s", syntax.Offset, syntax.Error())
		}
		if trimmed[0] != '{' {
			return nil, refuse(http.StatusBadRequest, apperr.CodeBadRequest, "the request body must be a JSON object")
		}
		return nil, refuse(http.StatusBadRequest, apperr.CodeBadRequest, "the request body is not valid JSON: %s", err.Error())
	}
	if fields == nil {
		return nil, refuse(http.StatusBadRequest, apperr.CodeBadRequest, "the request body must be a JSON object")
	}
	p := &params{}
	for _, f := range []struct {
		name string
		into *string
	}{{"query", &p.Query}, {"operationName", &p.OperationName}, {"documentId", &p.documentID}} {
		if raw, ok := fields[f.name]; ok && !isNull(raw) {
			if err := json.Unmarshal(raw, f.into); err != nil {
				return nil, refuse(http.StatusBadRequest, apperr.CodeBadRequest, "%s must be a string", f.name)
			}
		}
	}
	for _, f := range []struct {
		name string
		into *map[string]any
	}{{"variables", &p.Variables}, {"extensions", &p.Extensions}} {
		if raw, ok := fields[f.name]; ok && !isNull(raw) {
			if rerr := decodeObject(f.name, raw, f.into); rerr != nil {
				return nil, rerr
			}
		}
	}
	return p, nil
}

func isNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

// decodeObject decodes a JSON object parameter, numbers kept exact (as gqlgen's
// transports do).
func decodeObject(name string, raw []byte, into *map[string]any) *requestError {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		if json.Valid(trimmed) {
			return refuse(http.StatusBadRequest, apperr.CodeBadRequest, "%s must be a JSON object", name)
		}
		return refuse(http.StatusBadRequest, apperr.CodeBadRequest, "%s is not valid JSON", name)
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	dec.UseNumber()
	if err := dec.Decode(into); err != nil {
		return refuse(http.StatusBadRequest, apperr.CodeBadRequest, "%s is not valid JSON", name)
	}
	if _, err := dec.Token(); err != io.EOF {
		return refuse(http.StatusBadRequest, apperr.CodeBadRequest, "%s is not valid JSON", name)
	}
	return nil
}
