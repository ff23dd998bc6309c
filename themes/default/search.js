// Search as you type, on the search page only: reads the index that
// `explainer build` writes (internal/search: a manifest, dictionary shards,
// postings files and result chunks) and shows the commitments that hold
// every word of the query. Without this script the page still lists the
// chapters and themes to browse.
//
// The steps mirror internal/search/query_test.go, the reference the Go
// tests run: keep the two in step. Everything shown is set as text
// (textContent, createTextNode), never as HTML.
(function () {
  'use strict';

  var form = document.getElementById('search');
  if (!form || !window.fetch || !window.Map) return;

  var input = document.getElementById('q');
  var chapterSel = document.getElementById('search-chapter');
  var topicSel = document.getElementById('search-topic');
  var chapterLink = document.getElementById('search-chapter-link');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var more = document.getElementById('search-more');
  // The chapters and themes to browse: shown while there is no result.
  var browse = document.getElementById('search-browse');
  var lang = document.documentElement.lang;
  var msg = form.dataset;

  // As in query_test.go.
  var WEIGHTS = [[1, 12], [2, 6], [32, 5], [16, 4], [4, 3], [8, 2]];
  var MAX_GROUPS = 12;
  var MIN_PREFIX = 3;
  var MAX_WORDS = 8;
  var MAX_WORD_LEN = 40;
  var MAX_QUERY = 1000;
  var PAGE = 10;
  var DOCS = 1 << 22; // more commitments than a programme has
  var MAX_SCORE = 1 << 24; // in thousandths, above any score
  var WORD = /[\p{L}\p{N}\p{Mn}]+/gu;

  var files = new Map(); // URL → promise of its JSON
  var manifest = null;
  var seq = 0; // the latest query; older ones do not show
  var shown = []; // results of the latest query
  var shownCount = 0;
  var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;

  function get(url) {
    var p = files.get(url);
    if (!p) {
      p = fetch(url, { credentials: 'same-origin' }).then(function (r) {
        if (!r.ok) throw new Error(url + ': ' + r.status);
        return r.json();
      });
      p.catch(function () { files.delete(url); });
      files.set(url, p);
    }
    return p;
  }

  function loadManifest() {
    return get(form.dataset.index).then(function (m) {
      manifest = m;
      if (chapterLink) showChapter(m, chapterSel.value);
      return m;
    });
  }

  var ASCII = /^[\x00-\x7f]*$/;

  function fold(w) {
    if (ASCII.test(w)) return w.toLowerCase();
    return w.toLowerCase().normalize('NFD').replace(/\p{Mn}/gu, '')
      .replace(/œ/g, 'oe').replace(/æ/g, 'ae').replace(/ß/g, 'ss');
  }

  function queryWords(q, m) {
    var out = [];
    var ws = Array.from(q).slice(0, MAX_QUERY).join('').match(WORD) || [];
    for (var i = 0; i < ws.length && out.length < MAX_WORDS; i++) {
      var w = Array.from(fold(ws[i])).slice(0, MAX_WORD_LEN).join('');
      if (Array.from(w).length < 2 || m.stop.indexOf(w) >= 0 || out.indexOf(w) >= 0) continue;
      out.push(w);
    }
    return out;
  }

  function shardKey(t) {
    var k = '';
    for (var i = 0; i < t.length && k.length < 2; i++) {
      var c = t[i];
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return k === '' ? '_' : k;
      k += c;
    }
    return k;
  }

  function lowerBound(a, x) {
    var lo = 0, hi = a.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (a[mid] < x) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  // The commitments holding one query word: Map doc → {mask, pos}, and
  // the terms that matched, for highlighting.
  var words = new Map(); // query word → promise of what word() found

  function word(w, m) {
    var p = words.get(w);
    if (!p) {
      p = findWord(w, m);
      p.catch(function () { words.delete(w); });
      words.set(w, p);
    }
    return p;
  }

  function findWord(w, m) {
    var key = shardKey(w);
    if (m.shards.indexOf(key) < 0) return Promise.resolve({ hits: new Map(), terms: [] });
    return get(m.base + 'd-' + key + '.json').then(function (sh) {
      var exact = [], cands = [], terms = [];
      // A word of two letters ("UN", "EU") is taken whole; from three on,
      // as the start of longer words.
      var prefix = Array.from(w).length >= MIN_PREFIX;
      for (var i = lowerBound(sh.t, w); i < sh.t.length && (sh.t[i] === w || (prefix && sh.t[i].startsWith(w))); i++) {
        if (sh.t[i] === w) exact.push(sh.g[i]);
        cands.push({ g: sh.g[i], n: sh.n[i], i: i });
      }
      cands.sort(function (a, b) { return b.n - a.n || a.i - b.i; });
      var groups = exact.slice();
      for (var k = 0; k < cands.length && groups.length < MAX_GROUPS; k++) {
        if (groups.indexOf(cands[k].g) < 0) groups.push(cands[k].g);
      }
      for (var j = 0; j < sh.t.length; j++) if (groups.indexOf(sh.g[j]) >= 0) terms.push(sh.t[j]);
      return Promise.all(groups.map(function (g) { return group(g, m); })).then(function (maps) {
        // One group: its map as it is; several: their union.
        var hits = maps[0] || new Map();
        for (var i = 1; i < maps.length; i++) {
          if (i === 1) hits = new Map(hits);
          maps[i].forEach(function (h, d) {
            var o = hits.get(d);
            if (!o) hits.set(d, h);
            else hits.set(d, { mask: o.mask | h.mask, pos: o.pos.concat(h.pos) });
          });
        }
        return { hits: hits, terms: terms };
      });
    });
  }

  var groupHits = new Map(); // stem group → promise of Map doc → {mask, pos}

  // group decodes a stem group's postings, once.
  function group(g, m) {
    var p = groupHits.get(g);
    if (!p) {
      var f = lowerBound(m.files, g + 1) - 1;
      p = get(m.base + 'p' + f + '.json').then(function (file) {
        var enc = file[g - m.files[f]], hits = new Map(), d = 0;
        for (var k = 0; k < enc.length;) {
          d += enc[k];
          var h = { mask: enc[k + 1] >> 3, pos: [] }, n = enc[k + 1] & 7, q = 0;
          k += 2;
          for (var x = 0; x < n; x++) { q += enc[k++]; h.pos.push(q); }
          hits.set(d, h);
        }
        return hits;
      });
      p.catch(function () { groupHits.delete(g); });
      groupHits.set(g, p);
    }
    return p;
  }

  function weight(mask) {
    for (var i = 0; i < WEIGHTS.length; i++) if (mask & WEIGHTS[i][0]) return WEIGHTS[i][1];
    return 0;
  }

  function proximity(a, b) {
    var best = Infinity;
    for (var i = 0; i < a.length; i++) for (var j = 0; j < b.length; j++) best = Math.min(best, Math.abs(a[i] - b[j]));
    return best === Infinity ? 0 : 8 / Math.max(1, best);
  }

  var topicSets = new Map(); // topic → promise of its commitments, a Set

  function topicDocs(m, topic) {
    var p = topicSets.get(topic);
    if (!p) {
      p = get(m.base + 'topics.json').then(function (lists) {
        var set = new Set(), d = 0;
        (lists[topic] || []).forEach(function (delta) { d += delta; set.add(d); });
        return set;
      });
      p.catch(function () { topicSets.delete(topic); });
      topicSets.set(topic, p);
    }
    return p;
  }

  function search(q, chapter, topic, m) {
    var ws = queryWords(q, m);
    if (!ws.length) return Promise.resolve(null);
    var lo = 0, hi = m.docs;
    if (chapter) {
      lo = hi = -1;
      m.chapters.forEach(function (ch, i) {
        if (String(ch.n) === chapter) {
          lo = ch.f;
          hi = i + 1 < m.chapters.length ? m.chapters[i + 1].f : m.docs;
        }
      });
    }
    return Promise.all([
      Promise.all(ws.map(function (w) { return word(w, m); })),
      topic !== '' ? topicDocs(m, +topic) : Promise.resolve(null),
    ]).then(function (r) {
      var per = r[0], inTopic = r[1], out = []; // doc, score, doc, score…
      // Walk the rarest word's commitments.
      var rarest = per.reduce(function (a, b) { return b.hits.size < a.hits.size ? b : a; });
      rarest.hits.forEach(function (_, d) {
        var h0 = per[0].hits.get(d);
        if (!h0) return;
        if (d < lo || d >= hi || (inTopic && !inTopic.has(d))) return;
        var score = weight(h0.mask);
        for (var i = 1; i < per.length; i++) {
          var h = per[i].hits.get(d);
          if (!h) return;
          score += weight(h.mask) + proximity(per[i - 1].hits.get(d).pos, h.pos);
        }
        out.push(d, Math.round(score * 1000));
      });
      // Best score first, then reading order: sorted as numbers, which
      // is several times faster than with a comparator.
      var keys = new Float64Array(out.length / 2);
      for (var k = 0; k < keys.length; k++) keys[k] = (MAX_SCORE - out[2 * k + 1]) * DOCS + out[2 * k];
      keys.sort();
      var docs = new Array(keys.length);
      for (k = 0; k < keys.length; k++) docs[k] = keys[k] % DOCS;
      var terms = [];
      per.forEach(function (p) { terms = terms.concat(p.terms); });
      return { results: docs, words: ws, terms: new Set(terms) };
    });
  }

  function say(text) {
    status.textContent = text;
  }

  function countText(n) {
    var form = plural && plural.select(n) === 'one' ? msg.countOne : msg.countOther;
    return form.replace('{n}', n.toLocaleString(lang));
  }

  // The snippet: the text that matched (the commitment's own, else the
  // first sub-item that matched), about 30 words around the first match,
  // the matched words in <mark>.
  function snippet(doc, found, m) {
    function matches(f) {
      if (found.terms.has(f)) return true;
      for (var i = 0; i < found.words.length; i++) if (f.startsWith(found.words[i])) return true;
      return false;
    }
    // The forms of the glossary entries the query names: "ONU" marks
    // "Nations unies" too.
    var phrases = [];
    (m.aliases || []).forEach(function (forms) {
      var named = forms.some(function (f) {
        return f.split(' ').some(function (w) {
          return found.words.some(function (q) { return w === q || (Array.from(q).length >= MIN_PREFIX && w.startsWith(q)); });
        });
      });
      if (named) forms.forEach(function (f) { phrases.push(f.split(' ')); });
    });
    function tokens(text) {
      var out = [], mt;
      WORD.lastIndex = 0;
      while ((mt = WORD.exec(text))) {
        var f = fold(mt[0]);
        out.push({ s: mt.index, e: mt.index + mt[0].length, f: f, hit: matches(f) });
      }
      phrases.forEach(function (ph) {
        for (var i = 0; i + ph.length <= out.length; i++) {
          var k = 0;
          while (k < ph.length && out[i + k].f === ph[k]) k++;
          if (k === ph.length) for (k = 0; k < ph.length; k++) out[i + k].hit = true;
        }
      });
      return out;
    }
    var texts = [doc.x].concat(doc.i || []);
    var text = doc.x, toks = tokens(text), first = -1;
    for (var t = 0; t < texts.length; t++) {
      var tk = tokens(texts[t]);
      var f = tk.findIndex(function (x) { return x.hit; });
      if (f >= 0) { text = texts[t]; toks = tk; first = f; break; }
    }
    var from = Math.max(0, first - 10), to = Math.min(toks.length, Math.max(first, 0) + 20);
    var p = document.createElement('p');
    p.className = 'snippet';
    if (doc.xl) p.lang = doc.xl;
    if (!toks.length) { p.textContent = text; return p; }
    var start = from > 0 ? toks[from].s : 0;
    var end = to < toks.length ? toks[to - 1].e : text.length;
    if (from > 0) p.appendChild(document.createTextNode('… '));
    var at = start;
    for (var i = from; i < to; i++) {
      if (!toks[i].hit) continue;
      p.appendChild(document.createTextNode(text.slice(at, toks[i].s)));
      var mk = document.createElement('mark');
      mk.textContent = text.slice(toks[i].s, toks[i].e);
      p.appendChild(mk);
      at = toks[i].e;
    }
    p.appendChild(document.createTextNode(text.slice(at, end)));
    if (to < toks.length) p.appendChild(document.createTextNode(' …'));
    return p;
  }

  function link(text, href, textLang) {
    var a = document.createElement('a');
    a.href = href;
    a.textContent = text;
    if (textLang) a.lang = textLang;
    return a;
  }

  function item(m, ch, doc, found) {
    var chapter = m.chapters[doc.c];
    var section = ch.s[doc.s];
    var li = document.createElement('li');
    var h = document.createElement('h2');
    h.appendChild(link(doc.t, m.prefix + doc.u, doc.tl));
    li.appendChild(h);
    var where = document.createElement('p');
    where.className = 'where';
    where.appendChild(link(msg.chapter.replace('{n}', chapter.n), chapter.p));
    where.appendChild(document.createTextNode(' › '));
    where.appendChild(link(section[0], section[1], section[2]));
    li.appendChild(where);
    li.appendChild(snippet(doc, found, m));
    return li;
  }

  // show adds the next page of results to the list.
  function show(my, m, found) {
    var page = shown.slice(shownCount, shownCount + PAGE);
    return Promise.all(page.map(function (d) {
      return get(m.base + 'c' + Math.floor(d / m.chunk) + '.json');
    })).then(function (chunks) {
      if (my !== seq) return;
      var frag = document.createDocumentFragment();
      page.forEach(function (d, i) {
        frag.appendChild(item(m, chunks[i], chunks[i].d[d % m.chunk], found));
      });
      list.appendChild(frag);
      shownCount += page.length;
      list.hidden = false;
      if (browse) browse.hidden = true;
      more.hidden = shownCount >= shown.length;
    });
  }

  var lastFound = null;

  // showChapter links the chapter the filter names to its page.
  function showChapter(m, chapter) {
    var ch = chapter && m.chapters.find(function (c) { return String(c.n) === chapter; });
    if (ch) chapterLink.href = ch.p;
    chapterLink.hidden = !ch;
  }

  function run() {
    var my = ++seq;
    var q = input.value, chapter = chapterSel.value, topic = topicSel.value;
    remember(q, chapter, topic);
    if (manifest && chapterLink) showChapter(manifest, chapter);
    if (!q.trim()) {
      clear();
      say('');
      return Promise.resolve();
    }
    return (manifest ? Promise.resolve(manifest) : loadManifest()).then(function (m) {
      if (my !== seq) return;
      if (!queryWords(q, m).length) {
        clear();
        say(msg.short);
        return;
      }
      return search(q, chapter, topic, m).then(function (found) {
        if (my !== seq) return;
        clear();
        shown = found.results;
        lastFound = found;
        if (!shown.length) {
          say(msg.none);
          return;
        }
        return show(my, m, found).then(function () {
          if (my === seq) say(countText(shown.length));
        });
      });
    }).catch(function () {
      if (my !== seq) return;
      clear();
      say(msg.error);
      form.classList.add('failed');
    }).then(function () {
      // For the tests: the results of this query are on screen.
      if (my === seq) form.dispatchEvent(new CustomEvent('search-done', { detail: q }));
    });
  }

  function clear() {
    list.textContent = '';
    list.hidden = true;
    if (browse) browse.hidden = false;
    more.hidden = true;
    shown = [];
    shownCount = 0;
  }

  // remember keeps the query in the address, so that Back and a shared
  // link give the same results.
  var rememberTimer = 0;

  function remember(q, chapter, topic) {
    clearTimeout(rememberTimer);
    rememberTimer = setTimeout(function () { keep(q, chapter, topic); }, 400);
  }

  function keep(q, chapter, topic) {
    var u = new URL(location.href);
    var params = u.searchParams;
    params.delete('q'); params.delete('chapter'); params.delete('topic');
    if (q) params.set('q', q);
    if (chapter) params.set('chapter', chapter);
    if (topic) params.set('topic', topic);
    history.replaceState(null, '', u.pathname + (params.toString() ? '?' + params : '') + u.hash);
  }

  input.addEventListener('input', run);
  chapterSel.addEventListener('change', function () {
    if (!manifest) loadManifest().catch(function () {});
    run();
  });
  topicSel.addEventListener('change', run);
  input.addEventListener('focus', function () { if (!manifest) loadManifest().catch(function () {}); });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    run();
  });
  more.addEventListener('click', function () {
    var my = seq, first = shownCount;
    show(my, manifest, lastFound).then(function () {
      var a = list.children[first] && list.children[first].querySelector('a');
      if (a) a.focus();
    });
  });

  var params = new URL(location.href).searchParams;
  input.value = (params.get('q') || '').slice(0, MAX_QUERY);
  var c = params.get('chapter'), t = params.get('topic');
  if (c && chapterSel.querySelector('option[value="' + CSS.escape(c) + '"]')) chapterSel.value = c;
  if (t && topicSel.querySelector('option[value="' + CSS.escape(t) + '"]')) topicSel.value = t;
  form.classList.add('live');
  if (input.value) run();
})();
