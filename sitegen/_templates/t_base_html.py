from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'base.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_site = resolve('site')
    l_0_csp = resolve('csp')
    l_0_page = resolve('page')
    l_0_asset = resolve('asset')
    l_0_root = resolve('root')
    l_0_strings = resolve('strings')
    try:
        t_1 = environment.filters['tojson']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'tojson' found.")
    try:
        t_2 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    _sg_run = []
    _sg_run.extend((
        '<!doctype html>\n<html lang="',
        escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'language')),
        '">\n<head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="',
        escape((undefined(name='csp') if l_0_csp is missing else l_0_csp)),
        '">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>',
        escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'title')),
        '</title>\n',
    ))
    yield concat(_sg_run)
    if environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'description'):
        pass
        _sg_run = []
        _sg_run.extend((
            '<meta name="description" content="',
            escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'description')),
            '">\n',
        ))
        yield concat(_sg_run)
    yield '<meta name="color-scheme" content="light dark">\n<meta name="theme-color" content="#fbfaf7" media="(prefers-color-scheme: light)">\n<meta name="theme-color" content="#161513" media="(prefers-color-scheme: dark)">\n'
    if (not t_2(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'canonical'))):
        pass
        _sg_run = []
        _sg_run.extend((
            '<link rel="canonical" href="',
            escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'canonical')),
            '">\n',
        ))
        yield concat(_sg_run)
    if context._sg_splicing is not None: context._sg_splice_next = context._sg_splicing
    yield from context.blocks['meta'][0](context)
    _sg_run = []
    _sg_run.extend((
        '<link rel="stylesheet" href="',
        escape(_sg_call(context, None, None, (undefined(name='asset') if l_0_asset is missing else l_0_asset), 'sitegen.css')),
        '">\n<link rel="icon" href="',
        escape(_sg_call(context, None, None, (undefined(name='asset') if l_0_asset is missing else l_0_asset), 'favicon.svg')),
        '" type="image/svg+xml">\n',
    ))
    yield concat(_sg_run)
    if environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'is_absolute'):
        pass
        _sg_run = []
        _sg_run.extend((
            '<link rel="alternate" type="application/atom+xml" href="',
            escape((undefined(name='root') if l_0_root is missing else l_0_root)),
            'feed.xml" title="',
            escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'title')),
            '">\n',
        ))
        yield concat(_sg_run)
    _sg_run = []
    _sg_run.extend((
        '<script src="',
        escape(_sg_call(context, None, None, (undefined(name='asset') if l_0_asset is missing else l_0_asset), 'search.js')),
        '" defer></script>\n',
    ))
    yield concat(_sg_run)
    if context._sg_splicing is not None: context._sg_splice_next = context._sg_splicing
    yield from context.blocks['head'][0](context)
    if (not t_2(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'json_ld'))):
        pass
        _sg_run = []
        _sg_run.extend((
            '<script type="application/ld+json">',
            escape(t_1(context.eval_ctx, environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'json_ld'))),
            '</script>\n',
        ))
        yield concat(_sg_run)
    _sg_run = []
    _sg_run.extend((
        '</head>\n<body class="sg-page-',
        escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'kind')),
        '">\n<a class="sg-skip" href="#main">',
        escape(environment.getitem((undefined(name='strings') if l_0_strings is missing else l_0_strings), 'skip_to_content')),
        '</a>\n',
    ))
    yield concat(_sg_run)
    if context._sg_splicing is not None: context._sg_splice_next = context._sg_splicing
    yield from context.blocks['masthead'][0](context)
    yield '<main id="main" class="sg-main" tabindex="-1">\n'
    if context._sg_splicing is not None: context._sg_splice_next = context._sg_splicing
    yield from context.blocks['content'][0](context)
    yield '</main>\n'
    if context._sg_splicing is not None: context._sg_splice_next = context._sg_splicing
    yield from context.blocks['footer'][0](context)
    yield '</body>\n</html>\n'

def block_meta(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_site = resolve('site')
    l_0_page = resolve('page')
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
    _sg_block.extend((
        '<meta property="og:site_name" content="',
        escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'title')),
        '">\n<meta property="og:title" content="',
        escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'title')),
        '">\n<meta property="og:type" content="',
        escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'og_type')),
        '">\n',
    ))
    if environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'description'):
        pass
        _sg_block.extend((
            '<meta property="og:description" content="',
            escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'description')),
            '">\n',
        ))
    if (not t_2(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'canonical'))):
        pass
        _sg_block.extend((
            '<meta property="og:url" content="',
            escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'canonical')),
            '">\n',
        ))
    if (not t_2(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'image'))):
        pass
        _sg_block.extend((
            '<meta property="og:image" content="',
            escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'image')),
            '">\n<meta name="twitter:card" content="summary_large_image">\n',
        ))
    else:
        pass
        _sg_block.append(
            '<meta name="twitter:card" content="summary">\n',
        )
    if _sg_spliced is None:
        yield concat(_sg_block)
    else:
        _sg_spliced += _sg_block

