// GraphQL Code Generator: TypeScript types for the schema and for every example
// operation. CI runs it (npm run codegen) and fails when the committed output
// differs, then type-checks src/ with tsc.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "../graph/schema.graphql",
  documents: ["operations/*.graphql"],
  generates: {
    "src/generated/graphql.ts": {
      plugins: ["typescript-operations"],
      config: {
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: true },
        strictScalars: true,
        scalars: {
          ID: "string",
          Cursor: "string",
          Decimal: "string",
          Time: "string",
          Upload: "File | Blob",
        },
      },
    },
  },
};

export default config;
