// A tray, as a desktop's panel is one: a StatusNotifierWatcher on the test's
// D-Bus session that apps register their tray icons with, and a reader of
// each icon's menu (com.canonical.dbusmenu) that can click its items, as a
// person clicking the tray menu does.
import dbus from 'dbus-next';

const { Interface, ACCESS_READ } = dbus.interface;
const WATCHER = 'org.kde.StatusNotifierWatcher';

class Watcher extends Interface {
  constructor(items) {
    super(WATCHER);
    this.items = items;
  }
  get RegisteredStatusNotifierItems() {
    return this.items.map((i) => `${i.sender}${i.path}`);
  }
  get IsStatusNotifierHostRegistered() {
    return true;
  }
  get ProtocolVersion() {
    return 0;
  }
  RegisterStatusNotifierHost() {}
}
Watcher.configureMembers({
  properties: {
    RegisteredStatusNotifierItems: { signature: 'as', access: ACCESS_READ },
    IsStatusNotifierHostRegistered: { signature: 'b', access: ACCESS_READ },
    ProtocolVersion: { signature: 'i', access: ACCESS_READ },
  },
  methods: { RegisterStatusNotifierHost: { inSignature: 's', outSignature: '' } },
  signals: {
    StatusNotifierItemRegistered: { signature: 's' },
    StatusNotifierItemUnregistered: { signature: 's' },
    StatusNotifierHostRegistered: { signature: '' },
  },
});

/** Starts the tray; `items` fills as icons register. */
export async function startTrayHost() {
  const bus = dbus.sessionBus();
  const items = [];
  // Registration is answered here, where the caller's bus name is known.
  bus.addMethodHandler((msg) => {
    if (msg.interface !== WATCHER || msg.member !== 'RegisterStatusNotifierItem') return false;
    const given = msg.body[0];
    const path = given.startsWith('/') ? given : '/StatusNotifierItem';
    const sender = given.startsWith('/') ? msg.sender : given;
    items.push({ sender, path });
    bus.send(dbus.Message.newMethodReturn(msg, '', []));
    return true;
  });
  bus.export('/StatusNotifierWatcher', new Watcher(items));
  await bus.requestName(WATCHER, 0);

  async function menuOf(item) {
    const obj = await bus.getProxyObject(item.sender, item.path);
    const props = obj.getInterface('org.freedesktop.DBus.Properties');
    const menuPath = (await props.Get('org.kde.StatusNotifierItem', 'Menu')).value;
    const title = (await props.Get('org.kde.StatusNotifierItem', 'Title')).value;
    const menuObj = await bus.getProxyObject(item.sender, menuPath);
    return { title, menu: menuObj.getInterface('com.canonical.dbusmenu') };
  }

  /** The menu's entries as `{id, label, enabled}`, separators left out. */
  async function entries(item) {
    const { menu } = await menuOf(item);
    const [, layout] = await menu.GetLayout(0, -1, []);
    const out = [];
    const walk = ([id, props, children]) => {
      const label = props.label?.value;
      if (label !== undefined && props.type?.value !== 'separator') {
        out.push({ id, label: label.replace(/_/g, ''), enabled: props.enabled?.value !== false });
      }
      for (const child of children) walk(child.value);
    };
    walk(layout);
    return out;
  }

  /** Clicks the entry labelled `label`, as a person does in the panel. */
  async function click(item, label) {
    const { menu } = await menuOf(item);
    const entry = (await entries(item)).find((e) => e.label === label);
    if (!entry) throw new Error(`The tray menu has no "${label}"`);
    await menu.Event(entry.id, 'clicked', new dbus.Variant('s', ''), Math.floor(Date.now() / 1000) >>> 0);
  }

  /** Waits for the first icon to register. */
  async function firstItem(timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (items.length) return items[0];
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('No tray icon registered with the StatusNotifierWatcher');
  }

  return { items, entries, click, firstItem, title: async (item) => (await menuOf(item)).title, stop: () => bus.disconnect() };
}
