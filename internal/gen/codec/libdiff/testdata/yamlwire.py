"""Databags of traefik's ingress v1 and ingress_per_unit libraries.

Neither library is pinned in ../shared/corpus/python, so this script does
what their writers and readers do to a databag, line by line, with the
same PyYAML calls (lib/charms/traefik_k8s/v1/ingress.py, LIBPATCH 14, and
lib/charms/traefik_k8s/v1/ingress_per_unit.py, LIBPATCH 12; the line
numbers below are theirs). Only the databag handling is reproduced: no
ops, no events.

  yamlwire.py produce        prints [{case, key, data, values}]
  yamlwire.py load < bags    reads [{key, data}], prints [{ok, error, values}]

"values" is what the library's reader makes of a bag; the Go test checks
that the reader gets the same values from Go's re-encoding as from the
library's own bag.
"""
import json
import sys

import yaml


# Writers.

def v1_provider(url):
    # ingress.py publish_url: relation.data[app]["ingress"] = yaml.safe_dump({"url": url})
    return {"ingress": yaml.safe_dump({"url": url})}


def v1_requirer(host, port, strip=False, redirect=False):
    # ingress.py provide_ingress_requirements: str(port); flags only when set
    data = {"model": "my-model", "name": "my-app", "host": host, "port": str(port)}
    if strip:
        data["strip-prefix"] = "true"
    if redirect:
        data["redirect-https"] = "true"
    return data


def ipu_provider(urls):
    # ingress_per_unit.py publish_url: data[unit_name] = {"url": url};
    # relation.data[app]["ingress"] = yaml.safe_dump(data)
    return {"ingress": yaml.safe_dump({u: {"url": url} for u, url in urls.items()})}


def ipu_requirer(unit, host, port, mode="http", strip=False, redirect=False):
    # ingress_per_unit.py provide_ingress_requirements
    data = {"model": "my-model", "name": unit, "host": host, "port": str(port), "mode": mode}
    if strip:
        data["strip-prefix"] = "true"
    if redirect:
        data["redirect-https"] = "true"
    return data


# Readers: what the other side's library makes of the bag.

class Invalid(Exception):
    pass


def need(cond, msg):
    if not cond:
        raise Invalid(msg)


def read_v1_provider(bag):
    # ingress.py _get_url_from_relation_data: yaml.safe_load, then
    # INGRESS_PROVIDES_APP_SCHEMA (lines 106-112) and ingress["url"]
    raw = bag.get("ingress")
    if not raw:
        return None
    ingress = yaml.safe_load(raw)
    need(isinstance(ingress, dict), "ingress is not a mapping")
    need(isinstance(ingress.get("url"), str), "ingress.url is not a string")
    return {"url": ingress["url"]}


def read_requirer(bag, keys, required, flag):
    remote = {k: bag[k] for k in keys if bag.get(k) is not None}
    for k in required:
        need(k in remote, k + " is required")
    for k, v in remote.items():
        need(isinstance(v, str), k + " is not a string")
    remote["port"] = int(remote["port"])
    remote["strip-prefix"] = flag(remote.get("strip-prefix"))
    remote["redirect-https"] = flag(remote.get("redirect-https"))
    return remote


def read_v1_requirer(bag):
    # ingress.py _get_requirer_data (schema lines 93-104): flags are
    # value == "true"
    return read_requirer(bag, ("port", "host", "model", "name", "mode", "strip-prefix", "redirect-https"),
                         ("model", "name", "host", "port"), lambda v: (v or "false") == "true")


def read_ipu_provider(bag):
    # ingress_per_unit.py _urls_from_relation_data: yaml.safe_load, then
    # INGRESS_PROVIDES_APP_SCHEMA (lines 120-134)
    raw = bag.get("ingress")
    if not raw:
        return {}
    data = yaml.safe_load(raw)
    need(isinstance(data, dict), "ingress is not a mapping")
    for unit, d in data.items():
        need(isinstance(d, dict) and "url" in d, "ingress.%s has no url" % unit)
        need(isinstance(d["url"], str), "ingress.%s.url is not a string" % unit)
    return {unit: d["url"] for unit, d in data.items()}


def read_ipu_requirer(bag):
    # ingress_per_unit.py _get_requirer_unit_data (schema lines 107-119):
    # flags are bool(value)
    return read_requirer(bag, ("port", "host", "model", "name", "mode", "strip-prefix", "redirect-https"),
                         ("model", "name", "host", "port"), lambda v: bool(v or False))


READERS = {
    "ingress/v1/provider/app": read_v1_provider,
    "ingress/v1/requirer/app": read_v1_requirer,
    "ingress_per_unit/v0/provider/app": read_ipu_provider,
    "ingress_per_unit/v0/requirer/unit": read_ipu_requirer,
}


def produce():
    odd = "http://example.com/a: b #c?x=1&y='2'"
    cases = [
        ("v1 provider url", "ingress/v1/provider/app", v1_provider("http://10.0.0.1/my-model-my-app")),
        ("v1 provider https port", "ingress/v1/provider/app", v1_provider("https://foo.bar:8443/my-model-my-app/")),
        ("v1 provider url with YAML specials", "ingress/v1/provider/app", v1_provider(odd)),
        ("v1 provider long url", "ingress/v1/provider/app", v1_provider("http://h/" + "x" * 120)),
        ("v1 provider wiped", "ingress/v1/provider/app", {}),
        ("v1 requirer", "ingress/v1/requirer/app", v1_requirer("my-app.my-model.svc", 8080)),
        ("v1 requirer flags", "ingress/v1/requirer/app", v1_requirer("10.1.2.3", 1, True, True)),
        ("ipu provider one unit", "ingress_per_unit/v0/provider/app", ipu_provider({"prom/0": "http://foo:80/m-prom-0"})),
        ("ipu provider three units", "ingress_per_unit/v0/provider/app",
         ipu_provider({"prom/0": "http://foo:80/m-prom-0", "prom/1": "http://foo:80/m-prom-1", "prom/10": odd})),
        ("ipu provider wiped", "ingress_per_unit/v0/provider/app", {}),
        ("ipu requirer", "ingress_per_unit/v0/requirer/unit", ipu_requirer("prom/0", "prom-0.prom-endpoints", 9090)),
        ("ipu requirer tcp flags", "ingress_per_unit/v0/requirer/unit", ipu_requirer("db/1", "10.0.0.7", 5432, "tcp", True, True)),
        ("ipu requirer host yes", "ingress_per_unit/v0/requirer/unit", ipu_requirer("x/0", "yes", 80)),
    ]
    out = []
    for name, key, data in cases:
        values, err = load_one(key, data)
        out.append({"case": name, "key": key, "data": data, "values": values, "error": err})
    json.dump(out, sys.stdout, indent=1, sort_keys=True)


def load_one(key, data):
    try:
        return READERS[key](data), ""
    except (Invalid, ValueError, yaml.YAMLError) as e:
        return None, "%s: %s" % (type(e).__name__, e)


def load():
    res = []
    for b in json.load(sys.stdin):
        values, err = load_one(b["key"], b["data"])
        res.append({"ok": not err, "error": err, "values": values})
    json.dump(res, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    {"produce": produce, "load": load}[sys.argv[1]]()
