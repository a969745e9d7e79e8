// The panel's page, its messages and its heatmap scale, in plain Node: the HTML's CSP, the
// guards that drop malformed messages both ways, the host's ready handshake, and the colour
// scale that makes a sign or transpose error visible.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Finding } from '../../src/core/report';
import { PanelChannel } from '../../src/extension/panelChannel';
import { checkExpressionShapesOnly } from '../../src/extension/panelExpression';
import {
  buildPanelHtml,
  contentSecurityPolicy,
  createNonce,
  type PanelResources,
} from '../../src/extension/panelHtml';
import {
  claimAt,
  isHostMessage,
  isWebviewMessage,
  sanitizeDetail,
  sanitizeState,
  toPanelClaim,
  type HostMessage,
  type ShowMessage,
} from '../../src/protocol/panel';
import {
  colorFor,
  difference,
  FALLBACK_SCALE,
  legendStops,
  parseColor,
  position,
  scaleFromTheme,
  symmetricLimit,
  toCss,
} from '../../webview/heatmap';

const ROOT = 'https://file+.vscode-resource.vscode-cdn.net/ext/gradlens';
const resources: PanelResources = {
  cspSource: 'https://*.vscode-cdn.net',
  scriptUri: `${ROOT}/dist/webview.js`,
  styleUris: [`${ROOT}/dist/katex/katex.min.css`, `${ROOT}/media/panel.css`],
  title: 'GradLens <test>',
};

function cspOf(html: string): string {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(m, 'the page has a CSP meta tag');
  return m[1].replace(/&#39;|&apos;/g, "'");
}

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name, values]),
  );
}

describe('panel HTML', () => {
  test('has a CSP that denies by default and allows scripts only by nonce', () => {
    const nonce = createNonce();
    const d = directives(cspOf(buildPanelHtml(resources, nonce)));
    assert.deepEqual(d.get('default-src'), ["'none'"]);
    assert.deepEqual(d.get('script-src'), [`'nonce-${nonce}'`]);
    assert.deepEqual(d.get('style-src'), [resources.cspSource, `'nonce-${nonce}'`]);
    assert.deepEqual(d.get('font-src'), [resources.cspSource]);
    assert.deepEqual(d.get('img-src'), [resources.cspSource, 'data:']);
    for (const [name, values] of d) {
      assert.ok(
        !values.includes("'unsafe-inline'") && !values.includes("'unsafe-eval'"),
        `${name} allows nothing unsafe`,
      );
      assert.ok(
        !values.some((v) => v === '*' || v === 'https:' || v === 'http:'),
        `${name} allows no remote origin`,
      );
    }
    assert.equal(
      contentSecurityPolicy(resources.cspSource, nonce),
      cspOf(buildPanelHtml(resources, nonce)),
    );
  });

  test('every script carries the nonce, none is inline, nothing has inline handlers or styles', () => {
    const nonce = createNonce();
    const html = buildPanelHtml(resources, nonce);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    for (const [, attrs, body] of scripts) {
      assert.match(attrs, new RegExp(`\\bnonce="${nonce}"`));
      assert.match(attrs, /\bsrc="/);
      assert.match(attrs, /\btype="module"/);
      assert.equal(body.trim(), '', 'no inline script body');
    }
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'no inline event handlers');
    assert.doesNotMatch(html, /\sstyle\s*=/i, 'no style attributes');
    assert.doesNotMatch(html, /<style\b/i, 'no style elements');
  });

  test('a fresh nonce for every render', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => createNonce()));
    assert.equal(nonces.size, 50);
    for (const n of nonces) assert.match(n, /^[A-Za-z0-9_-]{22}$/);
    const a = buildPanelHtml(resources);
    const b = buildPanelHtml(resources);
    assert.notEqual(
      directives(cspOf(a)).get('script-src')?.[0],
      directives(cspOf(b)).get('script-src')?.[0],
    );
  });

  test('loads only local resources (the webview resource root), and escapes what it prints', () => {
    const html = buildPanelHtml(resources, createNonce());
    const urls = [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(urls, [...resources.styleUris, resources.scriptUri]);
    for (const url of urls) assert.ok(url.startsWith(`${ROOT}/`), `${url} is a local resource`);
    assert.doesNotMatch(
      html.replace(/<meta[^>]*>/g, ''),
      /https?:\/\/(?!file\+\.vscode-resource)/,
      'no other origin anywhere',
    );
    assert.match(html, /<title>GradLens &lt;test&gt;<\/title>/);
  });

  test('refuses a weak nonce', () => {
    assert.throws(() => buildPanelHtml(resources, 'abc'));
    assert.throws(() => buildPanelHtml(resources, `"><script>alert(1)</script>${'a'.repeat(20)}`));
  });
});

