// Resources: a live table fed by server-sent events, details on click, commands, and the graph of references.
const resources = new Map();
// The last run of each command started from this page, by "resource/command": running, succeeded or failed, with its message.
const commandRuns = new Map();
let selected = null;

function row(r) {
  const urls = (r.endpoints || []).map(e => `${h(e.name)}: <a href="${h(e.url)}" target="_blank" rel="noopener">${h(e.url)}</a>`).join('<br>');
  return `<td><a href="#${h(r.name)}" class="name">${h(r.name)}</a></td><td>${h(r.type)}</td>
    <td class="state state-${h(r.state)}">${h(r.state)}</td><td class="health health-${h(r.health)}">${h(r.health ?? '')}</td>
    <td class="started">${h(r.startedAt ? new Date(r.startedAt).toLocaleString([], { hourCycle: 'h23' }) : '')}</td><td>${urls}</td>
    <td class="restarts">${r.restartCount}</td>
    <td><button data-command="start">Start</button><button data-command="stop">Stop</button><button data-command="restart">Restart</button>${commandButtons(r)}</td>`;
}

// The resource's own commands (WithCommand): disabled with the reason as tooltip, and how the last run from this page ended.
function commandButtons(r) {
  const shown = (r.commands || []).filter(c => c.state !== 'Hidden');
  if (!shown.length) return '';
  return '<span class="commands">' + shown.map(c => {
    const run = commandRuns.get(`${r.name}/${c.name}`);
    const disabled = c.state !== 'Enabled' || run?.kind === 'running';
    const title = c.state === 'Enabled' ? c.description : c.disabledReason;
    const status = !run ? '' : `<span class="command-status command-${run.kind}" data-command-status="${h(c.name)}">${h(
      run.kind === 'running' ? 'Running…' : (run.kind === 'succeeded' ? 'Succeeded' : 'Failed') + (run.message ? ': ' + run.message : ''))}</span>`;
    return `<button data-resource-command="${h(c.name)}" title="${h(title)}"${disabled ? ' disabled' : ''}>${h(c.displayName)}</button>${status}`;
  }).join('') + '</span>';
}

async function runCommand(resource, name) {
  const command = resources.get(resource).commands.find(c => c.name === name);
  if (command.confirmationMessage && !confirm(command.confirmationMessage)) return;
  const key = `${resource}/${name}`;
  const show = (kind, message) => { commandRuns.set(key, { kind, message }); upsert(resources.get(resource)); };
  show('running');
  try {
    const response = await fetch(`/api/resources/${encodeURIComponent(resource)}/commands/${encodeURIComponent(name)}`, { method: 'POST' });
    const body = await response.json().catch(() => ({}));
    if (response.ok) show(body.success ? 'succeeded' : 'failed', body.message);
    else show('failed', body.detail || `${response.status} ${response.statusText}`);
  } catch (error) {
    show('failed', error.message);
  }
}

// Sets an element's content only when it changed. Every running resource's health check (every 2 s)
// brings a new snapshot; rewriting what did not change would drop the operator's text selection,
// the tooltip under the mouse and a click half done on a button.
function show(element, html) {
  if (element.shown === html) return;
  element.innerHTML = html;
  element.shown = html;
}

function upsert(r) {
  const known = resources.has(r.name);
  resources.set(r.name, r);
  let tr = document.querySelector(`tr[data-resource="${CSS.escape(r.name)}"]`);
  if (!tr) {
    tr = document.createElement('tr');
    tr.dataset.resource = r.name;
    $('#resources tbody').append(tr);
  }
  show(tr, row(r));
  tr.dataset.state = r.state;
  tr.dataset.health = r.health ?? '';
  tr.classList.toggle('selected', r.name === selected);
  if (!known) drawGraph();
  if (r.name === selected) showDetails(r.name, false);
}

