from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_macros.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_date = l_0_name = l_0_names = l_0_former_names = l_0_formerly = l_0_used_name = l_0_source = l_0_mention_count = l_0_sidenote = missing
    try:
        t_1 = environment.filters['date']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'date' found.")
    try:
        t_2 = environment.filters['format']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'format' found.")
    try:
        t_3 = environment.filters['isodate']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'isodate' found.")
    try:
        t_4 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    def macro(l_1_d):
        t_5 = []
        if l_1_d is missing:
            l_1_d = undefined("parameter 'd' was not provided", name='d')
        pass
        t_5.extend((
            '<time datetime="',
            escape(t_3(l_1_d)),
            '">',
            escape(t_1(l_1_d)),
            '</time>',
        ))
        return concat(t_5)
    context.exported_vars.add('date')
    context.vars['date'] = l_0_date = Macro(environment, macro, 'date', ('d',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_text):
        t_6 = []
        if l_1_text is missing:
            l_1_text = undefined("parameter 'text' was not provided", name='text')
        pass
        t_6.extend((
            '<span class="sg-name">',
            escape(l_1_text),
            '</span>',
        ))
        return concat(t_6)
    context.exported_vars.add('name')
    context.vars['name'] = l_0_name = Macro(environment, macro, 'name', ('text',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_items):
        t_7 = []
        if l_1_items is missing:
            l_1_items = undefined("parameter 'items' was not provided", name='items')
        pass
        l_2_loop = missing
        for l_2_n, l_2_loop in LoopContext(l_1_items, undefined):
            l_2_t = resolve('t')
            _loop_vars = {}
            pass
            try: _sg_t = l_2_loop.first
            except AttributeError: _sg_t = getattr_fallback(l_2_loop, 'first')
            if (not _sg_t):
                pass
                try: _sg_t = l_2_loop.last
                except AttributeError: _sg_t = getattr_fallback(l_2_loop, 'last')
                if _sg_t:
                    pass
                    _sg_o0 = _sg_call(context, None, _loop_vars, (undefined(name='t') if l_2_t is missing else l_2_t), 'and')
                    _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
                    t_7.extend((
                        ' ',
                        _sg_o0,
                        ' ',
                    ))
                else:
                    pass
                    t_7.append(
                        ', ',
                    )
            _sg_o0 = _sg_call(context, None, _loop_vars, (undefined(name='name') if l_0_name is missing else l_0_name), l_2_n)
            _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
            t_7.append(
                _sg_o0,
            )
        l_2_loop = l_2_n = l_2_t = missing
        return concat(t_7)
    context.exported_vars.add('names')
    context.vars['names'] = l_0_names = Macro(environment, macro, 'names', ('items',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_term):
        t_8 = []
        if l_1_term is missing:
            l_1_term = undefined("parameter 'term' was not provided", name='term')
        pass
        l_2_loop = missing
        for l_2_n, l_2_loop in LoopContext(environment.getattr(l_1_term, 'formerly'), undefined):
            l_2_t = resolve('t')
            _loop_vars = {}
            pass
            _sg_o0 = _sg_call(context, None, _loop_vars, (undefined(name='name') if l_0_name is missing else l_0_name), environment.getattr(l_2_n, 'name'))
            _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
            t_8.append(
                _sg_o0,
            )
            try: _sg_t = l_2_n.until
            except AttributeError: _sg_t = getattr_fallback(l_2_n, 'until')
            if (_sg_t and (environment.getattr(l_2_loop, 'last') or (environment.getattr(environment.getattr(l_2_loop, 'nextitem'), 'until') != environment.getattr(l_2_n, 'until')))):
                pass
                _sg_o0 = _sg_call(context, None, _loop_vars, (undefined(name='t') if l_2_t is missing else l_2_t), 'until')
                _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
                _sg_o1 = _sg_call(context, None, _loop_vars, (undefined(name='date') if l_0_date is missing else l_0_date), environment.getattr(l_2_n, 'until'))
                _sg_o1 = escape_as.get(type(_sg_o1), escape)(_sg_o1)
                t_8.extend((
                    ' (',
                    _sg_o0,
                    ' ',
                    _sg_o1,
                    ')',
                ))
            try: _sg_t = l_2_loop.last
            except AttributeError: _sg_t = getattr_fallback(l_2_loop, 'last')
            if (not _sg_t):
                pass
                t_8.append(
                    ', ',
                )
        l_2_loop = l_2_n = l_2_t = missing
        return concat(t_8)
    context.exported_vars.add('former_names')
    context.vars['former_names'] = l_0_former_names = Macro(environment, macro, 'former_names', ('term',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_term, l_1_tag):
        t_9 = []
        l_1_t = resolve('t')
        if l_1_term is missing:
            l_1_term = undefined("parameter 'term' was not provided", name='term')
        if l_1_tag is missing:
            l_1_tag = 'p'
        pass
        if environment.getattr(l_1_term, 'formerly'):
            pass
            t_9.extend((
                '<',
                escape(l_1_tag),
                ' class="sg-formerly">',
                escape(_sg_call(context, None, None, (undefined(name='t') if l_1_t is missing else l_1_t), 'formerly')),
                ' ',
                escape(_sg_call(context, None, None, (undefined(name='former_names') if l_0_former_names is missing else l_0_former_names), l_1_term)),
                '</',
                escape(l_1_tag),
                '>',
            ))
        return concat(t_9)
    context.exported_vars.add('formerly')
    context.vars['formerly'] = l_0_formerly = Macro(environment, macro, 'formerly', ('term', 'tag'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_term, l_1_article):
        t_10 = []
        l_1_tm = resolve('tm')
        l_1_u = missing
        if l_1_term is missing:
            l_1_term = undefined("parameter 'term' was not provided", name='term')
        if l_1_article is missing:
            l_1_article = None
        pass
        l_1_u = environment.getattr(l_1_term, 'used_name')
        if (not t_4((undefined(name='u') if l_1_u is missing else l_1_u))):
            pass
            t_10.append(
                '<p class="sg-used-name">',
            )
            if environment.getattr((undefined(name='u') if l_1_u is missing else l_1_u), 'then_current'):
                pass
                t_10.append(
                    escape(_sg_call(context, None, None, (undefined(name='tm') if l_1_tm is missing else l_1_tm), 'name_then', date=_sg_call(context, None, None, (undefined(name='date') if l_0_date is missing else l_0_date), environment.getattr((undefined(name='u') if l_1_u is missing else l_1_u), 'article_date')), old=_sg_call(context, None, None, (undefined(name='name') if l_0_name is missing else l_0_name), environment.getattr((undefined(name='u') if l_1_u is missing else l_1_u), 'name')), new=_sg_call(context, None, None, (undefined(name='name') if l_0_name is missing else l_0_name), environment.getattr(l_1_term, 'name')))),
                )
            elif environment.getattr((undefined(name='u') if l_1_u is missing else l_1_u), 'until'):
                pass
                t_10.append(
                    escape(_sg_call(context, None, None, (undefined(name='tm') if l_1_tm is missing else l_1_tm), 'name_former', old=_sg_call(context, None, None, (undefined(name='name') if l_0_name is missing else l_0_name), environment.getattr((undefined(name='u') if l_1_u is missing else l_1_u), 'name')), until=_sg_call(context, None, None, (undefined(name='date') if l_0_date is missing else l_0_date), environment.getattr((undefined(name='u') if l_1_u is missing else l_1_u), 'until')))),
                )
            else:
                pass
                t_10.append(
                    escape(_sg_call(context, None, None, (undefined(name='tm') if l_1_tm is missing else l_1_tm), 'name_former_undated', old=_sg_call(context, None, None, (undefined(name='name') if l_0_name is missing else l_0_name), environment.getattr((undefined(name='u') if l_1_u is missing else l_1_u), 'name')))),
                )
            t_10.append(
                '</p>',
            )
        return concat(t_10)
    context.exported_vars.add('used_name')
    context.vars['used_name'] = l_0_used_name = Macro(environment, macro, 'used_name', ('term', 'article'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_s, l_1_number):
        t_11 = []
        l_1_t = resolve('t')
        if l_1_s is missing:
            l_1_s = undefined("parameter 's' was not provided", name='s')
        if l_1_number is missing:
            l_1_number = None
        pass
        t_11.extend((
            '<a class="sg-source-link" href="',
            escape(environment.getattr(l_1_s, 'url')),
            '">',
            escape((environment.getattr(l_1_s, 'title') or environment.getattr(l_1_s, 'url'))),
            '</a>',
        ))
        if environment.getattr(l_1_s, 'publisher'):
            pass
            t_11.extend((
                '<span class="sg-publisher">, ',
                escape(environment.getattr(l_1_s, 'publisher')),
                '</span>',
            ))
        if (not t_4(l_1_number)):
            pass
            t_11.extend((
                ' <a class="sg-source-num" href="#source-',
                escape(l_1_number),
                '"><span class="sg-vh">',
                escape(_sg_call(context, None, None, (undefined(name='t') if l_1_t is missing else l_1_t), 'source')),
                ' </span>[',
                escape(l_1_number),
                ']</a>',
            ))
        return concat(t_11)
    context.exported_vars.add('source')
    context.vars['source'] = l_0_source = Macro(environment, macro, 'source', ('s', 'number'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_n):
        t_12 = []
        l_1_t = resolve('t')
        if l_1_n is missing:
            l_1_n = undefined("parameter 'n' was not provided", name='n')
        pass
        t_12.append(
            escape(t_2((_sg_call(context, None, None, (undefined(name='t') if l_1_t is missing else l_1_t), 'mentions_one') if (l_1_n == 1) else _sg_call(context, None, None, (undefined(name='t') if l_1_t is missing else l_1_t), 'mentions_other')), count=l_1_n)),
        )
        return concat(t_12)
    context.exported_vars.add('mention_count')
    context.vars['mention_count'] = l_0_mention_count = Macro(environment, macro, 'mention_count', ('n',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_note):
        t_13 = []
        l_1_t = resolve('t')
        if l_1_note is missing:
            l_1_note = undefined("parameter 'note' was not provided", name='note')
        pass
        t_13.extend((
            '<div class="sg-sidenote" id="',
            escape(environment.getattr(l_1_note, 'sidenote_id')),
            '" role="note" aria-labelledby="',
            escape(environment.getattr(l_1_note, 'sidenote_id')),
            '-n" data-pagefind-ignore="all">\n<p class="sg-sn-num" id="',
            escape(environment.getattr(l_1_note, 'sidenote_id')),
            '-n"><span class="sg-vh">',
            escape(_sg_call(context, None, None, (undefined(name='t') if l_1_t is missing else l_1_t), 'note')),
            ' </span>',
            escape(environment.getattr(l_1_note, 'number')),
            '</p>\n<div class="sg-sn-text">',
            escape(environment.getattr(l_1_note, 'html')),
            '</div>\n',
        ))
        if environment.getattr(l_1_note, 'sources'):
            pass
            t_13.append(
                '<p class="sg-sn-sources">',
            )
            l_2_loop = missing
            for l_2_s, l_2_loop in LoopContext(environment.getattr(l_1_note, 'sources'), undefined):
                _loop_vars = {}
                pass
                try: _sg_o0 = l_2_s.url
                except AttributeError: _sg_o0 = getattr_fallback(l_2_s, 'url')
                _sg_o0 = escape_as.get(type(_sg_o0), escape)(_sg_o0)
                try: _sg_o1 = l_2_s.title
                except AttributeError: _sg_o1 = getattr_fallback(l_2_s, 'title')
                _sg_o1 = escape_as.get(type(_sg_o1), escape)(_sg_o1)
                try: _sg_o2 = l_2_s.publisher
                except AttributeError: _sg_o2 = getattr_fallback(l_2_s, 'publisher')
                _sg_o2 = (_sg_o2 or environment.getattr(l_2_s, 'title'))
                _sg_o2 = escape_as.get(type(_sg_o2), escape)(_sg_o2)
                t_13.extend((
                    '<a href="',
                    _sg_o0,
                    '" title="',
                    _sg_o1,
                    '">',
                    _sg_o2,
                    '</a>',
                ))
                try: _sg_t = l_2_loop.last
                except AttributeError: _sg_t = getattr_fallback(l_2_loop, 'last')
                if (not _sg_t):
                    pass
                    t_13.append(
                        '; ',
                    )
            l_2_loop = l_2_s = missing
            t_13.append(
                '</p>\n',
            )
        t_13.append(
            '</div>',
        )
        return concat(t_13)
    context.exported_vars.add('sidenote')
    context.vars['sidenote'] = l_0_sidenote = Macro(environment, macro, 'sidenote', ('note',), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '5=36&6=43&9=51&10=58&13=64&14=70&15=74&16=94&21=103&22=109&23=113&24=118&25=133&29=144&30=152&35=168&36=177&37=178&39=183&40=186&41=188&42=191&44=196&51=204&52=214&53=219&54=226&57=240&58=247&63=252&64=260&65=264&66=270&67=273&68=279'