// openapi-check.mjs - checks docs/openapi.json against the real server:
// the document is valid OpenAPI 3.1 (@apidevtools/swagger-parser); every
// route in the server's table (src/server/api.c) is documented and every
// documented operation answers; each answer's status is one the document
// lists for it, problems come as application/problem+json, and JSON
// bodies validate against the documented schema (ajv, JSON Schema 2020-12).
//
//   node openapi-check.mjs DOC API_C BASE_URL EMAIL PASSWORD
import fs from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv2020 from 'ajv/dist/2020.js';

const [docPath, apiC, base, email, password] = process.argv.slice(2);
let failures = 0, checks = 0;
function check(ok, what) {
  checks++;
  if (!ok) { failures++; console.error('FAIL: ' + what); }
}

const raw = JSON.parse(fs.readFileSync(docPath, 'utf8'));
await SwaggerParser.validate(structuredClone(raw));
checks++;
const doc = await SwaggerParser.dereference(structuredClone(raw));
check(doc.openapi === '3.1.0', 'openapi is 3.1.0');

// The routes the server answers, from its one route table.
const src = fs.readFileSync(apiC, 'utf8');
const table = [...src.matchAll(/\{"(GET|POST|PUT|PATCH|DELETE)", "(\/api\/v1\/[^"]*)", H_/g)]
  .map((m) => [m[1].toLowerCase(), m[2]]);
check(table.length >= 14, `route table found (${table.length} routes)`);
for (const [m, p] of table)
  check(doc.paths[p] && doc.paths[p][m], `${m.toUpperCase()} ${p} is served but not documented`);
const documented = [];
for (const [p, item] of Object.entries(doc.paths))
  for (const m of ['get', 'post', 'put', 'patch', 'delete'])
    if (item[m]) {
      documented.push([m, p, item[m]]);
      check(table.some(([tm, tp]) => tm === m && tp === p),
            `${m.toUpperCase()} ${p} is documented but not in the route table`);
    }

const ajv = new Ajv2020({ strict: false, validateFormats: false });
function checkResponse(what, op, res, text) {
  const st = String(res.status);
  const spec = op.responses[st];
  check(spec, `${what}: status ${st} is not documented`);
  if (!spec || !spec.content) return;
  const ct = (res.headers.get('content-type') || '').split(';')[0];
  const media = spec.content[ct];
  check(media, `${what}: content type ${ct} not documented for ${st}`);
  if (!media || !media.schema) return;
  const validate = ajv.compile(media.schema);
  const ok = validate(JSON.parse(text));
  check(ok, `${what}: body does not match the schema: ${JSON.stringify(validate.errors)}`);
}

// Every documented operation, unauthenticated first: it must answer
// (not 404 "no such endpoint", not 405) with a documented status.
for (const [m, p, op] of documented) {
  const url = base + p.replace('{id}', '1');
  const res = await fetch(url, {
    method: m.toUpperCase(),
    headers: { 'Content-Type': 'application/json' },
    body: m === 'get' || m === 'delete' ? undefined : '{}',
  });
  const text = await res.text();
  check(res.status !== 405, `${m} ${p} answered 405`);
  check(!(res.status === 404 && text.includes('no such endpoint')), `${m} ${p} is not routed`);
  checkResponse(`${m.toUpperCase()} ${p} (public)`, op, res, text);
}

// Then as an administrator with a session: the reads, and a create.
let res = await fetch(base + '/api/v1/session', {
  method: 'POST', headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ email, password }),
});
let text = await res.text();
checkResponse('POST /api/v1/session', doc.paths['/api/v1/session'].post, res, text);
const cookie = res.headers.get('set-cookie').split(';')[0];
const csrf = JSON.parse(text).csrf_token;
const h = { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' };
res = await fetch(base + '/api/v1/tokens', { method: 'POST', headers: h, body: '{"name":"openapi"}' });
checkResponse('POST /api/v1/tokens', doc.paths['/api/v1/tokens'].post, res, await res.text());
res = await fetch(base + '/api/v1/users', {
  method: 'POST', headers: h,
  body: JSON.stringify({ email: 'o@example.no', name: 'O', role: 'authority', password: 'et langt passord' }),
});
checkResponse('POST /api/v1/users', doc.paths['/api/v1/users'].post, res, await res.text());
for (const [m, p, op] of documented) {
  if (m !== 'get') continue;
  res = await fetch(base + p.replace('{id}', '1'), { headers: h });
  checkResponse(`GET ${p} (administrator)`, op, res, await res.text());
}
// Answers with data, from the registry of tests/server/data/ and the plan
// stored as "stored" (openapi.test.sh): each against its schema.
for (const [p, path] of [
  ['/api/v1/lots/{id}', '/api/v1/lots/svv-open'],
  ['/api/v1/lots/{id}/options', '/api/v1/lots/svv-open/options'],
  ['/api/v1/lots/{id}/options', '/api/v1/lots/bn-closed/options?max_km=50'],
  ['/api/v1/lots/{id}/options', '/api/v1/lots/svv-open/options?max_km=0'],
  ['/api/v1/plans/{name}', '/api/v1/plans/stored'],
  ['/api/v1/plans/{name}/flows', '/api/v1/plans/stored/flows'],
  ['/api/v1/plans', '/api/v1/plans?limit=5&offset=0'],
]) {
  res = await fetch(base + path, { headers: h });
  check(res.status < 500, `GET ${path}: ${res.status}`);
  checkResponse(`GET ${path} (administrator)`, doc.paths[p].get, res, await res.text());
}
res = await fetch(base + '/api/v1/users/1', { method: 'PATCH', headers: h, body: '{"name":"x"}' });
checkResponse('PATCH /api/v1/users/1 without If-Match', doc.paths['/api/v1/users/{id}'].patch, res, await res.text());

// A scenario comparison as a job, and its result against the schema.
res = await fetch(base + '/api/v1/scenarios', {
  method: 'POST', headers: h, body: '{"scenarios":["base","tax"],"lang":"nb"}',
});
text = await res.text();
checkResponse('POST /api/v1/scenarios', doc.paths['/api/v1/scenarios'].post, res, text);
const job = JSON.parse(text);
for (let i = 0; i < 600; i++) {
  res = await fetch(base + job.self, { headers: h });
  text = await res.text();
  checkResponse('GET /api/v1/jobs/{id} (comparison)', doc.paths['/api/v1/jobs/{id}'].get, res, text);
  if (!['queued', 'running'].includes(JSON.parse(text).state)) break;
  await new Promise((r) => setTimeout(r, 100));
}
check(JSON.parse(text).state === 'succeeded', `comparison job ended ${JSON.parse(text).state}`);
res = await fetch(base + job.self + '/result', { headers: h });
checkResponse('GET /api/v1/jobs/{id}/result (comparison)', doc.paths['/api/v1/jobs/{id}/result'].get, res, await res.text());

// The chain of custody: a ticket issued, read, confirmed and corrected;
// the list, the balance, the checks; an upload refused and one taken
// (the sites of tests/server/data/sites-custody.csv).
const cpath = (p) => doc.paths['/api/v1/custody/' + p];
res = await fetch(base + '/api/v1/custody/tickets', {
  method: 'POST', headers: h,
  body: JSON.stringify({ id: 'oa-1', lot: 'svv-open', origin: 's-svv', destination: 's-mottak',
    haulier: '974 760 673', vehicle: 'EK 12345', quantity: 20, departed: '2025-03-03T07:00:00Z' }),
});
text = await res.text();
check(res.status === 201, `POST /api/v1/custody/tickets: ${res.status} ${text}`);
checkResponse('POST /api/v1/custody/tickets', cpath('tickets').post, res, text);
const code = JSON.parse(text).code;
for (const [m, p, key, body] of [
  ['GET', '/api/v1/custody/tickets/oa-1', 'tickets/{id}'],
  ['POST', '/api/v1/custody/receipts', 'receipts',
    { ticket: 'oa-1', code, arrived: '2025-03-03T09:00:00Z', weighed_t: 19.5, accepted: true }],
  ['POST', '/api/v1/custody/receipts', 'receipts', { ticket: 'oa-1', code: 'XXXX-XXXX', accepted: true }],
  ['POST', '/api/v1/custody/corrections', 'corrections', { ticket: 'oa-1', reason: 'feil mengde', quantity: 21 }],
  ['POST', '/api/v1/custody/tickets', 'tickets', { lot: 'svv-open' }],
  ['GET', '/api/v1/custody/tickets?lot=svv-open&limit=10', 'tickets'],
  ['GET', '/api/v1/custody/tickets/oa-1-c1', 'tickets/{id}'],
  ['GET', '/api/v1/custody/balance?by=site&per_period=1', 'balance'],
  ['GET', '/api/v1/custody/balance?by=nothing', 'balance'],
  ['GET', '/api/v1/custody/check?as_of=2025-04-01T00:00:00Z', 'check'],
  ['GET', '/api/v1/custody/check?check=nothing', 'check'],
]) {
  res = await fetch(base + p, { method: m, headers: h, body: body ? JSON.stringify(body) : undefined });
  text = await res.text();
  check(res.status < 500, `${m} ${p}: ${res.status}`);
  checkResponse(`${m} ${p} (administrator)`, cpath(key)[m.toLowerCase()], res, text);
}
for (const [csv, want] of [
  ['ticket;departed;lot;origin;destination;haulier;vehicle;material;quantity\n' +
   'oa-2;03.03.2025 07:00;svv-open;s-svv;s-mottak;974 760 674;EK 1;sprengstein;20\n', 400],
  ['ticket;departed;lot;origin;destination;haulier;vehicle;material;quantity\n' +
   'oa-2;03.03.2025 07:00;svv-open;s-svv;s-mottak;974 760 673;EK 1;sprengstein;20\n', 201],
]) {
  res = await fetch(base + '/api/v1/custody/imports', {
    method: 'POST', headers: { ...h, 'Content-Type': 'text/csv' }, body: csv,
  });
  text = await res.text();
  check(res.status === want, `POST /api/v1/custody/imports: ${res.status}, not ${want}: ${text}`);
  checkResponse('POST /api/v1/custody/imports', cpath('imports').post, res, text);
}

console.log(failures ? `openapi: ${failures} of ${checks} checks failed` : `openapi: ${checks} checks passed`);
process.exit(failures ? 1 : 0);
