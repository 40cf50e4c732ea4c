// A minimal typed client over the generated types, as a frontend would write it.
// tsc checks it against src/generated/graphql.ts: a schema change that breaks a
// screen (a removed or renamed field, a field turned nullable) breaks this build.
import type {
  CatalogQuery,
  CatalogQueryVariables,
  ImportProductsMutation,
  LogInMutation,
  LogInMutationVariables,
  MatchResultsQuery,
  MatchResultsQueryVariables,
  ProducerDashboardQuery,
  InquiryThreadQuery,
  PostBuyRequestMutationVariables,
} from "./generated/graphql";

/** An error as the API sends it: a message and a machine-readable code. */
export interface ApiError {
  message: string;
  extensions?: { code?: string; field?: string[]; requestId?: string; retryAfter?: number };
}

export class ExportivaError extends Error {
  constructor(readonly errors: ApiError[]) {
    super(errors.map((e) => e.message).join("; "));
  }
  /** The first error's code: BAD_USER_INPUT, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND … */
  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

export interface ClientOptions {
  url: string;
  token?: string;
  /** "id" for Indonesian labels, messages and reports; English by default. */
  language?: "en" | "id";
}

/** Sends one operation as JSON and returns its data, or throws its errors. */
export async function request<TData, TVariables>(opts: ClientOptions, document: string, variables?: TVariables): Promise<TData> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (opts.token) headers["Authorization"] = `Bearer ${opts.token}`;
  if (opts.language) headers["Accept-Language"] = opts.language;
  const res = await fetch(opts.url, { method: "POST", headers, body: JSON.stringify({ query: document, variables }) });
  const body = (await res.json()) as { data?: TData; errors?: ApiError[] };
  if (body.errors?.length || !body.data) throw new ExportivaError(body.errors ?? [{ message: `HTTP ${res.status}` }]);
  return body.data;
}

/** Uploads a spreadsheet (GraphQL multipart request spec) to importProducts. */
export async function importProducts(opts: ClientOptions, document: string, file: File, dryRun = false): Promise<ImportProductsMutation> {
  const form = new FormData();
  form.append("operations", JSON.stringify({ query: document, variables: { file: null, dryRun } }));
  form.append("map", JSON.stringify({ "0": ["variables.file"] }));
  form.append("0", file, file.name);
  const headers: Record<string, string> = {};
  if (opts.token) headers["Authorization"] = `Bearer ${opts.token}`;
  if (opts.language) headers["Accept-Language"] = opts.language;
  const res = await fetch(opts.url, { method: "POST", headers, body: form });
  const body = (await res.json()) as { data?: ImportProductsMutation; errors?: ApiError[] };
  if (body.errors?.length || !body.data) throw new ExportivaError(body.errors ?? [{ message: `HTTP ${res.status}` }]);
  return body.data;
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
