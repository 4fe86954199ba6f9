"""Alfresco Content Services REST API v1 with plain `requests` (Alfresco has
no official Python SDK): tickets, paging with skipCount/maxItems, multipart
upload, byte-for-byte download, delete."""

import base64
import hashlib

import pytest
import requests

from conftest import PAGING_FILES, PAGING_FOLDER, ROOT_FILES


@pytest.fixture(scope="module")
def alfresco(emulator):
    return emulator.provider("alfresco")


@pytest.fixture(scope="module")
def core(alfresco):
    return alfresco["base_urls"]["core"]


@pytest.fixture(scope="module")
def auth_base(alfresco):
    return alfresco["base_urls"]["auth"]


@pytest.fixture(scope="module")
def http(alfresco, auth_base):
    """A session authenticated with a ticket, as Alfresco's own clients do:
    `Authorization: Basic base64(ticket)`."""
    r = requests.post(
        f"{auth_base}/tickets",
        json={"userId": alfresco["username"], "password": alfresco["password"]},
        timeout=10,
    )
    assert r.status_code == 201, r.text
    ticket = r.json()["entry"]["id"]
    session = requests.Session()
    session.headers["Authorization"] = "Basic " + base64.b64encode(ticket.encode()).decode()
    yield session
    session.close()


def _child(http, core, parent, name):
    skip = 0
    while True:
        page = http.get(
            f"{core}/nodes/{parent}/children", params={"skipCount": skip, "maxItems": 100}
        ).json()["list"]
        for e in page["entries"]:
            if e["entry"]["name"] == name:
                return e["entry"]
        if not page["pagination"]["hasMoreItems"]:
            raise AssertionError(f"no {name!r} in {parent}")
        skip += page["pagination"]["count"]


def test_tickets_and_a_wrong_password(alfresco, auth_base, core):
    bad = requests.post(
        f"{auth_base}/tickets",
        json={"userId": alfresco["username"], "password": "not-the-password"},
        timeout=10,
    )
    assert bad.status_code == 403
    r = requests.post(
        f"{auth_base}/tickets",
        json={"userId": alfresco["username"], "password": alfresco["password"]},
        timeout=10,
    )
    ticket = r.json()["entry"]["id"]
    basic = {"Authorization": "Basic " + base64.b64encode(ticket.encode()).decode()}
    me = requests.get(f"{core}/people/-me-", headers=basic, timeout=10)
    assert me.status_code == 200 and me.json()["entry"]["id"] == alfresco["username"]
    assert requests.get(f"{auth_base}/tickets/-me-", headers=basic, timeout=10).status_code == 200
    assert requests.delete(f"{auth_base}/tickets/-me-", headers=basic, timeout=10).status_code == 204
    assert requests.get(f"{core}/people/-me-", headers=basic, timeout=10).status_code == 401


def test_paging_with_skip_count_and_max_items(http, core):
    folder = _child(http, core, "-my-", PAGING_FOLDER)
    names, skip = [], 0
    while True:
        page = http.get(
            f"{core}/nodes/{folder['id']}/children", params={"skipCount": skip, "maxItems": 3}
        )
        assert page.status_code == 200
        listing = page.json()["list"]
        pagination = listing["pagination"]
        assert pagination["count"] == len(listing["entries"]) <= 3
        assert pagination["skipCount"] == skip
        assert pagination["totalItems"] == len(PAGING_FILES)
        names += [e["entry"]["name"] for e in listing["entries"]]
        if not pagination["hasMoreItems"]:
            break
        skip += pagination["count"]
    assert sorted(names) == sorted(PAGING_FILES)


def test_download_is_byte_for_byte(http, core):
    node = _child(http, core, "-my-", "big.bin")
    assert node["content"]["sizeInBytes"] == len(ROOT_FILES["big.bin"])
    r = http.get(f"{core}/nodes/{node['id']}/content")
    assert r.status_code == 200
    assert r.content == ROOT_FILES["big.bin"]


def test_multipart_upload_then_download(http, core):
    data = hashlib.sha256(b"alfresco").digest() * 4096
    r = http.post(
        f"{core}/nodes/-my-/children",
        files={"filedata": ("uploaded.bin", data, "application/octet-stream")},
        data={"autoRename": "true"},
    )
    assert r.status_code == 201, r.text
    entry = r.json()["entry"]
    assert entry["name"].startswith("uploaded") and entry["isFile"]
    assert entry["content"]["sizeInBytes"] == len(data)
    assert http.get(f"{core}/nodes/{entry['id']}/content").content == data


def test_delete_then_not_found(http, core):
    r = http.post(
        f"{core}/nodes/-my-/children",
        files={"filedata": ("doomed.txt", b"doomed\n", "text/plain")},
        data={"autoRename": "true"},
    )
    assert r.status_code == 201, r.text
    node = r.json()["entry"]["id"]
    assert http.delete(f"{core}/nodes/{node}").status_code == 204
    gone = http.get(f"{core}/nodes/{node}")
    assert gone.status_code == 404
    assert gone.json()["error"]["statusCode"] == 404
