// Metrics: the instruments a resource sent, one chart over the chosen window; histograms as P50/P90/P99.
const params = new URLSearchParams(location.search);
let instrument = params.get('name');

async function listInstruments() {
  const service = $('#service').value;
  const instruments = await api('/api/metrics?service=' + encodeURIComponent(service));
  $('#instruments').innerHTML = instruments.map(i => `<li data-name="${h(i.name)}" title="${h(i.description)}">${h(i.name)} <small>${h(i.kind)}</small></li>`).join('') || '<li>No metrics received yet.</li>';
  if (!instrument && instruments.length) instrument = instruments[0].name;
  await chart();
}

function polyline(points, color, x, y) {
  const d = points.map((p, i) => p == null ? null : `${x(i)},${y(p)}`).filter(Boolean).join(' ');
  return `<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${d}"/>`;
}

async function chart() {
  document.querySelectorAll('#instruments li').forEach(li => li.classList.toggle('selected', li.dataset.name === instrument));
  if (!instrument) { $('#chart').innerHTML = ''; return; }
  const service = $('#service').value;
  const m = await api(`/api/metrics/${encodeURIComponent(service)}/${encodeURIComponent(instrument)}?window=${$('#window').value}`);
  const series = m.kind === 'Histogram'
    ? [['P50', '#2458c6', m.steps.map(s => s.p50)], ['P90', '#a36200', m.steps.map(s => s.p90)], ['P99', '#b3261e', m.steps.map(s => s.p99)]]
    : [[m.kind === 'Counter' ? 'per second' : 'value', '#2458c6', m.steps.map(s => s.value)]];
  const all = series.flatMap(s => s[2]).filter(v => v != null);
  const max = Math.max(1e-9, ...all);
  const W = 760, H = 240;
  const x = i => 40 + (i / Math.max(1, m.steps.length - 1)) * (W - 50), y = v => H - 20 - (v / max) * (H - 40);
  const fmt = v => v == null ? '—' : (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));
  const stats = m.kind === 'Histogram'
    ? `<div class="stats"><span>P50<b>${fmt(m.p50)} ${h(m.unit)}</b></span><span>P90<b>${fmt(m.p90)} ${h(m.unit)}</b></span><span>P99<b>${fmt(m.p99)} ${h(m.unit)}</b></span><span>Count<b>${m.count}</b></span></div>`
    : `<div class="stats"><span>${m.kind === 'Counter' ? 'Total in window' : 'Latest'}<b>${fmt(m.kind === 'Counter' ? m.total : m.latest)} ${h(m.unit)}</b></span></div>`;
  $('#chart').innerHTML = `<h2>${h(m.name)}</h2>${stats}
    <svg width="${W}" height="${H}"><line x1="40" y1="${H - 20}" x2="${W}" y2="${H - 20}" stroke="#ccc"/><text x="0" y="14">${fmt(max)}</text><text x="0" y="${H - 20}">0</text>
    <text x="40" y="${H - 4}">${h(fmtTime(m.from))}</text><text x="${W - 80}" y="${H - 4}">${h(fmtTime(m.to))}</text>
    ${series.map(([, color, values]) => polyline(values, color, x, y)).join('')}</svg>
    <p>${series.map(([label, color]) => `<span style="color:${color}">■ ${label}</span>`).join(' ')}</p>`;
}

$('#instruments').onclick = e => { const li = e.target.closest('li[data-name]'); if (li) { instrument = li.dataset.name; chart(); } };
$('#service').onchange = () => { instrument = null; listInstruments(); };
$('#window').onchange = chart;
fillResources($('#service'), params.get('service')).then(listInstruments);
setInterval(() => instrument && chart(), 5000);
