from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'article.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    l_0_m = missing
    pass
    parent_template = environment.get_template('base.html', 'article.html')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    l_0_m = context.vars['m'] = environment.get_template('_macros.html', 'article.html')._get_default_module(context)
    context.exported_vars.discard('m')
    yield from parent_template.root_render_func(context)

def block_head(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_article = resolve('article')
    l_0_asset = resolve('asset')
    _sg_block = []
    _sg_spliced = context._sg_splice_next
    if _sg_spliced is not None: context._sg_splice_next = None
    try:
        t_1 = environment.filters['isodate']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'isodate' found.")
    pass
    _sg_block.extend((
        '<meta property="article:published_time" content="',
        escape(t_1(environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'date'))),
        '">\n',
    ))
    if environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'updated'):
        pass
        _sg_block.extend((
            '<meta property="article:modified_time" content="',
            escape(t_1(environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'updated'))),
            '">\n',
        ))
    for l_1_name in environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'authors'):
        _loop_vars = {}
        pass
        _sg_o0 = l_1_name
        _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
        _sg_block.extend((
            '<meta name="author" content="',
            _sg_o0,
            '">\n',
        ))
    l_1_name = missing
    _sg_block.extend((
        '<script src="',
        escape(_sg_call(context, _block_vars, None, (undefined(name='asset') if l_0_asset is missing else l_0_asset), 'sitegen.js')),
        '" defer></script>\n',
    ))
    if _sg_spliced is None:
        yield concat(_sg_block)
    else:
        _sg_spliced += _sg_block

