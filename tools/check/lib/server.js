'use strict';
// A tiny static server for BUILD_DIR on 127.0.0.1 and a random free port.
// "/x/" -> "/x/index.html"; unknown paths -> the 404 page of their language
// prefix ("/nl/..." -> "/nl/404.html", else "/404.html") with status 404.
// It sends the production security headers, read from the repository's
// netlify.toml when it has [[headers]] blocks, else a strict default CSP.
const fs = require('fs');
const http = require('http');
const path = require('path');
const { urlPathToFile } = require('./common');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.json': 'application/json; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.gif': 'image/gif',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.pdf': 'application/pdf',
};

const DEFAULT_HEADERS = [
  { for: '/*', values: { 'Content-Security-Policy': "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'" } },
];

// Parses the [[headers]] tables of a netlify.toml: `for = "..."` and the
// key = "value" pairs of the following [headers.values] table. Handles basic
// and literal strings, and multi-line """ / ''' strings (joined with spaces
// after trimming each line, as people write long CSPs).
function parseNetlifyHeaders(text) {
  const blocks = [];
  let cur = null;
  let inValues = false;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line || line.startsWith('#')) continue;
    if (/^\[\[\s*headers\s*\]\]$/.test(line)) {
      cur = { for: null, values: {} };
      blocks.push(cur);
      inValues = false;
      continue;
    }
    if (/^\[\s*headers\.values\s*\]$/.test(line)) {
      inValues = !!cur;
      continue;
    }
    if (line.startsWith('[')) {
      cur = null;
      inValues = false;
      continue;
    }
    if (!cur) continue;
    const m = line.match(/^("[^"]+"|'[^']+'|[A-Za-z0-9_.-]+)\s*=\s*(.*)$/);
    if (!m) continue;
    const key = m[1].replace(/^["']|["']$/g, '');
    let raw = m[2];
    let val;
    const ml = raw.match(/^("""|''')(.*)$/);
    if (ml) {
      const q = ml[1];
      let acc = ml[2];
      while (!acc.includes(q) && i + 1 < lines.length) acc += '\n' + lines[++i];
      acc = acc.slice(0, acc.indexOf(q));
      val = acc
        .split('\n')
        .map((s) => s.replace(/\\\s*$/, '').trim())
        .filter(Boolean)
        .join(' ');
    } else if (raw.startsWith('"')) {
      const e = raw.match(/^"((?:[^"\\]|\\.)*)"/);
      val = e ? JSON.parse('"' + e[1] + '"') : null;
    } else if (raw.startsWith("'")) {
      const e = raw.match(/^'([^']*)'/);
      val = e ? e[1] : null;
    } else val = null;
    if (val == null) continue;
    if (inValues) cur.values[key] = val;
    else if (key === 'for') cur.for = val;
  }
  return blocks.filter((b) => b.for && Object.keys(b.values).length);
}

function globToRegExp(glob) {
  return new RegExp('^' + glob.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
}

function loadHeaderRules() {
  const toml = process.env.NETLIFY_TOML || path.resolve(__dirname, '../../../netlify.toml');
  if (fs.existsSync(toml)) {
    const blocks = parseNetlifyHeaders(fs.readFileSync(toml, 'utf8'));
    if (blocks.length) return { source: toml, rules: blocks };
  }
  return { source: 'built-in default CSP', rules: DEFAULT_HEADERS };
}

// Starts the server; resolves to { url, port, close, headerSource }.
function startServer(buildDir) {
  const { source, rules } = loadHeaderRules();
  const compiled = rules.map((r) => ({ re: globToRegExp(r.for), values: r.values }));
  const server = http.createServer((req, res) => {
    let urlPath;
    try {
      urlPath = new URL(req.url, 'http://x').pathname;
    } catch {
      urlPath = '/';
    }
    for (const r of compiled) if (r.re.test(urlPath)) for (const [k, v] of Object.entries(r.values)) res.setHeader(k, v);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { 'Content-Type': 'text/plain' });
      return res.end('method not allowed');
    }
    let rel = urlPathToFile(buildDir, urlPath);
    if (rel && !urlPath.endsWith('/') && rel.endsWith('index.html') && !urlPath.endsWith('index.html')) {
      // "/fr/x" is a directory: redirect to "/fr/x/" like Netlify does.
      res.writeHead(301, { Location: urlPath + '/' });
      return res.end();
    }
    let status = 200;
    if (!rel) {
      status = 404;
      const m = urlPath.match(/^\/([a-z]{2}(?:-[a-z]{2})?)\//i);
      const cands = (m ? [m[1] + '/404.html'] : []).concat('404.html');
      rel = cands.find((c) => fs.existsSync(path.join(buildDir, c)));
      if (!rel) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
        return res.end('not found');
      }
    }
    const file = path.join(buildDir, rel);
    const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
    fs.readFile(file, (err, buf) => {
      if (err) {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        return res.end('read error');
      }
      res.writeHead(status, { 'Content-Type': type, 'Content-Length': buf.length, 'Cache-Control': 'no-cache' });
      res.end(req.method === 'HEAD' ? undefined : buf);
    });
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        headerSource: source,
        close: () =>
          new Promise((r) => {
            server.close(() => r());
            server.closeAllConnections();
          }),
      });
    });
  });
}

module.exports = { startServer, parseNetlifyHeaders };

if (require.main === module) {
  // node lib/server.js BUILD_DIR : serve until killed (handy for debugging).
  startServer(path.resolve(process.argv[2] || '.')).then((s) => console.log(`serving on ${s.url} (headers: ${s.headerSource})`));
}
