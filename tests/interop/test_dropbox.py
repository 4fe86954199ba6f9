"""The official Dropbox Python SDK (`dropbox`, pinned in requirements.txt),
unchanged, against the emulator.

The SDK is pointed at the emulator by its own environment variables
(`DROPBOX_API_HOST`, `DROPBOX_API_CONTENT_HOST`, `DROPBOX_WEB_HOST`, read once
when `dropbox.session` is imported) and its `ca_certs` argument. It builds
every URL as `https://{host}/...` (dropbox/dropbox_client.py:775,
dropbox/oauth.py:284, dropbox/dropbox_client.py:440), so it needs
`serve --tls`.
"""

import datetime
import importlib
import os
import sys
import urllib.parse

import pytest
import requests

from conftest import (
    BIG_UPLOAD_SIZE,
    PAGING_FILES,
    PAGING_FOLDER,
    ROOT_FILES,
    approve_in_browser,
)
from interop_hashes import dropbox_content_hash

CHUNK = 4 * 1024 * 1024


@pytest.fixture(scope="module")
def dropbox(emulator_tls):
    """The `dropbox` package, imported after its host variables are set."""
    hostport = emulator_tls.addr
    os.environ["DROPBOX_API_HOST"] = f"{hostport}/dropbox/api"
    os.environ["DROPBOX_API_CONTENT_HOST"] = f"{hostport}/dropbox/content"
    os.environ["DROPBOX_WEB_HOST"] = f"{hostport}/dropbox/www"
    assert "dropbox" not in sys.modules, "dropbox was imported before its hosts were set"
    module = importlib.import_module("dropbox")
    assert module.session.API_HOST == f"{hostport}/dropbox/api"
    return module


@pytest.fixture(scope="module")
def app(emulator_tls):
    return emulator_tls.provider("dropbox")


def _flow(dropbox, app, ca, session):
    return dropbox.DropboxOAuth2Flow(
        app["client_id"],
        app["redirect_uri"],
        session,
        "dropbox-auth-csrf-token",
        use_pkce=True,
        token_access_type="offline",
        ca_certs=ca,
    )


@pytest.fixture(scope="module")
def authorized(dropbox, app, emulator_tls):
    """The SDK's own authorization-code flow with PKCE, no app secret."""
    ca = emulator_tls.tls_ca
    flow = _flow(dropbox, app, ca, {})
    authorize_url = flow.start()
    assert authorize_url.startswith(f"https://{emulator_tls.addr}/dropbox/www/oauth2/authorize?")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(authorize_url).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["token_access_type"] == ["offline"]
    redirect = approve_in_browser(authorize_url, app["redirect_uri"], verify=ca)
    return flow.finish(redirect)


@pytest.fixture
def dbx(dropbox, app, authorized, emulator_tls):
    """A client that gets its access token by refreshing (so a test that
    expires tokens does not break the others)."""
    client = dropbox.Dropbox(
        oauth2_refresh_token=authorized.refresh_token,
        app_key=app["client_id"],
        ca_certs=emulator_tls.tls_ca,
    )
    yield client
    client.close()


def test_authorization_code_flow_with_pkce(dropbox, authorized, emulator_tls):
    assert authorized.access_token and authorized.refresh_token
    assert len(authorized.account_id) == 40  # users_common.stone: AccountId is 40 characters
    client = dropbox.Dropbox(authorized.access_token, ca_certs=emulator_tls.tls_ca)
    assert client.users_get_current_account().account_id == authorized.account_id


def test_a_wrong_pkce_verifier_is_refused(dropbox, app, emulator_tls):
    ca = emulator_tls.tls_ca
    session = {}
    honest = _flow(dropbox, app, ca, session)
    redirect = approve_in_browser(honest.start(), app["redirect_uri"], verify=ca)
    # Another flow of the same app and user session: same CSRF token slot, its own verifier.
    other = _flow(dropbox, app, ca, session)
    assert other.code_verifier != honest.code_verifier
    with pytest.raises(requests.HTTPError) as refused:
        other.finish(redirect)
    assert refused.value.response.status_code == 400
    assert refused.value.response.json()["error"] == "invalid_grant"


def test_refresh_gives_a_working_token_after_expiry(dropbox, app, authorized, emulator_tls):
    ca = emulator_tls.tls_ca
    flow = _flow(dropbox, app, ca, {})
    result = flow.finish(approve_in_browser(flow.start(), app["redirect_uri"], verify=ca))
    assert emulator_tls.admin("dropbox/expire-tokens").status_code == 204
    stale = dropbox.Dropbox(result.access_token, ca_certs=ca)
    with pytest.raises(dropbox.exceptions.AuthError) as expired:
        stale.users_get_current_account()
    assert expired.value.error.is_expired_access_token()
    # Dropbox refresh tokens do not rotate: the same one refreshes twice.
    for _ in range(2):
        client = dropbox.Dropbox(
            oauth2_access_token=result.access_token,
            oauth2_refresh_token=result.refresh_token,
            oauth2_access_token_expiration=datetime.datetime.utcnow()
            - datetime.timedelta(seconds=1),
            app_key=app["client_id"],
            ca_certs=ca,
        )
        assert client.users_get_current_account().account_id == result.account_id


