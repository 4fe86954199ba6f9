// Where the keyboard goes when the window moves it for the user.

/** Puts the focus on Upload (a file chosen beside a selection waits there). */
export function focusUpload(): void {
  document.querySelector<HTMLButtonElement>('[data-action="upload"]')?.focus();
}
