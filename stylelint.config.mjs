// Styles are compiled twice: by Taro to CSS for H5 and to WXSS for WeChat. WXSS accepts less than CSS, and
// WeChat DevTools refuses to compile (so to preview or upload) the whole project on one bad selector. These
// rules refuse, in the editor, what WeChat's own WXSS compiler `wcsc` (npm `miniprogram-compiler` 0.2.3)
// rejects or silently breaks; each was measured by feeding a small .wxss to `wcsc`. The weapp build is
// compiled with `wcsc` itself in tests/weapp/wechat-compilers.test.ts.
//
// Measured as accepted, so allowed: class and compound selectors, `>` `+` `~` and descendant combinators,
// `::before`/`::after`/`::placeholder`, `:first-child`/`:nth-child()`/`:active`, single-argument
// `:not()`/`:is()`/`:where()`/`:has()`, `@media`, `@supports`, `@keyframes`, `@font-face` with a network or
// data url, `@import "x.wxss"`, custom properties and `var()`, `calc()`/`env()`/`min()`, `!important`, `rpx`.

// A functional pseudo-class whose argument is more than one compound selector: a list (`:not(.a, .b)`) or
// a combinator inside (`:not(.a .b)`, `:is(.a > .b)`). wcsc: `error at token ','` / `error at token '.b'`.
// (`:has(> .a)`, a leading combinator, compiles.)
const selectorListInPseudo = /:(?:not|is|where|has|matches)\(\s*(?:[>+~]\s*)?(?=((?:[^\s,>+~()]|\([^()]*\))+))\1\s*[^\s)]/

/** @type {import('stylelint').Config} */
export default {
  customSyntax: 'postcss-scss',
  rules: {
    // wcsc: `error at token '*'`; WXSS has no universal selector (nor `:not(*)`, `*[x]`).
    'selector-max-universal': 0,
    // wcsc compiles these, but WeChat's docs (custom components, "组件样式") say pages that use custom
    // components must not use attribute, id or tag-name selectors, and every Taro page uses Taro's `comp`
    // component. Taro's templates also render none of React's other attributes (only id, class, style,
    // data-sid and the component's own props), so `[data-x]` would never match in WeChat while it does in H5.
    // Use a class (`is-disabled`, `block__el--mod`). The roots stay: `page` in WXSS, `body` in H5 (wcsc
    // turns `body` into a `wx-body` that matches nothing, harmless).
    'selector-max-attribute': 0,
    'selector-max-id': 0,
    'selector-max-type': [0, { ignoreTypes: ['page', 'body'] }],
    // wcsc drops the selector of `:root` (the rule is left with none) and drops `:host` rules in a page:
    // variables on `:root` silently vanish in WeChat. Put them on `page` (WXSS) and a class.
    'selector-pseudo-class-disallowed-list': ['root', 'host', 'host-context'],
    'selector-disallowed-list': [
      selectorListInPseudo,
      // wcsc turns `/deep/` into a `wx-eep` tag selector: silently wrong.
      /\/deep\//,
    ],
    // wcsc: `>>>` → `error at token '>'`, `||` → `unexpected token '|'`.
    'selector-combinator-disallowed-list': ['>>>', '||'],
    // wcsc: `.w-50\%`, `.a\:b` → `unexpected '\'`; a non-ASCII class (`.中`) → `unexpected` byte.
    'selector-class-pattern': [/^[A-Za-z_-][A-Za-z0-9_-]*$/, { resolveNestedSelectors: true }],
    // wcsc: `@container`, `@layer`, `@scope`, `@starting-style` → `unexpected '{'`; `@namespace` → `unexpected token '('`.
    'at-rule-disallowed-list': ['container', 'layer', 'scope', 'starting-style', 'namespace'],
    // wcsc: `@import url("x.wxss")` → `error at token 'url'`; `@import "x.wxss"` compiles.
    'import-notation': 'string',
    // wcsc rewrites a local url (`./a.png`, `/assets/a.png`, also in `@font-face`) to
    // `a.png-do-not-use-local-path-…`: WXSS loads only network and data urls. Use <Image> for local files.
    'declaration-property-value-disallowed-list': { '/.*/': [/url\(\s*(?!['"]?(?:https?:|data:))/] },
  },
}
