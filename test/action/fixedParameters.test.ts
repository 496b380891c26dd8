import type { IExecuteFunctions } from 'n8n-workflow';

import { holdsNoExpression, readingFixedParametersOnce } from '../../nodes/WhatsAppBusinessAccount/actions/message/fixedParameters';

/** A context whose parameters resolve "={{ $json.x }}" against each item, counting the reads. */
function contextOver(parameters: Record<string, unknown>, items: Array<{ x: string }>) {
	const reads: string[] = [];
	const resolve = (value: unknown, item: { x: string }): unknown => {
		if (typeof value === 'string') return value.startsWith('=') ? value.replace('={{ $json.x }}', item.x) : value;
		if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, item)]));
		return value;
	};
	const context = {
		getNode: () => ({ parameters }),
		getNodeParameter(name: string, itemIndex: number, fallback?: unknown) {
			reads.push(`${name}#${itemIndex}`);
			return name in parameters ? resolve(parameters[name], items[itemIndex]) : fallback;
		},
		continueOnFail() {
			return this === context;
		},
	};
	return { context: context as unknown as IExecuteFunctions, reads };
}

describe('readingFixedParametersOnce', () => {
	it('tells values holding an expression anywhere from fixed ones', () => {
		expect(holdsNoExpression('spring_sale')).toBe(true);
		expect(holdsNoExpression({ value: { 'body.1': 'a', nested: [1, 'b'] } })).toBe(true);
		expect(holdsNoExpression('={{ $json.phone }}')).toBe(false);
		expect(holdsNoExpression({ value: { 'body.1': 'a', nested: [1, '={{ $json.x }}'] } })).toBe(false);
	});

	it('reads a fixed parameter once and an expression per item, each item keeping its value', () => {
		const { context, reads } = contextOver({ templateName: 'spring_sale', phone: '={{ $json.x }}', mapper: { value: { a: 'fixed', b: '={{ $json.x }}' } } }, [
			{ x: '1555000001' },
			{ x: '1555000002' },
		]);
		const once = readingFixedParametersOnce(context);
		expect([0, 1].map((i) => once.getNodeParameter('templateName', i))).toEqual(['spring_sale', 'spring_sale']);
		expect([0, 1].map((i) => once.getNodeParameter('phone', i))).toEqual(['1555000001', '1555000002']);
		expect([0, 1].map((i) => once.getNodeParameter('mapper', i))).toEqual([
			{ value: { a: 'fixed', b: '1555000001' } },
			{ value: { a: 'fixed', b: '1555000002' } },
		]);
		expect(reads).toEqual(['templateName#0', 'phone#0', 'phone#1', 'mapper#0', 'mapper#1']);
	});

	it('does not keep a parameter that is not saved (its fallback may differ) and calls other methods on the real context', () => {
		const { context, reads } = contextOver({}, [{ x: 'a' }, { x: 'b' }]);
		const once = readingFixedParametersOnce(context);
		expect(once.getNodeParameter('headerMediaSource', 0, 'url')).toBe('url');
		expect(once.getNodeParameter('headerMediaSource', 1, 'id')).toBe('id');
		expect(reads).toEqual(['headerMediaSource#0', 'headerMediaSource#1']);
		expect(once.continueOnFail()).toBe(true);
	});
});
