// app.js - the web UI: a map of the region's sites and lots (Leaflet with
// leaflet.markercluster, an offline Norway outline, or a tile layer when
// config.json names one), filters, a list that follows the map's extent,
// a record's details on click, the mass balance for authorities; an
// editor registers a surplus lot by clicking its place on the map (the
// server's rules answer per field, shown at the field); log in and out;
// Norwegian bokmål with an English switch. No inline script: the
// Content-Security-Policy allows scripts from this origin only.
'use strict';

const texts = {
  nb: {
    switch: 'English', intro: 'Felles oversikt over overskuddsmasser og behov.',
    skip: 'Hopp til listen',
    login: 'Logg inn', email: 'E-post', password: 'Passord', submit: 'Logg inn',
    whoami: 'Du er logget inn', name: 'Navn', role: 'Rolle', org: 'Organisasjon',
    logout: 'Logg ut', failed: 'Feil e-post eller passord.',
    locked: 'For mange mislykkede forsøk. Prøv igjen senere.',
    roles: { administrator: 'administrator', editor: 'redaktør', authority: 'myndighet' },
    filters: 'Filtre', material: 'Materiale', kind: 'Type', municipality: 'Kommune',
    all: 'Alle', k_supply: 'Overskudd', k_demand: 'Behov', k_receiving: 'Mottak',
    k_storage: 'Mellomlager', k_processing: 'Gjenvinning', k_quarry: 'Massetak',
    k_project: 'Prosjekt', sites: 'Anlegg', map: 'Kart', inview: 'I kartutsnittet',
    close: 'Lukk', fit: 'Vis alt i kartet', balance: 'Massebalanse per materiale (tonn)',
    loading: 'Henter data …', loaded: (l, s) => `${l} masseposter og ${s} anlegg.`,
    loadfail: 'Kunne ikke hente data.', t: 'tonn', nonpublic: 'ikke offentlig',
    f_kind: 'Type', f_material: 'Materiale', f_tonnes: 'Mengde', f_window: 'Periode',
    f_project: 'Prosjekt', f_org: 'Organisasjon', f_municipality: 'Kommune',
    f_public: 'Offentlig', f_site: 'Anlegg', f_materials: 'Tar imot / selger',
    f_capacity: 'Kapasitet', f_fee: 'Pris (kr/tonn)', f_status: 'Regler',
    yes: 'ja', no: 'nei', refused: 'avvist av reglene', ok: 'i orden',
    b_material: 'Materiale / bruk', b_supply: 'Overskudd', b_demand: 'Behov',
    b_net: 'Netto', b_caption: 'Per periode: overskudd minus behov (negativt: behov). Deretter summene.', b_total: 'Sum', unlimited: 'ubegrenset', use: 'bruk',
    r_title: 'Registrer overskudd', r_start: 'Registrer overskudd i kartet',
    r_pick: 'Klikk på stedet for massene i kartet.', r_place: 'Sted', r_id: 'Id (unik)',
    r_quantity: 'Mengde', r_unit: 'Enhet', r_from: 'Fra dato', r_to: 'Til dato',
    r_source: 'Kilde', r_submit: 'Lagre', r_cancel: 'Avbryt',
    r_saved: (id) => `Overskuddet ${id} er registrert.`, r_failed: 'Kunne ikke lagre:',
    u_t: 'tonn', u_pfm3: 'm³ i fast grunn (pfm3)', u_ulm3: 'm³ løs (ulm3)', u_pam3: 'm³ komprimert (pam3)',
    u_title: 'Last opp en fil (CSV eller GeoJSON)', u_kind: 'Innhold', u_lots: 'Masseposter',
    u_projects: 'Prosjekter', u_file: 'Fil', u_submit: 'Last opp',
    u_done: (n) => `${n} poster importert.`, u_refused: (n) => `Filen ble avvist (${n} feil); ingenting ble lagret.`,
    u_line: 'linje',
    p_title: 'Plan', p_run: 'Kjør plan', p_queued: 'I kø …', p_running: (n) => `Planlegger … (${n} pivoteringer)`,
    p_succeeded: 'Planen er ferdig.', p_failed: 'Planen feilet:', p_cancelled: 'Planen ble avbrutt.', p_open: 'Åpne planen (JSON)'
  },
  en: {
    switch: 'Norsk', intro: 'One shared overview of surplus masses and needs.',
    skip: 'Skip to the list',
    login: 'Log in', email: 'Email', password: 'Password', submit: 'Log in',
    whoami: 'You are logged in', name: 'Name', role: 'Role', org: 'Organisation',
    logout: 'Log out', failed: 'Wrong email or password.',
    locked: 'Too many failed attempts. Try again later.',
    roles: { administrator: 'administrator', editor: 'editor', authority: 'authority' },
    filters: 'Filters', material: 'Material', kind: 'Kind', municipality: 'Municipality',
    all: 'All', k_supply: 'Surplus', k_demand: 'Need', k_receiving: 'Receiving site',
    k_storage: 'Storage', k_processing: 'Processing', k_quarry: 'Quarry',
    k_project: 'Project', sites: 'Sites', map: 'Map', inview: 'In the map view',
    close: 'Close', fit: 'Show everything on the map', balance: 'Mass balance per material (tonnes)',
    loading: 'Loading …', loaded: (l, s) => `${l} lots and ${s} sites.`,
    loadfail: 'Could not load the data.', t: 'tonnes', nonpublic: 'not public',
    f_kind: 'Kind', f_material: 'Material', f_tonnes: 'Quantity', f_window: 'Period',
    f_project: 'Project', f_org: 'Organisation', f_municipality: 'Municipality',
    f_public: 'Public', f_site: 'Site', f_materials: 'Takes / sells',
    f_capacity: 'Capacity', f_fee: 'Price (NOK/t)', f_status: 'Rules',
    yes: 'yes', no: 'no', refused: 'refused by the rules', ok: 'fine',
    b_material: 'Material / use', b_supply: 'Surplus', b_demand: 'Need',
    b_net: 'Net', b_caption: 'Per period: surplus minus need (negative: need). Then the totals.', b_total: 'Total', unlimited: 'unlimited', use: 'use',
    r_title: 'Register surplus', r_start: 'Register surplus on the map',
    r_pick: 'Click the place of the masses on the map.', r_place: 'Place', r_id: 'Id (unique)',
    r_quantity: 'Quantity', r_unit: 'Unit', r_from: 'From', r_to: 'To',
    r_source: 'Source', r_submit: 'Save', r_cancel: 'Cancel',
    r_saved: (id) => `The surplus ${id} is registered.`, r_failed: 'Could not save:',
    u_t: 'tonnes', u_pfm3: 'm³ in place (pfm3)', u_ulm3: 'm³ loose (ulm3)', u_pam3: 'm³ compacted (pam3)',
    u_title: 'Upload a file (CSV or GeoJSON)', u_kind: 'Contents', u_lots: 'Lots',
    u_projects: 'Projects', u_file: 'File', u_submit: 'Upload',
    u_done: (n) => `${n} records imported.`, u_refused: (n) => `The file was refused (${n} errors); nothing was saved.`,
    u_line: 'line',
    p_title: 'Plan', p_run: 'Run a plan', p_queued: 'Queued …', p_running: (n) => `Planning … (${n} pivots)`,
    p_succeeded: 'The plan is done.', p_failed: 'The plan failed:', p_cancelled: 'The plan was cancelled.', p_open: 'Open the plan (JSON)'
  }
};
// Mainland Norway (Svalbard and Jan Mayen are in the outline too: the view
// is fitted on this box, not on the layer).
const MAINLAND = [[57.9, 4.5], [71.2, 31.2]];

