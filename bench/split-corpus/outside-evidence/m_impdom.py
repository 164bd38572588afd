from common import *
import collections, re, os
# The planner's own list of generic module words (src/refactor/split/domains.ts GENERIC_MODULE).
_src = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'src', 'refactor', 'split', 'domains.ts')).read()
GEN = set(re.findall(r'"([^"]+)"', re.search(r'const GENERIC_MODULE = new Set\(\[([\s\S]*?)\]\)', _src).group(1)))
def importer_domain(mod):
    if re.search(r'(^|\.)(management\.commands|cli)\.', mod): return None
    parts = [re.sub(r'^test_|_test$|_tests$', '', p).lstrip('_') for p in mod.split('.')]
    parts = [p for p in parts if p]
    for i in range(len(parts) - 1, (1 if len(parts) > 1 else 0) - 1, -1):
        p = parts[i].lower()
        if p not in GEN and re.fullmatch(r'[a-z][a-z0-9]*(_[a-z0-9]+)?', p) and len(p) >= 2 and not re.search(r'(^|_)(helpers?|init|utils?|optimized|legacy|old|new|tmp|temp|misc)$', p):
            return p
    return None
T = Tally()
for case in DUMP:
    c = CASES[case['id']]
    own = set(c['file'].replace('.py', '').split('/'))
    ms = case['models']; n = len(ms)
    orm = sum(not m['schema'] for m in ms) * 2 > n
    kind = 'orm' if orm else 'schema'
    imp = collections.defaultdict(set); pool = collections.defaultdict(set); pmods = collections.defaultdict(set)
    for i, m in enumerate(ms):
        for mod in m['importers']:
            imp[mod].add(i)
    for mod, s in imp.items():
        d = importer_domain(mod)
        if d and d not in own:
            pool[singular(d)] |= s; pmods[singular(d)].add(mod)
    for a, b, tog, s in placed_pairs(case):
        T.pairs += 1; T.same += tog
        sig = set(s) - {'file order'}
        ds = [d for d in pool if a in pool[d] and b in pool[d]]
        if not ds: continue
        best = min(ds, key=lambda d: len(pool[d]))
        k = len(pool[best]); nm = len(pmods[best])
        T.add((kind, 'pool k', '2-3' if k <= 3 else '4-6' if k <= 6 else '7+', 'mods>=2' if nm >= 2 else 'mods1', 'new' if not sig else 'sig'), tog)
T.show('importer-domain pooled')
