"""Starts `cloudpick-emulator serve` for the interop suite.

Two emulators, each started once per session and only when a test needs it:
- `emulator`: plain HTTP (Box, Alfresco);
- `emulator_tls`: `serve --tls` (Dropbox and Microsoft: their SDKs accept only
  https URLs, see README.md in this folder).

Both serve a seed folder made here with known bytes, and show the consent
page (no --auto-approve): the tests click Allow over HTTP as a browser would.
"""

import hashlib
import html.parser
import json
import os
import random
import selectors
import subprocess
import time
import urllib.parse
from pathlib import Path

import pytest
import requests

REPO_ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(
    os.environ.get(
        "CLOUDPICK_EMULATOR", REPO_ROOT / "target" / "debug" / "cloudpick-emulator"
    )
)
START_DEADLINE = 30.0


# --- the seed -------------------------------------------------------------

def _bytes(seed: int, size: int) -> bytes:
    return random.Random(seed).randbytes(size)


# Files directly in the drive's root, by name.
ROOT_FILES = {
    "hello.txt": b"Hello from the Cloudpick interop suite.\n",
    # Over one 4 MiB Dropbox block, not a multiple of 160 (QuickXorHash) or 320 KiB.
    "big.bin": _bytes(1, 5 * 1024 * 1024 + 4321),
    "needle-quarterly-report.txt": b"find me by name\n",
    "share-me.txt": b"a file to share by link\n",
}
# A folder listed with a small page size: every name must come back once.
PAGING_FOLDER = "Paging"
PAGING_FILES = {
    **{f"page-{i:02d}.txt": f"page {i}\n".encode() for i in range(1, 12)},
    "Ünïcødé ✓.txt": "unicode name\n".encode(),
}


@pytest.fixture(scope="session")
def seed_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("seed")
    for name, data in ROOT_FILES.items():
        (root / name).write_bytes(data)
    (root / PAGING_FOLDER).mkdir()
    for name, data in PAGING_FILES.items():
        (root / PAGING_FOLDER / name).write_bytes(data)
    return root


# --- the emulator process ---------------------------------------------------

class Emulator:
    """One running `cloudpick-emulator serve` and what its JSON line says."""

    def __init__(self, info: dict, process: subprocess.Popen, stderr_path: Path):
        self.info = info
        self.process = process
        self.stderr_path = stderr_path
        self.tls_ca = info.get("tls_ca")
        scheme = "https" if self.tls_ca else "http"
        self.addr = info["addr"]
        self.origin = f"{scheme}://{self.addr}"

    def provider(self, name: str) -> dict:
        return self.info["providers"][name]

    @property
    def verify(self):
        """What `requests` takes as `verify` for this emulator."""
        return self.tls_ca or True

    def admin(self, path: str, **kwargs) -> requests.Response:
        return requests.post(
            f"{self.origin}/__admin/{path}", verify=self.verify, timeout=10, **kwargs
        )


def _start(binary: Path, seed: Path, extra: list, tmp: Path) -> Emulator:
    if not binary.is_file():
        pytest.fail(
            f"no emulator binary at {binary}: build it (cargo build -p cloudpick-emulator)"
            " or set CLOUDPICK_EMULATOR"
        )
    stderr_path = tmp / "stderr.log"
    stderr = open(stderr_path, "wb")
    process = subprocess.Popen(
        [str(binary), "serve", "--addr", "127.0.0.1:0", "--seed", str(seed), *extra],
        stdout=subprocess.PIPE,
        stderr=stderr,
    )
    stderr.close()
    line = b""
    deadline = time.monotonic() + START_DEADLINE
    with selectors.DefaultSelector() as sel:
        sel.register(process.stdout, selectors.EVENT_READ)
        while not line.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0 or process.poll() is not None and not sel.select(0):
                break
            if sel.select(left):
                chunk = os.read(process.stdout.fileno(), 65536)
                if not chunk:
                    break
                line += chunk
    if not line.endswith(b"\n"):
        process.kill()
        process.wait()
        pytest.fail(
            f"emulator {' '.join(extra)} printed no JSON line (exit {process.returncode}):\n"
            + stderr_path.read_text(errors="replace")
        )
    info = json.loads(line)
    return Emulator(info, process, stderr_path)


