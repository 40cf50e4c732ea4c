// A minimal typed client over the documents GraphQL Code Generator's client preset
// writes, as a frontend would write it. tsc checks it against src/generated/: a
// schema change that breaks a screen (a removed or renamed field, a field turned
// nullable) breaks this build.
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { graphql } from "./generated/gql";
import {
  CatalogDocument,
  ImportProductsDocument,
  InquiryThreadDocument,
  LogInDocument,
  MatchResultsDocument,
  ProducerDashboardDocument,
  type CatalogQuery,
  type CatalogQueryVariables,
  type ErrorCode,
  type ImportProductsMutation,
  type InquiryThreadQuery,
  type LogInMutation,
  type LogInMutationVariables,
  type MatchResultsQuery,
  type MatchResultsQueryVariables,
  type PostBuyRequestMutationVariables,
  type ProducerDashboardQuery,
} from "./generated/graphql";

/** An error as the API sends it: a message and a machine-readable code. */
export interface ApiError {
  message: string;
  /** code is one of the schema's ErrorCode values (a newer server may add some). */
  extensions?: { code?: ErrorCode | (string & {}); field?: string[]; requestId?: string; retryAfter?: number };
}

export class ExportivaError extends Error {
  constructor(readonly errors: ApiError[]) {
    super(errors.map((e) => e.message).join("; "));
  }
  /** The first error's code: BAD_USER_INPUT, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND … */
  get code(): ErrorCode | (string & {}) | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

export interface ClientOptions {
  url: string;
  token?: string;
  /** "id" for Indonesian labels, messages and reports; English by default. */
  language?: "en" | "id";
  /**
   * Send only the document's id (trusted documents: the server loads
   * src/generated/persisted-documents.json with --trusted-documents), not its text.
   */
  trusted?: boolean;
}

/** The id the client preset gives a document in persisted-documents.json ("sha256:…"). */
export function documentId(document: TypedDocumentNode<unknown, never>): string | undefined {
  return (document as { __meta__?: { hash?: string } }).__meta__?.hash;
}

/** The request body of an operation: its id for a trusted document, else its text. */
function payload<TData, TVariables>(opts: ClientOptions, document: TypedDocumentNode<TData, TVariables>, variables: TVariables) {
  const id = documentId(document as TypedDocumentNode<unknown, never>);
  return opts.trusted && id ? { documentId: id, variables } : { query: print(document), variables };
}

function headers(opts: ClientOptions): Record<string, string> {
  const h: Record<string, string> = {};
  if (opts.token) h["Authorization"] = `Bearer ${opts.token}`;
  if (opts.language) h["Accept-Language"] = opts.language;
  return h;
}

async function answer<TData>(res: Response): Promise<TData> {
  const body = (await res.json()) as { data?: TData | null; errors?: ApiError[] };
  if (body.errors?.length || !body.data) throw new ExportivaError(body.errors ?? [{ message: `HTTP ${res.status}` }]);
  return body.data;
}

/** Sends one typed operation as JSON and returns its data, typed by the document, or throws its errors. */
export async function request<TData, TVariables>(opts: ClientOptions, document: TypedDocumentNode<TData, TVariables>, variables: TVariables): Promise<TData> {
  const res = await fetch(opts.url, {
    method: "POST",
    headers: { ...headers(opts), "Content-Type": "application/json" },
    body: JSON.stringify(payload(opts, document, variables)),
  });
  return answer<TData>(res);
}

/** Uploads a spreadsheet (GraphQL multipart request spec) to importProducts. */
export async function importProducts(opts: ClientOptions, file: File, dryRun = false): Promise<ImportProductsMutation> {
  const form = new FormData();
  form.append("operations", JSON.stringify(payload(opts, ImportProductsDocument, { file: null as unknown as File, dryRun })));
  form.append("map", JSON.stringify({ "0": ["variables.file"] }));
  form.append("0", file, file.name);
  const res = await fetch(opts.url, { method: "POST", headers: headers(opts), body: form });
  return answer<ImportProductsMutation>(res);
}

/**
 * An operation written where it is used: graphql() returns a TypedDocumentNode
 * whose result and variables types codegen derived from this very text.
 */
export const TopMatchDocument = graphql(`
  query TopMatch($input: MatchInput!) {
    matches(input: $input, first: 1) {
      totalCount
      edges { node { score fit producer { name district } product { nameEnglish } } }
    }
  }
`);

/** The best producer for a need, in one line, or undefined when none fits. */
export async function topMatch(opts: ClientOptions, input: MatchResultsQueryVariables["input"]): Promise<string | undefined> {
  const data = await request(opts, TopMatchDocument, { input });
  const top = data.matches.edges[0]?.node;
  return top && `${top.producer.name} (${top.producer.district}): ${top.product.nameEnglish}, ${top.fit} ${top.score}`;
}

export const catalog = (opts: ClientOptions, variables: CatalogQueryVariables) => request(opts, CatalogDocument, variables);
export const matches = (opts: ClientOptions, variables: MatchResultsQueryVariables) => request(opts, MatchResultsDocument, variables);
export const dashboard = (opts: ClientOptions, first: number) => request(opts, ProducerDashboardDocument, { first });
export const inquiry = (opts: ClientOptions, id: string, first = 20) => request(opts, InquiryThreadDocument, { id, first });
export const logIn = (opts: ClientOptions, variables: LogInMutationVariables) => request(opts, LogInDocument, variables);

/** The documents are typed: tsc refuses wrong variables and unknown fields. */
export async function typedDocumentsRefuseMistakes(opts: ClientOptions): Promise<void> {
  // @ts-expect-error `first` is required by the Catalog query.
  await request(opts, CatalogDocument, {});
  // @ts-expect-error `first` is an Int, not a string.
  await request(opts, CatalogDocument, { first: "20" });
  const data = await request(opts, LogInDocument, { email: "a@b.example", password: "x" });
  // @ts-expect-error logIn selects no `password` field.
  void data.logIn.password;
}

// The screens read the data through the generated types.

export interface CatalogCard {
  id: string;
  name: string;
  capacity: string;
  producer: string;
  certificates: string[];
}

export function catalogCards(data: CatalogQuery): CatalogCard[] {
  const out: CatalogCard[] = [];
  for (const edge of data.products.edges ?? []) {
    const p = edge?.node;
    if (!p) continue;
    out.push({
      id: p.id,
      name: p.name,
      capacity: `${p.capacity.amount} ${p.capacity.unit}${p.capacity.per ? " / " + p.capacity.per : ""}`,
      producer: `${p.producer.name} (${p.producer.district})${p.producer.verified ? " ✓" : ""}`,
      certificates: (p.producer.certifications ?? []).map((c) => `${c.type} until ${c.validUntil}`),
    });
  }
  return out;
}

export const catalogVariables: CatalogQueryVariables = {
  first: 20,
  where: { hsCodeHasPrefix: "0303", capacityMonthlyGTE: 8000, status: "ACTIVE" },
  orderBy: { field: "CAPACITY", direction: "DESC" },
};

export const thailand: MatchResultsQueryVariables = {
  first: 10,
  input: {
    hsCodes: ["0303"],
    query: "frozen tengiri or tuna",
    quantity: { amount: 8, unit: "TONNE", per: "MONTH" },
    destination: { country: "TH", port: "THLCH" },
    incoterm: "CFR",
  },
};

export function explainTopMatch(data: MatchResultsQuery): string | undefined {
  const top = data.matches.edges?.[0]?.node;
  if (!top) return undefined;
  const reasons = top.criteria.map((c) => `${c.criterion}: ${c.status}${c.detail ? ` (${c.detail})` : ""}`);
  const pools = data.matches.pools.map((p) => p.members.map((m) => `${m.producer.name} ${m.allocation.amount} ${m.allocation.unit}`).join(" + "));
  return [`${top.producer.name} — ${top.product.name}: ${top.fit} ${top.score}`, ...reasons, ...pools].join("\n");
}

export const rfq: PostBuyRequestMutationVariables = {
  input: {
    title: "Frozen tengiri and tuna, 8 t a month",
    hsCodes: ["030359", "030342"],
    quantity: { amount: 8, unit: "TONNE", per: "MONTH" },
    destination: { country: "TH", port: "THLCH" },
    incoterm: "CFR",
    validUntil: "2027-01-31T00:00:00Z",
  },
};

export function leadTitles(data: ProducerDashboardQuery): string[] {
  return (data.leads.edges ?? []).flatMap((e) => (e?.node ? [`${e.node.buyRequest.title} → ${e.node.buyRequest.destinationCountry} (${e.node.score})`] : []));
}

export function latestQuote(data: InquiryThreadQuery): string | undefined {
  const node = data.node;
  if (!node || node.__typename !== "Inquiry") return undefined;
  const q = node.quotes.edges?.[0]?.node;
  return q ? `${q.priceMoney.amount} ${q.priceMoney.currency} per ${q.priceUnit}, ${q.status}` : undefined;
}

export function session(data: LogInMutation): { token: string; role: string } {
  return { token: data.logIn.token, role: data.logIn.account.role };
}

export type { LogInMutationVariables };
