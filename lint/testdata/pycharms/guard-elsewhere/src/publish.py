"""Relation data the charm publishes; the caller checks leadership."""


def publish_port(charm, relation):
    relation.data[charm.app]["port"] = str(charm.config.get("port", 8080))