async function showDetails(name, withEnvironment = true) {
  selected = name;
  document.querySelectorAll('#resources tr').forEach(tr => tr.classList.toggle('selected', tr.dataset.resource === name));
  const r = resources.get(name);
  const section = $('#details');
  const health = (r.healthReports || []).map(x => `<tr><td>${h(x.name)}</td><td class="health-${h(x.status)}">${h(x.status)}</td><td>${h(x.description)}</td><td>${fmtTime(x.checkedAt)}</td></tr>`).join('');
  const endpoints = (r.endpoints || []).map(e => `<tr><td>${h(e.name)}</td><td><a href="${h(e.url)}">${h(e.url)}</a></td></tr>`).join('');
  if (section.dataset.resource !== name) {
    section.dataset.resource = name;
    section.innerHTML = `<div id="facts"></div><h3>Endpoints</h3><table class="grid" id="endpoints"></table>
      <h3>Health checks</h3><table class="grid" id="health"></table><h3>Environment</h3><table id="environment" class="grid"></table>
      <p><a href="/console?resource=${encodeURIComponent(r.name)}">Console logs</a> · <a href="/structured?service=${encodeURIComponent(r.name)}">Structured logs</a> · <a href="/traces?service=${encodeURIComponent(r.name)}">Traces</a> · <a href="/metrics?service=${encodeURIComponent(r.name)}">Metrics</a></p>`;
  }
  section.hidden = false;
  show($('#facts'), `<h2>${h(r.name)} <small>${h(r.type)}</small></h2>
    <dl><dt>State</dt><dd class="state-${h(r.state)}">${h(r.state)}${r.stateMessage ? ' — ' + h(r.stateMessage) : ''}</dd>
    <dt>Health</dt><dd>${h(r.health ?? '—')}</dd><dt>Process ids</dt><dd>${h((r.processIds || []).join(', '))}</dd>
    <dt>Restarts</dt><dd>${r.restartCount}</dd><dt>Exit code</dt><dd>${h(r.exitCode ?? '')}</dd>
    <dt>References</dt><dd>${(r.references || []).map(x => `<a href="#${h(x)}">${h(x)}</a>`).join(', ') || '—'}</dd>
    <dt>Commands</dt><dd id="commands">${(r.commands || []).filter(c => c.state !== 'Hidden').map(c => `${h(c.displayName)}: ${h(c.state)}${c.disabledReason ? ' — ' + h(c.disabledReason) : ''}`).join('<br>') || '—'}</dd></dl>`);
  show($('#endpoints'), endpoints);
  show($('#health'), health);
  if (withEnvironment) {
    const variables = await api(`/api/resources/${encodeURIComponent(name)}/environment`);
    if (selected !== name) return; // another resource was chosen meanwhile: its details are showing
    $('#environment').innerHTML = variables.map(v => `<tr><td class="mono">${h(v.name)}</td><td class="mono">${h(v.value)}</td></tr>`).join('') || '<tr><td>Not launched yet.</td></tr>';
  }
}

// Layers by depth of references: what references nothing (the servers) sits at the bottom, each resource above what it references.
function drawGraph() {
  const all = [...resources.values()];
  const depth = new Map();
  const level = (r, seen = new Set()) => {
    if (depth.has(r.name)) return depth.get(r.name);
    if (seen.has(r.name)) return 0;
    seen.add(r.name);
    const d = Math.max(-1, ...(r.references || []).map(n => resources.has(n) ? level(resources.get(n), seen) : -1)) + 1;
    depth.set(r.name, d);
    return d;
  };
  all.forEach(r => level(r));
  const layers = [];
  all.forEach(r => (layers[depth.get(r.name)] ??= []).push(r.name));
  const pos = new Map();
  const w = 120, gap = 20, rowH = 70;
  layers.forEach((names, d) => names.forEach((n, i) => pos.set(n, { x: 10 + i * (w + gap), y: 10 + (layers.length - 1 - d) * rowH })));
  const width = Math.max(...layers.map(l => l.length)) * (w + gap) + 20;
  let svg = '';
  for (const r of all) for (const ref of r.references || []) {
    const a = pos.get(r.name), b = pos.get(ref);
    if (a && b) svg += `<line x1="${a.x + w / 2}" y1="${a.y + 28}" x2="${b.x + w / 2}" y2="${b.y}" stroke="#8a94a0"/>`;
  }
  for (const [n, p] of pos) svg += `<g><rect x="${p.x}" y="${p.y}" width="${w}" height="28" rx="4" fill="#eef3fd" stroke="#2458c6"/><text x="${p.x + w / 2}" y="${p.y + 18}" text-anchor="middle">${h(n)}</text></g>`;
  const graph = $('#graph');
  graph.setAttribute('width', width);
  graph.setAttribute('height', layers.length * rowH + 10);
  graph.innerHTML = svg;
}

$('#resources').addEventListener('click', async e => {
  const tr = e.target.closest('tr[data-resource]');
  if (!tr) return;
  const command = e.target.dataset.command;
  if (e.target.dataset.resourceCommand) {
    await runCommand(tr.dataset.resource, e.target.dataset.resourceCommand);
  } else if (command) {
    e.target.disabled = true;
    try { await api(`/api/resources/${encodeURIComponent(tr.dataset.resource)}/${command}`, { method: 'POST' }); }
    catch (error) { alert(error.message); }
    finally { e.target.disabled = false; }
  } else if (e.target.classList.contains('name')) {
    e.preventDefault();
    location.hash = tr.dataset.resource;
  }
});
window.addEventListener('hashchange', () => resources.has(location.hash.slice(1)) && showDetails(location.hash.slice(1)));

live('/api/stream/resources', r => {
  upsert(r);
  const wanted = decodeURIComponent(location.hash.slice(1));
  if (wanted && !selected && resources.has(wanted)) showDetails(wanted);
});
