// Message > Send Template: a template by name and language, its variables, media header and
// button parameters as fields (n8n's resource mapper, filled from the template's components),
// every input item sent at the pace the user sets (../../transport/pacer.ts).
import { NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	ResourceMapperValue,
} from 'n8n-workflow';

import {
	DEFAULT_MESSAGES_PER_SECOND,
	MAX_MESSAGES_PER_SECOND,
	sendPaced,
} from '../../transport/pacer';
import type { PacerStats } from '../../transport/pacer';
import type { Recipient } from '../../messaging/recipient';
import { postMessage } from '../../messaging/send';
import type { OutgoingMessage } from '../../messaging/send';
import { wabaIdProperty } from '../../../shared/descriptions';
import { getGraphId } from '../common';
import { nodeErrorFor } from '../continueOnFail';
import { uploadItemBinaryOnce } from '../media/upload.operation';
import type { OperationOption } from '../operation';
import { envelope, sendOptions } from './common';
import { readingFixedParametersOnce } from './fixedParameters';
import { classifyMessagingFailure, messagingOutcome } from './templateOutcome';
import {
	choiceKey,
	headerMediaChoice,
	loadChosenTemplate,
	templateChoice,
	templateChoiceProperties,
	templateSendProperties,
} from './templateChoice';
import {
	buildSendComponents,
	checkTemplateValues,
	isAuthenticationTemplate,
	templateFields,
} from './templateParameters';
import type {
	MediaSource,
	TemplateDefinition,
	TemplateField,
	TemplateValueError,
} from './templateParameters';

const show = { resource: ['message'], operation: ['sendTemplate'] };

/** The whole input is one campaign, sent at the pace set (the router hands over every item). */
export const mode = 'batch';

/** Said of an item whose error is not already Meta's or the node's (its message was not sent). */
const NOTHING_SENT = 'Nothing was sent for this item.';

export const option: OperationOption = {
	name: 'Send Template',
	value: 'sendTemplate',
	description:
		'Send an approved template, its variables filled as fields, to every input item at a set pace',
	action: 'Send template message',
};

export const description: INodeProperties[] = [
	{
		...wabaIdProperty,
		description: 'The WhatsApp Business Account that owns the template',
		displayOptions: { show },
	},
	...templateSendProperties(),
	...templateChoiceProperties(show),
	{
		displayName: 'Template Variables',
		name: 'templateParameters',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['wabaId.value', 'templateName', 'templateLanguage', 'template.value'],
			resourceMapper: {
				resourceMapperMethod: 'getTemplateFields',
				mode: 'add',
				valuesLabel: 'Template Variables',
				fieldWords: { singular: 'variable', plural: 'variables' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: false,
				noFieldsError: 'This template has no variables, media header or button parameters to fill',
			},
		},
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'templateOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			...sendOptions(),
			{
				displayName: 'Document File Name',
				name: 'documentFilename',
				type: 'string',
				default: '',
				placeholder: 'e.g. invoice.pdf',
				description: 'For a document header: the file name the recipient sees',
			},
			{
				displayName: 'Messages Per Second',
				name: 'messagesPerSecond',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_MESSAGES_PER_SECOND },
				default: DEFAULT_MESSAGES_PER_SECOND,
				description:
					'How many sends per second this node makes from each business number. Meta allows 80 by default and up to 1,000 for upgraded numbers; 130429 answers slow it down further.',
			},
			{
				displayName: 'Requests In Flight',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_MESSAGES_PER_SECOND },
				default: 0,
				description:
					"Most sends waiting for Meta's answer at once; 0 uses one second's worth (the rate). 1 sends one after another.",
			},
		],
	},
];

interface PreparedSend {
	message: OutgoingMessage;
	/** Who it goes to, for the pair rate. */
	recipient: string;
}

/**
 * Sends every item's template at the pace set; one output item per input item, in order.
 * Each item is read and checked just before its send, so reading 10,000 items overlaps the
 * sends and only the items in flight are held; the first item is checked before anything
 * goes out, so a form that does not fit the template stops the node at once. One pace for
 * the whole execution, whatever numbers the items send from.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const templates = new Map<string, Promise<TemplateDefinition>>();
	const prepared = new Map<number, Promise<PreparedSend>>();
	/** Items read and checked, until their outcome is known. */
	const ready = new Map<number, PreparedSend>();
	const perItem = readingFixedParametersOnce(this);
	const prepare = async (itemIndex: number) => {
		let pending = prepared.get(itemIndex);
		if (!pending) {
			pending = prepareSend(perItem, itemIndex, templates);
			prepared.set(itemIndex, pending);
		}
		const send = await pending;
		ready.set(itemIndex, send);
		return send;
	};
	const continueOnFail = this.continueOnFail();
	/** Failures of items refused before their request (never sent, never retried). */
	const notSent = new WeakSet<object>();
	const prepareOrRefuse = async (index: number): Promise<PreparedSend | { refused: Error }> =>
		await prepare(index).catch((error: unknown) => {
			const refused = nodeErrorFor(this, error, index, NOTHING_SENT);
			notSent.add(refused);
			return { refused };
		});
	try {
		await prepare(0);
	} catch (error) {
		if (!continueOnFail) throw nodeErrorFor(this, error, 0, NOTHING_SENT);
	}

	const options = this.getNodeParameter('templateOptions', 0, {}) as IDataObject;
	const rate = Number(options.messagesPerSecond) || DEFAULT_MESSAGES_PER_SECOND;
	const concurrency = Number(options.concurrency) || undefined;
	const outcomes: INodeExecutionData[] = new Array(items.length);
	const stats: PacerStats = { requests: 0, throughputAnswers: 0, pairAnswers: 0, peakInFlight: 0 };
	let firstFailure: { index: number; error: unknown } | undefined;

	await sendPaced(
		items.length,
		{
			recipientOf: (index) => ready.get(index)?.recipient,
			classify: (error) =>
				notSent.has(error as object) ? 'final' : classifyMessagingFailure(error),
			send: async (index) => {
				const send = await prepareOrRefuse(index);
				if ('refused' in send) throw send.refused;
				// the pacer decides on 130429 and 131056; the transport sends nothing again
				return await postMessage(this, send.message, index, { maxAttempts: 1 });
			},
			onOutcome: (index, result) => {
				const refusedBeforeSend = !result.ok && notSent.has(result.error as object);
				if (result.ok) {
					const { message } = ready.get(index)!;
					outcomes[index] = {
						json: messagingOutcome({ message, answer: result.value }, result.attempts),
						pairedItem: { item: index },
					};
				} else {
					outcomes[index] = {
						json: messagingOutcome(
							{ error: result.error },
							refusedBeforeSend ? undefined : result.attempts,
						),
						pairedItem: { item: index },
					};
					if (!firstFailure || index < firstFailure.index)
						firstFailure = { index, error: result.error };
				}
				// done with the item: keep only its output
				prepared.delete(index);
				ready.delete(index);
			},
		},
		{ ratePerSecond: rate, concurrency, stopAfterFailure: !continueOnFail },
		stats,
	);
	if (firstFailure && !continueOnFail)
		throw nodeErrorFor(this, firstFailure.error, firstFailure.index, NOTHING_SENT);
	return outcomes;
}

