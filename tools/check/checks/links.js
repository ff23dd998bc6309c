'use strict';
// links: every internal href/src of every HTML page, and every <loc> and
// xhtml:link of sitemap.xml, resolves to a file in BUILD_DIR; every #fragment
// exists as an id in its target page; the sitemap and other XML files are
// well-formed. External links are listed, never fetched.
const fs = require('fs');
const path = require('path');
const { Parser } = require('htmlparser2');
const { SaxesParser } = require('saxes');
const C = require('../lib/common');

const CHECK = 'links';
const dir = C.buildDirFromArgs(CHECK);
const problems = new C.Problems(CHECK);
const base = C.detectBaseUrl(dir);
if (!base) C.die(CHECK, 'cannot tell the site base URL: no <link rel=canonical> ending in /LANG/ on a home page; set BASE_URL');
const baseUrl = new URL(base);
const LOCAL = 'http://local.invalid/';

const pages = C.htmlFiles(dir);
if (!pages.length) C.die(CHECK, `no *.html file under ${dir}`);

// Parse every page once: ids, references.
const info = new Map(); // rel -> { ids:Set, refs:[{attr, tag, value}] }
function parseHtml(rel) {
  const ids = new Set();
  const refs = [];
  let canonical = null;
  let baseHref = null;
  const p = new Parser(
    {
      onopentag(name, a) {
        if (a.id != null) ids.add(a.id);
        if (name === 'a' && a.name != null) ids.add(a.name);
        const add = (attr, value) => value != null && refs.push({ tag: name, attr, value, rel: a.rel || '' });
        switch (name) {
          case 'a':
          case 'area':
            add('href', a.href);
            break;
          case 'link': {
            const r = (a.rel || '').toLowerCase().split(/\s+/);
            if (r.includes('canonical') && a.href != null) canonical = a.href;
            if (!r.some((x) => x === 'preconnect' || x === 'dns-prefetch')) add('href', a.href);
            break;
          }
          case 'img':
          case 'source':
            add('src', a.src);
            for (const s of [a.srcset].filter(Boolean)) for (const part of s.split(',')) add('srcset', part.trim().split(/\s+/)[0]);
            break;
          case 'script':
          case 'iframe':
          case 'video':
          case 'audio':
          case 'track':
          case 'embed':
            add('src', a.src);
            break;
          case 'object':
            add('data', a.data);
            break;
          case 'form':
            add('action', a.action);
            break;
          case 'base':
            baseHref = a.href;
            break;
          case 'meta':
            if ((a.property || a.name || '').match(/^(og:image|og:url|twitter:image)$/i)) add('content', a.content);
            break;
        }
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: true }
  );
  p.end(fs.readFileSync(path.join(dir, rel), 'utf8'));
  return { ids, refs, canonical, baseHref };
}
for (const rel of pages) info.set(rel, parseHtml(rel));

// Resolves a reference to {kind:'internal', file, fragment} | {kind:'external', url} | {kind:'skip'}.
function resolve(value, pageUrlPath, baseHref) {
  const v = value.trim();
  if (v === '') return { kind: 'bad', why: 'empty URL' };
  if (/^(data|blob):/i.test(v)) return { kind: 'skip' };
  if (/^javascript:/i.test(v)) return { kind: 'bad', why: 'javascript: URL' };
  let u;
  try {
    const pageLocal = new URL(pageUrlPath, LOCAL);
    u = new URL(v, baseHref ? new URL(baseHref, pageLocal) : pageLocal);
  } catch {
    return { kind: 'bad', why: 'unparsable URL' };
  }
  let urlPath = null;
  if (u.origin === new URL(LOCAL).origin) urlPath = u.pathname;
  else if ((u.protocol === 'http:' || u.protocol === 'https:') && u.host === baseUrl.host && u.pathname.startsWith(baseUrl.pathname)) {
    urlPath = '/' + u.pathname.slice(baseUrl.pathname.length);
    if (u.protocol !== baseUrl.protocol) return { kind: 'bad', why: `uses ${u.protocol} but the site is ${baseUrl.protocol}` };
  } else return { kind: 'external', url: u.href };
  return { kind: 'internal', urlPath, fragment: u.hash ? decodeURIComponent(u.hash.slice(1)) : null, hasHash: v.includes('#'), search: u.search };
}

let checked = 0;
const external = new Map(); // url -> count
function checkRef(where, value, pageUrlPath, baseHref, { htmlOnly = false } = {}) {
  const r = resolve(value, pageUrlPath, baseHref);
  if (r.kind === 'skip') return null;
  if (r.kind === 'bad') {
    checked++;
    problems.add(where, 'bad-url', `${JSON.stringify(value)}: ${r.why}`);
    return null;
  }
  if (r.kind === 'external') {
    external.set(r.url, (external.get(r.url) || 0) + 1);
    return null;
  }
  checked++;
  const file = C.urlPathToFile(dir, r.urlPath);
  if (!file) {
    problems.add(where, 'broken-link', `${JSON.stringify(value)} -> ${r.urlPath} has no file in the build`);
    return null;
  }
  if (htmlOnly && !file.endsWith('.html')) problems.add(where, 'not-html', `${JSON.stringify(value)} -> ${file} is not an HTML page`);
  if (r.hasHash) {
    if (r.fragment === null || r.fragment === '') problems.add(where, 'empty-fragment', `${JSON.stringify(value)} has an empty #fragment`);
    else if (file.endsWith('.html')) {
      if (!info.get(file).ids.has(r.fragment)) problems.add(where, 'broken-fragment', `${JSON.stringify(value)}: no id="${r.fragment}" in ${file}`);
    }
  }
  return file;
}

for (const rel of pages) {
  const pageUrlPath = C.fileToUrlPath(rel);
  const { refs, canonical, baseHref } = info.get(rel);
  for (const ref of refs) {
    const where = `${pageUrlPath} <${ref.tag} ${ref.attr}>`;
    const isCanon = ref.tag === 'link' && /\bcanonical\b/i.test(ref.rel);
    const target = checkRef(where, ref.value, pageUrlPath, baseHref);
    if (isCanon && target && target !== rel) problems.add(`${pageUrlPath}`, 'canonical-not-self', `canonical ${ref.value} -> ${target}, not this page (${rel})`);
  }
  // Every page except 404 pages and redirects should declare a canonical.
  if (!canonical && !/(^|\/)404\.html$/.test(rel)) {
    const html = fs.readFileSync(path.join(dir, rel), 'utf8');
    if (!/http-equiv=["']?refresh/i.test(html)) problems.add(pageUrlPath, 'no-canonical', 'page has no <link rel="canonical">');
  }
}

// Sitemap.
let sitemapLocs = 0;
const sitemap = path.join(dir, 'sitemap.xml');
function wellFormed(rel, onOpen, onText) {
  const parser = new SaxesParser({ xmlns: true, fileName: rel });
  let ok = true;
  parser.on('error', (e) => {
    if (ok) problems.add('/' + rel, 'xml-not-well-formed', e.message);
    ok = false;
  });
  if (onOpen) parser.on('opentag', onOpen);
  if (onText) parser.on('text', onText);
  try {
    parser.write(fs.readFileSync(path.join(dir, rel), 'utf8')).close();
  } catch (e) {
    if (ok) problems.add('/' + rel, 'xml-not-well-formed', e.message);
    ok = false;
  }
  return ok;
}
if (!fs.existsSync(sitemap)) problems.add('/sitemap.xml', 'no-sitemap', 'BUILD_DIR has no sitemap.xml');
else {
  const SM = 'http://www.sitemaps.org/schemas/sitemap/0.9';
  const XH = 'http://www.w3.org/1999/xhtml';
  let inLoc = false;
  let locText = '';
  const locs = [];
  const alts = [];
  const parser = new SaxesParser({ xmlns: true });
  let err = null;
  parser.on('error', (e) => {
    if (!err) err = e;
  });
  parser.on('opentag', (t) => {
    if (t.local === 'loc' && t.uri === SM) {
      inLoc = true;
      locText = '';
    }
    if (t.local === 'link' && t.uri === XH) alts.push(t.attributes.href ? t.attributes.href.value : '');
  });
  parser.on('text', (s) => {
    if (inLoc) locText += s;
  });
  parser.on('closetag', (t) => {
    if (t.local === 'loc' && t.uri === SM) {
      inLoc = false;
      locs.push(locText.trim());
    }
  });
  try {
    parser.write(fs.readFileSync(sitemap, 'utf8')).close();
  } catch (e) {
    if (!err) err = e;
  }
  if (err) problems.add('/sitemap.xml', 'xml-not-well-formed', err.message);
  if (!locs.length) problems.add('/sitemap.xml', 'sitemap-empty', 'no <loc> in the urlset namespace');
  for (const [kind, list] of [['loc', locs], ['xhtml:link', alts]]) {
    for (const v of list) {
      sitemapLocs++;
      let u;
      try {
        u = new URL(v);
      } catch {
        problems.add('/sitemap.xml', 'sitemap-bad-url', `<${kind}> ${JSON.stringify(v)} is not an absolute URL`);
        continue;
      }
      if (u.origin !== baseUrl.origin || !u.pathname.startsWith(baseUrl.pathname)) {
        problems.add('/sitemap.xml', 'sitemap-foreign-url', `<${kind}> ${v} is not under the base URL ${base}`);
        continue;
      }
      const f = checkRef(`/sitemap.xml <${kind}>`, v, '/sitemap.xml', null, { htmlOnly: true });
      if (f && /(^|\/)404\.html$/.test(f)) problems.add('/sitemap.xml', 'sitemap-404-page', `<${kind}> ${v} is a 404 page`);
    }
  }
  // Every indexable page should be in the sitemap.
  const inSitemap = new Set(locs.map((v) => {
    try {
      const u = new URL(v);
      return C.urlPathToFile(dir, '/' + u.pathname.slice(baseUrl.pathname.length));
    } catch {
      return null;
    }
  }));
  for (const rel of pages) {
    if (/(^|\/)404\.html$/.test(rel) || rel === 'index.html') continue;
    const html = fs.readFileSync(path.join(dir, rel), 'utf8');
    if (/<meta[^>]+noindex/i.test(html) || /http-equiv=["']?refresh/i.test(html)) continue;
    if (!inSitemap.has(rel)) problems.add(C.fileToUrlPath(rel), 'not-in-sitemap', 'indexable page is missing from sitemap.xml');
  }
}
// Other XML-ish files must be well-formed too.
let xmlFiles = 0;
for (const rel of C.walk(dir).filter((f) => /\.(xml|svg)$/i.test(f) && f !== 'sitemap.xml')) {
  xmlFiles++;
  wellFormed(rel);
}
// robots.txt Sitemap: lines.
const robots = path.join(dir, 'robots.txt');
if (fs.existsSync(robots)) {
  for (const m of fs.readFileSync(robots, 'utf8').matchAll(/^\s*sitemap:\s*(\S+)/gim)) checkRef('/robots.txt Sitemap:', m[1], '/robots.txt', null);
}

// Netlify _redirects: every target resolves; a source that is still a file
// would shadow its (unforced) redirect.
let redirects = 0;
const redirFile = path.join(dir, '_redirects');
if (fs.existsSync(redirFile)) {
  fs.readFileSync(redirFile, 'utf8').split(/\r?\n/).forEach((line, n) => {
    const l = line.replace(/#.*/, '').trim();
    if (!l) return;
    const parts = l.split(/\s+/);
    const where = `/_redirects:${n + 1}`;
    if (parts.length < 2) return problems.add(where, 'redirect-syntax', `${JSON.stringify(line)} has no target`);
    redirects++;
    const [from, to, status = '301'] = parts;
    if (!/[*:]/.test(to)) checkRef(where, to, '/', null);
    const forced = status.endsWith('!');
    if (!forced && !/[*:]/.test(from) && /^3/.test(status) && C.urlPathToFile(dir, from)) {
      problems.add(where, 'redirect-shadowed', `${from} still exists in the build, so the redirect to ${to} never fires`);
    }
  });
}

if (external.size) {
  console.log(`  external links (listed, not fetched): ${external.size} distinct URLs`);
  for (const [u, n] of [...external].sort()) console.log(`    ${u}  (${n}x)`);
}
problems.print();
console.log(
  `${CHECK}: ${pages.length} pages parsed, ${checked} internal references checked (${sitemapLocs} from sitemap.xml, base ${base}), ${external.size} external URLs listed, ${redirects} redirects, ${problems.count} problems`
);
process.exit(problems.count ? 1 : 0);
