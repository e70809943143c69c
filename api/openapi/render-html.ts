import { escapeHtml as e } from './escape-html';
import {
  OPERATION_METHODS,
  type OpenApiDocument,
  type Operation,
  type OperationMethod,
  type Reference,
  type Response,
} from './types';

const anchor = (text: string) => text.replace(/[^A-Za-z0-9_-]/g, '-');

function isReference(value: object): value is Reference {
  return '$ref' in value;
}

/** A `#/components/<kind>/<Name>` reference as a link to that component's section. */
function referenceLink(ref: string): string {
  const name = ref.split('/').pop() ?? ref;
  return `<a href="#component-${e(anchor(name))}">${e(name)}</a>`;
}

function responseRow(doc: OpenApiDocument, status: string, entry: Response | Reference): string {
  const response = isReference(entry) ? doc.components.responses[entry.$ref.split('/').pop() ?? ''] : entry;
  const via = isReference(entry) ? ` (${referenceLink(entry.$ref)})` : '';
  const content = Object.entries(response?.content ?? {})
    .map(([type, media]) => {
      const schema = isReference(media.schema)
        ? referenceLink(media.schema.$ref)
        : e(JSON.stringify(media.schema));
      return `<code>${e(type)}</code>: ${schema}`;
    })
    .join('<br>');
  return `<tr><td><code>${e(status)}</code></td><td>${e(response?.description ?? '')}${via}</td><td>${content}</td></tr>`;
}

function operationSection(
  doc: OpenApiDocument,
  method: OperationMethod,
  path: string,
  op: Operation,
): string {
  const parameters = (op.parameters ?? [])
    .map(
      (p) =>
        `<li><code>${e(p.name)}</code> (${e(p.in)}${p.required ? ', required' : ''}) ${e(p.description ?? '')}</li>`,
    )
    .join('');
  const rows = Object.entries(op.responses)
    .map(([status, response]) => responseRow(doc, status, response))
    .join('');
  return [
    `<section id="op-${e(anchor(op.operationId))}">`,
    `<h3><code>${e(method.toUpperCase())} ${e(path)}</code></h3>`,
    `<p>${e(op.summary)}</p>`,
    op.description ? `<p>${e(op.description)}</p>` : '',
    `<p>Permission: <code>${e(op['x-permission'])}</code></p>`,
    parameters
      ? `<h4>Parameters</h4><ul>${parameters}</ul>`
      : '<p>No parameters: any query parameter is refused.</p>',
    op.requestBody ? '<p>Takes a JSON request body.</p>' : '<p>Takes no request body.</p>',
    '<h4>Responses</h4>',
    `<table><thead><tr><th>Status</th><th>Meaning</th><th>Content</th></tr></thead><tbody>${rows}</tbody></table>`,
    '</section>',
  ].join('\n');
}

function componentSection(kind: string, name: string, value: unknown): string {
  return (
    `<section id="component-${e(anchor(name))}"><h3>${e(name)} <small>(${e(kind)})</small></h3>` +
    `<pre><code>${e(JSON.stringify(value, null, 2))}</code></pre></section>`
  );
}

/**
 * The API reference as one server-rendered page: no scripts, no inline styles, every text
 * HTML-escaped, so it needs nothing the CSP of SEC-WEB-03 forbids.
 */
export function renderDocsPage(doc: OpenApiDocument): string {
  const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    OPERATION_METHODS.flatMap((method) => {
      const op = item[method];
      return op ? [{ method, path, op }] : [];
    }),
  );
  const index = operations
    .map(
      ({ method, path, op }) =>
        `<li><a href="#op-${e(anchor(op.operationId))}"><code>${e(method.toUpperCase())} ${e(path)}</code></a> ${e(op.summary)}</li>`,
    )
    .join('\n');
  const { schemas, responses, headers } = doc.components;
  const components = [
    ...Object.entries(schemas).map(([name, value]) => componentSection('schema', name, value)),
    ...Object.entries(responses).map(([name, value]) => componentSection('response', name, value)),
    ...Object.entries(headers).map(([name, value]) => componentSection('header', name, value)),
  ].join('\n');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(doc.info.title)} ${e(doc.info.version)}</title>`,
    '</head>',
    '<body>',
    `<header><h1>${e(doc.info.title)} <small>${e(doc.info.version)}</small></h1>`,
    doc.info.description ? `<p>${e(doc.info.description)}</p>` : '',
    '<p>Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1)</p></header>',
    `<nav><h2>Operations</h2><ul>\n${index}\n</ul></nav>`,
    '<main>',
    operations.map(({ method, path, op }) => operationSection(doc, method, path, op)).join('\n'),
    `<h2>Components</h2>\n${components}`,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
