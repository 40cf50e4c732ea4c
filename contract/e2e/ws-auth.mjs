// Drives the server's websocket with the graphql-ws client a frontend uses
// (v6, over the `ws` package in Node). Against a server started with --demo:
//
//   EXPORTIVA_URL=http://127.0.0.1:8080 node e2e/ws-auth.mjs
//
// 1. A bad token: the server closes with 4403 Forbidden, which the client hands
//    to the application (the `closed` event, then the sink's error once its
//    retries are spent) and retries with its own backoff — a handful of
//    connection attempts in 2 s, not a storm (a close with 1000 made it
//    reconnect ~500 times a second).
// 2. A good token, then logOut over HTTP: the open socket is closed with 4403
//    within a second, and the subscription ends with that error.
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const base = process.env.EXPORTIVA_URL ?? "http://127.0.0.1:8080";
const wsURL = base.replace(/^http/, "ws") + "/query";
const windowMs = Number(process.env.WINDOW_MS ?? 2000); // how long to count attempts
const failures = [];
// Disposing a client while it waits to retry rejects its pending connection
// with the 1000 "All Subscriptions Gone" close it made itself: not a failure.
for (const event of ["unhandledRejection", "uncaughtException"]) {
  process.on(event, (e) => {
    if (e?.code === 1000) return;
    failures.push(`${event}: ${e?.code ?? e}`);
  });
}

// dispose closes a client without waiting for a retry it may be sleeping in.
function dispose(client) {
  return Promise.race([Promise.resolve(client.dispose()).catch(() => {}), new Promise((r) => setTimeout(r, 200))]);
}

async function gql(query, token) {
  const res = await fetch(base + "/query", {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return res.json();
}

// 1. A bad token with the client's default retry policy.
{
  let attempts = 0;
  const codes = [];
  const client = createClient({
    url: wsURL,
    webSocketImpl: WebSocket,
    lazy: true,
    connectionParams: { Authorization: "Bearer exv_not-a-real-token" },
    on: {
      connecting: () => attempts++,
      closed: (e) => codes.push(e.code),
    },
  });
  let sinkError;
  const unsubscribe = client.subscribe({ query: "subscription { inquiryUpdated { id } }" }, {
    next: () => failures.push("bad token: received data"),
    error: (e) => { sinkError = e; },
    complete: () => {},
  });
  await new Promise((r) => setTimeout(r, windowMs));
  await dispose(client);
  unsubscribe();
  const seen = [...new Set(codes)].map((c) => `${c} ×${codes.filter((x) => x === c).length}`).join(", ");
  console.log(`bad token: ${attempts} connection attempts in ${windowMs} ms; close codes seen: ${seen}`);
  if (attempts > 2 + windowMs / 1000) failures.push(`bad token: ${attempts} connection attempts in ${windowMs} ms (a storm)`);
  if (!codes.length || codes.some((c) => c !== 4403)) failures.push(`bad token: close codes ${seen}, want 4403`);
  if (sinkError) console.log(`bad token: the subscription failed early with ${sinkError.code ?? sinkError}`);
}

// 1b. The same with an application that gives up on 4403 (say, to sign in
//     again): the error reaches the subscription's sink at once.
{
  let attempts = 0;
  const client = createClient({
    url: wsURL,
    webSocketImpl: WebSocket,
    lazy: true,
    connectionParams: { Authorization: "Bearer exv_not-a-real-token" },
    shouldRetry: (e) => e?.code !== 4403,
    on: { connecting: () => attempts++ },
  });
  const err = await new Promise((resolve) => {
    client.subscribe({ query: "subscription { inquiryUpdated { id } }" }, {
      next: () => {}, error: resolve, complete: () => resolve(null),
    });
    setTimeout(() => resolve("timeout"), 3000);
  });
  await dispose(client);
  console.log(`bad token, app stops on 4403: sink error code ${err?.code} reason "${err?.reason}" after ${attempts} attempt(s)`);
  if (err?.code !== 4403) failures.push(`bad token: the sink got ${err?.code ?? err}, want a 4403 close event`);
}

// 2. A good token revoked by logOut while the subscription is open.
{
  const login = await gql(`mutation { logIn(email: "buyer1@demo.exportiva.test", password: "lamongan-demo") { token } }`);
  const token = login?.data?.logIn?.token;
  if (!token) {
    failures.push(`log-in failed: ${JSON.stringify(login)}`);
  } else {
    let acked = 0;
    const client = createClient({
      url: wsURL,
      webSocketImpl: WebSocket,
      lazy: true,
      retryAttempts: 0,
      connectionParams: { Authorization: `Bearer ${token}` },
      on: {
        connected: (_socket, payload) => {
          acked++;
          if (payload && JSON.stringify(payload).includes(token)) failures.push("connection_ack echoes the token");
        },
      },
    });
    const ended = new Promise((resolve) => {
      client.subscribe({ query: "subscription { inquiryUpdated { id } }" }, {
        next: () => {}, error: resolve, complete: () => resolve("completed"),
      });
    });
    for (let i = 0; i < 50 && !acked; i++) await new Promise((r) => setTimeout(r, 20));
    if (!acked) failures.push("good token: no connection_ack");
    const start = Date.now();
    const out = await gql("mutation { logOut }", token);
    if (out?.data?.logOut !== true) failures.push(`logOut failed: ${JSON.stringify(out)}`);
    const err = await Promise.race([ended, new Promise((r) => setTimeout(() => r("timeout"), 5000))]);
    const took = Date.now() - start;
    await dispose(client);
    console.log(`logOut → socket closed with ${err?.code} "${err?.reason}" in ${took} ms`);
    if (err?.code !== 4403) failures.push(`after logOut: ${err?.code ?? err}, want a 4403 close`);
  }
}

if (failures.length) {
  console.error(failures.join("\n"));
  process.exit(1);
}
console.log("websocket auth: ok");
