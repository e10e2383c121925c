from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '404.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html', '404.html')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    yield from parent_template.root_render_func(context)

def block_content(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_t = resolve('t')
    l_0_root = resolve('root')
    _sg_block = []
    _sg_spliced = context._sg_splice_next
    if _sg_spliced is not None: context._sg_splice_next = None
    pass
    _sg_block.extend((
        '<div class="sg-wrap sg-notfound">\n  <div class="sg-col">\n    <p class="sg-kicker" aria-hidden="true">404</p>\n    <h1>',
        escape(_sg_call(context, _block_vars, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'page_not_found')),
        '</h1>\n    <p class="sg-page-intro">',
        escape(_sg_call(context, _block_vars, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'not_found_text')),
        '</p>\n    <ul class="sg-notfound-links">\n      <li><a href="',
        escape((undefined(name='root') if l_0_root is missing else l_0_root)),
        '">',
        escape(_sg_call(context, _block_vars, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'go_home')),
        '</a></li>\n      <li><a href="',
        escape((undefined(name='root') if l_0_root is missing else l_0_root)),
        'glossary/">',
        escape(_sg_call(context, _block_vars, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'browse_glossary')),
        '</a></li>\n    </ul>\n  </div>\n</div>\n',
    ))
    if _sg_spliced is None:
        yield concat(_sg_block)
    else:
        _sg_spliced += _sg_block

blocks = {'content': block_content}
debug_info = '1=12&3=17&7=32&8=34&10=36&11=40'