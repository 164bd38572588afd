from common import *
from vocab import app_dir
import re, os
T = Tally(); found = []
for case in DUMP:
    c = CASES[case['id']]
    root = checkout(c); app = os.path.join(root, app_dir(c))
    ms = case['models']; n = len(ms)
    byname = {m['name']: i for i, m in enumerate(ms)}
    texts = []
    for cand in ['admin.py']:
        p = os.path.join(app, cand)
        if os.path.isfile(p): texts.append(open(p, errors='ignore').read())
    ad = os.path.join(app, 'admin')
    if os.path.isdir(ad):
        for f in sorted(os.listdir(ad)):
            if f.endswith('.py'): texts.append(open(os.path.join(ad, f), errors='ignore').read())
    if not texts: continue
    t = '\n'.join(texts)
    # class bodies
    classes = {}
    for mm in re.finditer(r'^class\s+(\w+)\s*\(([^)]*)\)\s*:(.*?)(?=^\S)', t + '\nEND', re.S | re.M):
        classes[mm.group(1)] = (mm.group(2), mm.group(3))
    inline_model = {}
    for name, (bases, body) in classes.items():
        if 'Inline' in bases or name.endswith('Inline'):
            mo = re.search(r'^\s+model\s*=\s*(?:\w+\.)*(\w+)', body, re.M)
            if mo and mo.group(1) in byname: inline_model[name] = byname[mo.group(1)]
    # admin -> model: @admin.register(X) before class, or admin.site.register(X, YAdmin), or model = X
    admin_model = {}
    for mm in re.finditer(r'@admin\.register\(([^)]*)\)\s*\n\s*class\s+(\w+)', t):
        for x in re.findall(r'\w+', mm.group(1)):
            if x in byname: admin_model.setdefault(mm.group(2), []).append(byname[x])
    order = []
    for mm in re.finditer(r'(?:admin\.site\.register|site\.register)\(\s*\[?([\w., ]+?)\]?\s*(?:,\s*(\w+))?\s*\)', t):
        xs = [x.split('.')[-1] for x in re.findall(r'[\w.]+', mm.group(1))]
        for x in xs:
            if x in byname:
                order.append(byname[x])
                if mm.group(2): admin_model.setdefault(mm.group(2), []).append(byname[x])
    for mm in re.finditer(r'@admin\.register\(([^)]*)\)', t):
        for x in re.findall(r'\w+', mm.group(1)):
            if x in byname: order.append(byname[x])
    pairs_inline = set()
    for name, (bases, body) in classes.items():
        mi = re.search(r'inlines\s*=\s*[\[(]([^\])]*)', body)
        if not mi: continue
        for model in admin_model.get(name, []):
            for inl in re.findall(r'\w+', mi.group(1)):
                if inl in inline_model and inline_model[inl] != model:
                    pairs_inline.add(tuple(sorted((model, inline_model[inl]))))
    # registration order position
    pos = {}
    for k, i in enumerate(order):
        pos.setdefault(i, k)
    ranks = {i: r for r, i in enumerate(sorted(pos, key=pos.get))}
    found.append((case['id'], len(inline_model), len(pairs_inline), len(ranks)))
    for a, b, tog, s in placed_pairs(case):
        T.pairs += 1; T.same += tog
        sig = set(s) - {'file order'}
        if (a, b) in pairs_inline: T.add(('inline', 'new' if not sig else 'sig'), tog)
        if a in ranks and b in ranks and abs(ranks[a] - ranks[b]) == 1:
            T.add(('admin adjacent', 'file-adjacent' if b == a + 1 else 'not file-adjacent', 'new' if not sig else 'sig'), tog)
print(found)
T.show('admin')
