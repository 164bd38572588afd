import pickle
from common import *
from vocab import stem
V = pickle.load(open('/tmp/outside-evidence-vocab.pkl', 'rb'))
T = Tally()
percase = []
for case in DUMP:
    proj, local = V[case['id']]
    ms = case['models']
    toks = [[singular(t) for t in snake(m['name']).split('_') if t] for m in ms]
    stems = [singular(stem(m['name'])) for m in ms]
    def match(i, voc):
        # longest token prefix in vocab, else first token in vocab
        t = toks[i]
        for k in (3, 2, 1):
            if len(t) >= k and '_'.join(t[:k]) in voc: return '_'.join(t[:k])
        for x in t:
            if x in voc: return x
        return None
    ml = [match(i, local) for i in range(len(ms))]
    mp = [match(i, proj) for i in range(len(ms))]
    anyl = [set(x for x in toks[i] if x in local) for i in range(len(ms))]
    for a, b, tog, s in placed_pairs(case):
        T.pairs += 1; T.same += tog
        sig = set(s) - {'file order'}
        st = stems[a] == stems[b]
        if st: T.add(('stem=', 'inLocal' if stems[a] in local else 'inProj' if stems[a] in proj else 'none'), tog)
        if ml[a] and ml[a] == ml[b]: T.add(('localmatch', 'newpair' if not sig else 'hasSig', 'stem' if st else 'nostem'), tog)
        if mp[a] and mp[a] == mp[b]: T.add(('projmatch', 'newpair' if not sig else 'hasSig', 'stem' if st else 'nostem'), tog)
        if anyl[a] & anyl[b] and not st: T.add(('anytok-local nostem', 'newpair' if not sig else 'hasSig'), tog)
        if not sig: T.add('(no sig)', tog)
T.show('vocab')
