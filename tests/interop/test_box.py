"""The official Box Python SDK (`box-sdk-gen`, pinned in requirements.txt),
unchanged, against the emulator over plain HTTP.

Configured only through the SDK's own `NetworkSession(base_urls=BaseUrls(...))`:
`base_url` {origin}/box/api, `upload_url` {origin}/box/upload/api,
`oauth_2_url` {origin}/box/account/api/oauth2.

SDK defect: `BoxOAuth.get_authorize_url` ignores `BaseUrls.oauth_2_url` and
always answers `https://account.box.com/api/oauth2/authorize?...`
(box_sdk_gen/box/oauth.py:113); its `AuthorizationManager.authorize` does use
`oauth_2_url` (box_sdk_gen/managers/authorization.py:175). The test takes the
query the SDK built and sends the browser to `{oauth_2_url}/authorize` with it.
"""

import io
import urllib.parse

import pytest
import requests
from box_sdk_gen import (
    AccessToken,
    AddShareLinkToFileSharedLink,
    AddShareLinkToFileSharedLinkAccessField,
    BaseUrls,
    BoxAPIError,
    BoxClient,
    BoxOAuth,
    CreateFolderParent,
    GetAuthorizeUrlOptions,
    InMemoryTokenStorage,
    NetworkSession,
    OAuthConfig,
    UploadFileAttributes,
    UploadFileAttributesParentField,
)

from conftest import (
    BIG_UPLOAD_SIZE,
    PAGING_FILES,
    PAGING_FOLDER,
    ROOT_FILES,
    approve_in_browser,
    sha1_hex,
)
from interop_hashes import box_sha1

# Box matches loopback redirect URIs on any port (RFC 8252 §7.3).
REDIRECT_URI = "http://127.0.0.1:53101/callback"


@pytest.fixture(scope="module")
def app(emulator):
    return emulator.provider("box")


@pytest.fixture(scope="module")
def base_urls(emulator):
    return BaseUrls(
        base_url=f"{emulator.origin}/box/api",
        upload_url=f"{emulator.origin}/box/upload/api",
        oauth_2_url=f"{emulator.origin}/box/account/api/oauth2",
    )


@pytest.fixture(scope="module")
def network_session(base_urls):
    return NetworkSession(base_urls=base_urls)


def _sign_in(app, base_urls, network_session, state="box-state-1") -> BoxOAuth:
    """The SDK's authorization-code flow (Box has no PKCE; the secret is required)."""
    auth = BoxOAuth(OAuthConfig(app["client_id"], app["client_secret"]))
    built = auth.get_authorize_url(
        options=GetAuthorizeUrlOptions(redirect_uri=REDIRECT_URI, state=state)
    )
    query = urllib.parse.urlsplit(built).query
    params = dict(urllib.parse.parse_qsl(query))
    assert params["client_id"] == app["client_id"] and params["response_type"] == "code"
    assert "code_challenge" not in params
    # box_sdk_gen/box/oauth.py:113 hard-codes account.box.com (see the module docstring).
    authorize_url = f"{base_urls.oauth_2_url}/authorize?{query}"
    redirect = approve_in_browser(authorize_url, REDIRECT_URI)
    assert redirect["state"] == state
    token = auth.get_tokens_authorization_code_grant(
        redirect["code"], network_session=network_session
    )
    assert token.access_token and token.refresh_token
    return auth


@pytest.fixture(scope="module")
def auth(app, base_urls, network_session):
    return _sign_in(app, base_urls, network_session)


@pytest.fixture(scope="module")
def client(auth, network_session):
    return BoxClient(auth=auth, network_session=network_session)


def _folder_id(client, name: str, parent="0") -> str:
    marker = None
    while True:
        page = client.folders.get_folder_items(parent, usemarker=True, marker=marker, limit=100)
        for entry in page.entries:
            if entry.name == name:
                return entry.id
        marker = page.next_marker
        if not marker:
            raise AssertionError(f"no {name!r} in folder {parent}")


def _file_id(client, name: str, parent="0") -> str:
    found = [
        e.id
        for e in client.folders.get_folder_items(parent, limit=1000).entries
        if e.name == name and e.type == "file"
    ]
    assert len(found) == 1, f"{name!r} found {len(found)} times"
    return found[0]


def test_authorization_code_flow(auth, client):
    me = client.users.get_user_me()
    assert me.id and me.login
    token = auth.token_storage.get()
    assert token.access_token and token.refresh_token


