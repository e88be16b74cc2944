"""Load databags with the real Python charm libraries' own models/consumers.

Usage: python3 load.py LIB < bags.json   (LIB: ingress | tls | data)

Input: a JSON list of {interface, side, bag, data}; side is the side that
WROTE the bag, so it is read by the library's code for the other side.
Output: a JSON list, same order, of {verdict: accept|reject, error}.

- ingress v2: IngressRequirerAppData / IngressRequirerUnitData /
  IngressProviderAppData .load (what IngressPerAppProvider and
  IngressPerAppRequirer call).
- tls v4: _RequirerData.load / _ProviderApplicationData.load, then the
  conversion the library does next (CSR and certificate parsing).
- data_interfaces v0: the consumer on the other side runs under
  ops.testing with the bag as remote app data on relation-changed: a
  provider bag is accepted when DatabaseRequires/OpenSearchRequires fires
  its created event (is_resource_created); a requirer bag when
  DatabaseProvides/OpenSearchProvides fires its requested event.
  With "report": true (a provider's bag and its secrets), the output also
  has credentials, read inside the created event's handler, in two ways:
  the event's properties (AuthenticationEvent/DatabaseRequiresEvent:
  username, password, tls, tls-ca, uris, read-only-uris, lines 3308-3360
  and 3488-3515 of data_interfaces.py: the secret-user/secret-tls secret
  when there is one, else the plain field) under their field names, and
  fetch_relation_data (the requirer's generic path, lines 1783-1816, which
  also reads secret-extra) under "fetch:<field>" for those fields and the
  item's "extra" fields (passed to the requirer as
  additional_secret_fields).

Hostile bags ("hostile": true, the hostile section of libdiff_test.go):
the same readers, and the output also has values, what the reader made
of the bag (field -> JSON text): the model's dump for ingress and tls,
the fired event's fields for data_interfaces. A bag the library's consumer
treats as not there yet gets verdict not-ready instead of an error: an
ingress provider app bag that is empty or whose ingress is null (the
requirer's _get_url_from_relation_data, lines 930-935 of ingress.py,
returns None: no URL yet); an ingress requirer app or unit bag with none
of the model's fields (absent: IngressPerAppProvider.is_ready, lines
582-591, is False; a bag with fields that load rejects stays reject,
though is_ready is False for it too); and a data_interfaces bag on which
the consumer fires no event without failing the hook.
"""

import json
import logging
import re
import sys

import ops
from ops import testing

logging.disable(logging.CRITICAL)


class NotReady(Exception):
    """The library's consumer treats the bag as not written yet."""


def dumped(m):
    """A pydantic model's JSON dump, field -> JSON text."""
    return {k: json.dumps(v, sort_keys=True) for k, v in m.model_dump(mode="json", by_alias=True).items()}


def short(e):
    return re.sub(r"secret:[0-9a-z]+", "secret:<id>", _short(e))


def _short(e):
    cause = e.__cause__ or e
    errs = getattr(cause, "errors", None)
    if callable(errs):
        try:
            return "; ".join(f"{'.'.join(str(p) for p in x['loc'])}: {x['type']}" for x in cause.errors())
        except Exception:
            pass
    return f"{type(cause).__name__}: {str(cause).splitlines()[0] if str(cause) else ''}"


def ingress(item):
    from charms.traefik_k8s.v2 import ingress as i
    model = {("requirer", "app"): i.IngressRequirerAppData, ("requirer", "unit"): i.IngressRequirerUnitData,
             ("provider", "app"): i.IngressProviderAppData}[(item["side"], item["bag"])]
    if item.get("hostile") and model is i.IngressProviderAppData and not item["data"]:
        raise NotReady("empty bag: no URL yet")
    if item.get("hostile") and model is not i.IngressProviderAppData and not (
            set(item["data"]) & {(f.alias or n) for n, f in model.model_fields.items()}):
        raise NotReady("no field of the model: is_ready False")
    m = model.load(item["data"])
    if item.get("hostile"):
        if model is i.IngressProviderAppData:
            if m.ingress is None:
                raise NotReady("ingress is null: no URL yet")
            return {"url": str(m.ingress.url)}
        return dumped(m)


