from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'glossary.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    l_0_m = missing
    pass
    parent_template = environment.get_template('base.html', 'glossary.html')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    l_0_m = context.vars['m'] = environment.get_template('_macros.html', 'glossary.html')._get_default_module(context)
    context.exported_vars.discard('m')
    yield from parent_template.root_render_func(context)

def block_content(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_t = resolve('t')
    l_0_groups = resolve('groups')
    _sg_block = []
    _sg_spliced = context._sg_splice_next
    if _sg_spliced is not None: context._sg_splice_next = None
    pass
    _sg_block.extend((
        '<div class="sg-wrap sg-glossary">\n  <header class="sg-page-head">\n    <h1>',
        escape(_sg_call(context, _block_vars, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'glossary')),
        '</h1>\n    <p class="sg-page-intro">',
        escape(_sg_call(context, _block_vars, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'glossary_intro')),
        '</p>\n  </header>\n',
    ))
    if (undefined(name='groups') if l_0_groups is missing else l_0_groups):
        pass
        _sg_block.extend((
            '  <nav class="sg-az" aria-label="',
            escape(_sg_call(context, _block_vars, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'letters')),
            '">\n    <ul>\n',
        ))
        l_1_loop = missing
        for l_1_g, l_1_loop in LoopContext((undefined(name='groups') if l_0_groups is missing else l_0_groups), undefined):
            _loop_vars = {}
            pass
            try: _sg_o0 = l_1_loop.index
            except AttributeError: _sg_o0 = getattr_fallback(l_1_loop, 'index')
            _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
            try: _sg_o1 = l_1_g.letter
            except AttributeError: _sg_o1 = getattr_fallback(l_1_g, 'letter')
            _sg_o1 = escape_as.get(type(_sg_o1), escape)(_sg_o1)
            _sg_block.extend((
                '      <li><a href="#letter-',
                _sg_o0,
                '">',
                _sg_o1,
                '</a></li>\n',
            ))
        l_1_loop = l_1_g = missing
        _sg_block.append(
            '    </ul>\n  </nav>\n',
        )
        l_1_loop = missing
        for l_1_g, l_1_loop in LoopContext((undefined(name='groups') if l_0_groups is missing else l_0_groups), undefined):
            _loop_vars = {}
            pass
            try: _sg_o0 = l_1_loop.index
            except AttributeError: _sg_o0 = getattr_fallback(l_1_loop, 'index')
            _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
            try: _sg_o1 = l_1_g.letter
            except AttributeError: _sg_o1 = getattr_fallback(l_1_g, 'letter')
            _sg_o1 = escape_as.get(type(_sg_o1), escape)(_sg_o1)
            _sg_block.extend((
                '  <section class="sg-letter">\n    <h2 class="sg-letter-h" id="letter-',
                _sg_o0,
                '">',
                _sg_o1,
                '</h2>\n    <ul class="sg-gloss-list">\n',
            ))
            for l_2_term in environment.getattr(l_1_g, 'terms'):
                l_2_m = resolve('m')
                _loop_vars = {}
                pass
                try: _sg_o0 = l_2_term.url
                except AttributeError: _sg_o0 = getattr_fallback(l_2_term, 'url')
                _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
                try: _sg_o1 = l_2_term.name
                except AttributeError: _sg_o1 = getattr_fallback(l_2_term, 'name')
                _sg_o1 = escape_as.get(type(_sg_o1), escape)(_sg_o1)
                try: _sg_o2 = l_2_term.formerly
                except AttributeError: _sg_o2 = getattr_fallback(l_2_term, 'formerly')
                _sg_o2 = (_sg_call(context, None, _loop_vars, environment.getattr((undefined(name='m') if l_2_m is missing else l_2_m), 'formerly'), l_2_term, 'span') if _sg_o2 else '')
                _sg_o2 = escape_as.get(type(_sg_o2), escape)(_sg_o2)
                _sg_block.extend((
                    '      <li>\n        <a class="sg-gloss-name" href="',
                    _sg_o0,
                    '">',
                    _sg_o1,
                    '</a>\n        ',
                    _sg_o2,
                    '\n',
                ))
                try: _sg_t = l_2_term.summary
                except AttributeError: _sg_t = getattr_fallback(l_2_term, 'summary')
                if _sg_t:
                    pass
                    try: _sg_o0 = l_2_term.summary
                    except AttributeError: _sg_o0 = getattr_fallback(l_2_term, 'summary')
                    _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
                    _sg_block.extend((
                        '        <p class="sg-gloss-summary">',
                        _sg_o0,
                        '</p>\n',
                    ))
                _sg_block.append(
                    '      </li>\n',
                )
            l_2_term = l_2_m = missing
            _sg_block.append(
                '    </ul>\n  </section>\n',
            )
        l_1_loop = l_1_g = missing
    _sg_block.append(
        '</div>\n',
    )
    if _sg_spliced is None:
        yield concat(_sg_block)
    else:
        _sg_spliced += _sg_block

blocks = {'content': block_content}
debug_info = '1=13&2=16&4=20&7=35&8=37&10=40&11=44&13=48&14=51&18=69&20=72&22=85&24=89&26=95&24=101&26=105&27=108&28=112'