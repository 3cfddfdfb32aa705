// Structured logs: filters in the form (and the URL, so a view can be shared), newest first, links to traces.
const form = $('#query');
const params = new URLSearchParams(location.search);
queryToForm(form, params);

// The form's To takes in its whole second (a record at 10:05:07.300 is one of 10:05:07); the API's `to` is where it stops.
function logsQuery() {
  const q = formToQuery(form);
  if (q.get('to')) q.set('to', new Date(Date.parse(q.get('to')) + 1000).toISOString());
  return q;
}

async function search() {
  let result;
  try { result = await api('/api/logs?' + logsQuery()); } catch (error) { showRefused('#logs', error); return; }
  const trace = form.elements.traceId.value;
  $('#summary').textContent = shownOf(result.entries.length, result.matched, 'records') + (result.matched > result.entries.length ? ' (the newest)' : '') + (trace ? ` of trace ${trace}` : '') + (result.dropped ? ` · ${result.dropped} older records dropped to stay within the limit` : '');
  $('#logs tbody').innerHTML = result.entries.map(e => `<tr class="level-${h(e.level)}">
    <td class="mono">${h(new Date(e.timestamp).toLocaleString([], { hourCycle: 'h23' }))}</td><td>${h(e.level)}</td><td>${h(e.service)}</td>
    <td><div>${h(e.message)}</div><small class="mono">${h(e.category ?? '')}</small></td>
    <td>${e.traceId ? `<a href="/traces/${h(e.traceId)}">${h(e.traceId.slice(0, 8))}</a>` : ''}</td></tr>`).join('');
}

form.onsubmit = e => { e.preventDefault(); history.replaceState(null, '', '?' + formToQuery(form)); search(); };
fillResources(form.elements.service, params.get('service')).then(search);
