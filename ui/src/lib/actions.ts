// Small DOM helpers used as Svelte actions.

/** Focuses (and selects) an input when it appears: dialogs open ready to type. */
export function focusOnMount(node: HTMLElement): void {
  queueMicrotask(() => {
    node.focus();
    if (node instanceof HTMLInputElement) node.select();
  });
}

/** Saves text as a file download (CSV export) without inline script. */
export function download(filename: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
