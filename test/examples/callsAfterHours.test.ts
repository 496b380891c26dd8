/**
 * examples/whatsapp-calls-after-hours.json: its "Open Now?" condition, evaluated by n8n's own
 * expression engine on the "Opening Hours" fields, decides as the opening hours say (open every
 * day round the clock, never open, open only on a day that is not today); and the trigger's
 * item of Meta's documented call connect is one the example's Incoming Call filter keeps, with
 * the phone number ID and call ID that Call > Reject reads. (The e2e runs the whole example in
 * a real n8n against the Graph stand-in: scripts/e2e/scenarios/calls.ts.)
 */
import * as fs from 'fs';

import { Workflow } from 'n8n-workflow';
import type { INodeParameters, INodeTypes } from 'n8n-workflow';

import { fromRoot } from '../../scripts/lib/repoRoot';
import { fixtureBytes } from '../../scripts/lib/fixtures';
import { DEFAULT_DELIVERY_OPTIONS } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/options';
import { processDelivery } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/processDelivery';
import { signBody } from '../../nodes/shared/webhook/signature';

interface Node {
	name: string;
	type: string;
	parameters: Record<string, any>;
}
const example = JSON.parse(
	fs.readFileSync(fromRoot('examples', 'whatsapp-calls-after-hours.json'), 'utf8'),
) as { nodes: Node[] };
const node = (name: string) => example.nodes.find((n) => n.name === name)!;

const nodeTypes: INodeTypes = {
	getByName: () => undefined as never,
	getByNameAndVersion: () => undefined as never,
	getKnownTypes: () => ({}),
};

/** "Open Now?" for these Opening Hours fields, as n8n resolves the condition's expression. */
function openNow(hours: Record<string, string>): unknown {
	const condition = node('Open Now?').parameters.conditions.conditions[0].leftValue as string;
	const workflow = new Workflow({
		id: 'w',
		nodes: [
			{
				name: 'Open Now?',
				type: 'n8n-nodes-base.if',
				typeVersion: 2.2,
				position: [0, 0],
				id: 'i',
				parameters: {} as INodeParameters,
			},
		],
		connections: {},
		active: false,
		nodeTypes,
		settings: {},
	});
	return workflow.expression.getParameterValue(
		condition,
		null,
		0,
		0,
		'Open Now?',
		[{ json: hours }],
		'manual',
		{},
	);
}

const defaults = Object.fromEntries(
	(node('Opening Hours').parameters.assignments.assignments as Array<{ name: string; value: string }>).map(
		(a) => [a.name, a.value],
	),
);

describe('the example decides by its opening hours', () => {
	it('open every day round the clock: open', () => {
		expect(
			openNow({ ...defaults, openDays: '1,2,3,4,5,6,7', opensAt: '00:00', closesAt: '24:00' }),
		).toBe(true);
	});

	it('never open (no day): closed', () => {
		expect(openNow({ ...defaults, openDays: '' })).toBe(false);
	});

	it('open round the clock, but only on another day of the week: closed', () => {
		// ISO weekday (Monday 1 … Sunday 7) in the opening hours' time zone, as Luxon's `weekday`
		const short = new Intl.DateTimeFormat('en-US', {
			timeZone: defaults.timeZone,
			weekday: 'short',
		}).format(new Date());
		const today = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(short) + 1;
		const other = String((today % 7) + 1);
		expect(openNow({ ...defaults, openDays: other, opensAt: '00:00', closesAt: '24:00' })).toBe(
			false,
		);
	});
});

describe("the trigger's item of a user's call", () => {
	const raw = fixtureBytes('webhooks/calls/connect-user-initiated.json');
	const [item] = (processDelivery(raw, { 'x-hub-signature-256': signBody(raw, 'calls-example') }, 'calls-example', {
		...DEFAULT_DELIVERY_OPTIONS,
		outputMode: 'message',
	}).outputs?.[0] ?? []) as Array<Record<string, any>>;

	it('passes the Incoming Call filter', () => {
		for (const condition of node('Incoming Call').parameters.conditions.conditions as Array<{
			leftValue: string;
			rightValue: string;
		}>) {
			const key = /\$json\.(\w+)/.exec(condition.leftValue)![1];
			expect({ key, value: item[key] }).toEqual({ key, value: condition.rightValue });
		}
	});

	it('gives Call > Reject the phone number ID and the call ID', () => {
		const reject = node('Reject Call').parameters;
		expect(reject).toMatchObject({ resource: 'call', operation: 'reject' });
		expect(reject.callId).toContain("$('Incoming Call').item.json.callId");
		expect(item.callId).toBe('wacid.HBgLMTY1MDU1NTEyMzQVAgARGCAyODRQIAFRoA');
		expect(item.phoneNumberId).toBe('106540352242922');
	});
});
