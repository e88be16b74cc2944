import ops


class FlagNeverSet(ops.CharmBase):
    """The flag the if tests is never set by what runs under it: nothing
    stops the write from running on every event."""

    _stored = ops.StoredState()

    def __init__(self, framework):
        super().__init__(framework)
        self._stored.set_default(site_root_created=False, other=False)
        framework.observe(self.on.config_changed, self._configure)

    def _configure(self, event):
        if not self._stored.site_root_created:
            self._build_site_root()

    def _build_site_root(self):
        with open("/srv/site/index.html", "w") as f:  # want PY003
            f.write(self.config["title"])
        self._stored.other = True
