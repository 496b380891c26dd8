/**
 * examples/flows/appointment-booking.json, the Flow JSON of the booking example, checked for
 * what Meta's Flow JSON reference asks of an endpoint Flow's structure: unique screen ids, a
 * routing model that lists every screen and agrees with the navigate and data_exchange actions,
 * a terminal screen that completes, data passed to a screen declared by it, every `${data.x}`
 * declared in its screen's data and every `${form.x}` a component of its screen. The checker is
 * shown to catch each kind of mistake; then the Flow's completion, as Meta sends it to the
 * WhatsApp Business Account Trigger, arrives as an object.
 */
import * as fs from 'fs';

import { fromRoot } from '../../scripts/lib/repoRoot';
import { singleEntryBody } from '../../scripts/lib/deliveries';
import { validateFlowJson } from '../../scripts/lib/metaGraphFlowJson';
import {
	componentsOf,
	type FlowAction,
	type FlowJson,
	type FlowScreen,
} from '../../scripts/lib/flowJsonScreens';
import { processDelivery } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/processDelivery';
import { DEFAULT_DELIVERY_OPTIONS } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/options';
import { signBody } from '../../nodes/shared/webhook/signature';

type Action = FlowAction;
type Screen = FlowScreen;

const FLOW_FILE = fromRoot('examples', 'flows', 'appointment-booking.json');
const readFlow = (): FlowJson => JSON.parse(fs.readFileSync(FLOW_FILE, 'utf8')) as FlowJson;


/** The actions of a screen's components (`on-click-action`, `on-select-action`, ...). */
function actionsOf(screen: Screen): Action[] {
	return componentsOf(screen).flatMap((component) =>
		Object.entries(component)
			.filter(([key, value]) => key.endsWith('-action') && value && typeof value === 'object')
			.map(([, value]) => value as Action),
	);
}

/** Every `${<scope>.<name>}` in the strings of a value. */
function references(value: unknown, scope: 'data' | 'form'): string[] {
	const pattern = new RegExp(`\\$\\{${scope}\\.([A-Za-z0-9_]+)\\}`, 'g');
	const text = JSON.stringify(value);
	return [...text.matchAll(pattern)].map((m) => m[1]);
}

/** What is wrong with a Flow JSON's structure, one sentence each; empty when nothing. */
function structureProblems(flow: FlowJson): string[] {
	const problems: string[] = [];
	const ids = flow.screens.map((s) => s.id);
	const byId = new Map(flow.screens.map((s) => [s.id, s]));
	if (!/^\d+\.\d+$/.test(flow.version)) problems.push(`version "${flow.version}" is not major.minor`);
	if (new Set(ids).size !== ids.length) problems.push('screen ids are not unique');
	for (const id of ids) {
		if (!/^[A-Z_]+$/.test(id)) problems.push(`screen id ${id} is not letters and underscores`);
		if (id === 'SUCCESS') problems.push('SUCCESS is a screen id Meta reserves');
	}

	// an endpoint Flow (data_api_version) lists every screen in its routing model
	const routes = flow.routing_model ?? {};
	if (flow.data_api_version !== undefined) {
		for (const id of ids) if (!(id in routes)) problems.push(`${id} is missing from routing_model`);
	}
	for (const [from, targets] of Object.entries(routes)) {
		if (!byId.has(from)) problems.push(`routing_model names ${from}, which is no screen`);
		for (const to of targets) {
			if (!byId.has(to)) problems.push(`routing_model routes ${from} to ${to}, which is no screen`);
			if (to === from) problems.push(`routing_model routes ${from} to itself`);
		}
	}

	for (const screen of flow.screens) {
		const actions = actionsOf(screen);
		const declared = screen.data ?? {};
		const components = componentsOf(screen);
		const names = components.filter((c) => c.name !== undefined).map((c) => c.name as string);
		const own = routes[screen.id] ?? [];
		if (new Set(names).size !== names.length)
			problems.push(`${screen.id}: component names are not unique`);
		if (screen.layout?.type !== 'SingleColumnLayout')
			problems.push(`${screen.id}: layout is not SingleColumnLayout`);

		for (const [field, spec] of Object.entries(declared)) {
			if (typeof spec.type !== 'string') problems.push(`${screen.id}: data.${field} has no type`);
			if (!('__example__' in spec)) problems.push(`${screen.id}: data.${field} has no __example__`);
		}
		for (const field of references(screen.layout, 'data'))
			if (!(field in declared))
				problems.push(`${screen.id}: \${data.${field}} is not declared in its data`);
		for (const field of references(screen.layout, 'form'))
			if (!names.includes(field))
				problems.push(`${screen.id}: \${form.${field}} names no component of the screen`);

		const completes = actions.some((a) => a.name === 'complete');
		const exchanges = actions.some((a) => a.name === 'data_exchange');
		const navigatesTo = actions
			.filter((a) => a.name === 'navigate')
			.map((a) => a.next?.name ?? '(no next screen)');
		for (const action of actions.filter((a) => a.name === 'navigate')) {
			const target = action.next?.name ?? '(no next screen)';
			if (action.next?.type !== 'screen')
				problems.push(`${screen.id}: navigate's next is not a screen`);
			if (!own.includes(target))
				problems.push(`${screen.id}: navigates to ${target}, which routing_model does not allow`);
			const targetData = byId.get(target)?.data ?? {};
			for (const key of Object.keys(action.payload ?? {}))
				if (!(key in targetData))
					problems.push(`${screen.id}: passes ${key} to ${target}, which does not declare it`);
		}
		// a route is a way the screen can go: its navigate actions, or the endpoint's answer to a data_exchange
		for (const to of own)
			if (!navigatesTo.includes(to) && !exchanges)
				problems.push(`${screen.id}: routing_model routes it to ${to}, but no action can go there`);

		if (screen.terminal) {
			if (!completes) problems.push(`${screen.id}: a terminal screen with no complete action`);
			if (own.length) problems.push(`${screen.id}: a terminal screen with routes onward`);
		} else {
			if (completes) problems.push(`${screen.id}: complete on a screen that is not terminal`);
			if (!own.length) problems.push(`${screen.id}: no route onward and not terminal`);
		}
		if (screen.success !== undefined && !screen.terminal)
			problems.push(`${screen.id}: success on a screen that is not terminal`);
	}
	if (!flow.screens.some((s) => s.terminal)) problems.push('no terminal screen');

	// every screen can be reached from the first one
	const reached = new Set<string>();
	const queue = flow.screens.length ? [flow.screens[0].id] : [];
	while (queue.length) {
		const id = queue.shift()!;
		if (reached.has(id)) continue;
		reached.add(id);
		queue.push(...(routes[id] ?? []));
	}
	for (const id of ids) if (!reached.has(id)) problems.push(`${id} cannot be reached from ${ids[0]}`);
	return problems;
}

