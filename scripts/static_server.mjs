// A static file server for `npm start`, the browser tests and the web bench: 127.0.0.1 only,
// fixed URL prefixes mapped to folders, `.wasm` served as application/wasm, `.gz` data as
// bytes (never with Content-Encoding). Nothing outside the mapped folders is reachable.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.gz': 'application/gzip',
  '.tflite': 'application/octet-stream',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

// routes: { '/prefix/': '/absolute/folder' }; port 0 picks a free one. Resolves to
// { url, close() }.
export async function serveStatic(routes, { port = 0 } = {}) {
  const table = Object.entries(routes).map(([prefix, dir]) => [prefix, resolve(dir)]);
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://127.0.0.1').pathname);
    const route = table.find(([prefix]) => path.startsWith(prefix));
    if (!route) return send(response, 404, 'not found');
    const [prefix, dir] = route;
    const file = normalize(join(dir, path.slice(prefix.length)));
    if (file !== dir && !file.startsWith(dir + sep)) return send(response, 403, 'forbidden');
    try {
      const info = await stat(file);
      const target = info.isDirectory() ? join(file, 'index.html') : file;
      // Cacheable, revalidated on every use: a rebuilt file is fetched at once, and an
      // unchanged .wasm keeps the browser's compiled-code cache (V8 attaches its optimized
      // code to the cache entry), as on any static host.
      const modified = (target === file ? info : await stat(target)).mtime;
      modified.setMilliseconds(0);
      const since = Date.parse(request.headers['if-modified-since'] ?? '');
      const headers = { 'Cache-Control': 'no-cache', 'Last-Modified': modified.toUTCString() };
      if (since >= modified.getTime()) {
        response.writeHead(304, headers);
        return response.end();
      }
      const body = await readFile(target);
      response.writeHead(200, {
        ...headers,
        'Content-Type': MIME[extname(target)] ?? 'application/octet-stream',
        'Content-Length': body.length,
      });
      response.end(body);
    } catch {
      send(response, 404, 'not found');
    }
  });
  await new Promise((ready, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ready);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((done) => server.close(done)),
  };
}

function send(response, status, text) {
  response.writeHead(status, { 'Content-Type': 'text/plain' });
  response.end(text);
}
