#!/usr/bin/env python3
"""Transcribes excerpts of Prometheus' promqltest files into scalelab's PromQL vector format.

Usage: scripts/promqltest_to_vectors.py OUT.json EXCERPT.test...

Each excerpt file is a verbatim copy of blocks of promql/promqltest/testdata/<name>.test
(float series only). Semantics follow promql/promqltest/test.go: 'load <step>' expands series
notation (a+bxn, a-bxn, axn, _, _xn, stale) with i*step timestamps from 0; 'clear' empties the
store; 'eval instant at T expr' / 'eval_ordered' / 'eval_fail' with 'expect fail' /
'expect ordered' lines; 'eval range from A to B step S expr' expands to one instant vector per
step. Expected lines are 'metric{labels} value', '{labels} value' or a bare scalar.
"""
import json, re, sys

DUR = re.compile(r'(\d+)(ms|y|w|d|h|m|s)')
UNITS = {'ms': 1, 's': 1000, 'm': 60000, 'h': 3600000, 'd': 86400000, 'w': 604800000,
         'y': 31536000000}


def dur_ms(text):
    if re.fullmatch(r'\d+', text):
        return int(text) * 1000
    total, pos = 0, 0
    for m in DUR.finditer(text):
        assert m.start() == pos, text
        total += int(m.group(1)) * UNITS[m.group(2)]
        pos = m.end()
    assert pos == len(text), text
    return total


def num(tok):
    low = tok.lower()
    if low in ('inf', '+inf'):
        return float('inf')
    if low == '-inf':
        return float('-inf')
    if low == 'nan':
        return float('nan')
    return float(tok)


def enc(v):
    if v != v:
        return 'NaN'
    if v == float('inf'):
        return '+Inf'
    if v == float('-inf'):
        return '-Inf'
    return int(v) if v == int(v) and abs(v) < 2**53 else v


def parse_labels(text):
    """'name{a="b", c="d"}' -> (name, {a: b, c: d})."""
    text = text.strip()
    m = re.match(r'([a-zA-Z_:][a-zA-Z0-9_:]*)?\s*(\{.*\})?$', text, re.S)
    assert m, text
    name, body = m.group(1) or '', m.group(2) or '{}'
    labels = {}
    for lm in re.finditer(r'([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"', body):
        labels[lm.group(1)] = json.loads('"' + lm.group(2) + '"')
    return name, labels


def split_series_line(line):
    """Splits 'metric{...}  values' at the end of the label braces (or the name)."""
    line = line.strip()
    if '{' in line.split()[0] or line.startswith('{'):
        end = line.index('}') + 1
        return line[:end], line[end:].strip()
    parts = line.split(None, 1)
    return parts[0], parts[1] if len(parts) > 1 else ''


def expand(values, step):
    out, i = [], 0
    for tok in values.split():
        if tok == '_':
            i += 1
            continue
        m = re.fullmatch(r'_x(\d+)', tok)
        if m:
            i += int(m.group(1))
            continue
        if tok == 'stale':
            out.append([i * step, 'stale'])
            i += 1
            continue
        m = re.fullmatch(r'([-+]?[^x+\-][^x]*?|[-+]?(?:Inf|NaN|inf|nan))([+-])([^x]+)x(\d+)', tok)
        if m:
            v, sign, d, n = num(m.group(1)), m.group(2), num(m.group(3)), int(m.group(4))
            d = -d if sign == '-' else d
            for _ in range(n + 1):
                out.append([i * step, enc(v)])
                v += d
                i += 1
            continue
        m = re.fullmatch(r'(.+)x(\d+)', tok)
        if m:
            v = num(m.group(1))
            for _ in range(int(m.group(2)) + 1):
                out.append([i * step, enc(v)])
                i += 1
            continue
        out.append([i * step, enc(num(tok))])
        i += 1
    return out


