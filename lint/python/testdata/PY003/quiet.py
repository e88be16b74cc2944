from pathlib import Path

import tempfile
import os
import subprocess

import ops


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        for event in [self.on.config_changed, self.on.upgrade_charm, self.on.app_pebble_ready]:
            framework.observe(event, self._on_event)
        framework.observe(self.on.install, self._on_install)
        # Events that signal the change the write applies.
        framework.observe(self.certs.on.certificate_available, self._on_cert)
        framework.observe(self.on.cert_pebble_ready, self._on_cert)

    def _on_event(self, event):
        container = self.unit.get_container("app")
        want = self._render()
        if container.pull("/etc/app.conf").read() != want:
            container.push("/etc/app.conf", want)
        path = Path("/etc/app/extra.conf")
        current = path.read_text()
        path.write_text("x=1\n")
        self._update_secret()
        self._flows(container, want)
        client = ops.pebble.Client(socket_path="/charm/containers/app/pebble.socket")
        try:
            current = client.pull("/etc/app/log.conf").read()
        except ops.pebble.PathError:
            current = None
        if current != "level=info\n":
            client.push("/etc/app/log.conf", "level=info\n")

    def _update_secret(self):
        secret = self.model.get_secret(label="api")
        want = {"key": self.config["api-key"]}
        if secret.get_content(refresh=True) != want:
            secret.set_content(want)

    def _flows(self, container, want):
        # The compare kept in a local.
        changed = container.pull("/etc/a.conf").read() != want
        if changed:
            container.push("/etc/a.conf", want)
        # The result of a change check kept for later.
        should_restart = self._has_config_changed(want)
        container.push("/etc/b.conf", want)
        if should_restart:
            container.restart("app")
        # A parameter every caller passes a compare for.
        self._write(container, container.pull("/etc/c.conf").read() != want)
        # Written once: only when missing.
        if not container.exists("/etc/d.conf"):
            container.push("/etc/d.conf", want)
        # The charm container's own file, nothing run on it.
        Path("/var/lib/charm/ca.crt").write_text(want)

    def _write(self, container, changed):
        if changed:
            container.push("/etc/c.conf", "x")

    def _has_config_changed(self, want):
        return True

    def _on_cert(self, event):
        self.unit.get_container("app").push("/etc/tls/cert.pem", event.certificate)

    def _render(self):
        return "port=80\n"

    def _on_install(self, event):
        Path("/etc/app/marker").write_text("installed\n")


class CertsOnDiskCharm(ops.CharmBase):
    """A write under "if not self._certs_on_disk:", a property that checks
    the files exist, runs once, when they are missing."""

    def __init__(self, framework):
        super().__init__(framework)
        for event in [self.on.config_changed, self.on.update_status, self.on["db"].relation_changed]:
            framework.observe(event, self._reconcile)

    @property
    def _certs_on_disk(self):
        container = self.unit.get_container("app")
        return container.can_connect() and container.exists("/etc/app/cert.pem")

    def _reconcile(self, _):
        if not self._certs_on_disk:
            self._write_certs()

    def _write_certs(self):
        self.unit.get_container("app").push("/etc/app/cert.pem", "pem")


class PredicatePullCharm(ops.CharmBase):
    """The push runs only when a predicate that pulls the same file says it
    is not there: write once, when missing (notary's idiom)."""

    def __init__(self, framework):
        super().__init__(framework)
        self.container = self.unit.get_container("notary")
        for event in [self.on.config_changed, self.on.update_status]:
            framework.observe(event, self._configure)

    def _configure(self, _):
        if not self._certs_generated():
            self._generate()

    def _generate(self):
        self._push_files("CERT", "KEY")

    def _push_files(self, cert, key):
        if cert:
            self.container.push("/etc/notary/cert.pem", cert, make_dirs=True)
        if key:
            self.container.push("/etc/notary/key.pem", key, make_dirs=True)

    def _certs_generated(self):
        try:
            existing = self.container.pull("/etc/notary/cert.pem")
        except ops.pebble.PathError:
            return False
        return "CN=notary" in existing.read()


class TokenRefreshCharm(ops.CharmBase):
    """The stored token is replaced only when it is missing or no longer
    valid: a new revision only when the old one expired (notary)."""

    def __init__(self, framework):
        super().__init__(framework)
        for event in [self.on.config_changed, self.on.update_status]:
            framework.observe(event, self._configure)

    def _configure(self, _):
        details = self._login_details()
        if not details.token or not self.client.token_is_valid(details.token):
            details.token = self.client.login(details.username, details.password)
            if not details.token:
                return
            secret = self.model.get_secret(label="login")
            secret.set_content(details.to_dict())


