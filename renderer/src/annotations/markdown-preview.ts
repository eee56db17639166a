import { client } from '../api/client.js';

/**
 * A live preview of Markdown with math through the one pipeline, once typing
 * pauses (comments, typed answers, a card's question). Call it from an
 * $effect: the function it returns cancels the pending preview, so a slow
 * answer for older text never replaces a newer one. Blank text previews as
 * nothing at once.
 */
export function previewMarkdown(markdown: string, show: (html: string) => void): () => void {
  if (!markdown.trim()) {
    show('');
    return () => undefined;
  }
  let isCurrent = true;
  const timer = setTimeout(() => {
    client
      .call('annotations.previewComment', { markdown })
      .then(({ html }) => {
        if (isCurrent) show(html);
      })
      .catch(() => undefined);
  }, 250);
  return () => {
    isCurrent = false;
    clearTimeout(timer);
  };
}