let lang = localStorage.getItem('lang') === 'en' ? 'en' : 'nb';
let csrf = null;
let me = null;
let map = null;
let cluster = null;
let features = []; // {f, kind: 'lot'|'site', marker}
let selected = null;
let balance = null;

const $ = (id) => document.getElementById(id);
function t(key) { return texts[lang][key]; }
const nf = () => new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'nb-NO', { maximumFractionDigits: 0 });

function matName(m) {
  if (!m) return '–';
  return lang === 'en' ? m.name_en : m.name_nb;
}

async function api(method, path, body) {
  // The server's error messages follow the page's language.
  const headers = { 'Accept-Language': lang };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (csrf && method !== 'GET') headers['X-CSRF-Token'] = csrf;
  const r = await fetch('/api/v1' + path, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  const data = r.status === 204 ? null : await r.json();
  return { status: r.status, data };
}

// ---- texts -------------------------------------------------------------

function render() {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll('[data-i18n]')) {
    el.textContent = t(el.dataset.i18n);
  }
  for (const el of document.querySelectorAll('[data-i18n-label]')) {
    el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  }
  $('lang').lang = lang === 'nb' ? 'en' : 'nb';
  $('login').hidden = me !== null;
  $('me').hidden = me === null;
  if (me) {
    $('me-name').textContent = me.name;
    $('me-email').textContent = me.email;
    $('me-role').textContent = t('roles')[me.role] || me.role;
    $('me-org').textContent = me.organisation || '–';
  }
  fillSelect($('f-material'), materialOptions());
  fillSelect($('f-municipality'), municipalityOptions());
  renderRegister();
  renderPlan();
  renderList();
  renderDetails();
  renderBalance();
  renderStatus();
  // The dashboards (dashboard.js) follow who is logged in and the language.
  document.dispatchEvent(new CustomEvent('mf:render', {
    detail: { me, csrf, lang, bbox: () => (map ? map.getBounds().toBBoxString() : null) }
  }));
}

