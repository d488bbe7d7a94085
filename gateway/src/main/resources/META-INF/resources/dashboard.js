'use strict';
// kubelode dashboard: plain JS, no build step. The API token stays in sessionStorage; the
// progress stream is read with fetch (EventSource cannot send an Authorization header).
(function () {
  const LAYERS = [
    ['InstanceReady', 'Instance'], ['ContainersReady', 'Containers'], ['NetworkRouted', 'Network'],
    ['KubernetesJoined', 'Kubernetes'], ['AppsDeployed', 'Apps'], ['DnsPublished', 'DNS']];
  const $ = (id) => document.getElementById(id);
  let stream = null;
  let listTimer = null;

  function token() {
    return sessionStorage.getItem('kubelode.token');
  }

  function takeTokenFromFragment() {
    const m = location.hash.match(/[#&]token=([^&]+)/);
    if (m) {
      sessionStorage.setItem('kubelode.token', decodeURIComponent(m[1]));
      history.replaceState(null, '', location.pathname + location.hash.replace(/[#&]token=[^&]+/, '').replace(/^$/, '#/'));
    }
  }

  async function api(path) {
    const res = await fetch(path, { headers: { Authorization: 'Bearer ' + token(), Accept: 'application/json' } });
    if (res.status === 401) {
      sessionStorage.removeItem('kubelode.token');
      route();
      throw new Error('the token was refused');
    }
    const body = await res.json();
    if (!res.ok) {
      throw new Error(body.detail || body.title || ('HTTP ' + res.status));
    }
    return body;
  }

  function show(section) {
    for (const id of ['login', 'list', 'cluster']) {
      $(id).hidden = id !== section;
    }
  }

  function error(message) {
    $('error').hidden = !message;
    $('error').textContent = message || '';
  }

  function text(tag, content, cls) {
    const el = document.createElement(tag);
    el.textContent = content == null ? '' : String(content);
    if (cls) {
      el.className = cls;
    }
    return el;
  }

  async function showList() {
    show('list');
    const refresh = async () => {
      try {
        const clusters = await api('/clusters');
        const body = $('clusters').tBodies[0];
        body.replaceChildren();
        for (const c of clusters) {
          const tr = document.createElement('tr');
          tr.dataset.id = c.id;
          tr.append(text('td', c.id), text('td', c.phase), text('td', c.spec ? c.spec.nodes : ''),
            text('td', c.spec ? c.spec.region : ''), text('td', c.updatedAt));
          tr.addEventListener('click', () => { location.hash = '#/clusters/' + encodeURIComponent(c.id); });
          body.append(tr);
        }
        $('empty').hidden = clusters.length > 0;
        error(null);
      } catch (e) {
        error(e.message);
      }
    };
    await refresh();
    listTimer = setInterval(refresh, 3000);
  }

  function renderCluster(view) {
    $('cluster-id').textContent = view.id;
    $('phase').textContent = view.phase;
    $('phase').className = 'phase ' + view.phase;
    const ready = (view.conditions || []).find((c) => c.type === 'Ready');
    $('ready-message').textContent = ready ? ready.message : '';
    // how the latest repair of a node went: NodeRepaired is there once a node was repaired
    const repair = (view.conditions || []).find((c) => c.type === 'NodeRepaired');
    $('repair').hidden = !repair;
    if (repair) {
      const words = { True: 'Last repair', Unknown: 'Repair under way', False: 'Repair FAILED' };
      $('repair').textContent = (words[repair.status] || 'Repair') + ' (' + repair.reason + '): ' + repair.message
        + (repair.lastTransitionTime ? ' (since ' + repair.lastTransitionTime + ')' : '');
      $('repair').dataset.status = repair.status;
    }
    const head = $('grid').tHead.rows[0];
    if (head.cells.length === 1) {
      for (const [, label] of LAYERS) {
        head.append(text('th', label));
      }
    }
    const body = $('grid').tBodies[0];
    body.replaceChildren();
    for (const node of view.nodes) {
      const tr = document.createElement('tr');
      const th = text('th', node.label || ('node ' + node.node));
      th.id = 'node-' + node.node;
      if (node.linodeId != null || node.publicIpv4) {
        // a replaced node shows its new instance and address
        th.append(text('span', [node.linodeId != null ? 'Linode ' + node.linodeId : '', node.publicIpv4 || '']
          .filter((x) => x).join(' at '), 'hint'));
      }
      tr.append(th);
      for (const [type] of LAYERS) {
        const c = node.conditions.find((x) => x.type === type) || { status: 'Unknown', reason: '' };
        const td = text('td', c.reason, 'cell');
        td.id = 'cell-' + node.node + '-' + type;
        td.dataset.status = c.status;
        td.title = (c.message || '') + (c.lastTransitionTime ? ' (since ' + c.lastTransitionTime + ')' : '');
        tr.append(td);
      }
      body.append(tr);
    }
    const apps = $('apps');
    apps.replaceChildren();
    for (const app of view.apps || []) {
      const li = document.createElement('li');
      const a = text('a', app.url);
      a.href = app.url;
      li.append(text('span', app.app + ': '), a, text('span', app.ready ? '' : ' (not ready)', 'hint'));
      apps.append(li);
    }
  }

  async function follow(id) {
    show('cluster');
    $('log').replaceChildren();
    $('grid').tBodies[0].replaceChildren();
    const controller = new AbortController();
    stream = controller;
    let lastId = null;
    let pending = null;
    const refresh = () => {
      if (pending) {
        return;
      }
      pending = setTimeout(async () => {
        pending = null;
        try {
          renderCluster(await api('/clusters/' + encodeURIComponent(id)));
          error(null);
        } catch (e) {
          error(e.message);
        }
      }, 30);
    };
    refresh();
    while (!controller.signal.aborted) {
      try {
        const headers = { Authorization: 'Bearer ' + token(), Accept: 'text/event-stream' };
        if (lastId !== null) {
          headers['Last-Event-ID'] = lastId;
        }
        const res = await fetch('/clusters/' + encodeURIComponent(id) + '/events', { headers, signal: controller.signal });
        if (!res.ok) {
          const p = await res.json();
          error(p.detail || ('HTTP ' + res.status));
          return;
        }
        $('stream-state').textContent = 'live';
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) {
            break;
          }
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let eventId = null;
            const data = [];
            for (const line of block.split('\n')) {
              if (line.startsWith('id:')) {
                eventId = line.slice(3).trim();
              } else if (line.startsWith('data:')) {
                data.push(line.slice(5).replace(/^ /, ''));
              }
            }
            if (data.length) {
              lastId = eventId;
              const entry = JSON.parse(data.join('\n'));
              const li = text('li', entry.time + '  ' + (entry.summary || entry.type.replace(/^kubelode\./, '')));
              li.title = entry.type + ' from ' + entry.source;
              li.dataset.position = entry.position;
              $('log').append(li);
              refresh();
            }
          }
        }
      } catch (e) {
        if (controller.signal.aborted) {
          return;
        }
      }
      $('stream-state').textContent = 'reconnecting';
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  function route() {
    if (stream) {
      stream.abort();
      stream = null;
    }
    if (listTimer) {
      clearInterval(listTimer);
      listTimer = null;
    }
    error(null);
    if (!token()) {
      show('login');
      return;
    }
    const m = location.hash.match(/^#\/clusters\/(.+)$/);
    if (m) {
      follow(decodeURIComponent(m[1]));
    } else {
      showList();
    }
  }

  $('login-form').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem('kubelode.token', $('token').value);
    $('token').value = '';
    route();
  });
  window.addEventListener('hashchange', route);
  takeTokenFromFragment();
  route();
}());
