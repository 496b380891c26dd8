/**
 * The example workflows (examples/*.json) use only n8n's core nodes besides ours, and every
 * parameter they give our nodes is one the nodes have, with a value the nodes offer. (npm run
 * test:e2e imports and runs each of them in a real n8n.)
 */
import * as fs from 'fs';
import * as path from 'path';
import { Workflow } from 'n8n-workflow';
import type {
	IDataObject,
	INodeParameters,
	INodeProperties,
	INodePropertyOptions,
	INodeTypes,
} from 'n8n-workflow';

import { fromRoot } from '../../scripts/lib/repoRoot';
import { WhatsAppBusinessAccount } from '../../nodes/WhatsAppBusinessAccount/WhatsAppBusinessAccount.node';
import { WhatsAppBusinessAccountTrigger } from '../../nodes/WhatsAppBusinessAccountTrigger/WhatsAppBusinessAccountTrigger.node';
import { WhatsAppFlowEndpointTrigger } from '../../nodes/WhatsAppFlowEndpointTrigger/WhatsAppFlowEndpointTrigger.node';
import { eventOptionsFor } from '../../nodes/WhatsAppBusinessAccountTrigger/properties';
import { DEFAULT_DELIVERY_OPTIONS } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/options';
import { processDelivery } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/processDelivery';
import { signBody } from '../../nodes/shared/webhook/signature';

const EXAMPLES = fromRoot('examples');
const PACKAGE = 'n8n-nodes-whatsapp-business-account';
const ours: Record<string, INodeProperties[]> = {
	[`${PACKAGE}.whatsAppBusinessAccountTrigger`]: new WhatsAppBusinessAccountTrigger().description
		.properties,
	[`${PACKAGE}.whatsAppBusinessAccount`]: new WhatsAppBusinessAccount().description.properties,
	[`${PACKAGE}.whatsAppFlowEndpointTrigger`]: new WhatsAppFlowEndpointTrigger().description
		.properties,
};

interface ExampleNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}
const examples = fs
	.readdirSync(EXAMPLES)
	.filter((f) => f.endsWith('.json'))
	.map((file) => ({
		file,
		workflow: JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8')) as {
			name: string;
			nodes: ExampleNode[];
			connections: Record<string, unknown>;
		},
	}));

const optionValues = (p: INodeProperties) =>
	((p.options ?? []) as INodePropertyOptions[]).map((o) => o.value);

test('the four examples the README links are there', () => {
	expect(examples.map((e) => e.file).sort()).toEqual(
		expect.arrayContaining([
			'account-health-alerts.json',
			'reply-ready-inbound-messages.json',
			'subscribe-app-and-verify-override.json',
			'template-status-to-chat.json',
		]),
	);
	const readme = fs.readFileSync(fromRoot('README.md'), 'utf8');
	for (const { file } of examples) expect(readme).toContain(`examples/${file}`);
});

describe.each(examples)('$file', ({ workflow }) => {
	test('uses only n8n core nodes besides ours, connected by name', () => {
		for (const node of workflow.nodes)
			expect(node.type in ours || node.type.startsWith('n8n-nodes-base.')).toBe(true);
		const names = new Set(workflow.nodes.map((n) => n.name));
		for (const [from, outputs] of Object.entries(workflow.connections)) {
			expect(names.has(from)).toBe(true);
			for (const branch of (outputs as { main: Array<Array<{ node: string }>> }).main)
				for (const c of branch) expect(names.has(c.node)).toBe(true);
		}
	});

	test('gives our nodes only parameters and values they have, and no credential ids', () => {
		for (const node of workflow.nodes.filter((n) => n.type in ours)) {
			const properties = ours[node.type];
			for (const [name, value] of Object.entries(node.parameters)) {
				const candidates = properties.filter((p) => p.name === name);
				expect({ node: node.name, name, known: candidates.length > 0 }).toEqual({
					node: node.name,
					name,
					known: true,
				});
				// the Event Filter's choices depend on the fields chosen
				const choices =
					name === 'events'
						? eventOptionsFor((node.parameters.fields as string[]) ?? []).map((o) => o.value)
						: candidates.flatMap(optionValues);
				if (['options', 'multiOptions'].includes(candidates[0].type) && typeof value !== 'object')
					expect(choices).toContain(value);
				if (candidates[0].type === 'multiOptions' && Array.isArray(value))
					for (const v of value)
						expect({ name, v, offered: choices.includes(v) }).toEqual({ name, v, offered: true });
			}
			for (const credential of Object.values(node.credentials ?? {}))
				expect(credential.id).toBe('');
		}
	});
});

describe('reply-ready-inbound-messages.json: the reply fields of each message item the trigger emits', () => {
	const example = examples.find((e) => e.file === 'reply-ready-inbound-messages.json')!.workflow;
	const set = example.nodes.find((n) => n.name === 'Reply-Ready Message')!;
	const assignments = (
		set.parameters.assignments as { assignments: Array<{ name: string; value: string }> }
	).assignments;
	const nodeTypes: INodeTypes = {
		getByName: () => undefined as never,
		getByNameAndVersion: () => undefined as never,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({
		id: 'w',
		nodes: [
			{
				...set,
				parameters: set.parameters as INodeParameters,
				id: 's',
				typeVersion: 3.4,
				position: [0, 0],
			},
		],
		connections: {},
		active: false,
		nodeTypes,
		settings: {},
	});

	/** The Set node's fields for the trigger's items of a delivery, as n8n's expression engine resolves them. */
	function replyFields(fixture: string): Array<Record<string, unknown>> {
		const raw = fs.readFileSync(
			path.join(__dirname, '..', '..', 'fixtures', 'webhooks', 'messages', `${fixture}.json`),
		);
		const result = processDelivery(
			raw,
			{ 'x-hub-signature-256': signBody(raw, 'examples-secret') },
			'examples-secret',
			{ ...DEFAULT_DELIVERY_OPTIONS, outputMode: 'message' },
		);
		const items = ((result.outputs?.[0] ?? []) as IDataObject[])
			.filter((item) => item.kind === 'message')
			.map((json) => ({ json }));
		return items.map((_, itemIndex) =>
			Object.fromEntries(
				assignments.map((a) => [
					a.name,
					workflow.expression.getParameterValue(
						a.value,
						null,
						0,
						itemIndex,
						set.name,
						items,
						'manual',
						{},
					),
				]),
			),
		);
	}

	test('a customer with a phone number: to is the phone with + (the wa_id is international; Meta reads a number without + as local)', () => {
		expect(replyFields('text')).toEqual([
			expect.objectContaining({
				to: '+16505551234',
				toKind: 'phone',
				name: 'Sheena Nelson',
				text: expect.any(String),
				phoneNumberId: '106540352242922',
			}),
		]);
	});

	test('a customer known only by BSUID (from_user_id, no from): to is the BSUID, not empty', () => {
		expect(replyFields('bsuid-text')).toEqual([
			expect.objectContaining({
				to: 'US.13491208655302741918',
				toKind: 'userId',
				name: 'Sheena Nelson',
				text: 'Hello from my username account',
				replyTo: 'wamid.HBgLMTIwNjY3NzQ3OTgVAgASGBQzQUY3MDVCQzFBODE5ODU4MUZEOQA=',
			}),
		]);
	});
});