function fillSelect(sel, options) {
  const keep = sel.value;
  while (sel.options.length > 1) sel.remove(1);
  for (const [value, label] of options) sel.add(new Option(label, value));
  sel.value = options.some(([v]) => v === keep) ? keep : '';
}

// Options come from the data loaded without filters (allData).
let allData = [];
function materialOptions() {
  const seen = new Map();
  for (const x of allData) {
    const p = x.f.properties;
    if (x.kind === 'lot' && p.material) seen.set(p.material.code, matName(p.material));
  }
  return [...seen].sort((a, b) => a[1].localeCompare(b[1]));
}
function municipalityOptions() {
  const seen = new Set();
  for (const x of allData) if (x.f.properties.municipality) seen.add(x.f.properties.municipality);
  return [...seen].sort().map((m) => [m, m]);
}

// ---- the map -----------------------------------------------------------

async function initMap() {
  map = L.map('map', { zoomControl: true, attributionControl: true, minZoom: 3, maxZoom: 18 });
  map.fitBounds(MAINLAND);
  let config = {};
  try {
    const r = await fetch('config.json');
    if (r.ok) config = await r.json();
  } catch (e) { config = {}; }
  if (config.tileUrl) {
    L.tileLayer(config.tileUrl, { attribution: config.tileAttribution || '', maxZoom: 18 }).addTo(map);
  } else {
    const r = await fetch('norway.geojson');
    if (r.ok) {
      const outline = await r.json();
      L.geoJSON(outline, { interactive: false, style: { className: 'mf-land', weight: 1 } }).addTo(map);
      map.attributionControl.addAttribution('Natural Earth');
    }
  }
  // No cluster animation: clearing the layers while one runs breaks
  // leaflet.markercluster 1.5.3 (a TypeError on _leaflet_id).
  cluster = L.markerClusterGroup({ maxClusterRadius: 40, showCoverageOnHover: false, animate: false,
    disableClusteringAtZoom: 15 });
  map.addLayer(cluster);
  map.on('moveend', renderList);
  map.on('click', (ev) => { if (picking) placeChosen(ev.latlng); });
}

function markerFor(x) {
  const p = x.f.properties;
  let cls;
  if (x.kind === 'lot') {
    cls = `mf-marker mf-${p.kind} mf-cat-${p.material ? p.material.category : 'none'}` +
      (p.public ? '' : ' mf-nonpublic');
  } else {
    cls = `mf-marker mf-site mf-site-${p.kind}`;
  }
  const [lon, lat] = x.f.geometry.coordinates;
  const m = L.marker([lat, lon], {
    icon: L.divIcon({ className: cls, iconSize: [16, 16] }),
    title: label(x), alt: label(x), keyboard: true
  });
  m.on('click', () => select(x));
  return m;
}

function label(x) {
  const p = x.f.properties;
  if (x.kind === 'site') return `${p.name} (${t('k_' + p.kind)})`;
  return `${p.id}: ${matName(p.material || p.use)}, ${nf().format(p.tonnes)} ${t('t')} (${t('k_' + p.kind)})`;
}

