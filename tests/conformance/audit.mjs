// The GraphQL-over-HTTP audits of graphql-http against a live server.
//
//   node audit.mjs http://127.0.0.1:8000/graphql [--json]
//
// Prints every audit grouped as MUST, SHOULD and MAY; exits non-zero when a MUST or a SHOULD
// audit fails (MAY results are reported only). --json prints the results as one JSON object.
import { auditServer } from 'graphql-http';

const [url, flag] = process.argv.slice(2);
if (!url) {
  console.error('usage: node audit.mjs URL [--json]');
  process.exit(2);
}

const results = await auditServer({ url });
const levels = ['MUST', 'SHOULD', 'MAY'];
const grouped = Object.fromEntries(levels.map((level) => [level, []]));
for (const result of results) {
  const level = levels.find((name) => result.name.startsWith(name));
  grouped[level].push({
    id: result.id,
    name: result.name,
    ok: result.status === 'ok',
    reason: result.status === 'ok' ? null : result.reason,
  });
}

if (flag === '--json') {
  console.log(JSON.stringify(grouped, null, 2));
} else {
  for (const level of levels) {
    const passed = grouped[level].filter((audit) => audit.ok).length;
    console.log(`${level}: ${passed}/${grouped[level].length} pass`);
    for (const audit of grouped[level].filter((audit) => !audit.ok)) {
      console.log(`  FAIL ${audit.id} ${audit.name}: ${audit.reason}`);
    }
  }
}
const failed = [...grouped.MUST, ...grouped.SHOULD].filter((audit) => !audit.ok);
process.exit(failed.length ? 1 : 0);
