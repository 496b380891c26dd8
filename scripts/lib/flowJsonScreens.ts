/**
 * What WhatsApp's client does with a Flow JSON between endpoint calls, for tests that play a
 * Flow through: the payload an action sends (its `${form.x}` and `${data.x}` resolved from what
 * the customer entered and the screen's data), and whether the data an endpoint answered for a
 * screen is the data that screen declares (every declared field present with its declared type,
 * nothing undeclared but `error_message`, which the client shows as an error).
 */
export interface FlowAction {
	name: string;
	next?: { type: string; name: string };
	payload?: Record<string, unknown>;
}
export interface FlowComponent {
	type: string;
	name?: string;
	children?: FlowComponent[];
	[key: string]: unknown;
}
interface FieldSchema {
	type?: string;
	items?: FieldSchema;
	properties?: Record<string, FieldSchema>;
}
export interface FlowScreen {
	id: string;
	title?: string;
	terminal?: boolean;
	success?: boolean;
	data?: Record<string, FieldSchema & { __example__?: unknown }>;
	layout: { type: string; children: FlowComponent[] };
}
export interface FlowJson {
	version: string;
	data_api_version?: string;
	routing_model?: Record<string, string[]>;
	screens: FlowScreen[];
}

/** Every component of a screen, nested ones included (a Form or an If holds children). */
export function componentsOf(screen: FlowScreen): FlowComponent[] {
	const found: FlowComponent[] = [];
	const walk = (list: FlowComponent[]) => {
		for (const component of list) {
			found.push(component);
			if (Array.isArray(component.children)) walk(component.children);
			for (const branch of ['then', 'else'])
				if (Array.isArray(component[branch])) walk(component[branch] as FlowComponent[]);
		}
	};
	walk(screen.layout?.children ?? []);
	return found;
}

export function screenOf(flow: FlowJson, id: string): FlowScreen {
	const screen = flow.screens.find((s) => s.id === id);
	if (!screen) throw new Error(`the Flow JSON has no screen ${id}`);
	return screen;
}

/**
 * The payload of a screen's action (the Footer's on-click-action, or a component's
 * on-select-action when `componentName` is given), as the client sends it.
 */
export function actionPayload(
	screen: FlowScreen,
	values: { form: Record<string, unknown>; data: Record<string, unknown> },
	componentName?: string,
): { action: FlowAction; payload: Record<string, unknown> } {
	const component = componentsOf(screen).find((c) =>
		componentName ? c.name === componentName : c.type === 'Footer',
	);
	const action = (component?.['on-click-action'] ?? component?.['on-select-action']) as
		FlowAction | undefined;
	if (!action) throw new Error(`${screen.id} has no action on ${componentName ?? 'its Footer'}`);
	const resolve = (value: unknown): unknown => {
		const reference = typeof value === 'string' && /^\$\{(form|data)\.([\w]+)\}$/.exec(value);
		if (!reference) return value;
		const source = reference[1] === 'form' ? values.form : values.data;
		// an optional field left empty is sent as an empty string
		return source[reference[2]] ?? '';
	};
	const payload = Object.fromEntries(
		Object.entries(action.payload ?? {}).map(([key, value]) => [key, resolve(value)]),
	);
	return { action, payload };
}

function typeProblems(path: string, schema: FieldSchema, value: unknown): string[] {
	switch (schema.type) {
		case 'array':
			if (!Array.isArray(value)) return [`${path} is not an array`];
			return schema.items
				? value.flatMap((v, i) => typeProblems(`${path}[${i}]`, schema.items!, v))
				: [];
		case 'object':
			if (typeof value !== 'object' || value === null || Array.isArray(value))
				return [`${path} is not an object`];
			return Object.entries(schema.properties ?? {}).flatMap(([key, property]) =>
				key in value
					? typeProblems(`${path}.${key}`, property, (value as Record<string, unknown>)[key])
					: [`${path}.${key} is missing`],
			);
		case undefined:
			return [];
		default:
			return typeof value === schema.type ? [] : [`${path} is not a ${schema.type}`];
	}
}

/** What is wrong with `data` as the data of `screenId`; empty when it is what the screen declares. */
export function screenDataProblems(flow: FlowJson, screenId: string, data: unknown): string[] {
	const declared = screenOf(flow, screenId).data ?? {};
	if (typeof data !== 'object' || data === null) return [`${screenId}: data is not an object`];
	const given = data as Record<string, unknown>;
	return [
		...Object.entries(declared).flatMap(([key, schema]) =>
			key in given
				? typeProblems(`${screenId}.${key}`, schema, given[key])
				: [`${screenId}.${key} is missing`],
		),
		...Object.keys(given)
			.filter((key) => !(key in declared) && key !== 'error_message')
			.map((key) => `${screenId}.${key} is not declared by the screen`),
	];
}
