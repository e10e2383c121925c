from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'term.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    l_0_m = missing
    pass
    parent_template = environment.get_template('base.html', 'term.html')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    l_0_m = context.vars['m'] = environment.get_template('_macros.html', 'term.html')._get_default_module(context)
    context.exported_vars.discard('m')
    yield from parent_template.root_render_func(context)

def block_content(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_strings = resolve('strings')
    l_0_root = resolve('root')
    l_0_term = resolve('term')
    l_0_m = resolve('m')
    _sg_block = []
    _sg_spliced = context._sg_splice_next
    if _sg_spliced is not None: context._sg_splice_next = None
    pass
    _sg_block.extend((
        '<article class="sg-wrap sg-term-page" data-pagefind-body data-pagefind-meta="kind:',
        escape(environment.getitem((undefined(name='strings') if l_0_strings is missing else l_0_strings), 'search_kind_term')),
        '">\n  <header class="sg-page-head sg-col">\n    <p class="sg-kicker" data-pagefind-ignore><a href="',
        escape((undefined(name='root') if l_0_root is missing else l_0_root)),
        'glossary/">',
        escape(environment.getitem((undefined(name='strings') if l_0_strings is missing else l_0_strings), 'glossary')),
        '</a></p>\n    <h1>',
        escape(environment.getattr((undefined(name='term') if l_0_term is missing else l_0_term), 'name')),
        '</h1>\n    ',
        escape((_sg_call(context, _block_vars, None, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'formerly'), (undefined(name='term') if l_0_term is missing else l_0_term)) if environment.getattr((undefined(name='term') if l_0_term is missing else l_0_term), 'formerly') else '')),
        '\n',
    ))
    if environment.getattr((undefined(name='term') if l_0_term is missing else l_0_term), 'aliases'):
        pass
        _sg_block.extend((
            '    <p class="sg-aliases">',
            escape(environment.getitem((undefined(name='strings') if l_0_strings is missing else l_0_strings), 'also_known_as')),
            ': ',
        ))
        l_1_loop = missing
        for l_1_n, l_1_loop in LoopContext(environment.getattr((undefined(name='term') if l_0_term is missing else l_0_term), 'aliases'), undefined):
            _loop_vars = {}
            pass
            _sg_o0 = l_1_n
            _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
            _sg_block.extend((
                '<span class="sg-name">',
                _sg_o0,
                '</span>',
            ))
            try: _sg_t = l_1_loop.last
            except AttributeError: _sg_t = getattr_fallback(l_1_loop, 'last')
            if (not _sg_t):
                pass
                _sg_block.append(
                    ', ',
                )
        l_1_loop = l_1_n = missing
        _sg_block.append(
            '</p>\n',
        )
    _sg_block.extend((
        '  </header>\n  <div class="sg-col">\n    <div class="sg-def sg-term-def">',
        escape(environment.getattr((undefined(name='term') if l_0_term is missing else l_0_term), 'definition_html')),
        '</div>\n',
    ))
    if environment.getattr((undefined(name='term') if l_0_term is missing else l_0_term), 'sources'):
        pass
        _sg_block.extend((
            '    <section class="sg-term-section" aria-labelledby="sg-term-sources-h">\n      <h2 id="sg-term-sources-h" data-pagefind-ignore>',
            escape(environment.getitem((undefined(name='strings') if l_0_strings is missing else l_0_strings), 'sources')),
            '</h2>\n      <ul class="sg-entry-sources">\n',
        ))
        for l_1_s in environment.getattr((undefined(name='term') if l_0_term is missing else l_0_term), 'sources'):
            _loop_vars = {}
            pass
            try: _sg_o0 = l_1_s.link_html
            except AttributeError: _sg_o0 = getattr_fallback(l_1_s, 'link_html')
            _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
            _sg_block.extend((
                '        <li>',
                _sg_o0,
                '</li>\n',
            ))
        l_1_s = missing
        _sg_block.append(
            '      </ul>\n    </section>\n',
        )
    if environment.getattr((undefined(name='term') if l_0_term is missing else l_0_term), 'see_also'):
        pass
        _sg_block.extend((
            '    <section class="sg-term-section" aria-labelledby="sg-term-see-h">\n      <h2 id="sg-term-see-h" data-pagefind-ignore>',
            escape(environment.getitem((undefined(name='strings') if l_0_strings is missing else l_0_strings), 'see_also')),
            '</h2>\n      <ul class="sg-see-list">\n',
        ))
        for l_1_x in environment.getattr((undefined(name='term') if l_0_term is missing else l_0_term), 'see_also'):
            _loop_vars = {}
            pass
            try: _sg_o0 = l_1_x.url
            except AttributeError: _sg_o0 = getattr_fallback(l_1_x, 'url')
            _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
            try: _sg_o1 = l_1_x.name
            except AttributeError: _sg_o1 = getattr_fallback(l_1_x, 'name')
            _sg_o1 = escape_as.get(type(_sg_o1), escape)(_sg_o1)
            _sg_block.extend((
                '        <li><a href="',
                _sg_o0,
                '">',
                _sg_o1,
                '</a></li>\n',
            ))
        l_1_x = missing
        _sg_block.append(
            '      </ul>\n    </section>\n',
        )
    _sg_block.extend((
        '    <section class="sg-term-section" aria-labelledby="sg-term-in-h">\n      <h2 id="sg-term-in-h" data-pagefind-ignore>',
        escape(environment.getitem((undefined(name='strings') if l_0_strings is missing else l_0_strings), 'mentioned_in')),
        '</h2>\n',
    ))
    if environment.getattr((undefined(name='term') if l_0_term is missing else l_0_term), 'backlinks'):
        pass
        _sg_block.append(
            '      <ul class="sg-backlist">\n',
        )
        for l_1_b in environment.getattr((undefined(name='term') if l_0_term is missing else l_0_term), 'backlinks'):
            _loop_vars = {}
            pass
            try: _sg_o0 = l_1_b.html
            except AttributeError: _sg_o0 = getattr_fallback(l_1_b, 'html')
            _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
            _sg_block.extend((
                '        <li>',
                _sg_o0,
                '</li>\n',
            ))
        l_1_b = missing
        _sg_block.append(
            '      </ul>\n',
        )
    else:
        pass
        _sg_block.extend((
            '      <p class="sg-empty">',
            escape(environment.getitem((undefined(name='strings') if l_0_strings is missing else l_0_strings), 'not_mentioned')),
            '</p>\n',
        ))
    _sg_block.append(
        '    </section>\n  </div>\n</article>\n',
    )
    if _sg_spliced is None:
        yield concat(_sg_block)
    else:
        _sg_spliced += _sg_block

blocks = {'content': block_content}
debug_info = '1=13&2=16&4=20&5=37&7=39&8=43&10=45&11=48&12=52&16=79&17=82&19=86&21=89&23=92&28=104&30=108&32=111&33=114&39=133&40=136&42=141&45=144&49=160'