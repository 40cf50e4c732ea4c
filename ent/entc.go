//go:build ignore

// entc.go generates the ent client and the GraphQL schema of the ent types
// (graph/ent.graphql). It runs through ent/generate.go, so every path below is
// relative to the ent/ folder.
package main

import (
	"log"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"

	"github.com/exportiva/exportiva/internal/schemadoc"
)

func main() {
	// The where inputs come from Exportiva's copy of entgql's template: its edge
	// filters apply the visibility rules of the edge's target type
	// (internal/authz/visible).
	where, err := gen.NewTemplate("gql_where_input").Funcs(entgql.TemplateFuncs).ParseFiles("template/where_input.tmpl")
	if err != nil {
		log.Fatalf("parsing the where input template: %v", err)
	}
	// Field collection from Exportiva's copy too: a field declared outside
	// entgql whose resolver reads known columns (the Collect annotation in
	// ent/schema) selects those columns instead of every column of the type.
	collection, err := gen.NewTemplate("gql_collection").Funcs(entgql.TemplateFuncs).ParseFiles("template/collection.tmpl")
	if err != nil {
		log.Fatalf("parsing the collection template: %v", err)
	}
	ex, err := entgql.NewExtension(
		entgql.WithConfigPath("../gqlgen.yml"),
		entgql.WithSchemaGenerator(),
		entgql.WithSchemaPath("../graph/ent.graphql"),
		// Where inputs in the GraphQL schema; WithTemplates below (after it, as
		// it replaces the template list) swaps in our copy of their template.
		entgql.WithWhereInputs(true),
		entgql.WithTemplates(append(append([]*gen.Template{}, entgql.AllTemplates...), where, collection)...),
		entgql.WithNodeDescriptor(false),
		entgql.WithSchemaHook(schemadoc.Hook),
	)
	if err != nil {
		log.Fatalf("creating entgql extension: %v", err)
	}
	err = entc.Generate("./schema", &gen.Config{
		Features: []gen.Feature{
			gen.FeatureGlobalID,
			gen.FeatureModifier,
			gen.FeatureUpsert,
			gen.FeatureExecQuery,
			gen.FeatureIntercept,
			gen.FeaturePrivacy,
		},
	}, entc.Extensions(ex), entc.TemplateFiles("template/viewer_context.tmpl", "template/driver.tmpl"))
	if err != nil {
		log.Fatalf("running ent codegen: %v", err)
	}
}
