import ops


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)
        framework.observe(self.on.install, self._on_install)

    def _reconcile(self, event):
        with open("/etc/app.conf") as f:
            current = f.read()
        if current != self._render():
            with open("/etc/app.conf", "w") as f:
                f.write(self._render())

    def _render(self):
        return "port=80\n"

    def _on_install(self, event):
        # Runs once: appending here is not a reconcile problem.
        with open("/etc/hosts", "a") as f:
            f.write("10.0.0.1 db\n")
