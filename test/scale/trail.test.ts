import { parseBullMessage } from '../../scripts/scale/bullEvents';
import {
	dataMentionsDelivery,
	describeAttempt,
	idsInLogLine,
	storedError,
} from '../../scripts/scale/trail';
import { LOAD_TIME_BASE } from '../../scripts/reliability/load';

describe("a lost delivery's trail", () => {
	it("reads Bull's published messages as job events", () => {
		expect(parseBullMessage('bull:jobs:active', '812')).toEqual({ event: 'active', jobId: '812' });
		expect(parseBullMessage('bull:jobs:waiting@4f2c', '813')).toEqual({
			event: 'waiting',
			jobId: '813',
		});
		expect(parseBullMessage('bull:jobs:stalled@', '814')).toEqual({
			event: 'stalled',
			jobId: '814',
		});
		expect(
			parseBullMessage('bull:jobs:completed', '{"jobId":"815","val":"{\\"success\\":true}"}'),
		).toEqual({ event: 'completed', jobId: '815', detail: '{"success":true}' });
		expect(
			parseBullMessage(
				'bull:jobs:failed',
				'{"jobId":"816", "val": "job stalled more than maxStalledCount"}',
			),
		).toEqual({
			event: 'failed',
			jobId: '816',
			detail: 'job stalled more than maxStalledCount',
		});
		expect(
			parseBullMessage(
				'bull:jobs:progress',
				'{"jobId":"817","progress":{"kind":"job-finished","executionId":"9001","success":true}}',
			),
		).toEqual({
			event: 'progress',
			jobId: '817',
			detail: '{"kind":"job-finished","executionId":"9001","success":true}',
		});
		// events without a job, and other queues' channels
		expect(parseBullMessage('bull:jobs:delayed', '1765000000')).toBeUndefined();
		expect(parseBullMessage('bull:jobs:drained', '')).toBeUndefined();
		expect(parseBullMessage('other:queue:active', '1')).toBeUndefined();
	});

	it("finds the execution and job ids n8n's JSON log lines name", () => {
		const enqueued =
			'{"level":"info","message":"Enqueued execution 9001 (job 8990)","metadata":{"executionId":"9001","jobId":"8990","timestamp":"2026-12-06T22:00:00.000Z"}}';
		expect(idsInLogLine(enqueued)).toEqual({ executionIds: ['9001'], jobIds: ['8990'] });
		const problem =
			'{"level":"error","message":"Problem with execution 9002: job stalled more than maxStalledCount. Aborting.","metadata":{}}';
		expect(idsInLogLine(problem)).toEqual({ executionIds: ['9002'], jobIds: [] });
		expect(
			idsInLogLine('Started execution of workflow "w" from webhook with execution ID 9003'),
		).toEqual({ executionIds: ['9003'], jobIds: [] });
		expect(
			idsInLogLine('{"level":"info","message":"Webhook listener waiting for requests."}'),
		).toEqual({ executionIds: [], jobIds: [] });
	});

	it("tells an execution's stored data holding the delivery from another delivery's", () => {
		const delivery = { index: 8005, keys: ['account_update:5f1e'] };
		const holding = JSON.stringify([
			{ a: '1' },
			{ dedupKey: '2', time: LOAD_TIME_BASE + 8005 },
			'account_update:5f1e',
		]);
		expect(dataMentionsDelivery(holding, delivery)).toBe(true);
		// the same change hash (same fixture), another delivery's entry time
		const sameFixture = JSON.stringify([
			{ a: '1' },
			{ dedupKey: '2', time: LOAD_TIME_BASE + 209 },
			'account_update:5f1e',
		]);
		expect(dataMentionsDelivery(sameFixture, delivery)).toBe(false);
		expect(dataMentionsDelivery(JSON.stringify([{ time: LOAD_TIME_BASE + 8005 }]), delivery)).toBe(
			false,
		);
	});

	it('reads the error n8n stored with an execution', () => {
		const stored = JSON.stringify([
			{ resultData: '1' },
			{ error: '2', runData: '3' },
			{ name: '4', message: '5' },
			{},
			'MaxStalledCountError',
			'job stalled more than maxStalledCount',
		]);
		expect(storedError(stored)).toBe('MaxStalledCountError: job stalled more than maxStalledCount');
		expect(
			storedError(JSON.stringify([{ resultData: '1' }, { runData: '2' }, {}])),
		).toBeUndefined();
		expect(storedError('not flatted')).toBeUndefined();
	});

	it('describes each send with its webhook processor and answer', () => {
		const processorOf = (url: string) => (url.includes(':5679') ? 'webhook-2' : 'webhook-1');
		const answered = {
			url: 'http://127.0.0.1:5679/webhook/x/webhook',
			status: 200,
			text: '',
			startedAt: Date.UTC(2026, 11, 6, 22, 0, 0),
			ms: 812,
		};
		expect(describeAttempt(2, answered, processorOf)).toBe(
			'send 2: 2026-12-06T22:00:00.000Z to webhook-2 (http://127.0.0.1:5679/webhook/x/webhook): HTTP 200 after 812 ms',
		);
		const refused = {
			url: 'http://127.0.0.1:5678/webhook/x/webhook',
			status: 0,
			error: 'connect ECONNREFUSED 127.0.0.1:5678',
			startedAt: Date.UTC(2026, 11, 6, 22, 0, 1),
			ms: 3,
			reusedSocket: true,
		};
		expect(describeAttempt(1, refused, processorOf)).toBe(
			'send 1: 2026-12-06T22:00:01.000Z to webhook-1 (http://127.0.0.1:5678/webhook/x/webhook): no answer (connect ECONNREFUSED 127.0.0.1:5678) after 3 ms, on a reused connection',
		);
	});
});
