package graph

import (
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/auth"
	"github.com/exportiva/exportiva/internal/catalog"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/fair"
	"github.com/exportiva/exportiva/internal/fairmatch"
	"github.com/exportiva/exportiva/internal/match"
	"github.com/exportiva/exportiva/internal/moderation"
	"github.com/exportiva/exportiva/internal/savedsearch"
	"github.com/exportiva/exportiva/internal/validate"
)

// MaxNodeIDs is the most ids one `nodes` query may ask for (like a page).
const MaxNodeIDs = MaxPageSize

// MaxExportStatGroups is the most groups `exportStats` answers; more is
// BAD_USER_INPUT (narrow the `where`).
const MaxExportStatGroups = 1000

// listBound is the most elements a list field that is not a connection returns.
type listBound struct {
	// max is a fixed maximum.
	max int
	// enum, when set, bounds the list by the number of values of that enumeration
	// ("*" for the largest enumeration of the schema).
	enum string
	// byArgs, when set, gives the maximum from the field's arguments.
	byArgs func(args map[string]any) int
	// why says what enforces the maximum.
	why string
}

// listMaxima prices every list field of the schema whose elements are objects and
// that is not a connection (connections are priced by first/last). A test walks
// the schema and fails on a list field missing here, so a new one cannot slip in
// at a guessed length.
var listMaxima = map[string]listBound{
	"Query.nodes":                     {byArgs: idCount, why: "one element per id given; at most MaxNodeIDs ids (checked before execution)"},
	"Producer.certifications":         {max: validate.MaxCertifications, why: "an ent hook refuses a producer's certificate past validate.MaxCertifications"},
	"Product.certifications":          {max: validate.MaxCertifications, why: "a product's certificates are its producer's (same bound)"},
	"Product.media":                   {max: validate.MaxProductMedia, why: "an ent hook refuses a product's photo past validate.MaxProductMedia"},
	"Query.savedSearches":             {max: savedsearch.MaxPerAccount, why: "savedsearch.Save refuses an account's search past MaxPerAccount; the list is limited to it too"},
	"Query.blockedFirms":              {max: moderation.MaxBlocks, why: "moderation.Block refuses a firm's block past MaxBlocks; the list is limited to it too"},
	"Match.criteria":                  {enum: "Criterion", why: "one result per criterion of the engine"},
	"Lead.criteria":                   {enum: "Criterion", why: "one result per criterion of the engine"},
	"MatchConnection.pools":           {max: match.MaxPools, why: "match.MaxPools"},
	"SupplyPool.members":              {max: 5, why: "maxPoolSize is at most 5 (internal/match validates it)"},
	"MarketRequirements.rules":        {max: 50, why: "unique (destination, chapter, prefix): a country, its blocs (at most 3) and ALL, times the 10 prefix lengths"},
	"Query.enumLabels":                {enum: "*", why: "one label per value of the enumeration"},
	"Query.exportStats":               {max: MaxExportStatGroups, why: "exportStats refuses more groups (BAD_USER_INPUT)"},
	"ImportReport.products":           {max: 100, why: "the report lists at most 100 products (productCount has the rest)"},
	"Query.countries":                 {max: maxCountries, why: "the ISO 3166-1 list: 249 assigned codes"},
	"Query.ports":                     {byArgs: portsFirst, why: "at most `first` ports (1 to MaxPorts, 50 by default; checked by the resolver)"},
	"HsNomenclature.children":         {max: maxHsChildren, why: "97 chapters, or the headings of one chapter (at most 99)"},
	"Query.suggest":                   {byArgs: suggestFirst, why: "at most `first` suggestions (1 to catalog.MaxSuggestions, 10 by default; checked by the resolver)"},
	"ProductFacet.values":             {max: catalog.MaxFacetValues, why: "catalog.FacetsOf reads at most MaxFacetValues+1 rows per facet (LIMIT in SQL)"},
	"ImportReport.problems":           {max: 1, why: "scalar fields only; as many as the upload has bad cells, bounded by the import's own row and size caps, not by the query"},
	"Query.teamMembers":               {max: auth.MaxTeam, why: "auth.Team lists at most auth.MaxTeam accounts (invitations stop there)"},
	"Account.notificationPreferences": {enum: "NotificationKind", why: "one entry per kind of notification (notify.Preferences)"},
	"Producer.verifications":          {max: domain.MaxVerifications, why: "an ent hook refuses a firm's verification record past domain.MaxVerifications"},
	"Buyer.verifications":             {max: domain.MaxVerifications, why: "an ent hook refuses a firm's verification record past domain.MaxVerifications"},
	"Participant.blocks":              {max: fair.MaxBlocks, why: "fair.Block refuses a participant's blocked time past fair.MaxBlocks"},
	"Meeting.outcomes":                {max: 2, why: "unique (meeting, party): one outcome per side"},
	"EventReport.outcomes":            {enum: "OutcomeType", why: "one count per outcome type (GROUP BY type)"},
	"EventReport.deals":               {max: fair.MaxDealGroups, why: "fair.BuildReport reads at most MaxDealGroups groups (LIMIT in SQL)"},
	"EventReport.followUps":           {max: 2, why: "30 and 90 days"},
	"EventReport.targets":             {enum: "FairTargetKind", why: "one per anchor (fair.Report.targets)"},
	"Event.suggestedMeetings":         {byArgs: suggestionsFirst, why: "at most `first` suggestions (1 to fairmatch.MaxSuggestions; checked by the resolver)"},
	"ScheduleResult.unplaced":         {max: fair.MaxUnplacedListed, why: "fair.Schedule lists at most MaxUnplacedListed (unplacedCount has the rest)"},
}

