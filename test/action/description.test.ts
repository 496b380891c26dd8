// The editor-facing contract of the action node, checked over every property: usable as an AI
// tool, every operation with an action and a self-contained description, n8n's wording rules.
import type { INodeProperties } from 'n8n-workflow';

import { WhatsAppBusinessAccount } from '../../nodes/WhatsAppBusinessAccount/WhatsAppBusinessAccount.node';
import {
	findOperation,
	resources as registered,
} from '../../nodes/WhatsAppBusinessAccount/actions/registry';

const { description } = new WhatsAppBusinessAccount();

/** Every property, collection and fixed-collection members included. */
function allProperties(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((property) => {
		const nested = (property.options ?? []) as Array<
			INodeProperties | { values?: INodeProperties[] }
		>;
		const children = nested.flatMap((option) =>
			'values' in option && Array.isArray(option.values)
				? option.values
				: 'type' in option &&
					  typeof (option as INodeProperties).type === 'string' &&
					  'displayName' in option
					? [option as INodeProperties]
					: [],
		);
		return [property, ...allProperties(children)];
	});
}

describe('WhatsApp Business Account node description', () => {
	it('is usable as a tool', () => {
		expect(description.usableAsTool).toBe(true);
	});

	const operations = description.properties.filter((p) => p.name === 'operation');
	const resources = (description.properties.find((p) => p.name === 'resource')?.options ??
		[]) as Array<{ value: string }>;

	it('has an operation list for every resource', () => {
		expect(operations.map((p) => p.displayOptions?.show?.resource?.[0]).sort()).toEqual(
			resources.map((r) => r.value).sort(),
		);
	});

	it.each(registered.map((r) => [r.option.value, r] as const))(
		'%s: its operations have distinct values, the router finds each, and their fields show only for them',
		(resource, { defaultOperation, parameters, operations: ops }) => {
			const values = ops.map((operation) => operation.option.value);
			expect(new Set(values).size).toBe(values.length);
			expect(values).toContain(defaultOperation);
			for (const operation of ops) {
				expect(findOperation(resource, operation.option.value)).toBe(operation);
				for (const field of operation.description) {
					expect(field.displayOptions?.show?.resource).toEqual([resource]);
					expect(field.displayOptions?.show?.operation).toContain(operation.option.value);
				}
			}
			for (const parameter of parameters ?? [])
				expect(parameter.displayOptions?.show?.resource).toEqual([resource]);
		},
	);

	it.each(operations.map((p) => [p.displayOptions?.show?.resource?.[0], p] as const))(
		'%s: every operation has an action and a description an AI agent can choose by',
		(_resource, property) => {
			for (const option of property.options as Array<{
				name: string;
				action?: string;
				description?: string;
			}>) {
				expect(option.action).toMatch(/^[A-Z][a-z]+ [a-z]/);
				expect((option.description ?? '').length).toBeGreaterThan(20);
			}
		},
	);

	/** The operations of issue 13 (existing wording is the UX pass's). */
	const isNew = (property: INodeProperties) => {
		const show = property.displayOptions?.show ?? {};
		const resource = String(show.resource?.[0] ?? '');
		const operation = (show.operation ?? []) as string[];
		if (['media', 'analytics', 'activity'].includes(resource)) return true;
		if (resource === 'messageTemplate') return operation.length > 0 && !operation.includes('list');
		if (resource === 'phoneNumber')
			return operation.length > 0 && !operation.includes('list') && !operation.includes('get');
		return false;
	};

	it('follows n8n\'s wording in the new operations: booleans start with "Whether", placeholders with "e.g."', () => {
		const checked = allProperties(description.properties.filter(isNew));
		expect(checked.length).toBeGreaterThan(50);
		for (const property of checked) {
			if (property.type === 'boolean' && property.description)
				expect(property.description).toMatch(/^Whether /);
			if (
				property.placeholder &&
				!['collection', 'fixedCollection', 'resourceLocator'].includes(property.type)
			) {
				expect(property.placeholder).toMatch(/^e\.g\. /);
			}
		}
	});
});
