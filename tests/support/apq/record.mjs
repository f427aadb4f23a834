// Records the HTTP requests Apollo Client and urql send for automatic persisted queries, so
// tests/test_persisted_queries.py can replay them byte for byte against Papergraph.
//
//   cd tests/support/apq && npm install && node record.mjs > recordings.json
//
// A local recorder answers as the protocol says (a hash it has not seen: PersistedQueryNotFound;
// otherwise a small result). Each client asks the same query twice, from two client instances:
// the first run misses and resends the text, the second asks by hash alone.
import http from "node:http";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { ApolloClient, InMemoryCache, HttpLink, gql } from "@apollo/client";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";
import { Client, fetchExchange } from "@urql/core";
import { persistedExchange } from "@urql/exchange-persisted";

const require = createRequire(import.meta.url);
const apollo3 = require("apollo-client-3/core/core.cjs");
const apollo3Persisted = require("apollo-client-3/link/persisted-queries/persisted-queries.cjs");
const versionOf = (name) => require(`${name}/package.json`).version;

const QUERY = "query Welling($slug: String!) { author(slug: $slug) { id name } }";
const VARIABLES = { slug: "max-welling" };
const sha256 = (text) => createHash("sha256").update(text).digest("hex");

const known = new Set();
let requests = [];
const recorder = http.createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    requests.push({
      method: req.method,
      target: req.url,
      headers: Object.fromEntries(
        ["accept", "content-type"].filter((h) => req.headers[h]).map((h) => [h, req.headers[h]]),
      ),
      body: body || null,
    });
    const params = req.method === "GET" ? Object.fromEntries(new URL(req.url, "http://x").searchParams) : JSON.parse(body);
    const extensions = typeof params.extensions === "string" ? JSON.parse(params.extensions) : params.extensions;
    const hash = extensions?.persistedQuery?.sha256Hash;
    res.setHeader("content-type", "application/json");
    if (hash && !params.query && !known.has(hash)) {
      res.end(JSON.stringify({ errors: [{ message: "PersistedQueryNotFound", extensions: { code: "PERSISTED_QUERY_NOT_FOUND" } }] }));
      return;
    }
    known.add(hash);
    res.end(JSON.stringify({ data: { author: { __typename: "Author", id: "QXV0aG9yOjE=", name: "Max Welling" } } }));
  });
});
await new Promise((resolve) => recorder.listen(0, "127.0.0.1", resolve));
const uri = `http://127.0.0.1:${recorder.address().port}/graphql`;

async function record(client, name, ask) {
  known.clear();
  requests = [];
  await ask();
  await ask();
  return { client, version: versionOf(name), requests };
}

const apollo4 = (useGETForHashedQueries) => () =>
  new ApolloClient({
    cache: new InMemoryCache(),
    link: new PersistedQueryLink({ sha256, useGETForHashedQueries }).concat(new HttpLink({ uri })),
  }).query({ query: gql(QUERY), variables: VARIABLES });
const apollo3Get = () =>
  new apollo3.ApolloClient({
    cache: new apollo3.InMemoryCache(),
    link: apollo3Persisted
      .createPersistedQueryLink({ sha256, useGETForHashedQueries: true })
      .concat(new apollo3.HttpLink({ uri })),
  }).query({ query: apollo3.gql(QUERY), variables: VARIABLES });
const urql = () =>
  new Client({ url: uri, exchanges: [persistedExchange({ preferGetForPersistedQueries: true }), fetchExchange] })
    .query(QUERY, VARIABLES)
    .toPromise();

const recordings = {
  "apollo-get": await record("Apollo Client, useGETForHashedQueries", "@apollo/client", apollo4(true)),
  "apollo-post": await record("Apollo Client, default options", "@apollo/client", apollo4(false)),
  "apollo3-get": await record("Apollo Client 3, useGETForHashedQueries", "apollo-client-3", apollo3Get),
  "urql-get": await record("urql persistedExchange, preferGetForPersistedQueries", "@urql/core", urql),
};
recorder.close();
console.log(JSON.stringify(recordings, null, 2));
