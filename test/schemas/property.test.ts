/**
 * Forward compatibility as a property: Meta adds a property somewhere inside a change's
 * value. Whatever object it lands in, the delivery is still answered 200, its items still
 * emitted with their value untouched, and, where the schema is strict there, the change is
 * flagged unknown_property at exactly the new property's pointer (nothing else); where the
 * schema accepts additional properties (loosely schemed fields), the change stays valid.
 *
 * Deterministic: fast-check with a seed derived from each fixture's path.
 */
import { createHash } from 'crypto';
import fc from 'fast-check';

import { processDelivery } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/processDelivery';
import type { ChangeItem } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/result';
import { DEFAULT_DELIVERY_OPTIONS } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/options';
import { signBody } from '../../nodes/shared/webhook/signature';
import { parseWithExactIntegers } from '../support/exactJson';
import {
	changesOf,
	escapePointer,
	fieldSchema,
	payloadFixtures,
	schemaForInstance,
	type Json,
} from './support';
import { isObject } from '../../scripts/lib/isObject';

const APP_SECRET = 'property-test-secret';
const RUNS_PER_FIXTURE = 6;

const fixtures = [...payloadFixtures('webhooks'), ...payloadFixtures('batches')];

interface Spot {
	entry: number;
	change: number;
	field: string;
	/** Path from the change's value to an object inside it ([] is the value itself). */
	segments: string[];
}

/** Every object inside every change's value, value included. */
function objectSpots(body: Json): Spot[] {
	const spots: Spot[] = [];
	for (const { entry, change, field, value } of changesOf(body)) {
		const visit = (node: unknown, segments: string[]) => {
			if (Array.isArray(node)) node.forEach((child, i) => visit(child, [...segments, String(i)]));
			else if (isObject(node)) {
				spots.push({ entry, change, field, segments });
				for (const [key, child] of Object.entries(node)) visit(child, [...segments, key]);
			}
		};
		visit(value, []);
	}
	return spots;
}

function at(root: unknown, segments: readonly string[]): unknown {
	return segments.reduce<unknown>((node, s) => (node as Record<string, unknown>)[s], root);
}

const seedOf = (text: string) => createHash('sha256').update(text).digest().readInt32BE(0);

/** New property names, some needing pointer escapes. */
const propertyName = fc
	.tuple(
		fc.constantFrom(
			'meta_new_property',
			'brand_new_info',
			'x/y',
			'tilde~name',
			'ünïcödé',
			'with space',
			'a~/b',
		),
		fc.nat(999),
	)
	.map(([base, n]) => `${base}_${n}`);

/** Posts the body as Meta would send it; returns the result and the body as sent (-0 is 0 in JSON; integers beyond 2^53 are kept as their digits). */
function deliver(body: Json) {
	const raw = Buffer.from(JSON.stringify(body));
	const result = processDelivery(
		raw,
		{ 'x-hub-signature-256': signBody(raw, APP_SECRET) },
		APP_SECRET,
		DEFAULT_DELIVERY_OPTIONS,
	);
	return { result, sent: parseWithExactIntegers(raw.toString('utf8')) as Json };
}

describe('an unknown property injected anywhere inside a value is delivered and flagged at its exact pointer', () => {
	test('there are fixtures and objects to inject into', () => {
		expect(fixtures.length).toBeGreaterThan(100);
		expect(fixtures.every((f) => objectSpots(f.body).length > 0)).toBe(true);
	});

	let strictHits = 0;
	let looseHits = 0;

	test.each(fixtures.map((f) => [f.rel, f] as const))('%s', (rel, fixture) => {
		const spots = objectSpots(fixture.body);
		fc.assert(
			fc.property(
				fc.nat(spots.length - 1),
				propertyName,
				fc.jsonValue({ maxDepth: 2 }),
				(index, name, injected) => {
					const spot = spots[index];
					const body = JSON.parse(fixture.raw.toString('utf8')) as Json;
					const change = changesOf(body).find(
						(c) => c.entry === spot.entry && c.change === spot.change,
					)!;
					const target = at(change.value, spot.segments) as Json;
					fc.pre(!(name in target));
					const schema = fieldSchema(spot.field);
					const governing = schemaForInstance(
						{ schema, base: schema.$id },
						change.value,
						spot.segments,
					);
					fc.pre(!governing?.schema.properties || !(name in governing.schema.properties));
					target[name] = injected;

					const strict = governing !== null && governing.schema.additionalProperties === false;
					if (strict) strictHits++;
					else looseHits++;
					const pointer = [
						'',
						'entry',
						spot.entry,
						'changes',
						spot.change,
						'value',
						...spot.segments,
						name,
					]
						.map((s) => escapePointer(String(s)))
						.join('/');

					const { result, sent } = deliver(body);
					expect(result.status).toBe(200);
					const items: ChangeItem[] = [
						...(result.outputs?.[0] ?? []),
						...(result.outputs?.[1] ?? []),
					];
					const changes = changesOf(sent);
					expect(items).toHaveLength(changes.length);
					items.forEach((item, i) => {
						expect(item.value).toEqual(changes[i].value);
						const isTarget = changes[i].entry === spot.entry && changes[i].change === spot.change;
						const want = isTarget && strict ? [{ path: pointer, kind: 'unknown_property' }] : [];
						expect({
							rel,
							item: i,
							errors: item.validation.errors.map(({ path, kind }) => ({ path, kind })),
						}).toEqual({ rel, item: i, errors: want });
						expect(item.validation.valid).toBe(want.length === 0);
					});
				},
			),
			{ seed: seedOf(rel), numRuns: RUNS_PER_FIXTURE },
		);
	});

	afterAll(() => {
		// the property exercised both kinds of objects (a schema change that made everything loose would show here)
		expect(strictHits).toBeGreaterThan(looseHits);
		expect(looseHits).toBeGreaterThan(0);
	});
});
