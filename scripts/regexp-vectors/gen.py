#!/usr/bin/env python3
# Random patterns over Go's RE2 syntax and random texts, for main.go to answer with Go's regexp.
# Usage: python3 gen.py > cases.json && go run main.go < cases.json > ../../Tests/Vectors/regexp_go_vectors.json
import json, random, sys

LEAF = ["a", "b", "c", ".", "\\d", "\\W", "\\S", "\\b", "\\B", "^", "$", "[ab]", "[^a\\n]", "[a-c]",
        "[c-a]", "x", "\\.", "[[:^alpha:]]", "[[:word:]]", "\\PL", "\\p{Lu}", "\\pN", "\\p{^L}", "\\A",
        "\\z", "[\\d-]", "{", "}", "[]a]", "\\x41", "\\x{1F600}", "\\x4", "\\Q.*\\E", "\\Qab", "日", "\\n",
        "\\0", "\\12", "\\8", "\\q", "\\", "\\-", "[\\w.]", "[a-]", "[-a]", "\\xZZ", "(?P<n>a)",
        "(?P<n1>b)", "(?P<>a)", "(?i)", "(?-i)", "(?s)", "(?m)", "(?U)", "(?i:B)", "(?=a)", "(?!b)",
        "[[:foo:]]", "\\C", "\\pZ", "\\p{Foo}", "[\\pL\\d]", "(?i)[^k]", "(?i)k", "ſ", "K", "s", "S",
        "é", "É"]
OPS = ["*", "+", "?", "*?", "+?", "??", "{2}", "{1,2}", "{0,}", "{2,}?", "{,2}", "{1001}", "{3,1}",
       "**", "{0}"]
ALPHABET = "abcxAKkSsſ.\n日é É-_1 2"

def pattern(depth, max_depth, leaf_p):
    r = random.random()
    if depth > max_depth or r < leaf_p:
        s = random.choice(LEAF)
    elif r < 0.6:
        s = "(" + pattern(depth + 1, max_depth, leaf_p) + ")"
    elif r < 0.7:
        s = "(?:" + pattern(depth + 1, max_depth, leaf_p) + "|" + pattern(depth + 1, max_depth, leaf_p) + ")"
    elif r < 0.8:
        s = pattern(depth + 1, max_depth, leaf_p) + "|" + pattern(depth + 1, max_depth, leaf_p)
    else:
        s = pattern(depth + 1, max_depth, leaf_p) + pattern(depth + 1, max_depth, leaf_p)
    if random.random() < 0.35:
        s += random.choice(OPS)
    return s

random.seed(11)
cases = []
for max_depth, leaf_p, max_len in [(3, 0.45, 8), (5, 0.35, 14)]:
    for _ in range(700):
        p = pattern(0, max_depth, leaf_p)
        for _ in range(2):
            t = "".join(random.choice(ALPHABET) for _ in range(random.randint(0, max_len)))
            cases.append({"pattern": p, "text": t})
json.dump(cases, sys.stdout, ensure_ascii=False)