class RelationCreatedKeyCharm(ops.CharmBase):
    """relation-created fires once per relation: a key generated for the
    relation and pushed there is set up once (sdcore-ausf's idiom)."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on["certificates"].relation_created, self._on_certificates_created)
        for event in [self.on.config_changed, self.on.update_status]:
            framework.observe(event, self._configure)

    def _on_certificates_created(self, _):
        self.unit.get_container("ausf").push("/support/tls/ausf.key", generate_private_key())

    def _configure(self, _):
        pass


class MountsManager:
    def __init__(self, container):
        self._container = container

    @property
    def installed(self):
        return self._container.exists("/etc/auto.master")

    def install(self):
        self._container.push("/etc/auto.master", "/- /etc/auto.charm")


class HeldPropertyCharm(ops.CharmBase):
    """The write runs only when a held object's property says the files
    are missing: write once (filesystem-client's idiom)."""

    def __init__(self, framework):
        super().__init__(framework)
        self._mounts = MountsManager(self.unit.get_container("app"))
        for event in [self.on.config_changed, self.on.update_status]:
            framework.observe(event, self._reconcile)

    def _reconcile(self, _):
        if not self._mounts.installed:
            self._mounts.install()


class RelationJoinedCSRCharm(ops.CharmBase):
    """relation-joined fires once per remote unit: the CSR generated for it
    is stored once (sdcore-ausf's certificate request)."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on["certificates"].relation_joined, self._on_certificates_joined)
        for event in [self.on.config_changed, self.on.update_status]:
            framework.observe(event, self._configure)

    def _on_certificates_joined(self, _):
        csr = generate_csr()
        self.unit.get_container("ausf").push("/support/tls/ausf.csr", csr)

    def _configure(self, _):
        pass


class SecretIdMissingCharm(ops.CharmBase):
    """set_content runs only when no secret id is stored yet: once."""

    def __init__(self, framework):
        super().__init__(framework)
        for event in [self.on.config_changed, self.on.update_status]:
            framework.observe(event, self._reconcile)

    def _reconcile(self, _):
        peer = self.model.get_relation("peer")
        secret_id = peer.data[self.app].get("secrets")
        if secret_id is None and self.unit.is_leader():
            secret = self.app.add_secret({"k": "v"})
            secret.set_content({"k": "v2"})
            peer.data[self.app]["secrets"] = secret.id


class ScratchManifestCharm(ops.CharmBase):
    """A manifest rendered to a relative path is a scratch file in the
    charm's directory for kubectl apply, not a file a workload reads
    (kube-ovn's idiom)."""

    def __init__(self, framework):
        super().__init__(framework)
        for event in [self.on.config_changed, self.on.update_status]:
            framework.observe(event, self._reconcile)

    def _reconcile(self, _):
        destination = "templates/rendered/" + "ovn.yaml"
        with open(destination, "w") as f:
            f.write("kind: ConfigMap\\n")
        subprocess.check_call(["kubectl", "apply", "-f", destination])


class TempManifestCharm(ops.CharmBase):
    """A manifest written into a temporary directory the hook made, for
    calicoctl apply: a scratch file, gone when the hook ends (calico)."""

    def __init__(self, framework):
        super().__init__(framework)
        for event in [self.on.config_changed, self.on.update_status]:
            framework.observe(event, self._reconcile)

    def _reconcile(self, _):
        with tempfile.TemporaryDirectory() as tmp:
            filename = os.path.join(tmp, "manifest.yaml")
            with open(filename, "w") as f:
                f.write("kind: IPPool\\n")
            subprocess.check_call(["calicoctl", "apply", "-f", filename])


class PresentReturnCharm(ops.CharmBase):
    """The pushes run only when the pulled CA is missing or not the
    charm's: an early return when it is there (ella-core-k8s)."""

    def __init__(self, framework):
        super().__init__(framework)
        self.container = self.unit.get_container("core")
        for event in [self.on.config_changed, self.on.update_status]:
            framework.observe(event, self._configure)

    def _pull_tls_file(self, path):
        try:
            return self.container.pull(path).read().strip()
        except ops.pebble.PathError:
            return ""

    def _configure(self, _):
        existing_ca = self._pull_tls_file("/etc/core/ca.pem")
        if existing_ca and is_self_signed(existing_ca):
            return
        cert, key, ca = generate_certificates()
        self.container.push("/etc/core/cert.pem", cert)
        self.container.push("/etc/core/key.pem", key)
        self.container.push("/etc/core/ca.pem", ca)


class StartOnceCharm(ops.CharmBase):
    """The config is pushed only while the service is not running, just
    before it is started: once it runs, later events skip the push
    (etcd-operator's _etcd_needs_start)."""

    def __init__(self, framework):
        super().__init__(framework)
        self._container = self.unit.get_container("etcd")
        for event in [self.on.config_changed, self.on.update_status]:
            framework.observe(event, self._process)

    def _needs_start(self):
        return not self._container.get_service("etcd").is_running()

    def _process(self, _):
        if self._needs_start():
            self._start()

    def _start(self):
        self._container.push("/etc/etcd/etcd.conf.yml", "name: etcd\\n")
        self._container.start("etcd")


class StartOnceInlineCharm(ops.CharmBase):
    """The same guard written inline: the config is pushed only while the
    service is not running."""

    def __init__(self, framework):
        super().__init__(framework)
        for event in [self.on.config_changed, self.on.update_status]:
            framework.observe(event, self._process)

    def _process(self, _):
        container = self.unit.get_container("etcd")
        if not container.get_service("etcd").is_running():
            container.push("/etc/etcd/etcd.conf.yml", "name: etcd\\n")
            container.start("etcd")
