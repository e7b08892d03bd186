// custody.js - the chain of custody in the web UI: a source site's editor
// issues a load ticket (a form sized for a phone) and gets its
// verification code as text and as a QR code (qrcode-generator, vendored
// by scripts/vendor-web) that links to this page's receipt form with the
// ticket filled in; the receiving site's editor confirms the load
// (arrival, weighed tonnes, accepted or rejected with a reason); an
// authority sees the closed balance per lot, site, project or
// municipality and the checks' findings. The server decides who may do
// what (/api/v1/custody). Bokmål and English, following app.js's switch;
// no inline script. Uses window.mf from app.js.
'use strict';

(() => {
  const texts = {
    nb: {
      title: 'Kjøresedler og mottak', i_title: 'Ny kjøreseddel', lot: 'Massepost',
      origin: 'Fra anlegg', destination: 'Til anlegg',
      haulier: 'Transportør (organisasjonsnummer)', vehicle: 'Kjøretøy (registreringsnummer)',
      quantity: 'Mengde', unit: 'Enhet', u_t: 'tonn (veid)', u_pfm3: 'm³ i fast grunn (pfm3)',
      u_ulm3: 'm³ løs (ulm3)', u_pam3: 'm³ komprimert (pam3)', departed: 'Avreise',
      doc: 'Kvalitetsdokument (valgfritt)', i_submit: 'Utsted kjøreseddel',
      i_done: 'Kjøreseddel utstedt', code: 'Kontrollkode',
      i_hint: 'Sjåføren viser koden eller QR-koden ved mottaket.',
      qr_label: (id) => `QR-kode for kjøreseddel ${id}`,
      qr_missing: 'QR-koden kan ikke vises (biblioteket mangler); bruk kontrollkoden.',
      r_title: 'Bekreft mottak', ticket: 'Kjøreseddel (id)', arrived: 'Ankomst',
      weighed: 'Veid (tonn, valgfritt)', verdict: 'Lasset er', accepted: 'godkjent',
      rejected: 'avvist', reason: 'Hvorfor avvist', r_submit: 'Bekreft',
      r_done: (id) => `Mottaket ${id} er registrert.`,
      r_notfound: 'Ingen kjøreseddel med denne id-en og kontrollkoden.',
      failed: 'Kunne ikke lagre:', need_number: 'må være et tall',
      need_reason: 'skriv hvorfor lasset ble avvist',
      b_title: 'Faktisk massebalanse og avvik', b_by: 'Per', by_lot: 'massepost',
      by_site: 'anlegg', by_project: 'prosjekt', by_municipality: 'kommune', b_show: 'Vis',
      loading: 'Henter …', b_status: (n, d) => `${n} kjøresedler i balansen, ${d} differanser utover toleransen.`,
      key: 'Nøkkel', surplus: 'Overskudd', dispatched: 'Sendt', received: 'Mottatt',
      rej: 'Avvist', transit: 'Underveis', stored: 'Lagret', difference: 'Differanse',
      tolerance: 'Toleranse', tickets: 'Sedler', total: 'Sum',
      caption: 'Tonn per linje, hele perioden',
      diffs: 'Differanser utover toleransen', findings: 'Funn fra kontrollene',
      none: 'Ingen.', k_status: (n) => `${n} funn.`,
      causes: { weighing: 'veiing', over_surplus: 'mer enn registrert', unreceived: 'ikke mottatt',
        rejected: 'avvist', unplanned: 'ikke i planen' }
    },
    en: {
      title: 'Load tickets and receipts', i_title: 'New load ticket', lot: 'Lot',
      origin: 'From site', destination: 'To site',
      haulier: 'Haulier (organisation number)', vehicle: 'Vehicle (registration)',
      quantity: 'Quantity', unit: 'Unit', u_t: 'tonnes (weighed)', u_pfm3: 'm³ in place (pfm3)',
      u_ulm3: 'm³ loose (ulm3)', u_pam3: 'm³ compacted (pam3)', departed: 'Departure',
      doc: 'Quality document (optional)', i_submit: 'Issue the ticket',
      i_done: 'Ticket issued', code: 'Verification code',
      i_hint: 'The driver shows the code or the QR code at the receiving site.',
      qr_label: (id) => `QR code of ticket ${id}`,
      qr_missing: 'The QR code cannot be shown (the library is missing); use the code.',
      r_title: 'Confirm a receipt', ticket: 'Ticket (id)', arrived: 'Arrival',
      weighed: 'Weighed (tonnes, optional)', verdict: 'The load is', accepted: 'accepted',
      rejected: 'rejected', reason: 'Why rejected', r_submit: 'Confirm',
      r_done: (id) => `The receipt ${id} is recorded.`,
      r_notfound: 'No ticket with this id and verification code.',
      failed: 'Could not save:', need_number: 'must be a number',
      need_reason: 'say why the load was rejected',
      b_title: 'Actual mass balance and deviations', b_by: 'By', by_lot: 'lot',
      by_site: 'site', by_project: 'project', by_municipality: 'municipality', b_show: 'Show',
      loading: 'Loading …', b_status: (n, d) => `${n} tickets in the balance, ${d} differences beyond tolerance.`,
      key: 'Key', surplus: 'Surplus', dispatched: 'Dispatched', received: 'Received',
      rej: 'Rejected', transit: 'In transit', stored: 'Stored', difference: 'Difference',
      tolerance: 'Tolerance', tickets: 'Tickets', total: 'Total',
      caption: 'Tonnes per line, the whole horizon',
      diffs: 'Differences beyond tolerance', findings: 'Findings of the checks',
      none: 'None.', k_status: (n) => `${n} findings.`,
      causes: { weighing: 'weighing', over_surplus: 'more than registered', unreceived: 'not received',
        rejected: 'rejected', unplanned: 'not in the plan' }
    }
  };
  const mf = window.mf;
  const $ = mf.$;
  const t = (k) => texts[mf.lang()][k];
  const SVGNS = 'http://www.w3.org/2000/svg';
  let issued = null;    // {id, code}
  let confirmed = null; // the receipt's id
  let balance = null, findings = null, readError = null;

  const fmt = (v, digits) => new Intl.NumberFormat(mf.lang() === 'en' ? 'en-GB' : 'nb-NO',
    { maximumFractionDigits: digits === undefined ? 1 : digits }).format(v);
  // "31,5" and "31.5" alike; NaN for anything else.
  const number = (s) => (/^\s*\d+([.,]\d+)?\s*$/.test(s) ? Number(s.trim().replace(',', '.')) : NaN);

  function localNow() {
    const d = new Date();
    d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
    return d.toISOString().slice(0, 16);
  }

  // ---- errors at their fields ----

  function clearErrors(form) {
    for (const el of form.querySelectorAll('.ds-validation-message[data-for]')) el.remove();
    for (const el of form.querySelectorAll('[aria-invalid]')) {
      el.removeAttribute('aria-invalid');
      el.removeAttribute('aria-describedby');
    }
  }

  // Shows message at the form's field (its data-cfield box), else in
  // the form's general line; returns 1 when shown at a field.
  function fieldError(form, field, message, general) {
    const box = field && form.querySelector(`[data-cfield="${CSS.escape(field)}"]`);
    if (!box) { general.textContent = `${t('failed')} ${field ? field + ': ' : ''}${message}`; return 0; }
    const input = box.querySelector('input, select');
    const msg = document.createElement('p');
    msg.className = 'ds-validation-message';
    msg.dataset.for = field;
    msg.id = `${form.id}-err-${field}`;
    msg.textContent = message;
    box.append(msg);
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', msg.id);
    input.focus();
    return 1;
  }

  // The field a problem names: "where" is "quantity", or "ticket T-1:
  // haulier" (the library's record and field).
  function problemField(p) {
    return p && p.where ? String(p.where).split(': ').pop().trim() : null;
  }

  // ---- the QR code ----

  // The address the QR code holds: this page's receipt form with the
  // ticket and its code filled in.
  function receiptUrl(id, code) {
    return `${location.origin}${location.pathname}#receipt?ticket=${encodeURIComponent(id)}&code=${encodeURIComponent(code)}`;
  }

  function drawQr(box, id, code) {
    box.replaceChildren();
    if (typeof window.qrcode !== 'function') {
      const p = document.createElement('p');
      p.className = 'ds-paragraph';
      p.dataset.size = 'sm';
      p.textContent = t('qr_missing');
      box.append(p);
      return;
    }
    const url = receiptUrl(id, code);
    const qr = window.qrcode(0, 'M');
    qr.addData(url);
    qr.make();
    const n = qr.getModuleCount(), quiet = 4, size = n + 2 * quiet;
    const svg = document.createElementNS(SVGNS, 'svg');
    svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', t('qr_label')(id));
    svg.setAttribute('shape-rendering', 'crispEdges');
    svg.dataset.url = url;
    svg.dataset.modules = String(n);
    const bg = document.createElementNS(SVGNS, 'rect');
    bg.setAttribute('width', size);
    bg.setAttribute('height', size);
    bg.setAttribute('fill', '#fff');
    svg.append(bg);
    let d = '';
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) if (qr.isDark(r, c)) d += `M${c + quiet} ${r + quiet}h1v1h-1z`;
    }
    const path = document.createElementNS(SVGNS, 'path');
    path.setAttribute('d', d);
    path.setAttribute('fill', '#000');
    svg.append(path);
    box.append(svg);
  }

  // ---- issue ----

  $('c-issue').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const form = $('c-issue'), general = $('c-issue-error');
    clearErrors(form);
    general.textContent = '';
    const q = number($('c-quantity').value);
    if (Number.isNaN(q)) { fieldError(form, 'quantity', t('need_number'), general); return; }
    const body = {
      lot: $('c-lot').value.trim(), origin: $('c-origin').value.trim(),
      destination: $('c-destination').value.trim(), haulier: $('c-haulier').value.trim(),
      vehicle: $('c-vehicle').value.trim(), quantity: q, unit: $('c-unit').value
    };
    if ($('c-departed').value) body.departed = $('c-departed').value;
    if ($('c-doc').value.trim()) body.quality_doc = $('c-doc').value.trim();
    for (const k of ['lot', 'origin', 'destination', 'haulier', 'vehicle']) if (!body[k]) delete body[k];
    const r = await mf.api('POST', '/custody/tickets', body);
    if (r.status !== 201) {
      issued = null;
      render();
      fieldError(form, problemField(r.data), r.data ? r.data.detail : String(r.status), general);
      return;
    }
    issued = { id: r.data.id, code: r.data.code };
    render();
    document.body.dataset.custodyIssued = issued.id;
  });

  // ---- confirm ----

  for (const id of ['c-r-yes', 'c-r-no']) {
    $(id).addEventListener('change', () => { $('c-r-reason-field').hidden = !$('c-r-no').checked; });
  }

  $('c-confirm').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const form = $('c-confirm'), general = $('c-confirm-error');
    clearErrors(form);
    general.textContent = '';
    confirmed = null;
    $('c-confirm-done').textContent = '';
    const body = {
      ticket: $('c-r-ticket').value.trim(), code: $('c-r-code').value.trim(),
      accepted: $('c-r-yes').checked
    };
    if ($('c-r-arrived').value) body.arrived = $('c-r-arrived').value;
    if ($('c-r-weighed').value.trim()) {
      const w = number($('c-r-weighed').value);
      if (Number.isNaN(w)) { fieldError(form, 'weighed_t', t('need_number'), general); return; }
      body.weighed_t = w;
    }
    if (!body.accepted) {
      if (!$('c-r-reason').value.trim()) { fieldError(form, 'reason', t('need_reason'), general); return; }
      body.reason = $('c-r-reason').value.trim();
    }
    const r = await mf.api('POST', '/custody/receipts', body);
    if (r.status === 404) { fieldError(form, 'code', t('r_notfound'), general); return; }
    if (r.status !== 201) {
      fieldError(form, problemField(r.data), r.data ? r.data.detail : String(r.status), general);
      return;
    }
    confirmed = r.data.id;
    render();
    document.body.dataset.custodyConfirmed = confirmed;
  });

  // A scanned QR code opens the page at #receipt?ticket=...&code=...
  function fromHash() {
    const h = location.hash;
    if (!h.startsWith('#receipt?')) return;
    const q = new URLSearchParams(h.slice('#receipt?'.length));
    if (q.get('ticket')) $('c-r-ticket').value = q.get('ticket');
    if (q.get('code')) $('c-r-code').value = q.get('code');
  }
  window.addEventListener('hashchange', () => { fromHash(); render(); });

  // ---- the balance and the checks ----

  async function loadRead() {
    const by = $('c-b-by').value;
    balance = findings = readError = null;
    render();
    const [b, k] = await Promise.all([
      mf.api('GET', '/custody/balance?by=' + encodeURIComponent(by)),
      mf.api('GET', '/custody/check?limit=200')
    ]);
    if (b.status === 200 && k.status === 200) { balance = b.data; findings = k.data; }
    else readError = (b.status !== 200 ? b : k).data.detail;
    render();
    document.body.dataset.custodyBalance = balance ? 'ready' : 'failed';
  }
  $('c-b-form').addEventListener('submit', (ev) => { ev.preventDefault(); loadRead(); });

  function cell(tr, tag, text, num) {
    const c = document.createElement(tag);
    c.textContent = text;
    if (num) c.className = 'num';
    tr.append(c);
  }

  function renderRead() {
    const table = $('c-b-table');
    table.replaceChildren();
    $('c-b-diffs').replaceChildren();
    $('c-k-list').replaceChildren();
    $('c-k-status').textContent = '';
    if (readError) { $('c-b-status').textContent = `${t('failed')} ${readError}`; return; }
    if (!balance) { $('c-b-status').textContent = $('c-b-by').dataset.asked ? t('loading') : ''; return; }
    $('c-b-status').textContent = t('b_status')(balance.tickets_in, balance.differences.length);
    const cols = ['surplus_t', 'dispatched_t', 'received_t', 'rejected_t', 'transit_t', 'stored_t',
      'difference_t', 'tolerance_t'];
    const heads = ['surplus', 'dispatched', 'received', 'rej', 'transit', 'stored', 'difference', 'tolerance'];
    const cap = document.createElement('caption');
    cap.textContent = t('caption');
    table.append(cap);
    const thead = document.createElement('thead'), hr = document.createElement('tr');
    cell(hr, 'th', t('key'));
    heads.forEach((h) => cell(hr, 'th', t(h), true));
    cell(hr, 'th', t('tickets'), true);
    thead.append(hr);
    const tbody = document.createElement('tbody');
    const rows = balance.rows.concat(balance.total ? [balance.total] : []);
    for (const w of rows) {
      const tr = document.createElement('tr');
      tr.dataset.key = w.key;
      cell(tr, 'td', w.dim === 'total' ? t('total') : w.key);
      cols.forEach((c) => cell(tr, 'td', fmt(w[c]), true));
      cell(tr, 'td', fmt(w.tickets, 0), true);
      tbody.append(tr);
    }
    table.append(thead, tbody);
    const causes = t('causes');
    for (const d of balance.differences.filter((x) => x.period === null)) {
      const li = document.createElement('li');
      li.textContent = `${d.key || t('total')}: ${causes[d.cause] || d.cause} — ${d.evidence}`;
      $('c-b-diffs').append(li);
    }
    if (!$('c-b-diffs').children.length) {
      const li = document.createElement('li');
      li.textContent = t('none');
      $('c-b-diffs').append(li);
    }
    $('c-k-status').textContent = t('k_status')(findings.total);
    for (const f of findings.findings) {
      const li = document.createElement('li');
      li.dataset.check = f.check;
      li.textContent = `${f.check} · ${f.kind} ${f.id}: ${f.evidence}`;
      $('c-k-list').append(li);
    }
  }

  // ---- choices for the form: the editor's lots and sites ----

  let choicesFor = null; // the account the lists were filled for
  async function loadChoices() {
    const me = mf.me();
    const key = me ? `${me.id}:${me.organisation || ''}` : null;
    if (key === choicesFor) return;
    choicesFor = key;
    for (const id of ['c-lots', 'c-origins', 'c-destinations']) $(id).replaceChildren();
    if (!me) return;
    const [lots, sites] = await Promise.all([
      mf.api('GET', '/lots?kind=supply&limit=100000'), mf.api('GET', '/sites?limit=100000')
    ]);
    if (choicesFor !== key || lots.status !== 200 || sites.status !== 200) return;
    const mine = (org) => me.role === 'administrator' || (org && org === me.organisation);
    const fill = (id, items) => {
      for (const [value, label] of items) {
        const o = document.createElement('option');
        o.value = value;
        o.label = label;
        $(id).append(o);
      }
    };
    const origins = sites.data.features.filter((f) => mine(f.properties.org));
    const at = new Set(origins.map((f) => f.id));
    fill('c-lots', lots.data.features.filter((f) => mine(f.properties.org) || at.has(f.properties.site))
      .map((f) => [f.id, f.properties.project_name || f.properties.project || '']));
    fill('c-origins', origins.map((f) => [f.id, f.properties.name || '']));
    fill('c-destinations', sites.data.features.map((f) => [f.id, f.properties.name || '']));
  }

  // ---- who sees what ----

  function render() {
    const me = mf.me();
    const writer = me && (me.role === 'administrator' || me.role === 'editor');
    const reader = me && (me.role === 'administrator' || me.role === 'authority');
    $('custody').hidden = !(writer || reader);
    for (const el of document.querySelectorAll('#custody [data-c-i18n]')) el.textContent = t(el.dataset.cI18n);
    $('c-issue').hidden = !writer;
    $('c-confirm').hidden = !writer;
    $('c-read').hidden = !reader;
    if (!$('c-departed').value) $('c-departed').value = localNow();
    if (!$('c-r-arrived').value) $('c-r-arrived').value = localNow();
    $('c-ticket').hidden = !issued;
    if (issued) {
      $('c-ticket-id').textContent = issued.id;
      $('c-ticket-code').textContent = issued.code;
      drawQr($('c-qr'), issued.id, issued.code);
    }
    $('c-confirm-done').textContent = confirmed ? t('r_done')(confirmed) : '';
    if (reader) renderRead();
    if (writer) loadChoices();
  }

  document.addEventListener('mf:render', () => {
    if (!mf.me()) { issued = null; confirmed = null; balance = null; findings = null; }
    render();
  });
  $('c-b-by').addEventListener('change', () => { $('c-b-by').dataset.asked = '1'; loadRead(); });
  $('c-b-form').addEventListener('submit', () => { $('c-b-by').dataset.asked = '1'; });
  fromHash();
})();
