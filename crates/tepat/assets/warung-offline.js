// Tepat e-warong: accepting vouchers without a connection. The phone keeps its own Ed25519
// key (never exported), the voucher verifier key, revoked vouchers and its offline limits;
// it checks a voucher's signature by itself, signs each purchase and queues it, and syncs
// the queue when the connection returns. The typed-code form above works without this.
(function () {
  'use strict';

  var root = document.getElementById('offline');
  if (!root || !window.crypto || !window.crypto.subtle || !window.indexedDB
    || !window.localStorage || !window.fetch) {
    return;
  }
  var subtle = window.crypto.subtle;
  var csrf = root.getAttribute('data-csrf');
  var state = document.getElementById('offline-state');
  var result = document.getElementById('offline-result');
  var queued = document.getElementById('offline-queued');
  var store = {
    get: function (name, fallback) {
      try { return JSON.parse(localStorage.getItem('tepat.' + name)) || fallback; } catch (e) { return fallback; }
    },
    set: function (name, value) { localStorage.setItem('tepat.' + name, JSON.stringify(value)); }
  };

  function say(node, text) { node.textContent = text; }
  function rupiah(n) { return 'Rp' + String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.'); }
  function b64url(bytes) {
    var text = '';
    new Uint8Array(bytes).forEach(function (b) { text += String.fromCharCode(b); });
    return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  function unb64url(text) {
    var raw = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) { bytes[i] = raw.charCodeAt(i); }
    return bytes;
  }

  // The device key pair lives in IndexedDB: a private key that cannot be exported.
  function keyPair() {
    return new Promise(function (resolve, reject) {
      var open = indexedDB.open('tepat-warung', 1);
      open.onupgradeneeded = function () { open.result.createObjectStore('keys'); };
      open.onerror = function () { reject(open.error); };
      open.onsuccess = function () {
        var db = open.result;
        var read = db.transaction('keys').objectStore('keys').get('device');
        read.onerror = function () { reject(read.error); };
        read.onsuccess = function () {
          if (read.result) { resolve(read.result); return; }
          subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']).then(function (pair) {
            var write = db.transaction('keys', 'readwrite').objectStore('keys').put(pair, 'device');
            write.onsuccess = function () { resolve(pair); };
            write.onerror = function () { reject(write.error); };
          }, reject);
        };
      };
    });
  }

  function post(url, fields) {
    var body = new URLSearchParams(fields);
    body.set('csrf_token', csrf);
    return fetch(url, { method: 'POST', body: body, credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) { throw new Error('HTTP ' + response.status); }
        return response.json();
      });
  }

  var device = null;
  var pair = null;

  function ready(bundle, publicKey) {
    device = bundle.devices.filter(function (d) { return d.public_key === publicKey; })[0] || null;
    if (!device) { return false; }
    store.set('bundle', bundle);
    store.set('device', device.id);
    say(state, root.getAttribute('data-ready').replace('{device}', device.id)
      .replace('{bound}', rupiah(bundle.loss_bound)));
    root.setAttribute('data-device', device.id);
    return true;
  }

  function prepare() {
    return keyPair().then(function (keys) {
      pair = keys;
      return subtle.exportKey('raw', keys.publicKey);
    }).then(function (raw) {
      var publicKey = b64url(raw);
      var offline = function () {
        var bundle = store.get('bundle', null);
        if (!bundle || !ready(bundle, publicKey)) { say(state, root.getAttribute('data-unready')); }
      };
      if (!navigator.onLine) { offline(); return null; }
      return fetch('/warung/offline.json', { credentials: 'same-origin' })
        .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
        .then(function (bundle) {
          if (ready(bundle, publicKey)) { return null; }
          var label = 'Ponsel ' + new Date().toLocaleDateString('id-ID',
            { day: 'numeric', month: 'short', year: 'numeric' });
          return post('/warung/perangkat', { public_key: publicKey, label: label })
            .then(function () { return fetch('/warung/offline.json', { credentials: 'same-origin' }); })
            .then(function (r) { return r.json(); })
            .then(function (fresh) { ready(fresh, publicKey); });
        }, offline);
    });
  }

  // A voucher's QR text, checked with the verifier key; its fields.
  function openVoucher(text, bundle) {
    var parts = text.trim().split('.');
    if (parts.length !== 3 || parts[0] !== 'TPV1') { return Promise.reject(new Error('format')); }
    var body = unb64url(parts[1]);
    return subtle.importKey('raw', unb64url(bundle.key), { name: 'Ed25519' }, false, ['verify'])
      .then(function (key) { return subtle.verify({ name: 'Ed25519' }, key, unb64url(parts[2]), body); })
      .then(function (ok) {
        if (!ok) { throw new Error('signature'); }
        var f = new TextDecoder().decode(body).split('|');
        return { id: Number(f[0]), programme: f[1], amount: Number(f[3]),
          categories: f[4].split(','), until: f[5] };
      });
  }

  function basket() {
    var items = [];
    root.querySelectorAll('.offline-line').forEach(function (line) {
      var get = function (name) { return line.querySelector('[data-name="' + name + '"]').value.trim(); };
      if (!get('category')) { return; }
      items.push({ category: get('category'), description: get('description'),
        quantity: Number(get('quantity')), amount: Number(get('amount')) });
    });
    return items;
  }

  function today() { return new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10); }

  // The limits a purchase must keep, or the message naming the one it passes.
  function refusal(voucher, items, bundle) {
    var t = function (name) { return root.getAttribute('data-' + name); };
    var limits = bundle.limits[voucher.programme];
    var goods = bundle.goods[voucher.programme] || [];
    var until = voucher.until.slice(0, 4) + '-' + voucher.until.slice(4, 6) + '-' + voucher.until.slice(6);
    if (!limits) { return t('no-programme'); }
    if (bundle.revoked.indexOf(voucher.id) >= 0) { return t('revoked'); }
    if (today() > until) { return t('expired'); }
    if (!items.length) { return t('no-items'); }
    var total = 0;
    for (var i = 0; i < items.length; i += 1) {
      var item = items[i];
      if (voucher.categories.indexOf(item.category) < 0 || goods.indexOf(item.category) < 0) { return t('category'); }
      if (!item.description || !(item.quantity >= 1) || !(item.amount > 0)) { return t('line'); }
      total += item.amount;
    }
    var spent = store.get('spent', {});
    var days = store.get('days', {});
    var held = store.get('queue', []).reduce(function (sum, q) { return sum + q.amount; }, 0);
    if ((spent[voucher.id] || 0) + total > Math.min(limits.per_voucher, voucher.amount)) { return t('per-voucher'); }
    if ((days[today()] || 0) + total > limits.per_day) { return t('per-day'); }
    if (held + total > limits.outstanding) { return t('outstanding'); }
    return null;
  }

  function record(event) {
    event.preventDefault();
    var bundle = store.get('bundle', null);
    if (!bundle || !device || !pair) { say(result, root.getAttribute('data-unready')); return; }
    var text = document.getElementById('offline-voucher').value.trim();
    var items = basket();
    openVoucher(text, bundle).then(function (voucher) {
      var why = refusal(voucher, items, bundle);
      if (why) { say(result, why); return null; }
      var total = items.reduce(function (sum, item) { return sum + item.amount; }, 0);
      var entry = JSON.stringify({ id: crypto.randomUUID(), device: device.id, voucher: text,
        items: items, at: new Date().toISOString() });
      return subtle.sign({ name: 'Ed25519' }, pair.privateKey, new TextEncoder().encode(entry))
        .then(function (signature) {
          var queue = store.get('queue', []);
          queue.push({ record: entry, signature: b64url(signature), amount: total });
          store.set('queue', queue);
          var spent = store.get('spent', {});
          spent[voucher.id] = (spent[voucher.id] || 0) + total;
          store.set('spent', spent);
          var days = store.get('days', {});
          days[today()] = (days[today()] || 0) + total;
          store.set('days', days);
          say(result, root.getAttribute('data-saved').replace('{amount}', rupiah(total)));
          document.getElementById('offline-form').reset();
          show();
          return sync();
        });
    }).catch(function (err) {
      say(result, root.getAttribute(err.message === 'signature' ? 'data-forged' : 'data-unreadable'));
    });
  }

  function show() {
    var queue = store.get('queue', []);
    say(queued, root.getAttribute('data-queued').replace('{count}', queue.length));
  }

  var syncing = false;
  function sync() {
    var queue = store.get('queue', []);
    if (syncing || !queue.length || !navigator.onLine || !device) { return Promise.resolve(); }
    syncing = true;
    var batch = { device: device.id, redemptions: queue.map(function (q) {
      return { record: q.record, signature: q.signature };
    }) };
    return post('/warung/sinkron', { batch: JSON.stringify(batch) }).then(function (done) {
      var sent = queue.length;
      store.set('queue', store.get('queue', []).slice(sent));
      var lines = done.items.map(function (item) {
        var label = root.getAttribute('data-status-' + item.status) || item.status;
        return label + (item.amount ? ' ' + rupiah(item.amount) : '') + (item.detail ? ': ' + item.detail : '');
      });
      say(result, root.getAttribute('data-synced').replace('{accepted}', done.accepted)
        .replace('{refused}', done.refused + done.double_spends) + ' ' + lines.join(' · '));
      show();
    }).catch(function () {
      say(result, root.getAttribute('data-waiting'));
    }).then(function () { syncing = false; });
  }

  // Camera scanning where the browser can read QR codes; typing or pasting otherwise.
  function scanner() {
    var button = document.getElementById('offline-scan');
    var video = document.getElementById('offline-camera');
    if (!('BarcodeDetector' in window) || !navigator.mediaDevices) { return; }
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
            var found = codes.filter(function (c) { return c.rawValue.indexOf('TPV1.') === 0; })[0];
            if (found) {
              document.getElementById('offline-voucher').value = found.rawValue;
              stop();
            } else if (!video.hidden) {
              setTimeout(look, 300);
            }
          }, stop);
        };
        look();
      }, function () { button.hidden = true; });
    });
  }

  root.hidden = false;
  scanner();
  if (navigator.serviceWorker) {
    navigator.serviceWorker.register('/warung/sw.js', { scope: '/warung' }).catch(function () {});
  }
  document.getElementById('offline-form').addEventListener('submit', record);
  document.getElementById('offline-sync').addEventListener('click', function () { sync(); });
  window.addEventListener('online', function () { sync(); });
  show();
  prepare().then(sync).catch(function () { say(state, root.getAttribute('data-unsupported')); });
}());
