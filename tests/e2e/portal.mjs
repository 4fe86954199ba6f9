// The desktop's file dialog as applications reach it: Debian's
// xdg-desktop-portal on the run's session bus, set to use Cloudpick for
// FileChooser by the repo's own cloudpick.portal (UseIn=cloudpick, chosen by
// XDG_CURRENT_DESKTOP as 1.16 does), and zenity as the asking application.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot, until } from './harness.mjs';

export const BACKEND = 'org.freedesktop.impl.portal.desktop.cloudpick';
export const FRONTEND = 'org.freedesktop.portal.Desktop';
/** The folder the .deb installs cloudpick.portal from. */
export const PORTAL_DIR = path.join(repoRoot, 'src-tauri', 'portal');

/** Whether `name` has an owner on the session bus (or the bus at `address`). */
export function hasOwner(name, address = null) {
  const bus = address ? ['--address', address] : ['--session'];
  const out = spawnSync('gdbus', ['call', ...bus, '--dest', 'org.freedesktop.DBus', '--object-path', '/org/freedesktop/DBus', '--method', 'org.freedesktop.DBus.NameHasOwner', name], { encoding: 'utf8' });
  return out.stdout.includes('true');
}

/** Starts xdg-desktop-portal (replacing any) and waits for its name; `stop()` ends it. */
export async function startPortal() {
  const child = spawn('/usr/libexec/xdg-desktop-portal', ['--replace', '--verbose'], {
    env: { ...process.env, XDG_DESKTOP_PORTAL_DIR: PORTAL_DIR, XDG_CURRENT_DESKTOP: 'cloudpick' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (chunk) => (log += chunk));
  // Its name comes first, the FileChooser a moment later.
  await until(() => {
    const found = spawnSync('gdbus', ['introspect', '--session', '--dest', FRONTEND, '--object-path', '/org/freedesktop/portal/desktop'], { encoding: 'utf8' });
    return found.stdout.includes('interface org.freedesktop.portal.FileChooser');
  }, 'xdg-desktop-portal to offer the FileChooser', 20_000);
  return {
    log: () => log,
    stop: async () => {
      child.kill('SIGTERM');
      await until(() => child.exitCode !== null || child.signalCode !== null, 'xdg-desktop-portal to end', 10_000);
    },
  };
}

/** zenity processes still running: a failed test must not leave them behind. */
const asking = new Set();

/** Ends the zenity processes a test left. */
export function endZenity() {
  for (const child of asking) child.kill('SIGKILL');
  asking.clear();
}

/** Runs `zenity args` as an application using the portal; `done` has its exit code and output. */
export function zenity(args) {
  const child = spawn('zenity', args, { env: { ...process.env, GTK_USE_PORTAL: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  asking.add(child);
  const done = new Promise((resolve) =>
    child.on('close', (code) => {
      asking.delete(child);
      resolve({ code, stdout: stdout.trim(), stderr });
    }),
  );
  return { child, done };
}

/** Waits for a promise, failing after `ms` with `what`. */
export async function within(promise, what, ms = 60_000) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
