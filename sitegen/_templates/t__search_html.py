from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_search.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_root = resolve('root')
    l_0_t = resolve('t')
    pass
    _sg_run = []
    _sg_run.extend((
        '<form class="sg-search" role="search" data-pagefind="',
        escape((undefined(name='root') if l_0_root is missing else l_0_root)),
        'pagefind/pagefind.js" data-root="',
        escape((undefined(name='root') if l_0_root is missing else l_0_root)),
        '"\n          data-searching="',
        escape(_sg_call(context, None, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'search_searching')),
        '" data-none="',
        escape(_sg_call(context, None, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'search_none')),
        '"\n          data-one="',
        escape(_sg_call(context, None, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'search_one')),
        '" data-other="',
        escape(_sg_call(context, None, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'search_other')),
        '" data-unavailable="',
        escape(_sg_call(context, None, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'search_unavailable')),
        '">\n      <label class="sg-vh" for="sg-search-q">',
        escape(_sg_call(context, None, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'search')),
        '</label>\n      <input class="sg-search-q" id="sg-search-q" type="search" name="q" placeholder="',
        escape(_sg_call(context, None, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'search_placeholder')),
        '"\n             autocomplete="off" spellcheck="false" enterkeyhint="search" aria-describedby="sg-search-status">\n      <p class="sg-vh" id="sg-search-status" role="status"></p>\n      <div class="sg-search-panel" id="sg-search-panel" hidden>\n        <p class="sg-search-count" aria-hidden="true"></p>\n        <ol class="sg-search-results" aria-label="',
        escape(_sg_call(context, None, None, (undefined(name='t') if l_0_t is missing else l_0_t), 'search_results')),
        '"></ol>\n      </div>\n    </form>\n',
    ))
    yield concat(_sg_run)

blocks = {}
debug_info = '4=16&5=20&6=24&7=30&8=32&13=34'