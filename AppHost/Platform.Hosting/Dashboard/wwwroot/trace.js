// One trace as a waterfall: spans in call order (children under their parent), bars on a shared time axis.
const traceId = location.pathname.split('/').pop();
$('#trace-id').textContent = traceId;
let spans = [];

function order(all) {
  const byId = new Map(all.map(s => [s.spanId, s]));
  const children = new Map();
  const roots = [];
  for (const s of all) {
    if (s.parentSpanId && byId.has(s.parentSpanId)) (children.get(s.parentSpanId) ?? children.set(s.parentSpanId, []).get(s.parentSpanId)).push(s);
    else roots.push(s);
  }
  const out = [];
  const stack = roots.reverse().map(s => [s, 0]);
  while (stack.length) {
    const [s, depth] = stack.pop();
    out.push([s, depth]);
    const kids = children.get(s.spanId) || [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i], depth + 1]);
  }
  return out;
}

function render(data) {
  spans = data.spans.map(s => ({ ...s, startMs: Date.parse(s.start), ms: spanMs(s.duration) }));
  const start = Math.min(...spans.map(s => s.startMs));
  const end = Math.max(...spans.map(s => s.startMs + s.ms));
  const total = Math.max(end - start, 0.001);
  const services = [...new Set(spans.map(s => s.service))];
  $('#summary').textContent = `${spans.length} spans · ${services.length} resources (${services.join(', ')}) · ${fmtMs(total)}`;
  const rows = order(spans).map(([s, depth]) => {
    const left = ((s.startMs - start) / total) * 100, width = (s.ms / total) * 100;
    return `<div class="wf-row" data-span="${h(s.spanId)}" data-service="${h(s.service)}"><div class="wf-name" style="padding-left:${4 + depth * 12}px">${h(s.service)}: ${h(s.name)}</div>
      <div class="wf-bar"><i class="${s.status === 'Error' ? 'error' : ''}" style="left:${left}%;width:${width}%"></i><span style="left:${Math.min(left + width, 90)}%">&nbsp;${fmtMs(s.ms)}</span></div></div>`;
  });
  $('#waterfall').innerHTML = rows.join('');
  document.body.dataset.rendered = spans.length;
}

function showSpan(id) {
  const s = spans.find(x => x.spanId === id);
  const table = o => Object.entries(o || {}).map(([k, v]) => `<tr><td class="mono">${h(k)}</td><td class="mono">${h(v)}</td></tr>`).join('');
  const section = $('#span');
  section.hidden = false;
  section.innerHTML = `<h2>${h(s.service)}: ${h(s.name)}</h2><dl><dt>Kind</dt><dd>${h(s.kind)}</dd><dt>Status</dt><dd class="status-${h(s.status)}">${h(s.status)} ${h(s.statusMessage ?? '')}</dd>
    <dt>Start</dt><dd>${h(s.start)}</dd><dt>Duration</dt><dd>${fmtMs(s.ms)}</dd><dt>Span id</dt><dd class="mono">${h(s.spanId)}</dd>
    <dt>Parent</dt><dd class="mono">${h(s.parentSpanId ?? '—')}</dd><dt>Instance</dt><dd>${h(s.instanceId ?? '')}</dd><dt>Scope</dt><dd>${h(s.scope ?? '')}</dd></dl>
    <h3>Attributes</h3><table class="grid">${table(s.attributes)}</table>
    <h3>Events</h3>${(s.events || []).map(e => `<h4>${h(fmtTime(e.time))} ${h(e.name)}</h4><table class="grid">${table(e.attributes)}</table>`).join('') || '<p>None.</p>'}
    <p><a href="/structured?traceId=${h(s.traceId)}">Logs of this trace</a></p>`;
}

$('#waterfall').onclick = e => { const row = e.target.closest('[data-span]'); if (row) showSpan(row.dataset.span); };
api('/api/traces/' + encodeURIComponent(traceId)).then(render).catch(error => { $('#summary').textContent = error.message; });
