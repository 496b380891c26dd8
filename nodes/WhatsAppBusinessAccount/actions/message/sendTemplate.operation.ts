// Message > Send Template: a template (picked, or by name and language: templateChoice.ts), its variables, media header and
// button parameters as fields (n8n's resource mapper, filled from the template's components),
// every input item sent at the pace the user sets (../../transport/pacer.ts).
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
import { campaignRate } from '../../transport/throughputTier';
import type { OutgoingMessage } from '../../messaging/send';
import { wabaIdProperty } from '../../../shared/descriptions';
import { getGraphId } from '../common';
import { nodeErrorFor } from '../continueOnFail';
import type { OperationOption } from '../operation';
import { openCampaign, rerunOptions, settleRow, withCampaignTracking } from './campaignRerun';
import { envelope, sendOptions } from './common';
import {
	marketingOptions,
	routeFields,
	sendTemplateMessage,
	templateRoute,
} from './marketingMessages';
import type { TemplateSendAnswer } from './marketingMessages';
import { readingFixedParametersOnce } from './fixedParameters';
import { classifyMessagingFailure, messagingOutcome } from './templateOutcome';
import { buildSendComponents, checkTemplateValues } from './templateParameters';
import type { TemplateDefinition } from './templateParameters';
import {
	choiceKey,
	headerMediaChoice,
	loadChosenTemplate,
	templateChoice,
	templateChoiceProperties,
	templateSendProperties,
} from './templateChoice';
import {
	fieldsOf,
	refuseAuthenticationToBsuid,
	refusingBadValues,
	uploadHeaderMedia,
} from './templateSendItem';

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
				displayName: "Include Meta's Answer",
				name: 'includeResponse',
				type: 'boolean',
				default: true,
				description:
					"Whether each sent item also carries Meta's whole answer (under Response). Turn off for large campaigns: items keep the message ID, recipient and outcome, and take about a third less memory.",
			},
			{
				displayName: 'Messages Per Second',
				name: 'messagesPerSecond',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_MESSAGES_PER_SECOND },
				default: DEFAULT_MESSAGES_PER_SECOND,
				description:
					"Most sends per second from the business number, to go slower than it may. The node reads the number's throughput level from Meta and paces at it (80 by default, 1,000 for upgraded numbers); 130429 answers slow it down further.",
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
			...marketingOptions(),
			...rerunOptions(),
		],
	},
];

interface PreparedSend {
	message: OutgoingMessage;
	template: TemplateDefinition;
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
	// with a Campaign ID: the rows already sent (or in doubt) are known before anything goes
	const campaign = await openCampaign(perItem, items.length);
	const prepare = async (itemIndex: number) => {
		let pending = prepared.get(itemIndex);
		if (!pending) {
			pending = prepareSend(perItem, itemIndex, templates).then((send) =>
				campaign
					? { ...send, message: withCampaignTracking(campaign, itemIndex, send.message) }
					: send,
			);
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
	const route = templateRoute(options);
	const toSend = campaign?.toSend;
	const at = (position: number) => (toSend ? toSend[position] : position);
	const rate = await campaignRate(
		this,
		ready.values().next().value?.message.phoneNumberId,
		Number(options.messagesPerSecond) || undefined,
	);
	const concurrency = Number(options.concurrency) || undefined;
	const withAnswer = options.includeResponse !== false;
	const outcomes: INodeExecutionData[] = new Array(items.length);
	const stats: PacerStats = { requests: 0, throughputAnswers: 0, pairAnswers: 0, peakInFlight: 0 };
	let firstFailure: { index: number; error: unknown } | undefined;

	for (const [index, item] of campaign?.skipped ?? []) {
		outcomes[index] = item;
		prepared.delete(index);
		ready.delete(index);
	}

	await sendPaced<TemplateSendAnswer>(
		toSend?.length ?? items.length,
		{
			recipientOf: (position) => ready.get(at(position))?.recipient,
			classify: (error) =>
				notSent.has(error as object) ? 'final' : classifyMessagingFailure(error),
			send: async (position) => {
				const index = at(position);
				const send = await prepareOrRefuse(index);
				if ('refused' in send) throw send.refused;
				// recorded in flight before the request goes: a crash now leaves the row in doubt
				if (campaign) await campaign.ledger.begin(campaign.rowKeys[index]);
				// the pacer decides on 130429 and 131056; the transport sends nothing again
				return await sendTemplateMessage(this, send.message, send.template, route, index);
			},
			onOutcome: (position, result) => {
				const index = at(position);
				const refusedBeforeSend = !result.ok && notSent.has(result.error as object);
				const row = campaign ? settleRow(campaign, index, result, refusedBeforeSend) : {};
				const json = result.ok
					? {
							...messagingOutcome(
								{ message: ready.get(index)!.message, answer: result.value.answer },
								result.attempts,
								withAnswer,
							),
							...routeFields(route, result.value),
						}
					: messagingOutcome(
							{ error: result.error },
							refusedBeforeSend ? undefined : result.attempts,
						);
				outcomes[index] = { json: { ...json, ...row }, pairedItem: { item: index } };
				if (!result.ok && (!firstFailure || index < firstFailure.index))
					firstFailure = { index, error: result.error };
				// done with the item: keep only its output
				prepared.delete(index);
				ready.delete(index);
			},
		},
		{ ratePerSecond: rate, concurrency, stopAfterFailure: !continueOnFail },
		stats,
	);
	// a failed write shows in the rows it stopped; rows accepted whose "sent" it lost are in
	// doubt on a re-run (their outputs here are right): the node fails only when nothing else did
	const recordFailure = await campaign?.ledger.flush().then(
		() => undefined,
		(error: unknown) => error,
	);
	if (recordFailure && !firstFailure && !continueOnFail) throw nodeErrorFor(this, recordFailure, 0);
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
		template,
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
