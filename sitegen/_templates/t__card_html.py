from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_card.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_term = resolve('term')
    l_0_m = resolve('m')
    l_0_t = resolve('t')
    pass
    _sg_run = []
    _sg_run.extend((
        '<div class="sg-card" id="card-',
        escape(environment.getattr((undefined(name='term') if l_0_term is missing else l_0_term), 'id')),
        '" popover="manual" role="dialog" aria-labelledby="card-',
        escape(environment.getattr((undefined(name='term') if l_0_term is missing else l_0_term), 'id')),
        '-name">\n  <p class="sg-card-name" id="card-',
        escape(environment.getattr((undefined(name='term') if l_0_term is missing else l_0_term), 'id')),
        '-name">',
        escape(environment.getattr((undefined(name='term') if l_0_term is missing else l_0_term), 'name')),
        '</p>\n',
    ))
    yield concat(_sg_run)
    if (environment.getattr((undefined(name='term') if l_0_term is missing else l_0_term), 'formerly') or environment.getattr((undefined(name='term') if l_0_term is missing else l_0_term), 'used_name')):
        pass
        l_0_m = context.vars['m'] = environment.get_template('_macros.html', '_card.html')._get_default_module(context)
        context.exported_vars.discard('m')
    _sg_run = []
    _sg_run.extend((
        '  ',
        escape((_sg_call(context, None, None, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'formerly'), (undefined(name='term') if l_0_term is missing else l_0_term)) if environment.getattr((undefined(name='term') if l_0_term is missing else l_0_term), 'formerly') else '')),
        '\n  ',
        escape((_sg_call(context, None, None, environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'used_name'), (undefined(name='term') if l_0_term is missing else l_0_term)) if environment.getattr((undefined(name='term') if l_0_term is missing else l_0_term), 'used_name') else '')),
        '\n  <div class="sg-card-def">',
        escape(environment.getattr((undefined(name='term') if l_0_term is missing else l_0_term), 'definition_html')),
        '</div>\n',
    ))
    yield concat(_sg_run)
    if environment.getattr((undefined(name='term') if l_0_term is missing else l_0_term), 'sources'):
        pass
        _sg_run = []
        _sg_run.extend((
            '  <ul class="sg-card-sources" aria-label="',
            escape(_sg_call(context, None, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'sources')),
            '">\n',
        ))
        yield concat(_sg_run)
        for l_1_s in environment.getattr((undefined(name='term') if l_0_term is missing else l_0_term), 'sources'):
            _loop_vars = {}
            pass
            _sg_run = []
            try: _sg_o0 = l_1_s.link_html
            except AttributeError: _sg_o0 = getattr_fallback(l_1_s, 'link_html')
            _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
            _sg_run.extend((
                '    <li>',
                _sg_o0,
                '</li>\n',
            ))
            yield concat(_sg_run)
        l_1_s = missing
        yield '  </ul>\n'
    _sg_run = []
    _sg_run.extend((
        '  <p class="sg-card-more"><a href="',
        escape(environment.getattr((undefined(name='term') if l_0_term is missing else l_0_term), 'glossary_url')),
        '">',
        escape(_sg_call(context, None, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'full_entry')),
        '<span aria-hidden="true"> &rarr;</span></a></p>\n  <button class="sg-card-close" type="button" aria-label="',
        escape(_sg_call(context, None, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'close')),
        '"><span aria-hidden="true">&times;</span></button>\n</div>\n',
    ))
    yield concat(_sg_run)

blocks = {}
debug_info = '6=17&7=21&8=27&9=34&10=36&11=38&12=42&13=47&14=51&15=55&19=69&20=73'