import DOMPurify from 'dompurify';
import { imageProblemKey } from '../../../common/image-problems.js';
import { preferences } from '../state/preferences.svelte.js';

/** The only image source note HTML may keep: a picture the import stored, on the page's own origin. */
const STORED_PICTURE = /^\/media\/[0-9a-f]{64}$/;

let isInstalled = false;

/**
 * SECURITY: installs, once, DOMPurify's rules for pictures in note HTML (the
 * reader's, card faces', sheet previews'): an `<img>` keeps its source only
 * when it is `/media/<sha256>`, so nothing a note says can make the page
 * fetch anything else. And a local image that did not come through says why,
 * in the person's language, shown by CSS (note.css) so it adds no text the
 * annotations are aligned on.
 */
export function installPictureRules(): void {
  if (isInstalled) return;
  isInstalled = true;
  DOMPurify.addHook('uponSanitizeAttribute', (node, data) => {
    if (data.attrName === 'src' && node.nodeName === 'IMG' && !STORED_PICTURE.test(data.attrValue)) data.keepAttr = false;
  });
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    if (!(node instanceof HTMLElement) || !node.classList.contains('image-placeholder')) return;
    const problem = node.dataset.problem;
    if (problem) node.dataset.reason = preferences.t(imageProblemKey(problem));
  });
}