def test_current_account(dbx, authorized):
    account = dbx.users_get_current_account()
    assert account.account_id == authorized.account_id
    assert account.email and account.name.display_name


def test_list_folder_pages_every_name_once(dbx):
    page = dbx.files_list_folder(f"/{PAGING_FOLDER}", limit=3)
    names = [e.name for e in page.entries]
    pages = 1
    while page.has_more:
        assert len(page.entries) <= 3
        page = dbx.files_list_folder_continue(page.cursor)
        names += [e.name for e in page.entries]
        pages += 1
    assert pages >= len(PAGING_FILES) // 3
    assert sorted(names) == sorted(PAGING_FILES)


def test_metadata_content_hash(dbx, dropbox):
    data = ROOT_FILES["big.bin"]
    meta = dbx.files_get_metadata("/big.bin")
    assert isinstance(meta, dropbox.files.FileMetadata)
    assert meta.size == len(data)
    assert meta.content_hash == dropbox_content_hash(data)


def test_download_is_byte_for_byte(dbx):
    meta, response = dbx.files_download("/big.bin")
    assert response.content == ROOT_FILES["big.bin"]
    assert meta.content_hash == dropbox_content_hash(ROOT_FILES["big.bin"])


def test_simple_upload(dbx, dropbox):
    data = b"uploaded by the official Dropbox SDK\n" * 100
    meta = dbx.files_upload(
        data, "/Interop/simple.txt", mode=dropbox.files.WriteMode.overwrite
    )
    assert meta.name == "simple.txt"
    assert meta.size == len(data)
    assert meta.content_hash == dropbox_content_hash(data)
    _, response = dbx.files_download("/Interop/simple.txt")
    assert response.content == data


def test_upload_session_of_20_mib(dbx, dropbox, big_upload):
    data = big_upload
    assert len(data) > BIG_UPLOAD_SIZE - 1
    start = dbx.files_upload_session_start(data[:CHUNK])
    cursor = dropbox.files.UploadSessionCursor(session_id=start.session_id, offset=CHUNK)
    while len(data) - cursor.offset > CHUNK:
        dbx.files_upload_session_append_v2(data[cursor.offset : cursor.offset + CHUNK], cursor)
        cursor.offset += CHUNK
    commit = dropbox.files.CommitInfo(
        path="/Interop/big-upload.bin", mode=dropbox.files.WriteMode.overwrite
    )
    meta = dbx.files_upload_session_finish(data[cursor.offset :], cursor, commit)
    assert meta.size == len(data)
    assert meta.content_hash == dropbox_content_hash(data)
    assert dbx.files_get_metadata("/Interop/big-upload.bin").content_hash == dropbox_content_hash(
        data
    )
    _, response = dbx.files_download("/Interop/big-upload.bin")
    assert response.content == data


def test_share_link_opens_the_file(dbx, dropbox, emulator_tls):
    link = dbx.sharing_create_shared_link_with_settings("/share-me.txt")
    assert link.name == "share-me.txt"
    parts = urllib.parse.urlsplit(link.url)
    query = dict(urllib.parse.parse_qsl(parts.query))
    query["dl"] = "1"  # what a user does to download rather than preview
    url = urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))
    opened = requests.get(url, verify=emulator_tls.verify, timeout=10)
    assert opened.status_code == 200
    assert opened.content == ROOT_FILES["share-me.txt"]
    with pytest.raises(dropbox.exceptions.ApiError) as again:
        dbx.sharing_create_shared_link_with_settings("/share-me.txt")
    assert again.value.error.is_shared_link_already_exists()


def test_search_finds_by_name(dbx):
    result = dbx.files_search_v2("needle")
    names = [m.metadata.get_metadata().name for m in result.matches]
    assert "needle-quarterly-report.txt" in names
    assert "hello.txt" not in names


def test_delete_then_not_found(dbx, dropbox):
    dbx.files_upload(b"doomed\n", "/Interop/doomed.txt", mode=dropbox.files.WriteMode.overwrite)
    deleted = dbx.files_delete_v2("/Interop/doomed.txt").metadata
    assert deleted.name == "doomed.txt"
    with pytest.raises(dropbox.exceptions.ApiError) as gone:
        dbx.files_get_metadata("/Interop/doomed.txt")
    assert gone.value.error.is_path() and gone.value.error.get_path().is_not_found()
