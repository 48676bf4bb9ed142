// Assembles the static site in build/site/ from web/ (page, styles, modules, worker), the two
// wasm builds (build/wasm → wasm/simd, build/wasm-nosimd → wasm/nosimd) and the digit files
// (data/mnist).
// The folder is complete and self-contained: copy it to any static host.
// The page's code weight counts every byte the browser downloads, so esbuild bundles the page's
// modules into main.js (lab_client.js stays its own module: the worker's client, which the
// benchmark drives too) and minifies the CSS; terser minifies every script, the Emscripten glue
// included (it beats esbuild's minifier on that file: README, Dependencies); comments and
// indentation leave the HTML. QPLAB_SITE_MINIFY=0 copies web/ as written, for debugging.
import { cp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { minify } from 'terser';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'web');
const site = join(root, 'build', 'site');
const DATA = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];
const copies = [
  ...['simd', 'nosimd'].flatMap((build) => ['qplab_web.js', 'qplab_web.wasm'].map((file) => [
    join(root, 'build', build === 'simd' ? 'wasm' : 'wasm-nosimd', file), join(site, 'wasm', build, file)])),
  ...DATA.map((file) => [join(root, 'data', 'mnist', file), join(site, 'data', file)]),
];

for (const [from] of copies) {
  try {
    await stat(from);
  } catch {
    console.error(`build_site: missing ${from} (run \`npm run build\`)`);
    process.exit(1);
  }
}
await rm(site, { recursive: true, force: true });
for (const [from, to] of copies) {
  await mkdir(dirname(to), { recursive: true });
  await cp(from, to);
}

if (process.env.QPLAB_SITE_MINIFY === '0') {
  await cp(web, site, { recursive: true });
} else {
  // Entry points and what each bundles: main.js takes every module but the client; the worker
  // imports only the wasm glue, at run time.
  const entries = [
    { file: 'main.js', bundle: true, external: ['./lab_client.js'] },
    { file: 'lab_client.js', bundle: true },
    { file: 'lab_worker.js', bundle: false },
    { file: 'style.css', bundle: true, minify: true },
  ];
  for (const { file, ...options } of entries) {
    await build({ entryPoints: [join(web, file)], outfile: join(site, file), format: 'esm', target: 'es2022', logLevel: 'warning', ...options });
  }
  const html = await readFile(join(web, 'index.html'), 'utf8');
  await writeFile(join(site, 'index.html'), html.replace(/<!--[\s\S]*?-->\n?/g, '').replace(/\n\s+/g, '\n'));
  const scripts = [...entries.filter(({ file }) => file.endsWith('.js')).map(({ file }) => join(site, file)),
    ...['simd', 'nosimd'].map((build) => join(site, 'wasm', build, 'qplab_web.js'))];
  for (const file of scripts) {
    const { code } = await minify(await readFile(file, 'utf8'), { module: true, ecma: 2022, compress: { passes: 2 } });
    await writeFile(file, code);
  }
}
console.error(`build_site: ${site}`);
