from common import *
from vocab import app_dir
import collections, re, os
T = Tally(); stats = []
for case in DUMP:
    c = CASES[case['id']]
    root = checkout(c)
    app = os.path.join(root, app_dir(c))
    ms = case['models']; n = len(ms)
    byname = {m['name'].lower(): i for i, m in enumerate(ms)}
    bytable = {(m['table'] or '').lower(): i for i, m in enumerate(ms) if m['table']}
    groups = []  # list of sets of model indices created together
    # django migrations in the app
    md = os.path.join(app, 'migrations')
    files = []
    if os.path.isdir(md):
        files = [os.path.join(md, f) for f in sorted(os.listdir(md)) if f.endswith('.py') and f[0].isdigit()]
        for f in files:
            t = open(f, errors='ignore').read()
            names = re.findall(r"CreateModel\(\s*name=['\"](\w+)['\"]", t)
            s = {byname[x.lower()] for x in names if x.lower() in byname}
            groups.append((os.path.basename(f), s))
    kind = 'django'
    if not files:
        # alembic anywhere
        for d, dirs, fs in walk(root):
            if os.path.basename(d) == 'versions':
                for f in fs:
                    if f.endswith('.py'):
                        t = open(os.path.join(d, f), errors='ignore').read()
                        names = re.findall(r"create_table\(\s*['\"](\w+)['\"]", t)
                        s = {bytable[x.lower()] for x in names if x.lower() in bytable}
                        groups.append((f, s)); kind = 'alembic'
    nz = [g for g in groups if len(g[1]) >= 1]
    stats.append((case['id'], kind if groups else '-', len(groups), [len(g[1]) for g in nz][:12]))
    for a, b, tog, s in placed_pairs(case):
        T.pairs += 1; T.same += tog
        sig = set(s) - {'file order'}
        gs = [g for _, g in groups if a in g and b in g]
        if not gs: continue
        k = min(len(g) for g in gs)
        share = k / n
        T.add((kind, 'share', '<=.25' if share <= .25 else '<=.5' if share <= .5 else '>.5', 'new' if not sig else 'sig'), tog)
        if share <= .5: stats_case = None
for s in stats: print(*s)
T.show('created in one migration')
