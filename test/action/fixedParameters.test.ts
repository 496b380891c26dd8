import type { IDataObject, IExecuteFunctions, INodeParameters } from 'n8n-workflow';

import {
	holdsNoExpression,
	holdsOnlyItemFields,
	readingFixedParametersOnce,
} from '../../nodes/WhatsAppBusinessAccount/actions/message/fixedParameters';
import { campaignParameters } from '../../scripts/bench/campaignSetup';
import { actionContext } from '../../scripts/lib/inProcessAction';

/** n8n-core's own ExecuteContext for Send Template over these items, counting the reads that reach n8n. */
function sendTemplateContext(items: IDataObject[], overrides: IDataObject = {}) {
	const mapper = campaignParameters({}).templateParameters as unknown as { value: IDataObject };
	mapper.value['body.2'] = '={{ $json.order.code }}';
	const { context } = actionContext({
		// the bench's campaign, with the item's order code nested (a field path) and any overrides
		parameters: {
			...campaignParameters({ messagesPerSecond: 80 }),
			templateParameters: mapper as unknown as INodeParameters,
			...(overrides as INodeParameters),
		},
		items,
		credentials: { whatsAppBusinessAccountApi: { accessToken: 'EAAtoken' } },
	});
	const reads: string[] = [];
	const real = context.getNodeParameter.bind(context) as (...args: unknown[]) => unknown;
	(context as { getNodeParameter: unknown }).getNodeParameter = (
		name: string,
		itemIndex: number,
		...rest: unknown[]
	) => {
		reads.push(`${name}#${itemIndex}`);
		return real(name, itemIndex, ...rest);
	};
	return { context: context as IExecuteFunctions, reads };
}

const PARAMETERS = [
	'wabaId',
	'recipientMode',
	'senderPhoneNumberId',
	'recipientPhoneNumber',
	'templateName',
	'templateLanguage',
	'templateParameters',
	'templateOptions',
	'headerMediaSource',
];

/** Every parameter for every item, read through the wrapper and straight from n8n: they must agree. */
function bothWays(items: IDataObject[], overrides: IDataObject = {}) {
	const { context, reads } = sendTemplateContext(items, overrides);
	const once = readingFixedParametersOnce(context);
	const ours = items.map((_, i) =>
		PARAMETERS.map((name) =>
			once.getNodeParameter(name, i, name === 'headerMediaSource' ? 'url' : undefined),
		),
	);
	const n8nReads = [...reads];
	const n8n = items.map((_, i) =>
		PARAMETERS.map((name) =>
			context.getNodeParameter(name, i, name === 'headerMediaSource' ? 'url' : undefined),
		),
	);
	return { ours, n8n, n8nReads };
}

describe('readingFixedParametersOnce', () => {
	it('tells fixed values and values whose expressions are only item fields from the others', () => {
		expect(holdsNoExpression('spring_sale')).toBe(true);
		expect(holdsNoExpression({ value: { 'body.1': 'a', nested: [1, 'b'] } })).toBe(true);
		expect(holdsNoExpression('={{ $json.phone }}')).toBe(false);
		expect(holdsNoExpression({ value: { 'body.1': 'a', nested: [1, '={{ $json.x }}'] } })).toBe(
			false,
		);
		expect(
			holdsOnlyItemFields({
				value: { a: '={{ $json.name }}', b: '={{$json.order.code}}', c: 'fixed' },
			}),
		).toBe(true);
		expect(holdsOnlyItemFields('={{ $json.name.toUpperCase() }}')).toBe(false);
		expect(holdsOnlyItemFields('={{ $json["name"] }}')).toBe(false);
		expect(holdsOnlyItemFields('=Hi {{ $json.name }}')).toBe(false);
		expect(holdsOnlyItemFields('={{ $("Sheet").item.json.phone }}')).toBe(false);
	});

	it('gives what n8n gives for every parameter and item, reading fixed ones once and item fields directly', () => {
		const items = [
			{ phone: '15550000001', name: 'Ana', order: { code: 'SPRING1' } },
			{ phone: '15550000002', name: 'Bo 🌷', order: { code: 'SPRING2' } },
			{ phone: '15550000003', name: '', order: { code: 'SPRING3' } },
		];
		const { ours, n8n, n8nReads } = bothWays(items);
		expect(ours).toEqual(n8n);
		expect(ours[1][3]).toBe('15550000002');
		expect((ours[2][6] as { value: IDataObject }).value['body.2']).toBe('SPRING3');
		// item 0 is read by n8n (once for each parameter); later items do not reach n8n at all
		expect(n8nReads.filter((r) => !r.endsWith('#0'))).toEqual([]);
		expect(new Set(n8nReads).size).toBe(n8nReads.length);
	});

	it('leaves to n8n the fields that are not strings (a number, a missing field) and expressions that are more than a field', () => {
		const items = [
			{ phone: '15550000001', name: 'Ana', order: { code: 'SPRING1' } },
			{ phone: 15550000002, name: 'Bo', order: { code: 'SPRING2' } },
			{ phone: '15550000003', order: {} },
		];
		const { ours, n8n, n8nReads } = bothWays(items, {
			templateName: '={{ $json.name ? "spring_sale" : "fallback" }}',
		});
		expect(ours).toEqual(n8n);
		expect(n8nReads).toEqual(
			expect.arrayContaining([
				'recipientPhoneNumber#1',
				'templateParameters#2',
				'templateName#1',
				'templateName#2',
			]),
		);
		expect(n8nReads).not.toContain('recipientPhoneNumber#2');
	});

	it('calls the real context for everything else', () => {
		const { context } = sendTemplateContext([{ phone: '1' }]);
		const once = readingFixedParametersOnce(context);
		expect(once.getInputData()).toEqual(context.getInputData());
		expect(once.getNode().name).toBe(context.getNode().name);
	});
});