async function prepareSend(
	context: IExecuteFunctions,
	itemIndex: number,
	templates: Map<string, Promise<TemplateDefinition>>,
): Promise<PreparedSend> {
	const wabaId = getGraphId(context, 'wabaId', itemIndex, 'The WhatsApp Business Account ID');
	const choice = templateChoice(context, itemIndex);
	const key = choiceKey(wabaId, choice);
	if (!templates.has(key))
		templates.set(key, loadChosenTemplate(context, wabaId, choice, itemIndex));
	const template = await templates.get(key)!;

	const options = context.getNodeParameter('templateOptions', itemIndex, {}) as IDataObject;
	const { target, fields: addressing } = envelope(context, itemIndex, options);
	refuseAuthenticationToBsuid(context, template, target.recipient, itemIndex);
	const phoneNumberId = target.phoneNumberId;
	const mapper = context.getNodeParameter('templateParameters', itemIndex, {
		value: {},
	}) as ResourceMapperValue;
	const { mediaSource, values } = headerMediaChoice(
		context,
		itemIndex,
		(mapper?.value ?? {}) as IDataObject,
	);
	const fields = fieldsOf(template);
	refusingBadValues(context, itemIndex, () => checkTemplateValues(template, fields, values));
	const ready = await uploadHeaderMedia(
		context,
		phoneNumberId,
		fields,
		values,
		mediaSource,
		itemIndex,
	);
	const components = refusingBadValues(context, itemIndex, () =>
		buildSendComponents(template, fields, ready, {
			mediaSource,
			documentFilename: String(options.documentFilename ?? '').trim() || undefined,
		}),
	);
	return {
		recipient: target.recipient.value,
		message: {
			phoneNumberId,
			payload: {
				...addressing,
				type: 'template',
				template: {
					name: template.name,
					language: { code: template.language },
					...(components.length ? { components } : {}),
				},
			},
		},
	};
}

/** A template's fields, worked out once per template loaded (every item of a campaign shares them). */
const fieldsOfTemplate = new WeakMap<TemplateDefinition, TemplateField[]>();
function fieldsOf(template: TemplateDefinition): TemplateField[] {
	let fields = fieldsOfTemplate.get(template);
	if (!fields) {
		fields = templateFields(template);
		fieldsOfTemplate.set(template, fields);
	}
	return fields;
}

/** Runs a check of the values (which throws only TemplateValueError), as the node's error for the item. */
function refusingBadValues<T>(context: IExecuteFunctions, itemIndex: number, check: () => T): T {
	try {
		return check();
	} catch (error) {
		throw new NodeOperationError(context.getNode(), (error as TemplateValueError).message, {
			itemIndex,
			description:
				'Nothing was sent. Fill the fields under Template Variables as the template asks (refresh the list if the template changed).',
		});
	}
}

/** Meta delivers authentication templates (one-time passwords) to phone numbers only. */
function refuseAuthenticationToBsuid(
	context: IExecuteFunctions,
	template: TemplateDefinition,
	recipient: Recipient,
	itemIndex: number,
): void {
	if (!isAuthenticationTemplate(template) || recipient.kind === 'phone') return;
	throw new NodeOperationError(
		context.getNode(),
		`The authentication template "${template.name}" can only be sent to a phone number, not to the BSUID "${recipient.value}"`,
		{
			itemIndex,
			description:
				'Nothing was sent. Meta delivers one-time passwords to phone numbers only; ask the customer for theirs.',
		},
	);
}

/** With Binary Property as the source: the item's file, uploaded once per execution, as its media id. */
async function uploadHeaderMedia(
	context: IExecuteFunctions,
	phoneNumberId: string,
	fields: TemplateField[],
	values: IDataObject,
	source: MediaSource,
	itemIndex: number,
): Promise<IDataObject> {
	const media = fields.find((f) => f.kind === 'media');
	if (!media || source !== 'binary') return values;
	const property = String(values[media.id]).trim();
	return {
		...values,
		[media.id]: await uploadItemBinaryOnce(context, itemIndex, phoneNumberId, property),
	};
}