def block_head(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    _sg_block = []
    _sg_spliced = context._sg_splice_next
    if _sg_spliced is not None: context._sg_splice_next = None
    pass
    if _sg_spliced is None:
        yield concat(_sg_block)
    else:
        _sg_spliced += _sg_block

def block_masthead(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_root = resolve('root')
    l_0_page = resolve('page')
    l_0_site = resolve('site')
    l_0_strings = resolve('strings')
    _sg_block = []
    _sg_spliced = context._sg_splice_next
    if _sg_spliced is not None: context._sg_splice_next = None
    pass
    _sg_block.extend((
        '<header class="sg-masthead">\n  <div class="sg-wrap sg-masthead-inner">\n    <a class="sg-brand" href="',
        escape((undefined(name='root') if l_0_root is missing else l_0_root)),
        '"',
    ))
    if (environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'kind') == 'index'):
        pass
        _sg_block.append(
            ' aria-current="page"',
        )
    _sg_block.extend((
        '>',
        escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'title')),
        '</a>\n    <nav class="sg-nav" aria-label="',
        escape(environment.getitem((undefined(name='strings') if l_0_strings is missing else l_0_strings), 'site_navigation')),
        '">\n      <ul>\n        <li><a href="',
        escape((undefined(name='root') if l_0_root is missing else l_0_root)),
        'glossary/"',
    ))
    if (environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'kind') == 'glossary'):
        pass
        _sg_block.append(
            ' aria-current="page"',
        )
    _sg_block.extend((
        '>',
        escape(environment.getitem((undefined(name='strings') if l_0_strings is missing else l_0_strings), 'glossary')),
        '</a></li>\n      </ul>\n    </nav>\n',
    ))
    gen = context.blocks['search'][0](context)
    try:
        for event in gen:
            _sg_block.append(event)
    finally: gen.close()
    _sg_block.append(
        '  </div>\n</header>\n',
    )
    if _sg_spliced is None:
        yield concat(_sg_block)
    else:
        _sg_spliced += _sg_block

def block_search(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_fragment = resolve('fragment')
    l_0_root = resolve('root')
    _sg_block = []
    _sg_spliced = context._sg_splice_next
    if _sg_spliced is not None: context._sg_splice_next = None
    pass
    _sg_block.append(
        escape(_sg_call(context, _block_vars, None, (undefined(name='fragment') if l_0_fragment is missing else l_0_fragment), '_search.html', root=(undefined(name='root') if l_0_root is missing else l_0_root))),
    )
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
    _sg_block = []
    _sg_spliced = context._sg_splice_next
    if _sg_spliced is not None: context._sg_splice_next = None
    pass
    if _sg_spliced is None:
        yield concat(_sg_block)
    else:
        _sg_spliced += _sg_block

def block_footer(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_root = resolve('root')
    l_0_site = resolve('site')
    l_0_strings = resolve('strings')
    _sg_block = []
    _sg_spliced = context._sg_splice_next
    if _sg_spliced is not None: context._sg_splice_next = None
    pass
    _sg_block.extend((
        '<footer class="sg-footer">\n  <div class="sg-wrap">\n    <p class="sg-footer-title"><a href="',
        escape((undefined(name='root') if l_0_root is missing else l_0_root)),
        '">',
        escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'title')),
        '</a></p>\n',
    ))
    if environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'description'):
        pass
        _sg_block.extend((
            '    <p class="sg-footer-desc">',
            escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'description')),
            '</p>\n',
        ))
    _sg_block.extend((
        '    <ul class="sg-footer-links">\n      <li><a href="',
        escape((undefined(name='root') if l_0_root is missing else l_0_root)),
        'glossary/">',
        escape(environment.getitem((undefined(name='strings') if l_0_strings is missing else l_0_strings), 'glossary')),
        '</a></li>\n',
    ))
    if environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'is_absolute'):
        pass
        _sg_block.extend((
            '      <li><a href="',
            escape((undefined(name='root') if l_0_root is missing else l_0_root)),
            'feed.xml">',
            escape(environment.getitem((undefined(name='strings') if l_0_strings is missing else l_0_strings), 'feed')),
            '</a></li>\n',
        ))
    _sg_block.append(
        '    </ul>\n  </div>\n</footer>\n',
    )
    if _sg_spliced is None:
        yield concat(_sg_block)
    else:
        _sg_spliced += _sg_block

blocks = {'meta': block_meta, 'head': block_head, 'masthead': block_masthead, 'search': block_search, 'content': block_content, 'footer': block_footer}
debug_info = '2=32&5=34&7=36&8=40&9=45&14=50&15=55&17=59&34=64&35=66&36=70&37=75&39=84&40=88&41=90&42=95&45=102&47=104&48=108&65=111&67=114&17=118&18=139&19=141&20=143&21=146&22=150&24=153&25=157&27=160&28=164&40=177&48=193&51=210&52=222&54=224&57=239&59=264&65=271&67=287&70=303&71=308&72=312&75=317&76=322&77=326'