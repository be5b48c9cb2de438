// Tepat check-in desk without a connection. The phone keeps a hand-out's list — each
// invitation's slot, masked name, state and the salted SHA-256 of its code, never the code —
// checks typed codes against it, queues each check-in with its moment, and syncs the queue
// with the page's session when the connection returns. The form above works without this.
(function () {
  'use strict';

  var root = document.getElementById('desk');
  var form = document.getElementById('desk-form');
  if (!root || !form || !window.crypto || !window.crypto.subtle || !window.localStorage
    || !window.fetch || !window.TextEncoder || !window.URLSearchParams) {
    return;
  }
  var event = root.getAttribute('data-event');
  var csrf = root.getAttribute('data-csrf');
  var key = 'tepat.meja.' + event + '.';
  var stateNode = document.getElementById('desk-state');
  var result = document.getElementById('desk-result');
  var queueNode = document.getElementById('desk-queue');
  var refusedList = document.getElementById('desk-refused');
  var input = document.getElementById('desk-code');
  // The codes' alphabet (Crockford base32), read as the server reads it.
  var ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

  function text(name) { return root.getAttribute('data-' + name) || ''; }
  function load(name, fallback) {
    try { return JSON.parse(localStorage.getItem(key + name)) || fallback; } catch (e) { return fallback; }
  }
  function save(name, value) { localStorage.setItem(key + name, JSON.stringify(value)); }
  function say(words) { result.textContent = words; }

  function normalise(typed) {
    var chars = typed.replace(/[- ]/g, '').toUpperCase();
    var out = '';
    for (var i = 0; i < chars.length; i += 1) {
      var c = chars.charAt(i);
      if (c === 'O') { c = '0'; } else if (c === 'I' || c === 'L') { c = '1'; }
      if (ALPHABET.indexOf(c) < 0) { return null; }
      out += c;
    }
    return out.length === 12 ? out : null;
  }

  function hash(salt, code) {
    var bytes = new TextEncoder().encode(salt + ':' + code);
    return crypto.subtle.digest('SHA-256', bytes).then(function (digest) {
      return Array.prototype.map.call(new Uint8Array(digest), function (b) {
        return ('0' + b.toString(16)).slice(-2);
      }).join('');
    });
  }

  function showState() {
    var list = load('list', null);
    stateNode.textContent = list
      ? text('ready').replace('{count}', list.invitations.length)
        .replace('{taken}', new Date(list.taken_at).toLocaleString('id-ID',
          { dateStyle: 'medium', timeStyle: 'short' }))
      : text('no-list');
    queueNode.textContent = text('queued').replace('{count}', load('queue', []).length);
  }

  // Takes the list again; what this phone checked in and has not synced stays checked in.
  function refresh() {
    return fetch('/penyaluran-barang/' + event + '/meja.json', { credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (list) {
        var mine = load('checked', {});
        list.invitations.forEach(function (i) { if (mine[i.code_hash]) { i.status = 'checked_in'; } });
        save('list', list);
        showState();
      })
      .catch(function () { showState(); });
  }

  function sync() {
    var queue = load('queue', []);
    if (!queue.length) { return Promise.resolve(); }
    var body = new URLSearchParams();
    body.set('csrf_token', csrf);
    body.set('queue', JSON.stringify({ check_ins: queue }));
    return fetch('/penyaluran-barang/' + event + '/meja/sinkron',
      { method: 'POST', body: body, credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (done) {
        // Check-ins queued while this one was on its way stay queued.
        save('queue', load('queue', []).slice(queue.length));
        done.results.forEach(function (r) {
          if (r.status !== 'refused') { return; }
          var item = document.createElement('li');
          item.textContent = text('refused') + ' ' + r.code + ': ' + r.message;
          refusedList.appendChild(item);
        });
        say(text('synced').replace('{checked}', done.checked_in)
          .replace('{already}', done.already).replace('{refused}', done.refused));
        showState();
        return refresh();
      })
      .catch(function () { say(text('offline')); showState(); });
  }

  function checkIn(list, code) {
    return hash(list.salt, code).then(function (h) {
      var found = list.invitations.filter(function (i) { return i.code_hash === h; })[0];
      if (!found) { say(text('unknown')); return; }
      if (found.status === 'checked_in') { say(text('twice').replace('{name}', found.name)); return; }
      if (found.status !== 'invited') { say(text('refused') + ': ' + found.name); return; }
      found.status = 'checked_in';
      save('list', list);
      var mine = load('checked', {});
      mine[h] = true;
      save('checked', mine);
      var queue = load('queue', []);
      queue.push({ code: code, at: new Date().toISOString() });
      save('queue', queue);
      say(text('done').replace('{name}', found.name).replace('{slot}', found.slot)
        .replace('{goods}', list.goods.join(', ') || '-'));
      input.value = '';
      showState();
      if (navigator.onLine) { sync(); } else { say(result.textContent + ' ' + text('offline')); }
    });
  }

  // Camera scanning where the browser reads QR codes (the household shows the code from its
  // message's page); typing otherwise.
  function scanner() {
    var button = document.getElementById('desk-scan');
    var video = document.getElementById('desk-camera');
    if (!button || !video || !('BarcodeDetector' in window) || !navigator.mediaDevices) { return; }
    button.hidden = false;
    button.addEventListener('click', function () {
      var detector = new window.BarcodeDetector({ formats: ['qr_code'] });
      navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } }).then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        video.play();
        var stop = function () {
          stream.getTracks().forEach(function (track) { track.stop(); });
          video.hidden = true;
        };
        var look = function () {
          detector.detect(video).then(function (codes) {
            var found = codes.map(function (c) { return normalise(c.rawValue); })
              .filter(function (c) { return c; })[0];
            if (found) {
              stop();
              input.value = found;
              form.requestSubmit();
            } else if (!video.hidden) {
              setTimeout(look, 300);
            }
          }, stop);
        };
        look();
      }, function () { button.hidden = true; });
    });
  }

  form.addEventListener('submit', function (e) {
    var list = load('list', null);
    if (!list) { return; }
    e.preventDefault();
    var code = normalise(input.value);
    if (!code) { say(text('unknown')); return; }
    checkIn(list, code);
  });
  document.getElementById('desk-sync').addEventListener('click', function () { sync(); });
  window.addEventListener('online', function () { sync(); });
  root.hidden = false;
  scanner();
  if (navigator.serviceWorker) {
    navigator.serviceWorker.register('/penyaluran-barang/meja-sw.js').catch(function () {});
  }
  showState();
  sync().then(refresh);
}());
