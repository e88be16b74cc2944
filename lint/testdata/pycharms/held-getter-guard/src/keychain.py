from pathlib import Path


class Keychain:
    """Keys on the machine's disk, read through a helper of the class."""

    def __init__(self, base: str):
        self._dir = Path(base)

    def get_private_key(self):
        return self._get_file_content("private-key.pem")

    def set_private_key(self, key: str):
        self._dir.mkdir(parents=True, exist_ok=True)
        (self._dir / "private-key.pem").write_text(key)

    def set_certificate(self, cert: str):
        (self._dir / "cert.pem").write_text(cert)

    def _get_file_content(self, name: str):
        f = self._dir / name
        if f.exists():
            return f.read_text()
        return None