def _stop(emulator: Emulator):
    emulator.process.terminate()
    try:
        emulator.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        emulator.process.kill()
        emulator.process.wait()


@pytest.fixture(scope="session")
def emulator(seed_dir, tmp_path_factory):
    emu = _start(BINARY, seed_dir, [], tmp_path_factory.mktemp("emulator"))
    yield emu
    _stop(emu)


@pytest.fixture(scope="session")
def emulator_tls(seed_dir, tmp_path_factory):
    emu = _start(BINARY, seed_dir, ["--tls"], tmp_path_factory.mktemp("emulator-tls"))
    if not emu.tls_ca:
        _stop(emu)
        pytest.fail("`serve --tls` printed no tls_ca in its JSON line")
    # `requests` lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE override a Session's own
    # `verify` (requests/sessions.py, merge_environment_settings), so an SDK's
    # `ca_certs=` / `verify=` is ignored where the machine sets them (this one
    # does). Point the variable at the emulator's CA, as a user would.
    saved = {k: os.environ.get(k) for k in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")}
    os.environ["REQUESTS_CA_BUNDLE"] = emu.tls_ca
    os.environ.pop("CURL_CA_BUNDLE", None)
    yield emu
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    _stop(emu)


# --- a browser's part of the authorization-code flow -------------------------

class _ConsentForm(html.parser.HTMLParser):
    """Finds the consent page's Allow form: its action and hidden fields."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = {"action": attrs.get("action", ""), "fields": {}, "allow": False}
            self.forms.append(self._current)
        elif tag == "input" and self._current is not None and attrs.get("name"):
            self._current["fields"][attrs["name"]] = attrs.get("value", "")
        elif tag == "button" and self._current is not None and attrs.get("id") == "allow":
            self._current["allow"] = True

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def approve_in_browser(authorize_url: str, redirect_uri: str, verify=True) -> dict:
    """Opens `authorize_url` as the user's browser would and clicks Allow on the
    consent page (or takes the immediate redirect of --auto-approve). Returns
    the query parameters the provider redirected to `redirect_uri` with; the
    redirect itself is not followed (nothing listens there)."""
    with requests.Session() as browser:
        page = browser.get(authorize_url, allow_redirects=False, timeout=10, verify=verify)
        if page.status_code == 200:
            parser = _ConsentForm()
            parser.feed(page.text)
            allow = [f for f in parser.forms if f["allow"]]
            assert allow, f"no Allow button on the consent page:\n{page.text[:2000]}"
            action = urllib.parse.urljoin(page.url, allow[0]["action"])
            page = browser.post(
                action, data=allow[0]["fields"], allow_redirects=False, timeout=10, verify=verify
            )
        assert page.status_code in (302, 303), (
            f"authorize answered {page.status_code}, not a redirect:\n{page.text[:2000]}"
        )
        location = page.headers["Location"]
    target = urllib.parse.urlsplit(location)
    expected = urllib.parse.urlsplit(redirect_uri)
    assert (target.scheme, target.netloc, target.path) == (
        expected.scheme,
        expected.netloc,
        expected.path,
    ), f"redirected to {location}, not to {redirect_uri}"
    return dict(urllib.parse.parse_qsl(target.query))


def sha1_hex(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


BIG_UPLOAD_SIZE = 20 * 1024 * 1024


@pytest.fixture(scope="session")
def big_upload() -> bytes:
    """20 MiB (plus a few bytes, so no chunking lines up by accident) to upload in chunks."""
    return _bytes(20, BIG_UPLOAD_SIZE + 1234)
