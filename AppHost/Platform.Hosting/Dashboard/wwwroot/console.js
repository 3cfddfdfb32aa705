// Console logs: live lines of one resource or all, a text filter, pause (the newest lines kept meanwhile) and download.
const params = new URLSearchParams(location.search);
const kept = [];
const held = [];
const maxLines = 5000;
let dropped = 0; // lines held while paused beyond the page's maxLines, oldest first
let paused = false;
let stream;

const matches = l => { const f = $('#filter').value.toLowerCase(); return !f || l.text.toLowerCase().includes(f) || l.resource.includes(f); };
const render = l => `<div class="${l.isError ? 'err' : ''}"><span class="res">${h(fmtTime(l.timestamp))} ${h(l.resource)}</span> ${h(l.text)}</div>`;

function redraw() {
  const log = $('#log');
  log.innerHTML = kept.filter(matches).map(render).join('');
  log.scrollTop = log.scrollHeight;
}

// Loops, not push(...lines): a call takes only so many arguments (about 125,000 in Chromium).
function append(lines) {
  for (const line of lines) kept.push(line);
  if (kept.length > maxLines) kept.splice(0, kept.length - maxLines);
  const log = $('#log');
  const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  log.insertAdjacentHTML('beforeend', lines.filter(matches).map(render).join(''));
  while (log.childElementCount > maxLines) log.firstElementChild.remove();
  if (atBottom) log.scrollTop = log.scrollHeight;
}

// While paused: the page shows maxLines at most, so holding more would only be dropped on resume.
function hold(line) {
  held.push(line);
  if (held.length > maxLines) { held.shift(); dropped++; }
  $('#paused').textContent = `${held.length} new lines held` + (dropped ? `, ${dropped} older ones dropped` : '');
}

function follow() {
  stream?.close();
  kept.length = 0; held.length = 0; dropped = 0;
  $('#log').innerHTML = '';
  const resource = $('#resource').value;
  $('#download').href = '/api/console/download' + (resource ? '?resource=' + encodeURIComponent(resource) : '');
  let batch = [];
  stream = live('/api/stream/console' + (resource ? '?resource=' + encodeURIComponent(resource) : ''), line => {
    if (paused) { hold(line); return; }
    batch.push(line);
    if (batch.length === 1) requestAnimationFrame(() => { append(batch); batch = []; });
  });
}

$('#pause').onclick = () => {
  paused = !paused;
  $('#pause').textContent = paused ? 'Resume' : 'Pause';
  if (!paused) { append(held.splice(0)); dropped = 0; $('#paused').textContent = ''; }
};
$('#filter').oninput = redraw;
$('#resource').onchange = follow;
fillResources($('#resource'), params.get('resource')).then(follow);
