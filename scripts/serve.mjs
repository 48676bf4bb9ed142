// Serves the built site (build/site) on http://127.0.0.1:8080 (PORT overrides) until stopped.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from './static_server.mjs';

const site = join(dirname(fileURLToPath(import.meta.url)), '..', 'build', 'site');
const port = Number(process.env.PORT ?? 8080);
try {
  const { url } = await serveStatic({ '/': site }, { port });
  console.log(`qplab: serving ${site} at ${url}/ (Ctrl-C stops)`);
} catch (error) {
  console.error(`qplab: cannot serve on 127.0.0.1:${port}: ${error.message}`);
  process.exit(1);
}