def main(out_path, paths):
    vectors = []
    for path in paths:
        source = re.sub(r'.*/', '', path)
        lines = open(path).read().split('\n')
        store = {}  # (metric, labels tuple) -> samples
        i = 0
        while i < len(lines):
            line = lines[i]
            s = line.strip()
            i += 1
            if not s or s.startswith('#'):
                continue
            if s == 'clear':
                store = {}
                continue
            if s.startswith('load '):
                step = dur_ms(s.split()[1])
                while i < len(lines) and lines[i].strip() and not lines[i].strip().startswith('#'):
                    head, vals = split_series_line(lines[i])
                    name, labels = parse_labels(head)
                    key = (name, tuple(sorted(labels.items())))
                    store[key] = store.get(key, []) + expand(vals, step)
                    i += 1
                continue
            m = re.match(r'(eval(?:_ordered|_fail|_warn|_info)?) (instant at (\S+)|range from (\S+) to (\S+) '
                         r'step (\S+)) (.*)$', s)
            assert m, s
            cmd = s
            kind, expr = m.group(1), m.group(7)
            ordered, fail, msg, expected = kind == 'eval_ordered', kind == 'eval_fail', None, []
            while i < len(lines) and lines[i].strip() and not lines[i].strip().startswith(
                    ('eval', 'load', 'clear')):
                e = lines[i].strip()
                i += 1
                if e.startswith('#'):
                    continue
                if e.startswith('expect fail'):
                    fail = True
                    mm = re.match(r'expect fail msg:\s*(.*)', e)
                    msg = mm.group(1) if mm else None
                    continue
                if e == 'expect ordered':
                    ordered = True
                    continue
                if e.startswith('expect'):
                    continue
                expected.append(e)
            series = [{'metric': k[0], 'labels': dict(k[1]), 'samples': v}
                      for k, v in store.items()]
            if m.group(3):
                times = [dur_ms(m.group(3))]
            else:
                a, b, st = dur_ms(m.group(4)), dur_ms(m.group(5)), dur_ms(m.group(6))
                times = list(range(a, b + 1, st))
            for k, t in enumerate(times):
                vec = {'id': '', 'source': f'promql/promqltest/testdata/{source} `{cmd}`',
                       'series': series, 'eval': {'at_ms': t, 'expr': expr}, 'ordered': ordered}
                if fail:
                    vec['expected'] = {'type': 'error'}
                    if msg:
                        vec['expected']['message'] = msg
                elif len(expected) == 1 and re.fullmatch(r'[-+.\w]+', expected[0]) and \
                        m.group(3):
                    vec['expected'] = {'type': 'scalar', 'value': enc(num(expected[0]))}
                else:
                    result = []
                    for e in expected:
                        head, vals = split_series_line(e)
                        name, labels = parse_labels(head)
                        if name:
                            labels['__name__'] = name
                        toks = expand(vals, 1)  # index k = step k
                        for ts, v in toks:
                            if ts == k:
                                result.append({'labels': labels, 'value': v})
                    vec['expected'] = {'type': 'vector', 'result': result}
                if len(times) > 1:
                    vec['tags'] = ['derived_from_range_eval']
                vectors.append(vec)
    for n, v in enumerate(vectors, 1):
        v['id'] = f'promql-extra-{n:03d}'
    about = ('Extra PromQL vectors transcribed by scripts/promqltest_to_vectors.py from '
             'verbatim excerpts (Tests/Vectors/promqltest/*.test) of Prometheus\' '
             'promql/promqltest/testdata files (github.com/prometheus/prometheus, default '
             'branch as stored in 2026: functions.test at 0043f1e4, aggregators.test at '
             '020b0f20, subquery.test, operators.test), float series only. Same format and '
             'rules as the shared promql_vectors.json (see its about field); ordered=true for '
             'eval_ordered / expect ordered.')
    json.dump({'about': about, 'vectors': vectors}, open(out_path, 'w'), indent=1)
    print(f'{len(vectors)} vectors -> {out_path}')


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2:])
