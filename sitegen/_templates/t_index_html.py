from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'index.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    l_0_m = missing
    pass
    parent_template = environment.get_template('base.html', 'index.html')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    l_0_m = context.vars['m'] = environment.get_template('_macros.html', 'index.html')._get_default_module(context)
    context.exported_vars.discard('m')
    yield from parent_template.root_render_func(context)

def block_content(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_site = resolve('site')
    l_0_articles = resolve('articles')
    l_0_t = resolve('t')
    l_0_pagination = resolve('pagination')
    _sg_block = []
    _sg_spliced = context._sg_splice_next
    if _sg_spliced is not None: context._sg_splice_next = None
    try:
        t_1 = environment.filters['format']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'format' found.")
    try:
        t_2 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    _sg_block.extend((
        '<div class="sg-wrap sg-home">\n  <header class="sg-home-head">\n    <h1 class="sg-home-title">',
        escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'title')),
        '</h1>\n',
    ))
    if environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'description'):
        pass
        _sg_block.extend((
            '    <p class="sg-home-desc">',
            escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'description')),
            '</p>\n',
        ))
    _sg_block.append(
        '  </header>\n',
    )
    if (undefined(name='articles') if l_0_articles is missing else l_0_articles):
        pass
        _sg_block.extend((
            '  <h2 class="sg-section-label">',
            escape(_sg_call(context, _block_vars, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'latest')),
            '</h2>\n  <ol class="sg-list">\n',
        ))
        for l_1_a in (undefined(name='articles') if l_0_articles is missing else l_0_articles):
            l_1_m = resolve('m')
            _loop_vars = {}
            pass
            try: _sg_o0 = l_1_a.url
            except AttributeError: _sg_o0 = getattr_fallback(l_1_a, 'url')
            _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
            try: _sg_o1 = l_1_a.title
            except AttributeError: _sg_o1 = getattr_fallback(l_1_a, 'title')
            _sg_o1 = escape_as.get(type(_sg_o1), escape)(_sg_o1)
            _sg_block.extend((
                '    <li class="sg-list-item">\n      <article>\n        <h3 class="sg-list-title"><a href="',
                _sg_o0,
                '">',
                _sg_o1,
                '</a></h3>\n',
            ))
            try: _sg_t = l_1_a.summary
            except AttributeError: _sg_t = getattr_fallback(l_1_a, 'summary')
            if _sg_t:
                pass
                try: _sg_o0 = l_1_a.summary
                except AttributeError: _sg_o0 = getattr_fallback(l_1_a, 'summary')
                _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
                _sg_block.extend((
                    '        <p class="sg-list-summary">',
                    _sg_o0,
                    '</p>\n',
                ))
            _sg_block.append(
                '        <p class="sg-meta">\n',
            )
            try: _sg_t = l_1_a.authors
            except AttributeError: _sg_t = getattr_fallback(l_1_a, 'authors')
            if _sg_t:
                pass
                _sg_o0 = _sg_call(context, None, _loop_vars, (undefined(name='t') if l_0_t is missing else l_0_t), 'by')
                _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
                try: _sg_o1 = (undefined(name='m') if l_1_m is missing else l_1_m).names
                except AttributeError: _sg_o1 = getattr_fallback((undefined(name='m') if l_1_m is missing else l_1_m), 'names')
                _sg_o1 = _sg_call(context, None, _loop_vars, _sg_o1, environment.getattr(l_1_a, 'authors'))
                _sg_o1 = escape_as.get(type(_sg_o1), escape)(_sg_o1)
                _sg_block.extend((
                    '<span class="sg-authors">',
                    _sg_o0,
                    ' ',
                    _sg_o1,
                    '</span> ',
                ))
            try: _sg_o0 = (undefined(name='m') if l_1_m is missing else l_1_m).date
            except AttributeError: _sg_o0 = getattr_fallback((undefined(name='m') if l_1_m is missing else l_1_m), 'date')
            _sg_o0 = _sg_call(context, None, _loop_vars, _sg_o0, environment.getattr(l_1_a, 'date'))
            _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
            _sg_block.extend((
                '<span class="sg-dateline">',
                _sg_o0,
                '</span>\n',
            ))
            try: _sg_t = l_1_a.updated
            except AttributeError: _sg_t = getattr_fallback(l_1_a, 'updated')
            if _sg_t:
                pass
                _sg_o0 = _sg_call(context, None, _loop_vars, (undefined(name='t') if l_0_t is missing else l_0_t), 'updated')
                _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
                try: _sg_o1 = (undefined(name='m') if l_1_m is missing else l_1_m).date
                except AttributeError: _sg_o1 = getattr_fallback((undefined(name='m') if l_1_m is missing else l_1_m), 'date')
                _sg_o1 = _sg_call(context, None, _loop_vars, _sg_o1, environment.getattr(l_1_a, 'updated'))
                _sg_o1 = escape_as.get(type(_sg_o1), escape)(_sg_o1)
                _sg_block.extend((
                    ' <span class="sg-updated">',
                    _sg_o0,
                    ' ',
                    _sg_o1,
                    '</span>',
                ))
            _sg_block.append(
                '        </p>\n      </article>\n    </li>\n',
            )
        l_1_a = l_1_m = missing
        _sg_block.append(
            '  </ol>\n',
        )
    else:
        pass
        _sg_block.extend((
            '  <p class="sg-empty">',
            escape(_sg_call(context, _block_vars, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'no_articles')),
            '</p>\n',
        ))
    if (environment.getattr((undefined(name='pagination') if l_0_pagination is missing else l_0_pagination), 'count') > 1):
        pass
        _sg_block.extend((
            '  <nav class="sg-pager" aria-label="',
            escape(_sg_call(context, _block_vars, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'pagination')),
            '">\n',
        ))
        if (not t_2(environment.getattr((undefined(name='pagination') if l_0_pagination is missing else l_0_pagination), 'prev_url'))):
            pass
            _sg_block.extend((
                '    <a class="sg-pager-newer" href="',
                escape(environment.getattr((undefined(name='pagination') if l_0_pagination is missing else l_0_pagination), 'prev_url')),
                '" rel="prev"><span aria-hidden="true">&larr; </span>',
                escape(_sg_call(context, _block_vars, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'newer')),
                '</a>\n',
            ))
        _sg_block.extend((
            '    <span class="sg-pager-at">',
            escape(t_1(_sg_call(context, _block_vars, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'page_n_of_m'), number=environment.getattr((undefined(name='pagination') if l_0_pagination is missing else l_0_pagination), 'number'), count=environment.getattr((undefined(name='pagination') if l_0_pagination is missing else l_0_pagination), 'count'))),
            '</span>\n',
        ))
        if (not t_2(environment.getattr((undefined(name='pagination') if l_0_pagination is missing else l_0_pagination), 'next_url'))):
            pass
            _sg_block.extend((
                '    <a class="sg-pager-older" href="',
                escape(environment.getattr((undefined(name='pagination') if l_0_pagination is missing else l_0_pagination), 'next_url')),
                '" rel="next">',
                escape(_sg_call(context, _block_vars, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'older')),
                '<span aria-hidden="true"> &rarr;</span></a>\n',
            ))
        _sg_block.append(
            '  </nav>\n',
        )
    _sg_block.append(
        '</div>\n',
    )
    if _sg_spliced is None:
        yield concat(_sg_block)
    else:
        _sg_spliced += _sg_block

blocks = {'content': block_content}
debug_info = '1=13&2=16&4=20&7=49&8=52&9=56&12=62&13=66&15=69&18=73&19=86&20=90&23=101&24=118&25=127&32=155&34=158&35=162&36=165&37=169&39=176&40=179&41=183'