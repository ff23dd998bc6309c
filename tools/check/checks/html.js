'use strict';
// html: the Nu Html Checker (vnu.jar from the vnu-jar package) on every HTML
// file of BUILD_DIR, errors only; zero errors allowed.
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const C = require('../lib/common');

const CHECK = 'html';
const dir = C.buildDirFromArgs(CHECK);
const pages = C.htmlFiles(dir);
if (!pages.length) C.die(CHECK, `no *.html file under ${dir}`);
let jar;
try {
  jar = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');
} catch {
  C.die(CHECK, 'vnu-jar is not installed (run tools/check/install.sh)');
}
if (!fs.existsSync(jar)) C.die(CHECK, `${jar} is missing`);
const java = process.env.JAVA || 'java';
const v = spawnSync(java, ['-version'], { encoding: 'utf8' });
if (v.error || v.status !== 0) C.die(CHECK, `java not found (install Debian default-jre-headless; tools/check/install.sh does)`);

const r = spawnSync(
  java,
  ['-Xss4m', '-jar', jar, '--errors-only', '--skip-non-html', '--format', 'json', dir],
  { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }
);
if (r.error) C.die(CHECK, `vnu did not start: ${r.error.message}`);
let out;
try {
  out = JSON.parse(r.stderr || r.stdout || '{"messages":[]}');
} catch {
  C.die(CHECK, `vnu printed no JSON (exit ${r.status}): ${(r.stderr || '').slice(0, 500)}`);
}
const problems = new C.Problems(CHECK);
for (const m of out.messages || []) {
  if (m.type !== 'error' && m.subType !== 'fatal' && m.type !== 'non-document-error') continue;
  let page = m.url || '?';
  if (page.startsWith('file:')) {
    const abs = decodeURIComponent(new URL(page).pathname);
    page = C.fileToUrlPath(path.relative(dir, abs).split(path.sep).join('/'));
  }
  const where = m.lastLine ? `${page}:${m.lastLine}` : page;
  const extract = m.extract ? ` — near ${JSON.stringify(m.extract.replace(/\s+/g, ' ').trim().slice(0, 80))}` : '';
  problems.add(where, m.type === 'non-document-error' ? 'vnu-io' : 'vnu', m.message + extract);
}
if (r.status !== 0 && problems.count === 0) problems.add(dir, 'vnu-exit', `vnu exited ${r.status} without reporting an error`);
problems.print();
console.log(`${CHECK}: ${pages.length} HTML files validated by vnu, ${problems.count} errors`);
process.exit(problems.count ? 1 : 0);
