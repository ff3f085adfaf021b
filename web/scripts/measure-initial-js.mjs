// Prints what the first screen downloads (the budget: initial JavaScript ≤ 400 KB gzip):
// the entry script and the modules index.html preloads, gzipped one by one as a server would send them.
// Pages other than 登录 load when opened and are listed apart. Run after `npm run build`.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dir = fileURLToPath(new URL('../../dist/web/', import.meta.url));
const html = readFileSync(join(dir, 'index.html'), 'utf8');
const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const gz = (file) => gzipSync(readFileSync(join(dir, file))).length;

let js = 0;
let css = 0;
for (const file of initial) {
  const size = gz(file);
  if (file.endsWith('.js')) js += size;
  else css += size;
  console.log(`  ${file.padEnd(52)} ${kb(size).padStart(10)} gzip`);
}
const lazy = readdirSync(join(dir, 'assets')).filter((f) => f.endsWith('.js') && !initial.includes(`assets/${f}`));
const lazyJs = lazy.reduce((sum, f) => sum + gz(`assets/${f}`), 0);
console.log(`initial JavaScript: ${kb(js)} gzip in ${initial.filter((f) => f.endsWith('.js')).length} files (budget 400 KB)`);
console.log(`initial CSS: ${kb(css)} gzip`);
console.log(`loaded later, when a page or the chart opens: ${kb(lazyJs)} gzip in ${lazy.length} files`);
