from common import *
import json
B = json.load(open('/tmp/outside-evidence-blame.json'))
T = Tally()
for case in DUMP:
    if case['id'] not in B: continue
    cm = B[case['id']]['commits']
    ms = case['models']; n = len(ms)
    com = [cm.get(m['name']) for m in ms]
    size = {}
    for x in com:
        if x: size[x] = size.get(x, 0) + 1
    for a, b, tog, s in placed_pairs(case):
        T.pairs += 1; T.same += tog
        sig = set(s) - {'file order'}
        if not com[a] or com[a] != com[b]: continue
        share = size[com[a]] / n
        T.add(('share', '<=.1' if share <= .1 else '<=.25' if share <= .25 else '<=.5' if share <= .5 else '>.5', 'new' if not sig else 'sig'), tog)
T.show('class line from one commit (git blame -w)')
