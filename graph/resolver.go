package graph

import (
	"log/slog"
	"time"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/auth"
	"github.com/exportiva/exportiva/internal/catalog"
	"github.com/exportiva/exportiva/internal/events"
	"github.com/exportiva/exportiva/internal/importer"
	"github.com/exportiva/exportiva/internal/match"
	"github.com/exportiva/exportiva/internal/media"
	"github.com/exportiva/exportiva/internal/moderation"
	"github.com/exportiva/exportiva/internal/webhook"
)

// Resolver holds the dependencies of the resolvers.
type Resolver struct {
	client *ent.Client
	auth   *auth.Service
	bus    events.Bus
	log    *slog.Logger
	clock  func() time.Time
	// matches caches match results (nil: none).
	matches *match.Cache
	// matchEngine ranks the matches ("": the reference).
	matchEngine match.Engine
	// matchIndex is the indexed engine's copy of the catalog (nil: none).
	matchIndex *match.Index
	// evaluations bounds the match and lead evaluations running at once (nil: no bound).
	evaluations *match.Admission
	// importLimits bound an uploaded spreadsheet, and importGate the imports
	// running at once.
	importLimits importer.Limits
	importGate   *importer.Gate
	// suggestions answers suggest from memory.
	suggestions *catalog.Suggester
	facets      *catalog.FacetIndex

	// media changes pictures (nil: uploads refused); mediaBase is put before
	// their paths.
	media     *media.Service
	mediaBase string
	// webhooks manages the viewer's webhook endpoints.
	webhooks *webhook.Service
	// moderation files and resolves reports.
	moderation *moderation.Service
}

// SuggestTTL bounds how long the autocompletion index lives without a change
// announced (a CLI import against a shared database announces none).
const SuggestTTL = 30 * time.Second

// FacetTTL bounds how long the facet index (catalog.FacetIndex) lives without
// a change announced. Longer than SuggestTTL: a rebuild reads the whole
// catalog (about a second and tens of MB of garbage at 100,000 products), and a
// product the index lacks is counted in SQL anyway; only changes to existing
// products that no replica announced wait for it.
const FacetTTL = 2 * time.Minute

// importWait is how long an upload waits for a running import to end before it
// is refused as SERVICE_UNAVAILABLE.
const importWait = 2 * time.Second

// NewResolver returns a Resolver over an ent client and the auth service. clock
// gives the current time (time.Now when nil); tests pass a fixed one.
func NewResolver(client *ent.Client, authService *auth.Service, bus events.Bus, log *slog.Logger, clock func() time.Time) *Resolver {
	if clock == nil {
		clock = time.Now
	}
	if bus == nil {
		bus = events.NewLocal()
	}
	if log == nil {
		log = slog.Default()
	}
	return &Resolver{client: client, auth: authService, bus: bus, log: log, clock: clock, importLimits: importer.DefaultLimits(),
		importGate:  importer.NewGate(importer.DefaultMaxImports, importWait),
		suggestions: catalog.NewSuggester(SuggestTTL), facets: catalog.NewFacetIndex(FacetTTL),
		webhooks: &webhook.Service{DB: client, Now: clock}, moderation: &moderation.Service{}}
}
