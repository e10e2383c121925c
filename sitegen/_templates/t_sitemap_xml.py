from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sitemap.xml'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_urls = resolve('urls')
    try:
        t_1 = environment.filters['isodate']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'isodate' found.")
    pass
    yield '<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    for (l_1_url, l_1_lastmod) in (undefined(name='urls') if l_0_urls is missing else l_0_urls):
        _loop_vars = {}
        pass
        _sg_run = []
        _sg_o0 = l_1_url
        _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
        _sg_run.extend((
            '  <url>\n    <loc>',
            _sg_o0,
            '</loc>\n',
        ))
        yield concat(_sg_run)
        if l_1_lastmod:
            pass
            _sg_run = []
            _sg_o0 = t_1(l_1_lastmod)
            _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
            _sg_run.extend((
                '    <lastmod>',
                _sg_o0,
                '</lastmod>\n',
            ))
            yield concat(_sg_run)
        yield '  </url>\n'
    l_1_url = l_1_lastmod = missing
    yield '</urlset>\n'

blocks = {}
debug_info = '3=19&5=23&6=31&7=34'