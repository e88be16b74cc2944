"""Produce the relation databags the real Python charm libraries write.

Usage: python3 produce.py LIB   (LIB: ingress | tls | data)

Each library runs under ops.testing (scenario) as a minimal charm on one
side of its relation; the databags it leaves in the output state are
printed as a JSON list of {case, interface, side, bag, data} where side is
provider or requirer and bag is app or unit. Only the keys the charm wrote
are kept (scenario does not add Juju's own unit keys to the local bag).
"""

import dataclasses
import json
import logging
import sys

import ops
from ops import testing

logging.disable(logging.CRITICAL)
OUT = []


def emit(case, iface, side, rel, bags=("app", "unit"), secrets=()):
    """Record the bags; secrets (the output state's) go with them, so that
    load.py can hand the reader the secrets the bag's secret-* URIs name."""
    secs = [{"id": s.id, "content": dict(s.latest_content or s.tracked_content)} for s in secrets]
    for bag in bags:
        data = rel.local_app_data if bag == "app" else rel.local_unit_data
        item = {"case": case, "interface": iface, "side": side, "bag": bag, "data": dict(data)}
        if secs:
            item["secrets"] = secs
        OUT.append(item)


def run(charm_type, meta, state, fn, event=None, app_name="local"):
    """Run fn(charm, state) inside a hook and return the output state."""
    ctx = testing.Context(charm_type, meta=meta, app_name=app_name, juju_version=state_juju.get("v", "3.6.0"))
    ev = event(ctx) if event else ctx.on.update_status()
    state = dataclasses.replace(state, model=testing.Model(name="m", uuid="00000000-0000-4000-8000-000000000000"))
    with ctx(ev, state) as mgr:
        fn(mgr.charm)
        return mgr.run()


state_juju = {}


# ---------------------------------------------------------------- ingress v2
def ingress():
    from charms.traefik_k8s.v2.ingress import IngressPerAppProvider, IngressPerAppRequirer

    class Req(ops.CharmBase):
        def __init__(self, framework):
            super().__init__(framework)
            self.ingress = IngressPerAppRequirer(self, "ingress", **getattr(Req, "kw", {}))

    class Prov(ops.CharmBase):
        def __init__(self, framework):
            super().__init__(framework)
            self.ingress = IngressPerAppProvider(self, "ingress")

    rmeta = {"name": "req", "requires": {"ingress": {"interface": "ingress"}}}
    pmeta = {"name": "prov", "provides": {"ingress": {"interface": "ingress"}}}

    def req_case(case, kw, call, leader=True):
        Req.kw = kw
        rel = testing.Relation("ingress", remote_app_name="traefik")
        out = run(Req, rmeta, testing.State(leader=leader, relations={rel}),
                  lambda c: c.ingress.provide_ingress_requirements(**call))
        emit(case, "ingress/v2", "requirer", out.get_relation(rel.id))

    req_case("minimal", {}, {"port": 8080, "host": "app-0.app.svc", "ip": "10.1.2.3"})
    req_case("full", {"strip_prefix": True, "redirect_https": True, "scheme": "https",
                      "healthcheck_params": {"path": "/health", "interval": "10s", "timeout": "2s",
                                             "port": 8081, "scheme": "http", "hostname": "h"}},
             {"port": 443, "host": "app-0.app.svc", "ip": "fd00::1"})
    req_case("no-ip", {}, {"port": 80, "host": "app-0.app.svc", "ip": None})
    req_case("scheme-h2c", {"scheme": "h2c"}, {"port": 9000, "host": "app-0.app.svc", "ip": "10.1.2.3"})
    req_case("non-leader", {}, {"port": 8080, "host": "app-1.app.svc", "ip": "10.1.2.4"}, leader=False)

    def prov_case(case, fn, app_data=None):
        rel = testing.Relation("ingress", remote_app_name="app", local_app_data=app_data or {},
                               remote_app_data={"model": '"m"', "name": '"app"', "port": "8080"},
                               remote_units_data={0: {"host": '"app-0.app.svc"', "ip": '"10.1.2.3"'}})
        out = run(Prov, pmeta, testing.State(leader=True, relations={rel}),
                  lambda c: fn(c, c.model.get_relation("ingress", rel.id)))
        emit(case, "ingress/v2", "provider", out.get_relation(rel.id), bags=("app",))

    prov_case("published", lambda c, r: c.ingress.publish_url(r, "http://foo.example/m-app"))
    prov_case("published-https-port", lambda c, r: c.ingress.publish_url(r, "https://foo.example:8443/m-app/"))
    prov_case("wiped", lambda c, r: c.ingress.wipe_ingress_data(r),
              app_data={"ingress": '{"url": "http://foo.example/m-app"}'})
    prov_case("empty", lambda c, r: None)


