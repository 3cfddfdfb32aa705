// Traces: one row per trace, sortable by clicking a column, filtered by resource, status, duration and name.
const form = $('#query');
const params = new URLSearchParams(location.search);
queryToForm(form, params);
let sort = params.get('sort') || 'start';
let ascending = params.get('ascending') === 'true';

async function search() {
  const q = formToQuery(form);
  q.set('sort', sort);
  q.set('ascending', ascending);
  let result;
  try { result = await api('/api/trace-list?' + q); } catch (error) { showRefused('#traces', error); return; }
  $('#summary').textContent = shownOf(result.traces.length, result.matched, 'traces') + (result.dropped ? ` · ${result.dropped} older spans dropped to stay within the limit` : '');
  document.querySelectorAll('#traces th[data-sort]').forEach(th => th.dataset.direction = th.dataset.sort === sort ? (ascending ? 'asc' : 'desc') : '');
  $('#traces tbody').innerHTML = result.traces.map(t => `<tr data-trace="${h(t.traceId)}" class="${t.hasError ? 'status-Error' : ''}">
    <td class="mono">${h(new Date(t.start).toLocaleString([], { hourCycle: 'h23' }))}</td>
    <td><a href="/traces/${h(t.traceId)}">${h(t.rootService)}: ${h(t.name)}</a></td><td>${h(t.services.join(', '))}</td>
    <td>${t.spanCount}</td><td class="duration">${fmtMs(spanMs(t.duration))}</td><td>${h(t.status)}</td></tr>`).join('');
}

document.querySelectorAll('#traces th[data-sort]').forEach(th => th.onclick = () => {
  ascending = sort === th.dataset.sort ? !ascending : false;
  sort = th.dataset.sort;
  search();
});
form.onsubmit = e => { e.preventDefault(); history.replaceState(null, '', '?' + formToQuery(form)); search(); };
fillResources(form.elements.service, params.get('service')).then(search);
