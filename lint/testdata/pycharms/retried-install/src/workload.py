import subprocess

from charms.operator_libs_linux.v2 import snap


def _install_snap(channel, refresh=False):
    snap.SnapCache()["app"].ensure(snap.SnapState.Latest, channel=channel)


def install(channel):
    _install_snap(channel)


def refresh(channel):
    _install_snap(channel, refresh=True)


def start():
    subprocess.check_call(["systemctl", "start", "app"])
