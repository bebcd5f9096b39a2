// ModularTorrent dashboard: state comes from the WebSocket (snapshot + deltas + events); the
// REST API is used only for actions and for detail views when they open. No polling.
(() => {
  'use strict';
  const torrents = new Map();   // infoHash -> resource
  const plugins = new Map();    // id -> resource
  let selected = null;
  let socket = null;
  let retryDelay = 500;

  const $ = (sel) => document.querySelector(sel);
  const keyInput = $('#api-key');
  keyInput.value = localStorage.getItem('mt.apiKey') || '';
  keyInput.addEventListener('change', () => { localStorage.setItem('mt.apiKey', keyInput.value.trim()); connect(); loadPlugins(); });

  function headers(extra) {
    const h = Object.assign({}, extra || {});
    const key = keyInput.value.trim();
    if (key) h['X-Api-Key'] = key;
    return h;
  }

  async function api(method, path, body, isForm) {
    const init = { method, headers: headers(isForm || body === undefined ? {} : { 'Content-Type': 'application/json' }) };
    if (body !== undefined) init.body = isForm ? body : JSON.stringify(body);
    const response = await fetch(path, init);
    const text = await response.text();
    const data = text ? JSON.parse(text) : null;
    if (!response.ok) {
      const detail = data && (data.detail || data.title) || response.statusText;
      throw new Error(detail);
    }
    return data;
  }

  function fmtBytes(n) {
    if (!n) return '0 B';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return `${n.toFixed(i ? 1 : 0)} ${units[i]}`;
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') node.className = v; else if (k.startsWith('on')) node.addEventListener(k.slice(2), v); else node.setAttribute(k, v);
    }
    for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(c ?? ''));
    return node;
  }

  function progressBar(fraction) {
    const pct = Math.round((fraction || 0) * 1000) / 10;
    const bar = el('div', { class: 'bar', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(pct), 'data-complete': String(pct >= 100) });
    const fill = el('span');
    fill.style.width = `${pct}%`;
    bar.append(fill, el('em', {}, `${pct}%`));
    return bar;
  }

  function renderTorrents() {
    const body = $('#torrents tbody');
    body.replaceChildren();
    const rows = [...torrents.values()].sort((a, b) => (a.addedAt < b.addedAt ? -1 : 1));
    for (const t of rows) {
      const paused = t.state === 'paused';
      const tr = el('tr', { 'data-infohash': t.infoHash, onclick: () => openDetail(t.infoHash) },
        el('td', { class: 'name' }, t.name),
        el('td', { class: `state state-${t.state}` }, t.state),
        el('td', {}, progressBar(t.progress)),
        el('td', {}, `${fmtBytes(t.downloadRate)}/s`),
        el('td', {}, `${fmtBytes(t.uploadRate)}/s`),
        el('td', { class: 'peers' }, String(t.peers)),
        el('td', {},
          el('button', { class: 'toggle', onclick: (e) => { e.stopPropagation(); act(t.infoHash, paused ? 'resume' : 'pause'); } }, paused ? 'Resume' : 'Pause'),
          ' ',
          el('button', { class: 'remove', onclick: (e) => { e.stopPropagation(); remove(t.infoHash); } }, 'Remove')));
      body.append(tr);
    }
    $('#empty').hidden = torrents.size > 0;
    const down = rows.reduce((s, t) => s + t.downloadRate, 0);
    const up = rows.reduce((s, t) => s + t.uploadRate, 0);
    $('#stats').textContent = `${torrents.size} torrents · ↓ ${fmtBytes(down)}/s · ↑ ${fmtBytes(up)}/s`;
  }

  function renderPlugins() {
    const body = $('#plugins tbody');
    body.replaceChildren();
    for (const p of [...plugins.values()].sort((a, b) => a.id.localeCompare(b.id))) {
      body.append(el('tr', { 'data-plugin': p.id },
        el('td', {}, p.id),
        el('td', {}, p.version || ''),
        el('td', { class: `state state-${p.state}` }, p.state),
        el('td', {}, (p.exports || []).join(', ')),
        el('td', {}, p.error || ''),
        el('td', {},
          el('button', { onclick: () => pluginAction(p.id, 'reload') }, 'Reload'), ' ',
          el('button', { onclick: () => pluginAction(p.id, p.state === 'disabled' ? 'enable' : 'disable') }, p.state === 'disabled' ? 'Enable' : 'Disable'))));
    }
  }

  async function openDetail(infoHash) {
    selected = infoHash;
    const t = torrents.get(infoHash);
    $('#detail').hidden = false;
    $('#detail-title').textContent = t ? t.name : infoHash;
    await refreshDetail();
  }

  async function refreshDetail() {
    if (!selected) return;
    try {
      const [files, peers] = await Promise.all([api('GET', `/api/v1/torrents/${selected}/files`), api('GET', `/api/v1/torrents/${selected}/peers`)]);
      $('#detail-files tbody').replaceChildren(...files.map((f) => el('tr', {}, el('td', {}, f.path), el('td', {}, fmtBytes(f.length)), el('td', {}, fmtBytes(f.bytesCompleted)), el('td', {}, String(f.priority).toLowerCase()))));
      $('#detail-peers tbody').replaceChildren(...peers.map((p) => el('tr', {}, el('td', {}, p.endpoint), el('td', {}, p.client || ''), el('td', {}, `${Math.round(p.progress * 100)}%`), el('td', {}, `${fmtBytes(p.downloadRate)}/s`), el('td', {}, `${fmtBytes(p.uploadRate)}/s`), el('td', {}, p.flags))));
    } catch (e) {
      $('#detail-files tbody').replaceChildren(el('tr', {}, el('td', { colspan: '4' }, e.message)));
    }
  }

  async function act(infoHash, action) {
    try { const t = await api('POST', `/api/v1/torrents/${infoHash}/${action}`); torrents.set(t.infoHash, t); renderTorrents(); } catch (e) { report(e.message, true); }
  }

  async function remove(infoHash) {
    if (!confirm('Remove this torrent? Downloaded data stays on disk.')) return;
    try { await api('DELETE', `/api/v1/torrents/${infoHash}?deleteData=false`); } catch (e) { report(e.message, true); }
  }

  async function pluginAction(id, action) {
    try { const p = await api('POST', `/api/v1/plugins/${id}/${action}`); plugins.set(p.id, p); renderPlugins(); } catch (e) { alert(e.message); }
  }

  async function loadPlugins() {
    try { for (const p of await api('GET', '/api/v1/plugins')) plugins.set(p.id, p); renderPlugins(); } catch (e) { /* needs a key with read scope */ }
  }

  function report(message, isError) {
    const out = $('#add-result');
    out.textContent = message;
    out.className = isError ? 'error' : '';
  }

  $('#add-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const source = $('#add-magnet').value.trim();
    const file = $('#add-file').files[0];
    const savePath = $('#add-savepath').value.trim();
    const peers = $('#add-peers').value.split(',').map((p) => p.trim()).filter((p) => p);
    try {
      let t;
      if (file) {
        const form = new FormData();
        form.append('torrent', file);
        if (savePath) form.append('savePath', savePath);
        for (const peer of peers) form.append('peers', peer);
        t = await api('POST', '/api/v1/torrents', form, true);
      } else if (source) {
        const body = source.startsWith('magnet:') ? { magnet: source } : { url: source };
        if (savePath) body.savePath = savePath;
        if (peers.length) body.peers = peers;
        t = await api('POST', '/api/v1/torrents', body);
      } else {
        report('Give a magnet link, a URL or a .torrent file.', true);
        return;
      }
      torrents.set(t.infoHash, t);
      renderTorrents();
      report(`Added ${t.name}`);
      $('#add-form').reset();
    } catch (e) {
      report(e.message, true);
    }
  });

  function onMessage(message) {
    switch (message.type) {
      case 'snapshot':
        torrents.clear();
        for (const t of message.torrents) torrents.set(t.infoHash, t);
        renderTorrents();
        break;
      case 'resync':
        break; // a snapshot follows
      case 'transfer.changed': {
        const t = torrents.get(message.id);
        if (t) { Object.assign(t, message.changes); renderTorrents(); if (selected === message.id) refreshDetail(); }
        break;
      }
      case 'transfer.added':
        api('GET', `/api/v1/torrents/${message.id}`).then((t) => { torrents.set(t.infoHash, t); renderTorrents(); }).catch(() => {});
        break;
      case 'transfer.completed':
      case 'transfer.state':
        // Discrete state events may lead the next delta: refresh the row from the API at once.
        api('GET', `/api/v1/torrents/${message.id}`).then((t) => { torrents.set(t.infoHash, t); renderTorrents(); }).catch(() => {});
        break;
      case 'transfer.removed':
        torrents.delete(message.id);
        if (selected === message.id) { selected = null; $('#detail').hidden = true; }
        renderTorrents();
        break;
      case 'plugin.state': {
        const p = plugins.get(message.pluginId) || { id: message.pluginId, exports: [] };
        Object.assign(p, { state: message.state, version: message.version, error: message.error });
        plugins.set(p.id, p);
        renderPlugins();
        if (message.state === 'loaded') loadPlugins();
        break;
      }
      default:
        break;
    }
  }

  function connect() {
    if (socket) { socket.onclose = null; socket.close(); }
    const key = keyInput.value.trim();
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/events${key ? `?key=${encodeURIComponent(key)}` : ''}`;
    socket = new WebSocket(url);
    socket.onopen = () => { retryDelay = 500; $('#connection').textContent = 'live'; $('#connection').className = 'badge online'; };
    socket.onmessage = (e) => onMessage(JSON.parse(e.data));
    socket.onclose = () => {
      $('#connection').textContent = 'offline';
      $('#connection').className = 'badge offline';
      setTimeout(connect, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 10000);
    };
  }

  function route() {
    const plug = location.hash === '#plugins';
    $('#torrents-view').hidden = plug;
    $('#plugins-view').hidden = !plug;
    $('#nav-plugins').classList.toggle('active', plug);
    $('#nav-torrents').classList.toggle('active', !plug);
  }
  window.addEventListener('hashchange', route);
  route();
  connect();
  loadPlugins();
})();
