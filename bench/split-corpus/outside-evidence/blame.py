import subprocess, os, re, json, sys
from common import *
out = {}
for case in DUMP:
    c = CASES[case['id']]
    g = os.path.join(os.environ["MIRRORS"], c['repo'].replace('/', '+'), 'repo')
    if os.path.isdir(g + '/.git'): g += '/.git'
    path = os.path.join(c['root'], c['file']).lstrip('./') if c['root'] not in ('.', '') else c['file']
    try:
        r = subprocess.run(['git', '--git-dir', g, 'blame', '-w', '--line-porcelain', c['before'], '--', path], capture_output=True, text=True, timeout=120)
    except Exception as e:
        print(case['id'], 'ERR', e, file=sys.stderr); continue
    if r.returncode:
        print(case['id'], 'fail', r.stderr[:200], file=sys.stderr); continue
    commits = {}; cur = None; times = {}
    for line in r.stdout.split('\n'):
        if re.match(r'^[0-9a-f]{40} ', line): cur = line[:40]
        elif line.startswith('committer-time '): times[cur] = int(line.split()[1])
        elif line.startswith('\t'):
            m = re.match(r'\tclass\s+(\w+)', line)
            if m: commits[m.group(1)] = cur
    out[case['id']] = {'commits': commits, 'times': times}
    print(case['id'], len(commits), len(set(commits.values())), file=sys.stderr)
json.dump(out, open('/tmp/outside-evidence-blame.json', 'w'))
