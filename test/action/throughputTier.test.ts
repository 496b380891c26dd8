import {
	pacedRate,
	readThroughputLevel,
} from '../../nodes/WhatsAppBusinessAccount/transport/throughputTier';
import { createLoadOptionsContext } from './support/runner';
import { graph, graphError, versionPath } from './support/graph';
import { useGraphMocks } from './support/setup';

useGraphMocks();

const PHONE_NUMBER_ID = '106540352242922';

describe('the pace of a campaign from the number throughput level', () => {
	it.each([
		['STANDARD', undefined, 80],
		['HIGH', undefined, 1000],
		[undefined, undefined, 80],
		['NOT_APPLICABLE', undefined, 80],
		['HIGH', 200, 200],
		['STANDARD', 500, 80],
		['STANDARD', 20, 20],
		[undefined, 500, 500],
	])('level %s with Messages Per Second %s paces at %s a second', (level, cap, rate) => {
		expect(pacedRate(level, cap)).toBe(rate);
	});

	it('reads the level as Graph answers GET /{phone-number-id}?fields=throughput', async () => {
		graph()
			.get(versionPath(`/${PHONE_NUMBER_ID}`))
			.query((q) => q.fields === 'throughput')
			.reply(200, { throughput: { level: 'HIGH' }, id: PHONE_NUMBER_ID });
		const context = createLoadOptionsContext({ parameters: {} });
		await expect(readThroughputLevel(context, PHONE_NUMBER_ID)).resolves.toBe('HIGH');
	});

	it("passes on Graph's refusal after one try (the campaign then goes at Meta's default pace)", async () => {
		graph()
			.get(versionPath(`/${PHONE_NUMBER_ID}`))
			.query((q) => q.fields === 'throughput')
			.reply(
				400,
				graphError(100, 'Unsupported get request.', {
					type: 'GraphMethodException',
					error_subcode: 33,
				}),
			);
		const context = createLoadOptionsContext({ parameters: {} });
		await expect(readThroughputLevel(context, PHONE_NUMBER_ID)).rejects.toThrow(
			/Unsupported get request/,
		);
	});
});