// Fits the view on what is loaded (or on the mainland when nothing is).
function fitAll() {
  if (features.length) map.fitBounds(cluster.getBounds(), { padding: [24, 24], maxZoom: 12 });
  else map.fitBounds(MAINLAND);
}

let loads = 0; // only the newest load's answer is drawn
async function load(first) {
  const mine = ++loads;
  const kind = $('f-kind').value;
  const q = new URLSearchParams({ limit: '100000' });
  const material = $('f-material').value;
  const mun = $('f-municipality').value;
  if (mun) q.set('municipality', mun);
  const lotQ = new URLSearchParams(q);
  const siteQ = new URLSearchParams(q);
  if (material) { lotQ.set('material', material); siteQ.set('material', material); }
  if (kind.startsWith('lot:')) lotQ.set('kind', kind.slice(4));
  if (kind.startsWith('site:')) siteQ.set('kind', kind.slice(5));
  $('status').textContent = t('loading');
  const [lots, sites] = await Promise.all([
    kind.startsWith('site:') ? null : api('GET', '/lots?' + lotQ),
    kind.startsWith('lot:') ? null : api('GET', '/sites?' + siteQ)
  ]);
  if (mine !== loads) return;
  if ((lots && lots.status !== 200) || (sites && sites.status !== 200)) {
    $('status').textContent = t('loadfail');
    return;
  }
  features = [];
  for (const f of lots ? lots.data.features : []) if (f.geometry) features.push({ f, kind: 'lot' });
  for (const f of sites ? sites.data.features : []) if (f.geometry) features.push({ f, kind: 'site' });
  if (!kind && !material && !mun) allData = features;
  cluster.clearLayers();
  cluster.addLayers(features.map((x) => (x.marker = markerFor(x))));
  if (first) fitAll();
  if (selected && !features.some((x) => x.kind === selected.kind && x.f.id === selected.f.id)) selected = null;
  render();
}

function renderStatus() {
  const nl = features.filter((x) => x.kind === 'lot').length;
  if ($('status').textContent !== t('loadfail') && map) {
    $('status').textContent = t('loaded')(nl, features.length - nl);
  }
}

// ---- the list beside the map --------------------------------------------

function renderList() {
  if (!map) return;
  const b = map.getBounds();
  const ul = $('list');
  // Keep the keyboard's place when the list is drawn anew.
  const had = document.activeElement && ul.contains(document.activeElement)
    ? document.activeElement.dataset : null;
  const focusAgain = had ? { id: had.id, kind: had.kind } : null;
  ul.replaceChildren();
  const inView = features.filter((x) => b.contains(x.marker.getLatLng()));
  inView.sort((a, b2) => (a.kind === b2.kind ? label(a).localeCompare(label(b2)) : a.kind === 'lot' ? -1 : 1));
  for (const x of inView) {
    const li = document.createElement('li');
    const btn = document.createElement('button');
    btn.type = 'button';
    btn.className = 'item';
    btn.dataset.id = x.f.id;
    btn.dataset.kind = x.kind;
    const sw = document.createElement('span');
    sw.className = x.marker.options.icon.options.className + ' swatch';
    sw.setAttribute('aria-hidden', 'true');
    btn.append(sw, ' ', label(x));
    if (x.kind === 'lot' && !x.f.properties.public) {
      const tag = document.createElement('span');
      tag.className = 'ds-tag';
      tag.dataset.color = 'warning';
      tag.textContent = t('nonpublic');
      btn.append(' ', tag);
    }
    // Not cluster.zoomToShowLayer: its pending handler breaks when the
    // layers are loaded anew before the map has moved.
    btn.addEventListener('click', () => {
      select(x);
      map.setView(x.marker.getLatLng(), Math.max(map.getZoom(), 15));
    });
    li.append(btn);
    ul.append(li);
    if (focusAgain && focusAgain.id === x.f.id && focusAgain.kind === x.kind) btn.focus();
  }
  $('count').textContent = String(inView.length);
}

// ---- a record's details -------------------------------------------------

async function select(x) {
  const r = await api('GET', (x.kind === 'lot' ? '/lots/' : '/sites/') + encodeURIComponent(x.f.id));
  selected = { kind: x.kind, f: r.status === 200 ? r.data : x.f };
  renderDetails();
  $('details').hidden = false;
  $('details-close').focus();
}

