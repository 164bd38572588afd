import json, os, re
CASES = {c['id']: c for c in json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'cases.json')))['cases']}
DUMP = json.load(open(os.environ.get('PAIRS', '/tmp/split-pairs.json')))
def checkout(c):
    return os.path.join(os.environ.get('REMODEL_SPLIT_CORPUS', '/tmp/real/split'), c['repo'].replace('/', '+') + '@' + c['before'][:8], c['root'])
def snake(n):
    n = re.sub(r'([A-Z]+)([A-Z][a-z])', r'\1_\2', n.lstrip('_'))
    n = re.sub(r'([a-z0-9])([A-Z])', r'\1_\2', n)
    return n.lower()
def singular(w):
    if w.endswith('ies'): return w[:-3] + 'y'
    if re.search(r'(ss|us|is)$', w): return w
    if w.endswith('s'): return w[:-1]
    return w
SKIP = {'.git', 'node_modules', 'venv', '.venv', 'env', 'site-packages', '__pycache__', 'static', 'dist', 'build', '.tox', 'locale', 'docs', 'doc'}
def walk(root):
    for d, dirs, files in os.walk(root):
        dirs[:] = [x for x in dirs if x not in SKIP and not x.startswith('.')]
        yield d, dirs, files
def tally(rows, label):
    """rows: list of (together: bool, has: bool). prints precision, coverage"""
    pass
class Tally:
    def __init__(s): s.t = {}; s.same = 0; s.pairs = 0; s.none_same = 0
    def add(s, key, together):
        t = s.t.setdefault(key, [0, 0]); t[0] += 1; t[1] += together
    def show(s, title):
        print(f'== {title}: {s.pairs} pairs, {s.same} same')
        for k, (n, y) in sorted(s.t.items(), key=lambda kv: str(kv[0])):
            print(f'  {str(k):40} pairs {n:6} precision {y/max(n,1):.2f} coverage {y/max(s.same,1):.3f}')
def placed_pairs(case):
    ms = case['models']
    sig = {(p['a'], p['b']): p['s'] for p in case['pairs']}
    for a in range(len(ms)):
        for b in range(a + 1, len(ms)):
            if ms[a]['team'] is None or ms[b]['team'] is None: continue
            yield a, b, ms[a]['team'] == ms[b]['team'], sig.get((a, b), {})