# ------------------------------------------------------------ tls v4 (v1 wire)
def tls():
    from charms.tls_certificates_interface.v4 import tls_certificates as t

    ca_key = t.generate_private_key()
    ca = t.generate_ca(ca_key, common_name="ca.example", validity=__import__("datetime").timedelta(days=365))
    key = t.generate_private_key()

    class Req(ops.CharmBase):
        def __init__(self, framework):
            super().__init__(framework)
            self.certs = t.TLSCertificatesRequiresV4(
                self, "certificates", certificate_requests=Req.reqs, mode=Req.mode, private_key=key)

    class Prov(ops.CharmBase):
        def __init__(self, framework):
            super().__init__(framework)
            self.certs = t.TLSCertificatesProvidesV4(self, "certificates")

    rmeta = {"name": "req", "requires": {"certificates": {"interface": "tls-certificates"}}}
    pmeta = {"name": "prov", "provides": {"certificates": {"interface": "tls-certificates"}}}

    def req_case(case, mode, reqs, leader=True):
        Req.reqs, Req.mode = reqs, mode
        rel = testing.Relation("certificates", remote_app_name="ca")
        out = run(Req, rmeta, testing.State(leader=leader, relations={rel}),
                  lambda c: c.certs._send_certificate_requests())
        emit(case, "tls_certificates/v1", "requirer", out.get_relation(rel.id))

    A = t.CertificateRequestAttributes
    req_case("unit-one", t.Mode.UNIT, [A(common_name="app-0.example", sans_dns=frozenset({"app-0.example"}))])
    req_case("unit-two", t.Mode.UNIT, [A(common_name="a.example"), A(common_name="b.example", is_ca=True)])
    req_case("app-mode", t.Mode.APP, [A(common_name="app.example")])
    req_case("none", t.Mode.UNIT, [])

    csr = t.generate_csr(key, common_name="app-0.example")
    cert = t.generate_certificate(csr, ca, ca_key, validity=__import__("datetime").timedelta(days=30))

    def prov_case(case, pcs, app_data=None):
        rel = testing.Relation(
            "certificates", remote_app_name="app", local_app_data=app_data or {},
            remote_units_data={0: {"certificate_signing_requests": json.dumps(
                [{"certificate_signing_request": str(csr), "ca": False}])}})
        def fn(c):
            for pc in pcs:
                pc = t.ProviderCertificate(relation_id=rel.id, certificate=cert, certificate_signing_request=csr,
                                           ca=ca, chain=pc.get("chain", [ca, cert]), revoked=pc.get("revoked"))
                c.certs.set_relation_certificate(pc)
        out = run(Prov, pmeta, testing.State(leader=True, relations={rel}), fn)
        emit(case, "tls_certificates/v1", "provider", out.get_relation(rel.id), bags=("app",))

    prov_case("issued", [{}])
    prov_case("issued-revoked", [{"revoked": True}])
    prov_case("empty", [])


