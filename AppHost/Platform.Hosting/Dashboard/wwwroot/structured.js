// Structured logs: filters in the form (and the URL, so a view can be shared), newest first, links to traces.
const form = $('#query');
const params = new URLSearchParams(location.search);
for (const [k, v] of params) if (form.elements[k] && k !== 'from' && k !== 'to') form.elements[k].value = v;

async function search() {
  const q = formToQuery(form);
  if (params.get('traceId')) q.set('traceId', params.get('traceId'));
  const result = await api('/api/logs?' + q);
  $('#summary').textContent = `${result.entries.length} records shown` + (result.dropped ? ` · ${result.dropped} older records dropped to stay within the limit` : '');
  $('#logs tbody').innerHTML = result.entries.map(e => `<tr class="level-${h(e.level)}">
    <td class="mono">${h(new Date(e.timestamp).toLocaleString([], { hour12: false }))}</td><td>${h(e.level)}</td><td>${h(e.service)}</td>
    <td><div>${h(e.message)}</div><small class="mono">${h(e.category ?? '')}</small></td>
    <td>${e.traceId ? `<a href="/traces/${h(e.traceId)}">${h(e.traceId.slice(0, 8))}</a>` : ''}</td></tr>`).join('');
}

form.onsubmit = e => { e.preventDefault(); history.replaceState(null, '', '?' + formToQuery(form)); search(); };
fillResources(form.elements.service, params.get('service')).then(search);