def tls(item):
    from charms.tls_certificates_interface.v4 import tls_certificates as t
    if item["side"] == "requirer":
        d = t._RequirerData.load(item["data"])
        for c in d.certificate_signing_requests:
            t.CertificateSigningRequest.from_string(c.certificate_signing_request)
    else:
        d = t._ProviderApplicationData.load(item["data"])
        for c in d.certificates:
            c.to_provider_certificate(relation_id=1)
    if item.get("hostile"):
        return dumped(d)


# The created event's properties: field name, attribute.
REPORTED = [("username", "username"), ("password", "password"), ("tls", "tls"), ("tls-ca", "tls_ca"),
            ("uris", "uris"), ("read-only-uris", "read_only_uris")]


def data(item):
    from charms.data_platform_libs.v0 import data_interfaces as d
    iname = item["interface"].split("/")[0]
    is_os = iname == "opensearch_client"
    seen = []
    creds = {}
    if item["side"] == "provider":
        R = d.OpenSearchRequires if is_os else d.DatabaseRequires

        class C(ops.CharmBase):
            def __init__(self, fw):
                super().__init__(fw)
                kw = {"index": "appdb"} if is_os else {"database_name": "appdb"}
                if item.get("extra"):
                    kw["additional_secret_fields"] = list(item["extra"])
                self.db = R(self, "db", **kw)
                ev = self.db.on.index_created if is_os else self.db.on.database_created
                fw.observe(ev, self._seen)

            def _seen(self, e):
                seen.append(e)
                if item.get("report"):
                    for k, attr in REPORTED:
                        creds[k] = getattr(e, attr, None) or ""
                    fetched = self.db.fetch_relation_data([e.relation.id]).get(e.relation.id, {})
                    for k in [k for k, _ in REPORTED] + list(item.get("extra") or []):
                        creds["fetch:" + k] = fetched.get(k) or ""
        meta = {"name": "req", "requires": {"db": {"interface": iname}}}
        local = {"requested-secrets": json.dumps(["username", "password", "tls", "tls-ca", "uris"]),
                 ("index" if is_os else "database"): "appdb"}
        want = "created event"
    else:
        P = d.OpenSearchProvides if is_os else d.DatabaseProvides

        class C(ops.CharmBase):
            def __init__(self, fw):
                super().__init__(fw)
                self.db = P(self, "db")
                ev = self.db.on.index_requested if is_os else self.db.on.database_requested
                fw.observe(ev, self._seen)

            def _seen(self, e):
                seen.append(e)
                if item.get("hostile"):
                    creds["index" if is_os else "database"] = getattr(e, "index" if is_os else "database", None) or ""
                    creds["extra-user-roles"] = e.extra_user_roles or ""
        meta = {"name": "prov", "provides": {"db": {"interface": iname}}}
        local = {}
        want = "requested event"
    rel = testing.Relation("db", remote_app_name="other", local_app_data=local, remote_app_data=item["data"])
    # The secrets the writer created (secret-user, secret-tls...): granted
    # to this side, readable by the URI in the bag.
    secrets = [testing.Secret(tracked_content=s["content"], id=s["id"]) for s in item.get("secrets") or []]
    ctx = testing.Context(C, meta=meta, app_name="local", juju_version="3.6.0")
    ctx.run(ctx.on.relation_changed(rel), testing.State(leader=True, relations={rel}, secrets=secrets))
    if not seen:
        if item.get("hostile"):
            raise NotReady("no " + want)
        raise ValueError("no " + want)
    return creds if item.get("report") or item.get("hostile") else None


def main():
    fn = {"ingress": ingress, "tls": tls, "data": data}[sys.argv[1]]
    out = []
    for item in json.load(sys.stdin):
        try:
            creds = fn(item)
            res = {"verdict": "accept", "error": ""}
            if item.get("hostile"):
                res["values"] = creds or {}
            elif creds is not None:
                res["credentials"] = creds
            out.append(res)
        except NotReady as e:
            out.append({"verdict": "not-ready", "error": str(e)})
        except Exception as e:  # noqa: BLE001 - every failure is a verdict
            out.append({"verdict": "reject", "error": short(e)})
    json.dump(out, sys.stdout, indent=1)


main()