const screen = (flow: FlowJson, id: string) => flow.screens.find((s) => s.id === id)!;
const footerAction = (s: Screen) =>
	componentsOf(s).find((c) => c.type === 'Footer')!['on-click-action'] as Action;

describe('examples/flows/appointment-booking.json', () => {
	const flow = readFlow();

	test("its structure has nothing Meta's Flow JSON reference forbids", () => {
		expect(structureProblems(flow)).toEqual([]);
	});

	test("the Graph stand-in's Flow JSON check (what Upload Flow JSON meets there) finds nothing", () => {
		expect(validateFlowJson(fs.readFileSync(FLOW_FILE, 'utf8'))).toEqual([]);
	});

	test('an endpoint Flow of the current Flow JSON: version 7.x, Data API 3.0', () => {
		expect(flow.version).toMatch(/^7\.\d+$/);
		expect(flow.data_api_version).toBe('3.0');
	});

	test('APPOINTMENT (day and time) -> DETAILS -> SUMMARY (books through the endpoint) -> BOOKED (completes)', () => {
		expect(flow.screens.map((s) => s.id)).toEqual(['APPOINTMENT', 'DETAILS', 'SUMMARY', 'BOOKED']);
		expect(flow.routing_model).toEqual({
			APPOINTMENT: ['DETAILS'],
			DETAILS: ['SUMMARY'],
			SUMMARY: ['BOOKED'],
			BOOKED: [],
		});
		const dropdowns = componentsOf(screen(flow, 'APPOINTMENT')).filter((c) => c.type === 'Dropdown');
		expect(dropdowns.map((d) => [d.name, d['data-source']])).toEqual([
			['date', '${data.dates}'],
			['time', '${data.times}'],
		]);
		// choosing a day asks the endpoint for its free times
		expect(dropdowns[0]['on-select-action']).toEqual({
			name: 'data_exchange',
			payload: { trigger: 'date_selected', date: '${form.date}' },
		});
		expect(footerAction(screen(flow, 'SUMMARY'))).toMatchObject({
			name: 'data_exchange',
			payload: { trigger: 'book' },
		});
		const booked = screen(flow, 'BOOKED');
		expect(booked).toMatchObject({ terminal: true, success: true });
		expect(footerAction(booked).name).toBe('complete');
	});
});

