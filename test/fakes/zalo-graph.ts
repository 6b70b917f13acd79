/**
 * A loopback fake of Zalo's Graph API `/v2.0/me` over real HTTP, answering as graph.zalo.me does:
 * a known token in the `access_token` header → 200 `{ "id", "name" }` (the fields asked for);
 * a missing or unknown token → 200 `{ "error": 452, "message": "…" }` (Zalo reports token errors in
 * the body, not the status). A token sent only in the query string is not looked at, so a client
 * that puts it in the URL fails here.
 *
 *   const zalo = await startFakeZaloGraph();
 *   zalo.addUser('tok-1', { id: '5550000000000000001', name: 'Nguyễn Thị Lan' });
 *   // point ZALO_GRAPH_API_ROOT at zalo.root …
 *   await zalo.stop();
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake received: the path with its query string, and the `access_token` header. */
export type FakeZaloCall = { path: string; token: string | undefined };

/** What can go wrong on the next request: a 500 page, or no answer at all until the fake stops. */
export type FakeZaloFailure = 'http500' | 'hang';

export type FakeZaloGraph = {
  root: string;
  addUser(accessToken: string, user: { id: string; name: string }): void;
  calls: FakeZaloCall[];
  failNext(kind: FakeZaloFailure): void;
  stop(): Promise<void>;
};

/** The body Zalo sends for an expired, revoked or made-up token (as seen from graph.zalo.me). */
export const INVALID_TOKEN_BODY = {
  error: 452,
  message: 'Session key invalid. This could be because session key has expired',
};

/** Listens on 127.0.0.1 with an ephemeral port. */
export async function startFakeZaloGraph(): Promise<FakeZaloGraph> {
  const users = new Map<string, { id: string; name: string }>();
  const calls: FakeZaloCall[] = [];
  const failures: FakeZaloFailure[] = [];

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    const header = req.headers.access_token;
    const token = Array.isArray(header) ? header[0] : header;
    calls.push({ path, token });
    const failure = failures.shift();
    if (failure === 'hang') return; // the socket stays open; stop() closes it
    if (failure === 'http500') {
      res.writeHead(500, { 'Content-Type': 'text/html' });
      res.end('<html><body>500 Internal Server Error</body></html>');
      return;
    }
    const url = new URL(path, 'http://fake');
    if (req.method !== 'GET' || url.pathname !== '/v2.0/me') {
      send(res, 404, { error: 404, message: 'Not found' });
      return;
    }
    const user = token === undefined ? undefined : users.get(token);
    if (!user) {
      send(res, 200, INVALID_TOKEN_BODY);
      return;
    }
    const fields = new Set((url.searchParams.get('fields') ?? 'id').split(',').map((f) => f.trim()));
    send(res, 200, { id: user.id, ...(fields.has('name') ? { name: user.name } : {}) });
  };

  const server = createServer(onRequest);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let stopped = false;

  return {
    root: `http://127.0.0.1:${port}`,
    addUser(accessToken, user) {
      users.set(accessToken, { ...user });
    },
    calls,
    failNext(kind) {
      failures.push(kind);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
