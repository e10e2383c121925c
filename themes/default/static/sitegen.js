/* sitegen default theme, article pages: definition cards, sidenotes, the
 * pop-up switch. Cards and sidenotes are in the page already (rendered at
 * build time); this script only shows, hides and positions them. It never
 * writes markup. No dependencies. */
(function () {
  'use strict';
  var doc = document, root = doc.documentElement;
  var SHOW_DELAY = 300, HIDE_DELAY = 400, MARGIN = 8, GAP = 6, NOTE_GAP = 12;
  var KEY = 'sitegen-cards';
  var stack = [];           // open cards, bottom first: {link, card}; a card opened from inside another sits above it
  var showTimer = 0, hideTimer = 0, hideKeep = Infinity;
  var pending = null;       // trigger waiting for the pointer to rest
  var lastType = '';        // pointerType of the last pointerdown
  var lastX = -1, lastY = -1;   // last pointer position: to pick the line of a wrapped mention, and to tell a move from a scroll
  var scrolledAt = 0;       // when the page last scrolled: no card opens on hover while it moves
  var quiet = false;        // true while we move focus ourselves
  var canHover = window.matchMedia ? matchMedia('(hover: hover)') : { matches: true };
  var wide = window.matchMedia ? matchMedia('(min-width: 64rem)') : { matches: true };  // = the sidenote breakpoint in sitegen.css
  var printed = [];

  // ------------------------------------------------------------ the switch

  function cardsOn() { return root.getAttribute('data-sg-cards') !== 'off'; }
  function setCards(on, save) {
    // The attribute is only ever set when off: touching <html> restyles the whole page.
    if (on) root.removeAttribute('data-sg-cards'); else root.setAttribute('data-sg-cards', 'off');
    if (save) { try { localStorage.setItem(KEY, on ? 'on' : 'off'); } catch (e) { /* storage blocked: this page only */ } }
    var sw = doc.querySelectorAll('.sg-switch');
    for (var i = 0; i < sw.length; i++) sw[i].setAttribute('aria-checked', on ? 'true' : 'false');
    if (!on) trim(0);
    var links = doc.querySelectorAll('a[data-term]');
    for (i = 0; i < links.length; i++) {
      var card = cardOf(links[i]);
      if (!card) continue;
      if (on) { links[i].setAttribute('aria-expanded', 'false'); links[i].setAttribute('aria-controls', card.id); }
      else { links[i].removeAttribute('aria-expanded'); links[i].removeAttribute('aria-controls'); }
    }
  }
  try { if (localStorage.getItem(KEY) === 'off') root.setAttribute('data-sg-cards', 'off'); } catch (e) { /* no storage */ }

  // ------------------------------------------------------------ cards

  // A mention in the text, or a term named inside a card or a sidenote.
  function trigger(node) {
    var a = node && node.closest ? node.closest('a[data-term], .sg-card a[data-term-ref], .sg-sidenote a[data-term-ref]') : null;
    return a && cardOf(a) ? a : null;
  }
  function cardOf(a) {
    var c = doc.getElementById('card-' + (a.getAttribute('data-term') || a.getAttribute('data-term-ref')));
    return c && c.classList.contains('sg-card') ? c : null;
  }
  // The highest open level whose card or trigger holds `node`; -1 for none.
  function levelOf(node) {
    for (var i = stack.length - 1; i >= 0; i--) {
      if (node && (stack[i].card.contains(node) || stack[i].link.contains(node))) return i;
    }
    return -1;
  }
  // The level of the open card a trigger sits in; -1 for the page.
  function holderOf(link) {
    for (var i = stack.length - 1; i >= 0; i--) if (stack[i].card.contains(link)) return i;
    return -1;
  }
  function openAt(link) {
    for (var i = 0; i < stack.length; i++) if (stack[i].link === link) return i;
    return -1;
  }
  function keyboardFocused(el) {
    try { return el.matches(':focus-visible'); } catch (e) { return true; }
  }
  function focusables(box) {
    return Array.prototype.slice.call(box.querySelectorAll('a[href], button'));
  }

  function show(link) {
    clearTimeout(showTimer); pending = null;
    if (!cardsOn()) return;
    var card = cardOf(link), at = holderOf(link), i;
    cancelHide();
    // A -> B -> A: the card is open already, lower in the stack; point at it, never open it twice.
    for (i = 0; i <= at; i++) if (stack[i].card === card) { flash(card); return; }
    if (stack[at + 1] && stack[at + 1].link === link) { trim(at + 2); place(); return; }
    trim(at + 1);
    stack.push({ link: link, card: card });
    card.classList.add('is-open');
    if (card.showPopover) { try { card.showPopover(); } catch (e) { /* not connected or already open */ } }
    link.setAttribute('aria-expanded', 'true');
    link.setAttribute('aria-controls', card.id);
    place();
  }

  // Close every card above the first `keep`; focus inside a closed card goes back to its trigger.
  function trim(keep, returnFocus) {
    cancelHide();
    while (stack.length > Math.max(0, keep)) {
      var o = stack.pop(), hadFocus = o.card.contains(doc.activeElement);
      quiet = true;   // hidePopover may move focus back by itself
      if (o.card.hidePopover) { try { o.card.hidePopover(); } catch (e) { /* already hidden */ } }
      quiet = false;
      o.card.classList.remove('is-open', 'is-flash');
      o.link.setAttribute('aria-expanded', 'false');
      if (returnFocus && hadFocus) { quiet = true; o.link.focus(); quiet = false; }
    }
  }

  function cancelHide() { clearTimeout(hideTimer); hideKeep = Infinity; }
  // Close the cards above level `keep` soon, unless the pointer comes back.
  function hideSoon(keep) {
    clearTimeout(hideTimer);
    hideKeep = keep;
    hideTimer = setTimeout(function () {
      var a = doc.activeElement, k = keep;
      if (keyboardFocused(a)) k = Math.max(k, levelOf(a));   // keyboard focus keeps its card open
      trim(k + 1);
    }, HIDE_DELAY);
  }

  function flash(card) {
    card.classList.remove('is-flash');
    void card.offsetWidth;   // restart the animation
    card.classList.add('is-flash');
  }

  // Below its trigger, flipped above when there is no room below; kept
  // MARGIN px inside the viewport; scrolls inside when too tall.
  function placeOne(o) {
    var card = o.card, s = card.style, rects = o.link.getClientRects();
    if (!rects.length) return false;
    var r = rects[0], i;
    for (i = 0; i < rects.length; i++) {
      if (lastY >= rects[i].top && lastY <= rects[i].bottom) { r = rects[i]; break; }
    }
    var vw = root.clientWidth, vh = window.innerHeight;
    if (r.bottom < 0 || r.top > vh) return false;     // scrolled out of view
    s.maxWidth = (vw - 2 * MARGIN) + 'px';
    s.maxHeight = '';
    var box = card.getBoundingClientRect(), w = box.width, h = box.height;
    var below = vh - r.bottom - GAP - MARGIN, above = r.top - GAP - MARGIN;
    var up = h > below && above > below;
    var room = Math.floor(Math.max(up ? above : below, 120));
    if (h > room) { s.maxHeight = room + 'px'; h = card.getBoundingClientRect().height; }
    s.top = Math.max(MARGIN, Math.min(up ? r.top - GAP - h : r.bottom + GAP, vh - MARGIN - h)) + 'px';
    s.left = Math.max(MARGIN, Math.min(r.left, vw - MARGIN - w)) + 'px';
    return true;
  }
  function place(from) {
    for (var i = from || 0; i < stack.length; i++) {
      if (!placeOne(stack[i])) { trim(i); return; }
    }
  }

  // Mouse and pen: show after the pointer rests on a trigger. Never while
  // the page scrolls: a scroll during the rest cancels it, and a trigger
  // that the page carried under a still pointer does not count as hovered.
  function rest(link) {
    pending = link;
    clearTimeout(showTimer);
    var since = scrolledAt;
    showTimer = setTimeout(function () { if (pending === link && scrolledAt === since) show(link); }, SHOW_DELAY);
  }
  function hover(e) {
    if (e.pointerType === 'touch') return;
    var moved = e.clientX !== lastX || e.clientY !== lastY;
    lastX = e.clientX; lastY = e.clientY;
    var level = levelOf(e.target), link = trigger(e.target);
    if (level >= 0 && level > hideKeep) {
      if (level >= stack.length - 1) cancelHide(); else hideSoon(level);
    }
    if (link && openAt(link) < 0) { if (moved) rest(link); }   // each move restarts the rest
    else if (pending && !(link && link === pending)) { clearTimeout(showTimer); pending = null; }
  }
  doc.addEventListener('pointerover', hover);
  doc.addEventListener('pointermove', hover, { passive: true });
  doc.addEventListener('pointerout', function (e) {
    if (e.pointerType === 'touch') return;
    var to = e.relatedTarget;
    if (pending && !pending.contains(to)) { clearTimeout(showTimer); pending = null; }
    if (!stack.length) return;
    var into = levelOf(to);
    if (into < stack.length - 1 && levelOf(e.target) > into) hideSoon(into);
  });

  // A press outside a card closes the cards above the one pressed (all of them, outside every card).
  doc.addEventListener('pointerdown', function (e) {
    lastType = e.pointerType;
    lastX = e.clientX; lastY = e.clientY;
    if (stack.length) trim(levelOf(e.target) + 1);
  }, true);

  doc.addEventListener('click', function (e) {
    var close = e.target.closest && e.target.closest('.sg-card-close');
    if (close) { trim(levelOf(close), true); return; }
    var link = trigger(e.target);
    if (!link || e.button || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    // A tap (touch, or any device that cannot hover) opens the card instead
    // of following the link. A mouse click or Enter follows the link (to the
    // term's entry in "Terms in this article", or its glossary page).
    if (cardsOn() && e.detail && (lastType === 'touch' || !canHover.matches)) {
      e.preventDefault();
      var at = openAt(link);
      if (at >= 0) trim(at); else show(link);
    } else {
      trim(0);
    }
  });

  // Keyboard: focus on a trigger shows its card at once; focus elsewhere closes the cards above it.
  doc.addEventListener('focusin', function (e) {
    if (quiet) return;
    var t = e.target, link = trigger(t);
    if (link && link === t && keyboardFocused(link)) { lastY = -1; show(link); }
    else if (stack.length) trim(levelOf(t) + 1);
  });

  doc.addEventListener('keydown', function (e) {
    if (!stack.length) return;
    if (e.key === 'Escape' || e.key === 'Esc') { e.preventDefault(); trim(stack.length - 1, true); return; }
    if (e.key !== 'Tab') return;
    var top = stack[stack.length - 1], t = e.target, items, i;
    if (t === top.link && !e.shiftKey) {
      items = focusables(top.card);
      if (items.length) { e.preventDefault(); items[0].focus(); }   // Tab from a trigger moves into its card
      return;
    }
    var level = holderOf(t);
    if (level < 0) return;
    items = focusables(stack[level].card);
    i = items.indexOf(t);
    if (i === 0 && e.shiftKey) {
      e.preventDefault();   // back from a card's first control to its trigger
      stack[level].link.focus();
    } else if (i === items.length - 1 && !e.shiftKey) {
      e.preventDefault();   // past the card's last control: on to whatever follows its trigger
      leave(level);
    }
  });

  function leave(level) {
    var link = stack[level].link, holder = level > 0 ? stack[level - 1].card : null;
    trim(level);
    var next = after(link, holder);
    if (next) next.focus();
    else if (holder) leave(level - 1);
  }

  function after(el, box) {
    var all = (box || doc).querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]');
    for (var i = 0, seen = false; i < all.length; i++) {
      var x = all[i];
      if (x === el) seen = true;
      else if (seen && x.tabIndex >= 0 && !x.disabled && (box || !x.closest('.sg-card')) && x.getClientRects().length) return x;
    }
    return null;
  }

  var frame = 0, frameFrom = 0;
  function reflow(e) {
    var t = e && e.target, from = 0;
    if (t && t.nodeType === 1) { var l = levelOf(t); if (l >= 0) from = l + 1; }   // a card scrolled inside: move the cards above it
    frameFrom = frame ? Math.min(frameFrom, from) : from;
    if (stack.length && !frame) frame = requestAnimationFrame(function () { frame = 0; place(frameFrom); });
  }
  window.addEventListener('scroll', function (e) {
    var t = e.target;
    if (!(t && t.nodeType === 1 && t.closest('.sg-card'))) {
      scrolledAt = Date.now();
      if (pending) { clearTimeout(showTimer); pending = null; }
    }
    reflow(e);
  }, { passive: true, capture: true });
  window.addEventListener('resize', reflow);

  // ------------------------------------------------------------ sidenotes

  var body = doc.querySelector('.sg-body'), notes = [];
  function noteFor(ref) {
    var m = /#note-(\d+)$/.exec(ref.getAttribute('href') || '');
    return m ? doc.getElementById('sidenote-' + m[1]) : null;
  }

  // Wide screens: each note in the margin at its marker's line, pushed down
  // below the note before it so none overlap. Narrow: closed until asked.
  // Reads all positions first, then writes, so the page is laid out once.
  var wasWide = null, bodyWidth = -1;   // the body's last observed size
  function layoutNotes() {
    if (!body || !notes.length) return;
    var isWide = wide.matches, i, n;
    if (isWide !== wasWide) {
      for (i = 0; i < notes.length; i++) {
        n = notes[i];
        n.ref.setAttribute('aria-controls', n.note.id);
        if (isWide) n.ref.removeAttribute('aria-expanded');
        else n.ref.setAttribute('aria-expanded', n.note.classList.contains('is-open') ? 'true' : 'false');
      }
      if (isWide) body.classList.add('has-sidenotes');
      else { body.classList.remove('has-sidenotes'); body.style.minHeight = ''; }
      wasWide = isWide;
    }
    if (!isWide) return;
    body.style.minHeight = '';
    var top0 = body.getBoundingClientRect().top, want = [], height = [], bottom = 0;
    for (i = 0; i < notes.length; i++) {
      var line = notes[i].ref.getClientRects()[0];
      want.push(line ? Math.round(line.top - top0) : 0);
      height.push(notes[i].note.offsetHeight);
    }
    for (i = 0; i < notes.length; i++) {
      var top = Math.max(want[i], bottom);
      notes[i].note.style.top = top + 'px';
      bottom = top + height[i] + NOTE_GAP;
    }
    if (bottom > body.offsetHeight) body.style.minHeight = bottom + 'px';   // the last notes run past the text
  }

  function toggleNote(n, open) {
    n.note.classList.toggle('is-open', open);
    n.ref.setAttribute('aria-expanded', open ? 'true' : 'false');
  }

  doc.addEventListener('click', function (e) {
    var ref = e.target.closest && e.target.closest('a.sg-note-ref');
    if (!ref || e.button || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    var note = noteFor(ref);
    if (!note) return;
    e.preventDefault();
    if (wide.matches) {
      // The note is beside the text already: take the reader (and focus) to it.
      note.setAttribute('tabindex', '-1');
      note.focus();
      note.classList.remove('is-flash'); void note.offsetWidth; note.classList.add('is-flash');
    } else {
      toggleNote({ ref: ref, note: note }, !note.classList.contains('is-open'));
    }
  });
  doc.addEventListener('keydown', function (e) {
    if ((e.key !== 'Escape' && e.key !== 'Esc') || e.defaultPrevented || wide.matches) return;
    var note = e.target.closest && e.target.closest('.sg-sidenote.is-open'), ref = null;
    if (!note && e.target.matches && e.target.matches('a.sg-note-ref')) { ref = e.target; note = noteFor(ref); }
    if (!note || !note.classList.contains('is-open')) return;
    ref = ref || doc.getElementById('note-ref-' + note.id.replace('sidenote-', ''));
    toggleNote({ ref: ref, note: note }, false);
    ref.focus();
  });
  // The quote, its marker and its note light up together.
  function highlight(e, on) {
    var t = e.target, el = t.closest && t.closest('.sg-sidenote, .sg-note, .sg-note-ref');
    if (!el) return;
    var num = el.id.replace(/^(sidenote|q|note-ref)-/, '');
    ['sidenote-', 'q-', 'note-ref-'].forEach(function (p) {
      var x = doc.getElementById(p + num);
      if (x) x.classList.toggle('is-active', on);
    });
  }
  doc.addEventListener('mouseover', function (e) { highlight(e, true); });
  doc.addEventListener('mouseout', function (e) { highlight(e, false); });

  // ------------------------------------------------------------ print

  // The first mention of each term is followed by its definition in
  // parentheses, taken as text from its card; removed after printing.
  window.addEventListener('beforeprint', function () {
    trim(0);
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

  // ------------------------------------------------------------ start

  function init() {
    setCards(cardsOn(), false);
    doc.addEventListener('click', function (e) {
      var sw = e.target.closest && e.target.closest('.sg-switch');
      if (sw) setCards(!cardsOn(), true);
    });
    var refs = doc.querySelectorAll('a.sg-note-ref');
    for (var i = 0; i < refs.length; i++) {
      var note = noteFor(refs[i]);
      if (note) notes.push({ ref: refs[i], note: note });
    }
    layoutNotes();
    // Again when the text reflows (fonts, resizing, a note opened inline), not for the first report.
    if (window.ResizeObserver && body && notes.length) {
      new ResizeObserver(function (entries) {
        var w = Math.round(entries[0].contentRect.width * 4) + ',' + Math.round(entries[0].contentRect.height);
        if (bodyWidth !== -1 && w !== bodyWidth && wide.matches) layoutNotes();
        bodyWidth = w;
      }).observe(body);
    }
    if (wide.addEventListener) wide.addEventListener('change', layoutNotes);
  }
  // Another tab turned the cards off or on.
  window.addEventListener('storage', function (e) { if (e.key === KEY) setCards(e.newValue !== 'off', false); });

  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', init); else init();
})();