describe('the structure check catches each kind of mistake', () => {
	/** A copy of the example with one change made to it. */
	const broken = (change: (flow: FlowJson) => void) => {
		const flow = readFlow();
		change(flow);
		return structureProblems(flow);
	};

	test.each<[string, (flow: FlowJson) => void, string]>([
		[
			'a navigate the routing model does not allow',
			(f) => (f.routing_model!.APPOINTMENT = []),
			'APPOINTMENT: navigates to DETAILS, which routing_model does not allow',
		],
		[
			'a screen missing from the routing model',
			(f) => delete f.routing_model!.DETAILS,
			'DETAILS is missing from routing_model',
		],
		[
			'a route no action can take',
			(f) => (f.routing_model!.DETAILS = ['SUMMARY', 'BOOKED']),
			'DETAILS: routing_model routes it to BOOKED, but no action can go there',
		],
		[
			'a route to a screen that does not exist',
			(f) => (f.routing_model!.SUMMARY = ['CONFIRMED']),
			'routing_model routes SUMMARY to CONFIRMED, which is no screen',
		],
		[
			'an undeclared ${data.x}',
			(f) => (screen(f, 'SUMMARY').layout.children[2].text = '${data.day}'),
			'SUMMARY: ${data.day} is not declared in its data',
		],
		[
			'a ${form.x} that names no component',
			(f) => (footerAction(screen(f, 'APPOINTMENT')).payload!.time = '${form.slot}'),
			'APPOINTMENT: ${form.slot} names no component of the screen',
		],
		[
			'data passed to a screen that does not declare it',
			(f) => delete screen(f, 'SUMMARY').data!.email,
			'DETAILS: passes email to SUMMARY, which does not declare it',
		],
		[
			'a data field without its example',
			(f) => delete screen(f, 'DETAILS').data!.time.__example__,
			'DETAILS: data.time has no __example__',
		],
		[
			'a terminal screen that does not complete',
			(f) => (footerAction(screen(f, 'BOOKED')).name = 'data_exchange'),
			'BOOKED: a terminal screen with no complete action',
		],
		[
			'complete on a screen that is not terminal',
			(f) => (footerAction(screen(f, 'SUMMARY')).name = 'complete'),
			'SUMMARY: complete on a screen that is not terminal',
		],
		[
			'a screen no route reaches',
			(f) => (f.routing_model!.SUMMARY = []),
			'BOOKED cannot be reached from APPOINTMENT',
		],
		['a duplicate screen id', (f) => (screen(f, 'BOOKED').id = 'SUMMARY'), 'screen ids are not unique'],
	])('%s', (_what, change, problem) => {
		expect(broken(change)).toContain(problem);
	});
});

describe("the Flow's completion at the WhatsApp Business Account Trigger", () => {
	test("BOOKED's complete payload, as Meta sends it in response_json, is the item's flowResponse", () => {
		const booked = screen(readFlow(), 'BOOKED');
		// the payload as WhatsApp resolves it: each ${data.x} by the screen's data (its examples here)
		const payload = Object.fromEntries(
			Object.entries(footerAction(booked).payload!).map(([key, value]) => {
				const field = /^\$\{data\.([A-Za-z0-9_]+)\}$/.exec(String(value))![1];
				return [key, booked.data![field].__example__];
			}),
		);
		const flowToken = 'booking-flow:16505551234:2026-12-07T14:00:00Z';
		const message = {
			context: { from: '15550783881', id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MTE5MjVBOTE3MDk5QUVFM0YA' },
			from: '16505551234',
			id: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzRjRCMDE2QTI1NkQ0MjkyOTk4RgA=',
			timestamp: '1765706401',
			type: 'interactive',
			interactive: {
				type: 'nfm_reply',
				nfm_reply: {
					name: 'flow',
					body: 'Sent',
					response_json: JSON.stringify({ flow_token: flowToken, ...payload }),
				},
			},
		};
		const raw = Buffer.from(
			JSON.stringify(
				singleEntryBody([
					{
						field: 'messages',
						value: {
							messaging_product: 'whatsapp',
							metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
							contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: '16505551234' }],
							messages: [message],
						},
					},
				]),
			),
		);
		const result = processDelivery(raw, { 'x-hub-signature-256': signBody(raw, 's3cret') }, 's3cret', {
			...DEFAULT_DELIVERY_OPTIONS,
			outputMode: 'message',
		});
		const [item] = result.outputs![0] as Array<Record<string, any>>;
		expect(item.flowToken).toBe(flowToken);
		expect(item.flowResponse).toEqual({
			flow_token: flowToken,
			booking_id: 'BK-7Q2M',
			date: '2026-12-14',
			time: '10:30',
		});
		expect(item.customer.phone).toBe('16505551234');
		expect(item.validation.valid).toBe(true);
	});
});
