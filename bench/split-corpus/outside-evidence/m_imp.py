from common import *
import collections, re
T = Tally(); T2 = Tally(); T3 = Tally()
def dom(mod):
    parts = [re.sub(r'^test_|_test$|_tests$', '', p).lstrip('_') for p in mod.split('.')]
    return parts[-1]
for case in DUMP:
    ms = case['models']; n = len(ms)
    imp = collections.defaultdict(set)
    for i, m in enumerate(ms):
        for mod in m['importers']: imp[mod].add(i)
    orm = sum(not m['schema'] for m in ms) * 2 > n
    by = collections.defaultdict(list)
    for mod, s in imp.items():
        for i in s: by[i].append(mod)
    for a, b, tog, s in placed_pairs(case):
        T.pairs += 1; T.same += tog
        shared = [mod for mod in set(by[a]) & set(by[b])]
        sig = set(s) - {'file order', 'imported together'}
        if not shared:
            continue
        k = min(len(imp[mod]) for mod in shared)
        bin_ = '2' if k == 2 else '3' if k == 3 else '4-5' if k <= 5 else '6-10' if k <= 10 else '11+'
        T.add(('orm' if orm else 'schema', 'min k', bin_), tog)
        T2.add(('orm' if orm else 'schema', 'shared importers', min(len(shared), 4)), tog)
        fr = k / n
        T3.add(('orm' if orm else 'schema', 'k/n', '<.1' if fr < .1 else '<.2' if fr < .2 else '<.35' if fr < .35 else '>=.35', 'newpair' if not sig else 'hasSig'), tog)
T.show('importer specificity (most specific shared importer: k of the file names it imports)')
T2.show('number of shared importers'); T3.show('k/n')