const finding: Finding = {
  kind: 'gradient',
  verdict: 'mismatch',
  severity: 'error',
  range: { start: { line: 3, character: 2 }, end: { line: 3, character: 40 } },
  message: 'does not match autodiff: sign',
  latex: '\\nabla_X f = B',
  wrt: 'X',
  relError: 2,
  diagnosis: 'sign',
};

describe('panel protocol guards', () => {
  test('accepts every well-formed webview message', () => {
    const good: unknown[] = [
      { type: 'ready', protocol: 1 },
      { type: 'reveal', document: 'file:///a.md', index: 0 },
      { type: 'reveal', document: 'file:///a.md', range: finding.range },
      { type: 'select', document: 'file:///a.md', index: 3 },
      { type: 'checkExpression', requestId: 1, expr: 'sum(X)', wrt: 'X' },
      {
        type: 'checkExpression',
        requestId: 2,
        expr: 'sum(X)',
        claim: 'ones(3,3)',
        shapes: 'X 3×3',
      },
      { type: 'error', message: 'boom', stack: 'at x' },
      { type: 'error', message: 'boom' },
    ];
    for (const m of good) assert.ok(isWebviewMessage(m), JSON.stringify(m));
  });

  test('rejects malformed webview messages', () => {
    const bad: unknown[] = [
      null,
      undefined,
      'ready',
      42,
      [],
      {},
      { type: 'nope' },
      { type: 'ready' },
      { type: 'ready', protocol: '1' },
      { type: 'reveal', index: 0 },
      { type: 'reveal', document: 'file:///a.md' },
      { type: 'reveal', document: 'file:///a.md', index: -1 },
      { type: 'reveal', document: 'file:///a.md', index: 1.5 },
      { type: 'reveal', document: 'file:///a.md', index: '1' },
      { type: 'reveal', document: 'file:///a.md', index: 0, range: finding.range },
      {
        type: 'reveal',
        document: 'file:///a.md',
        range: { start: { line: 0 }, end: { line: 0, character: 1 } },
      },
      { type: 'select', document: 'file:///a.md' },
      { type: 'select', index: 0 },
      { type: 'checkExpression', requestId: 1 },
      { type: 'checkExpression', expr: 'x' },
      { type: 'checkExpression', requestId: 1, expr: 3 },
      { type: 'checkExpression', requestId: 1, expr: 'x', wrt: 3 },
      { type: 'checkExpression', requestId: 1, expr: 'x'.repeat(100_000) },
      { type: 'error' },
      { type: 'error', message: { text: 'x' } },
    ];
    for (const m of bad) assert.equal(isWebviewMessage(m), false, JSON.stringify(m)?.slice(0, 120));
  });

  test('host messages: well-formed ones pass, malformed ones do not', () => {
    const claim = toPanelClaim(finding, 0);
    const show: ShowMessage = {
      type: 'show',
      document: { uri: 'file:///a.md', name: 'a.md' },
      claims: [claim],
      selected: 0,
    };
    assert.ok(isHostMessage(show));
    assert.ok(isHostMessage({ type: 'show', document: null, claims: [] }));
    assert.ok(isHostMessage({ type: 'select', index: 2 }));
    assert.ok(
      isHostMessage({
        type: 'expressionResult',
        requestId: 1,
        request: { expr: 'x' },
        claims: [claim],
        text: 'x',
        numeric: 'pending',
      }),
    );
    assert.equal(isHostMessage({ type: 'show', document: null }), false);
    assert.equal(
      isHostMessage({ type: 'show', document: null, claims: [{ ...claim, verdict: 'great' }] }),
      false,
    );
    assert.equal(
      isHostMessage({ type: 'show', document: null, claims: [{ ...claim, range: null }] }),
      false,
    );
    assert.equal(isHostMessage({ type: 'show', document: 'a.md', claims: [] }), false);
    assert.equal(isHostMessage({ type: 'select', index: -1 }), false);
    assert.equal(
      isHostMessage({
        type: 'expressionResult',
        requestId: 1,
        request: { expr: 'x' },
        claims: [],
        text: 'x',
        numeric: 'soon',
      }),
      false,
    );
    assert.equal(
      isHostMessage({ type: 'ready', protocol: 1 }),
      false,
      'a webview message is not a host message',
    );
  });

  test('a claim survives JSON: NaN becomes null and comes back as NaN, malformed detail is dropped', () => {
    const withEvidence = {
      ...finding,
      evidence: {
        draws: [
          { relError: NaN, sizes: 'k=2' },
          { relError: 0.5, sizes: 'k=3' },
        ],
        seed: 7,
        sample: { claimed: [[1, NaN]], truth: [[1, 2]] },
      },
    } as Finding;
    const claim = toPanelClaim(withEvidence, 4, { symbols: [{ text: 'X', shape: 'k×l' }] });
    assert.equal(claim.index, 4);
    assert.deepEqual(claim.detail?.symbols, [{ text: 'X', shape: 'k×l' }]);
    assert.equal(claim.detail?.seed, 7);
    const wire = JSON.parse(JSON.stringify(claim));
    const detail = sanitizeDetail(wire.detail);
    assert.ok(detail);
    assert.ok(Number.isNaN(detail.draws[0].relError));
    assert.ok(Number.isNaN(detail.sample!.claimed[0][1]));
    assert.equal(
      sanitizeDetail({ sample: { claimed: [[1, 2], [3]], truth: [[1]] } }),
      undefined,
      'ragged matrices are dropped',
    );
    assert.equal(sanitizeDetail('nonsense'), undefined);
    const partial = sanitizeDetail({ draws: [{ relError: 'x' }], seed: 3 });
    assert.deepEqual(partial, { draws: [], seed: 3, symbols: [] });
  });

  test('state from an older or broken build is dropped, parts of a good one are kept', () => {
    assert.equal(sanitizeState(undefined), undefined);
    assert.equal(sanitizeState({ version: 0 }), undefined);
    const state = sanitizeState({
      version: 1,
      document: { uri: 'file:///a.md', name: 'a.md' },
      claims: [toPanelClaim(finding, 0)],
      selected: 5,
      expression: { expr: 'sum(X)', wrt: 7 },
    });
    assert.ok(state);
    assert.equal(state.selected, undefined, 'a selection past the end is dropped');
    assert.deepEqual(state.expression, {
      expr: 'sum(X)',
      wrt: undefined,
      claim: undefined,
      shapes: undefined,
    });
  });

  test('claimAt picks the innermost claim under the cursor', () => {
    const claims = [
      { range: { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } } },
      { range: { start: { line: 2, character: 4 }, end: { line: 2, character: 10 } } },
    ];
    assert.equal(claimAt(claims, { line: 2, character: 5 }), 1);
    assert.equal(claimAt(claims, { line: 3, character: 0 }), 0);
    assert.equal(claimAt(claims, { line: 6, character: 0 }), undefined);
  });
});

