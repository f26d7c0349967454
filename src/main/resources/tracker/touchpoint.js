/*! touchpoint.js v1 | Touchpoint's website tracker, SPEC §5 | readable source, no build step */
(function (w, d) {
  'use strict';
  var V = '1', KEY = 'tp_', MAX = 1000, BATCH = 10;
  var s = d.currentScript || d.querySelector('script[data-write-key]');
  var writeKey = s.getAttribute('data-write-key');
  // The API is where the script came from unless data-api says otherwise.
  var api = s.getAttribute('data-api') || s.src.replace(/\/touchpoint\.js.*$/, '');
  var ls = null;
  try { ls = w.localStorage; ls.setItem(KEY + 't', '1'); ls.removeItem(KEY + 't'); } catch (e) { ls = null; }

  // localStorage, else a first-party cookie (ids only: the queue then lives in memory).
  function get(k) {
    if (ls) return ls.getItem(KEY + k);
    var m = d.cookie.match(new RegExp('(?:^|; )' + KEY + k + '=([^;]*)'));
    return m ? decodeURIComponent(m[1]) : null;
  }
  function put(k, v) {
    if (ls) { v == null ? ls.removeItem(KEY + k) : ls.setItem(KEY + k, v); return; }
    if (k != 'q') d.cookie = KEY + k + '=' + encodeURIComponent(v || '') + ';path=/;SameSite=Lax;max-age=' + (v == null ? 0 : 63072000);
  }
  function uuid() {
    if (w.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16)), h = '';
    b[6] = b[6] & 15 | 64; b[8] = b[8] & 63 | 128;
    for (var i = 0; i < 16; i++) h += (b[i] + 256).toString(16).slice(1) + ([3, 5, 7, 9].indexOf(i) >= 0 ? '-' : '');
    return h;
  }
  function name(x) { return String(x).toLowerCase().replace(/[^a-z0-9_.:-]/g, '_').slice(0, 64); }

  var anon = get('aid') || newAnon(), user = get('uid');
  function newAnon() { var a = uuid(); put('aid', a); return a; }
  var q = [];
  try { q = JSON.parse(get('q') || '[]'); } catch (e) { q = []; }

  // Channel of this page load: utm_source, else what the referrer's host says, else web.
  var channel = (function () {
    var m = /[?&]utm_source=([^&#]*)/.exec(location.search);
    if (m) return name(decodeURIComponent(m[1].replace(/\+/g, ' ')));
    var r = d.referrer && d.referrer.split('/')[2] || '';
    var known = [['tiktok'], ['instagram'], ['facebook', 'fb.'], ['google'], ['bing'], ['mail', 'email'],
      ['t.co', 'twitter'], ['linkedin', 'lnkd'], ['youtube'], ['pinterest'], ['reddit']];
    for (var i = 0; i < known.length; i++) {
      for (var j = 0; j < known[i].length; j++) {
        if (r.indexOf(known[i][j]) >= 0) return known[i][0] == 't.co' ? 'twitter' : known[i][0] == 'mail' ? 'email' : known[i][0];
      }
    }
    return 'web';
  })();

  var timer = 0, sending = false, fails = 0, wait = 0;
  function save() { if (q.length > MAX) q.splice(0, q.length - MAX); put('q', JSON.stringify(q)); }
  function enqueue(type, o) {
    o = o || {};
    var e = { eventId: uuid(), anonymousId: anon, type: name(type), channel: o.channel ? name(o.channel) : channel,
      timestamp: new Date().toISOString(), properties: o.properties || {} };
    if (user) e.customerId = user;
    q.push(e); save();
    q.length >= BATCH ? flush() : schedule(1000);
  }
  function schedule(ms) { if (!timer) timer = setTimeout(function () { timer = 0; flush(); }, ms); }
  function drop(ids) { q = q.filter(function (e) { return ids.indexOf(e.eventId) < 0; }); save(); }
  function body(batch) {
    var now = new Date().toISOString();
    return JSON.stringify({ events: batch.map(function (e) { e.sentAt = now; return e; }) });
  }

  // One request at a time; kept until the service answers, retried with back-off on 429, 5xx and network errors.
  function flush() {
    if (sending || !q.length || Date.now() < wait) return;
    sending = true;
    var batch = q.slice(0, BATCH), ids = batch.map(function (e) { return e.eventId; });
    fetch(api + '/v1/events/batch', { method: 'POST', keepalive: true, body: body(batch),
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + writeKey } })
      .then(function (r) {
        if (r.status == 429 || r.status >= 500) throw r;
        drop(ids); fails = 0; // accepted, or refused for good (a 4xx other than 429 is not retried)
      })
      .catch(function (r) {
        var after = r && r.headers && +r.headers.get('Retry-After');
        var ms = after ? after * 1000 : Math.min(30000, 1000 * Math.pow(2, fails++));
        wait = Date.now() + ms; clearTimeout(timer); timer = 0; schedule(ms);
      })
      .then(function () { sending = false; if (q.length && !timer) q.length >= BATCH ? flush() : schedule(1000); });
  }

  // The page is going away: hand what is left to the browser (sendBeacon: text/plain, key in the query).
  // A beacon's fate is unknown, so the events stay stored: the next page load sends them again and the
  // service, deduplicating by eventId, keeps each once.
  function beacon() {
    for (var i = 0; i < q.length && navigator.sendBeacon; i += BATCH) {
      if (!navigator.sendBeacon(api + '/v1/events/batch?writeKey=' + encodeURIComponent(writeKey), body(q.slice(i, i + BATCH)))) break;
    }
    save();
  }
  w.addEventListener('pagehide', beacon);
  d.addEventListener('visibilitychange', function () { if (d.visibilityState == 'hidden') beacon(); });

  var lastUrl;
  function pageView() {
    if (location.href == lastUrl) return;
    lastUrl = location.href;
    enqueue('page_view', { properties: { url: location.href, path: location.pathname, title: d.title, referrer: d.referrer } });
  }

  var commands = {
    track: enqueue,
    identify: function (id) { user = String(id); put('uid', user); enqueue('identify'); },
    reset: function () { user = null; put('uid', null); anon = newAnon(); },
    flush: flush
  };
  function touchpoint(cmd) {
    var f = commands[cmd];
    if (f) f.apply(null, [].slice.call(arguments, 1));
  }
  touchpoint.version = V;
  var early = (w.touchpoint && w.touchpoint.q) || [];
  w.touchpoint = touchpoint;
  if (s.hasAttribute('data-auto-pageview')) {
    pageView();
    var push = history.pushState;
    history.pushState = function () { push.apply(history, arguments); pageView(); };
    w.addEventListener('popstate', pageView);
  }
  for (var i = 0; i < early.length; i++) touchpoint.apply(null, early[i]);
  if (q.length) schedule(0);
})(window, document);
