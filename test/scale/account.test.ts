import {
	account,
	changeId,
	describeUnanswered,
	expectedChanges,
	type DeliveryRecord,
} from '../../scripts/scale/account';
import { LOAD_TIME_BASE, type LoadDelivery } from '../../scripts/reliability/load';

const delivery = (index: number, keys: string[]): LoadDelivery => ({
	index,
	keys,
	body: Buffer.from('{}'),
	signature: 'sha256=00',
	changes: keys.length,
});
const sends = (n: number) =>
	Array.from({ length: n }, () => ({
		url: 'http://127.0.0.1/webhook',
		status: 200,
		startedAt: 0,
		ms: 1,
	}));
const record = (d: LoadDelivery, attempts: number): DeliveryRecord => ({
	delivery: d,
	attempts: sends(attempts),
});
const success = (id: string, d: LoadDelivery) => ({
	id,
	status: 'success',
	keys: expectedChanges(d),
});

describe('queue-mode accounting', () => {
	const a = delivery(0, ['messages:aaa', 'messages:bbb']);
	const b = delivery(1, ['account_update:ccc']);
	// the same change hash as b (same fixture), another delivery
	const c = delivery(209, ['account_update:ccc']);

	it('counts a delivery delivered when every change is in a successful execution', () => {
		const result = account(
			[record(a, 1), record(b, 1), record(c, 1)],
			[success('1', a), success('2', b), success('3', c)],
		);
		expect(result).toMatchObject({
			sent: 3,
			delivered: 3,
			lost: 0,
			duplicateExecutions: 0,
			unexplained: [],
		});
	});

	it('counts a delivery lost when its only execution failed, and tells deliveries sharing a dedupKey apart by entry time', () => {
		const result = account(
			[record(a, 1), record(b, 1), record(c, 1)],
			[success('1', a), { id: '2', status: 'error', keys: [] }, success('3', c)],
		);
		expect(result).toMatchObject({
			delivered: 2,
			lost: 1,
			lostIndexes: [1],
			byStatus: { success: 2, error: 1 },
		});
		expect(result.lostExamples).toEqual([
			`delivery 1: ${changeId('account_update:ccc', LOAD_TIME_BASE + 1)}`,
		]);
	});

	it('counts a delivery lost when one of its changes is missing', () => {
		const partial = {
			id: '1',
			status: 'success',
			keys: [changeId('messages:aaa', LOAD_TIME_BASE)],
		};
		expect(account([record(a, 1)], [partial])).toMatchObject({ delivered: 0, lost: 1 });
	});

	it('allows a duplicate execution only for a delivery the client sent again', () => {
		expect(account([record(a, 2)], [success('1', a), success('2', a)])).toMatchObject({
			delivered: 1,
			duplicateExecutions: 1,
			unexplained: [],
			redelivered: 1,
			sends: 2,
		});
		expect(account([record(a, 1)], [success('1', a), success('2', a)]).unexplained).toEqual([
			'delivery 0: 2 executions for 1 sends',
		]);
	});

	it('reports an execution holding a change no delivery carries', () => {
		const stray = { id: '9', status: 'success', keys: [changeId('messages:zzz', LOAD_TIME_BASE)] };
		expect(account([record(a, 1)], [success('1', a), stray]).unexplained).toEqual([
			`an execution holds ${changeId('messages:zzz', LOAD_TIME_BASE)}, which no delivery carries`,
		]);
	});

	it('names a send that got no answer although its execution had already succeeded', () => {
		const unanswered = {
			url: 'http://127.0.0.1/webhook',
			status: 0,
			error: 'no answer within 30000 ms',
			startedAt: 1_000_000,
			ms: 30_000,
		};
		const answered = { url: 'http://127.0.0.1/webhook', status: 200, startedAt: 1_031_000, ms: 5 };
		const result = account(
			[{ delivery: a, attempts: [unanswered, answered] }],
			[
				{ ...success('1', a), stoppedAt: 1_000_400 },
				{ ...success('2', a), stoppedAt: 1_031_100 },
			],
		);
		expect(result).toMatchObject({ delivered: 1, duplicateExecutions: 1, unexplained: [] });
		expect(result.unanswered.map(describeUnanswered)).toEqual([
			'delivery 0: sent to http://127.0.0.1/webhook, its execution succeeded 400 ms later, no answer for 30000 ms (no answer within 30000 ms)',
		]);
		// an execution that ended only as the client gave up is not counted
		expect(
			account(
				[{ delivery: a, attempts: [unanswered, answered] }],
				[{ ...success('1', a), stoppedAt: 1_029_500 }],
			).unanswered,
		).toEqual([]);
	});
});
