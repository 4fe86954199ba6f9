"""An Open dialog asked for over D-Bus through jeepney (a D-Bus client
Cloudpick does not write), printing what comes back as JSON.

    portal_client.py frontend TITLE '{"filters": [["Pictures", [[0, "*.png"]]]],
                                      "current_filter": ["Pictures", [[0, "*.png"]]]}'
        as an application asks xdg-desktop-portal
        (org.freedesktop.portal.FileChooser.OpenFile): stays on the bus until
        the request's Response signal, and prints its results;
    portal_client.py backend TITLE '{"app_id": "org.example.Notes", "parent_window": "x11:3a0000c",
                                     "current_folder": "/home/me/Projects"}'
        (with "method": "SaveFiles" and "files": ["/tmp/a.txt"], or "SaveFile"
        and "current_name", the Save dialogs)
        as xdg-desktop-portal asks its backend
        (org.freedesktop.impl.portal.FileChooser.OpenFile on Cloudpick's name),
        which answers in the method's reply: how portals newer than Debian
        12's pass current_folder on to OpenFile.
"""

import json
import sys

from jeepney import DBusAddress, MatchRule, message_bus, new_method_call
from jeepney.io.blocking import Proxy, open_dbus_connection

TOKEN = "cloudpick_e2e"


def options(asked):
    """The request's a{sv}, each value with its signature."""
    out = {"handle_token": ("s", TOKEN)}
    if "filters" in asked:
        out["filters"] = ("a(sa(us))", [(n, [tuple(r) for r in rules]) for n, rules in asked["filters"]])
    if "current_filter" in asked:
        name, rules = asked["current_filter"]
        out["current_filter"] = ("(sa(us))", (name, [tuple(r) for r in rules]))
    if "current_folder" in asked:
        out["current_folder"] = ("ay", asked["current_folder"].encode() + b"\0")
    if asked.get("multiple"):
        out["multiple"] = ("b", True)
    if "current_name" in asked:
        out["current_name"] = ("s", asked["current_name"])
    if "files" in asked:
        out["files"] = ("aay", [f.encode() + b"\0" for f in asked["files"]])
    return out


def frontend(conn, title, asked):
    sender = conn.unique_name[1:].replace(".", "_")
    handle = f"/org/freedesktop/portal/desktop/request/{sender}/{TOKEN}"
    rule = MatchRule(type="signal", interface="org.freedesktop.portal.Request", member="Response", path=handle)
    Proxy(message_bus, conn).AddMatch(rule)
    portal = DBusAddress(
        "/org/freedesktop/portal/desktop",
        bus_name="org.freedesktop.portal.Desktop",
        interface="org.freedesktop.portal.FileChooser",
    )
    with conn.filter(rule) as responses:
        call = new_method_call(portal, "OpenFile", "ssa{sv}", ("", title, options(asked)))
        reply = conn.send_and_get_reply(call, timeout=30)
        print(json.dumps({"handle": reply.body[0]}), flush=True)
        return conn.recv_until_filtered(responses, timeout=300).body


def backend(conn, title, asked):
    cloudpick = DBusAddress(
        "/org/freedesktop/portal/desktop",
        bus_name="org.freedesktop.impl.portal.desktop.cloudpick",
        interface="org.freedesktop.impl.portal.FileChooser",
    )
    handle = f"/org/freedesktop/portal/desktop/request/test/{TOKEN}"
    call = new_method_call(
        cloudpick,
        asked.get("method", "OpenFile"),
        "osssa{sv}",
        (handle, asked.get("app_id", ""), asked.get("parent_window", ""), title, options(asked)),
    )
    print(json.dumps({"handle": handle}), flush=True)
    return conn.send_and_get_reply(call, timeout=300).body


def main():
    side, title, asked = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    conn = open_dbus_connection(bus="SESSION")
    response, results = (frontend if side == "frontend" else backend)(conn, title, asked)
    print(json.dumps({"response": response, "results": {k: v[1] for k, v in results.items()}}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
