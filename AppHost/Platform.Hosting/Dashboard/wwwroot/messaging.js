// Messaging: queues with depth, consumers and rates; error queues' messages with their reasons, re-drive of one or all; outbox lag.
const fmtRate = r => r ? r.toFixed(1) : '0';

async function refresh() {
  const { queues, problems } = await api('/api/messaging/queues');
  $('#queues tbody').innerHTML = queues.map(q => `<tr data-queue="${h(q.name)}" class="${q.isErrorQueue && q.ready ? 'status-Error' : ''}">
    <td>${h(q.name)}</td><td class="ready">${q.ready}</td><td>${q.unacknowledged}</td><td>${q.consumers}</td><td>${fmtRate(q.publishRate)}</td><td>${fmtRate(q.deliverRate)}</td></tr>`).join('')
    + problems.map(p => `<tr><td colspan="6" class="status-Error">${h(p)}</td></tr>`).join('');
  const outbox = await api('/api/messaging/outbox');
  $('#outbox tbody').innerHTML = outbox.map(o => `<tr data-service="${h(o.service)}"><td>${h(o.service)}</td>
    <td class="lag">${o.lagSeconds == null ? 'not reported yet' : `${o.lagSeconds.toFixed(1)} s, reported at ${fmtTime(o.measuredAt)}`}</td><td class="health-${h(o.health)}">${h(o.health ?? '')}</td></tr>`).join('');
  const errors = queues.filter(q => q.isErrorQueue && q.ready > 0);
  const parts = await Promise.all(errors.map(async q => {
    const messages = await api(`/api/messaging/${encodeURIComponent(q.broker)}/queues/${encodeURIComponent(q.name)}/messages?count=50`);
    return `<h3>${h(q.name)} <small>(${q.ready} waiting)</small> <button data-redrive-all="${h(q.name)}" data-broker="${h(q.broker)}" data-waiting="${q.ready}">Re-drive all</button></h3><table class="grid error-queue" data-queue="${h(q.name)}" data-broker="${h(q.broker)}">
      <thead><tr><th>Message</th><th>Reason</th><th>Failed at</th><th></th></tr></thead><tbody>${messages.map(m => `<tr data-message="${h(m.messageId)}">
      <td class="mono">${h(m.messageId)}<br><small>${h(m.messageType ?? '')}</small></td>
      <td><b>${h(m.exceptionType ?? m.reason ?? 'No MassTransit fault headers')}</b><div>${h(m.exceptionMessage ?? '')}</div><details><summary>${bodySummary(m)}</summary><pre class="mono">${h(m.payload)}</pre></details></td>
      <td>${h(fmtDateTime(m.failedAt))}</td><td>${redriveCell(m)}</td></tr>`).join('')}</tbody></table>`;
  }));
  // Bodies the operator opened stay open across the refresh.
  const open = new Set([...document.querySelectorAll('#errors tr[data-message] details[open]')].map(d => d.closest('tr').dataset.message));
  $('#errors').innerHTML = parts.join('') || '<p>No dead-lettered messages.</p>';
  document.querySelectorAll('#errors tr[data-message]').forEach(tr => { if (open.has(tr.dataset.message)) tr.querySelector('details').open = true; });
}

// What the body shown is, when it is not the whole text: the broker cuts long bodies and gives binary ones in base64.
function bodySummary(m) {
  const notes = [m.payloadShownBytes < m.payloadBytes ? `the first ${m.payloadShownBytes} of ${m.payloadBytes} bytes` : m.payloadBase64 ? `${m.payloadBytes} bytes` : null,
    m.payloadBase64 ? 'base64' : null].filter(n => n);
  return notes.length ? `Body (${notes.join(', ')})` : 'Body';
}

// A re-drive picks its message by id; one published without an id can only go with the others.
const redriveCell = m => m.messageId ? `<button data-redrive="${h(m.messageId)}">Re-drive</button>` : '<small>No message id: Re-drive all moves it</small>';

const redrivePath = (broker, queue, what) => `/api/messaging/${encodeURIComponent(broker)}/queues/${encodeURIComponent(queue)}/${what}`;

// Every message of one error queue, after the operator confirms; the page says how many moved.
async function redriveAll(button) {
  const queue = button.dataset.redriveAll, target = queue.replace(/_error$/, '');
  if (!confirm(`Re-drive all ${button.dataset.waiting} messages of ${queue} to ${target}?`)) return;
  button.disabled = true;
  try {
    const result = await api(redrivePath(button.dataset.broker, queue, 'redrive-all'), { method: 'POST' });
    $('#notice').textContent = `Moved ${result.moved} message${result.moved === 1 ? '' : 's'} from ${queue} to ${result.queue}.`;
    await refresh();
  } catch (error) { $('#notice').textContent = error.message; button.disabled = false; }
}

$('#errors').addEventListener('click', async e => {
  if (e.target.dataset.redriveAll) return redriveAll(e.target);
  const id = e.target.dataset.redrive;
  if (!id) return;
  const table = e.target.closest('table');
  e.target.disabled = true;
  try {
    const result = await api(redrivePath(table.dataset.broker, table.dataset.queue, 'redrive'),
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ messageId: id }) });
    e.target.closest('tr').innerHTML = `<td colspan="4">Re-driven to ${h(result.queue)}.</td>`;
  } catch (error) { alert(error.message); e.target.disabled = false; }
});
refresh();
setInterval(refresh, 5000);