def test_refresh_rotates_and_the_old_refresh_token_is_refused(
    app, base_urls, network_session
):
    auth = _sign_in(app, base_urls, network_session, state="box-refresh")
    first = auth.token_storage.get()
    second = auth.refresh_token(network_session=network_session)
    assert second.refresh_token and second.refresh_token != first.refresh_token
    assert second.access_token != first.access_token
    assert BoxClient(auth=auth, network_session=network_session).users.get_user_me().id

    # Box refresh tokens are single-use: the one just spent is refused.
    replay = BoxOAuth(
        OAuthConfig(
            app["client_id"],
            app["client_secret"],
            token_storage=InMemoryTokenStorage(
                token=AccessToken(
                    access_token=first.access_token, refresh_token=first.refresh_token
                )
            ),
        )
    )
    with pytest.raises(BoxAPIError) as refused:
        replay.refresh_token(network_session=network_session)
    assert refused.value.response_info.status_code == 400
    assert refused.value.response_info.body["error"] == "invalid_grant"
    # ...and the new one still works once.
    third = auth.refresh_token(network_session=network_session)
    assert third.refresh_token not in (first.refresh_token, second.refresh_token)


def test_current_account(client):
    me = client.users.get_user_me()
    assert me.name and me.login
    assert me.space_amount and me.space_amount >= me.space_used >= 0


def test_listing_pages_with_a_marker(client):
    folder = _folder_id(client, PAGING_FOLDER)
    names, marker, pages = [], None, 0
    while True:
        page = client.folders.get_folder_items(folder, usemarker=True, marker=marker, limit=3)
        assert len(page.entries) <= 3
        names += [e.name for e in page.entries]
        pages += 1
        marker = page.next_marker
        if not marker:
            break
    assert pages >= len(PAGING_FILES) // 3
    assert sorted(names) == sorted(PAGING_FILES)


def test_metadata_sha1(client):
    data = ROOT_FILES["big.bin"]
    file = client.files.get_file_by_id(_file_id(client, "big.bin"))
    assert file.name == "big.bin"
    assert file.size == len(data)
    assert file.sha_1 == box_sha1(data)


def test_download_is_byte_for_byte(client):
    stream = client.downloads.download_file(_file_id(client, "big.bin"))
    assert stream.read() == ROOT_FILES["big.bin"]


def test_simple_upload(client):
    folder = client.folders.create_folder("InteropSimple", CreateFolderParent(id="0"))
    data = b"uploaded by box-sdk-gen\n" * 100
    files = client.uploads.upload_file(
        UploadFileAttributes(name="simple.txt", parent=UploadFileAttributesParentField(id=folder.id)),
        io.BytesIO(data),
        content_md_5=sha1_hex(data),
    )
    uploaded = files.entries[0]
    assert uploaded.name == "simple.txt"
    assert uploaded.size == len(data)
    assert uploaded.sha_1 == box_sha1(data)
    assert client.downloads.download_file(uploaded.id).read() == data


def test_chunked_upload_of_20_mib(client, big_upload):
    data = big_upload
    assert len(data) > BIG_UPLOAD_SIZE - 1
    try:
        file = client.chunked_uploads.upload_big_file(
            io.BytesIO(data), "big-upload.bin", len(data), "0"
        )
    except AttributeError as error:
        # box-sdk-gen returns None for a 202 from the commit
        # (managers/chunked_uploads.py:697-698) unless its retry strategy saw
        # `Retry-After` and polled again; it looks the header up case-sensitively
        # (networking/retries.py:60) in a plain dict of the response headers
        # (networking/box_network_client.py:106), so `retry-after` goes unseen.
        pytest.fail(
            "upload_big_file did not poll the commit's 202 (was Retry-After sent"
            f" exactly so, capitalised?): {error!r}"
        )
    assert file.name == "big-upload.bin"
    assert file.size == len(data)
    assert file.sha_1 == box_sha1(data)
    assert client.files.get_file_by_id(file.id).sha_1 == box_sha1(data)
    assert client.downloads.download_file(file.id).read() == data


def test_shared_link_downloads_without_credentials(client):
    file_id = _file_id(client, "share-me.txt")
    shared = client.shared_links_files.add_share_link_to_file(
        file_id,
        "shared_link",
        shared_link=AddShareLinkToFileSharedLink(
            access=AddShareLinkToFileSharedLinkAccessField.OPEN
        ),
    )
    link = shared.shared_link
    assert link.url
    opened = requests.get(link.download_url, timeout=10)
    assert opened.status_code == 200
    assert opened.content == ROOT_FILES["share-me.txt"]


def test_search_finds_by_name(client):
    results = client.search.search_for_content(query="needle", ancestor_folder_ids=["0"])
    names = [e.name for e in results.entries]
    assert "needle-quarterly-report.txt" in names
    assert "hello.txt" not in names


def test_delete_then_not_found(client):
    files = client.uploads.upload_file(
        UploadFileAttributes(name="doomed.txt", parent=UploadFileAttributesParentField(id="0")),
        io.BytesIO(b"doomed\n"),
    )
    doomed = files.entries[0].id
    client.files.delete_file_by_id(doomed)
    with pytest.raises(BoxAPIError) as gone:
        client.files.get_file_by_id(doomed)
    assert gone.value.response_info.status_code == 404
    assert gone.value.response_info.code == "not_found"
