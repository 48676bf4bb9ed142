// The core's layers include one way, downwards (README "Layout" states the same order).
// Reads every `#include "core/..."` in core/, cli/, wasm/, bench/ and tests/, and fails naming
// the file, line and rule for each include a layer may not make. No exceptions list: an include
// that breaks the order is fixed in the code, never excused here.
// Usage: node scripts/check_layers.mjs
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// Which layers each layer of core/ may include, besides itself.
const MAY_INCLUDE = {
  base: [],
  data: ['base'],
  nn: ['base', 'data'],
  format: ['base', 'data', 'nn'],
  runtime: ['base', 'format'],
  quant: ['base', 'data', 'nn', 'format'],
  prune: ['base', 'data', 'nn', 'format'],
  lab: ['base', 'data', 'nn', 'format', 'runtime', 'quant', 'prune'],
  inspect: ['base', 'data', 'nn', 'format', 'runtime', 'quant', 'prune', 'lab'],
};
const LAYERS = Object.keys(MAY_INCLUDE);

// The layer a file of core/ belongs to: core/<layer>/... The applications (cli/, wasm/,
// bench/) and the tests sit above every layer (a runtime test may train the model it runs);
// their includes must still name a layer.
function layerOf(file) {
  const parts = file.split('/');
  return parts[0] === 'core' ? parts[1] : null;
}

async function sourceFiles(dir) {
  let entries;
  try {
    entries = await readdir(join(root, dir), { withFileTypes: true });
  } catch {
    return [];
  }
  const files = [];
  for (const entry of entries) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) files.push(...(await sourceFiles(path)));
    else if (/\.(h|cc)$/.test(entry.name)) files.push(path);
  }
  return files;
}

const problems = [];
let includes = 0;
const dirs = ['core', 'cli', 'wasm', 'bench', 'tests'];
const files = (await Promise.all(dirs.map(sourceFiles))).flat();
for (const file of files.sort()) {
  const layer = layerOf(file);
  if (layer !== null && !(layer in MAY_INCLUDE)) {
    problems.push(`${file}: in no layer (layers: ${LAYERS.join(', ')})`);
    continue;
  }
  const lines = (await readFile(join(root, file), 'utf8')).split('\n');
  lines.forEach((line, i) => {
    const match = /^\s*#\s*include\s+"core\/([^"/]+)\/[^"]*"/.exec(line);
    if (!match) return;
    includes += 1;
    const target = match[1];
    const where = `${file}:${i + 1}: ${line.trim()}`;
    if (!(target in MAY_INCLUDE)) problems.push(`${where}: core/${target}/ is in no layer`);
    else if (layer !== null && target !== layer && !MAY_INCLUDE[layer].includes(target)) {
      const allowed = [layer, ...MAY_INCLUDE[layer]].join(', ');
      problems.push(`${where}: ${layer} may include only ${allowed}`);
    }
  });
}

if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`check_layers: ${problems.length} include(s) against the layer order, ` +
                `in ${files.length} files`);
  process.exit(1);
}
console.log(`check_layers: ${includes} core includes in ${files.length} files follow the order`);