function row(dl, key, value) {
  const dt = document.createElement('dt');
  dt.textContent = t(key);
  const dd = document.createElement('dd');
  dd.textContent = value;
  dl.append(dt, dd);
}

function renderDetails() {
  const box = $('details');
  if (!selected) { box.hidden = true; return; }
  const p = selected.f.properties;
  const dl = $('details-body');
  dl.replaceChildren();
  const fmt = nf();
  if (selected.kind === 'lot') {
    $('details-title').textContent = p.id;
    row(dl, 'f_kind', t('k_' + p.kind));
    row(dl, 'f_material', p.material ? matName(p.material) : `${t('use')}: ${matName(p.use)}`);
    row(dl, 'f_tonnes', `${fmt.format(p.tonnes)} ${t('t')} (${fmt.format(p.quantity)} ${p.unit})`);
    row(dl, 'f_window', `${p.from || '–'} – ${p.to || '–'}`);
    row(dl, 'f_project', p.project_name || p.project || '–');
    row(dl, 'f_org', p.org || '–');
    row(dl, 'f_municipality', p.municipality || '–');
    if (p.site) row(dl, 'f_site', p.site);
    row(dl, 'f_public', p.public ? t('yes') : t('no'));
    row(dl, 'f_status', p.refused ? t('refused') : t('ok'));
  } else {
    $('details-title').textContent = p.name;
    row(dl, 'f_kind', t('k_' + p.kind));
    row(dl, 'f_org', p.org || '–');
    row(dl, 'f_municipality', p.municipality || '–');
    row(dl, 'f_materials', p.materials.join(', ') || '–');
    row(dl, 'f_capacity', p.capacity_t === null ? t('unlimited') : `${fmt.format(p.capacity_t)} ${t('t')}`);
    row(dl, 'f_fee', fmt.format(p.fee_nok_per_t));
  }
  document.dispatchEvent(new CustomEvent('mf:details', { detail: selected }));
}

// ---- the balance (authority, administrator) ------------------------------

async function loadBalance() {
  balance = null;
  if (me && (me.role === 'authority' || me.role === 'administrator')) {
    const mun = $('f-municipality').value;
    const r = await api('GET', '/balance' + (mun ? '?municipality=' + mun : ''));
    if (r.status === 200) balance = r.data;
  }
  renderBalance();
}

function renderBalance() {
  const sec = $('balance');
  sec.hidden = !balance;
  if (!balance) return;
  const table = $('balance-table');
  table.replaceChildren();
  table.createCaption().textContent = t('b_caption');
  const fmt = nf();
  const head = table.createTHead().insertRow();
  const th = (r, text, scope) => {
    const c = document.createElement('th');
    c.textContent = text;
    if (scope) c.scope = scope;
    r.append(c);
  };
  th(head, t('b_material'), 'col');
  for (const p of balance.periods) th(head, p, 'col');
  th(head, t('b_supply'), 'col');
  th(head, t('b_demand'), 'col');
  th(head, t('b_net'), 'col');
  const body = table.createTBody();
  for (const r of balance.rows) {
    const tr = body.insertRow();
    th(tr, r.material ? matName(r.material) : `${t('use')}: ${matName(r.use)}`, 'row');
    for (let i = 0; i < balance.periods.length; i++) {
      tr.insertCell().textContent = fmt.format(r.supply[i] - r.demand[i]);
    }
    tr.insertCell().textContent = fmt.format(r.supply_total);
    tr.insertCell().textContent = fmt.format(r.demand_total);
    const net = tr.insertCell();
    net.textContent = fmt.format(r.supply_total - r.demand_total);
    net.className = r.supply_total >= r.demand_total ? 'net-surplus' : 'net-need';
  }
}

// ---- registering a surplus lot (editor, administrator) --------------------

let picking = false; // the next map click places the lot
let place = null;    // {lat, lng}
const FIELDS = ['id', 'project', 'material', 'quantity', 'unit', 'from', 'to', 'source', 'public'];

function mayWrite() {
  return me && (me.role === 'administrator' || (me.role === 'editor' && me.organisation));
}

