// A tiny static file server for the built app, on 127.0.0.1 and a free port (browser tests
// and the benchmark start and stop it). Serves `extra` paths from memory (e.g. a generated
// trace), everything else from `dir`; no directory listings, no paths outside `dir`.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.ndjson': 'application/x-ndjson', '.png': 'image/png', '.svg': 'image/svg+xml',
  '.map': 'application/json', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

export async function serveStatic(dir: string, extra: Record<string, string> = {}): Promise<StaticServer> {
  const root = normalize(dir);
  // Encoded once, sent with its length, as a file server sends a file (not re-encoded per request).
  const bodies = new Map(Object.entries(extra).map(([path, text]) => [path, Buffer.from(text)]));
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const inMemory = bodies.get(path);
      if (inMemory) {
        res.writeHead(200, { 'content-type': MIME[extname(path)] ?? 'text/plain', 'content-length': inMemory.length });
        res.end(inMemory);
        return;
      }
      const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
      if (file !== root && !file.startsWith(root + sep)) { res.writeHead(403).end(); return; }
      try {
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'content-length': body.length });
        res.end(body);
      } catch {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
