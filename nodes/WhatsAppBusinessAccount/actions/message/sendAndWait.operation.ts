/**
 * Message > Send and Wait for Response: asks the customer with reply buttons or a list, and the
 * execution waits until the answer resumes it (docs/design/send-and-wait.md). Each possible
 * answer's id is n8n's signed resume URL for it; the WhatsApp Business Account Trigger that
 * receives the tap POSTs Meta's delivery to that URL, and the node's restart webhook
 * (waiting/webhook.ts) checks it and resumes.
 */
import { NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { postMessage, type OutgoingMessage } from '../../messaging/send';
import {
	FLOW_KIND,
	KIND_KEY,
	FREE_TEXT_KIND,
	referenceFor,
} from '../../../shared/webhook/answerReference';
import {
	possibleAnswers,
	questionInteractive,
	recipientHash,
	type PossibleAnswer,
} from '../../waiting/question';
import {
	readTemplateQuestion,
	templateAnswers,
	templateMessage,
} from '../../waiting/templateQuestion';
import { limitWaitTimeOption, waitTill } from '../../waiting/waitTill';
import { description as sendTemplateDescription } from './sendTemplate.operation';
import { description as sendInteractiveDescription } from './sendInteractive.description';
import { flowAction } from './sendInteractive.operation';
import type { OperationOption } from '../operation';
import {
	envelope,
	LIMITS,
	outgoing,
	requiredText,
	sendOptions,
	sendProperties,
	showFor,
	TO_ANY_RECIPIENT,
} from './common';

const show = showFor('sendAndWait');

/** One question for the execution: it refuses more than one item, so it sees them all at once. */
export const mode = 'batch';

export const option: OperationOption = {
	name: 'Send and Wait for Response',
	// n8n recognises send-and-wait nodes by this value (signed resume URLs, the AI Agent's
	// human review tool): never rename it
	value: 'sendAndWait',
	description: `Ask with reply buttons, a list or for a text ${TO_ANY_RECIPIENT}, and wait until the customer answers in WhatsApp`,
	action: 'Send message and wait for response',
};

const asTemplate = { ...show, questionAs: ['template'] };
const asMessage = { ...show, questionAs: ['interactive'] };

/** Send Template's account, name, language and variables, shown for a question by template. */
const templateProperties: INodeProperties[] = sendTemplateDescription
	.filter((property) =>
		['wabaId', 'templateName', 'templateLanguage', 'templateParameters'].includes(property.name),
	)
	.map((property) => ({ ...property, displayOptions: { show: asTemplate } }));

/**
 * Send Interactive's Flow fields, shown for a Flow question; without Flow Token, which carries
 * the answer's reference here.
 */
const flowProperties: INodeProperties[] = sendInteractiveDescription
	.filter((property) => ['flowId', 'flowCta', 'flowOptions'].includes(property.name))
	.map((property) => ({
		...property,
		...(property.options
			? {
					options: (property.options as INodeProperties[]).filter(
						(option) => option.name !== 'flowToken',
					),
				}
			: {}),
		displayOptions: { show: { ...asMessage, responseType: ['flow'] } },
	}));

export const description: INodeProperties[] = [
	...sendProperties('sendAndWait'),
	{
		displayName: 'Question As',
		name: 'questionAs',
		type: 'options',
		noDataExpression: true,
		default: 'interactive',
		displayOptions: { show },
		options: [
			{
				name: 'Message',
				value: 'interactive',
				description:
					"Reply buttons, a list or a text: only within 24 hours of the customer's last message",
			},
			{
				name: 'Template',
				value: 'template',
				description:
					'An approved template, whenever: its quick-reply buttons are the answers (Approval: the first approves, the second declines; Choice: one per button)',
			},
		],
	},
	...templateProperties,
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		description: 'The question, up to 1024 characters (4096 for Free Text)',
		hint: "The answer comes back through this number's WhatsApp Business Account Trigger: keep a workflow with it published",
		displayOptions: { show: asMessage },
	},
	{
		displayName: 'Response Type',
		name: 'responseType',
		type: 'options',
		default: 'approval',
		displayOptions: { show },
		options: [
			{
				name: 'Approval',
				value: 'approval',
				description: 'An approve button, and optionally a decline button',
			},
			{
				name: 'Choice',
				value: 'choice',
				description: 'One to three reply buttons, or a list of four to ten rows',
			},
			{
				name: 'Flow',
				value: 'flow',
				description: 'A button that opens a WhatsApp Flow; its answers come back as an object',
			},
			{
				name: 'Free Text',
				value: 'freeText',
				description: "The customer's next text message (n8n 2.0 or later)",
			},
		],
	},
	{
		displayName:
			"Free Text answers reach this execution only when the number's WhatsApp Business Account Trigger has Find Free-Text Answers on, with an n8n API credential",
		name: 'freeTextNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { ...show, responseType: ['freeText'] } },
	},
	{
		displayName: 'Approval Options',
		name: 'approvalOptions',
		type: 'fixedCollection',
		placeholder: 'Add Option',
		// empty, as n8n's own send-and-wait nodes have it: with a default holding values, n8n 2.41.1
		// answered 500 to publishing a workflow whose node left Approval Options out (the e2e found
		// it); empty reads as Approve Only
		default: {},
		displayOptions: { show: { ...show, responseType: ['approval'] } },
		options: [
			{
				displayName: 'Values',
				name: 'values',
				values: [
					{
						displayName: 'Type of Approval',
						name: 'approvalType',
						type: 'options',
						default: 'single',
						options: [
							{ name: 'Approve Only', value: 'single' },
							{ name: 'Approve and Decline', value: 'double' },
						],
					},
					{
						displayName: 'Approve Button Label',
						name: 'approveLabel',
						type: 'string',
						default: '✓ Approve',
						description: 'Up to 20 characters',
						// a template's buttons carry their own labels
						displayOptions: { show: { '/questionAs': ['interactive'] } },
					},
					{
						displayName: 'Decline Button Label',
						name: 'disapproveLabel',
						type: 'string',
						default: '✗ Decline',
						description: 'Up to 20 characters',
						displayOptions: { show: { approvalType: ['double'], '/questionAs': ['interactive'] } },
					},
				],
			},
		],
	},
	{
		displayName: 'Choices',
		name: 'choices',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Choice',
		default: {},
		description:
			'One to three choices are sent as reply buttons, four to ten as a list the customer opens',
		displayOptions: { show: { ...asMessage, responseType: ['choice'] } },
		options: [
			{
				displayName: 'Choice',
				name: 'values',
				values: [
					{
						displayName: 'Title',
						name: 'title',
						type: 'string',
						default: '',
						description: 'What the customer sees: up to 20 characters on a button, 24 in a list',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description:
							'What the output gives as choice.value (the title when empty); keep it short, it travels in the signed ID',
					},
					{
						displayName: 'Description',
						name: 'description',
						type: 'string',
						default: '',
						description: 'A second line under the title, in a list only (up to 72 characters)',
					},
				],
			},
		],
	},
	{
		displayName: 'List Button Text',
		name: 'listButton',
		type: 'string',
		default: 'Choose',
		description: 'The button that opens the list (four or more choices), up to 20 characters',
		displayOptions: { show: { ...asMessage, responseType: ['choice'] } },
	},
	...flowProperties,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [limitWaitTimeOption, ...sendOptions()],
	},
];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const fail = (message: string, description?: string): never => {
		throw new NodeOperationError(this.getNode(), message, {
			itemIndex: 0,
			...(description ? { description } : {}),
		});
	};
	if (items.length !== 1)
		fail(
			`Send and Wait asks one question per execution; ${items.length} items came in`,
			'Use Loop Over Items or a sub-workflow per item.',
		);
	const credential = await this.getCredentials('whatsAppBusinessAccountApi');
	if (!String(credential.appSecret ?? '').trim())
		fail(
			"Send and Wait needs the credential's App Secret to check that an answer came from Meta",
			'Fill in App Secret in the WhatsApp Business Account API credential (App Dashboard > App Settings > Basic).',
		);
	const responseType = this.getNodeParameter('responseType', 0, 'approval') as string;
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const until = waitTill(options);
	if (typeof until === 'string') fail(until);
	// n8n 1.x checks the URL's signature only when asked to (2.x always does, and lacks this)
	const context = this as IExecuteFunctions & { setSignatureValidationRequired?: () => void };
	const isN8n1 = typeof context.setSignatureValidationRequired === 'function';
	if (responseType === 'freeText' && isN8n1)
		fail(
			'Free Text needs n8n 2.0 or later',
			"The trigger finds the question a text answers through n8n's public API, which on n8n 1.x does not list waiting executions. Use Approval or Choice, or update n8n.",
		);
	const freeText = responseType === 'freeText';
	const asTemplate = this.getNodeParameter('questionAs', 0, 'interactive') === 'template';
	const { target, fields } = envelope(this, 0, options);
	const c = recipientHash(target.recipient);
	if (isN8n1) context.setSignatureValidationRequired!();
	const sign = (answers: PossibleAnswer[]) =>
		answers.map((answer) => referenceFor(this.getSignedResumeUrl({ o: answer.value, c })));
	let question: OutgoingMessage;
	if (asTemplate) {
		const asked = await readTemplateQuestion(this, fail);
		const approval = ((this.getNodeParameter('approvalOptions', 0, {}) as IDataObject).values ??
			{}) as IDataObject;
		const answers = templateAnswers(
			asked,
			responseType,
			String(approval.approvalType ?? 'single'),
			fail,
		);
		const template = templateMessage(asked, answers, sign(answers), fail);
		question = outgoing(target, fields, 'template', template);
	} else {
		const body = requiredText(
			this,
			0,
			'message',
			'Message',
			freeText ? LIMITS.textBody : LIMITS.interactiveBody,
		);
		if (freeText) {
			question = outgoing(target, fields, 'text', { body });
		} else if (responseType === 'flow') {
			const flow = flowAction(this, 0);
			(flow.parameters as IDataObject).flow_token = referenceFor(
				this.getSignedResumeUrl({ [KIND_KEY]: FLOW_KIND, c }),
			);
			question = outgoing(target, fields, 'interactive', {
				type: 'flow',
				body: { text: body },
				action: flow,
			});
		} else {
			const answers: PossibleAnswer[] = possibleAnswers(this, responseType, fail);
			const interactive = questionInteractive(
				body,
				answers,
				sign(answers),
				String(this.getNodeParameter('listButton', 0, 'Choose') ?? ''),
				fail,
			);
			question = outgoing(target, fields, 'interactive', interactive);
		}
	}
	const sent = await postMessage(this, question, 0);
	const questionMessageId = sent.messages?.[0]?.id ?? null;
	await this.putExecutionToWait(until as Date);
	return [
		{
			json: {
				waitingFor: responseType,
				questionMessageId,
				recipient: target.recipient.value,
				phoneNumberId: target.phoneNumberId,
				// A text answer carries no id of ours: the trigger finds this waiting output through
				// n8n's public API and POSTs the answer to this reference (signed after the send, so
				// that it names the question's wamid and the number it went from)
				...(freeText
					? {
							answerReference: referenceFor(
								this.getSignedResumeUrl({
									[KIND_KEY]: FREE_TEXT_KIND,
									c,
									p: String(target.phoneNumberId),
									q: questionMessageId ?? '',
								}),
							),
						}
					: {}),
			},
			pairedItem: { item: 0 },
		},
	];
}
