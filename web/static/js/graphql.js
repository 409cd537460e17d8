// The pages' only way to the catalog: the public GraphQL API at /graphql.

export class GraphQLError extends Error {
  // `data`: what the API did answer beside the errors (a mutation that wrote, say, whose report
  // could not be computed), or null.
  constructor(errors, data = null) {
    super(errors.map((e) => e.message).join("; "));
    this.errors = errors;
    this.code = errors[0]?.extensions?.code ?? null;
    this.data = data;
  }
}

// Posts a document; resolves to `data`, rejects with GraphQLError when the API refused it.
export async function gql(query, variables = {}, { token = null } = {}) {
  const headers = { "Content-Type": "application/json", Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch("/graphql", { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  } catch (error) {
    throw new GraphQLError([{ message: "The shop could not be reached. Check your connection and try again." }]);
  }
  let body;
  try {
    body = await response.json();
  } catch (error) {
    throw new GraphQLError([{ message: `The shop answered ${response.status} without data.` }]);
  }
  if (body.errors && body.errors.length) throw new GraphQLError(body.errors, body.data ?? null);
  return body.data;
}

// The part fields the drawing and the lists read, for any kind.
export const PART_FIELDS = "sku name kind status attributes";
