from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'redirect.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html', 'redirect.html')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    yield from parent_template.root_render_func(context)

def block_head(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_target_url = resolve('target_url')
    l_0_page = resolve('page')
    _sg_block = []
    _sg_spliced = context._sg_splice_next
    if _sg_spliced is not None: context._sg_splice_next = None
    try:
        t_1 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    _sg_block.extend((
        '<meta http-equiv="refresh" content="0; url=',
        escape((undefined(name='target_url') if l_0_target_url is missing else l_0_target_url)),
        '">\n<meta name="robots" content="noindex">\n',
    ))
    if t_1(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'canonical')):
        pass
        _sg_block.extend((
            '<link rel="canonical" href="',
            escape((undefined(name='target_url') if l_0_target_url is missing else l_0_target_url)),
            '">\n',
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
    l_0_target_url = resolve('target_url')
    l_0_target_title = resolve('target_title')
    _sg_block = []
    _sg_spliced = context._sg_splice_next
    if _sg_spliced is not None: context._sg_splice_next = None
    pass
    _sg_block.extend((
        '<div class="sg-wrap sg-notfound">\n  <div class="sg-col">\n    <h1>',
        escape(_sg_call(context, _block_vars, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'moved')),
        '</h1>\n    <p class="sg-page-intro">',
        escape(_sg_call(context, _block_vars, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'moved_to')),
        ' <a href="',
        escape((undefined(name='target_url') if l_0_target_url is missing else l_0_target_url)),
        '">',
        escape((undefined(name='target_title') if l_0_target_title is missing else l_0_target_title)),
        '</a></p>\n  </div>\n</div>\n',
    ))
    if _sg_spliced is None:
        yield concat(_sg_block)
    else:
        _sg_spliced += _sg_block

blocks = {'head': block_head, 'content': block_content}
debug_info = '1=12&3=17&4=38&6=41&7=45&11=53&14=69&15=71'