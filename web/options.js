// options.js - "who could take my masses?": from a lot's details (opened
// from the map or the list), asks GET /api/v1/lots/{id}/options and shows
// the destinations of a surplus (or the origins of a need) with km, NOK
// per tonne, room left and the plan's tonnes, then the excluded ones with
// their reason; draws a line on the map from the lot to each candidate
// (solid: the planner may use it; dashed: excluded). Bokmål and English,
// following app.js's switch. Uses window.mf from app.js.
'use strict';

(() => {
  const texts = {
    nb: {
      open_supply: 'Hvem kan ta massene?', open_demand: 'Hvor kan massene komme fra?',
      title_supply: (id) => `Hvem kan ta massene fra ${id}?`,
      title_demand: (id) => `Hvor kan massene til ${id} komme fra?`,
      km: 'Største transportavstand (km)', again: 'Oppdater', close: 'Lukk',
      loading: 'Regner ut planen for hele registeret …',
      busy: 'Tjeneren regner ut andre alternativer nå. Prøv igjen om litt.',
      failed: 'Kunne ikke hente alternativene:',
      summary: (n, x, km) => `${n} mulige innen ${km} km, ${x} utelukket.`,
      not_planned: 'Ikke med i planen:',
      allowed_caption: 'Mulige, billigste først', excluded_caption: 'Utelukket, og hvorfor',
      dest: 'Mottaker', origin: 'Kilde', how: 'Hvordan', dist: 'Avstand (km)', price: 'Pris (kr/tonn)',
      room: 'Ledig plass (tonn)', planned: 'Planens tonn', why: 'Utelukket fordi',
      unlimited: 'ubegrenset', none: 'Ingen.',
      hows: { reuse: 'gjenbruk', storage: 'mellomlager', processing: 'gjenvinning', receiving: 'mottak', quarry: 'massetak' }
    },
    en: {
      open_supply: 'Who could take my masses?', open_demand: 'Where could my masses come from?',
      title_supply: (id) => `Who could take the masses of ${id}?`,
      title_demand: (id) => `Where could the masses for ${id} come from?`,
      km: 'Longest haul (km)', again: 'Update', close: 'Close',
      loading: 'Working out the plan for the whole registry …',
      busy: 'The server is working out other options. Try again shortly.',
      failed: 'Could not get the options:',
      summary: (n, x, km) => `${n} possible within ${km} km, ${x} excluded.`,
      not_planned: 'Not in the plan:',
      allowed_caption: 'Possible, cheapest first', excluded_caption: 'Excluded, and why',
      dest: 'Destination', origin: 'Origin', how: 'How', dist: 'Distance (km)', price: 'Price (NOK/t)',
      room: 'Room left (t)', planned: "The plan's tonnes", why: 'Excluded because',
      unlimited: 'unlimited', none: 'None.',
      hows: { reuse: 'reuse', storage: 'storage', processing: 'processing', receiving: 'receiving site', quarry: 'quarry' }
    }
  };
  const mf = window.mf;
  const $ = mf.$;
  const t = (k) => texts[mf.lang()][k];
  let lot = null;     // the selected lot's Feature (from the details)
  let shown = null;   // {id, kind, data, status, error}
  let layer = null;   // the lines on the map
  let asked = 0;      // only the newest answer is drawn

  function num(v, digits) {
    if (v === null || v === undefined) return '–';
    return new Intl.NumberFormat(mf.lang() === 'en' ? 'en-GB' : 'nb-NO',
      { maximumFractionDigits: digits || 0 }).format(v);
  }

  function renderButton() {
    const btn = $('o-open');
    const ok = lot && mf.me();
    btn.hidden = !ok;
    if (ok) btn.textContent = t(lot.properties.kind === 'demand' ? 'open_demand' : 'open_supply');
  }

  function clearLines() {
    if (layer) { layer.remove(); layer = null; }
  }

  function drawLines(d) {
    clearLines();
    const map = mf.map();
    if (!map || !d.coordinates) return;
    const from = [d.coordinates[1], d.coordinates[0]];
    layer = L.layerGroup();
    for (const o of d.options) {
      if (!o.coordinates) continue;
      const to = [o.coordinates[1], o.coordinates[0]];
      const line = L.polyline([from, to], {
        className: o.allowed ? 'mf-option mf-option-allowed' : 'mf-option mf-option-excluded',
        weight: o.allowed ? (o.planned_t > 0 ? 5 : 3) : 1.5,
        dashArray: o.allowed ? null : '4 4', interactive: true
      });
      const who = o.destination || o.origin;
      line.bindTooltip(`${o.name} (${who}): ${num(o.km, 1)} km` +
        (o.allowed ? `, ${num(o.nok_per_t, 2)} kr/t` : ` – ${o.excluded_because || ''}`));
      layer.addLayer(line);
    }
    layer.addTo(map);
    const b = L.latLngBounds([from]);
    for (const o of d.options) if (o.allowed && o.coordinates) b.extend([o.coordinates[1], o.coordinates[0]]);
    map.fitBounds(b, { padding: [30, 30], maxZoom: 12 });
  }

  function cell(tr, text, head) {
    const c = document.createElement(head ? 'th' : 'td');
    c.textContent = text;
    if (head) c.scope = head;
    tr.append(c);
    return c;
  }

  function table(el, caption, cols, rows) {
    el.replaceChildren();
    el.createCaption().textContent = caption;
    const h = el.createTHead().insertRow();
    for (const c of cols) cell(h, c, 'col');
    const body = el.createTBody();
    if (!rows.length) {
      const r = body.insertRow();
      const c = r.insertCell();
      c.colSpan = cols.length;
      c.textContent = t('none');
    }
    for (const r of rows) {
      const tr = body.insertRow();
      r.forEach((v, i) => cell(tr, v, i === 0 ? 'row' : null));
    }
  }

  function render() {
    renderButton();
    const sec = $('options');
    sec.hidden = !shown;
    if (!shown) return;
    const supply = shown.kind !== 'demand';
    $('o-title').textContent = t(supply ? 'title_supply' : 'title_demand')(shown.id);
    $('o-km-label').textContent = t('km');
    $('o-again').textContent = t('again');
    $('o-close').textContent = t('close');
    const st = $('o-status');
    const d = shown.data;
    if (!d) {
      st.textContent = shown.status === 503 ? t('busy') : shown.error ? `${t('failed')} ${shown.error}` : t('loading');
      $('o-allowed').replaceChildren();
      $('o-excluded').replaceChildren();
      return;
    }
    const allowed = d.options.filter((o) => o.allowed);
    const excluded = d.options.filter((o) => !o.allowed);
    st.textContent = t('summary')(allowed.length, excluded.length, num(d.max_km)) +
      (d.not_planned ? ` ${t('not_planned')} ${d.not_planned}` : '');
    if (!$('o-km').value) $('o-km').value = String(d.max_km);
    const hows = t('hows');
    const who = (o) => `${o.name} (${o.destination || o.origin})`;
    table($('o-allowed'), t('allowed_caption'),
      [t(supply ? 'dest' : 'origin'), t('how'), t('dist'), t('price'), t('room'), t('planned')],
      allowed.map((o) => [who(o), hows[o.how] || o.how, num(o.km, 1), num(o.nok_per_t, 2),
        o.room_t === null ? t('unlimited') : num(o.room_t), num(o.planned_t)]));
    table($('o-excluded'), t('excluded_caption'),
      [t(supply ? 'dest' : 'origin'), t('how'), t('dist'), t('why')],
      excluded.map((o) => [who(o), hows[o.how] || o.how, num(o.km, 1), o.excluded_because || o.rule || '–']));
  }

  async function ask(id, kind) {
    const mine = ++asked;
    shown = { id, kind, data: null };
    clearLines();
    render();
    $('options').scrollIntoView({ block: 'nearest' });
    const km = $('o-km').value;
    // The reasons for an exclusion come in the page's language.
    const q = '?lang=' + mf.lang() + (km ? '&max_km=' + encodeURIComponent(km) : '');
    const r = await mf.api('GET', '/lots/' + encodeURIComponent(id) + '/options' + q);
    if (mine !== asked) return;
    if (r.status === 200) {
      shown.data = r.data;
      drawLines(r.data);
    } else {
      shown.status = r.status;
      shown.error = r.data ? r.data.detail : String(r.status);
    }
    render();
    document.body.dataset.options = r.status === 200 ? 'ready' : 'failed';
  }

  $('o-open').addEventListener('click', () => {
    if (!lot) return;
    $('o-km').value = '';
    ask(lot.properties.id, lot.properties.kind);
  });
  $('o-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (shown) ask(shown.id, shown.kind);
  });
  $('o-close').addEventListener('click', () => {
    asked++;
    shown = null;
    clearLines();
    render();
  });
  document.addEventListener('mf:details', (ev) => {
    const sel = ev.detail;
    lot = sel && sel.kind === 'lot' ? sel.f : null;
    renderButton();
  });
  document.addEventListener('mf:render', () => {
    if (!mf.me() && shown) { shown = null; clearLines(); }
    // A language switch asks again, for the reasons in the new language.
    if (shown && shown.data && shown.data.lang && shown.data.lang !== mf.lang()) {
      ask(shown.id, shown.kind);
      return;
    }
    render();
  });
})();