def block_content(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_t = resolve('t')
    l_0_article = resolve('article')
    l_0_m = resolve('m')
    l_0_cards = resolve('cards')
    l_0_terms = resolve('terms')
    l_0_notes = resolve('notes')
    l_0_sources = resolve('sources')
    l_0_sources_html = resolve('sources_html')
    l_0_sources_label = l_0_see_also_label = l_0_full_label = l_0_src = missing
    _sg_block = []
    _sg_spliced = context._sg_splice_next
    if _sg_spliced is not None: context._sg_splice_next = None
    try:
        t_2 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    (l_0_sources_label, l_0_see_also_label, l_0_full_label) = (_sg_call(context, _block_vars, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'sources'), _sg_call(context, _block_vars, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'see_also'), _sg_call(context, _block_vars, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'full_entry'))
    _block_vars.update({'full_label': l_0_full_label, 'see_also_label': l_0_see_also_label, 'sources_label': l_0_sources_label})
    _sg_block.extend((
        '<article class="sg-article" data-pagefind-body data-pagefind-meta="kind:',
        escape(_sg_call(context, _block_vars, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'search_kind_article')),
        '">\n  <header class="sg-article-head sg-col">\n    <h1 class="sg-headline">',
        escape(environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'title')),
        '</h1>\n',
    ))
    if environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'summary'):
        pass
        _sg_block.extend((
            '    <p class="sg-standfirst">',
            escape(environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'summary')),
            '</p>\n',
        ))
    _sg_block.append(
        '    <p class="sg-byline">\n',
    )
    if environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'authors'):
        pass
        _sg_block.extend((
            '      <span class="sg-authors">',
            escape(_sg_call(context, _block_vars, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'by')),
            ' ',
            escape(_sg_call(context, _block_vars, None, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'names'), environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'authors'))),
            '</span>\n',
        ))
    _sg_block.extend((
        '      <span class="sg-dateline">',
        escape(_sg_call(context, _block_vars, None, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'date'), environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'date'))),
        '</span>\n',
    ))
    if environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'updated'):
        pass
        _sg_block.extend((
            '      <span class="sg-updated">',
            escape(_sg_call(context, _block_vars, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'updated')),
            ' ',
            escape(_sg_call(context, _block_vars, None, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'date'), environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'updated'))),
            '</span>\n',
        ))
    if (undefined(name='cards') if l_0_cards is missing else l_0_cards):
        pass
        _sg_block.extend((
            '      <button class="sg-switch" type="button" role="switch" aria-checked="true" data-pagefind-ignore><span class="sg-switch-track" aria-hidden="true"></span>',
            escape(_sg_call(context, _block_vars, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'cards_switch')),
            '</button>\n',
        ))
    _sg_block.append(
        '    </p>\n',
    )
    l_0_src = environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'source')
    _block_vars['src'] = l_0_src
    if ((not t_2((undefined(name='src') if l_0_src is missing else l_0_src))) and ((environment.getattr((undefined(name='src') if l_0_src is missing else l_0_src), 'publisher') or environment.getattr((undefined(name='src') if l_0_src is missing else l_0_src), 'date')) or environment.getattr((undefined(name='src') if l_0_src is missing else l_0_src), 'url'))):
        pass
        _sg_block.extend((
            '    <p class="sg-origin">',
            escape(_sg_call(context, _block_vars, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'originally_published')),
            '\n',
        ))
        if environment.getattr((undefined(name='src') if l_0_src is missing else l_0_src), 'publisher'):
            pass
            _sg_block.extend((
                ' ',
                escape(_sg_call(context, _block_vars, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'by_publisher')),
                ' <span class="sg-publisher">',
                escape(environment.getattr((undefined(name='src') if l_0_src is missing else l_0_src), 'publisher')),
                '</span>',
            ))
        if environment.getattr((undefined(name='src') if l_0_src is missing else l_0_src), 'date'):
            pass
            _sg_block.extend((
                ' ',
                escape(_sg_call(context, _block_vars, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'on_date')),
                ' ',
                escape(_sg_call(context, _block_vars, None, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'date'), environment.getattr((undefined(name='src') if l_0_src is missing else l_0_src), 'date'))),
            ))
        if environment.getattr((undefined(name='src') if l_0_src is missing else l_0_src), 'url'):
            pass
            _sg_block.extend((
                ': <a href="',
                escape(environment.getattr((undefined(name='src') if l_0_src is missing else l_0_src), 'url')),
                '"><cite>',
                escape((environment.getattr((undefined(name='src') if l_0_src is missing else l_0_src), 'title') or environment.getattr((undefined(name='src') if l_0_src is missing else l_0_src), 'url'))),
                '</cite></a>',
            ))
        elif environment.getattr((undefined(name='src') if l_0_src is missing else l_0_src), 'title'):
            pass
            _sg_block.extend((
                ': <cite>',
                escape(environment.getattr((undefined(name='src') if l_0_src is missing else l_0_src), 'title')),
                '</cite>',
            ))
        _sg_block.append(
            '</p>\n',
        )
    _sg_block.append(
        '  </header>\n\n',
    )
    if environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'image_url'):
        pass
        _sg_block.extend((
            '  <figure class="sg-lead">\n    <img src="',
            escape(environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'image_url')),
            '" alt="',
            escape((environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'image_alt') or '')),
            '" decoding="async">\n',
        ))
        if environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'image_credit'):
            pass
            _sg_block.extend((
                '    <figcaption class="sg-credit">',
                escape(_sg_call(context, _block_vars, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'photo')),
                ': ',
                escape(environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'image_credit')),
                '</figcaption>\n',
            ))
        _sg_block.append(
            '  </figure>\n',
        )
    _sg_block.append(
        '\n  <div class="sg-body sg-col">\n',
    )
    for l_1_part in environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'body_parts'):
        _loop_vars = {}
        pass
        try: _sg_o0 = l_1_part.html
        except AttributeError: _sg_o0 = getattr_fallback(l_1_part, 'html')
        _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
        _sg_block.extend((
            _sg_o0,
            '\n',
        ))
        for l_2_n in environment.getattr(l_1_part, 'notes'):
            _loop_vars = {}
            pass
            try: _sg_o0 = (undefined(name='m') if l_0_m is missing else l_0_m).sidenote
            except AttributeError: _sg_o0 = getattr_fallback((undefined(name='m') if l_0_m is missing else l_0_m), 'sidenote')
            _sg_o0 = _sg_call(context, None, _loop_vars, _sg_o0, environment.getitem((undefined(name='notes') if l_0_notes is missing else l_0_notes), (l_2_n - 1)))
            _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
            _sg_block.extend((
                _sg_o0,
                '\n',
            ))
        l_2_n = missing
    l_1_part = missing
    _sg_block.append(
        '  </div>\n\n',
    )
    if ((not environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'image_url')) and environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'image_credit')):
        pass
        _sg_block.extend((
            '  <p class="sg-credit sg-col">',
            escape(_sg_call(context, _block_vars, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'photo_credit')),
            ': ',
            escape(environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'image_credit')),
            '</p>\n',
        ))
    _sg_block.append(
        '\n',
    )
    if environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'corrections'):
        pass
        _sg_block.extend((
            '  <section class="sg-corrections sg-col" aria-labelledby="sg-corrections-h">\n    <h2 id="sg-corrections-h">',
            escape(_sg_call(context, _block_vars, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'corrections')),
            '</h2>\n    <ul>\n',
        ))
        for l_1_c in environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'corrections'):
            _loop_vars = {}
            pass
            try: _sg_o0 = (undefined(name='m') if l_0_m is missing else l_0_m).date
            except AttributeError: _sg_o0 = getattr_fallback((undefined(name='m') if l_0_m is missing else l_0_m), 'date')
            _sg_o0 = _sg_call(context, None, _loop_vars, _sg_o0, environment.getattr(l_1_c, 'date'))
            _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
            try: _sg_o1 = l_1_c.html
            except AttributeError: _sg_o1 = getattr_fallback(l_1_c, 'html')
            _sg_o1 = escape_as.get(type(_sg_o1), escape)(_sg_o1)
            _sg_block.extend((
                '      <li><p class="sg-correction-date">',
                _sg_o0,
                '</p>',
                _sg_o1,
                '</li>\n',
            ))
        l_1_c = missing
        _sg_block.append(
            '    </ul>\n  </section>\n',
        )
    _sg_block.append(
        '\n  <footer class="sg-end sg-col">\n',
    )
    if (undefined(name='terms') if l_0_terms is missing else l_0_terms):
        pass
        _sg_block.extend((
            '    <section class="sg-terms" aria-labelledby="sg-terms-h" data-pagefind-ignore="all">\n      <h2 id="sg-terms-h">',
            escape(_sg_call(context, _block_vars, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'terms_in_article')),
            '</h2>\n',
        ))
        for l_1_term in (undefined(name='terms') if l_0_terms is missing else l_0_terms):
            _loop_vars = {}
            pass
            try: _sg_o0 = l_1_term.id
            except AttributeError: _sg_o0 = getattr_fallback(l_1_term, 'id')
            _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
            try: _sg_o1 = l_1_term.head_html
            except AttributeError: _sg_o1 = getattr_fallback(l_1_term, 'head_html')
            _sg_o1 = escape_as.get(type(_sg_o1), escape)(_sg_o1)
            _sg_block.extend((
                '      <div class="sg-entry" id="term-',
                _sg_o0,
                '">\n        ',
                _sg_o1,
                '\n',
            ))
            try: _sg_t = l_1_term.sources
            except AttributeError: _sg_t = getattr_fallback(l_1_term, 'sources')
            if _sg_t:
                pass
                _sg_o0 = (undefined(name='sources_label') if l_0_sources_label is missing else l_0_sources_label)
                _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
                try: _sg_o1 = l_1_term.sources_html
                except AttributeError: _sg_o1 = getattr_fallback(l_1_term, 'sources_html')
                _sg_o1 = escape_as.get(type(_sg_o1), escape)(_sg_o1)
                _sg_block.extend((
                    '        <ul class="sg-entry-sources" aria-label="',
                    _sg_o0,
                    '">\n          ',
                    _sg_o1,
                    '\n        </ul>\n',
                ))
            try: _sg_t = l_1_term.see_also
            except AttributeError: _sg_t = getattr_fallback(l_1_term, 'see_also')
            if _sg_t:
                pass
                _sg_o0 = (undefined(name='see_also_label') if l_0_see_also_label is missing else l_0_see_also_label)
                _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
                try: _sg_o1 = l_1_term.see_also_html
                except AttributeError: _sg_o1 = getattr_fallback(l_1_term, 'see_also_html')
                _sg_o1 = escape_as.get(type(_sg_o1), escape)(_sg_o1)
                _sg_block.extend((
                    '        <p class="sg-see-also">',
                    _sg_o0,
                    ': ',
                    _sg_o1,
                    '</p>\n',
                ))
            _sg_block.append(
                '        <p class="sg-entry-links">\n',
            )
            try: _sg_t = l_1_term.mentions
            except AttributeError: _sg_t = getattr_fallback(l_1_term, 'mentions')
            if _sg_t:
                pass
                try: _sg_o0 = l_1_term.backlinks_html
                except AttributeError: _sg_o0 = getattr_fallback(l_1_term, 'backlinks_html')
                _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
                _sg_block.extend((
                    '          ',
                    _sg_o0,
                    '\n',
                ))
            try: _sg_o0 = l_1_term.glossary_url
            except AttributeError: _sg_o0 = getattr_fallback(l_1_term, 'glossary_url')
            _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
            _sg_o1 = (undefined(name='full_label') if l_0_full_label is missing else l_0_full_label)
            _sg_o1 = escape_as.get(type(_sg_o1), escape)(_sg_o1)
            _sg_block.extend((
                '          <a class="sg-entry-more" href="',
                _sg_o0,
                '">',
                _sg_o1,
                '<span aria-hidden="true"> &rarr;</span></a>\n        </p>\n      </div>\n',
            ))
        l_1_term = missing
        _sg_block.append(
            '    </section>\n',
        )
    _sg_block.append(
        '\n',
    )
    if (undefined(name='notes') if l_0_notes is missing else l_0_notes):
        pass
        _sg_block.extend((
            '    <section class="sg-notes" aria-labelledby="sg-notes-h">\n      <h2 id="sg-notes-h">',
            escape(_sg_call(context, _block_vars, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'notes')),
            '</h2>\n      <ol>\n',
        ))
        for l_1_note in (undefined(name='notes') if l_0_notes is missing else l_0_notes):
            _loop_vars = {}
            pass
            try: _sg_o0 = l_1_note.number
            except AttributeError: _sg_o0 = getattr_fallback(l_1_note, 'number')
            _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
            try: _sg_o1 = l_1_note.number
            except AttributeError: _sg_o1 = getattr_fallback(l_1_note, 'number')
            _sg_o1 = escape_as.get(type(_sg_o1), escape)(_sg_o1)
            try: _sg_o2 = l_1_note.ref_id
            except AttributeError: _sg_o2 = getattr_fallback(l_1_note, 'ref_id')
            _sg_o2 = escape_as.get(type(_sg_o2), escape)(_sg_o2)
            _sg_o3 = _sg_call(context, None, _loop_vars, (undefined(name='t') if l_0_t is missing else l_0_t), 'back_to_text')
            _sg_o3 = escape_as.get(type(_sg_o3), escape)(_sg_o3)
            try: _sg_o4 = l_1_note.quote
            except AttributeError: _sg_o4 = getattr_fallback(l_1_note, 'quote')
            _sg_o4 = escape_as.get(type(_sg_o4), escape)(_sg_o4)
            try: _sg_o5 = l_1_note.html
            except AttributeError: _sg_o5 = getattr_fallback(l_1_note, 'html')
            _sg_o5 = escape_as.get(type(_sg_o5), escape)(_sg_o5)
            _sg_block.extend((
                '        <li id="note-',
                _sg_o0,
                '" value="',
                _sg_o1,
                '">\n          <p class="sg-note-quote"><a class="sg-note-back" href="#',
                _sg_o2,
                '"><span aria-hidden="true">&uarr;</span><span class="sg-vh">',
                _sg_o3,
                '</span></a> <q>',
                _sg_o4,
                '</q></p>\n          <div class="sg-note-text">',
                _sg_o5,
                '</div>\n',
            ))
            try: _sg_t = l_1_note.sources
            except AttributeError: _sg_t = getattr_fallback(l_1_note, 'sources')
            if _sg_t:
                pass
                _sg_o0 = _sg_call(context, None, _loop_vars, (undefined(name='t') if l_0_t is missing else l_0_t), 'sources')
                _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
                _sg_block.extend((
                    '          <ul class="sg-entry-sources" aria-label="',
                    _sg_o0,
                    '">\n',
                ))
                for l_2_s in environment.getattr(l_1_note, 'sources'):
                    _loop_vars = {}
                    pass
                    try: _sg_o0 = (undefined(name='m') if l_0_m is missing else l_0_m).source
                    except AttributeError: _sg_o0 = getattr_fallback((undefined(name='m') if l_0_m is missing else l_0_m), 'source')
                    _sg_o0 = _sg_call(context, None, _loop_vars, _sg_o0, l_2_s, environment.getattr(l_2_s, 'number'))
                    _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
                    _sg_block.extend((
                        '            <li>',
                        _sg_o0,
                        '</li>\n',
                    ))
                l_2_s = missing
                _sg_block.append(
                    '          </ul>\n',
                )
            _sg_block.append(
                '        </li>\n',
            )
        l_1_note = missing
        _sg_block.append(
            '      </ol>\n    </section>\n',
        )
    _sg_block.append(
        '\n',
    )
    if (undefined(name='sources') if l_0_sources is missing else l_0_sources):
        pass
        _sg_block.extend((
            '    <section class="sg-sources" aria-labelledby="sg-sources-h">\n      <h2 id="sg-sources-h">',
            escape(_sg_call(context, _block_vars, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'sources')),
            '</h2>\n      <ol>\n        ',
            escape((undefined(name='sources_html') if l_0_sources_html is missing else l_0_sources_html)),
            '\n      </ol>\n    </section>\n',
        ))
    _sg_block.append(
        '  </footer>\n\n',
    )
    if (undefined(name='cards') if l_0_cards is missing else l_0_cards):
        pass
        _sg_block.append(
            '  <div class="sg-cards" data-pagefind-ignore="all">\n',
        )
        for l_1_term in (undefined(name='cards') if l_0_cards is missing else l_0_cards):
            _loop_vars = {}
            pass
            try: _sg_o0 = l_1_term.card_html
            except AttributeError: _sg_o0 = getattr_fallback(l_1_term, 'card_html')
            _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
            _sg_block.extend((
                '    ',
                _sg_o0,
                '\n',
            ))
        l_1_term = missing
        _sg_block.append(
            '  </div>\n',
        )
    _sg_block.append(
        '</article>\n',
    )
    if _sg_spliced is None:
        yield concat(_sg_block)
    else:
        _sg_spliced += _sg_block

blocks = {'head': block_head, 'content': block_content}
debug_info = '1=13&2=16&4=20&5=41&6=44&7=48&9=51&10=54&12=64&15=72&17=98&18=102&20=104&21=107&22=111&25=117&26=121&28=128&29=131&30=135&32=140&33=144&36=150&37=152&38=156&39=159&40=168&41=176&45=198&47=202&48=207&49=211&55=222&56=225&57=232&58=235&63=248&64=252&67=260&69=264&71=267&72=270&79=291&81=295&82=298&83=301&86=304&83=309&86=311&87=314&88=318&91=320&88=325&91=327&94=330&96=334&99=349&101=353&103=361&110=380&112=384&114=387&115=390&116=396&117=404&115=409&116=413&117=419&118=422&119=426&120=433&121=436&131=459&133=463&136=465&142=471&144=476&146=479'