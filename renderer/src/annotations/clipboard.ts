/**
 * Copies plain text. `execCommand('copy')` inside the click that asked for it
 * works in the desktop app, where the Clipboard API's permission is denied;
 * the Clipboard API is the fallback for browsers that refuse execCommand.
 */
export async function copyText(text: string): Promise<boolean> {
  let isCopied = false;
  const onCopy = (event: ClipboardEvent): void => {
    if (!event.clipboardData) return;
    event.clipboardData.setData('text/plain', text);
    event.preventDefault();
    isCopied = true;
  };
  document.addEventListener('copy', onCopy);
  try {
    isCopied = document.execCommand('copy') && isCopied;
  } catch {
    isCopied = false;
  } finally {
    document.removeEventListener('copy', onCopy);
  }
  if (isCopied) return true;
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
