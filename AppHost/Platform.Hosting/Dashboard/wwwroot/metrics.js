// Metrics: the instruments a resource sent, one chart over the chosen window; histograms as P50/P90/P99.
// A chart can be narrowed to the series with given attribute values (e.g. one http.route); the
// choice lives in the URL so a view can be shared.
const params = new URLSearchParams(location.search);
let instrument = params.get('name');
let filters = new Map(params.getAll('attribute').map(a => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));

async function listInstruments() {
  const service = $('#service').value;
  const instruments = await api('/api/metrics?service=' + encodeURIComponent(service));
  $('#instruments').innerHTML = instruments.map(i => `<li data-name="${h(i.name)}" title="${h(i.description)}">${h(i.name)} <small>${h(i.kind)}</small></li>`).join('') || '<li>No metrics received yet.</li>';
  if (!instrument && instruments.length) instrument = instruments[0].name;
  await selectInstrument(instrument);
}

async function selectInstrument(name) {
  instrument = name;
  document.querySelectorAll('#instruments li').forEach(li => li.classList.toggle('selected', li.dataset.name === instrument));
  await listAttributes();
  await chart();
}

// One select per attribute name of the instrument's series, its values as options.
let knownSets = -1;
const attributesOf = () => api(`/api/metrics/${encodeURIComponent($('#service').value)}/${encodeURIComponent(instrument)}/attributes`);

async function listAttributes() {
  $('#filters').innerHTML = '';
  $('#overflow').textContent = '';
  knownSets = -1;
  if (instrument) showAttributes(await attributesOf());
}

function showAttributes(a) {
  knownSets = a.sets;
  for (const key of [...filters.keys()]) if (!a.values[key]?.includes(filters.get(key))) filters.delete(key);
  $('#filters').innerHTML = Object.entries(a.values).map(([key, values]) => `<label>${h(key)} <select data-key="${h(key)}"><option value="">any</option>
    ${values.map(v => `<option value="${h(v)}"${filters.get(key) === v ? ' selected' : ''}>${h(v)}</option>`).join('')}</select></label>`).join(' ');
  $('#overflow').textContent = a.truncated ? `Only the first ${a.maxSets} attribute sets of this instrument are kept apart; the others are merged into otel.metric.overflow=true.` : '';
}

// Every few seconds: the chart, and the selects again when new attribute sets arrived.
async function tick() {
  if (!instrument) return;
  const a = await attributesOf();
  if (a.sets !== knownSets) showAttributes(a);
  await chart();
}

function query() {
  const q = new URLSearchParams({ service: $('#service').value, name: instrument ?? '' });
  for (const [key, value] of filters) q.append('attribute', `${key}=${value}`);
  return q;
}

function polyline(points, color, x, y) {
  const d = points.map((p, i) => p == null ? null : `${x(i)},${y(p)}`).filter(Boolean).join(' ');
  return `<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${d}"/>`;
}

async function chart() {
  history.replaceState(null, '', '/metrics?' + query());
  if (!instrument) { $('#chart').innerHTML = ''; return; }
  const attributes = query().getAll('attribute').map(a => '&attribute=' + encodeURIComponent(a)).join('');
  let m;
  try {
    m = await api(`/api/metrics/${encodeURIComponent($('#service').value)}/${encodeURIComponent(instrument)}?window=${$('#window').value}${attributes}`);
  } catch (error) {
    $('#chart').innerHTML = `<p class="problem">${h(error.message)}</p>`;
    return;
  }
  const series = (m.kind === 'Histogram' || m.kind === 'Summary')
    ? [['P50', '#2458c6', m.steps.map(s => s.p50)], ['P90', '#a36200', m.steps.map(s => s.p90)], ['P99', '#b3261e', m.steps.map(s => s.p99)]]
    : [[m.kind === 'Counter' ? 'per second' : 'value', '#2458c6', m.steps.map(s => s.value)]];
  const all = series.flatMap(s => s[2]).filter(v => v != null);
  // From 0 (or the lowest value, when values go below 0: a gauge may) to the highest.
  const min = Math.min(0, ...all), max = Math.max(min + 1e-9, 0, ...all);
  const W = 760, H = 240;
  const x = i => 40 + (i / Math.max(1, m.steps.length - 1)) * (W - 50), y = v => H - 20 - ((v - min) / (max - min)) * (H - 40);
  const fmt = v => v == null ? '—' : (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));
  const stats = (m.kind === 'Histogram' || m.kind === 'Summary')
    ? `<div class="stats"><span>P50<b>${fmt(m.p50)} ${h(m.unit)}</b></span><span>P90<b>${fmt(m.p90)} ${h(m.unit)}</b></span><span>P99<b>${fmt(m.p99)} ${h(m.unit)}</b></span><span>Count<b id="count">${m.count}</b></span></div>`
    : `<div class="stats"><span>${m.kind === 'Counter' ? 'Total in window' : 'Latest'}<b>${fmt(m.kind === 'Counter' ? m.total : m.latest)} ${h(m.unit)}</b></span></div>`;
  const filtered = filters.size ? `<p id="filtered">Only ${h([...filters].map(([k, v]) => `${k}=${v}`).join(', '))}</p>` : '';
  $('#chart').innerHTML = `<h2>${h(m.name)}</h2>${filtered}${stats}
    <svg width="${W}" height="${H}"><line x1="40" y1="${y(0)}" x2="${W}" y2="${y(0)}" stroke="#ccc"/><text x="0" y="14">${fmt(max)}</text><text x="0" y="${H - 20}">${min === 0 ? 0 : fmt(min)}</text>
    <text x="40" y="${H - 4}">${h(fmtTime(m.from))}</text><text x="${W - 80}" y="${H - 4}">${h(fmtTime(m.to))}</text>
    ${series.map(([, color, values]) => polyline(values, color, x, y)).join('')}</svg>
    <p>${series.map(([label, color]) => `<span style="color:${color}">■ ${label}</span>`).join(' ')}</p>`;
}

$('#instruments').onclick = e => { const li = e.target.closest('li[data-name]'); if (li) { filters = new Map(); selectInstrument(li.dataset.name); } };
$('#filters').onchange = e => { const key = e.target.dataset.key; if (e.target.value) filters.set(key, e.target.value); else filters.delete(key); chart(); };
$('#service').onchange = () => { instrument = null; filters = new Map(); listInstruments(); };
$('#window').onchange = chart;
fillResources($('#service'), params.get('service')).then(listInstruments);
setInterval(tick, 5000);
