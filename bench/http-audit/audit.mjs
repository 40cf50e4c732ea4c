// Runs the GraphQL-over-HTTP audit suite of graphql-http (serverAudits) against
// a running Exportiva server and fails when any audit does not pass.
//
//	node audit.mjs http://127.0.0.1:8080/query
//
// Every MUST and every SHOULD is checked: a warning fails the run too, so a
// regression of a SHOULD (a status code, a content type) is seen at once. Notices
// (MAY) are printed and do not fail.
import { serverAudits } from 'graphql-http';

const url = process.argv[2] || process.env.EXPORTIVA_URL || 'http://127.0.0.1:8080/query';
// Audits expected to fail, by id (production: the suite probes with __type, and
// introspection is off there).
const expected = new Set((process.env.EXPORTIVA_AUDIT_EXPECTED_FAILURES || '').split(',').filter(Boolean));
let failed = 0;
let passed = 0;
for (const audit of serverAudits({ url, fetchFn: fetch })) {
  const result = await audit.fn();
  if (result.status === 'ok') {
    passed++;
    continue;
  }
  if (result.status === 'notice') {
    passed++;
  } else if (expected.has(audit.id)) {
    console.log(`expected: ${audit.id} ${audit.name}`);
    passed++;
    continue;
  } else {
    failed++;
  }
  let body = '';
  try {
    body = result.response ? await result.response.text() : '';
  } catch {
    // the body was read by the audit already
  }
  console.log(`${result.status.toUpperCase()} ${audit.id} ${audit.name}: ${result.reason}${body ? `\n    body: ${body.slice(0, 300)}` : ''}`);
}
console.log(`graphql-http audit of ${url}: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
