/**
 * The JavaScript snippet served at /js/offerlink.js: hand-written ES5 (no build step, no
 * dependencies, runs in any browser a shop may see). Brands add:
 *
 *   <script async src="https://<offerlink>/js/offerlink.js" data-key="pk_…"></script>
 *
 * On load it runs identify(): a click id in the landing URL (transaction_id, click_id or ol_click,
 * plus the offer's own name given as data-param) is kept in first-party localStorage and a
 * first-party cookie for the attribution window (data-window-days, default 30). On the thank-you
 * page, offerlink.convert({ amount, orderId, currency, event, coupon }) — or, before the script has
 * loaded, window.offerlink = window.offerlink || []; offerlink.push(['convert', {…}]) — reports
 * the conversion with the publishable key and the stored click id. With data-shopify-cart (a
 * Shopify theme) it also copies the click id into the cart's attributes, which become the order's
 * note_attributes for the Shopify connector (decision 055).
 */
export const SNIPPET_SOURCE = `/*! Offerlink conversion snippet */
(function (w, d) {
  'use strict';
  var STORE = 'offerlink_click';
  var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  var SRC = /\\/js\\/offerlink\\.js(?:[?#].*)?$/;

  function findScript() {
    if (d.currentScript && SRC.test(d.currentScript.src)) return d.currentScript;
    var scripts = d.getElementsByTagName('script');
    for (var i = scripts.length - 1; i >= 0; i--) {
      if (SRC.test(scripts[i].src)) return scripts[i];
    }
    return null;
  }

  var script = findScript();
  var key = script ? script.getAttribute('data-key') : null;
  var endpoint = script ? script.src.replace(SRC, '/api/js/convert') : '/api/js/convert';
  var days = parseInt((script && script.getAttribute('data-window-days')) || '30', 10) || 30;
  var names = ['transaction_id', 'click_id', 'ol_click'];
  var extra = script && script.getAttribute('data-param');
  if (extra) names.push(extra);

  function now() { return new Date().getTime(); }

  function fromUrl() {
    var pairs = w.location.search.replace(/^\\?/, '').split('&');
    for (var i = 0; i < pairs.length; i++) {
      var eq = pairs[i].indexOf('=');
      if (eq < 1) continue;
      var name, value;
      try {
        name = decodeURIComponent(pairs[i].slice(0, eq).replace(/\\+/g, ' '));
        value = decodeURIComponent(pairs[i].slice(eq + 1).replace(/\\+/g, ' '));
      } catch (e) { continue; }
      for (var j = 0; j < names.length; j++) {
        if (names[j] === name && UUID.test(value)) return value.toLowerCase();
      }
    }
    return null;
  }

  function save(id) {
    try {
      w.localStorage.setItem(STORE, JSON.stringify({ id: id, expires: now() + days * 864e5 }));
    } catch (e) { /* storage disabled: the cookie still holds it */ }
    d.cookie = STORE + '=' + encodeURIComponent(id) + '; path=/; max-age=' + days * 86400 +
      '; SameSite=Lax' + (w.location.protocol === 'https:' ? '; Secure' : '');
  }

  function stored() {
    try {
      var item = JSON.parse(w.localStorage.getItem(STORE) || 'null');
      if (item && UUID.test(item.id) && item.expires > now()) return item.id;
    } catch (e) { /* fall back to the cookie */ }
    var match = d.cookie.match(/(?:^|;\\s*)offerlink_click=([^;]+)/);
    var id = match ? decodeURIComponent(match[1]) : null;
    return id && UUID.test(id) ? id : null;
  }

  function identify() {
    var id = fromUrl();
    if (id) save(id);
    return id || stored();
  }

  function amountText(amount) {
    if (amount === undefined || amount === null || amount === '') return undefined;
    // Numbers: drop binary noise (0.1 + 0.2) without rounding real cents away.
    return typeof amount === 'number' ? String(Number(amount.toFixed(6))) : String(amount);
  }

  function convert(data) {
    data = data || {};
    var clickId = stored();
    if (!key) return report({ success: false, reason: 'missing_key', message: 'Add data-key="pk_…" to the offerlink.js script tag.' });
    var coupon = data.coupon === undefined || data.coupon === null || data.coupon === '' ? undefined : String(data.coupon);
    // Without a click id or a promo code there is nothing to attribute: an organic sale is not reported.
    if (!clickId && !coupon) return report({ success: false, reason: 'no_click', message: 'No Offerlink click id is stored in this browser, and no promo code was given.' });
    var body = JSON.stringify({
      key: key,
      clickId: clickId || undefined,
      coupon: coupon,
      amount: amountText(data.amount),
      orderId: data.orderId === undefined ? undefined : String(data.orderId),
      currency: data.currency,
      event: data.event,
      offerId: data.offerId
    });
    var url = endpoint + '?key=' + encodeURIComponent(key);
    if (w.fetch) {
      return w.fetch(url, {
        method: 'POST',
        mode: 'cors',
        credentials: 'omit',
        keepalive: true,
        headers: { 'Content-Type': 'application/json' },
        body: body
      }).then(function (response) { return response.json(); })
        .then(report, function () { return report({ success: false, reason: 'network_error' }); });
    }
    var xhr = new XMLHttpRequest();
    xhr.open('POST', url, true);
    xhr.setRequestHeader('Content-Type', 'application/json');
    xhr.send(body);
    return undefined;
  }

  function report(result) {
    if (typeof api.onResult === 'function') api.onResult(result);
    return w.Promise ? w.Promise.resolve(result) : result;
  }

  var api = {
    identify: identify,
    convert: convert,
    clickId: stored,
    onResult: null,
    push: function (command) {
      if (!command || !command.length) return undefined;
      var fn = api[command[0]];
      return typeof fn === 'function' && command[0] !== 'push' ? fn.apply(api, command.slice(1)) : undefined;
    }
  };

  var queued = w.offerlink;
  w.offerlink = api;
  identify();
  // Shopify themes (data-shopify-cart): the click id goes into the cart's attributes, which
  // Shopify copies to the order's note_attributes, where the Shopify connector reads it.
  if (script && script.hasAttribute('data-shopify-cart') && w.fetch) {
    var cartId = stored();
    var marker = null;
    try { marker = w.sessionStorage.getItem('offerlink_cart'); } catch (e) { /* no storage */ }
    if (cartId && marker !== cartId) {
      w.fetch('/cart/update.js', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ attributes: { offerlink_click_id: cartId } })
      }).then(function () {
        try { w.sessionStorage.setItem('offerlink_cart', cartId); } catch (e) { /* no storage */ }
      }, function () { /* the next page load tries again */ });
    }
  }
  if (queued && queued.length) {
    for (var i = 0; i < queued.length; i++) api.push(queued[i]);
  }
})(window, document);
`;
