// dashboard.js - the authority's dashboards: the regional mass balance per
// material and period as charts, scenario comparisons run as jobs (a
// table and charts side by side, with progress and cancel), and the
// report (HTML, PDF or XLSX) made as a job and downloaded. Authorities
// and administrators only; the server decides (403 for anyone else).
// Charts are SVG drawn here. app.js tells who is logged in and the
// language through the 'mf:render' event; nothing else is shared.
'use strict';

(() => {
  const texts = {
    nb: {
      title: 'Oversikt for myndigheter',
      b_title: 'Massebalanse i regionen', b_period: 'Periode', b_material: 'Materiale',
      b_all: 'Alle materialer', b_month: 'Måned', b_quarter: 'Kvartal', b_year: 'År',
      b_by_material: 'Overskudd og behov per materiale (tonn)',
      b_by_period: (m) => `Overskudd og behov per periode, ${m} (tonn)`,
      supply: 'Overskudd', demand: 'Behov', use: 'bruk', b_none: 'Ingen masser i registeret.',
      s_title: 'Sammenlign scenarioer', s_choose: 'Velg scenarioer (det første er referansen)',
      s_run: 'Sammenlign', cancel: 'Avbryt', s_table: 'Scenarioene side om side',
      s_indicator: 'Indikator', s_measures: 'Tiltakene rangert mot referansen',
      s_rank: 'Rang', s_measure: 'Tiltak', s_society: 'Samfunnskostnad (MNOK)',
      s_co2: 'CO2e spart (t)', s_nokt: 'kr per tonn CO2e spart', s_reused: 'Gjenbrukt (t)',
      s_nofall: 'ingen nedgang', s_need: 'Velg minst ett scenario.',
      r_title: 'Rapport', r_format: 'Format', r_area: 'Område', r_all: 'Hele regionen',
      r_mun: (m) => `Kommunen valgt i filteret (${m || 'ingen valgt'})`, r_bbox: 'Kartutsnittet',
      r_scen: 'scenarioene valgt over (ingen valgt: alle)', r_run: 'Lag rapport', r_download: (f) => `Last ned rapporten (${f.toUpperCase()})`,
      queued: 'I kø …', running: (s, p) => `Arbeider: ${s} (${Math.round(p * 100)} %)`,
      succeeded: 'Ferdig.', failed: 'Feilet:', cancelled: 'Avbrutt.'
    },
    en: {
      title: 'Dashboard for authorities',
      b_title: 'Mass balance of the region', b_period: 'Period', b_material: 'Material',
      b_all: 'All materials', b_month: 'Month', b_quarter: 'Quarter', b_year: 'Year',
      b_by_material: 'Surplus and need per material (tonnes)',
      b_by_period: (m) => `Surplus and need per period, ${m} (tonnes)`,
      supply: 'Surplus', demand: 'Need', use: 'use', b_none: 'No masses in the registry.',
      s_title: 'Compare scenarios', s_choose: 'Choose scenarios (the first is the reference)',
      s_run: 'Compare', cancel: 'Cancel', s_table: 'The scenarios side by side',
      s_indicator: 'Indicator', s_measures: 'The measures ranked against the reference',
      s_rank: 'Rank', s_measure: 'Measure', s_society: 'Cost to society (MNOK)',
      s_co2: 'CO2e avoided (t)', s_nokt: 'NOK per t CO2e avoided', s_reused: 'Reused (t)',
      s_nofall: 'no fall', s_need: 'Choose at least one scenario.',
      r_title: 'Report', r_format: 'Format', r_area: 'Area', r_all: 'The whole region',
      r_mun: (m) => `The municipality chosen in the filter (${m || 'none chosen'})`, r_bbox: 'The map view',
      r_scen: 'the scenarios chosen above (none chosen: all)', r_run: 'Make the report', r_download: (f) => `Download the report (${f.toUpperCase()})`,
      queued: 'Queued …', running: (s, p) => `Working: ${s} (${Math.round(p * 100)} %)`,
      succeeded: 'Done.', failed: 'Failed:', cancelled: 'Cancelled.'
    }
  };
  // The measures charted side by side (keys of the comparison's indicators).
  const CHARTED = ['cost_society_mnok', 'cost_total_mnok', 'co2e_total_t', 'reuse_rate',
    'unplaced_t', 'unmet_t'];

  let me = null, csrf = null, lang = 'nb', bbox = () => null;
  let balance = null, scenarios = null, comparison = null;
  const jobs = { compare: null, report: null };
  const $ = (id) => document.getElementById(id);
  const t = (k) => texts[lang][k];
  const allowed = () => !!me && (me.role === 'authority' || me.role === 'administrator');
  const nf = (d) => new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'nb-NO',
    { maximumFractionDigits: d || 0, minimumFractionDigits: d || 0 });

  async function api(method, path, body) {
    const headers = { 'Accept-Language': lang };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (csrf && method !== 'GET') headers['X-CSRF-Token'] = csrf;
    const r = await fetch('/api/v1' + path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    return { status: r.status, data: r.status === 204 ? null : await r.json() };
  }

  // ---- SVG ---------------------------------------------------------------

  const NS = 'http://www.w3.org/2000/svg';
  function el(name, attrs, text) {
    const e = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // A bar chart: groups (labels) of bars (one per series, values may be
  // negative), a zero line, a legend. series: [{name, cls, values}].
  function barChart(title, labels, series, fmt) {
    const w = Math.max(320, 104 + labels.length * (14 * series.length + 16)), h = 220;
    const left = 96, right = 8, top = 24, bottom = 72;
    const all = series.flatMap((s) => s.values).concat([0]);
    const max = Math.max(...all), min = Math.min(...all);
    const span = max - min || 1;
    const y = (v) => top + (max - v) / span * (h - top - bottom);
    const svg = el('svg', { viewBox: `0 0 ${w} ${h}`, width: w, height: h, role: 'img',
      'aria-label': title, class: 'mf-chart' });
    svg.append(el('title', {}, title));
    svg.append(el('text', { x: 4, y: 14, class: 'mf-chart-title' }, title));
    for (const v of [max, min]) {
      if (v === 0) continue;
      svg.append(el('text', { x: left - 4, y: y(v) + 4, 'text-anchor': 'end', class: 'mf-axis' }, fmt(v)));
    }
    svg.append(el('text', { x: left - 4, y: y(0) + 4, 'text-anchor': 'end', class: 'mf-axis' }, '0'));
    const gw = (w - left - right) / Math.max(1, labels.length);
    const bw = Math.max(4, Math.min(24, (gw - 8) / series.length));
    labels.forEach((label, i) => {
      const gx = left + i * gw + (gw - bw * series.length) / 2;
      series.forEach((s, k) => {
        const v = s.values[i] || 0;
        const r = el('rect', { x: gx + k * bw, y: Math.min(y(v), y(0)), width: bw - 1,
          height: Math.max(0.5, Math.abs(y(v) - y(0))), class: s.cls });
        r.append(el('title', {}, `${label}, ${s.name}: ${fmt(v)}`));
        svg.append(r);
      });
      const lx = left + i * gw + gw / 2, ly = h - bottom + 12;
      svg.append(el('text', { x: lx, y: ly, 'text-anchor': 'end', class: 'mf-axis',
        transform: `rotate(-35 ${lx} ${ly})` }, label.length > 18 ? label.slice(0, 17) + '…' : label));
    });
    svg.append(el('line', { x1: left, x2: w - right, y1: y(0), y2: y(0), class: 'mf-zero' }));
    if (series.length > 1) {
      let lx = left;
      for (const s of series) {
        svg.append(el('rect', { x: lx, y: h - 12, width: 10, height: 10, class: s.cls }));
        svg.append(el('text', { x: lx + 14, y: h - 3, class: 'mf-axis' }, s.name));
        lx += 24 + s.name.length * 7;
      }
    }
    return svg;
  }

  // ---- the balance ---------------------------------------------------------

  function rowName(r) {
    const m = r.material || r.use;
    const name = m ? (lang === 'en' ? m.name_en : m.name_nb) : '–';
    return r.material ? name : `${t('use')}: ${name}`;
  }

  async function loadBalance() {
    const r = await api('GET', '/balance?period=' + $('d-period').value);
    balance = r.status === 200 ? r.data : null;
    renderBalance();
  }

  function renderBalance() {
    const box = $('d-balance-charts');
    box.replaceChildren();
    if (!balance) return;
    if (!balance.rows.length) {
      box.append(Object.assign(document.createElement('p'), { textContent: t('b_none') }));
      return;
    }
    const sel = $('d-material'), keep = sel.value;
    sel.replaceChildren(new Option(t('b_all'), ''));
    balance.rows.forEach((r, i) => sel.add(new Option(rowName(r), String(i))));
    sel.value = keep && Number(keep) < balance.rows.length ? keep : '';
    const fmt = (v) => nf().format(v);
    box.append(barChart(t('b_by_material'), balance.rows.map(rowName), [
      { name: t('supply'), cls: 'mf-bar-supply', values: balance.rows.map((r) => r.supply_total) },
      { name: t('demand'), cls: 'mf-bar-demand', values: balance.rows.map((r) => r.demand_total) }
    ], fmt));
    const row = sel.value === '' ? null : balance.rows[Number(sel.value)];
    box.append(barChart(t('b_by_period')(row ? rowName(row) : t('b_all').toLowerCase()), balance.periods, [
      { name: t('supply'), cls: 'mf-bar-supply', values: row ? row.supply : balance.supply_total },
      { name: t('demand'), cls: 'mf-bar-demand', values: row ? row.demand : balance.demand_total }
    ], fmt));
  }

  // ---- jobs: a comparison, a report ----------------------------------------

  function renderJob(which) {
    const job = jobs[which], p = which === 'compare' ? 's' : 'r';
    const running = job && (job.state === 'queued' || job.state === 'running');
    $(`d-${p}-run`).disabled = !!running;
    $(`d-${p}-cancel`).hidden = !running;
    $(`d-${p}-progress`).hidden = !running;
    if (which === 'report') $('d-r-area-line').hidden = !job;
    if (!job) { $(`d-${p}-status`).textContent = ''; return; }
    $(`d-${p}-progress`).value = job.progress || 0;
    const msg = {
      queued: t('queued'), running: t('running')(job.stage, job.progress || 0),
      succeeded: t('succeeded'), cancelled: t('cancelled'),
      failed: `${t('failed')} ${job.error ? job.error.detail : ''}`
    };
    $(`d-${p}-status`).textContent = msg[job.state] || job.state;
    if (which === 'report') {
      $('d-r-area-shown').textContent = job.area || t('r_all');
      const a = $('d-r-download');
      a.hidden = job.state !== 'succeeded';
      if (job.state === 'succeeded') {
        a.href = job.result;
        a.download = `masseflyt-report-${job.id}.${job.format}`;
        a.textContent = t('r_download')(job.format);
      }
    }
  }

  async function poll(which) {
    const job = jobs[which];
    if (!job || !job.id) return;
    const r = await api('GET', '/jobs/' + job.id);
    if (jobs[which] !== job) return;
    jobs[which] = r.status === 200 ? r.data : null;
    renderJob(which);
    const j = jobs[which];
    if (j && (j.state === 'queued' || j.state === 'running')) setTimeout(() => poll(which), 400);
    else if (j && j.state === 'succeeded' && which === 'compare') await loadComparison(j);
  }

  async function start(which, path, body) {
    const r = await api('POST', path, body);
    jobs[which] = r.status === 202 ? r.data
      : { state: 'failed', error: { detail: r.data ? r.data.detail : String(r.status) } };
    renderJob(which);
    if (r.status === 202) setTimeout(() => poll(which), 300);
  }

  async function cancel(which) {
    const job = jobs[which];
    if (!job || !job.id) return;
    const r = await api('DELETE', '/jobs/' + job.id);
    if (r.status === 202) { jobs[which] = r.data; renderJob(which); }
  }

  // ---- scenarios -------------------------------------------------------------

  async function loadScenarios() {
    const r = await api('GET', '/scenarios');
    scenarios = r.status === 200 ? r.data.scenarios : [];
    const box = $('d-s-choice');
    box.replaceChildren();
    scenarios.forEach((s, i) => {
      const id = 'd-s-' + s.name;
      const label = document.createElement('label');
      label.className = 'ds-label';
      label.htmlFor = id;
      const input = Object.assign(document.createElement('input'),
        { type: 'checkbox', id, value: s.name, checked: i < 3, className: 'ds-input' });
      label.append(input, ` ${s.name}: ${s.title}`);
      box.append(label);
    });
  }

  async function loadComparison(job) {
    const r = await api('GET', `/jobs/${job.id}/result`);
    comparison = r.status === 200 ? r.data : null;
    renderComparison();
  }

  function indicatorLabel(d) {
    return lang === 'en' ? d.label_en : d.label_nb;
  }

  function value(d, v) {
    return d.share ? `${nf(1).format(v * 100)} %` : nf(d.decimals).format(v);
  }

  function renderComparison() {
    const table = $('d-s-table'), charts = $('d-s-charts'), mtable = $('d-s-measures');
    table.replaceChildren();
    charts.replaceChildren();
    mtable.replaceChildren();
    $('d-s-result').hidden = !comparison;
    if (!comparison) return;
    const c = comparison;
    table.createCaption().textContent = t('s_table');
    const th = (row, text, scope) => {
      const e = document.createElement('th');
      e.textContent = text;
      if (scope) e.scope = scope;
      row.append(e);
    };
    const head = table.createTHead().insertRow();
    th(head, t('s_indicator'), 'col');
    for (const col of c.columns) th(head, col.practice ? col.title : col.name, 'col');
    const body = table.createTBody();
    for (const d of c.indicators) {
      const tr = body.insertRow();
      tr.dataset.key = d.key;
      th(tr, indicatorLabel(d), 'row');
      for (const col of c.columns) tr.insertCell().textContent = value(d, col.values[d.key]);
    }
    const names = c.columns.map((col) => (col.practice ? col.title : col.name));
    for (const key of CHARTED) {
      const d = c.indicators.find((x) => x.key === key);
      if (!d) continue;
      const scale = d.share ? 100 : 1;
      charts.append(barChart(indicatorLabel(d), names, [{
        name: indicatorLabel(d), cls: 'mf-bar-scenario',
        values: c.columns.map((col) => col.values[key] * scale)
      }], (v) => (d.share ? `${nf(1).format(v)} %` : nf(d.decimals).format(v))));
    }
    if (c.measures.length) {
      mtable.createCaption().textContent = `${t('s_measures')} (${c.reference})`;
      const mh = mtable.createTHead().insertRow();
      for (const k of ['s_rank', 's_measure', 's_society', 's_co2', 's_nokt', 's_reused']) th(mh, t(k), 'col');
      const mb = mtable.createTBody();
      for (const m of [...c.measures].sort((a, b) => a.rank_abatement - b.rank_abatement)) {
        const tr = mb.insertRow();
        tr.insertCell().textContent = m.rank_abatement;
        th(tr, m.name, 'row');
        tr.insertCell().textContent = nf(2).format(m.d_cost_society_nok / 1e6);
        tr.insertCell().textContent = nf().format(m.co2e_avoided_t);
        tr.insertCell().textContent = m.nok_per_t_co2e === null ? t('s_nofall') : nf().format(m.nok_per_t_co2e);
        tr.insertCell().textContent = nf().format(m.reused_t);
      }
    }
    $('d-s-conclusion').textContent = c.conclusion;
  }

  // ---- the report's area ------------------------------------------------------

  function renderArea() {
    const mun = $('f-municipality');
    const munName = mun.value ? mun.options[mun.selectedIndex].textContent : '';
    const sel = $('d-r-area');
    sel.options[0].textContent = t('r_all');
    sel.options[1].textContent = t('r_mun')(munName);
    sel.options[1].disabled = !mun.value;
    sel.options[2].textContent = t('r_bbox');
    if (sel.value === 'municipality' && !mun.value) sel.value = 'all';
  }

  function area() {
    const v = $('d-r-area').value;
    if (v === 'municipality' && $('f-municipality').value) return { municipality: $('f-municipality').value };
    if (v === 'bbox' && bbox()) return { bbox: bbox() };
    return null;
  }

  // ---- wiring ------------------------------------------------------------------

  function render() {
    const sec = $('dashboard');
    const show = allowed();
    sec.hidden = !show;
    for (const e of sec.querySelectorAll('[data-d-i18n]')) e.textContent = t(e.dataset.dI18n);
    for (const o of $('d-period').options) o.textContent = t('b_' + o.value);
    renderArea();
    if (!show) return;
    renderBalance();
    renderJob('compare');
    renderJob('report');
    renderComparison();
  }

  let shownFor = null;
  document.addEventListener('mf:render', async (ev) => {
    ({ me, csrf, lang, bbox } = ev.detail);
    const who = allowed() ? me.email : null;
    const langChanged = render.lang !== lang;
    render.lang = lang;
    render();
    if (who && (who !== shownFor || langChanged)) {
      shownFor = who;
      await Promise.all([loadBalance(), loadScenarios()]);
      document.getElementById('dashboard').dataset.ready = '1';
    } else if (!who) {
      shownFor = null;
      balance = comparison = null;
      jobs.compare = jobs.report = null;
    }
  });

  $('d-period').addEventListener('change', loadBalance);
  $('d-material').addEventListener('change', renderBalance);
  $('d-s-run').addEventListener('click', () => {
    const names = [...$('d-s-choice').querySelectorAll('input:checked')].map((i) => i.value);
    if (!names.length) { jobs.compare = { state: 'failed', error: { detail: t('s_need') } }; renderJob('compare'); return; }
    comparison = null;
    renderComparison();
    start('compare', '/scenarios', { scenarios: names, lang });
  });
  $('d-s-cancel').addEventListener('click', () => cancel('compare'));
  $('d-r-run').addEventListener('click', () => {
    $('d-r-download').hidden = true;
    // The report covers the scenarios chosen above (none: every one).
    const names = [...$('d-s-choice').querySelectorAll('input:checked')].map((i) => i.value);
    const body = { format: $('d-r-format').value, lang };
    if (names.length) body.scenarios = names;
    const a = area();
    if (a) body.area = a;
    start('report', '/reports', body);
  });
  $('d-r-cancel').addEventListener('click', () => cancel('report'));
})();
