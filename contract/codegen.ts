// GraphQL Code Generator with the client preset: typed documents
// (TypedDocumentNode) for every example operation in operations/ and every
// graphql(`…`) call in src/, and the trusted-documents manifest
// (persisted-documents.json: sha256 hash → document) the server loads with
// --trusted-documents. CI runs it (npm run codegen) and fails when the committed
// output differs, then type-checks src/ with tsc --strict.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "../graph/schema.graphql",
  documents: ["operations/*.graphql", "src/**/*.ts", "!src/generated/**"],
  ignoreNoDocuments: false,
  generates: {
    "src/generated/": {
      preset: "client",
      presetConfig: {
        // Screens read fragment fields directly; no unmasking function needed.
        fragmentMasking: false,
        // Each document carries __meta__.hash, its id in the manifest.
        persistedDocuments: { mode: "embedHashInDocument", hashAlgorithm: "sha256" },
      },
      config: {
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: true },
        strictScalars: true,
        useTypeImports: true,
        scalars: {
          ID: "string",
          Cursor: "string",
          Decimal: "string",
          Time: "string",
          Upload: "File | Blob",
          // A ProductWhereInput as JSON: pass it back inside `where`.
          ProductWhere: "Record<string, unknown>",
        },
      },
    },
  },
};

export default config;
