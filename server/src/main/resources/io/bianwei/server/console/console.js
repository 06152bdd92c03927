// Bianwei's moderation console: plain JavaScript, no build step, no third-party code. It calls the /v1 API of the
// server that serves it, with the session cookie (HttpOnly, SameSite=Strict) and the session's CSRF token.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const state = {
    session: null,
    categories: [],      // the pack's categories (what a flag may be filed under), sorted
    items: [],           // the queue page shown
    selected: 0,
    undo: [],            // this session's decisions, newest last
    chain: Promise.resolve(),
    filter: { category: '', rule: '' },
    waiting: null,
    polling: null,
  };

  // --- the API ----------------------------------------------------------------------------------------------------

  async function api(method, path, body) {
    const headers = { 'Accept': 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (state.session && state.session.csrf && method !== 'GET') headers['X-CSRF-Token'] = state.session.csrf;
    const res = await fetch(path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let json = null;
    try { json = await res.json(); } catch (e) { /* not JSON */ }
    if (!res.ok) {
      const err = new Error(json && json.message ? json.message : res.status + ' ' + res.statusText);
      err.status = res.status;
      throw err;
    }
    return json;
  }

  function has(role) {
    const roles = (state.session && state.session.roles) || [];
    return roles.includes(role) || roles.includes('admin');
  }

  // --- sign-in and tabs --------------------------------------------------------------------------------------------

  async function start() {
    let s;
    try {
      s = await api('GET', '/v1/session');
    } catch (e) {
      if (e.status === 401) { showSignIn(); return; }
      throw e;
    }
    if (!s.signedIn && !s.keysRequired) s = await api('POST', '/v1/session', { name: 'local' });
    if (!s.signedIn) { showSignIn(); return; }
    signedIn(s);
  }

  function showSignIn() {
    state.session = null;
    for (const t of ['try', 'queue', 'model']) { $('tab-' + t).hidden = true; $(t).hidden = true; }
    $('signout').hidden = true;
    $('who').textContent = '';
    $('signin').hidden = false;
    $('signin-key').focus();
  }

  $('signin-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    $('signin-error').textContent = '';
    try {
      const s = await api('POST', '/v1/session', { key: $('signin-key').value, name: $('signin-name').value });
      $('signin-key').value = '';
      signedIn(s);
    } catch (e) {
      $('signin-error').textContent = e.status === 401 ? 'Unknown key.' : e.message;
    }
  });

  $('signout').addEventListener('click', async () => {
    try { await api('DELETE', '/v1/session'); } catch (e) { /* signed out anyway */ }
    showSignIn();
  });

  function signedIn(s) {
    state.session = s;
    $('signin').hidden = true;
    $('signout').hidden = !s.keysRequired;
    $('who').textContent = s.name + ' · ' + (s.roles || []).join(', ') + (s.model ? ' · model ' + s.model : '');
    $('tab-try').hidden = !has('screen');
    $('tab-queue').hidden = !has('moderate');
    $('tab-model').hidden = !has('admin');
    route();
  }

  function allowed(tab) {
    return (tab === 'try' && has('screen')) || (tab === 'queue' && has('moderate')) || (tab === 'model' && has('admin'));
  }

  function route() {
    if (!state.session) return;
    let tab = (location.hash || '').replace('#', '');
    if (!allowed(tab)) tab = ['queue', 'try', 'model'].find(allowed) || '';
    for (const t of ['try', 'queue', 'model']) {
      $(t).hidden = t !== tab;
      $('tab-' + t).classList.toggle('active', t === tab);
    }
    document.body.dataset.tab = tab;
    if (tab === 'queue') enqueue(loadQueue);
    if (tab === 'model') loadModel();
    if (tab === 'try') $('try-text').focus();
  }
  window.addEventListener('hashchange', route);

  // --- highlighting ------------------------------------------------------------------------------------------------

  function colour(category) {
    if (category === 'context') return 'ctx';
    let i = state.categories.indexOf(category);
    if (i < 0) { i = 0; for (const ch of category) i = (i * 31 + ch.charCodeAt(0)) >>> 0; }
    return 'c' + (i % 6);
  }

  // The text with every finding's spans marked. Spans are [start, end) UTF-16 offsets of the original text, as
  // JavaScript strings count; overlapping spans split the text at every boundary, and each piece is marked with the
  // strongest finding that covers it (findings come strongest first), thicker where several do.
  function highlight(text, findings) {
    const frag = document.createDocumentFragment();
    const cuts = new Set([0, text.length]);
    const spans = [];
    findings.forEach((f, fi) => (f.spans || []).forEach((s) => {
      const a = Math.max(0, Math.min(text.length, s.start));
      const b = Math.max(a, Math.min(text.length, s.end));
      if (b > a) { spans.push({ a, b, fi }); cuts.add(a); cuts.add(b); }
    }));
    const points = [...cuts].sort((x, y) => x - y);
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i], b = points[i + 1];
      const piece = text.slice(a, b);
      const covering = spans.filter((s) => s.a <= a && s.b >= b).map((s) => s.fi);
      const ids = [...new Set(covering)].sort((x, y) => x - y);
      if (ids.length === 0) { frag.appendChild(document.createTextNode(piece)); continue; }
      const top = findings[ids[0]];
      const m = document.createElement('mark');
      m.className = 'hl ' + (top.weight < 0 ? 'ctx' : colour(top.category));
      const cats = new Set(ids.map((k) => findings[k].category));
      if (ids.length > 1) m.classList.add('overlap');
      if (cats.size > 1) m.classList.add('multi');
      m.dataset.rules = ids.map((k) => findings[k].rule).join(' ');
      m.title = ids.map((k) => findings[k].rule + ' (' + findings[k].category + '): ' + findings[k].message).join('\n');
      m.textContent = piece;
      frag.appendChild(m);
    }
    return frag;
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function findingsTable(findings) {
    const t = el('table', 'findings');
    const head = t.createTHead().insertRow();
    for (const h of ['rule', 'category', 'message', 'contribution', 'evidence']) head.appendChild(el('th', null, h));
    const body = t.createTBody();
    for (const f of findings) {
      const r = body.insertRow();
      r.dataset.rule = f.rule;
      const c0 = r.insertCell();
      c0.appendChild(el('span', 'swatch ' + (f.weight < 0 ? 'ctx' : colour(f.category))));
      c0.appendChild(document.createTextNode(f.rule));
      r.insertCell().textContent = f.category;
      r.insertCell().textContent = f.message;
      const c = r.insertCell();
      c.className = 'num';
      c.textContent = (f.contribution > 0 ? '+' : '') + Number(f.contribution).toFixed(3);
      r.insertCell().textContent = (f.spans || []).map((s) => '«' + s.text + '» ' + s.start + '–' + s.end).join('  ');
    }
    return t;
  }

  function pct(x) { return x === null || x === undefined || Number.isNaN(x) ? 'n/a' : (100 * x).toFixed(1) + ' %'; }

  // --- Try ---------------------------------------------------------------------------------------------------------

  async function screenTry() {
    const text = $('try-text').value;
    const out = $('try-result');
    out.textContent = 'screening…';
    try {
      const e = await api('POST', '/v1/explain', { id: 'try', text });
      out.textContent = '';
      const r = e.result;
      const line = el('div', 'scoreline');
      line.appendChild(el('span', 'verdict ' + r.verdict, r.verdict));
      line.appendChild(el('span', 'num', 'score ' + r.score));
      const cats = e.model ? e.model.categories : (e.scoring ? e.scoring.categories : []);
      for (const c of cats) {
        const p = el('span', 'prob');
        p.dataset.category = c.category;
        p.appendChild(el('span', 'swatch ' + colour(c.category)));
        const value = e.model ? c.probability : c.score / 100;
        p.appendChild(el('span', null, c.category + ' ' + (e.model ? 'p ' + Number(value).toFixed(3) : 'score ' + c.score)));
        const bar = el('span', 'bar');
        const fill = el('span', 'swatch-fill');
        fill.style.width = Math.round(100 * Math.max(0, Math.min(1, value))) + '%';
        fill.style.background = getComputedStyle(document.documentElement).getPropertyValue('--' + colour(c.category) + '-line');
        bar.appendChild(fill);
        p.appendChild(bar);
        line.appendChild(p);
      }
      line.appendChild(el('span', 'hint', 'ruleset ' + r.rulesetVersion));
      out.appendChild(line);
      out.dataset.ruleset = r.rulesetVersion;
      const t = el('div', 'text');
      t.id = 'try-highlighted';
      t.appendChild(highlight(text, r.findings));
      out.appendChild(t);
      out.appendChild(findingsTable(r.findings));
    } catch (err) {
      out.textContent = '';
      out.appendChild(el('p', 'error', err.message));
    }
  }
  $('try-go').addEventListener('click', screenTry);
  $('try-text').addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); screenTry(); }
  });

  // --- Queue -------------------------------------------------------------------------------------------------------

  // keyboard actions run one after another, each on the state the one before left
  function enqueue(action) {
    state.chain = state.chain.then(action).catch((e) => status(e.message, true));
    return state.chain;
  }

  function status(message, error) {
    const s = $('queue-status');
    s.textContent = message;
    s.classList.toggle('error', !!error);
  }

  async function loadQueue(keep) {
    const q = new URLSearchParams({ limit: '100' });
    if (state.filter.category) q.set('category', state.filter.category);
    if (state.filter.rule) q.set('rule', state.filter.rule);
    const data = await api('GET', '/v1/queue?' + q);
    state.categories = data.categories || [];
    state.waiting = data.waiting;
    state.items = data.items;
    if (keep !== undefined) {
      const i = state.items.findIndex((it) => it.item === keep);
      state.selected = i >= 0 ? i : 0;
    }
    state.selected = Math.max(0, Math.min(state.selected, state.items.length - 1));
    fillFilter('filter-category', data.waiting.categories, state.filter.category);
    fillFilter('filter-rule', data.waiting.rules, state.filter.rule);
    renderQueue();
  }

  function fillFilter(id, counts, value) {
    const s = $(id);
    const keep = s.value || value;
    s.textContent = '';
    s.appendChild(new Option('all', ''));
    for (const [k, n] of Object.entries(counts)) s.appendChild(new Option(k + ' (' + n + ')', k));
    if (keep && !(keep in counts)) s.appendChild(new Option(keep + ' (0)', keep));
    s.value = keep || '';
  }

  for (const [id, key] of [['filter-category', 'category'], ['filter-rule', 'rule']]) {
    $(id).addEventListener('change', () => {
      state.filter[key] = $(id).value;
      state.selected = 0;
      $(id).blur();
      enqueue(() => loadQueue());
    });
  }

  function renderQueue() {
    const list = $('queue-list');
    list.textContent = '';
    const total = state.waiting ? state.waiting.total : 0;
    $('queue-count').textContent = total ? String(total) : '';
    $('queue-summary').textContent = state.items.length + ' shown of ' + total + ' waiting';
    if (state.items.length === 0) {
      list.appendChild(el('p', 'hint', 'Nothing waits for a decision' + (state.filter.category || state.filter.rule ? ' with this filter.' : '.')));
      return;
    }
    state.items.forEach((it, i) => {
      const card = el('article', 'item' + (i === state.selected ? ' selected' : ''));
      card.dataset.item = it.item;
      card.dataset.id = it.id;
      const meta = el('div', 'meta');
      meta.appendChild(el('span', 'verdict ' + it.verdict, it.verdict));
      meta.appendChild(el('span', 'num', 'score ' + it.score));
      if (it.topCategory) {
        const c = el('span', null, it.topCategory);
        c.prepend(el('span', 'swatch ' + colour(it.topCategory)));
        meta.appendChild(c);
      }
      meta.appendChild(el('span', null, 'id ' + it.id));
      meta.appendChild(el('span', 'hint', (it.result.findings || []).map((f) => f.rule).join(' ')));
      card.appendChild(meta);
      const t = el('div', 'text');
      t.appendChild(highlight(it.text, it.result.findings || []));
      card.appendChild(t);
      const d = el('details');
      d.appendChild(el('summary', null, (it.result.findings || []).length + ' findings'));
      d.appendChild(findingsTable(it.result.findings || []));
      card.appendChild(d);
      card.addEventListener('click', () => { state.selected = i; markSelected(); });
      list.appendChild(card);
    });
    markSelected();
  }

  function markSelected() {
    const cards = $('queue-list').querySelectorAll('article.item');
    cards.forEach((c, i) => c.classList.toggle('selected', i === state.selected));
    const sel = cards[state.selected];
    if (sel) {
      sel.scrollIntoView({ block: 'nearest' });
      document.body.dataset.selected = sel.dataset.item;
    } else {
      delete document.body.dataset.selected;
    }
  }

  function move(delta) {
    if (state.items.length === 0) return;
    state.selected = Math.max(0, Math.min(state.items.length - 1, state.selected + delta));
    markSelected();
  }

  async function decide(label, category) {
    const it = state.items[state.selected];
    if (!it) { status('Nothing selected.'); return; }
    const d = await api('POST', '/v1/decisions', { item: it.item, label, category: category || null });
    state.undo.push(d.decision);
    state.items.splice(state.selected, 1);
    if (state.waiting) state.waiting.total = Math.max(0, state.waiting.total - 1);
    if (state.selected >= state.items.length) state.selected = Math.max(0, state.items.length - 1);
    renderQueue();
    status((label === 'flag' ? 'Flagged ' + it.id + ' as ' + category : 'Marked ' + it.id + ' ok') + ' (decision '
      + d.decision + '; u undoes it).');
    document.body.dataset.decisions = String(Number(document.body.dataset.decisions || 0) + 1);
    if (state.items.length < 10 && state.waiting && state.waiting.total > state.items.length) await loadQueue();
  }

  async function undo() {
    const seq = state.undo.pop();
    if (seq === undefined) { status('Nothing to undo.'); return; }
    const d = await api('POST', '/v1/decisions/undo', { decision: seq });
    await loadQueue(d.item);
    status('Undid decision ' + seq + ' (' + d.id + ' is back in the queue).');
    document.body.dataset.undone = String(Number(document.body.dataset.undone || 0) + 1);
  }

  // the category picker after f
  let picker = null;
  function openPicker() {
    const it = state.items[state.selected];
    if (!it) { status('Nothing selected.'); return; }
    const cats = state.categories.length ? state.categories : [it.topCategory].filter(Boolean);
    const list = $('picker-list');
    list.textContent = '';
    let pre = Math.max(0, cats.indexOf(it.topCategory));
    cats.forEach((c, i) => {
      const li = el('li', i === pre ? 'preselected' : null);
      li.appendChild(el('span', 'swatch ' + colour(c)));
      li.appendChild(document.createTextNode((i + 1) + '  ' + c));
      li.dataset.category = c;
      list.appendChild(li);
    });
    picker = { cats, pre };
    $('picker').hidden = false;
  }
  function closePicker() { picker = null; $('picker').hidden = true; }

  function typing(ev) {
    const t = ev.target;
    return t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
  }

  document.addEventListener('keydown', (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || typing(ev)) return;
    if (ev.key === 'Escape') { closePicker(); $('help').hidden = true; return; }
    if (ev.key === '?') { $('help').hidden = !$('help').hidden; ev.preventDefault(); return; }
    if (document.body.dataset.tab !== 'queue') return;
    if (picker) {
      const n = Number(ev.key);
      let chosen = null;
      if (ev.key === 'Enter') chosen = picker.cats[picker.pre];
      else if (Number.isInteger(n) && n >= 1 && n <= picker.cats.length) chosen = picker.cats[n - 1];
      if (chosen) { closePicker(); enqueue(() => decide('flag', chosen)); }
      ev.preventDefault();
      return;
    }
    switch (ev.key) {
      case 'j': enqueue(() => move(1)); break;
      case 'k': enqueue(() => move(-1)); break;
      case 'f': enqueue(openPicker); break;
      case 'o': enqueue(() => decide('ok')); break;
      case 'u': enqueue(undo); break;
      default: return;
    }
    ev.preventDefault();
  });

  // --- Model -------------------------------------------------------------------------------------------------------

  function figure(label, big, small) {
    const f = el('div', 'figure');
    f.appendChild(el('div', 'hint', label));
    f.appendChild(el('div', 'big', big));
    if (small) f.appendChild(el('div', 'hint', small));
    return f;
  }

  async function loadModel() {
    let m;
    try { m = await api('GET', '/v1/model'); } catch (e) { $('model-figures').textContent = e.message; return; }
    const box = $('model-figures');
    box.textContent = '';
    box.dataset.model = m.model || '';
    box.dataset.ruleset = m.rulesetVersion;
    const g = el('div', 'figures');
    g.appendChild(figure('serving model', m.model || 'hand weights', 'ruleset ' + m.rulesetVersion));
    g.appendChild(figure('agreement: REVIEW items decided flag', pct(m.agreement.rate),
      m.agreement.flagged + ' of ' + m.agreement.decided + ' decided'));
    g.appendChild(figure('recall on decisions not trained on', pct(m.unseen.recall),
      m.unseen.caught + ' of ' + m.unseen.flag + ' flag decisions reach REVIEW'));
    g.appendChild(figure('ok flagged on decisions not trained on', pct(m.unseen.okFlagged),
      m.unseen.okFlaggedCount + ' of ' + m.unseen.ok + ' ok decisions reach REVIEW'));
    g.appendChild(figure('decisions', String(m.decisions.total), m.decisions.heldBack + ' held back to measure on'));
    box.appendChild(g);
    $('model-plot').src = '/v1/model/plot.svg?t=' + Date.now();
    const body = document.querySelector('#models tbody');
    body.textContent = '';
    for (const r of m.models) {
      const tr = body.insertRow();
      tr.dataset.version = r.version;
      const f = r.figures || {};
      const b = f.before || {}, a = f.after || {};
      for (const v of [r.version, r.status, r.trainedAt, r.texts, pct(b.recall) + ' → ' + pct(a.recall),
        pct(b.okFlagged) + ' → ' + pct(a.okFlagged)]) tr.insertCell().textContent = v;
    }
    showTraining(m.training);
  }

  function showTraining(t) {
    const s = $('retrain-status');
    s.dataset.state = t.state;
    let text = t.state + (t.stage && t.state === 'running' ? ': ' + t.stage + ' ' + t.done + '/' + t.total : '') + ' — ' + (t.message || '');
    s.textContent = text;
    $('retrain').disabled = t.state === 'running';
    const out = $('retrain-result');
    out.textContent = '';
    if (t.state === 'running' && !state.polling) {
      state.polling = setInterval(async () => {
        try {
          const st = await api('GET', '/v1/learn');
          if (st.state !== 'running') { clearInterval(state.polling); state.polling = null; loadModel(); }
          else showTraining(st);
        } catch (e) { clearInterval(state.polling); state.polling = null; }
      }, 400);
    }
    const r = t.result;
    if (!r) return;
    out.dataset.version = r.version;
    out.dataset.swapped = String(r.swapped);
    const tbl = el('table', 'findings');
    const h = tbl.createTHead().insertRow();
    for (const x of ['on ' + r.heldBack + ' held-back decisions', 'serving ' + (r.previous || 'hand weights'), 'new ' + r.version]) h.appendChild(el('th', null, x));
    const rows = [['recall (flag decisions reaching REVIEW)', r.before.recall, r.after.recall, true],
      ['ok flagged (ok decisions reaching REVIEW)', r.before.okFlagged, r.after.okFlagged, false]];
    for (const [name, b, a, up] of rows) {
      const tr = tbl.createTBody().insertRow();
      tr.insertCell().textContent = name;
      tr.insertCell().textContent = pct(b);
      const c = tr.insertCell();
      c.textContent = pct(a);
      if (a !== null && b !== null && a !== b) c.className = (a > b) === up ? 'better' : 'worse';
    }
    out.appendChild(tbl);
    out.appendChild(el('p', 'hint', 'trained on ' + r.decisions + ' decisions' + (r.trainingTexts ? ' and ' + r.trainingTexts + ' training texts' : '')
      + ' in ' + ((r.screenMillis + r.trainMillis) / 1000).toFixed(1) + ' s (screening ' + (r.screenMillis / 1000).toFixed(1)
      + ' s, training ' + (r.trainMillis / 1000).toFixed(1) + ' s); ' + (r.swapped ? 'serving it now.' : 'not serving it yet.')));
    const plots = el('div', 'plots');
    for (const which of ['before', 'after']) {
      const img = el('img');
      img.alt = which;
      img.src = '/v1/learn/plot.svg?version=' + encodeURIComponent(r.version) + '&which=' + which;
      plots.appendChild(img);
    }
    const rec = (document.querySelector('#models tbody tr[data-version="' + r.version + '"] td:nth-child(2)') || {}).textContent;
    if (!r.swapped && rec !== 'active' && rec !== 'rejected') {
      const acts = el('div', 'actions');
      const acc = el('button', null, 'Accept and serve ' + r.version);
      acc.id = 'accept';
      acc.addEventListener('click', async () => {
        try { await api('POST', '/v1/learn/accept', { version: r.version }); loadModel(); refreshWho(); }
        catch (e) { $('retrain-status').textContent = e.message; }
      });
      const rej = el('button', null, 'Reject');
      rej.id = 'reject';
      rej.addEventListener('click', async () => {
        try { await api('POST', '/v1/learn/reject', { version: r.version }); loadModel(); }
        catch (e) { $('retrain-status').textContent = e.message; }
      });
      acts.appendChild(acc);
      acts.appendChild(rej);
      out.appendChild(acts);
    }
    out.appendChild(plots);
  }

  async function refreshWho() {
    try { const s = await api('GET', '/v1/session'); if (s.signedIn) { s.csrf = s.csrf || state.session.csrf; state.session = s; $('who').textContent = s.name + ' · ' + (s.roles || []).join(', ') + (s.model ? ' · model ' + s.model : ''); } } catch (e) { /* keep */ }
  }

  $('retrain').addEventListener('click', async () => {
    try {
      const st = await api('POST', '/v1/learn', { swap: $('retrain-swap').value });
      showTraining(st);
    } catch (e) { $('retrain-status').textContent = e.message; }
  });
  $('reload').addEventListener('click', async () => {
    try {
      const r = await api('POST', '/v1/reload', {});
      $('retrain-status').textContent = r.swapped ? 'reloaded: ruleset ' + r.rulesetVersion : 'not reloaded: ' + r.problems.join('; ');
      loadModel();
    } catch (e) { $('retrain-status').textContent = e.message; }
  });

  start().catch((e) => { document.body.appendChild(el('p', 'error', 'The console could not start: ' + e.message)); });
})();
