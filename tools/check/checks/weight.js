'use strict';
// weight: gzip size of every HTML page plus the gzip size of each internal
// stylesheet it links must stay within 14 KB (14336 bytes), so a page and its
// CSS fit in the first round trips of a TCP connection.
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { Parser } = require('htmlparser2');
const C = require('../lib/common');

const CHECK = 'weight';
const LIMIT = +(process.env.WEIGHT_LIMIT || 14336);
const dir = C.buildDirFromArgs(CHECK);
const problems = new C.Problems(CHECK);
const pages = C.htmlFiles(dir);
if (!pages.length) C.die(CHECK, `no *.html file under ${dir}`);
const base = C.detectBaseUrl(dir);
const baseUrl = base ? new URL(base) : null;

const gz = (buf) => zlib.gzipSync(buf, { level: 9 }).length;
const cssCache = new Map();
const rows = [];
for (const rel of pages) {
  const buf = fs.readFileSync(path.join(dir, rel));
  const sheets = [];
  new Parser({
    onopentag(name, a) {
      if (name === 'link' && (a.rel || '').toLowerCase().split(/\s+/).includes('stylesheet') && a.href) sheets.push(a.href);
    },
  }).end(buf.toString('utf8'));
  const htmlGz = gz(buf);
  let total = htmlGz;
  const parts = [`html ${htmlGz}`];
  const pageUrl = new URL(C.fileToUrlPath(rel), 'http://local.invalid/');
  for (const href of sheets) {
    const u = new URL(href, pageUrl);
    let urlPath;
    if (u.host === 'local.invalid') urlPath = u.pathname;
    else if (baseUrl && u.host === baseUrl.host && u.pathname.startsWith(baseUrl.pathname)) urlPath = '/' + u.pathname.slice(baseUrl.pathname.length);
    else {
      problems.add(C.fileToUrlPath(rel), 'external-stylesheet', `${href} is not served by the site; its weight cannot be counted`);
      continue;
    }
    const f = C.urlPathToFile(dir, urlPath);
    if (!f) {
      problems.add(C.fileToUrlPath(rel), 'missing-stylesheet', `${href} has no file in the build`);
      continue;
    }
    if (!cssCache.has(f)) cssCache.set(f, gz(fs.readFileSync(path.join(dir, f))));
    total += cssCache.get(f);
    parts.push(`${f} ${cssCache.get(f)}`);
  }
  rows.push({ page: C.fileToUrlPath(rel), total, parts, raw: buf.length });
  if (total > LIMIT) problems.add(C.fileToUrlPath(rel), 'too-heavy', `gzip ${total} B > ${LIMIT} B (${parts.join(' + ')}; raw html ${buf.length} B)`);
}
rows.sort((a, b) => b.total - a.total);
const top = rows.slice(0, 5);
console.log(`  heaviest pages (gzip html + css, bytes):`);
for (const r of top) console.log(`    ${r.total}  ${r.page}  (${r.parts.join(' + ')})`);
problems.print();
console.log(
  `${CHECK}: ${rows.length} pages weighed, heaviest ${rows[0].page} ${rows[0].total} B of ${LIMIT} B, ${problems.count} problems`
);
process.exit(problems.count ? 1 : 0);
