"""A real Synapse on loopback, for `mact demo` and the test suite.

Rate limits are lifted (tests and a demo send bursts); it listens on 127.0.0.1 only. By
default it federates with nobody. Given a federation port it also serves federation there
(TLS with a self-signed certificate, as loopback test servers must), its server name becomes
`127.0.0.1:<port>`, and it federates with the servers on its allow-list, on loopback only.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .clock import SystemClock
from .private_files import private_dir, read_or_create_secret, write_private

_NO_LIMIT = "{per_second: 10000, burst_count: 10000}"

_CONFIG = """\
server_name: "{server_name}"
public_baseurl: "http://127.0.0.1:{port}/"
pid_file: "{dir}/homeserver.pid"
report_stats: false
listeners:
  - port: {port}
    type: http
    tls: false
    bind_addresses: ["127.0.0.1"]
    resources: [{{names: [client], compress: false}}]
{federation_listener}database:
  name: sqlite3
  args: {{database: "{dir}/homeserver.db"}}
media_store_path: "{dir}/media"
signing_key_path: "{dir}/signing.key"
log_config: "{dir}/log.yaml"
registration_shared_secret: "{registration_secret}"
macaroon_secret_key: "{macaroon_secret}"
form_secret: "{form_secret}"
trusted_key_servers: []
suppress_key_server_warning: true
federation_domain_whitelist: {federate_with}
bcrypt_rounds: 4
enable_registration: false
presence: {{enabled: false}}
url_preview_enabled: false
rc_message: {nl}
rc_registration: {nl}
rc_login: {{address: {nl}, account: {nl}, failed_attempts: {nl}}}
rc_joins: {{local: {nl}, remote: {nl}}}
rc_joins_per_room: {nl}
rc_invites: {{per_room: {nl}, per_user: {nl}, per_issuer: {nl}}}
rc_room_creation: {nl}
rc_key_requests: {nl}
rc_3pid_validation: {nl}
rc_admin_redaction: {nl}
{federation_settings}"""

_FEDERATION_LISTENER = """\
  - port: {federation_port}
    type: http
    tls: true
    bind_addresses: ["127.0.0.1"]
    resources: [{{names: [federation], compress: false}}]
"""

_FEDERATION_SETTINGS = """\
tls_certificate_path: "{dir}/federation.crt"
tls_private_key_path: "{dir}/federation.key"
federation_verify_certificates: false
# Loopback only: the test servers reach each other on 127.0.0.1 and nowhere else.
ip_range_whitelist: ["127.0.0.0/8"]
ip_range_blacklist: []
# A peer that was down is tried again within seconds, not Synapse's default 10 minutes.
federation:
  client_timeout: 10s
  max_short_retry_delay: 1s
  max_long_retry_delay: 2s
  destination_min_retry_interval: 500
  destination_retry_multiplier: 1.5
  destination_max_retry_interval: 2s
rc_federation: {{window_size: 1000, sleep_limit: 10000, sleep_delay: 1, reject_limit: 10000, \
concurrent: 1000}}
"""

_LOG_CONFIG = """\
version: 1
formatters:
  precise: {{format: '%(asctime)s - %(name)s - %(levelname)s - %(message)s'}}
handlers:
  file:
    class: logging.FileHandler
    formatter: precise
    filename: "{dir}/homeserver.log"
root: {{level: WARNING, handlers: [file]}}
disable_existing_loggers: false
"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def write_self_signed_certificate(directory: Path, host: str) -> None:
    """federation.crt and federation.key for `host`, once. Synapse serves federation over
    TLS only; its peers here do not verify certificates (loopback test servers)."""
    cert_path, key_path = directory / "federation.crt", directory / "federation.key"
    if cert_path.exists() and key_path.exists():
        return
    # Imported here: cryptography comes with Synapse, needed only where Synapse runs.
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    start = SystemClock().now() - dt.timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=3650))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(host))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    key_bytes = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    write_private(key_path, key_bytes.decode())
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


