/**
 * Saved workflows keep working: every node and credential name, parameter name and option value
 * the previous release had (test/editor/savedParameters.json, written by
 * scripts/editor/savedParameters.ts from release commit 86e2f46) still exists, for the same
 * resource, operation and other display conditions. New ones may be added.
 */

import { loadPackageTypes, savedParameters } from '../../scripts/lib/savedParameters';
import released from './savedParameters.json';
import { REPO_ROOT } from '../../scripts/lib/repoRoot';

const root = REPO_ROOT;
const { nodes, credentials } = loadPackageTypes(root);

test('every saved name and value of the previous release still exists', () => {
	const now = new Set(savedParameters(nodes, credentials));
	const missing = (released as string[]).filter((line) => !now.has(line));
	expect(missing).toEqual([]);
});

test('every node and credential of package.json is listed', () => {
	expect(nodes.map((node) => node.name).sort()).toEqual([
		'whatsAppBusinessAccount',
		'whatsAppBusinessAccountTrigger',
		'whatsAppFlowEndpointTrigger',
	]);
	expect(credentials.map((credential) => credential.name).sort()).toEqual([
		'whatsAppBusinessAccountApi',
		'whatsAppBusinessAccountWebhookApi',
		'whatsAppFlowEndpointApi',
		'whatsAppN8nApi',
	]);
});

describe('the listing', () => {
	const node = nodes.find((n) => n.name === 'whatsAppBusinessAccount')!;
	const lines = new Set(savedParameters([node], []));

	test('names a renamed option value under its display conditions', () => {
		const renamed = {
			...node,
			properties: node.properties.map((p) =>
				p.name === 'operation' && p.displayOptions?.show?.resource?.includes('message')
					? {
							...p,
							options: p.options!.map((o) =>
								'value' in o && o.value === 'sendText' ? { ...o, value: 'sendTextMessage' } : o,
							),
						}
					: p,
			),
		};
		const after = new Set(savedParameters([renamed], []));
		expect([...lines].filter((line) => !after.has(line))).toEqual([
			'node whatsAppBusinessAccount [resource=message] operation=sendText',
			'node whatsAppBusinessAccount@1.1 [resource=message] operation=sendText',
		]);
	});

	test('lists a field of a collection by its path, once per operation it shows for', () => {
		expect(lines).toContain(
			'node whatsAppBusinessAccount [operation=sendText resource=message] options.previewUrl',
		);
		expect(lines).toContain(
			'node whatsAppBusinessAccount [operation=list resource=phoneNumber] wabaId#mode=list',
		);
		expect(lines).toContain('node whatsAppBusinessAccount [resource=activity] wabaId');
	});
});