# ---------------------------------------------------- data_platform_libs v0
def data():
    from charms.data_platform_libs.v0 import data_interfaces as d

    ifaces = [("postgresql_client/v0", "postgresql_client", d.DatabaseRequires, d.DatabaseProvides),
              ("mysql_client/v0", "mysql_client", d.DatabaseRequires, d.DatabaseProvides),
              ("opensearch_client/v0", "opensearch_client", d.OpenSearchRequires, d.OpenSearchProvides)]
    for iface, iname, R, P in ifaces:
        is_os = iname == "opensearch_client"

        class Req(ops.CharmBase):
            def __init__(self, framework):
                super().__init__(framework)
                kw = dict(Req.kw)
                if is_os:
                    kw["index"] = kw.pop("database_name")
                self.db = R(self, "db", **kw)

        class Prov(ops.CharmBase):
            def __init__(self, framework):
                super().__init__(framework)
                self.db = P(self, "db")

        rmeta = {"name": "req", "requires": {"db": {"interface": iname}}}
        pmeta = {"name": "prov", "provides": {"db": {"interface": iname}}}

        def req_case(case, kw, juju="3.6.0"):
            Req.kw = kw
            state_juju["v"] = juju
            rel = testing.Relation("db", remote_app_name="db")
            ctx_out = run(Req, rmeta, testing.State(leader=True, relations={rel}), lambda c: None,
                          event=lambda ctx: ctx.on.relation_created(rel))
            emit(case, iface, "requirer", ctx_out.get_relation(rel.id), bags=("app",))
            state_juju.clear()

        req_case("requested", {"database_name": "appdb"})
        req_case("requested-roles", {"database_name": "appdb", "extra_user_roles": "admin"})
        req_case("requested-juju2", {"database_name": "appdb"}, juju="2.9.50")

        def prov_case(case, secrets, fn, juju="3.6.0", extra=()):
            state_juju["v"] = juju
            remote = {"database": "appdb" if not is_os else "", "index": "appdb"} if is_os else {"database": "appdb"}
            remote = {k: v for k, v in remote.items() if v}
            if secrets:
                remote["requested-secrets"] = json.dumps(["username", "password", "tls", "tls-ca", "uris"] + list(extra))
            rel = testing.Relation("db", remote_app_name="app", remote_app_data=remote)
            out = run(Prov, pmeta, testing.State(leader=True, relations={rel}), lambda c: fn(c.db, rel.id))
            emit(case, iface, "provider", out.get_relation(rel.id), bags=("app",), secrets=out.secrets)
            state_juju.clear()

        def full(db, rid):
            if is_os:
                db.set_index(rid, "appdb")
            else:
                db.set_database(rid, "appdb")
            db.set_credentials(rid, "relation-7", "s3cret")
            db.set_endpoints(rid, "10.0.0.1:5432,10.0.0.2:5432")
            if not is_os:
                db.set_read_only_endpoints(rid, "10.0.0.2:5432")
                db.set_uris(rid, "postgresql://relation-7:s3cret@10.0.0.1:5432/appdb")
            db.set_version(rid, "16.4")
            db.set_tls(rid, "True")
            db.set_tls_ca(rid, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----")

        def creds(db, rid):
            if is_os:
                db.set_index(rid, "appdb")
            else:
                db.set_database(rid, "appdb")
            db.set_credentials(rid, "relation-7", "s3cret")
            db.set_endpoints(rid, "10.0.0.1:5432")

        def all_groups(db, rid):
            # Every group the Go side reads: user (with read-only-uris),
            # tls, and extra (a requested field outside SECRET_LABEL_MAP).
            full(db, rid)
            db.update_relation_data(rid, {"read-only-uris": "postgresql://relation-7:s3cret@10.0.0.2:5432/appdb",
                                          "uris": "postgresql://relation-7:s3cret@10.0.0.1:5432/appdb",
                                          "extra-token": "tok-123"})

        prov_case("secrets-full", True, full)
        prov_case("secrets-all-groups", True, all_groups, extra=["read-only-uris", "extra-token"])
        prov_case("plain-all-groups", False, all_groups)
        prov_case("secrets-creds", True, creds)
        prov_case("plain-full", False, full)
        prov_case("plain-creds", False, creds)
        prov_case("plain-juju2", True, creds, juju="2.9.50")
        prov_case("empty", True, lambda db, rid: None)


{"ingress": ingress, "tls": tls, "data": data}[sys.argv[1]]()
json.dump(OUT, sys.stdout, indent=1, sort_keys=True)
