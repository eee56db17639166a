import { createRequire } from 'node:module';
import type { AtRule, ChildNode, Container, Declaration, Root, Rule } from 'postcss';

// PostCSS is loaded on first use: only exports need it, and the browser host starts faster without it.
const requireModule = createRequire(import.meta.url);
const parseCss = (css: string): Root => (requireModule('postcss') as typeof import('postcss')).parse(css);

/**
 * SECURITY: the CSS inside a diagram's SVG ends up inline in an exported HTML
 * file, which may be opened from disk with no Content-Security-Policy. A
 * `<style>` inside an inline SVG styles the whole document, so it could hide
 * the sheet (`body{display:none}`), and any function that takes a URL
 * (`url()`, `image-set("https://…")`, `image()`, `src()`, `@import`,
 * `@font-face`) would make a request. The CSS is parsed with PostCSS and only
 * an allow-list comes back out: rules whose every selector stays inside the
 * diagram's own root (`#id …`), `@keyframes`, and declarations whose value
 * calls only known drawing functions (a `url()` only to `#id` inside the SVG).
 */

/** Functions a declaration value may call; none of them can load anything. */
const FUNCTIONS = new Set([
  'rgb',
  'rgba',
  'hsl',
  'hsla',
  'hwb',
  'lab',
  'lch',
  'oklab',
  'oklch',
  'color-mix',
  'calc',
  'var',
  'min',
  'max',
  'clamp',
  'translate',
  'translatex',
  'translatey',
  'translate3d',
  'rotate',
  'rotatex',
  'rotatey',
  'rotate3d',
  'scale',
  'scalex',
  'scaley',
  'scale3d',
  'matrix',
  'matrix3d',
  'skew',
  'skewx',
  'skewy',
  'perspective',
  'cubic-bezier',
  'steps',
  'drop-shadow',
  'blur',
  'brightness',
  'contrast',
  'grayscale',
  'opacity',
  'saturate',
  'sepia',
  'invert',
  'hue-rotate',
]);
/** Properties that could lift a drawing out of its box or run code in old engines. */
const PROPERTIES_REFUSED = new Set(['position', 'z-index', 'behavior', '-moz-binding', 'content', 'cursor']);
/** The one URL a value may hold: a reference to an element of the same SVG. */
const LOCAL_URL = /url\(\s*(["']?)#[\w:.-]+\1\s*\)/gi;
const CALL = /([a-z-][\w-]*)\(/gi;
const KEYFRAME_SELECTOR = /^(from|to|\d{1,3}(\.\d+)?%)$/i;

/** Whether one declaration may stay: its value and name are checked as written. */
function isSafeDeclaration(decl: Declaration): boolean {
  const written = decl.toString();
  // CSS escapes (`u\72l(`) and comments (`ur/**/l(`) could spell a call the checks below would not see.
  if (/[\\<>@]|\/\*/.test(written)) return false;
  if (PROPERTIES_REFUSED.has(decl.prop.toLowerCase())) return false;
  const withoutLocalUrls = decl.value.replace(LOCAL_URL, '');
  for (const call of withoutLocalUrls.matchAll(CALL)) {
    if (!FUNCTIONS.has((call[1] ?? '').toLowerCase())) return false;
  }
  return true;
}

/** Keeps only the safe declarations of a rule or keyframe. */
function keepSafeDeclarations(container: Container): void {
  container.each((node: ChildNode) => {
    if (node.type === 'decl') {
      if (!isSafeDeclaration(node)) node.remove();
    } else if (node.type !== 'comment') {
      node.remove();
    }
  });
}

/** Whether a selector can only match the diagram's root or what is inside it. */
function isScoped(selector: string, rootId: string): boolean {
  const s = selector.trim();
  if (!s.startsWith(`#${rootId}`)) return false;
  const rest = s.slice(rootId.length + 1);
  // `#d0x` is another element; `~` and `+` reach siblings outside the diagram; `\` and comments hide what a selector says.
  if (rest !== '' && !/^[\s.:[>#]/.test(rest)) return false;
  return !/[~+\\,]|\/\*/.test(rest);
}

function keepScopedRule(rule: Rule, rootId: string, newRootId: string): void {
  const selectors = rule.selectors.filter((s) => isScoped(s, rootId));
  if (selectors.length === 0) {
    rule.remove();
    return;
  }
  rule.selectors = selectors.map((s) => `#${newRootId}${s.trim().slice(rootId.length + 1)}`);
  keepSafeDeclarations(rule);
}

function keepKeyframes(atRule: AtRule): void {
  if (!/^[\w-]+$/.test(atRule.params.trim())) {
    atRule.remove();
    return;
  }
  atRule.each((node: ChildNode) => {
    if (node.type === 'rule' && node.selectors.every((s) => KEYFRAME_SELECTOR.test(s.trim()))) keepSafeDeclarations(node);
    else if (node.type !== 'comment') node.remove();
  });
}

/**
 * Sanitizes a diagram's style sheet: what is left only draws inside the SVG
 * whose root element has id `rootId`, renamed `newRootId` when the caller
 * gives the root a new id. Returns '' for CSS that does not parse, or when
 * the root has no usable id (nothing could then be scoped).
 */
export function sanitizeStylesheet(css: string, rootId: string, newRootId = rootId): string {
  if (!/^[\w-]+$/.test(rootId) || !/^[\w-]+$/.test(newRootId)) return '';
  let root;
  try {
    root = parseCss(css);
  } catch {
    return ''; // a stylesheet that does not parse is dropped whole: the safe reading of untrusted CSS
  }
  root.each((node: ChildNode) => {
    if (node.type === 'rule') keepScopedRule(node, rootId, newRootId);
    else if (node.type === 'atrule' && /^(-webkit-)?keyframes$/i.test(node.name)) keepKeyframes(node);
    else if (node.type !== 'comment') node.remove();
  });
  root.walkComments((comment) => {
    comment.remove();
  });
  return root.toString();
}

/**
 * Sanitizes a `style` attribute (declarations only). Returns undefined when
 * nothing safe is left, so the attribute can be dropped.
 */
export function sanitizeDeclarations(style: string): string | undefined {
  let root;
  try {
    // A rule of our own around the value: a `}` inside it ends that rule and whatever follows is dropped below.
    root = parseCss(`x{${style}}`);
  } catch {
    return undefined; // likewise for one element's style
  }
  const rule = root.first;
  if (root.nodes.length !== 1 || rule?.type !== 'rule') return undefined;
  keepSafeDeclarations(rule);
  const out = (rule.nodes ?? []).map((decl) => decl.toString()).join(';');
  return out || undefined;
}
