import type { OpenApiDocument, OpenApiOperation } from './openapi.document';

type JsonSchema = Record<string, unknown>;

const escape = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** A one-line type for a JSON Schema: 'string (date-time)', 'integer 1–100', 'enum: a | b', 'object[]'. */
function typeOf(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) return `enum: ${schema.enum.map(String).join(' | ')}`;
  if ('const' in schema) return `= ${JSON.stringify(schema.const)}`;
  const variants = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (variants) return variants.map(typeOf).join(' | ');
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : String(schema.type ?? 'any');
  if (type === 'array' && schema.items) return `${typeOf(schema.items as JsonSchema)}[]`;
  const bounds = [
    schema.format ? `(${String(schema.format)})` : '',
    schema.minimum !== undefined || schema.maximum !== undefined
      ? `${String(schema.minimum ?? '')}–${schema.maximum !== undefined && Number(schema.maximum) < 1e15 ? String(schema.maximum) : ''}`
      : '',
    schema.minLength !== undefined || schema.maxLength !== undefined
      ? `长度 ${String(schema.minLength ?? 0)}–${String(schema.maxLength ?? '')}`
      : '',
    schema.maxItems !== undefined ? `最多 ${String(schema.maxItems)} 项` : '',
  ].filter(Boolean);
  return [type, ...bounds].join(' ');
}

function fieldsTable(schema: JsonSchema): string {
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (!properties || Object.keys(properties).length === 0) {
    return `<pre>${escape(JSON.stringify(schema, null, 2))}</pre>`;
  }
  const required = new Set((schema.required ?? []) as string[]);
  const rows = Object.entries(properties).map(
    ([name, property]) =>
      `<tr><td><code>${escape(name)}</code>${required.has(name) ? ' <b>必填</b>' : ''}</td>` +
      `<td>${escape(typeOf(property))}</td><td>${escape(String(property.description ?? ''))}</td></tr>`,
  );
  return (
    `<table><thead><tr><th>字段</th><th>类型</th><th>说明</th></tr></thead><tbody>${rows.join('')}</tbody></table>` +
    `<details><summary>JSON Schema</summary><pre>${escape(JSON.stringify(schema, null, 2))}</pre></details>`
  );
}

