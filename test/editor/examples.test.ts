/* eslint-disable @n8n/community-nodes/no-restricted-imports -- a test: runs outside n8n, not published */
/**
 * The example workflows (examples/*.json) use only n8n's core nodes besides ours, and every
 * parameter they give our nodes is one the nodes have, with a value the nodes offer. (npm run
 * test:e2e imports and runs each of them in a real n8n.)
 */
import * as fs from 'fs';
import * as path from 'path';
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { fromRoot } from '../../scripts/lib/repoRoot';
import { WhatsAppBusinessAccount } from '../../nodes/WhatsAppBusinessAccount/WhatsAppBusinessAccount.node';
import { WhatsAppBusinessAccountTrigger } from '../../nodes/WhatsAppBusinessAccountTrigger/WhatsAppBusinessAccountTrigger.node';
import { eventOptionsFor } from '../../nodes/WhatsAppBusinessAccountTrigger/properties';

const EXAMPLES = fromRoot('examples');
const PACKAGE = 'n8n-nodes-whatsapp-business-account';
const ours: Record<string, INodeProperties[]> = {
	[`${PACKAGE}.whatsAppBusinessAccountTrigger`]: new WhatsAppBusinessAccountTrigger().description.properties,
	[`${PACKAGE}.whatsAppBusinessAccount`]: new WhatsAppBusinessAccount().description.properties,
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
	.map((file) => ({ file, workflow: JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8')) as { name: string; nodes: ExampleNode[]; connections: Record<string, unknown> } }));

const optionValues = (p: INodeProperties) => ((p.options ?? []) as INodePropertyOptions[]).map((o) => o.value);

test('the four examples the README links are there', () => {
	expect(examples.map((e) => e.file).sort()).toEqual(
		expect.arrayContaining(['account-health-alerts.json', 'reply-ready-inbound-messages.json', 'subscribe-app-and-verify-override.json', 'template-status-to-chat.json']),
	);
	const readme = fs.readFileSync(fromRoot('README.md'), 'utf8');
	for (const { file } of examples) expect(readme).toContain(`examples/${file}`);
});

describe.each(examples)('$file', ({ workflow }) => {
	test('uses only n8n core nodes besides ours, connected by name', () => {
		for (const node of workflow.nodes) expect(node.type in ours || node.type.startsWith('n8n-nodes-base.')).toBe(true);
		const names = new Set(workflow.nodes.map((n) => n.name));
		for (const [from, outputs] of Object.entries(workflow.connections)) {
			expect(names.has(from)).toBe(true);
			for (const branch of (outputs as { main: Array<Array<{ node: string }>> }).main) for (const c of branch) expect(names.has(c.node)).toBe(true);
		}
	});

	test('gives our nodes only parameters and values they have, and no credential ids', () => {
		for (const node of workflow.nodes.filter((n) => n.type in ours)) {
			const properties = ours[node.type];
			for (const [name, value] of Object.entries(node.parameters)) {
				const candidates = properties.filter((p) => p.name === name);
				expect({ node: node.name, name, known: candidates.length > 0 }).toEqual({ node: node.name, name, known: true });
				// the Event Filter's choices depend on the fields chosen
				const choices = name === 'events' ? eventOptionsFor((node.parameters.fields as string[]) ?? []).map((o) => o.value) : candidates.flatMap(optionValues);
				if (['options', 'multiOptions'].includes(candidates[0].type) && typeof value !== 'object') expect(choices).toContain(value);
				if (candidates[0].type === 'multiOptions' && Array.isArray(value)) for (const v of value) expect({ name, v, offered: choices.includes(v) }).toEqual({ name, v, offered: true });
			}
			for (const credential of Object.values(node.credentials ?? {})) expect(credential.id).toBe('');
		}
	});
});
