/**
 * Content Security Policy of the site: every resource comes from the site's
 * own origin. `'wasm-unsafe-eval'` lets the wasm backend compile its binary,
 * and `worker-src 'self'` allows the training worker, which Vite emits as
 * its own file. Inline scripts and styles are not allowed, so the page sets
 * styles only through the CSSOM.
 */
const DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "style-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
];

/** The policy for the `<meta http-equiv>` tag of index.html. */
export const META_POLICY = DIRECTIVES.join('; ');

/**
 * The policy for the Content-Security-Policy response header. It adds
 * `frame-ancestors`, which browsers ignore in a meta tag. A dedicated worker
 * follows the header sent with its script, not the page's meta tag (checked
 * in Chromium 156), so only the header restricts the training worker.
 * NOTE: a static host that sends no such header leaves the worker
 * unrestricted.
 */
export const HEADER_POLICY = `${META_POLICY}; frame-ancestors 'none'`;

/** Response headers of the preview server and of the test server. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': HEADER_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};
