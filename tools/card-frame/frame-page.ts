/**
 * The frame's HTML and its Content-Security-Policy. Only the one allowed parent may embed it
 * (frame-ancestors), and nothing but its own script and style runs in it.
 */
export function frameCsp(parent: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "connect-src 'self'",
    `frame-ancestors ${parent}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const escapeAttribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function field(id: string, label: string, attributes: string): string {
  return `<div class="field">
  <label for="${id}">${label}</label>
  <input id="${id}" name="${id}" type="text" ${attributes} aria-describedby="${id}-error" aria-invalid="false" required>
  <p id="${id}-error" class="error" hidden></p>
</div>`;
}

export function framePage(parent: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Card details</title>
<link rel="stylesheet" href="/card.css">
</head>
<body data-parent="${escapeAttribute(parent)}">
<main>
<form id="card-form" novalidate aria-label="Card details">
${field('number', 'Card number', 'inputmode="numeric" autocomplete="cc-number" maxlength="23" spellcheck="false"')}
<div class="row">
${field('expiry', 'Expiry date (MM/YY)', 'inputmode="numeric" autocomplete="cc-exp" maxlength="7" placeholder="MM/YY"')}
${field('cvc', 'Security code (CVC)', 'inputmode="numeric" autocomplete="cc-csc" maxlength="4"')}
</div>
<p id="form-status" class="status" role="status"></p>
</form>
<section id="challenge" hidden aria-labelledby="challenge-title">
<h2 id="challenge-title" tabindex="-1">Confirm this payment</h2>
<p>Your bank asks you to confirm this payment (test 3-D Secure challenge).</p>
<div class="buttons">
<button type="button" id="complete-authentication">Complete authentication</button>
<button type="button" id="fail-authentication" class="secondary">Fail authentication</button>
</div>
</section>
<p id="not-embedded" hidden>This card form works only inside the shop's booking page.</p>
</main>
<script src="/card.js"></script>
</body>
</html>
`;
}