function renderRegister() {
  $('register').hidden = !mayWrite();
  if (!mayWrite()) { picking = false; $('r-form').hidden = true; }
  document.body.classList.toggle('picking', picking);
  $('r-hint').textContent = picking ? t('r_pick') : $('r-hint').dataset.saved || '';
  // Materials from the catalogue's codes seen in the data; the server
  // checks the code against the whole catalogue.
  const sel = $('r-material');
  const keep = sel.value;
  sel.replaceChildren();
  for (const [value, text] of materialOptions()) sel.add(new Option(text, value));
  if (keep) sel.value = keep;
  // Projects the caller may write to, from the lots it sees.
  const dl = $('r-projects');
  dl.replaceChildren();
  const seen = new Map();
  for (const x of allData) {
    const p = x.f.properties;
    if (x.kind === 'lot' && p.project && (me && (me.role === 'administrator' || p.org === me.organisation))) {
      seen.set(p.project, p.project_name || p.project);
    }
  }
  for (const [id, name] of [...seen].sort()) {
    const o = document.createElement('option');
    o.value = id;
    o.label = name;
    dl.append(o);
  }
  if (place) {
    $('r-place').textContent = `${place.lat.toFixed(5)}, ${place.lng.toFixed(5)} (WGS84)`;
  }
}

function clearFieldErrors() {
  for (const el of document.querySelectorAll('#r-form .ds-validation-message[data-for]')) el.remove();
  for (const el of document.querySelectorAll('#r-form [aria-invalid]')) {
    el.removeAttribute('aria-invalid');
    el.removeAttribute('aria-describedby');
  }
  $('r-other').textContent = '';
}

// Shows each problem at its field; problems of fields the form has no
// input for (the place, say) go in the list under the form.
function showFieldErrors(problem) {
  clearFieldErrors();
  const other = [];
  const errors = (problem.errors || []).filter((e) => e.severity === 'error');
  if (!errors.length) other.push(problem.detail || problem.title);
  let first = null;
  for (const e of errors) {
    const box = document.querySelector(`#r-form [data-field="${CSS.escape(e.field)}"]`);
    if (!box) { other.push(`${e.field}: ${e.message}`); continue; }
    const input = box.querySelector('input, select');
    const msg = document.createElement('p');
    msg.className = 'ds-validation-message';
    msg.dataset.for = e.field;
    msg.id = 'r-err-' + e.field;
    msg.textContent = e.message;
    box.append(msg);
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', msg.id);
    if (!first) first = input;
  }
  if (other.length) $('r-other').textContent = `${t('r_failed')} ${other.join(' · ')}`;
  if (first) first.focus();
}

function placeChosen(latlng) {
  picking = false;
  place = latlng;
  $('r-form').hidden = false;
  $('r-hint').dataset.saved = '';
  renderRegister();
  $('r-id').focus();
}

$('r-start').addEventListener('click', () => {
  picking = true;
  $('r-form').hidden = true;
  clearFieldErrors();
  renderRegister();
  $('map').focus();
});

$('r-cancel').addEventListener('click', () => {
  picking = false;
  place = null;
  $('r-form').hidden = true;
  clearFieldErrors();
  renderRegister();
});

$('r-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const q = $('r-quantity').value.trim().replace(',', '.');
  const body = {
    id: $('r-id').value.trim(), kind: 'supply', project: $('r-project').value.trim(),
    material: $('r-material').value, quantity: q === '' ? null : (Number.isFinite(Number(q)) ? Number(q) : q),
    unit: $('r-unit').value, from: $('r-from').value || null, to: $('r-to').value || null,
    source: $('r-source').value.trim() || null, public: $('r-public').checked,
    x: place ? Number(place.lng.toFixed(6)) : null, y: place ? Number(place.lat.toFixed(6)) : null, epsg: 4326
  };
  const r = await api('POST', '/lots', body);
  if (r.status === 201) {
    clearFieldErrors();
    $('r-form').hidden = true;
    $('r-form').reset();
    place = null;
    $('r-hint').dataset.saved = t('r_saved')(r.data.id);
    renderRegister();
    await load();
  } else {
    showFieldErrors(r.data || { detail: String(r.status) });
  }
});

// ---- uploading a file (editor, administrator) ------------------------------

