package i18n

// The messages of the GraphQL-over-HTTP transport and of persisted queries
// (graph/transport.go, graph/documents.go).
func init() {
	for en, id := range map[string]string{
		"the Accept header allows neither application/graphql-response+json nor application/json":                           "header Accept tidak mengizinkan application/graphql-response+json maupun application/json",
		"GraphQL requests use GET (queries) or POST":                                                                        "permintaan GraphQL memakai GET (query) atau POST",
		"a mutation is sent with POST, never GET":                                                                           "mutation dikirim dengan POST, tidak pernah dengan GET",
		"subscriptions run over the websocket at /query (graphql-transport-ws), not over GET or POST":                       "subscription berjalan lewat websocket di /query (graphql-transport-ws), tidak lewat GET atau POST",
		"send either query or documentId, not both":                                                                         "kirim query atau documentId, tidak keduanya",
		"the request has no query: send query (the document text), documentId, or an APQ hash in extensions.persistedQuery": "permintaan tidak berisi query: kirim query (teks dokumen), documentId, atau hash APQ di extensions.persistedQuery",
		"the query string cannot be parsed: %s":                                                                             "query string tidak dapat diurai: %s",
		"a GraphQL POST has Content-Type: application/json (uploads: multipart/form-data)":                                  "POST GraphQL memakai Content-Type: application/json (unggahan: multipart/form-data)",
		"the body must be UTF-8 encoded":                                                                                    "isi permintaan harus berenkode UTF-8",
		"the request body could not be read":                                                                                "isi permintaan tidak dapat dibaca",
		"the request body is empty: send a JSON object with query (or documentId)":                                          "isi permintaan kosong: kirim objek JSON berisi query (atau documentId)",
		"batched requests (a JSON array of operations) are not supported: send one operation per request":                   "permintaan berkelompok (array JSON berisi beberapa operasi) tidak didukung: kirim satu operasi per permintaan",
		"the request body is not valid JSON (at byte %d): %s":                                                               "isi permintaan bukan JSON yang sah (pada byte %d): %s",
		"the request body must be a JSON object":                                                                            "isi permintaan harus berupa objek JSON",
		"the request body is not valid JSON: %s":                                                                            "isi permintaan bukan JSON yang sah: %s",
		"%s must be a string":                                                                                               "%s harus berupa string",
		"%s must be a JSON object":                                                                                          "%s harus berupa objek JSON",
		"%s is not valid JSON":                                                                                              "%s bukan JSON yang sah",
		"this server runs only trusted documents: send the documentId of a document of the client's manifest":               "server ini hanya menjalankan dokumen tepercaya: kirim documentId dari dokumen di manifest klien",
		"extensions.persistedQuery must be an object with version and sha256Hash":                                           "extensions.persistedQuery harus berupa objek berisi version dan sha256Hash",
		"extensions.persistedQuery.version must be 1":                                                                       "extensions.persistedQuery.version harus 1",
		"extensions.persistedQuery.sha256Hash must be the SHA-256 of the query, in hex":                                     "extensions.persistedQuery.sha256Hash harus SHA-256 dari query, dalam heksadesimal",
		"extensions.persistedQuery.sha256Hash does not match the query: it must be the SHA-256 of the query text, in hex":   "extensions.persistedQuery.sha256Hash tidak cocok dengan query: harus SHA-256 dari teks query, dalam heksadesimal",
		"introspection is off on this server: the schema is published in graph/schema.graphql":                              "introspeksi dimatikan di server ini: skema diterbitkan di graph/schema.graphql",
	} {
		if _, taken := indonesian[en]; !taken {
			indonesian[en] = id
		}
	}
}
