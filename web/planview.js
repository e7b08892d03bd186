// planview.js - the plan view: when a plan job has succeeded, reads
// GET /api/v1/plans/{name}/flows and draws the flows on the map (one line
// per origin, destination and material, its width scaled by tonnes, its
// colour by material, with a legend), the storage (mellomlager) levels
// over the periods as an SVG chart drawn here, and the headline
// indicators of the plan against today's practice (business as usual).
// Earlier plans: GET /api/v1/plans lists the stored plans (newest first,
// a page at a time) in a picker above the view; picking one shows its
// flows and indicators the same way.
// Bokmål and English, following app.js's switch. Uses window.mf.
'use strict';

(() => {
  const texts = {
    nb: {
      title: (n) => `Planen «${n}»`, loading: 'Henter planen …', failed: 'Kunne ikke hente planen:',
      summary: (l, t) => `${l} strømmer, ${t} tonn flyttet mellom steder.`,
      hide: 'Skjul strømmene i kartet', show: 'Vis strømmene i kartet',
      legend: 'Materialer (tonn)', indicators: 'Nøkkeltall mot dagens praksis',
      storage: 'Mellomlager: lagret mengde per periode (tonn)', no_storage: 'Planen bruker ikke mellomlager.',
      ind: 'Nøkkeltall', plan: 'Planen', practice: 'Dagens praksis', diff: 'Forskjell',
      chart_label: (n) => `Linjediagram over lagret mengde i ${n} mellomlager per periode`,
      capacity: 'kapasitet', peak: 'høyst',
      pick: 'Lagrede planer', pick_none: 'Ingen lagrede planer ennå.', open: 'Vis planen', more: 'Flere planer',
      pick_failed: 'Kunne ikke hente listen over planer:', whole: 'hele regionen', nobody: 'kommandolinjen',
      pick_count: (n, t) => `${n} av ${t} planer vist.`,
      headline: (r, c) => `gjenbruk ${r}, ${c} mill. kr`,
      names: {
        reuse_rate: 'Andel gjenbrukt', reused_t: 'Gjenbrukt (tonn)', landfilled_t: 'Levert til deponi (tonn)',
        virgin_t: 'Nye masser fra massetak (tonn)', unmet_t: 'Udekket behov (tonn)',
        co2e_total_t: 'Klimagassutslipp (tonn CO₂e)', truck_km: 'Lastebil-km', cost_total_mnok: 'Kostnad (mill. kr)'
      }
    },
    en: {
      title: (n) => `The plan “${n}”`, loading: 'Loading the plan …', failed: 'Could not load the plan:',
      summary: (l, t) => `${l} flows, ${t} tonnes moved between places.`,
      hide: 'Hide the flows on the map', show: 'Show the flows on the map',
      legend: 'Materials (tonnes)', indicators: "Headline indicators against today's practice",
      storage: 'Storage: tonnes held per period', no_storage: 'The plan uses no storage.',
      ind: 'Indicator', plan: 'The plan', practice: "Today's practice", diff: 'Difference',
      chart_label: (n) => `Line chart of the tonnes held in ${n} storage sites per period`,
      capacity: 'capacity', peak: 'at most',
      pick: 'Stored plans', pick_none: 'No stored plans yet.', open: 'Show the plan', more: 'More plans',
      pick_failed: 'Could not load the list of plans:', whole: 'the whole region', nobody: 'the command line',
      pick_count: (n, t) => `${n} of ${t} plans shown.`,
      headline: (r, c) => `reuse ${r}, ${c} MNOK`,
      names: {
        reuse_rate: 'Share reused', reused_t: 'Reused (t)', landfilled_t: 'Sent to landfill (t)',
        virgin_t: 'Virgin masses from quarries (t)', unmet_t: 'Unmet need (t)',
        co2e_total_t: 'Greenhouse gases (t CO₂e)', truck_km: 'Truck km', cost_total_mnok: 'Cost (MNOK)'
      }
    }
  };
  // Distinct colours, in the order of the legend (most tonnes first).
  const PALETTE = ['#1f77b4', '#d95f02', '#1b9e77', '#7570b3', '#e7298a', '#66a61e',
    '#a6761d', '#e6ab02', '#17becf', '#666666', '#8c564b', '#bcbd22'];
  const INDICATORS = ['reuse_rate', 'reused_t', 'landfilled_t', 'virgin_t', 'unmet_t',
    'co2e_total_t', 'truck_km', 'cost_total_mnok'];
  const SVG = 'http://www.w3.org/2000/svg';
  const mf = window.mf;
  const $ = mf.$;
  const t = (k) => texts[mf.lang()][k];
  let name = null;      // the plan shown
  let data = null;      // its /flows answer
  let error = null;
  let layer = null;
  let showLines = true;
  let loadedJob = null; // the job whose plan is loaded

  const fmt = (v, digits) => new Intl.NumberFormat(mf.lang() === 'en' ? 'en-GB' : 'nb-NO',
    { maximumFractionDigits: digits || 0 }).format(v);
  const matLabel = (m) => (m ? mf.matName(m) : '–');

  // The materials by tonnes moved, each with its colour.
  function materials() {
    const sum = new Map();
    for (const f of data.features) {
      const m = f.properties.material;
      const key = m ? m.code : '';
      const e = sum.get(key) || { m, tonnes: 0 };
      e.tonnes += f.properties.tonnes;
      sum.set(key, e);
    }
    const list = [...sum.entries()].sort((a, b) => b[1].tonnes - a[1].tonnes);
    return list.map(([code, e], i) => ({ code, m: e.m, tonnes: e.tonnes, colour: PALETTE[i % PALETTE.length] }));
  }

  function drawFlows(mats) {
    if (layer) { layer.remove(); layer = null; }
    const map = mf.map();
    if (!map || !data || !showLines) return;
    const colour = new Map(mats.map((x) => [x.code, x.colour]));
    const max = Math.max(1, ...data.features.map((f) => f.properties.tonnes));
    layer = L.layerGroup();
    // Thick lines first, so the thin ones stay clickable on top.
    const fs = [...data.features].sort((a, b) => b.properties.tonnes - a.properties.tonnes);
    for (const f of fs) {
      const p = f.properties;
      const [a, b] = f.geometry.coordinates;
      const line = L.polyline([[a[1], a[0]], [b[1], b[0]]], {
        color: colour.get(p.material ? p.material.code : '') || '#666666',
        weight: 1.5 + 10 * Math.sqrt(p.tonnes / max), opacity: 0.8, className: 'mf-flow'
      });
      line.bindTooltip(`${p.from} → ${p.to}: ${fmt(p.tonnes)} t ${matLabel(p.material)} (${fmt(p.km, 1)} km)`);
      layer.addLayer(line);
    }
    layer.addTo(map);
  }

  function renderLegend(mats) {
    const ul = $('pv-legend');
    ul.replaceChildren();
    for (const x of mats) {
      const li = document.createElement('li');
      const sw = document.createElementNS(SVG, 'svg');
      sw.setAttribute('width', '24');
      sw.setAttribute('height', '10');
      sw.setAttribute('aria-hidden', 'true');
      const ln = document.createElementNS(SVG, 'line');
      for (const [k, v] of [['x1', 0], ['y1', 5], ['x2', 24], ['y2', 5], ['stroke', x.colour], ['stroke-width', 4]]) ln.setAttribute(k, v);
      sw.append(ln);
      li.append(sw, ` ${matLabel(x.m)}: ${fmt(x.tonnes)}`);
      li.dataset.material = x.code;
      ul.append(li);
    }
  }

  function renderIndicators() {
    const table = $('pv-indicators');
    table.replaceChildren();
    const ind = data.indicators || {};
    const plan = ind.plan || {};
    const prac = ind.practice || {};
    const names = t('names');
    const h = table.createTHead().insertRow();
    for (const k of ['ind', 'plan', 'practice', 'diff']) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = t(k);
      h.append(th);
    }
    const body = table.createTBody();
    const show = (k, v) => (v === undefined || v === null ? '–'
      : k === 'reuse_rate' ? `${fmt(v * 100, 1)} %` : fmt(v, k.endsWith('mnok') ? 1 : 0));
    for (const k of INDICATORS) {
      if (plan[k] === undefined && prac[k] === undefined) continue;
      const tr = body.insertRow();
      tr.dataset.indicator = k;
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = names[k];
      tr.append(th);
      tr.insertCell().textContent = show(k, plan[k]);
      tr.insertCell().textContent = show(k, prac[k]);
      const d = plan[k] !== undefined && prac[k] !== undefined ? plan[k] - prac[k] : null;
      const c = tr.insertCell();
      c.textContent = d === null ? '–' : (d > 0 ? '+' : '') + show(k, d);
    }
  }

  function el(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // A line chart: x the periods, y tonnes held, one line per storage site.
  function renderStorage() {
    const box = $('pv-storage');
    box.replaceChildren();
    $('pv-storage-legend').replaceChildren();
    const sites = data.storage || [];
    if (!sites.length) {
      const p = document.createElement('p');
      p.className = 'ds-paragraph';
      p.dataset.size = 'sm';
      p.textContent = t('no_storage');
      box.append(p);
      return;
    }
    const W = 640, H = 230, L0 = 64, R0 = 12, T0 = 12, B0 = 24;
    const n = data.periods.length;
    const top = Math.max(1, ...sites.flatMap((s) => s.levels));
    const x = (i) => L0 + (n > 1 ? (i * (W - L0 - R0)) / (n - 1) : 0);
    const y = (v) => T0 + (H - T0 - B0) * (1 - v / top);
    const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'pv-chart',
      'aria-label': t('chart_label')(sites.length) });
    svg.append(el('title', {}, t('storage')));
    // Axes and ticks: 0, half and the top; the first, middle and last period.
    svg.append(el('line', { x1: L0, y1: y(0), x2: W - R0, y2: y(0), stroke: '#444' }));
    svg.append(el('line', { x1: L0, y1: T0, x2: L0, y2: y(0), stroke: '#444' }));
    for (const v of [0, top / 2, top]) {
      svg.append(el('line', { x1: L0 - 4, y1: y(v), x2: W - R0, y2: y(v), stroke: '#ddd' }));
      svg.append(el('text', { x: L0 - 6, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 11 }, fmt(v)));
    }
    for (const i of [...new Set([0, Math.floor((n - 1) / 2), n - 1])]) {
      const anchor = i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle';
      svg.append(el('text', { x: x(i), y: H - B0 + 16, 'text-anchor': anchor, 'font-size': 11 }, data.periods[i]));
    }
    const legend = $('pv-storage-legend');
    sites.forEach((s, k) => {
      const colour = PALETTE[k % PALETTE.length];
      const pts = s.levels.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
      const line = el('polyline', { points: pts, fill: 'none', stroke: colour, 'stroke-width': 2,
        'data-site': s.site });
      line.append(el('title', {}, `${s.name}: ${fmt(Math.max(...s.levels))} t`));
      svg.append(line);
      const li = document.createElement('li');
      const sw = el('svg', { width: 24, height: 10, 'aria-hidden': 'true' });
      sw.append(el('line', { x1: 0, y1: 5, x2: 24, y2: 5, stroke: colour, 'stroke-width': 3 }));
      li.append(sw, ` ${s.name}: ${t('peak')} ${fmt(Math.max(...s.levels))}` +
        (s.capacity_t !== null ? ` (${t('capacity')} ${fmt(s.capacity_t)})` : ''));
      legend.append(li);
    });
    box.append(svg);
  }

  function render() {
    const sec = $('planview');
    sec.hidden = !name;
    if (!name) return;
    $('pv-title').textContent = t('title')(name);
    $('pv-legend-title').textContent = t('legend');
    $('pv-ind-title').textContent = t('indicators');
    $('pv-storage-title').textContent = t('storage');
    $('pv-toggle').textContent = showLines ? t('hide') : t('show');
    $('pv-toggle').setAttribute('aria-pressed', String(showLines));
    $('pv-toggle').hidden = !data;
    if (!data) {
      $('pv-status').textContent = error ? `${t('failed')} ${error}` : t('loading');
      return;
    }
    const total = data.features.reduce((s, f) => s + f.properties.tonnes, 0);
    $('pv-status').textContent = t('summary')(data.features.length, fmt(total));
    const mats = materials();
    renderLegend(mats);
    renderIndicators();
    renderStorage();
    return mats;
  }

  async function load(plan) {
    name = plan;
    data = null;
    error = null;
    delete document.body.dataset.planview;
    if (layer) { layer.remove(); layer = null; }
    render();
    const r = await mf.api('GET', '/plans/' + encodeURIComponent(plan) + '/flows');
    if (plan !== name) return;
    if (r.status === 200) data = r.data;
    else error = r.data ? r.data.detail : String(r.status);
    drawFlows(render() || []);
    if (layer && data.features.length) mf.map().fitBounds(L.featureGroup(layer.getLayers()).getBounds(), { padding: [20, 20] });
    document.body.dataset.planview = data ? 'ready' : 'failed';
  }

  // ---- earlier plans: the picker ------------------------------------------

  const PAGE = 20;
  let plans = [];       // the stored plans listed so far, newest first
  let plansTotal = 0;
  let plansError = null;
  let plansFor = null;  // whose list it is (an e-mail), null: none loaded

  // The picker: a label, a select, a button to show the chosen plan and
  // one to list more; made here, above the plan view.
  const pick = document.createElement('div');
  pick.className = 'pv-pick';
  pick.id = 'pv-pick-box';
  pick.hidden = true;
  pick.innerHTML = '<label class="ds-label" for="pv-pick" id="pv-pick-label"></label>' +
    '<select class="ds-input" id="pv-pick"></select>' +
    '<button class="ds-button" data-variant="secondary" data-size="sm" type="button" id="pv-open"></button>' +
    '<button class="ds-button" data-variant="tertiary" data-size="sm" type="button" id="pv-more" hidden></button>' +
    '<p class="ds-paragraph" data-size="sm" id="pv-pick-status" role="status"></p>';
  $('planview').before(pick);

  const day = (iso) => (iso || '').slice(0, 10);
  function planLabel(p) {
    const scope = p.scope ? p.scope[mf.lang()] || p.scope.en : t('whole');
    const ind = p.indicators && p.indicators.plan;
    const head = ind && ind.reuse_rate !== undefined && ind.cost_total_mnok !== undefined
      ? ` (${t('headline')(`${fmt(ind.reuse_rate * 100, 1)} %`, fmt(ind.cost_total_mnok, 1))})` : '';
    return `${p.name} – ${day(p.created)} – ${p.by || t('nobody')} – ${scope}${head}`;
  }

  function renderPick() {
    const me = mf.me();
    pick.hidden = !(me && (me.role === 'authority' || me.role === 'administrator'));
    if (pick.hidden) return;
    $('pv-pick-label').textContent = t('pick');
    $('pv-open').textContent = t('open');
    $('pv-more').textContent = t('more');
    const sel = $('pv-pick');
    const chosen = sel.value;
    sel.replaceChildren();
    for (const p of plans) {
      const o = document.createElement('option');
      o.value = p.name;
      o.textContent = planLabel(p);
      sel.append(o);
    }
    if (plans.some((p) => p.name === chosen)) sel.value = chosen;
    sel.disabled = !plans.length;
    $('pv-open').disabled = !plans.length;
    $('pv-more').hidden = plans.length >= plansTotal;
    $('pv-pick-status').textContent = plansError ? `${t('pick_failed')} ${plansError}`
      : !plans.length ? t('pick_none') : t('pick_count')(plans.length, plansTotal);
  }

  // Lists the stored plans from the first page (more: the next page).
  async function listPlans(more) {
    const offset = more ? plans.length : 0;
    const r = await mf.api('GET', `/plans?limit=${PAGE}&offset=${offset}`);
    if (r.status === 200) {
      plans = more ? plans.concat(r.data.plans) : r.data.plans;
      plansTotal = r.data.total;
      plansError = null;
    } else {
      plansError = r.data ? r.data.detail : String(r.status);
    }
    renderPick();
    document.body.dataset.plans = plansError ? 'failed' : 'ready';
  }

  $('pv-open').addEventListener('click', () => {
    const v = $('pv-pick').value;
    if (v) load(v);
  });
  $('pv-more').addEventListener('click', () => listPlans(true));

  $('pv-toggle').addEventListener('click', () => {
    showLines = !showLines;
    drawFlows(render() || []);
  });
  document.addEventListener('mf:job', (ev) => {
    const job = ev.detail;
    if (!job || job.state !== 'succeeded' || !job.result || job.id === loadedJob) return;
    if (job.kind && job.kind !== 'plan') return; // scenarios and reports have their own views
    loadedJob = job.id;
    const stored = decodeURIComponent(job.result.split('/').pop());
    load(stored);
    listPlans(false).then(() => { if (plans.some((p) => p.name === stored)) { $('pv-pick').value = stored; } });
  });
  document.addEventListener('mf:render', () => {
    const me = mf.me();
    const may = me && (me.role === 'authority' || me.role === 'administrator');
    if (name && !may) {
      name = null;
      data = null;
      drawFlows([]);
    }
    if (!may) {
      plans = [];
      plansTotal = 0;
      plansFor = null;
    } else if (plansFor !== me.email) {
      plansFor = me.email;
      listPlans(false);
    }
    renderPick();
    render();
  });
})();
