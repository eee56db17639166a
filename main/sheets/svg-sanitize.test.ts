import { describe, expect, it } from 'vitest';
import { sanitizeStylesheet } from './css-sanitize.js';
import { sanitizeSvg } from './svg-sanitize.js';

describe('sanitizeSvg', () => {
  it('keeps what Mermaid draws with plain-text labels', () => {
    const svg =
      '<svg id="d0" width="100%" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 596 63" role="graphics-document document"><style>#d0{font-family:"trebuchet ms";fill:#333;}#d0 .node rect{stroke:#9370DB;}</style><defs><marker id="arrow" refX="5" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M 0 0 L 10 5 L 0 10 z"/></marker></defs><g class="edgePaths"><path d="M1,2L3,4" marker-end="url(#arrow)" style="fill:none"/></g><g class="node" transform="translate(10, 20)"><rect x="-5" y="-5" width="10" height="10"/><text><tspan x="0" dy="1em">预训练 &amp; Pretrain</tspan></text></g></svg>';
    const clean = sanitizeSvg(svg);
    expect(clean).toContain('<svg id="d0" width="100%" viewBox="0 0 596 63" role="graphics-document document">');
    expect(clean).toContain('#d0 .node rect{stroke:#9370DB;}');
    expect(clean).toContain('<marker id="arrow" refX="5" refY="5" markerWidth="8" markerHeight="8" orient="auto">');
    expect(clean).toContain('marker-end="url(#arrow)"');
    expect(clean).toContain('<tspan x="0" dy="1em">预训练 &amp; Pretrain</tspan>');
    expect(clean).not.toContain('xmlns');
  });

  it('drops scripts, foreignObject, links, images, animation and event handlers', () => {
    const svg = `<svg onload="alert(1)"><script>alert(2)</script><foreignObject><div xmlns="http://www.w3.org/1999/xhtml" onmouseover="alert(3)"><span>label</span></div></foreignObject>
      <a href="javascript:alert(4)"><text>click</text></a><a xlink:href="https://evil.example"><rect/></a><image href="https://evil.example/x.png"/>
      <set attributeName="onmouseover" to="alert(5)"/><animate attributeName="href" values="javascript:alert(6)"/><use href="https://evil.example/s.svg#x"/><use href="#ok"/>
      <rect fill="url(https://evil.example/p)" style="background:url(https://evil.example/b);fill:red"/><text onclick="alert(7)">ok</text></svg>`;
    const clean = sanitizeSvg(svg);
    expect(clean).not.toMatch(/alert|script|foreignObject|<a\b|<image|<set|<animate|evil\.example|onload|onclick|label|click/i);
    // Written back as an element with its end tag, which an HTML parser reads as the same empty <use>.
    expect(clean).toContain('<use href="#ok"></use>');
    expect(clean).toContain('<text>ok</text>');
    // A declaration that would load something goes whole; the rest of the style stays.
    expect(clean).toContain('style="fill:red"');
  });

  it('cannot be broken out of by a style element, entities or malformed markup', () => {
    const clean = sanitizeSvg(
      '<svg><style>a{}</style><script>alert(1)</script><style></style><text>&lt;script&gt;x&lt;/script&gt;</text><g><rect</svg>',
    );
    expect(clean).not.toMatch(/<script/i);
    expect(clean).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(sanitizeStylesheet('#d0{} </style><script>alert(1)</script>', 'd0')).not.toContain('<');
    expect(sanitizeSvg('<div><b>not svg</b></div>')).toBe('');
    expect(sanitizeSvg('<svg><g>unclosed')).toBe('<svg><g>unclosed</g></svg>');
  });

  it('gives the root the id an export asks for, and its style sheet follows', () => {
    const svg =
      '<svg id="lattice-diagram-3" viewBox="0 0 1 1"><style>#lattice-diagram-3{fill:#333}#lattice-diagram-3 .node rect{stroke:#9370DB}#sheet-title{display:none}</style><g class="node"><rect/></g></svg>';
    const clean = sanitizeSvg(svg, 'diagram-ab12');
    expect(clean).toMatch(
      /^<svg id="diagram-ab12" viewBox="0 0 1 1"><style>#diagram-ab12\{fill:#333\}#diagram-ab12 \.node rect\{stroke:#9370DB\}<\/style>/,
    );
    expect(clean).not.toMatch(/lattice-diagram-3|sheet-title/);
    expect(sanitizeSvg(svg)).toContain('#lattice-diagram-3 .node rect{stroke:#9370DB}');
  });
});
