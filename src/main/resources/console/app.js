// Frontier Watch operator console. Reads the query API (/api/alerts, /api/sites, /api/acks), follows
// /console/events, writes acknowledgements (POST /api/acks/{key}). Every text from alerts, reports or reference data
// reaches the page through textContent or DOM attributes, never as HTML. The access token, when the server asks for
// one, is kept in sessionStorage (this tab only) and sent as an Authorization header, never in a URL.
'use strict';

(function () {
  const RANK = window.FW_RESPONSE_RANK;
  const SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'];
  const FILTERS = ['country', 'district', 'nationality', 'severity', 'rule', 'ack'];
  const FRESH_MS = 15000; // how long a row that changed live stays marked
  const API_FILTERS = ['country', 'district', 'nationality', 'severity', 'rule'];
  const DISPOSITIONS = {
    SignificantImpact: 'relevant, significant impact', SomeImpact: 'relevant, some impact',
    NoImpact: 'relevant, no impact', Duplicate: 'duplicate', NotRelevant: 'not relevant'
  };

  const state = {
    all: [],            // every active advisory (unfiltered): the filters' choices
    shown: [],          // the advisories the filters select, in display order
    sites: [],
    markers: new Map(), // site id -> Leaflet circle marker
    selectedKey: null,
    selectedSite: null,
    fresh: new Map(),   // alert key -> time it last changed live
    loads: 0,
    reloadSeq: 0
  };
  window.fwConsole = state; // for operators' own debugging and the browser tests

  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined) continue;
      if (k === 'class') e.className = v; else e.setAttribute(k, v);
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  // ---- access ---------------------------------------------------------------------------------------------------

  function authHeaders(extra) {
    const h = Object.assign({}, extra || {});
    const token = sessionStorage.getItem('fw-token');
    if (token) h.Authorization = 'Bearer ' + token;
    return h;
  }

  let tokenPrompt = null;
  function askToken() {
    if (!tokenPrompt) {
      tokenPrompt = new Promise((resolve) => {
        const dialog = $('token-dialog');
        const form = $('token-form');
        dialog.addEventListener('cancel', (e) => e.preventDefault()); // Escape must not leave every request waiting
        form.addEventListener('submit', function once() {
          sessionStorage.setItem('fw-token', form.elements.token.value.trim());
          form.elements.token.value = '';
          form.removeEventListener('submit', once);
          tokenPrompt = null;
          resolve();
        });
        dialog.showModal();
      });
    }
    return tokenPrompt;
  }

  async function call(path, options) {
    for (;;) {
      const opts = Object.assign({ cache: 'no-store', credentials: 'omit' }, options || {});
      opts.headers = authHeaders(options && options.headers);
      const sent = sessionStorage.getItem('fw-token');
      const r = await fetch(path, opts);
      if (r.status !== 401) return r;
      if (sessionStorage.getItem('fw-token') === sent) sessionStorage.removeItem('fw-token'); // not a newer one
      await askToken();
    }
  }

  async function getJson(path) {
    const r = await call(path);
    const body = await r.text();
    if (!r.ok) {
      let message = body;
      try { message = JSON.parse(body).error; } catch (e) { /* not JSON: keep the text */ }
      const err = new Error(path + ': HTTP ' + r.status + ': ' + message);
      err.status = r.status;
      throw err;
    }
    return JSON.parse(body);
  }

  const enc = (s) => encodeURIComponent(s);

  // ---- filters in the URL ---------------------------------------------------------------------------------------

  function params() {
    return new URLSearchParams(window.location.search);
  }

  function setParam(name, value) {
    const p = params();
    if (value) p.set(name, value); else p.delete(name);
    const q = p.toString();
    history.replaceState(null, '', window.location.pathname + (q ? '?' + q : ''));
  }

  function apiQuery() {
    const p = params();
    const q = new URLSearchParams();
    for (const f of API_FILTERS) if (p.get(f)) q.set(f, p.get(f));
    const s = q.toString();
    return s ? '?' + s : '';
  }

  function fillChoices() {
    const form = $('filters');
    const choices = {
      country: new Map(), district: new Map(), nationality: new Map(), rule: new Map()
    };
    for (const s of state.sites) {
      if (s.country) choices.country.set(s.country, s.country);
      if (s.district_id) choices.district.set(s.district_id, (s.admin2 || s.district_id) + ' (' + s.country + ')');
      for (const n of Object.keys(s.workers || {})) choices.nationality.set(n, n);
    }
    for (const a of state.all) {
      if (a.country) choices.country.set(a.country, a.country);
      if (a.district_id) choices.district.set(a.district_id, (a.district || a.district_id) + ' (' + a.country + ')');
      for (const n of a.nationalities || []) choices.nationality.set(n.code, n.code + (n.name ? ' – ' + n.name : ''));
      if (a.rule_id) choices.rule.set(a.rule_id, a.rule_id);
    }
    const p = params();
    for (const [name, values] of Object.entries(choices)) {
      const select = form.elements[name];
      const wanted = p.get(name) || '';
      if (wanted) values.set(wanted, values.get(wanted) || wanted);
      const options = [...values.entries()].sort((a, b) => a[1].localeCompare(b[1]));
      const signature = JSON.stringify(options);
      if (select.getAttribute('data-options') !== signature) { // rebuilding would close a list the user has open
        select.setAttribute('data-options', signature);
        select.replaceChildren(el('option', { value: '' }, 'all'),
          ...options.map(([v, label]) => el('option', { value: v }, label)));
      }
      select.value = wanted;
    }
    form.elements.severity.value = p.get('severity') || '';
    form.elements.ack.value = p.get('ack') || '';
  }

  // ---- what an advisory says ------------------------------------------------------------------------------------

  const rank = (response) => RANK[response] || 0;
  const severityIndex = (s) => { const i = SEVERITIES.indexOf(s); return i < 0 ? SEVERITIES.length : i; };
  const acknowledged = (a) => !!(a.acknowledgement && a.acknowledgement.current);
  const sequence = (alertId) => Number(String(alertId).split('#').pop()) || 0;

  const time = (iso) => (iso ? Date.parse(iso) : 0) || 0;

  function bySeverityThenTime(a, b) {
    return severityIndex(a.severity) - severityIndex(b.severity)
      || time(b.sent) - time(a.sent)
      || String(a.key).localeCompare(String(b.key));
  }

  /** "CN 40, TJ 110": workers per nationality, most first. */
  function workersText(byNationality) {
    return Object.entries(byNationality || {}).sort((x, y) => y[1] - x[1]).map(([n, c]) => n + ' ' + c).join(', ');
  }

  // Who the advisory concerns: the foreign workers at every site it covers, listed or not (the alert's exposure),
  // e.g. "40 Chinese, 4 Russian workers"; a message without one shows the workforce of the listed sites.
  function workersCovered(a) {
    if (Array.isArray(a.exposure) && a.exposure.length > 0) {
      return a.exposure.map((n) => n.workers + ' ' + (n.demonym || n.code)).join(', ')
        + (a.exposed_workers === 1 ? ' worker' : ' workers');
    }
    const total = {};
    for (const s of a.affected_sites || []) {
      for (const [n, count] of Object.entries(s.workers || {})) total[n] = (total[n] || 0) + count;
    }
    return workersText(total);
  }

  function when(iso) {
    if (!iso) return '—';
    return String(iso).replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
  }

  function badge(response) {
    return el('span', { class: 'badge level-' + (response || 'none') }, response || 'none');
  }

  // ---- the list -------------------------------------------------------------------------------------------------

  function renderList() {
    const ackFilter = params().get('ack');
    state.shown = state.filtered.filter((a) => !ackFilter || (ackFilter === 'yes') === acknowledged(a))
      .sort(bySeverityThenTime);
    const body = $('advisories').tBodies[0];
    const now = Date.now();
    body.replaceChildren(...state.shown.map((a) => {
      const sites = a.affected_sites || [];
      const more = (a.affected_sites_total || sites.length) - sites.length;
      const ack = a.acknowledgement;
      const fresh = state.fresh.has(a.key) && now - state.fresh.get(a.key) < FRESH_MS;
      const row = el('tr', {
        'data-key': a.key, 'data-severity': a.severity, 'data-response': a.response,
        class: (a.key === state.selectedKey ? 'selected' : '') + (fresh ? ' fresh' : '')
      },
      el('td', null, badge(a.response), el('span', { class: 'severity' }, a.severity + ' · ' + a.urgency)),
      el('td', null, a.headline, a.pending ? el('span', { class: 'pending' }, 'now ' + a.pending.count + ' incidents; the update goes out by '
        + when(a.pending.due_by)) : null),
      el('td', null, a.district || '—'),
      el('td', null, sites.length + (more > 0 ? ' (+' + more + ' more)' : '') + ' site' + (sites.length === 1 ? '' : 's'),
        el('span', { class: 'severity' }, workersCovered(a))),
      el('td', null, when(a.sent), el('span', { class: 'severity' }, a.msg_type)),
      el('td', { class: 'ack' }, ack ? (ack.current ? ack.by : el('span', { class: 'muted' },
        'was ' + ack.by + ', level raised since')) : el('span', { class: 'muted' }, 'not yet')));
      row.addEventListener('click', () => select(a.key));
      return row;
    }));
    $('count').textContent = '(' + state.shown.length + ')';
    $('list-empty').hidden = state.shown.length > 0;
  }

  // ---- the map --------------------------------------------------------------------------------------------------

  let map = null;

  async function initMap() {
    map = L.map('map', { zoomSnap: 0.5, attributionControl: true, worldCopyJump: false });
    map.attributionControl.setPrefix('Leaflet');
    map.attributionControl.addAttribution('Borders: Natural Earth');
    const world = await (await fetch('vendor/countries-50m.json')).json();
    const countries = topojson.feature(world, world.objects.countries);
    L.geoJSON(countries, { className: 'fw-country', interactive: false }).addTo(map);
    const coords = state.sites.filter((s) => s.latitude != null && s.longitude != null)
      .map((s) => [s.latitude, s.longitude]);
    if (coords.length) map.fitBounds(L.latLngBounds(coords).pad(0.3)); else map.setView([38, 70], 5);
    labelCountries(countries);
    for (const s of state.sites) {
      if (s.latitude == null || s.longitude == null) continue;
      const m = L.circleMarker([s.latitude, s.longitude], { radius: 9, className: 'fw-site' }).addTo(map);
      const tip = el('span', null, s.name + ' — ' + (s.operator || ''));
      m.bindTooltip(tip, { direction: 'top', offset: [0, -8] });
      m.on('click', () => selectSite(s.site_id));
      m.getElement().setAttribute('data-site-id', s.site_id);
      state.markers.set(s.site_id, m);
    }
    const legend = $('legend');
    legend.replaceChildren(el('div', null, 'Worst advisory covering a site'),
      ...Object.keys(RANK).filter((r) => RANK[r] >= 2).sort((a, b) => RANK[b] - RANK[a])
        .map((r) => el('div', null, badge(r))), el('div', null, badge(null), ' none'));
  }

  /**
   * A name for each country in view: at the middle of the visible part of its largest polygon in view, when that
   * point lies inside the polygon (per part: a country's whole bounds may span the globe, Russia's or the USA's do).
   */
  function labelCountries(countries) {
    const view = map.getBounds();
    for (const f of countries.features) {
      const g = f.geometry;
      if (!g) continue;
      const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
      let best = null;
      for (const poly of polygons) {
        const ring = poly[0];
        const b = L.latLngBounds(ring.map(([lon, lat]) => [lat, lon]));
        if (!view.intersects(b)) continue;
        const south = Math.max(b.getSouth(), view.getSouth());
        const north = Math.min(b.getNorth(), view.getNorth());
        const west = Math.max(b.getWest(), view.getWest());
        const east = Math.min(b.getEast(), view.getEast());
        const area = (north - south) * (east - west);
        const at = [(south + north) / 2, (west + east) / 2];
        if ((!best || area > best.area) && inside(at, ring)) best = { area, at };
      }
      if (!best) continue;
      const label = el('span', { class: 'country-label' }, f.properties.name);
      L.marker(best.at, {
        icon: L.divIcon({ html: label, className: '', iconSize: null }), interactive: false, keyboard: false
      }).addTo(map);
    }
  }

  /** Ray casting: whether [lat, lon] lies inside the ring of [lon, lat] points. */
  function inside([lat, lon], ring) {
    let odd = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if ((yi > lat) !== (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) odd = !odd;
    }
    return odd;
  }

  function paintMarkers() {
    const worst = new Map();
    for (const a of state.shown) {
      for (const s of a.affected_sites || []) {
        const prev = worst.get(s.site_id);
        if (!prev || rank(a.response) > rank(prev)) worst.set(s.site_id, a.response);
      }
    }
    const selected = state.shown.find((a) => a.key === state.selectedKey);
    const highlighted = new Set(((selected && selected.affected_sites) || []).map((s) => s.site_id));
    for (const [id, m] of state.markers) {
      const level = worst.get(id) || 'none';
      const e = m.getElement();
      e.setAttribute('class', 'leaflet-interactive fw-site level-' + level
        + (highlighted.has(id) ? ' highlighted' : '') + (id === state.selectedSite ? ' selected' : ''));
      e.setAttribute('data-level', level);
      if (highlighted.has(id)) m.bringToFront();
    }
  }

  async function selectSite(siteId) {
    state.selectedSite = siteId;
    setParam('site', siteId);
    paintMarkers();
    const site = state.sites.find((s) => s.site_id === siteId);
    const panel = $('site-panel');
    panel.hidden = false;
    panel.setAttribute('data-site-id', siteId);
    const close = el('button', { type: 'button', class: 'close' }, '×');
    close.addEventListener('click', () => { state.selectedSite = null; setParam('site', null); panel.hidden = true;
      paintMarkers(); });
    const workers = workersText(site && site.workers);
    const header = [close, el('h3', null, site ? site.name : siteId),
      el('div', { class: 'muted' }, site ? (site.operator || '') + ' · ' + (site.admin2 || '') + ' · ' + workers : '')];
    panel.replaceChildren(...header, el('div', null, 'Loading its advisories…'));
    let body;
    try {
      const covering = (await getJson('/api/sites/' + enc(siteId) + '/alerts')).sort(bySeverityThenTime);
      body = covering.length ? el('ul', { class: 'site-advisories' }, ...covering.map((a) => {
        const li = el('li', { 'data-key': a.key }, badge(a.response), ' ', a.headline);
        li.addEventListener('click', () => select(a.key));
        return li;
      })) : el('div', null, 'No active advisory covers this site.');
    } catch (e) {
      body = el('div', { class: 'error' }, e.message);
    }
    if (state.selectedSite === siteId) panel.replaceChildren(...header, body); // not if another site was chosen since
  }

  // ---- detail ---------------------------------------------------------------------------------------------------

  async function select(key) {
    state.selectedKey = key;
    setParam('alert', key);
    renderList();
    paintMarkers();
    await showDetail(key);
  }

  async function showDetail(key) {
    const aside = $('detail');
    aside.hidden = false;
    aside.setAttribute('data-key', key);
    aside.removeAttribute('data-alert-id');
    $('ack-form').removeAttribute('data-alert-id');
    $('cap-xml').hidden = true;
    let h;
    try {
      h = await getJson('/api/alerts/' + enc(key));
    } catch (e) {
      $('detail-headline').textContent = e.message;
      return;
    }
    if (state.selectedKey !== key) return;
    const a = h.latest;
    aside.setAttribute('data-alert-id', a.alert_id);
    $('detail-headline').replaceChildren(badge(a.response), ' ', a.headline);
    const facts = [
      ['Rule', a.rule_id], ['Event', a.event], ['Severity', a.severity + ' · ' + a.urgency + ' · ' + a.certainty],
      ['Area', [a.district, a.admin1, a.country].filter(Boolean).join(', ')],
      ['Window', when(a.window_start) + ' – ' + when(a.window_end)],
      ['Casualties', a.fatalities + ' killed, ' + a.foreign_fatalities + ' of them foreign'],
      ['Instruction', a.instruction], ['Expires', when(a.expires)],
      ['Sites', (a.affected_sites || []).map((s) => s.name + ' (' + workersText(s.workers) + ')').join('; ')]
    ];
    $('detail-facts').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', null, k), el('dd', null, v || '—')]));
    $('timeline').replaceChildren(...h.messages.map((m, i) => {
      const last = i === h.messages.length - 1;
      const kind = last && a.msg_type === 'Update' && a.response === 'AllClear' ? 'AllClear' : m.msg_type;
      return el('li', { 'data-msg-type': kind }, el('strong', null, kind), ' ', when(m.sent), ' ',
        el('span', { class: 'muted' }, m.alert_id));
    }));
    if (h.pending) {
      $('timeline').append(el('li', { class: 'pending' }, 'held back: now ' + h.pending.count
        + ' incidents, ' + h.pending.fatalities + ' killed; goes out by ' + when(h.pending.due_by)));
    }
    const ids = a.incident_ids || [];
    const moreIds = (a.incident_ids_total || ids.length) - ids.length;
    $('evidence').replaceChildren(...ids.map((id) => el('li', null, id)),
      ...(moreIds > 0 ? [el('li', { class: 'muted' }, 'and ' + moreIds + ' earlier')] : []));
    const ack = h.acknowledgement;
    $('ack-current').textContent = ack
      ? (ack.current ? 'Acknowledged' : 'Was acknowledged (the level has risen since)') + ' by ' + ack.by + ' at '
        + when(ack.at) + ': ' + (DISPOSITIONS[ack.disposition] || ack.disposition) + (ack.note ? ' — ' + ack.note : '')
      : 'Not acknowledged yet.';
    $('ack-form').setAttribute('data-alert-id', a.alert_id);
  }

  async function showCap() {
    const id = $('detail').getAttribute('data-alert-id');
    if (!id) return;
    const pre = $('cap-xml');
    const r = await call('/cap/alerts/' + enc(id) + '.xml');
    pre.textContent = await r.text();
    pre.hidden = false;
  }

  async function acknowledge(ev) {
    ev.preventDefault();
    const form = $('ack-form');
    const key = $('detail').getAttribute('data-key');
    const out = $('ack-result');
    const alertId = form.getAttribute('data-alert-id');
    const button = form.querySelector('button[type=submit]');
    if (!alertId || button.disabled) return; // the detail is still loading, or a click is in flight
    sessionStorage.setItem('fw-operator', form.elements.by.value);
    button.disabled = true;
    try {
      const r = await call('/api/acks/' + enc(key), {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          alert_id: alertId, disposition: form.elements.disposition.value,
          note: form.elements.note.value, by: form.elements.by.value
        })
      });
      const body = await r.json().catch(() => ({}));
      if (r.status === 201) {
        out.textContent = 'Acknowledged.';
        form.elements.note.value = '';
      } else {
        out.textContent = body.error || ('HTTP ' + r.status);
      }
      if (r.status === 201 || r.status === 409) await reload();
    } catch (e) {
      out.textContent = 'Not sent: ' + e.message;
    } finally {
      button.disabled = false;
    }
  }

  // ---- loading and live updates ---------------------------------------------------------------------------------

  let retryTimer = null;
  /** Tries again in 2 s (one timer, however many reloads failed meanwhile). */
  function retrySoon(what) {
    if (!retryTimer) retryTimer = setTimeout(() => { retryTimer = null; what(); }, 2000);
  }

  async function reload() {
    const seq = ++state.reloadSeq; // an answer to an older reload (e.g. for the previous filters) is dropped
    let all;
    let filtered;
    try {
      const q = apiQuery();
      [all, filtered] = await Promise.all([getJson('/api/alerts'), q ? getJson('/api/alerts' + q) : null]);
    } catch (e) {
      if (seq !== state.reloadSeq) return;
      $('list-error').textContent = e.message;
      $('list-error').hidden = false;
      if (e.status === 503 || e.status === 502) retrySoon(reload);
      return;
    }
    if (seq !== state.reloadSeq) return;
    state.all = all;
    state.filtered = filtered || all;
    state.loads++;
    $('list-error').hidden = true;
    fillChoices();
    renderList();
    paintMarkers();
    if (state.selectedKey && !$('detail').hidden) await showDetail(state.selectedKey);
  }

  let reloadTimer = null;
  function reloadSoon() {
    if (!reloadTimer) reloadTimer = setTimeout(() => { reloadTimer = null; reload(); }, 300);
  }

  function setLive(s, text) {
    const status = $('live-status');
    status.setAttribute('data-state', s);
    status.textContent = text;
  }

  /** Server-sent events over fetch (an EventSource cannot send the Authorization header). */
  async function follow() {
    for (;;) {
      try {
        const abort = new AbortController();
        const r = await call('/console/events', { headers: { Accept: 'text/event-stream' }, signal: abort.signal });
        if (!r.ok) throw new Error('HTTP ' + r.status);
        setLive('live', 'live');
        reloadSoon(); // what changed before the stream opened
        const reader = r.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          // The server sends a heartbeat every 15 s: three missed means the connection is dead without saying so.
          const watchdog = setTimeout(() => abort.abort(), 45000);
          const { value, done } = await reader.read().finally(() => clearTimeout(watchdog));
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            handleFrame(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch (e) {
        setLive('error', 'disconnected: ' + e.message);
      }
      setLive('connecting', 'reconnecting…');
      await new Promise((resolve) => setTimeout(resolve, 3000));
    }
  }

  function handleFrame(frame) {
    let event = 'message';
    const data = [];
    for (const line of frame.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    if (!data.length) return;
    if (event === 'alert') {
      const a = JSON.parse(data.join('\n'));
      const known = state.all.find((x) => x.key === a.key);
      if (!known || sequence(a.alert_id) >= sequence(known.alert_id)) {
        state.fresh.set(a.key, Date.now());
        setTimeout(renderList, FRESH_MS + 500); // the mark fades
      }
      reloadSoon();
    } else if (['ack', 'ack-removed', 'resync', 'overflow'].includes(event)) {
      reloadSoon();
    }
  }

  function wire() {
    const form = $('filters');
    for (const f of FILTERS) {
      form.elements[f].addEventListener('change', () => { setParam(f, form.elements[f].value); reload(); });
    }
    $('detail-close').addEventListener('click', () => {
      $('detail').hidden = true; state.selectedKey = null; setParam('alert', null); renderList(); paintMarkers();
    });
    $('cap-show').addEventListener('click', showCap);
    $('ack-form').addEventListener('submit', acknowledge);
    $('ack-form').elements.by.value = sessionStorage.getItem('fw-operator') || '';
    setInterval(reload, 60000); // expiry is the server's: an expired advisory leaves at the next reload
  }

  async function start() {
    wire();
    state.filtered = [];
    for (;;) { // 503 while the processor starts or rebalances
      try {
        state.sites = await getJson('/api/sites');
        break;
      } catch (e) {
        if (e.status !== 503 && e.status !== 502) throw e;
        setLive('connecting', 'waiting for the processor: ' + e.message);
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    }
    await initMap();
    await reload();
    const p = params();
    if (p.get('site')) selectSite(p.get('site'));
    if (p.get('alert')) select(p.get('alert'));
    document.body.setAttribute('data-ready', 'true');
    follow();
  }

  start().catch((e) => {
    setLive('error', e.message);
    $('list-error').textContent = e.message;
    $('list-error').hidden = false;
  });
}());
