// The calls example (examples/whatsapp-calls-after-hours.json) imported into the real n8n and
// run against the Graph stand-in's calls part (scripts/lib/metaGraphCalls.ts): signed `calls`
// deliveries from the stand-in's Meta sender reach the trigger's production URL, one per call
// as Meta sends a user's call (connect, with the SDP offer). The opening hours are set to
// "never open", so each call is rejected at the stand-in (the call's state proves it), the
// caller is told when to call (delivered when the caller wrote in the last 24 hours, refused
// by the stand-in's 24-hour window otherwise, and the workflow goes on), and the callback task
// names the caller. A terminate event starts no execution (the trigger keeps calls:connect).

import { MetaGraphStub } from '../../lib/metaGraphStub';
import { postSigned } from '../../lib/metaSender';
import type { Answer } from '../../lib/n8n/client';
import type { N8n } from '../../lib/n8n/instance';
import { nodeOutput, TRIGGER_TYPE } from '../../lib/n8n/workflows';
import { sleep } from '../../lib/sleep';
import type { Check, Step } from '../lib/checks';
import { exampleWorkflow, standInCredentials } from '../lib/exampleImport';
import { waitForHandshake } from '../lib/published';

const APP = {
	id: '3456789012345678',
	secret: '426dc2cdd824dbab26ddb545a9188602',
	name: 'E2E Calls',
};
const VERIFY_TOKEN = 'e2e-calls-8b2d41f0';
const WABA = '102290129340398';
const NUMBER = { id: '106540352242922', displayPhoneNumber: '15550783881' };

/** A `calls` change as Meta delivers it. */
function delivery(value: Record<string, unknown>): string {
	return JSON.stringify({
		object: 'whatsapp_business_account',
		entry: [
			{ id: WABA, time: Math.floor(Date.now() / 1000), changes: [{ field: 'calls', value }] },
		],
	});
}

export async function callsChecks(
	n8n: N8n,
	{ check, step }: { check: Check; step: Step },
): Promise<void> {
	step('Calls example (examples/whatsapp-calls-after-hours.json) against the Graph stand-in');
	const graph = await MetaGraphStub.start();
	try {
		graph.addApp(APP);
		const token = graph.addSystemUserToken(APP.id);
		graph.addPhoneNumber(WABA, NUMBER);
		const credentials = await standInCredentials(n8n, 'Calls', {
			graphUrl: graph.url,
			app: APP,
			token,
			verifyToken: VERIFY_TOKEN,
		});
		const workflow = exampleWorkflow('whatsapp-calls-after-hours.json', credentials, (node) => {
			// closed every day, whenever the e2e runs
			if (node.name === 'Opening Hours')
				for (const a of node.parameters.assignments.assignments)
					if (a.name === 'openDays') a.value = '';
		});
		const created = await n8n.importWorkflow(workflow);
		const trigger = workflow.nodes.find((n) => n.type === TRIGGER_TYPE) as Answer;
		const url = `${n8n.baseUrl}/webhook/${trigger.webhookId}/webhook`;
		const ready = await waitForHandshake(url, VERIFY_TOKEN);
		check('calls: example imported and published', ready === 200, url);

		const callers = [
			{ who: 'a caller who wrote today', phone: '16505551234', wroteToday: true },
			{ who: 'a caller who never wrote', phone: '16505559876', wroteToday: false },
		];
		for (const [index, caller] of callers.entries()) {
			if (caller.wroteToday) graph.messaging.recordInbound(NUMBER.id, { phone: caller.phone }, {});
			const { callId, value } = graph.calls.incoming(NUMBER.id, caller.phone);
			const res = await postSigned(url, delivery(value), APP.secret);
			const executions = await n8n.waitForExecutions(created.id, index + 1, {
				timeoutMs: 60_000,
				settleMs: 800,
			});
			const execution = executions.sort((a, b) => Number(a.id) - Number(b.id))[index];
			check(
				`calls: ${caller.who}: delivery accepted, execution succeeded`,
				res.status === 200 && execution?.status === 'success',
				`${res.status}, execution ${execution?.status} ${JSON.stringify(execution?.data?.resultData?.error?.message ?? '')}`,
			);
			check(
				`calls: ${caller.who}: the call is rejected at Meta (Call > Reject with the trigger item's callId)`,
				graph.calls.calls.get(callId)?.state === 'REJECTED',
				JSON.stringify(graph.calls.calls.get(callId)),
			);
			const told = graph.messaging.sent.find((m) => (m.body as Answer).to === `+${caller.phone}`);
			check(
				caller.wroteToday
					? `calls: ${caller.who}: told when to call, from the number called`
					: `calls: ${caller.who}: no message (Meta's 24-hour window is closed), the workflow goes on`,
				caller.wroteToday
					? told?.phoneNumberId === NUMBER.id &&
							String((told.body as Answer).text?.body).includes('Monday to Friday')
					: told === undefined,
				JSON.stringify(told?.body ?? graph.messaging.sent.map((m) => m.body)).slice(0, 300),
			);
			const task: Answer[] = nodeOutput(execution, 'Callback Task') ?? [];
			check(
				`calls: ${caller.who}: one callback task naming the caller and the call`,
				task.length === 1 &&
					task[0].phone === caller.phone &&
					task[0].callId === callId &&
					task[0].phoneNumberId === NUMBER.id &&
					task[0].callerTold === caller.wroteToday &&
					typeof task[0].calledAt === 'string',
				JSON.stringify(task[0] ?? {}).slice(0, 300),
			);
		}

		// the call's end: filtered out by the trigger (Event: calls:connect), no execution
		const ended = graph.calls.incoming(NUMBER.id, '16505550000');
		const calls = ended.value.calls as Array<Record<string, unknown>>;
		calls[0] = { ...calls[0], event: 'terminate', status: 'COMPLETED', duration: 3 };
		delete calls[0].session;
		const res = await postSigned(url, delivery(ended.value), APP.secret);
		await sleep(2_000);
		const all = await n8n.waitForExecutions(created.id, callers.length, {
			timeoutMs: 5_000,
			settleMs: 500,
		});
		check(
			'calls: a terminate event is answered 200 and starts no execution',
			res.status === 200 && all.length === callers.length,
			`${res.status}, ${all.length} executions`,
		);
	} finally {
		await graph.close();
	}
}
