/**
 * The key check: every bundled fixture, replayed at the trigger run in-process through
 * n8n-core, is answered and split into exactly the items its expectation lists.
 */
import * as path from 'path';

import { DEFAULT_SECRET, DEFAULT_VERIFY_TOKEN } from '../../scripts/lib/replay/cli';
import { enumerateInputs, type Delivery } from '../../scripts/lib/replay/inputs';
import { replay } from '../../scripts/lib/replay/run';
import { InProcessTarget } from '../../scripts/lib/replay/targets';
import { REPO_ROOT } from '../../scripts/lib/repoRoot';
import { FIXTURES_DIR } from '../../scripts/lib/fixtures';

/**
 * Fixtures whose expectation the trigger does not meet today, pending a decision on which side
 * is wrong. They run as `test.failing`: once the two agree the test fails, so the entry is
 * removed rather than forgotten. Keep this list empty whenever possible.
 */
const deliveries = enumerateInputs([FIXTURES_DIR]);
const toCase = (d: Delivery) =>
	[path.relative(REPO_ROOT, d.source).split(path.sep).join('/'), d] as [string, Delivery];
const cases = deliveries.map(toCase);

let target: InProcessTarget;
beforeAll(async () => {
	target = await InProcessTarget.start({
		secret: DEFAULT_SECRET,
		verifyToken: DEFAULT_VERIFY_TOKEN,
	});
});
afterAll(async () => {
	await target?.close();
});

test('the fixtures hold deliveries of every kind', () => {
	expect(deliveries.length).toBeGreaterThan(150);
	expect(deliveries.some((d) => d.kind === 'recorded')).toBe(true);
});

async function expectAsExpected(delivery: Delivery) {
	expect(delivery.error).toBeUndefined();
	// every fixture states what the trigger must make of it
	expect(delivery.expected).toBeDefined();
	const [result] = await replay([delivery], { target, secret: DEFAULT_SECRET });
	expect(result.error).toBeUndefined();
	expect(result.unchecked).toBeUndefined();
	expect(result.ok).toBe(true);
}

test.each(cases)('%s', async (_source, delivery) => expectAsExpected(delivery));
