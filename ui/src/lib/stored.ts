// What the result and Activity views do with a stored file. Each returns the
// line to show the user (null: nothing to say).
import { backend, errorMessage } from './backend';
import { copyText } from './clipboard';
import type { StoredFile } from './bindings/StoredFile';

export async function copyLink(url: string): Promise<string> {
  return (await copyText(url)) ? `Copied the link ${url}` : 'Could not copy to the clipboard';
}

/** Opens a stored file with its application. */
export async function openStored(file: StoredFile): Promise<string | null> {
  try {
    await backend().openStoredFile(file.container, file.key);
    return null;
  } catch (e) {
    return errorMessage(e);
  }
}
