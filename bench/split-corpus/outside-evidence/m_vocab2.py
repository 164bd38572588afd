import pickle
from common import *
from vocab import stem
V = pickle.load(open('/tmp/outside-evidence-vocab.pkl', 'rb'))
T = Tally(); M = {}
for case in DUMP:
    proj, local = V[case['id']]
    ms = case['models']
    stems = [singular(stem(m['name'])) for m in ms]
    for a, b, tog, s in placed_pairs(case):
        T.pairs += 1; T.same += tog
        if stems[a] != stems[b]: continue
        w = stems[a]
        k = ('planner-stem' if 'name stem' in s else 'no-planner-stem', 'local' if w in local else 'proj' if w in proj else 'none')
        T.add(k, tog)
        mm = M.setdefault(case['id'], {}).setdefault(k, [0, 0]); mm[0] += 1; mm[1] += tog
T.show('same stem by vocab')
# macro: per case precision, averaged over cases having the key
import collections
agg = collections.defaultdict(list)
for cid, d in M.items():
    for k, (n, y) in d.items(): agg[k].append(y / n)
for k, v in sorted(agg.items()): print(k, len(v), 'macro precision %.2f' % (sum(v) / len(v)))