$('u-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const file = $('u-file').files[0];
  if (!file) return;
  const geo = /\.(geojson|json)$/i.test(file.name);
  const r = await fetch('/api/v1/imports/' + $('u-kind').value, {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': geo ? 'application/geo+json' : 'text/csv', 'X-CSRF-Token': csrf || '', 'Accept-Language': lang },
    body: file
  });
  const data = await r.json();
  const ul = $('u-errors');
  ul.replaceChildren();
  if (r.status === 201) {
    $('u-result').textContent = t('u_done')(data.files.reduce((n, f) => n + f.records, 0));
    await load();
    return;
  }
  const errors = (data.errors || []).filter((e) => e.severity === 'error');
  $('u-result').textContent = errors.length ? t('u_refused')(data.error_count || errors.length)
    : `${t('r_failed')} ${data.detail || r.status}`;
  for (const e of errors) {
    const li = document.createElement('li');
    li.textContent = (e.line ? `${t('u_line')} ${e.line}` : e.where) + (e.field ? `, ${e.field}` : '') + `: ${e.message}`;
    ul.append(li);
  }
});

// ---- a plan as a job (authority, administrator) ----------------------------

let job = null;
function renderPlan() {
  $('plan').hidden = !(me && (me.role === 'authority' || me.role === 'administrator'));
  const running = job && (job.state === 'queued' || job.state === 'running');
  $('p-run').disabled = !!running;
  $('p-cancel').hidden = !running;
  $('p-progress').hidden = !running;
  $('p-result').hidden = !(job && job.state === 'succeeded');
  if (!job) { $('p-status').textContent = ''; return; }
  $('p-progress').value = job.progress;
  const msg = {
    queued: t('p_queued'), running: t('p_running')(job.pivots || 0), succeeded: t('p_succeeded'),
    cancelled: t('p_cancelled'), failed: `${t('p_failed')} ${job.error ? job.error.detail : ''}`
  };
  $('p-status').textContent = msg[job.state] || job.state;
  if (job.result) { $('p-result').href = job.result; $('p-result').textContent = t('p_open'); }
  document.dispatchEvent(new CustomEvent('mf:job', { detail: job }));
}

async function pollJob() {
  if (!job) return;
  const r = await api('GET', '/jobs/' + job.id);
  if (r.status !== 200) { job = null; renderPlan(); return; }
  job = r.data;
  renderPlan();
  if (job.state === 'queued' || job.state === 'running') setTimeout(pollJob, 500);
}

$('p-run').addEventListener('click', async () => {
  const r = await api('POST', '/plans', { name: 'web' });
  if (r.status !== 202) { job = { state: 'failed', error: { detail: r.data.detail } }; renderPlan(); return; }
  job = r.data;
  renderPlan();
  setTimeout(pollJob, 300);
});

$('p-cancel').addEventListener('click', async () => {
  if (!job) return;
  const r = await api('DELETE', '/jobs/' + job.id);
  if (r.status === 202) { job = r.data; renderPlan(); }
});

// ---- log in and out -------------------------------------------------------

async function loadMe() {
  const r = await api('GET', '/me');
  if (r.status === 200) {
    me = r.data.user;
    csrf = r.data.csrf_token || null;
  } else {
    me = null;
  }
}

$('login').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const err = $('error');
  err.textContent = '';
  const r = await api('POST', '/session', {
    email: $('email').value,
    password: $('password').value
  });
  $('password').value = '';
  if (r.status === 201) {
    me = r.data.user;
    csrf = r.data.csrf_token;
    await load();
    await loadBalance();
  } else {
    err.textContent = r.status === 429 ? t('locked') : t('failed');
  }
});

$('logout').addEventListener('click', async () => {
  await api('DELETE', '/session');
  me = null;
  csrf = null;
  selected = null;
  await load();
  await loadBalance();
});

$('lang').addEventListener('click', () => {
  lang = lang === 'nb' ? 'en' : 'nb';
  localStorage.setItem('lang', lang);
  render();
});

for (const id of ['f-material', 'f-kind']) $(id).addEventListener('change', load);
$('f-municipality').addEventListener('change', async () => { await load(); await loadBalance(); });
$('fit').addEventListener('click', fitAll);
$('details-close').addEventListener('click', () => { selected = null; renderDetails(); });

// What the panels in options.js and planview.js use.
window.mf = {
  api, nf, matName, $,
  lang: () => lang, me: () => me, map: () => map
};

(async () => {
  await loadMe();
  render();
  await initMap();
  await load(true);
  await loadBalance();
  document.body.dataset.ready = '1';
})();
