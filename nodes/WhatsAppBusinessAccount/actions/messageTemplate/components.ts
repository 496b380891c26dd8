// A template's components, from the editor's fields or from JSON, checked against the JSON
// Schema of Meta's template components (schemas/graph/template-components.schema.json,
// compiled at build time) before anything is sent.
import { jsonParse, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { validateTemplateComponents } from '../../../shared/generated/validators';
import type { AjvError } from '../../../shared/generated/validators';
import { optionsFromEnum } from '../common';
import {
	TEMPLATE_BUTTON_TYPES,
	TEMPLATE_HEADER_FORMATS,
	TEMPLATE_PARAMETER_FORMATS,
} from '../schemas';

const EXAMPLE_COMPONENTS = `[
  { "type": "HEADER", "format": "TEXT", "text": "Order {{1}}", "example": { "header_text": ["#1234"] } },
  { "type": "BODY", "text": "Hi {{1}}, your order has shipped.", "example": { "body_text": [["Maria"]] } },
  { "type": "FOOTER", "text": "Reply STOP to opt out" },
  { "type": "BUTTONS", "buttons": [{ "type": "QUICK_REPLY", "text": "Track order" }] }
]`;

/** The components fields of an operation (Create, Update). */
export function componentsProperties(operation: string, required: boolean): INodeProperties[] {
	const show = { resource: ['messageTemplate'], operation: [operation] };
	const form = { ...show, componentsInput: ['fields'] };
	const input: INodeProperties = {
		displayName: 'Define Components',
		name: 'componentsInput',
		type: 'options',
		noDataExpression: true,
		options: [
			...(required
				? []
				: [
						{
							name: 'Keep Current Components',
							value: 'none',
							description: 'Change only the category',
						},
					]),
			{
				name: 'Using Fields Below',
				value: 'fields',
				description: 'Header, body, footer and buttons as fields',
			},
			{
				name: 'Using JSON',
				value: 'json',
				description: 'Any component Meta documents, such as carousels, written as JSON',
			},
		],
		default: 'fields',
		displayOptions: { show },
	};
	// an update keeps the template's components unless told otherwise
	if (!required) input.default = 'none';
	return [
		input,
		{
			displayName: 'Components (JSON)',
			name: 'componentsJson',
			type: 'json',
			default: EXAMPLE_COMPONENTS,
			required: true,
			description:
				"The template's components as Meta's template reference describes them: an array of HEADER, BODY, FOOTER, BUTTONS (and CAROUSEL, LIMITED_TIME_OFFER) objects",
			displayOptions: { show: { ...show, componentsInput: ['json'] } },
		},
		{
			displayName: 'Body',
			name: 'bodyText',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			required: true,
			placeholder: 'e.g. Hi {{1}}, your order {{2}} has shipped.',
			description:
				'The message text, up to 1024 characters. Variables are {{1}}, {{2}}, … or, with the named parameter format, {{first_name}}.',
			displayOptions: { show: form },
		},
		{
			displayName: 'Body Examples',
			name: 'bodyExamples',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Example Value',
			default: {},
			description:
				'One sample value per variable of the body, in order. Meta requires them to review a template with variables.',
			displayOptions: { show: form },
			options: [
				{
					displayName: 'Example',
					name: 'values',
					values: [
						{
							displayName: 'Value',
							name: 'value',
							type: 'string',
							default: '',
							placeholder: 'e.g. Maria',
						},
					],
				},
			],
		},
		{
			displayName: 'Header and Footer',
			name: 'headerFooter',
			type: 'collection',
			placeholder: 'Add Header or Footer',
			default: {},
			displayOptions: { show: form },
			options: [
				{
					displayName: 'Footer Text',
					name: 'footerText',
					type: 'string',
					default: '',
					placeholder: 'e.g. Reply STOP to opt out',
					description: 'Up to 60 characters, without variables',
				},
				{
					displayName: 'Header Example',
					name: 'headerExample',
					type: 'string',
					default: '',
					placeholder: 'e.g. #1234',
					description: "A sample value for the header's variable, if it has one",
				},
				{
					displayName: 'Header Format',
					name: 'headerFormat',
					type: 'options',
					options: optionsFromEnum(TEMPLATE_HEADER_FORMATS),
					default: 'TEXT',
					description:
						'What the header shows. Image, video and document headers need a sample media handle.',
				},
				{
					displayName: 'Header Media Handle',
					name: 'headerHandle',
					type: 'string',
					default: '',
					placeholder: 'e.g. 4::aW1hZ2UvanBlZw==:ARb…',
					description:
						"For an image, video or document header: the handle of a sample file uploaded with Meta's Resumable Upload API",
				},
				{
					displayName: 'Header Text',
					name: 'headerText',
					type: 'string',
					default: '',
					placeholder: 'e.g. Order {{1}}',
					description: 'For a text header: up to 60 characters, with at most one variable',
				},
			],
		},
		{
			displayName: 'Buttons',
			name: 'buttons',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Button',
			default: {},
			description: 'Up to 10 buttons',
			displayOptions: { show: form },
			options: [
				{
					displayName: 'Button',
					name: 'button',
					values: [
						{
							displayName: 'Example',
							name: 'example',
							type: 'string',
							default: '',
							placeholder: 'e.g. https://www.example.com/track/1234',
							description:
								'For a URL with a variable, a full sample URL; for a copy-code button, a sample code',
							displayOptions: { show: { type: ['URL', 'COPY_CODE'] } },
						},
						{
							displayName: 'Phone Number',
							name: 'phoneNumber',
							type: 'string',
							default: '',
							placeholder: 'e.g. +15550783881',
							description: 'The number the button calls, with country code',
							displayOptions: { show: { type: ['PHONE_NUMBER'] } },
						},
						{
							displayName: 'Text',
							name: 'text',
							type: 'string',
							default: '',
							placeholder: 'e.g. Track order',
							description: "The button's label, up to 25 characters",
							displayOptions: { show: { type: ['QUICK_REPLY', 'URL', 'PHONE_NUMBER'] } },
						},
						{
							displayName: 'Type',
							name: 'type',
							type: 'options',
							options: optionsFromEnum(
								TEMPLATE_BUTTON_TYPES.filter((t) =>
									['QUICK_REPLY', 'URL', 'PHONE_NUMBER', 'COPY_CODE'].includes(t),
								),
							),
							default: 'QUICK_REPLY',
						},
						{
							displayName: 'URL',
							name: 'url',
							type: 'string',
							default: '',
							placeholder: 'e.g. https://www.example.com/track/{{1}}',
							description: 'The page the button opens; it may end in one variable, {{1}}',
							displayOptions: { show: { type: ['URL'] } },
						},
					],
				},
			],
		},
	];
}

/** The options Create and Update share. */
export function templateSettingProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Message Send TTL Seconds',
			name: 'messageSendTtlSeconds',
			type: 'number',
			typeOptions: { minValue: 30 },
			default: 600,
			description: 'How long WhatsApp keeps trying to deliver a message sent with this template',
		},
		{
			displayName: 'Parameter Format',
			name: 'parameterFormat',
			type: 'options',
			options: optionsFromEnum(TEMPLATE_PARAMETER_FORMATS),
			default: 'POSITIONAL',
			description: 'Whether variables are numbered ({{1}}) or named ({{first_name}})',
		},
	];
}

