import { configureGraphRetries, resetGraphRetries } from '../../support/graphRetries';
import nock from '../../support/nock';

/**
 * Blocks real network access, records back-off waits instead of sleeping (the delays the
 * transport asks for are still the real ones), and fails a test that left a Graph mock
 * unused.
 */
export function useGraphMocks(): { sleeps: number[] } {
	const sleeps: number[] = [];
	beforeAll(() => nock.disableNetConnect());
	beforeEach(() => {
		sleeps.length = 0;
		configureGraphRetries({
			maxAttempts: 3,
			baseDelayMs: 1_000,
			maxDelayMs: 60_000,
			sleep: async (ms: number) => {
				sleeps.push(ms);
			},
		});
	});
	afterEach(() => {
		const pending = nock.pendingMocks();
		nock.cleanAll();
		resetGraphRetries();
		if (pending.length) throw new Error(`Graph mocks not called: ${pending.join(', ')}`);
	});
	afterAll(() => nock.enableNetConnect());
	return { sleeps };
}
