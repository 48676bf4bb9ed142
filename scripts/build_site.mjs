// Assembles the static site in build/site/ from web/ (page, styles, modules, worker), the two
// wasm builds (build/wasm: SIMD, build/wasm-nosimd: baseline) and the digit files (data/mnist).
// The folder is complete and self-contained: copy it to any static host. JavaScript is
// minified with terser (the page's code weight counts every byte the browser downloads);
// QPLAB_SITE_MINIFY=0 copies it as written, for debugging.
import { cp, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minify } from 'terser';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const site = join(root, 'build', 'site');
const DATA = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];
const copies = [
  ...['simd', 'baseline'].flatMap((build) => ['qplab_web.js', 'qplab_web.wasm'].map((file) => [
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
await cp(join(root, 'web'), site, { recursive: true });
for (const [from, to] of copies) {
  await mkdir(dirname(to), { recursive: true });
  await cp(from, to);
}
if (process.env.QPLAB_SITE_MINIFY !== '0') {
  const scripts = [
    ...(await readdir(site)).filter((f) => f.endsWith('.js')).map((f) => join(site, f)),
    ...['simd', 'baseline'].map((build) => join(site, 'wasm', build, 'qplab_web.js')),
  ];
  for (const file of scripts) {
    const { code } = await minify(await readFile(file, 'utf8'), { module: true, ecma: 2022, compress: { passes: 2 } });
    await writeFile(file, code);
  }
}
console.error(`build_site: ${site}`);