describe('ready handshake (host side)', () => {
  function recorder(answer: boolean | (() => boolean) = true) {
    const posted: HostMessage[] = [];
    const post = (m: HostMessage) => {
      posted.push(m);
      return Promise.resolve(typeof answer === 'function' ? answer() : answer);
    };
    return { posted, post };
  }
  const show = (n: number): ShowMessage => ({
    type: 'show',
    document: { uri: `file:///${n}.md`, name: `${n}.md` },
    claims: [],
  });

  test('queues until ready, coalescing to the newest show', () => {
    const { posted, post } = recorder();
    const channel = new PanelChannel(post);
    channel.send(show(1));
    channel.send({ type: 'select', index: 1 });
    channel.send(show(2));
    channel.send({ type: 'select', index: 2 });
    assert.equal(posted.length, 0);
    assert.equal(channel.pending.length, 2);
    channel.markReady();
    assert.deepEqual(posted, [show(2), { type: 'select', index: 2 }]);
    channel.send({ type: 'select', index: 3 });
    assert.equal(posted.length, 3, 'once ready, messages go out at once');
  });

  test('queues again after a reset (page hidden or reloaded) and re-queues what was not delivered', async () => {
    let live = true;
    const { posted, post } = recorder(() => live);
    const channel = new PanelChannel(post);
    channel.markReady();
    channel.reset();
    channel.send(show(1));
    assert.equal(posted.length, 0);
    channel.markReady();
    assert.equal(posted.length, 1);
    live = false;
    channel.send(show(2));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(channel.isReady, false, 'an undelivered message means the page is gone');
    assert.deepEqual(channel.pending, [show(2)]);
    live = true;
    channel.markReady();
    assert.deepEqual(posted.at(-1), show(2));
  });

  test('a late failure from an older page does not stall the new one', async () => {
    let answer: (ok: boolean) => void = () => undefined;
    const posted: HostMessage[] = [];
    const channel = new PanelChannel((m) => {
      posted.push(m);
      return posted.length === 1
        ? new Promise<boolean>((resolve) => (answer = resolve))
        : Promise.resolve(true);
    });
    channel.markReady();
    channel.send(show(1));
    channel.reset();
    channel.markReady();
    answer(false);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(channel.isReady, true);
  });

  test('nothing after dispose', () => {
    const { posted, post } = recorder();
    const channel = new PanelChannel(post);
    channel.dispose();
    channel.send(show(1));
    channel.markReady();
    assert.equal(posted.length, 0);
  });
});

