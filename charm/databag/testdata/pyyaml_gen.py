# Generates random JSON-like values and PyYAML's safe_dump of each, for
# TestYAMLAgainstPyYAML. Reads YAML texts (a JSON list) on stdin when given
# "load" and writes json.dumps(safe_load(text)) of each (or an error).
import json, random, sys
import yaml

WORDS = ["yes", "no", "on", "off", "Off", "null", "Null", "~", "true", "False",
         "1", "-1", "0x1F", "017", "0b11", "1_000", "1:20", "1:20.5", ".5", "1.",
         "1e5", "1.5e+3", "2001-12-14", "2001-12-14 21:59:43.10 -5", "---", "...",
         "--- a", "<<", "=", "", " a", "a ", "a: b", "a:b", "a #b", "a#b", "- a",
         "-a", "? a", "?a", ":a", ": a", "[a]", "{a}", "a,b", "&a", "*a", "!a",
         "|", ">", "%a", "@a", "`a", "'a'", '"a"', "a\nb", "a\n\nb", "a\n", "\na",
         "caf\u00e9", "\u2028", "\x85", "\xa0", "\U0001F600", "tab\there", "\x00\x1b",
         ".inf", ".NaN", "+1", "+.5", "0", "00", "http://foo.bar:80/model-unit/0",
         "prometheus-k8s/0", "a  b", "a \n b"]
ALPHA = "abcXYZ019 :#-?'\"\\\n\t[]{},&*!|>%@`.~=_/\u00e9\u2028\U0001F600"

def rstr(r):
    k = r.random()
    if k < 0.4:
        return r.choice(WORDS)
    if k < 0.55:
        return " ".join("".join(r.choice("abcdefgh") for _ in range(r.randint(1, 12))) for _ in range(r.randint(5, 30)))
    return "".join(r.choice(ALPHA) for _ in range(r.randint(0, 12)))

def rval(r, depth):
    k = r.random()
    if depth < 4 and k < 0.2:
        return {rstr(r)[:60]: rval(r, depth + 1) for _ in range(r.randint(0, 5))}
    if depth < 4 and k < 0.35:
        return [rval(r, depth + 1) for _ in range(r.randint(0, 5))]
    k = r.random()
    if k < 0.5:
        return rstr(r)
    if k < 0.6:
        return r.choice([None, True, False])
    if k < 0.8:
        return r.choice([0, 1, -7, 42, 2**70, -2**63, r.randint(-10**9, 10**9)])
    return r.choice([0.0, -0.0, 1.0, 0.1, 1e20, 1e16, 1e15, 1.5e-7, 0.0001, 123.456, r.uniform(-1e6, 1e6), r.random() * 10 ** r.randint(-30, 30)])

if sys.argv[1] == "gen":
    r = random.Random(int(sys.argv[2]))
    out = []
    for i in range(int(sys.argv[3])):
        v = rval(r, 0)
        out.append({"json": json.dumps(v), "yaml": yaml.safe_dump(v)})
    json.dump(out, sys.stdout)
else:
    out = []
    for text in json.load(sys.stdin):
        try:
            out.append({"json": json.dumps(yaml.safe_load(text))})
        except Exception as e:
            out.append({"error": str(e)})
    json.dump(out, sys.stdout)
