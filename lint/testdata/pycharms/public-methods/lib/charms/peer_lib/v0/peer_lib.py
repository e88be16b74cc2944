"""A stand-in for a charm library that calls back into the charm."""

import ops

LIBID = "0"
LIBAPI = 0
LIBPATCH = 1


class PeerLib(ops.Object):
    def __init__(self, charm):
        super().__init__(charm, "peer-lib")
        self._charm = charm

    def refresh(self):
        if self._charm.unit.is_leader():
            self._charm.publish_url()
