import pickle, math
from common import *
from vocab import stem
V = pickle.load(open('/tmp/outside-evidence-vocab.pkl', 'rb'))
rows = []
for case in DUMP:
    proj, local = V[case['id']]
    ms = [m for m in case['models'] if m['team'] is not None]
    if len(ms) < 4: continue
    team = len(set(m['team'] for m in ms))
    stems = [singular(stem(m['name'])) for m in ms]
    dl = len(set(s for s in stems if s in local)); dp = len(set(s for s in stems if s in proj)); ds = len(set(stems))
    # team module names in vocab?
    tn = set(singular(m['team'].split('.')[-1]) for m in ms)
    rows.append((case['id'], len(ms), team, ds, dl, dp, len([t for t in tn if t in local]), len([t for t in tn if t in proj]), len(tn)))
def corr(x, y):
    mx, my = sum(x)/len(x), sum(y)/len(y)
    return sum((a-mx)*(b-my) for a, b in zip(x, y)) / math.sqrt(sum((a-mx)**2 for a in x) * sum((b-my)**2 for b in y))
lr = lambda xs: [math.log(x+1) for x in xs]
n = [r[1] for r in rows]; team = [r[2] for r in rows]
for k, name in [(3,'distinct stems'),(4,'stems in local vocab'),(5,'stems in proj vocab')]:
    x = [r[k] for r in rows]
    print(name, 'corr(log team/n, log x/n) %.2f' % corr([math.log(t/nn) for t, nn in zip(team, n)], [math.log((xx+1)/nn) for xx, nn in zip(x, n)]))
print('team module names found in local vocab: %d/%d, in project vocab: %d/%d' % (sum(r[6] for r in rows), sum(r[8] for r in rows), sum(r[7] for r in rows), sum(r[8] for r in rows)))
