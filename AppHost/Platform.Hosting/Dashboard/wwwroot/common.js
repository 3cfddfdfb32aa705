// Helpers every page uses. No framework: the pages are small.
const h = s => String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const $ = s => document.querySelector(s);
// A refusal's message is its problem's detail when it has one (what the operator can act on), else its body.
async function api(path, options) {
  const response = await fetch(path, options);
  if (!response.ok) {
    const text = await response.text();
    let detail = text;
    try { detail = JSON.parse(text).detail ?? text; } catch { /* not problem JSON */ }
    throw new Error(`${response.status} ${detail}`);
  }
  return response.status === 204 ? null : response.json();
}
// How many rows a search shows: "500 of 1234 matching …" when its limit left some out, so the page does not read as all there is.
const shownOf = (shown, matched, what) => matched > shown ? `${shown} of ${matched} matching ${what} shown` : `${shown} ${what} shown`;
// A search the API refused: its rows go (they answered the search before) and the summary says why.
function showRefused(table, error) {
  $(table + ' tbody').innerHTML = '';
  $('#summary').textContent = 'Nothing shown: ' + error.message;
}
const fmtTime = t => t ? new Date(t).toLocaleTimeString([], { hourCycle: 'h23' }) + '.' + String(new Date(t).getMilliseconds()).padStart(3, '0') : '';
// An instant as the viewer reads it: the date and the time (to the millisecond) in their time zone;
// text that is no instant (a header another sender wrote) as it is.
const fmtDateTime = t => !t ? '' : isNaN(new Date(t)) ? String(t) : new Date(t).toLocaleDateString() + ' ' + fmtTime(t);
function fmtMs(ms) {
  if (ms < 1) return ms.toFixed(3) + ' ms';
  if (ms < 1000) return ms.toFixed(ms < 10 ? 2 : 0) + ' ms';
  return (ms / 1000).toFixed(2) + ' s';
}
// TimeSpan as .NET writes it ("00:00:01.2345678") to milliseconds.
function spanMs(text) {
  const m = /^(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(text || '');
  return m ? (((+(m[1] || 0) * 24 + +m[2]) * 60 + +m[3]) * 60 + +m[4]) * 1000 : 0;
}
// An event stream of JSON items that says when it is lost: the page would otherwise go on showing
// its last states (Running, Healthy) as if they were current after the AppHost stopped.
function live(url, onItem) {
  const stream = new EventSource(url);
  stream.onopen = () => { $('#connection').textContent = ''; };
  stream.onmessage = e => onItem(JSON.parse(e.data));
  stream.onerror = () => {
    $('#connection').textContent = stream.readyState === EventSource.CLOSED
      ? 'Not connected to the AppHost: sign in again (a restarted AppHost has a new token).'
      : 'Connection to the AppHost lost, reconnecting: what this page shows may be out of date.';
  };
  return stream;
}
async function fillResources(select, selected) {
  const resources = await api('/api/resources');
  for (const r of resources) select.insertAdjacentHTML('beforeend', `<option${r.name === selected ? ' selected' : ''}>${h(r.name)}</option>`);
}
// A form's filters as a query (times as instants, so a shared URL means the same in every time zone), and back.
function formToQuery(form) {
  const q = new URLSearchParams();
  for (const [k, v] of new FormData(form)) if (v) q.set(k, form.elements[k].type === 'datetime-local' ? new Date(v).toISOString() : v);
  return q;
}
function queryToForm(form, query) {
  for (const [k, v] of query) {
    const input = form.elements[k];
    if (input) input.value = input.type === 'datetime-local' ? localTime(v) : input.tagName === 'SELECT' ? optionNamed(input, v) : v;
  }
}
// The select's option a URL names in any case ("warning" is Warning), as the API reads it.
function optionNamed(select, value) {
  const option = [...select.options].find(o => o.value.toLowerCase() === value.toLowerCase());
  return option ? option.value : value;
}
// An instant as a datetime-local input takes it: local time, to the second.
function localTime(instant) {
  const t = new Date(instant);
  return isNaN(t) ? '' : new Date(t.getTime() - t.getTimezoneOffset() * 60000).toISOString().slice(0, 19);
}
async function showTruncation() {
  try {
    const t = await api('/api/telemetry/limits');
    const dropped = Object.entries(t.dropped).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`);
    const exports = n => `${n} export${n === 1 ? '' : 's'}`;
    const unjournaled = [
      t.journal.tooLarge && `${exports(t.journal.tooLarge)} too large for the journal`,
      t.journal.notWritten && `${exports(t.journal.notWritten)} the journal could not write`,
    ].filter(Boolean);
    $('#truncation').textContent = [
      dropped.length && 'Oldest telemetry dropped to stay within limits: ' + dropped.join(', ') + '.',
      unjournaled.length && 'Shown but not kept on disk: ' + unjournaled.join(', ') + '.',
      t.journal.skippedAtStart && `${t.journal.skippedAtStart} damaged journal record${t.journal.skippedAtStart === 1 ? '' : 's'} skipped at start.`,
    ].filter(Boolean).join(' ');
  } catch { /* the limits are informative only */ }
}
showTruncation();
