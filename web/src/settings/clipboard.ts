/**
 * Copies `text` to the clipboard and returns what to tell the user. Where the browser refuses the
 * clipboard (plain http, no permission), selects the input `inputId` that shows the text and says how
 * to copy it by hand.
 */
export async function copyToClipboard(text: string, inputId: string, what: string): Promise<string> {
  try {
    await navigator.clipboard.writeText(text);
    return 'Copied to the clipboard.';
  } catch {
    const input = document.getElementById(inputId);
    if (input instanceof HTMLInputElement) input.select();
    return `Select the ${what} and press Ctrl+C (or ⌘C) to copy it.`;
  }
}