/** Variable names in a text, in order: `{{1}}` → "1", `{{first_name}}` → "first_name". */
export function templateVariables(text: string): string[] {
	return [...text.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((match) => match[1]);
}

function textExample(
	text: string,
	values: string[],
	named: boolean,
	positionalKey: string,
	namedKey: string,
): IDataObject | undefined {
	if (!values.length) return undefined;
	if (!named) return { [positionalKey]: positionalKey === 'body_text' ? [values] : values };
	const names = templateVariables(text);
	return { [namedKey]: names.map((name, i) => ({ param_name: name, example: values[i] ?? '' })) };
}

/** The components the editor's fields describe. */
function componentsFromFields(
	context: IExecuteFunctions,
	itemIndex: number,
	named: boolean,
): IDataObject[] {
	const components: IDataObject[] = [];
	const headerFooter = context.getNodeParameter('headerFooter', itemIndex, {}) as IDataObject;
	const format = String(headerFooter.headerFormat ?? 'TEXT');
	const headerText = String(headerFooter.headerText ?? '');
	const headerHandle = String(headerFooter.headerHandle ?? '').trim();
	const headerExample = String(headerFooter.headerExample ?? '');
	if (
		headerText ||
		headerHandle ||
		(headerFooter.headerFormat !== undefined && format !== 'TEXT')
	) {
		const header: IDataObject = { type: 'HEADER', format };
		if (format === 'TEXT') {
			header.text = headerText;
			const example = textExample(
				headerText,
				headerExample ? [headerExample] : [],
				named,
				'header_text',
				'header_text_named_params',
			);
			if (example) header.example = example;
		} else if (headerHandle) {
			header.example = { header_handle: [headerHandle] };
		}
		components.push(header);
	}

	const bodyText = context.getNodeParameter('bodyText', itemIndex, '') as string;
	const examples = (
		(context.getNodeParameter('bodyExamples.values', itemIndex, []) as IDataObject[]) ?? []
	).map((v) => String(v.value ?? ''));
	const body: IDataObject = { type: 'BODY', text: bodyText };
	const bodyExample = textExample(bodyText, examples, named, 'body_text', 'body_text_named_params');
	if (bodyExample) body.example = bodyExample;
	components.push(body);

	const footerText = String(headerFooter.footerText ?? '');
	if (footerText) components.push({ type: 'FOOTER', text: footerText });

	const buttons = (
		(context.getNodeParameter('buttons.button', itemIndex, []) as IDataObject[]) ?? []
	).map((b) => {
		const type = String(b.type);
		const button: IDataObject = { type };
		if (type !== 'COPY_CODE') button.text = String(b.text ?? '');
		if (type === 'URL') {
			button.url = String(b.url ?? '');
			if (b.example) button.example = [String(b.example)];
		}
		if (type === 'PHONE_NUMBER') button.phone_number = String(b.phoneNumber ?? '');
		if (type === 'COPY_CODE') button.example = String(b.example ?? '');
		return button;
	});
	if (buttons.length) components.push({ type: 'BUTTONS', buttons });
	return components;
}

/** `/1/buttons/0` → `components[1].buttons[0]`. */
function readablePath(instancePath: string): string {
	return (
		'components' +
		instancePath
			.split('/')
			.slice(1)
			.map((part) =>
				/^\d+$/.test(part) ? `[${part}]` : `.${part.replace(/~1/g, '/').replace(/~0/g, '~')}`,
			)
			.join('')
	);
}

function describeError(error: AjvError): string {
	const where = readablePath(error.instancePath);
	if (error.keyword === 'enum') {
		const allowed = (error.params.allowedValues as unknown[] | undefined)?.join(', ');
		return `${where} must be one of ${allowed}`;
	}
	if (error.keyword === 'pattern') {
		const last = error.instancePath.split('/').pop() ?? '';
		const limits: Record<string, string> = {
			text: 'text of the allowed length (body 1024, header and footer 60 on one line, button 25 characters)',
			url: 'a URL starting with http:// or https://',
			phone_number: 'a phone number with country code',
			param_name: 'lowercase letters, digits and underscores',
		};
		return `${where} must be ${limits[last] ?? `text matching ${String(error.params.pattern)}`}`;
	}
	return `${where} ${error.message ?? 'is invalid'}`;
}

/** Upper-cases `type` and `format` (Meta's examples use both cases) so the schema's enums apply. */
function normalize(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(normalize);
	if (!value || typeof value !== 'object') return value;
	const out: IDataObject = {};
	for (const [key, inner] of Object.entries(value as IDataObject)) {
		out[key] =
			(key === 'type' || key === 'format') && typeof inner === 'string'
				? inner.toUpperCase()
				: (normalize(inner) as IDataObject);
	}
	return out;
}

/** Checks components against the schema and the rules the schema cannot say; throws naming the path. */
export function assertValidComponents(
	context: IExecuteFunctions,
	components: unknown,
	itemIndex: number,
): IDataObject[] {
	const fail = (message: string, description?: string) => {
		throw new NodeOperationError(context.getNode(), `The template is not valid: ${message}`, {
			itemIndex,
			description:
				description ??
				"Nothing was sent to Meta. Fix the component named above; Meta's template reference lists what each component takes.",
		});
	};
	if (!validateTemplateComponents(components)) {
		const errors = (validateTemplateComponents.errors ?? []).filter((e) => e.keyword !== 'if');
		const messages = [...new Set(errors.map(describeError))];
		fail(
			messages.slice(0, 3).join('; ') +
				(messages.length > 3 ? ` (and ${messages.length - 3} more)` : ''),
		);
	}
	const list = components as IDataObject[];
	const seen = new Map<string, number>();
	list.forEach((component, index) => {
		const type = String(component.type);
		if (['HEADER', 'BODY', 'FOOTER', 'BUTTONS'].includes(type)) {
			if (seen.has(type))
				fail(`components[${index}] is a second ${type}; a template has at most one`);
			seen.set(type, index);
		}
	});
	return list;
}

/** The components to send, or undefined when the user keeps the current ones (Update). */
export function getComponents(
	context: IExecuteFunctions,
	itemIndex: number,
	parameterFormat: string | undefined,
): IDataObject[] | undefined {
	const input = context.getNodeParameter('componentsInput', itemIndex, 'fields') as string;
	if (input === 'none') return undefined;
	let components: unknown;
	if (input === 'json') {
		const raw = context.getNodeParameter('componentsJson', itemIndex, '[]') as unknown;
		if (typeof raw === 'string') {
			try {
				components = jsonParse(raw);
			} catch (error) {
				throw new NodeOperationError(context.getNode(), 'Components (JSON) is not valid JSON', {
					itemIndex,
					description: (error as Error).message,
				});
			}
		} else {
			components = raw;
		}
		components = normalize(components);
	} else {
		components = componentsFromFields(context, itemIndex, parameterFormat === 'NAMED');
	}
	return assertValidComponents(context, components, itemIndex);
}
