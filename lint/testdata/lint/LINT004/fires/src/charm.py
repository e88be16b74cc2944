import ops


class C(ops.CharmBase):
    def __init__(self, framework)
        super().__init__(framework)