@dataclass(frozen=True)
class RegisteredUser:
    user_id: str
    password: str
    access_token: str
    device_id: str


class LocalSynapse:
    """Start, stop and register users on a Synapse whose files live in `directory`."""

    def __init__(
        self,
        directory: Path,
        *,
        port: int | None = None,
        server_name: str = "localhost",
        federation_port: int | None = None,
        federate_with: tuple[str, ...] = (),
    ):
        self.directory = private_dir(directory)
        self.port = port or free_port()
        self.federation_port = federation_port
        self.federate_with = federate_with
        if federation_port is not None:
            server_name = f"127.0.0.1:{federation_port}"
        self.server_name = server_name
        self.url = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen[bytes] | None = None
        self.registration_secret = read_or_create_secret(self.directory / "registration.secret")

    def write_config(self) -> Path:
        d = self.directory
        (d / "log.yaml").write_text(_LOG_CONFIG.format(dir=d), encoding="utf-8")
        config = _CONFIG.format(
            server_name=self.server_name,
            port=self.port,
            dir=d,
            registration_secret=self.registration_secret,
            macaroon_secret=read_or_create_secret(d / "macaroon.secret"),
            form_secret=read_or_create_secret(d / "form.secret"),
            nl=_NO_LIMIT,
            federate_with=json.dumps(list(self.federate_with)),
            federation_listener=self._federation(_FEDERATION_LISTENER),
            federation_settings=self._federation(_FEDERATION_SETTINGS),
        )
        path = d / "homeserver.yaml"
        path.write_text(config, encoding="utf-8")
        os.chmod(path, 0o600)
        return path

    def _federation(self, template: str) -> str:
        if self.federation_port is None:
            return ""
        write_self_signed_certificate(self.directory, "127.0.0.1")
        return template.format(federation_port=self.federation_port, dir=self.directory)

    def start(self, timeout: float = 60.0) -> None:
        config = self.write_config()
        with open(self.directory / "stdout.log", "ab") as log:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "synapse.app.homeserver", "-c", str(config)],
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.directory,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(
                    f"Synapse exited with {self._process.returncode}; "
                    f"see {self.directory}/stdout.log"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=1) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass  # not listening yet: poll again
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"Synapse did not answer on {self.url} within {timeout:.0f}s")

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def stop(self, timeout: float = 15.0) -> None:
        proc = self._process
        if proc is None or proc.poll() is not None:
            return
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)

    def _request(
        self,
        method: str,
        path: str,
        body: dict[str, object] | None = None,
        token: str | None = None,
    ) -> dict[str, object]:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(f"{self.url}{path}", data=data, method=method)
        req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("Authorization", f"Bearer {token}")
        with urllib.request.urlopen(req, timeout=30) as r:
            result: dict[str, object] = json.loads(r.read() or b"{}")
            return result

    def register(
        self, localpart: str, password: str | None = None, *, admin: bool = False
    ) -> RegisteredUser:
        """Register through the shared-secret admin API (HMAC-SHA1 over nonce, user, password)."""
        password = password or secrets.token_urlsafe(18)
        nonce = str(self._request("GET", "/_synapse/admin/v1/register")["nonce"])
        mac = hmac.new(self.registration_secret.encode(), digestmod=hashlib.sha1)
        mac.update(
            b"\x00".join(
                [
                    nonce.encode(),
                    localpart.encode(),
                    password.encode(),
                    b"admin" if admin else b"notadmin",
                ]
            )
        )
        result = self._request(
            "POST",
            "/_synapse/admin/v1/register",
            {
                "nonce": nonce,
                "username": localpart,
                "password": password,
                "admin": admin,
                "mac": mac.hexdigest(),
            },
        )
        return RegisteredUser(
            str(result["user_id"]), password, str(result["access_token"]), str(result["device_id"])
        )