func portsFirst(args map[string]any) int {
	switch n := args["first"].(type) {
	case int64:
		return min(max(int(n), 1), MaxPorts)
	case int:
		return min(max(n, 1), MaxPorts)
	}
	return 50
}

func suggestionsFirst(args map[string]any) int {
	switch n := args["first"].(type) {
	case int64:
		return min(max(int(n), 1), fairmatch.MaxSuggestions)
	case int:
		return min(max(n, 1), fairmatch.MaxSuggestions)
	}
	return 10
}

func suggestFirst(args map[string]any) int {
	switch n := args["first"].(type) {
	case int64:
		return min(max(int(n), 1), catalog.MaxSuggestions)
	case int:
		return min(max(n, 1), catalog.MaxSuggestions)
	}
	return 10
}

func idCount(args map[string]any) int {
	ids, _ := args["ids"].([]any)
	return len(ids)
}

// listFactor is how many times a list field's children may be resolved.
func (w *walker) listFactor(f *ast.Field, args map[string]any) int {
	if f.Definition == nil || f.Definition.Type == nil || f.Definition.Type.Elem == nil || f.ObjectDefinition == nil {
		return 1
	}
	if f.ObjectDefinition != nil && isConnectionType(f.ObjectDefinition.Name) && f.Name == "edges" {
		return 1 // priced by the connection
	}
	b, ok := listMaxima[f.ObjectDefinition.Name+"."+f.Name]
	if !ok {
		return max(w.l.ListFactor, 1)
	}
	return max(b.bound(w.schema, args), 1)
}

func (b listBound) bound(schema *ast.Schema, args map[string]any) int {
	switch {
	case b.byArgs != nil:
		return b.byArgs(args)
	case b.enum == "*" && schema != nil:
		n := 0
		for _, t := range schema.Types {
			if t.Kind == ast.Enum {
				n = max(n, len(t.EnumValues))
			}
		}
		return n
	case b.enum != "" && schema != nil && schema.Types[b.enum] != nil:
		return len(schema.Types[b.enum].EnumValues)
	}
	return b.max
}

// boundList refuses a list longer than its maximum in listMaxima (for lists whose
// length only the data knows).
func boundList(field string, n int) error {
	if b, ok := listMaxima[field]; ok && b.max > 0 && n > b.max {
		return apperr.BadInput([]string{}, "%s would return %d elements; at most %d are allowed: narrow the request", field, n, b.max)
	}
	return nil
}
