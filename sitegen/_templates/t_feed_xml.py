from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'feed.xml'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_site = resolve('site')
    l_0_feed_url = resolve('feed_url')
    l_0_updated = resolve('updated')
    l_0_entries = resolve('entries')
    try:
        t_1 = environment.filters['isodate']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'isodate' found.")
    pass
    _sg_run = []
    _sg_run.extend((
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="',
        escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'language')),
        '">\n  <title>',
        escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'title')),
        '</title>\n',
    ))
    yield concat(_sg_run)
    if environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'description'):
        pass
        _sg_run = []
        _sg_run.extend((
            '  <subtitle>',
            escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'description')),
            '</subtitle>\n',
        ))
        yield concat(_sg_run)
    _sg_run = []
    _sg_run.extend((
        '  <id>',
        escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'base_url')),
        '</id>\n  <link rel="self" type="application/atom+xml" href="',
        escape((undefined(name='feed_url') if l_0_feed_url is missing else l_0_feed_url)),
        '"/>\n  <link rel="alternate" type="text/html" href="',
        escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'base_url')),
        '"/>\n  <updated>',
        escape(t_1((undefined(name='updated') if l_0_updated is missing else l_0_updated))),
        'T00:00:00Z</updated>\n  <author><name>',
        escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'title')),
        '</name></author>\n  <generator>sitegen</generator>\n',
    ))
    yield concat(_sg_run)
    for l_1_article in (undefined(name='entries') if l_0_entries is missing else l_0_entries):
        _loop_vars = {}
        pass
        _sg_run = []
        try: _sg_o0 = l_1_article.title
        except AttributeError: _sg_o0 = getattr_fallback(l_1_article, 'title')
        _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
        try: _sg_o1 = (undefined(name='site') if l_0_site is missing else l_0_site).base_url
        except AttributeError: _sg_o1 = getattr_fallback((undefined(name='site') if l_0_site is missing else l_0_site), 'base_url')
        _sg_o1 = escape_as.get(type(_sg_o1), escape)(_sg_o1)
        try: _sg_o2 = l_1_article.url
        except AttributeError: _sg_o2 = getattr_fallback(l_1_article, 'url')
        _sg_o2 = escape_as.get(type(_sg_o2), escape)(_sg_o2)
        try: _sg_o3 = (undefined(name='site') if l_0_site is missing else l_0_site).base_url
        except AttributeError: _sg_o3 = getattr_fallback((undefined(name='site') if l_0_site is missing else l_0_site), 'base_url')
        _sg_o3 = escape_as.get(type(_sg_o3), escape)(_sg_o3)
        try: _sg_o4 = l_1_article.url
        except AttributeError: _sg_o4 = getattr_fallback(l_1_article, 'url')
        _sg_o4 = escape_as.get(type(_sg_o4), escape)(_sg_o4)
        try: _sg_o5 = l_1_article.date
        except AttributeError: _sg_o5 = getattr_fallback(l_1_article, 'date')
        _sg_o5 = t_1(_sg_o5)
        _sg_o5 = escape_as.get(type(_sg_o5), escape)(_sg_o5)
        try: _sg_o6 = l_1_article.latest
        except AttributeError: _sg_o6 = getattr_fallback(l_1_article, 'latest')
        _sg_o6 = t_1(_sg_o6)
        _sg_o6 = escape_as.get(type(_sg_o6), escape)(_sg_o6)
        _sg_run.extend((
            '  <entry>\n    <title>',
            _sg_o0,
            '</title>\n    <id>',
            _sg_o1,
            _sg_o2,
            '</id>\n    <link rel="alternate" type="text/html" href="',
            _sg_o3,
            _sg_o4,
            '"/>\n    <published>',
            _sg_o5,
            'T00:00:00Z</published>\n    <updated>',
            _sg_o6,
            'T00:00:00Z</updated>\n',
        ))
        yield concat(_sg_run)
        for l_2_name in environment.getattr(l_1_article, 'authors'):
            _loop_vars = {}
            pass
            _sg_run = []
            _sg_o0 = l_2_name
            _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
            _sg_run.extend((
                '    <author><name>',
                _sg_o0,
                '</name></author>\n',
            ))
            yield concat(_sg_run)
        l_2_name = missing
        try: _sg_t = l_1_article.summary
        except AttributeError: _sg_t = getattr_fallback(l_1_article, 'summary')
        if _sg_t:
            pass
            _sg_run = []
            try: _sg_o0 = l_1_article.summary
            except AttributeError: _sg_o0 = getattr_fallback(l_1_article, 'summary')
            _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
            _sg_run.extend((
                '    <summary>',
                _sg_o0,
                '</summary>\n',
            ))
            yield concat(_sg_run)
        yield '  </entry>\n'
    l_1_article = missing
    yield '</feed>\n'

blocks = {}
debug_info = '2=24&3=26&4=30&5=35&7=42&8=44&9=46&10=48&11=50&13=54&15=58&16=61&17=67&18=73&19=77&15=83&16=85&17=88&18=91&19=93&20=97&21=101&23=110&24=115'