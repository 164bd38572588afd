import os, re, sys
from common import *
GENERIC = set('''__init__ __main__ views view models model schemas schema serializers serializer api apis utils util helpers helper routes route router routers endpoints endpoint crud services service handlers handler admin forms form tasks task signals signal urls url main app apps tests test conftest factories factory fixtures fixture v1 v2 v3 db database deps dependencies types type core common base manage settings setting config configs migrations migration commands command management tools tool scripts script lib src server backend web controllers controller resources resource repositories repository templates template templatetags filters filter mixins mixin fields field widgets widget managers manager exceptions exception constants constant enums enum choices permissions permission validators validator decorators middleware context_processors wsgi asgi setup version init static js css html index base_site layout includes partials emails email_templates new old tmp temp misc legacy interfaces interface abstract abstracts generic custom default my the all get create update delete list detail edit add remove data info item items page pages'''.split())
ROLE = re.compile(r'(Request|Response|Schema|Serializer|Item|Create|Update|Read|Public|Private|In|Out|Base|Model|Mixin|Manager|QuerySet|Queryset|Form|Admin|Config|Data|Info|Detail|Details|List|Summary|Record|Entry|Table|Type|Kind|Status|Result|Results|Payload|Params|Filter|Meta)$')
def norm(w):
    w = w.lower()
    w = re.sub(r'^test_|_tests?$', '', w)
    w = re.sub(r'\.html?$|\.py$|\.txt$|\.jinja2?$', '', w)
    return w
def words_of(path_part):
    w = norm(path_part)
    out = set()
    if not re.fullmatch(r'[a-z][a-z0-9_]*', w): return out
    if w in GENERIC or len(w) < 3: return out
    out.add(singular(w))
    return out
def app_dir(c):
    f = c['file']
    d = os.path.dirname(f)
    if os.path.basename(d) in ('models', 'schemas', 'tables') or f.endswith('__init__.py'):
        d = os.path.dirname(d)
    return d
def vocab(c):
    root = checkout(c)
    app = os.path.join(root, app_dir(c))
    target = os.path.join(root, c['file'])
    proj, local = {}, {}
    for d, dirs, files in walk(root):
        if 'migrations' in d.split(os.sep) or 'alembic' in d.split(os.sep) or 'versions' in d.split(os.sep): continue
        inapp = d.startswith(app)
        for f in files:
            p = os.path.join(d, f)
            if p == target: continue
            if not re.search(r'\.(py|html|jinja2?|txt)$', f): continue
            if f.endswith('.txt') and 'templates' not in d: continue
            parts = [f]
            rel = os.path.relpath(d, root).split(os.sep)
            parts += [x for x in rel if x != '.']
            for part in parts:
                for w in words_of(part):
                    proj.setdefault(w, set()).add(p)
                    if inapp: local.setdefault(w, set()).add(p)
    return proj, local
def stem(name):
    core = name.lstrip('_')
    for _ in range(3):
        if ROLE.search(core) and len(ROLE.sub('', core)) >= 3: core = ROLE.sub('', core)
    toks = [t for t in snake(core).split('_') if t]
    gen = {'base','abstract','get','create','update','delete','list','new','old','my','the','all','main','core','common','default','generic','simple','custom'}
    return next((t for t in toks if t not in gen and len(t) >= 3), toks[0] if toks else '')
if __name__ == '__main__':
    import pickle
    out = {}
    for case in DUMP:
        c = CASES[case['id']]
        proj, local = vocab(c)
        out[case['id']] = ({k: len(v) for k, v in proj.items()}, {k: len(v) for k, v in local.items()})
        print(case['id'], len(proj), len(local), file=sys.stderr)
    pickle.dump(out, open('/tmp/outside-evidence-vocab.pkl', 'wb'))
