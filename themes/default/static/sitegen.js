/* sitegen default theme: definition cards for annotated mentions.
 * The cards are in the page already (rendered at build time, one per term);
 * this script only shows, hides and positions them. No dependencies. */
(function () {
  'use strict';
  var doc = document, root = doc.documentElement;
  var SHOW_DELAY = 300, HIDE_DELAY = 400, MARGIN = 8, GAP = 6;
  var open = null;          // {link, card} of the open card
  var showTimer = 0, hideTimer = 0;
  var pending = null;       // mention waiting for the pointer to rest
  var lastType = '';        // pointerType of the last pointerdown
  var lastY = -1;           // last pointer position, to pick the line of a wrapped mention
  var quiet = false;        // true while we move focus ourselves
  var canHover = window.matchMedia ? matchMedia('(hover: hover)') : { matches: true };
  var printed = [];

  function mention(node) {
    var a = node && node.closest ? node.closest('a[data-term]') : null;
    return a && cardOf(a) ? a : null;
  }
  function cardOf(a) {
    var c = doc.getElementById('card-' + a.getAttribute('data-term'));
    return c && c.classList.contains('sg-card') ? c : null;
  }
  function inside(node) {
    return !!(open && node && (open.card.contains(node) || open.link.contains(node)));
  }
  function keyboardFocused(el) {
    try { return el.matches(':focus-visible'); } catch (e) { return true; }
  }
  function focusables(card) {
    return Array.prototype.slice.call(card.querySelectorAll('a[href], button'));
  }

  function show(link) {
    clearTimeout(showTimer); clearTimeout(hideTimer); pending = null;
    if (open && open.link === link) { place(); return; }
    hide();
    var card = cardOf(link);
    open = { link: link, card: card };
    card.classList.add('is-open');
    if (card.showPopover) { try { card.showPopover(); } catch (e) { /* not connected or already open */ } }
    link.setAttribute('aria-expanded', 'true');
    place();
  }

  function hide(returnFocus) {
    clearTimeout(hideTimer);
    if (!open) return;
    var o = open, hadFocus = o.card.contains(doc.activeElement);
    open = null;
    quiet = true;   // hidePopover may move focus back by itself
    if (o.card.hidePopover) { try { o.card.hidePopover(); } catch (e) { /* already hidden */ } }
    quiet = false;
    o.card.classList.remove('is-open');
    o.link.setAttribute('aria-expanded', 'false');
    if (returnFocus && hadFocus) { quiet = true; o.link.focus(); quiet = false; }
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () {
      // Keyboard focus in the mention or the card keeps it open.
      var a = doc.activeElement;
      if (!(inside(a) && keyboardFocused(a))) hide();
    }, HIDE_DELAY);
  }

  // Below the mention, flipped above when there is no room below; kept
  // MARGIN px inside the viewport horizontally; scrolls inside when too tall.
  function place() {
    if (!open) return;
    var card = open.card, s = card.style, rects = open.link.getClientRects();
    if (!rects.length) { hide(); return; }
    var r = rects[0], i;
    for (i = 0; i < rects.length; i++) {
      if (lastY >= rects[i].top && lastY <= rects[i].bottom) { r = rects[i]; break; }
    }
    var vw = root.clientWidth, vh = window.innerHeight;
    if (r.bottom < 0 || r.top > vh) { hide(); return; }     // scrolled out of view
    s.maxWidth = (vw - 2 * MARGIN) + 'px';
    s.maxHeight = '';
    var box = card.getBoundingClientRect(), w = box.width, h = box.height;
    var below = vh - r.bottom - GAP - MARGIN, above = r.top - GAP - MARGIN;
    var up = h > below && above > below;
    var room = Math.floor(Math.max(up ? above : below, 120));
    if (h > room) { s.maxHeight = room + 'px'; h = card.getBoundingClientRect().height; }
    s.top = (up ? r.top - GAP - h : r.bottom + GAP) + 'px';
    s.left = Math.max(MARGIN, Math.min(r.left, vw - MARGIN - w)) + 'px';
  }

  function init() {
    var links = doc.querySelectorAll('a[data-term]');
    for (var i = 0; i < links.length; i++) {
      var card = cardOf(links[i]);
      if (!card) continue;
      links[i].setAttribute('aria-expanded', 'false');
      links[i].setAttribute('aria-controls', card.id);
    }
  }

  // Mouse and pen: show after the pointer rests on a mention.
  function rest(link) {
    pending = link;
    clearTimeout(showTimer);
    showTimer = setTimeout(function () { if (pending === link) show(link); }, SHOW_DELAY);
  }
  function hover(e) {
    if (e.pointerType === 'touch') return;
    var link = mention(e.target);
    lastY = e.clientY;
    if (inside(e.target)) clearTimeout(hideTimer);
    if (link && !(open && open.link === link)) rest(link);
  }
  doc.addEventListener('pointerover', hover);
  doc.addEventListener('pointermove', hover, { passive: true });
  doc.addEventListener('pointerout', function (e) {
    if (e.pointerType === 'touch') return;
    var to = e.relatedTarget;
    if (pending && !pending.contains(to)) { clearTimeout(showTimer); pending = null; }
    if (inside(e.target) && !inside(to)) hideSoon();
  });

  // A press outside the open card and its mention closes it.
  doc.addEventListener('pointerdown', function (e) {
    lastType = e.pointerType;
    lastY = e.clientY;
    if (open && !inside(e.target)) hide();
  }, true);

  doc.addEventListener('click', function (e) {
    if (open && e.target.closest && e.target.closest('.sg-card-close')) { hide(true); return; }
    var link = mention(e.target);
    if (!link || e.button || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    // A tap (touch, or any device that cannot hover) opens the card instead
    // of following the link. A mouse click or Enter follows the link to the
    // term's entry in "Terms in this article".
    if (e.detail && (lastType === 'touch' || !canHover.matches)) {
      e.preventDefault();
      if (open && open.link === link) hide(); else show(link);
    } else {
      hide();
    }
  });

  // Keyboard: focus shows at once; focus leaving both mention and card hides.
  doc.addEventListener('focusin', function (e) {
    if (quiet) return;
    var link = mention(e.target);
    if (link && link === e.target && keyboardFocused(link)) { lastY = -1; show(link); }
    else if (open && !inside(e.target)) hide();
  });

  doc.addEventListener('keydown', function (e) {
    if (!open) return;
    if (e.key === 'Escape' || e.key === 'Esc') { hide(true); return; }
    if (e.key !== 'Tab') return;
    var items = focusables(open.card), t = e.target, i = items.indexOf(t);
    if (t === open.link && !e.shiftKey && items.length) {
      // Tab from the mention moves into its card.
      e.preventDefault();
      items[0].focus();
    } else if (i === 0 && e.shiftKey) {
      e.preventDefault();
      open.link.focus();
    } else if (i >= 0 && i === items.length - 1 && !e.shiftKey) {
      // Tab past the card's last control: on to whatever follows the mention.
      e.preventDefault();
      var next = after(open.link);
      hide();
      if (next) next.focus();
    }
  });

  function after(el) {
    var all = doc.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]');
    for (var i = 0, seen = false; i < all.length; i++) {
      var x = all[i];
      if (x === el) seen = true;
      else if (seen && x.tabIndex >= 0 && !x.disabled && !x.closest('.sg-card') && x.getClientRects().length) return x;
    }
    return null;
  }

  var frame = 0;
  function reflow(e) {
    if (open && !frame && !(e.target.nodeType === 1 && open.card.contains(e.target))) frame = requestAnimationFrame(function () { frame = 0; place(); });
  }
  window.addEventListener('scroll', reflow, { passive: true, capture: true });
  window.addEventListener('resize', reflow);

  // Print: the first mention of each term is followed by its definition in
  // parentheses, taken as text from its card; removed after printing.
  window.addEventListener('beforeprint', function () {
    hide();
    var seen = {}, links = doc.querySelectorAll('a[data-term]');
    for (var i = 0; i < links.length; i++) {
      var id = links[i].getAttribute('data-term'), card = cardOf(links[i]);
      var def = card && card.querySelector('.sg-card-def');
      if (seen[id] || !def) continue;
      seen[id] = true;
      var span = doc.createElement('span');
      span.className = 'sg-print-def';
      span.textContent = ' (' + def.textContent.replace(/\s+/g, ' ').trim() + ')';
      links[i].parentNode.insertBefore(span, links[i].nextSibling);
      printed.push(span);
    }
  });
  window.addEventListener('afterprint', function () {
    while (printed.length) { var s = printed.pop(); s.parentNode && s.parentNode.removeChild(s); }
  });

  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', init); else init();
})();