function operationHtml(method: string, path: string, operation: OpenApiOperation): string {
  const parameters = operation.parameters ?? [];
  const [bodyType, bodyContent] = Object.entries(operation.requestBody?.content ?? {})[0] ?? [];
  const body = bodyContent?.schema;
  const success = operation.responses['200']?.content?.['application/json']?.schema;
  const errors = Object.keys(operation.responses).filter((status) => status !== '200');
  return `<section class="op" id="${escape(operation.operationId)}">
<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escape(path)}</code></h3>
<p>${escape(operation.description ?? '')}</p>
${
  parameters.length > 0
    ? `<h4>参数</h4><table><thead><tr><th>名称</th><th>位置</th><th>类型</th><th>说明</th></tr></thead><tbody>${parameters
        .map(
          (parameter) =>
            `<tr><td><code>${escape(parameter.name)}</code>${parameter.required ? ' <b>必填</b>' : ''}</td><td>${parameter.in}</td>` +
            `<td>${escape(typeOf(parameter.schema))}</td><td>${escape(parameter.description ?? '')}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : ''
}
${body ? `<h4>请求体 (${escape(bodyType ?? '')})</h4>${fieldsTable(body)}` : ''}
${success ? `<h4>成功响应</h4>${fieldsTable(success)}` : ''}
${errors.length > 0 ? `<p class="errors">错误：${errors.map((status) => `<span>${status}</span>`).join(' ')}，正文为 ApiErrorBody</p>` : ''}
</section>`;
}

/**
 * The spec as one readable HTML page: no script at all, so it runs under the app's CSP as it is
 * and needs nothing from a CDN; the JSON itself is linked for tools.
 */
export function renderDocsPage(spec: OpenApiDocument): string {
  const byTag = new Map<string, string[]>();
  const toc = new Map<string, string[]>();
  for (const [path, operations] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const tag = operation.tags[0];
      (byTag.get(tag) ?? byTag.set(tag, []).get(tag)!).push(operationHtml(method, path, operation));
      (toc.get(tag) ?? toc.set(tag, []).get(tag)!).push(
        `<li><a href="#${escape(operation.operationId)}"><span class="method ${method}">${method.toUpperCase()}</span> ${escape(path.replace(/^\/api\/v1/, ''))}</a></li>`,
      );
    }
  }
  const count = [...byTag.values()].reduce((sum, list) => sum + list.length, 0);
  const sections = spec.tags
    .filter((tag) => byTag.has(tag.name))
    .map(
      (tag) =>
        `<h2 id="tag-${escape(tag.name)}">${escape(tag.description)} <small>${escape(tag.name)}</small></h2>${byTag.get(tag.name)!.join('\n')}`,
    );
  const nav = spec.tags
    .filter((tag) => toc.has(tag.name))
    .map(
      (tag) =>
        `<details><summary><a href="#tag-${escape(tag.name)}">${escape(tag.description)}</a> (${toc.get(tag.name)!.length})</summary><ul>${toc.get(tag.name)!.join('')}</ul></details>`,
    );
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(spec.info.title)} · 接口文档</title>
<style>
body{margin:0;font:14px/1.6 -apple-system,"PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;color:#1f2933;background:#f5f7fa}
header{background:#0b5fff;color:#fff;padding:16px 24px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;opacity:.9}
header a{color:#fff}
.layout{display:flex;gap:24px;padding:16px 24px;align-items:flex-start}
nav{flex:0 0 300px;position:sticky;top:16px;max-height:calc(100vh - 32px);overflow:auto;background:#fff;border-radius:8px;padding:8px 12px}
nav ul{list-style:none;margin:4px 0 8px;padding:0}nav li a{display:block;padding:2px 0;color:#1f2933;text-decoration:none;font-size:12px;word-break:break-all}
main{flex:1;min-width:0}
h2{margin:24px 0 8px;font-size:18px}h2 small{color:#7b8794;font-weight:normal}
.op{background:#fff;border-radius:8px;padding:12px 16px;margin:0 0 12px}
.op h3{margin:0;font-size:15px;word-break:break-all}.op h4{margin:12px 0 4px;font-size:13px;color:#52606d}
.method{display:inline-block;min-width:52px;text-align:center;border-radius:4px;color:#fff;font-size:12px;font-weight:bold;padding:0 4px}
.get{background:#2f9e44}.post{background:#1c7ed6}.put{background:#e67700}.patch{background:#ae3ec9}.delete{background:#e03131}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #e4e7eb;padding:4px 6px;text-align:left;vertical-align:top}
td code{word-break:break-all}b{color:#e03131;font-weight:normal;font-size:12px}
pre{background:#f5f7fa;padding:8px;overflow:auto;font-size:12px;max-height:400px}
.errors span{display:inline-block;background:#fff0f0;color:#c92a2a;border-radius:4px;padding:0 4px}
.intro{background:#fff;border-radius:8px;padding:8px 16px}
@media (max-width:800px){.layout{display:block;padding:8px}nav{position:static;max-height:none;margin-bottom:12px}}
</style>
</head>
<body>
<header><h1>${escape(spec.info.title)} <small>${escape(spec.info.version)}</small></h1>
<p>共 ${count} 个接口 · OpenAPI 3.1：<a href="/api/v1/openapi.json">/api/v1/openapi.json</a></p></header>
<div class="layout">
<nav>${nav.join('\n')}</nav>
<main>
<div class="intro"><p>${escape(spec.info.description)}</p></div>
${sections.join('\n')}
</main>
</div>
</body>
</html>`;
}
