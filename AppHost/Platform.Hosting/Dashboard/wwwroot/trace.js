// One trace as a waterfall: spans in call order (children under their parent), bars on a shared time axis.
// Only the rows in view are in the page (fixed row height), so a trace of any size opens at once.
const traceId = location.pathname.split('/').pop();
const rowHeight = 20;
$('#trace-id').textContent = traceId;
let rows = [];
let total = 1;

// Depth-first from the roots; a span whose parent is not kept counts as a root.
function order(spans) {
  const ids = new Set(spans.map(s => s.id));
  const children = new Map();
  const roots = [];
  for (const s of spans) {
    if (s.parent && ids.has(s.parent)) (children.get(s.parent) ?? children.set(s.parent, []).get(s.parent)).push(s);
    else roots.push(s);
  }
  const out = [];
  const stack = roots.reverse().map(s => [s, 0]);
  while (stack.length) {
    const [s, depth] = stack.pop();
    s.depth = depth;
    out.push(s);
    const kids = children.get(s.id) || [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i], depth + 1]);
  }
  return out;
}

function row(s, index) {
  const left = (s.start / total) * 100, width = (s.duration / total) * 100;
  return `<div class="wf-row" style="top:${index * rowHeight}px" data-span="${h(s.id)}" data-parent="${h(s.parent ?? '')}" data-depth="${s.depth}" data-service="${h(s.service)}">
    <div class="wf-name" style="padding-left:${4 + Math.min(s.depth, 40) * 12}px">${h(s.service)}: ${h(s.name)}</div>
    <div class="wf-bar"><i class="${s.error ? 'error' : ''}" style="left:${left}%;width:${width}%"></i><span style="left:${Math.min(left + width, 90)}%">&nbsp;${fmtMs(s.duration / 1000)}</span></div></div>`;
}

function paint() {
  const view = $('#waterfall');
  const first = Math.max(0, Math.floor(view.scrollTop / rowHeight) - 20);
  const last = Math.min(rows.length, first + Math.ceil(view.clientHeight / rowHeight) + 40);
  const html = [];
  for (let i = first; i < last; i++) html.push(row(rows[i], i));
  $('#rows').innerHTML = html.join('');
}

function render(data) {
  const spans = data.spans.map(([id, parent, service, name, start, duration, error]) => ({ id, parent, service, name, start, duration, error }));
  // A loop, not Math.max(...): a call takes only so many arguments (about 125,000 in Chromium).
  total = spans.reduce((end, s) => Math.max(end, s.start + s.duration), 1);
  rows = order(spans);
  const services = [...new Set(spans.map(s => s.service))];
  $('#summary').textContent = `${spans.length} spans · ${services.length} resources (${services.join(', ')}) · ${fmtMs(total / 1000)}`;
  $('#waterfall').innerHTML = `<div id="rows" style="position:relative;height:${rows.length * rowHeight}px"></div>`;
  paint();
  document.body.dataset.rendered = spans.length;
  // After the frame that shows the waterfall: what the benchmark reads as "rendered".
  requestAnimationFrame(() => setTimeout(() => { window.renderedAt = performance.now(); }));
}

async function showSpan(id) {
  const s = await api(`/api/traces/${encodeURIComponent(traceId)}/spans/${encodeURIComponent(id)}`);
  const dropped = n => n ? ` <small>(${n} more dropped)</small>` : '';
  const table = o => Object.entries(o || {}).map(([k, v]) => `<tr><td class="mono">${h(k)}</td><td class="mono">${h(v)}</td></tr>`).join('');
  const section = $('#span');
  section.hidden = false;
  section.innerHTML = `<h2>${h(s.service)}: ${h(s.name)}</h2><dl><dt>Kind</dt><dd>${h(s.kind)}</dd><dt>Status</dt><dd class="status-${h(s.status)}">${h(s.status)} ${h(s.statusMessage ?? '')}</dd>
    <dt>Start</dt><dd>${h(fmtDateTime(s.start))}</dd><dt>Duration</dt><dd>${fmtMs(spanMs(s.duration))}</dd><dt>Span id</dt><dd class="mono">${h(s.spanId)}</dd>
    <dt>Parent</dt><dd class="mono">${h(s.parentSpanId ?? '—')}</dd><dt>Instance</dt><dd>${h(s.instanceId ?? '')}</dd><dt>Scope</dt><dd>${h(s.scope ?? '')}</dd></dl>
    <h3>Attributes${dropped(s.droppedAttributes)}</h3><table class="grid">${table(s.attributes)}</table>
    <h3>Events${dropped(s.droppedEvents)}</h3>${(s.events || []).map(e => `<h4>${h(fmtTime(e.time))} ${h(e.name)}${dropped(e.droppedAttributes)}</h4><table class="grid">${table(e.attributes)}</table>`).join('') || '<p>None.</p>'}
    <p><a href="/structured?traceId=${h(s.traceId)}">Logs of this trace</a></p>`;
}

$('#waterfall').onclick = e => { const r = e.target.closest('[data-span]'); if (r) showSpan(r.dataset.span); };
$('#waterfall').onscroll = () => requestAnimationFrame(paint);
api(`/api/traces/${encodeURIComponent(traceId)}/waterfall`).then(render).catch(error => { $('#summary').textContent = error.message; });