describe('heatmap colour scale', () => {
  const scale = scaleFromTheme({
    negative: '#0000ff',
    zero: '#ffffff',
    positive: '#ff0000',
    nan: '#ffff00',
  });

  test('reads theme colours in the forms VS Code uses, and falls back on garbage', () => {
    assert.deepEqual(parseColor('#f14c4c'), { r: 241, g: 76, b: 76 });
    assert.deepEqual(parseColor(' #F14C4Ccc '), { r: 241, g: 76, b: 76 });
    assert.deepEqual(parseColor('#fff'), { r: 255, g: 255, b: 255 });
    assert.deepEqual(parseColor('rgb(1, 2, 3)'), { r: 1, g: 2, b: 3 });
    assert.deepEqual(parseColor('rgba(1,2,3,0.5)'), { r: 1, g: 2, b: 3 });
    assert.equal(parseColor('red'), undefined);
    assert.equal(parseColor(''), undefined);
    assert.deepEqual(scaleFromTheme({ negative: 'nonsense' }), FALLBACK_SCALE);
  });

  test('negative → blue, zero → background, positive → red, on a symmetric scale', () => {
    const limit = symmetricLimit([[[-2, 0, 1]]]);
    assert.equal(limit, 2);
    assert.equal(colorFor(-2, limit, scale), '#0000ff');
    assert.equal(colorFor(0, limit, scale), '#ffffff');
    assert.equal(colorFor(2, limit, scale), '#ff0000');
    assert.equal(colorFor(1, limit, scale), '#ff8080', 'half way to red');
    assert.equal(colorFor(-1, limit, scale), '#8080ff', 'half way to blue');
    // A sign error is the same picture with the ends swapped.
    const claimed = [[1, -2]];
    const truth = [[-1, 2]];
    const l = symmetricLimit([claimed, truth]);
    assert.equal(colorFor(claimed[0][0], l, scale), colorFor(-truth[0][0], l, scale));
  });

  test('an all-zero matrix is all background, without dividing by zero', () => {
    const zeros = [
      [0, 0],
      [0, 0],
    ];
    const limit = symmetricLimit([zeros]);
    assert.equal(limit, 0);
    for (const row of zeros)
      for (const v of row) assert.equal(colorFor(v, limit, scale), '#ffffff');
    assert.equal(position(-0, 0), 0);
  });

  test('NaN gets its own colour; infinities saturate and do not set the scale', () => {
    const m = [[NaN, Infinity, -Infinity, 0.5]];
    const limit = symmetricLimit([m]);
    assert.equal(limit, 0.5, 'only finite entries set the scale');
    assert.equal(colorFor(NaN, limit, scale), '#ffff00');
    assert.equal(colorFor(Infinity, limit, scale), '#ff0000');
    assert.equal(colorFor(-Infinity, limit, scale), '#0000ff');
    assert.equal(colorFor(NaN, 0, scale), '#ffff00');
    assert.ok(Number.isNaN(position(NaN, 1)));
    assert.equal(symmetricLimit([[[NaN]]]), 0);
  });

  test('difference needs equal shapes; the legend runs from blue to red', () => {
    assert.deepEqual(difference([[3, 4]], [[1, 1]]), [[2, 3]]);
    assert.equal(difference([[1, 2]], [[1], [2]]), undefined);
    assert.equal(difference([], []), undefined);
    const stops = legendStops(scale, 5);
    assert.equal(stops[0].color, '#0000ff');
    assert.equal(stops[2].color, '#ffffff');
    assert.equal(stops[4].color, '#ff0000');
    assert.equal(toCss({ r: 0, g: 15, b: 255 }), '#000fff');
  });
});

describe('expression box fallback (shapes only)', () => {
  test('the seed question: the claimed gradient is m×n but X is k×l; numeric check pending', async () => {
    const outcome = await checkExpressionShapesOnly({
      expr: "sum(A .* log(A ./ (B' * X * C)))",
      wrt: 'X',
      claim: "(A .* K) ./ (B' * X * C)",
    });
    assert.equal(outcome.numeric, 'pending');
    const [claim] = outcome.findings.map((f, i) => toPanelClaim(f, i, outcome.details?.[i]));
    assert.equal(claim.verdict, 'shape-error');
    const shapes = new Map(claim.detail?.symbols.map((s) => [s.text, s.shape]));
    assert.equal(shapes.get('X'), 'k×l');
    assert.equal(shapes.get('A'), 'm×n');
    assert.equal(shapes.get('BᵀXC'), 'm×n');
  });

  test('a parse error is a finding, not an exception', async () => {
    const outcome = await checkExpressionShapesOnly({ expr: 'sum((' });
    assert.equal(outcome.findings[0].verdict, 'parse-error');
  });
});
