'use strict';
// Shared helpers for the site checks: page discovery, URL <-> file mapping,
// base URL detection, a Chromium launcher and a small problem reporter.
const fs = require('fs');
const path = require('path');

const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';

// Flags every Chromium started by these checks gets. Without the
// background-networking ones Chromium keeps trying to reach Google's hosts,
// which this network refuses.
const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-dev-shm-usage',
];

function die(check, msg) {
  console.error(`${check}: cannot run: ${msg}`);
  console.log(`${check}: could not run (${msg})`);
  process.exit(2);
}

function buildDirFromArgs(check) {
  const dir = process.argv[2];
  if (!dir) die(check, 'usage: node ' + path.basename(process.argv[1]) + ' BUILD_DIR');
  const abs = path.resolve(dir);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) die(check, `build dir ${abs} does not exist`);
  return abs;
}

// Every file under dir, as POSIX paths relative to dir, sorted.
function walk(dir) {
  const out = [];
  (function rec(rel) {
    const entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
    for (const e of entries) {
      const r = rel ? rel + '/' + e.name : e.name;
      if (e.isDirectory()) rec(r);
      else if (e.isFile()) out.push(r);
    }
  })('');
  return out.sort();
}

function htmlFiles(dir) {
  return walk(dir).filter((f) => f.endsWith('.html'));
}

// The URL path that serves a file: "fr/x/index.html" -> "/fr/x/",
// "fr/404.html" -> "/fr/404.html".
function fileToUrlPath(rel) {
  if (rel === 'index.html') return '/';
  if (rel.endsWith('/index.html')) return '/' + rel.slice(0, -'index.html'.length);
  return '/' + rel;
}

// The file (relative to dir) a URL path maps to, or null. Directory URLs map
// to their index.html (with or without the trailing slash).
function urlPathToFile(dir, urlPath) {
  let p;
  try {
    p = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (p.includes('\0')) return null;
  const norm = path.posix.normalize(p);
  if (norm.startsWith('/..') || norm.includes('/../')) return null;
  let rel = norm.replace(/^\/+/, '');
  const abs = path.join(dir, rel);
  if (!abs.startsWith(dir)) return null;
  let st;
  try {
    st = fs.statSync(abs);
  } catch {
    return null;
  }
  if (st.isDirectory()) {
    rel = rel ? rel.replace(/\/?$/, '/') + 'index.html' : 'index.html';
    return fs.existsSync(path.join(dir, rel)) ? rel : null;
  }
  if (norm.endsWith('/')) return null; // "/file.css/" is not a file
  return rel;
}

// Language prefixes: top-level directories of BUILD_DIR that hold an index.html
// and look like a language code (2 letters, optional region).
function languageDirs(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^[a-z]{2}(-[a-z]{2})?$/i.test(e.name))
    .filter((e) => fs.existsSync(path.join(dir, e.name, 'index.html')))
    .map((e) => e.name)
    .sort((a, b) => ['fr', 'nl', 'en'].indexOf(a) - ['fr', 'nl', 'en'].indexOf(b) || a.localeCompare(b));
}

// The site's public base URL ("https://host/" or with a path prefix), from
// BASE_URL, else from the canonical of the French (or first language) home.
function detectBaseUrl(dir) {
  if (process.env.BASE_URL) return new URL(process.env.BASE_URL.replace(/\/?$/, '/')).href;
  const langs = languageDirs(dir);
  for (const lg of langs.includes('fr') ? ['fr', ...langs] : langs) {
    const html = fs.readFileSync(path.join(dir, lg, 'index.html'), 'utf8');
    const m = html.match(/<link\b[^>]*\brel=["']?canonical["']?[^>]*>/i);
    if (!m) continue;
    const h = m[0].match(/\bhref=["']?([^"'\s>]+)/i);
    if (!h) continue;
    let u;
    try {
      u = new URL(h[1]);
    } catch {
      continue;
    }
    const suffix = '/' + lg + '/';
    if (u.pathname.endsWith(suffix)) {
      u.pathname = u.pathname.slice(0, -suffix.length + 1);
      u.hash = '';
      u.search = '';
      return u.href;
    }
  }
  return null;
}

class Problems {
  constructor(check) {
    this.check = check;
    this.list = [];
  }
  add(page, rule, message) {
    this.list.push({ page, rule, message });
  }
  get count() {
    return this.list.length;
  }
  print() {
    const max = +(process.env.CHECK_MAX_DETAILS || 400);
    const shown = this.list.slice(0, max);
    for (const p of shown) console.log(`  FAIL ${this.check} ${p.page} [${p.rule}] ${p.message}`);
    if (this.list.length > max) console.log(`  ... and ${this.list.length - max} more (set CHECK_MAX_DETAILS to see them)`);
    const byRule = {};
    for (const p of this.list) byRule[p.rule] = (byRule[p.rule] || 0) + 1;
    if (this.list.length) {
      console.log(`  ${this.check} problems by rule: ` + Object.entries(byRule).sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r}=${n}`).join(', '));
    }
  }
}

function checkChromium(check) {
  if (!fs.existsSync(CHROME_PATH)) die(check, `Chromium not found at ${CHROME_PATH} (run tools/check/install.sh, or set CHROME_PATH)`);
}

async function launchBrowser(check) {
  checkChromium(check);
  let puppeteer;
  try {
    puppeteer = require('puppeteer-core');
  } catch (e) {
    die(check, 'puppeteer-core is not installed (run tools/check/install.sh)');
  }
  const os = require('os');
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROME_PATH,
    headless: true, // puppeteer passes --headless=new for `true` since v22; also given below
    args: [...CHROME_FLAGS, `--user-data-dir=${userDataDir}`],
    userDataDir,
    protocolTimeout: 120000,
  });
  const close = async () => {
    try {
      await browser.close();
    } catch {}
    fs.rmSync(userDataDir, { recursive: true, force: true });
  };
  return { browser, close };
}

// Runs fn over items with `n` workers; fn(item, workerIndex).
async function pool(items, n, fn) {
  let i = 0;
  const workers = Array.from({ length: Math.min(n, items.length) }, async (_, w) => {
    while (i < items.length) {
      const item = items[i++];
      await fn(item, w);
    }
  });
  await Promise.all(workers);
}

module.exports = {
  CHROME_PATH,
  CHROME_FLAGS,
  die,
  buildDirFromArgs,
  walk,
  htmlFiles,
  fileToUrlPath,
  urlPathToFile,
  languageDirs,
  detectBaseUrl,
  Problems,
  checkChromium,
  launchBrowser,
  pool,
};
